//! Stock: locations, the movement ledger per item and location, levels, and the back office's stock requests
//! (adjustments with a reason, transfers between locations, counts).
//!
//! On-hand is the sum of an item's movements at a location; the server keeps it as a running balance updated in
//! the same transaction as each movement. Negative on-hand is allowed: sales are facts.
//!
//! Named rule — **count snapshot**: a count is a snapshot at a server time T. Posting it corrects each counted
//! item by `counted − (sum of its movements that occurred at or before T)`, so sales made after T apply on top
//! of the counted quantity; a sale made before T that syncs after the count was posted is already in the count,
//! and its movement is offset by a count correction of the opposite quantity ([`count_correction`]).

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Longest location name or adjustment reason, in characters.
pub const MAX_TEXT_CHARS: usize = 120;
/// Most lines in one adjustment, transfer or count.
pub const MAX_STOCK_LINES: usize = 1000;

/// What a location is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LocationKind {
    SalesFloor,
    BackRoom,
    Warehouse,
}

/// A place where stock is kept: a store's shop floor or back room, or a warehouse of no store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Location {
    pub id: Uuid,
    /// The store it belongs to; absent for a warehouse.
    pub store_id: Option<String>,
    pub name: String,
    pub kind: LocationKind,
    /// The location the store's sales move stock at (one per store).
    pub sells: bool,
    pub active: bool,
}

/// `POST /api/v1/stock/locations`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewLocation {
    #[serde(default)]
    pub store_id: Option<String>,
    pub name: String,
    pub kind: LocationKind,
    #[serde(default)]
    pub sells: bool,
}

/// Why a stock request is refused, before anything is written.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StockRuleError {
    #[error("the name must have 1 to {MAX_TEXT_CHARS} characters")]
    Name,
    #[error("a reason of 1 to {MAX_TEXT_CHARS} characters is required")]
    Reason,
    #[error("give 1 to {MAX_STOCK_LINES} lines")]
    Lines,
    #[error("line {0}: the quantity must not be zero")]
    ZeroQuantity(usize),
    #[error("line {0}: the quantity must be positive")]
    NotPositive(usize),
    #[error("line {0}: no item id")]
    NoProduct(usize),
    #[error("a warehouse belongs to no store, and only a store's location may be where it sells")]
    Store,
    #[error("the two locations must differ")]
    SameLocation,
}

fn text_ok(text: &str) -> bool {
    let n = text.trim().chars().count();
    (1..=MAX_TEXT_CHARS).contains(&n)
}

impl NewLocation {
    pub fn check(&self) -> Result<(), StockRuleError> {
        if !text_ok(&self.name) {
            return Err(StockRuleError::Name);
        }
        let warehouse = self.kind == LocationKind::Warehouse;
        if warehouse == self.store_id.is_some() || (warehouse && self.sells) {
            return Err(StockRuleError::Store);
        }
        Ok(())
    }
}

/// Why stock moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MovementKind {
    Sale,
    Refund,
    Void,
    Exchange,
    OnlineOrder,
    Adjustment,
    PurchaseReceipt,
    TransferOut,
    TransferIn,
    CountCorrection,
}

impl MovementKind {
    /// Whether the movement records a till's document (made at its own time, maybe synced late).
    pub fn is_document(self) -> bool {
        matches!(
            self,
            MovementKind::Sale | MovementKind::Refund | MovementKind::Void | MovementKind::Exchange
        )
    }
}

/// One entry of the ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Movement {
    /// Ascending in the order the server recorded them.
    pub id: i64,
    pub product_id: String,
    pub location_id: Uuid,
    /// The signed change of on-hand.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub quantity: Decimal,
    pub kind: MovementKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The document it records (sale, refund, void, adjustment, transfer, count) and its line.
    pub source_id: Uuid,
    pub source_line: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lot: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
    /// When it happened (a till's document: when the till made it).
    pub occurred_at: DateTime<Utc>,
    /// When the server recorded it.
    pub created_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_id: Option<Uuid>,
}

