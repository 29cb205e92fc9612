//! Wire types of the back office's catalog writes (`/api/v1/catalog/…`): a product group with its variants,
//! archiving, and a bulk price change with its named rounding rule.

use super::{Product, ProductGroup};
use crate::money::{round, RoundingMode};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A product group and its variants, created together or not at all (and so answered). A variant's
/// `variant.group_id` may be left empty: it is the group's.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductGroupWithVariants {
    pub group: ProductGroup,
    pub variants: Vec<Product>,
}

/// Archive (withdraw) an item: it stays for the sales that name it, terminals drop it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Archive {
    /// The version the caller last saw; a stale one is refused (409 `stale_version`).
    pub version: i64,
}

/// Change the price of every active product (of one category, or all) by a percentage and/or an amount:
/// `new = round(price × (100 + percent) / 100 + amount)` at the currency's scale with the named `rounding`
/// (`half_up`: halves away from zero; `half_even`: halves to the even digit). All in one transaction; a
/// change that would make any price negative changes nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PriceChange {
    /// Only this category's products (all categories when absent).
    #[serde(default)]
    pub category_id: Option<String>,
    /// Percent to add, e.g. `"10"`; negative takes off (`"-15"`).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::openapi::DecimalString>))]
    pub percent: Option<Decimal>,
    /// Amount to add after the percentage, at the currency's scale; negative takes off.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::openapi::DecimalString>))]
    pub amount: Option<Decimal>,
    /// How the new price is rounded to the currency's scale (default `half_up`).
    #[serde(default)]
    pub rounding: RoundingMode,
}

impl PriceChange {
    /// The new price of `price` at `scale` (the rounding rule above). `None` when it would overflow.
    pub fn apply(&self, price: Decimal, scale: u32) -> Option<Decimal> {
        let percent = self.percent.unwrap_or_default();
        let scaled = price
            .checked_mul(Decimal::ONE_HUNDRED.checked_add(percent)?)?
            .checked_div(Decimal::ONE_HUNDRED)?;
        let new = scaled.checked_add(self.amount.unwrap_or_default())?;
        Some(round(new, scale, self.rounding))
    }
}

/// What a bulk price change did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PriceChangeResult {
    /// How many products got a new price (each a new version, pulled by terminals).
    pub changed: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn the_rounding_rule_is_applied_once_at_the_end() {
        let up = PriceChange {
            percent: Some(dec!(10)),
            ..PriceChange::default()
        };
        assert_eq!(up.apply(dec!(2.45), 2), Some(dec!(2.70))); // 2.695 → 2.70 half up
        let even = PriceChange {
            rounding: RoundingMode::HalfEven,
            ..up.clone()
        };
        assert_eq!(even.apply(dec!(2.45), 2), Some(dec!(2.70))); // 2.695 → 2.70 (9 is odd → up)
        assert_eq!(even.apply(dec!(0.25), 2), Some(dec!(0.28))); // 0.275 → 0.28
        assert_eq!(even.apply(dec!(0.35), 2), Some(dec!(0.38))); // 0.385 → 0.38
        let both = PriceChange {
            percent: Some(dec!(-50)),
            amount: Some(dec!(0.99)),
            ..PriceChange::default()
        };
        assert_eq!(both.apply(dec!(3), 2), Some(dec!(2.49)));
        assert_eq!(both.apply(dec!(100), 0), Some(dec!(51))); // 50.99 → 51 at scale 0
        let huge = PriceChange {
            percent: Some(Decimal::MAX),
            ..PriceChange::default()
        };
        assert_eq!(huge.apply(dec!(3), 2), None);
    }
}
