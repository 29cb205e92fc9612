//! Cart → totals: the one pure function that prices a cart, with its tax split per rate; the commerce engine
//! (`engine::price`) lives in the submodules, and `totals` is its simple-cart view.
//!
//! Rounding rules (named in `StoreSettings`):
//! - `TaxMode::Inclusive`: a line's gross is `round(unit_price × quantity)`; that is what the customer pays,
//!   exactly. Tax is *derived* from gross (`gross × p / (100 + p)`) and net is `gross − tax`, so net + tax
//!   equals the shelf price to the cent on every line and every rate.
//! - `TaxMode::Exclusive`: a line's net is `round(unit_price × quantity)`; tax is `net × p / 100`; gross is
//!   `net + tax`.
//! - `TaxRounding::PerLine`: each line's tax is rounded on its own; a rate's tax is the sum of its lines.
//! - `TaxRounding::PerDocument`: a rate's tax is computed once from the sum of its lines and rounded once; it
//!   is then allocated back to the lines by largest remainder, so lines still sum to the document exactly.
//!
//! All rounding uses the store's `RoundingMode` at the currency's scale.

pub mod context;
pub mod engine;
pub mod error;
mod plan;
pub mod priced;
mod tax_split;
mod validate;

use crate::basket::Basket;
use crate::cart::Cart;
use crate::catalog::StoreSettings;
use crate::policy::StorePolicy;
use context::PricingContext;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// A priced line: net + tax = gross, all at the currency's scale.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineTotal {
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub net: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub tax: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub gross: Decimal,
}

/// Tax per rate, as printed on a receipt: net + tax = gross.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaxSummary {
    pub rate_id: String,
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub percent: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub net: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub tax: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub gross: Decimal,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Totals {
    /// One per cart line, in cart order.
    pub lines: Vec<LineTotal>,
    /// One per tax rate present, in order of first appearance.
    pub taxes: Vec<TaxSummary>,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub net: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub tax: Decimal,
    /// What the customer pays.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub total: Decimal,
}

/// Price a cart. Pure: the same cart and settings give the same totals on the terminal and the server.
///
/// A thin wrapper over the commerce engine (`engine::price`): the cart becomes a `Basket` with one tax
/// component per line, priced with no customer, promotions, price lists or coupons.
pub fn totals(cart: &Cart, settings: &StoreSettings) -> Totals {
    let policy = StorePolicy::from(settings.clone());
    let now = chrono::NaiveDateTime::default();
    let priced = engine::compute(&PricingContext::new(&policy, now), &Basket::from(cart));
    Totals {
        lines: priced
            .lines
            .iter()
            .map(|l| LineTotal {
                net: l.net,
                tax: l.tax,
                gross: l.gross,
            })
            .collect(),
        taxes: priced
            .taxes
            .into_iter()
            .map(|r| TaxSummary {
                rate_id: r.rate_id,
                name: r.name,
                percent: r.percent,
                net: r.net,
                tax: r.tax,
                gross: r.gross,
            })
            .collect(),
        net: priced.net,
        tax: priced.tax,
        total: priced.total,
    }
}

/// Split `total` (already at `scale`) into parts proportional to the exact `shares`, by largest remainder:
/// each part is its share truncated to the minor unit, and the minor units left over go to the parts with the
/// largest truncated-away remainders (ties to the earlier part). The parts sum to `total` exactly.
pub fn allocate(total: Decimal, shares: &[Decimal], scale: u32) -> Vec<Decimal> {
    let ranks: Vec<usize> = (0..shares.len()).collect();
    allocate_ranked(total, shares, scale, &ranks)
}

/// `allocate` with ties broken by `rank` (lower rank first) instead of by position, so that the result does
/// not depend on the order of the parts (`rank[i]` is part i's position in a canonical order).
pub fn allocate_ranked(
    total: Decimal,
    shares: &[Decimal],
    scale: u32,
    rank: &[usize],
) -> Vec<Decimal> {
    if shares.is_empty() {
        return vec![];
    }
    let unit = Decimal::new(1, scale);
    let mut parts: Vec<Decimal> = shares
        .iter()
        .map(|s| s.round_dp_with_strategy(scale, RoundingStrategy::ToZero))
        .collect();
    let mut left = total - parts.iter().copied().sum::<Decimal>();
    if !left.is_zero() {
        let (step, sign) = if left > Decimal::ZERO {
            (unit, Decimal::ONE)
        } else {
            (-unit, Decimal::NEGATIVE_ONE)
        };
        // Remainders in the direction we have to move, largest first; ties by rank.
        let mut keyed: Vec<(Decimal, usize, usize)> = (0..shares.len())
            .map(|i| ((shares[i] - parts[i]) * sign, rank[i], i))
            .collect();
        keyed.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut k = 0;
        while left != Decimal::ZERO {
            parts[keyed[k % keyed.len()].2] += step;
            left -= step;
            k += 1;
        }
    }
    for p in &mut parts {
        p.rescale(scale);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn allocate_sums_exactly() {
        let parts = allocate(dec!(0.10), &[dec!(0.0333), dec!(0.0333), dec!(0.0334)], 2);
        assert_eq!(parts.iter().copied().sum::<Decimal>(), dec!(0.10));
        assert_eq!(parts, vec![dec!(0.03), dec!(0.03), dec!(0.04)]);
        let neg = allocate(
            dec!(-0.10),
            &[dec!(-0.0333), dec!(-0.0333), dec!(-0.0334)],
            2,
        );
        assert_eq!(neg.iter().copied().sum::<Decimal>(), dec!(-0.10));
    }
}