/// One item's stock at one location.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StockLevel {
    pub product_id: String,
    pub sku: String,
    pub name: String,
    pub location_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub on_hand: Decimal,
    /// At or below it the item is low on stock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::openapi::DecimalString>))]
    pub low_threshold: Option<Decimal>,
    /// The latest movement (absent: never moved here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_movement: Option<Movement>,
}

/// An item's on-hand at a store's selling location, pulled by the store's tills (`Change::StockLevel`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StockAt {
    pub product_id: String,
    pub location_id: Uuid,
    /// The store of the location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub store_id: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub on_hand: Decimal,
    /// When the server last moved it.
    pub at: DateTime<Utc>,
}

/// `GET /api/v1/stock/levels`: items of the catalog at one location, in name order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StockLevelPage {
    pub levels: Vec<StockLevel>,
    /// Pass as `after` for the next page; absent on the last page.
    pub next_after: Option<String>,
}

/// `GET /api/v1/stock/ledger`: one item's movements at one location, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ledger {
    pub movements: Vec<Movement>,
    /// Pass as `before` for the next (older) page; absent on the last page.
    pub next_before: Option<i64>,
}

/// An item and a quantity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StockLine {
    pub product_id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub quantity: Decimal,
}

fn check_lines(lines: &[StockLine], positive: bool) -> Result<(), StockRuleError> {
    if lines.is_empty() || lines.len() > MAX_STOCK_LINES {
        return Err(StockRuleError::Lines);
    }
    for (i, l) in lines.iter().enumerate() {
        if l.product_id.trim().is_empty() {
            return Err(StockRuleError::NoProduct(i));
        }
        if positive && l.quantity <= Decimal::ZERO {
            return Err(StockRuleError::NotPositive(i));
        }
        if l.quantity.is_zero() {
            return Err(StockRuleError::ZeroQuantity(i));
        }
    }
    Ok(())
}

/// `POST /api/v1/stock/adjustments`: signed quantities (found: positive; damaged, lost: negative) with a reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdjustmentRequest {
    /// Made by the client, so a retry records nothing twice.
    pub id: Uuid,
    pub location_id: Uuid,
    pub reason: String,
    pub lines: Vec<StockLine>,
}

impl AdjustmentRequest {
    pub fn check(&self) -> Result<(), StockRuleError> {
        if !text_ok(&self.reason) {
            return Err(StockRuleError::Reason);
        }
        check_lines(&self.lines, false)
    }
}

/// `PUT /api/v1/stock/thresholds`: an item's low-stock threshold at a location (absent: none); at or below
/// it the item is on the location's reorder list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThresholdRequest {
    pub location_id: Uuid,
    pub product_id: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::openapi::DecimalString>))]
    pub low_threshold: Option<Decimal>,
}

/// Where a transfer is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TransferStatus {
    /// Sent: gone from the source, not yet at the destination.
    InTransit,
    Received,
}

/// `POST /api/v1/stock/transfers`: send positive quantities from one location to another.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransferRequest {
    pub id: Uuid,
    pub from_location: Uuid,
    pub to_location: Uuid,
    pub lines: Vec<StockLine>,
}

impl TransferRequest {
    pub fn check(&self) -> Result<(), StockRuleError> {
        if self.from_location == self.to_location {
            return Err(StockRuleError::SameLocation);
        }
        check_lines(&self.lines, true)
    }
}

/// `POST /api/v1/stock/transfers/{id}/receive`: what arrived (items not named arrived as sent; a quantity may
/// be zero).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReceiveRequest {
    #[serde(default)]
    pub lines: Vec<StockLine>,
}

/// One line of a transfer: sent, and (once received) received; a difference is a discrepancy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransferLine {
    pub product_id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub sent: Decimal,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::openapi::DecimalString>))]
    pub received: Option<Decimal>,
}

