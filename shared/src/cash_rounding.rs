//! Cash rounding: the part of a payment made in cash is brought to the smallest coin in circulation.
//!
//! Named rule **cash rounding**: only the amount still due *in cash* is rounded, never the document total,
//! and never card, gift card, store credit or loyalty amounts. The amount due in cash becomes
//! `round(due / increment) × increment` with the configured `RoundingMode`; the difference
//! (`rounded − due`) is recorded on the sale as a rounding line (positive when the customer pays more).
//!
//! Examples: Switzerland rounds cash to CHF 0.05; Canada to CAD 0.05 since the penny was withdrawn (amounts
//! ending in 1 or 2 cents go down, 3 or 4 go up to 5, 6 or 7 go down to 5, 8 or 9 go up to 10); Sweden to whole
//! kronor since öre coins were withdrawn (below 50 öre down, 50 öre and more up).

use crate::money::RoundingMode;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// How the amount due in cash is rounded: to a multiple of `increment` with `mode`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CashRounding {
    /// The smallest coin, e.g. `0.05` or `1.00`. Must be positive.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub increment: Decimal,
    /// Rule for amounts exactly halfway between two multiples of the increment.
    #[serde(default)]
    pub mode: RoundingMode,
}

impl CashRounding {
    /// Swiss rule: CHF 0.05, half up (the Swiss National Bank's smallest coin is 5 centimes).
    pub fn swiss() -> Self {
        CashRounding {
            increment: Decimal::new(5, 2),
            mode: RoundingMode::HalfUp,
        }
    }

    /// Canadian rule (2013 penny withdrawal): 0.05, half up.
    pub fn canadian() -> Self {
        CashRounding {
            increment: Decimal::new(5, 2),
            mode: RoundingMode::HalfUp,
        }
    }

    /// Swedish rule (öresavrundning since 2010): whole kronor, 50 öre rounds up.
    pub fn swedish() -> Self {
        CashRounding {
            increment: Decimal::ONE,
            mode: RoundingMode::HalfUp,
        }
    }

    /// `amount` brought to a multiple of the increment, carrying exactly `scale` decimals.
    /// A non-positive increment leaves the amount as it is (only rescaled).
    pub fn round(&self, amount: Decimal, scale: u32) -> Decimal {
        let mut r = if self.increment > Decimal::ZERO {
            (amount / self.increment).round_dp_with_strategy(0, self.mode.strategy())
                * self.increment
        } else {
            amount
        };
        r.rescale(scale);
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn canadian_table() {
        let c = CashRounding::canadian();
        let cases = [
            (dec!(1.01), dec!(1.00)),
            (dec!(1.02), dec!(1.00)),
            (dec!(1.03), dec!(1.05)),
            (dec!(1.04), dec!(1.05)),
            (dec!(1.06), dec!(1.05)),
            (dec!(1.07), dec!(1.05)),
            (dec!(1.08), dec!(1.10)),
            (dec!(1.09), dec!(1.10)),
        ];
        for (a, r) in cases {
            assert_eq!(c.round(a, 2), r, "{a}");
        }
    }

    #[test]
    fn swedish_whole_kronor() {
        let s = CashRounding::swedish();
        assert_eq!(s.round(dec!(10.49), 2), dec!(10.00));
        assert_eq!(s.round(dec!(10.50), 2), dec!(11.00));
        assert_eq!(s.round(dec!(10.50), 2).to_string(), "11.00");
    }
}
