//! Conversions between domain values and SQLite column values (decimal and enum text, timestamps, sequences).

pub use crate::store::codec::{
    enum_text, json_text, parse_enum, parse_json, seq_from_db, seq_to_db,
};
use crate::store::{StoreError, StoreResult};
use chrono::{DateTime, SecondsFormat, Utc};
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

/// Timestamps are RFC 3339 UTC with microseconds: fixed width, so text order is time order.
pub fn time_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// A timestamp written by [`time_text`].
pub fn parse_time(s: &str, what: &str) -> StoreResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Corrupt(format!("{what} '{s}' is not a time: {e}")))
}

/// A UUID stored as text.
pub fn parse_uuid(s: &str, what: &str) -> StoreResult<uuid::Uuid> {
    uuid::Uuid::parse_str(s).map_err(|e| StoreError::Corrupt(format!("{what} '{s}': {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

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
    fn times_are_fixed_width() {
        let t = Utc
            .with_ymd_and_hms(2026, 1, 2, 3, 4, 5)
            .single()
            .expect("valid date");
        assert_eq!(time_text(t), "2026-01-02T03:04:05.000000Z");
    }
}