impl TransferLine {
    /// Received minus sent (absent until received).
    pub fn discrepancy(&self) -> Option<Decimal> {
        self.received.map(|r| r - self.sent)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Transfer {
    pub id: Uuid,
    pub from_location: Uuid,
    pub to_location: Uuid,
    pub status: TransferStatus,
    pub lines: Vec<TransferLine>,
    pub sent_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_at: Option<DateTime<Utc>>,
}

/// What the ledger says of one transfer line when received: what to move into the destination, keyed by the
/// line's index. `arrived` names the quantities that differ from those sent.
pub fn received_quantities(lines: &[TransferLine], arrived: &[StockLine]) -> Vec<Decimal> {
    lines
        .iter()
        .map(|l| {
            arrived
                .iter()
                .find(|a| a.product_id == l.product_id)
                .map_or(l.sent, |a| a.quantity)
        })
        .collect()
}

/// The correction that posting a count writes for one item: counted minus what the ledger held at the snapshot.
pub fn count_correction(counted: Decimal, at_snapshot: Decimal) -> Decimal {
    counted - at_snapshot
}

/// Whether a till's document movement made at `occurred_at` is already in a count posted with snapshot
/// `counted_at` (then it is offset, see the module's count snapshot rule).
pub fn in_posted_count(occurred_at: DateTime<Utc>, counted_at: Option<DateTime<Utc>>) -> bool {
    counted_at.is_some_and(|t| occurred_at <= t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(id: &str, q: i64) -> StockLine {
        StockLine {
            product_id: id.into(),
            quantity: Decimal::from(q),
        }
    }

    #[test]
    fn a_warehouse_has_no_store_and_a_store_location_has_one() {
        let mut l = NewLocation {
            store_id: None,
            name: "Central".into(),
            kind: LocationKind::Warehouse,
            sells: false,
        };
        assert_eq!(l.check(), Ok(()));
        l.sells = true;
        assert_eq!(l.check(), Err(StockRuleError::Store));
        l.kind = LocationKind::SalesFloor;
        assert_eq!(l.check(), Err(StockRuleError::Store));
        l.store_id = Some("s".into());
        assert_eq!(l.check(), Ok(()));
        l.name = "  ".into();
        assert_eq!(l.check(), Err(StockRuleError::Name));
    }

    #[test]
    fn adjustments_need_a_reason_and_non_zero_lines() {
        let mut a = AdjustmentRequest {
            id: Uuid::nil(),
            location_id: Uuid::nil(),
            reason: "damaged".into(),
            lines: vec![line("p", -2)],
        };
        assert_eq!(a.check(), Ok(()));
        a.lines.push(line("q", 0));
        assert_eq!(a.check(), Err(StockRuleError::ZeroQuantity(1)));
        a.reason = String::new();
        assert_eq!(a.check(), Err(StockRuleError::Reason));
    }

    #[test]
    fn transfers_move_positive_quantities_between_two_places() {
        let mut t = TransferRequest {
            id: Uuid::nil(),
            from_location: Uuid::from_u128(1),
            to_location: Uuid::from_u128(2),
            lines: vec![line("p", 3)],
        };
        assert_eq!(t.check(), Ok(()));
        t.lines[0].quantity = Decimal::from(-3);
        assert_eq!(t.check(), Err(StockRuleError::NotPositive(0)));
        t.to_location = t.from_location;
        assert_eq!(t.check(), Err(StockRuleError::SameLocation));
    }

    #[test]
    fn what_arrived_defaults_to_what_was_sent() {
        let lines = vec![
            TransferLine {
                product_id: "a".into(),
                sent: Decimal::from(5),
                received: None,
            },
            TransferLine {
                product_id: "b".into(),
                sent: Decimal::from(2),
                received: None,
            },
        ];
        let got = received_quantities(&lines, &[line("b", 1)]);
        assert_eq!(got, vec![Decimal::from(5), Decimal::from(1)]);
    }

    #[test]
    fn a_document_at_or_before_the_snapshot_is_in_the_count() {
        let t = DateTime::from_timestamp(1_000, 0).unwrap_or_default();
        let later = DateTime::from_timestamp(1_001, 0).unwrap_or_default();
        assert!(in_posted_count(t, Some(t)));
        assert!(!in_posted_count(later, Some(t)));
        assert!(!in_posted_count(t, None));
        assert_eq!(
            count_correction(Decimal::from(7), Decimal::from(10)),
            Decimal::from(-3)
        );
    }
}
