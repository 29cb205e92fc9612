//! Cart → totals: the one pure function that prices a cart, with its tax split per rate.
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

use crate::cart::Cart;
use crate::catalog::{StoreSettings, TaxMode, TaxRounding};
use crate::money::round;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

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
pub fn totals(cart: &Cart, settings: &StoreSettings) -> Totals {
    let scale = settings.currency.scale;
    let mode = settings.rounding;
    let base: Vec<Decimal> = cart.lines.iter().map(|l| round(l.unit_price * l.quantity, scale, mode)).collect();
    let exact_tax = |amount: Decimal, percent: Decimal| match settings.tax_mode {
        TaxMode::Inclusive => amount * percent / (HUNDRED + percent),
        TaxMode::Exclusive => amount * percent / HUNDRED,
    };

    // Rates in order of first appearance, with the indices of their lines.
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    for (i, line) in cart.lines.iter().enumerate() {
        match groups.iter_mut().find(|(first, _)| cart.lines[*first].tax_rate_id == line.tax_rate_id) {
            Some((_, members)) => members.push(i),
            None => groups.push((i, vec![i])),
        }
    }

    let mut line_tax = vec![Decimal::ZERO; cart.lines.len()];
    for (first, members) in &groups {
        let percent = cart.lines[*first].tax_percent;
        match settings.tax_rounding {
            TaxRounding::PerLine => {
                for &i in members {
                    line_tax[i] = round(exact_tax(base[i], percent), scale, mode);
                }
            }
            TaxRounding::PerDocument => {
                let sum: Decimal = members.iter().map(|&i| base[i]).sum();
                let doc_tax = round(exact_tax(sum, percent), scale, mode);
                let shares: Vec<Decimal> = members.iter().map(|&i| exact_tax(base[i], percent)).collect();
                for (k, amount) in allocate(doc_tax, &shares, scale).into_iter().enumerate() {
                    line_tax[members[k]] = amount;
                }
            }
        }
    }

    let lines: Vec<LineTotal> = base
        .iter()
        .zip(&line_tax)
        .map(|(&b, &t)| match settings.tax_mode {
            TaxMode::Inclusive => LineTotal { net: b - t, tax: t, gross: b },
            TaxMode::Exclusive => LineTotal { net: b, tax: t, gross: b + t },
        })
        .collect();

    let taxes: Vec<TaxSummary> = groups
        .iter()
        .map(|(first, members)| {
            let l = &cart.lines[*first];
            let sum = |f: fn(&LineTotal) -> Decimal| members.iter().map(|&i| f(&lines[i])).sum::<Decimal>();
            TaxSummary {
                rate_id: l.tax_rate_id.clone(),
                name: l.tax_name.clone(),
                percent: l.tax_percent,
                net: sum(|t| t.net),
                tax: sum(|t| t.tax),
                gross: sum(|t| t.gross),
            }
        })
        .collect();

    let zero = round(Decimal::ZERO, scale, mode);
    Totals {
        net: lines.iter().fold(zero, |a, l| a + l.net),
        tax: lines.iter().fold(zero, |a, l| a + l.tax),
        total: lines.iter().fold(zero, |a, l| a + l.gross),
        lines,
        taxes,
    }
}

/// Split `total` (already at `scale`) into parts proportional to the exact `shares`, by largest remainder:
/// each part is its share truncated to the minor unit, and the minor units left over go to the parts with the
/// largest truncated-away remainders (ties to the earlier part). The parts sum to `total` exactly.
pub fn allocate(total: Decimal, shares: &[Decimal], scale: u32) -> Vec<Decimal> {
    if shares.is_empty() {
        return vec![];
    }
    let unit = Decimal::new(1, scale);
    let mut parts: Vec<Decimal> = shares.iter().map(|s| s.round_dp_with_strategy(scale, RoundingStrategy::ToZero)).collect();
    let mut left = total - parts.iter().copied().sum::<Decimal>();
    let mut order: Vec<usize> = (0..shares.len()).collect();
    let (step, sign) = if left >= Decimal::ZERO { (unit, Decimal::ONE) } else { (-unit, Decimal::NEGATIVE_ONE) };
    // Remainders in the direction we have to move.
    order.sort_by(|&a, &b| {
        let ra = (shares[a] - parts[a]) * sign;
        let rb = (shares[b] - parts[b]) * sign;
        rb.cmp(&ra).then(a.cmp(&b))
    });
    let mut k = 0;
    while left != Decimal::ZERO {
        parts[order[k % order.len()]] += step;
        left -= step;
        k += 1;
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
        let neg = allocate(dec!(-0.10), &[dec!(-0.0333), dec!(-0.0333), dec!(-0.0334)], 2);
        assert_eq!(neg.iter().copied().sum::<Decimal>(), dec!(-0.10));
    }
}
