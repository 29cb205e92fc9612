//! Wire types of the loyalty, gift card and store credit ledgers and of their API (`/api/v1/loyalty/*`,
//! `/api/v1/gift-cards/*`). Each ledger entry names its kind and, when a document caused it, that document.

use super::LoyaltyProgramme;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// The chain's loyalty settings: `GET`/`PUT /api/v1/loyalty/settings` (a `PUT` sends the `version` it read; 0
/// when none was set).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoyaltySettings {
    pub programme: LoyaltyProgramme,
    /// Store id → the gift card balance at or below which that store cashes a card out (rule **gift card cash
    /// out**); a store not listed does not.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "openapi", schema(value_type = BTreeMap<String, crate::openapi::DecimalString>))]
    pub cash_out_limits: BTreeMap<Uuid, Decimal>,
    /// What one point is worth when redeemed at a till (the chain policy's loyalty point value, pulled by every
    /// till); `None`: tills do not redeem points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::openapi::DecimalString>))]
    pub point_value: Option<Decimal>,
    pub version: i64,
}

/// Why a customer's points changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PointsKind {
    /// Earned on a sale.
    Earned,
    /// Taken back by a refund or void of an earning sale.
    Reversed,
    /// Spent as a loyalty payment.
    Redeemed,
    /// A loyalty payment given back by a refund or void.
    Returned,
    Expired,
    /// By hand, with a reason.
    Adjusted,
}

/// Why a gift card's balance changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GiftCardKind {
    Sold,
    Reloaded,
    /// Paid with at a till.
    Redeemed,
    /// Given back by a refund or void of a sale paid with it.
    Refunded,
    CashedOut,
    Adjusted,
}

/// Why a customer's store credit changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CreditKind {
    /// Paid out by a refund (or given back by a void).
    Issued,
    Spent,
    Adjusted,
}

macro_rules! names {
    ($t:ty { $($v:ident => $s:literal),* $(,)? }) => {
        impl $t {
            /// The name stored and sent.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$v => $s),* }
            }
            /// The kind of a stored name.
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($s => Some(Self::$v),)* _ => None }
            }
        }
    };
}
names!(PointsKind { Earned => "earned", Reversed => "reversed", Redeemed => "redeemed",
    Returned => "returned", Expired => "expired", Adjusted => "adjusted" });
names!(GiftCardKind { Sold => "sold", Reloaded => "reloaded", Redeemed => "redeemed",
    Refunded => "refunded", CashedOut => "cashed_out", Adjusted => "adjusted" });
names!(CreditKind { Issued => "issued", Spent => "spent", Adjusted => "adjusted" });

/// One line of a customer's points ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointsEntry {
    pub customer_id: String,
    /// Signed: earned and returned points are positive.
    pub points: i64,
    pub kind: PointsKind,
    /// The document (sale, refund, void) that caused it; none for adjustments and expiry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Uuid>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    pub at: DateTime<Utc>,
}

/// One line of a gift card's ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GiftCardEntry {
    pub code: String,
    /// Signed: sold, reloaded and refunded amounts are positive.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub amount: Decimal,
    pub kind: GiftCardKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Uuid>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    pub at: DateTime<Utc>,
}

/// One line of a customer's store credit ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreditEntry {
    pub customer_id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub amount: Decimal,
    pub kind: CreditKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Uuid>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    pub at: DateTime<Utc>,
}

/// A customer's loyalty account: `GET /api/v1/loyalty/customers/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoyaltyAccount {
    pub customer_id: String,
    pub points: i64,
    /// Earned minus reversed, ever (decides the tier).
    pub lifetime_points: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub store_credit: Decimal,
    /// Newest first.
    pub points_ledger: Vec<PointsEntry>,
    /// Newest first.
    pub credit_ledger: Vec<CreditEntry>,
}

/// What an expiry run took: `POST /api/v1/loyalty/expire` (rule **points expiry**, at the server's clock).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExpiryRun {
    /// Customers who lost points.
    pub customers: u64,
    /// Points expired in all.
    pub points: i64,
}

/// `POST /api/v1/loyalty/customers/{id}/adjust`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointsAdjustment {
    /// Signed; never 0.
    pub points: i64,
    pub reason: String,
}

/// `POST /api/v1/gift-cards`: sell a card. Without a code a digital one is made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GiftCardIssue {
    /// A physical card's number, as scanned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub amount: Decimal,
}

/// `POST /api/v1/gift-cards/{code}/reload`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GiftCardReload {
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub amount: Decimal,
}

/// `POST /api/v1/gift-cards/{code}/cash-out`: the store whose cash-out limit applies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GiftCardCashOut {
    pub store_id: Uuid,
}

/// A gift card with its ledger: `GET /api/v1/gift-cards/{code}/ledger`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GiftCardLedger {
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub balance: Decimal,
    /// Newest first.
    pub entries: Vec<GiftCardEntry>,
}

/// What the chain owes its customers: `GET /api/v1/loyalty/liability` (the accounting ledger derives journals
/// per document; points earned and cards sold through the API are not documents, so their liability is here).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Liability {
    /// Σ positive point balances.
    pub points_outstanding: i64,
    /// `points_outstanding` × the point value, when the policy sets one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::openapi::DecimalString>))]
    pub points_value: Option<Decimal>,
    /// Σ positive gift card balances.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub gift_cards: Decimal,
    /// Σ positive store credit balances.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub store_credit: Decimal,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_their_names() {
        for k in [
            PointsKind::Earned,
            PointsKind::Reversed,
            PointsKind::Redeemed,
            PointsKind::Returned,
            PointsKind::Expired,
            PointsKind::Adjusted,
        ] {
            assert_eq!(PointsKind::parse(k.as_str()), Some(k));
            assert_eq!(
                serde_json::to_string(&k).expect("json"),
                format!("\"{}\"", k.as_str())
            );
        }
        assert_eq!(
            GiftCardKind::parse("cashed_out"),
            Some(GiftCardKind::CashedOut)
        );
        assert_eq!(CreditKind::parse("issued"), Some(CreditKind::Issued));
        assert_eq!(CreditKind::parse("nope"), None);
    }
}
