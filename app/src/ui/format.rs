//! Text for people: money without and with currency, quantities, local dates and times, ages.

use js_sys::Date;
use rust_decimal::Decimal;
use shared::catalog::StoreSettings;
use shared::money::format_amount;
use wasm_bindgen::JsValue;

/// "12.50" at the store currency's scale.
pub fn amount(settings: &StoreSettings, value: Decimal) -> String {
    format_amount(value, settings.currency.scale)
}

/// "12.50 EUR".
pub fn money(settings: &StoreSettings, value: Decimal) -> String {
    settings.currency.format(value)
}

pub use crate::model::quantity;

/// A reduction for people: "−1.99".
pub fn minus(scale: u32, amount: Decimal) -> String {
    format!("\u{2212}{}", format_amount(amount, scale))
}

fn local(ms: f64) -> Date {
    Date::new(&JsValue::from_f64(ms))
}

/// "2024-05-01 14:03" in the device's time zone.
pub fn local_date_time(ms: f64) -> String {
    let d = local(ms);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// "2024-05-01 14:03:27" in the device's time zone (the audit log's times).
#[cfg(feature = "office")]
pub fn local_timestamp(ms: f64) -> String {
    format!("{}:{:02}", local_date_time(ms), local(ms).get_seconds())
}

/// "14:03:27" in the device's time zone.
pub fn local_time(ms: f64) -> String {
    let d = local(ms);
    format!(
        "{:02}:{:02}:{:02}",
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds()
    )
}

/// Milliseconds since the epoch of today's local midnight.
pub fn start_of_today_ms() -> f64 {
    let d = Date::new_0();
    d.set_hours(0);
    d.set_minutes(0);
    d.set_seconds(0);
    d.set_milliseconds(0);
    d.get_time()
}

/// How long ago, short: "12 s", "2 min", "3 h 5 min", "2 d".
pub fn age(ms: f64) -> String {
    let secs = (ms / 1000.0).max(0.0) as u64;
    match secs {
        0..60 => format!("{secs} s"),
        60..3600 => format!("{} min", secs / 60),
        3600..86400 => match (secs % 3600) / 60 {
            0 => format!("{} h", secs / 3600),
            m => format!("{} h {m} min", secs / 3600),
        },
        _ => format!("{} d", secs / 86400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_naturally() {
        assert_eq!(age(12_400.0), "12 s");
        assert_eq!(age(125_000.0), "2 min");
        assert_eq!(age(3_600_000.0), "1 h");
        assert_eq!(age(3_900_000.0), "1 h 5 min");
        assert_eq!(age(-5.0), "0 s");
    }
}
