//! Identities and clock: UUIDv7 from `crypto.getRandomValues` and the browser clock, and "now" as UTC.

use crate::error::AppError;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use uuid::{Builder, Uuid};

/// Milliseconds since the Unix epoch, from the browser clock.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

pub fn now_utc() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(now_ms() as i64).unwrap_or_default()
}

/// The store-local wall-clock time (the device's time zone) at `ms`, to the minute: the "now" that promotion
/// and price list windows are checked against.
pub fn local_minute(ms: f64) -> NaiveDateTime {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
        .and_then(|day| day.and_hms_opt(d.get_hours(), d.get_minutes(), 0))
        .unwrap_or_default()
}

/// `N` bytes from the browser's cryptographic random source.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], AppError> {
    let mut buf = [0u8; N];
    let window = web_sys::window().ok_or_else(|| AppError::Browser("no window".into()))?;
    let crypto = window
        .crypto()
        .map_err(|_| AppError::Browser("no crypto".into()))?;
    crypto
        .get_random_values_with_u8_array(&mut buf)
        .map_err(|_| AppError::Browser("crypto.getRandomValues failed".into()))?;
    Ok(buf)
}

/// A new time-ordered UUID (version 7).
pub fn uuid_v7() -> Result<Uuid, AppError> {
    let random = random_bytes::<10>()?;
    let millis = now_ms().max(0.0) as u64;
    Ok(Builder::from_unix_timestamp_millis(millis, &random).into_uuid())
}

/// The four-letter receipt prefix of a terminal, derived from its id's random tail: always `A`–`Z`.
pub fn receipt_prefix(device_id: &Uuid) -> String {
    device_id.as_bytes()[12..16]
        .iter()
        .map(|b| char::from(b'A' + b % 26))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_is_four_uppercase_letters_and_stable() {
        let id = Uuid::from_bytes([7; 16]);
        let p = receipt_prefix(&id);
        assert_eq!(p.len(), 4);
        assert!(p.chars().all(|c| c.is_ascii_uppercase()));
        assert_eq!(p, receipt_prefix(&id));
    }
}
