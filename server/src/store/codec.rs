//! Conversions every store shares: unit enums as their serde names, JSON documents, sequence numbers, and the
//! columns of a payment.

use super::{StoreError, StoreResult};
use serde::de::DeserializeOwned;
use serde::Serialize;
use shared::tender::Payment;

/// Unit-like enums are stored as their serde name ("inclusive", "per_line", "half_up").
pub fn enum_text<T: Serialize>(value: &T) -> StoreResult<String> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        Ok(other) => Err(StoreError::Corrupt(format!("{other} is not a unit enum"))),
        Err(e) => Err(StoreError::Corrupt(e.to_string())),
    }
}

pub fn parse_enum<T: DeserializeOwned>(s: String, what: &str) -> StoreResult<T> {
    serde_json::from_value(serde_json::Value::String(s))
        .map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}

/// JSON columns (address lines, sale documents).
pub fn json_text<T: Serialize>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub fn parse_json<T: DeserializeOwned>(s: &str, what: &str) -> StoreResult<T> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}

/// A sequence or counter read from an integer column.
pub fn seq_from_db(v: i64, what: &str) -> StoreResult<u64> {
    u64::try_from(v).map_err(|_| StoreError::Corrupt(format!("{what} is negative: {v}")))
}

/// A sequence for an integer column; values beyond i64 cannot occur in practice and are refused.
pub fn seq_to_db(v: u64, what: &str) -> StoreResult<i64> {
    i64::try_from(v).map_err(|_| StoreError::Corrupt(format!("{what} {v} is out of range")))
}

/// A payment's columns: kind (its serde name), card reference, the card or account it concerns, points.
pub struct PaymentColumns<'a> {
    pub kind: &'static str,
    pub reference: Option<&'a str>,
    pub account: Option<String>,
    pub points: Option<i64>,
}

pub fn payment_columns(p: &Payment) -> PaymentColumns<'_> {
    let (kind, reference, account, points) = match p {
        Payment::Cash { .. } => ("cash", None, None, None),
        Payment::Card { reference, .. } => ("card", Some(reference.as_str()), None, None),
        Payment::GiftCard { card, .. } => ("gift_card", None, Some(card.clone()), None),
        Payment::StoreCredit { account, .. } => ("store_credit", None, Some(account.clone()), None),
        Payment::Loyalty {
            account, points, ..
        } => (
            "loyalty",
            None,
            Some(account.clone()),
            Some(i64::try_from(*points).unwrap_or(i64::MAX)),
        ),
        Payment::ExchangeCredit { exchange_id, .. } => {
            ("exchange_credit", None, Some(exchange_id.to_string()), None)
        }
    };
    PaymentColumns {
        kind,
        reference,
        account,
        points,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::catalog::TaxMode;

    #[test]
    fn enums_round_trip_by_name() {
        assert_eq!(
            enum_text(&TaxMode::Exclusive).ok().as_deref(),
            Some("exclusive")
        );
        assert_eq!(
            parse_enum::<TaxMode>("inclusive".into(), "mode").ok(),
            Some(TaxMode::Inclusive)
        );
        assert!(parse_enum::<TaxMode>("both".into(), "mode").is_err());
    }

    #[test]
    fn sequences_stay_in_range() {
        assert_eq!(seq_to_db(7, "seq").ok(), Some(7));
        assert!(seq_to_db(u64::MAX, "seq").is_err());
        assert!(seq_from_db(-1, "seq").is_err());
    }
}
