//! Money arithmetic: currencies with their minor-unit scale and the named rounding rules.
//!
//! Amounts are `rust_decimal::Decimal` everywhere; binary floating point never touches money.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// How an amount is brought to the currency's minor unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RoundingMode {
    /// Round half away from zero (commercial rounding): 0.125 → 0.13, -0.125 → -0.13.
    #[default]
    HalfUp,
    /// Round half to even (banker's rounding): 0.125 → 0.12, 0.135 → 0.14.
    HalfEven,
}

impl RoundingMode {
    /// The `rust_decimal` strategy that realises this rule.
    pub fn strategy(self) -> RoundingStrategy {
        match self {
            RoundingMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
        }
    }
}

/// A currency: its ISO 4217 code and the number of decimals of its minor unit (EUR 2, JPY 0, KWD 3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Currency {
    pub code: String,
    pub scale: u32,
}

impl Currency {
    pub fn eur() -> Self {
        Currency {
            code: "EUR".into(),
            scale: 2,
        }
    }

    /// A currency from its ISO 4217 code and minor-unit scale.
    pub fn new(code: &str, scale: u32) -> Self {
        Currency {
            code: code.into(),
            scale,
        }
    }

    /// US dollar: cents, scale 2.
    pub fn usd() -> Self {
        Currency::new("USD", 2)
    }

    /// Canadian dollar: cents, scale 2 (cash is rounded to 0.05 since the penny was withdrawn in 2013).
    pub fn cad() -> Self {
        Currency::new("CAD", 2)
    }

    /// Swiss franc: centimes, scale 2 (cash is rounded to 0.05, the smallest coin).
    pub fn chf() -> Self {
        Currency::new("CHF", 2)
    }

    /// Swedish krona: öre, scale 2 (cash is rounded to whole kronor since öre coins were withdrawn).
    pub fn sek() -> Self {
        Currency::new("SEK", 2)
    }

    /// Japanese yen: no minor unit, scale 0.
    pub fn jpy() -> Self {
        Currency::new("JPY", 0)
    }

    /// Kuwaiti dinar: fils, scale 3.
    pub fn kwd() -> Self {
        Currency::new("KWD", 3)
    }

    /// The smallest amount of this currency: 0.01 for EUR, 1 for JPY, 0.001 for KWD.
    pub fn minor_unit(&self) -> Decimal {
        Decimal::new(1, self.scale)
    }

    /// Round `amount` to this currency's minor unit with the given rule.
    pub fn round(&self, amount: Decimal, mode: RoundingMode) -> Decimal {
        round(amount, self.scale, mode)
    }

    /// Format an amount for people: `12.50 EUR` style with exactly `scale` decimals.
    pub fn format(&self, amount: Decimal) -> String {
        format!("{} {}", format_amount(amount, self.scale), self.code)
    }
}

/// Round to `scale` decimals with a named rule; the result always carries exactly `scale` decimals.
pub fn round(amount: Decimal, scale: u32, mode: RoundingMode) -> Decimal {
    let mut r = amount.round_dp_with_strategy(scale, mode.strategy());
    r.rescale(scale);
    r
}

/// The amount with exactly `scale` decimals, without a currency code ("12.50").
pub fn format_amount(amount: Decimal, scale: u32) -> String {
    let mut a = amount.round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero);
    a.rescale(scale);
    a.to_string()
}

/// Parse an amount typed by a person ("12", "12.5", "12,50"). `None` when it is not a number.
pub fn parse_amount(input: &str) -> Option<Decimal> {
    let cleaned = input.trim().replace(',', ".");
    if cleaned.is_empty() {
        return None;
    }
    cleaned.parse::<Decimal>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn half_up_and_half_even_differ_on_midpoints() {
        assert_eq!(round(dec!(0.125), 2, RoundingMode::HalfUp), dec!(0.13));
        assert_eq!(round(dec!(0.125), 2, RoundingMode::HalfEven), dec!(0.12));
        assert_eq!(round(dec!(-0.125), 2, RoundingMode::HalfUp), dec!(-0.13));
        assert_eq!(round(dec!(0.135), 2, RoundingMode::HalfEven), dec!(0.14));
    }

    #[test]
    fn rounding_keeps_the_minor_unit_scale() {
        assert_eq!(round(dec!(3), 2, RoundingMode::HalfUp).to_string(), "3.00");
        assert_eq!(
            round(dec!(1234.5), 0, RoundingMode::HalfEven).to_string(),
            "1234"
        );
    }

    #[test]
    fn parses_what_people_type() {
        assert_eq!(parse_amount("12,50"), Some(dec!(12.50)));
        assert_eq!(parse_amount(" 20 "), Some(dec!(20)));
        assert_eq!(parse_amount("abc"), None);
        assert_eq!(parse_amount(""), None);
    }

    #[test]
    fn formats_with_currency() {
        assert_eq!(Currency::eur().format(dec!(5)), "5.00 EUR");
    }
}
