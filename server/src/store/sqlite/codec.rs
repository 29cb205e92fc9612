//! Conversions between domain values and SQLite column values (decimal and enum text, timestamps, sequences).

use crate::store::{StoreError, StoreResult};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::de::DeserializeOwned;
use serde::Serialize;
use shared::Decimal;
use std::str::FromStr;

/// Decimals are stored as their exact string form ("12.50").
pub fn decimal_text(d: Decimal) -> String {
    d.to_string()
}

pub fn parse_decimal(s: &str, what: &str) -> StoreResult<Decimal> {
    Decimal::from_str(s)
        .map_err(|e| StoreError::Corrupt(format!("{what} '{s}' is not a decimal: {e}")))
}

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

/// Timestamps are RFC 3339 UTC with microseconds: fixed width, so text order is time order.
pub fn time_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// A sequence or counter read from an INTEGER column.
pub fn seq_from_db(v: i64, what: &str) -> StoreResult<u64> {
    u64::try_from(v).map_err(|_| StoreError::Corrupt(format!("{what} is negative: {v}")))
}

/// A sequence for an INTEGER column; values beyond i64 cannot occur in practice and are refused.
pub fn seq_to_db(v: u64, what: &str) -> StoreResult<i64> {
    i64::try_from(v).map_err(|_| StoreError::Corrupt(format!("{what} {v} is out of range")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use shared::catalog::TaxMode;

    #[test]
    fn decimals_keep_their_scale() {
        let d = Decimal::new(1250, 2);
        assert_eq!(decimal_text(d), "12.50");
        assert_eq!(
            parse_decimal("12.50", "price").map(decimal_text).ok(),
            Some("12.50".into())
        );
        assert!(parse_decimal("x", "price").is_err());
    }

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
    fn times_are_fixed_width() {
        let t = Utc
            .with_ymd_and_hms(2026, 1, 2, 3, 4, 5)
            .single()
            .expect("valid date");
        assert_eq!(time_text(t), "2026-01-02T03:04:05.000000Z");
    }
}
