//! Tax components of a line (several rates, compound rates) and customer exemptions, with the exact formulas.
//!
//! A line carries an ordered list of `TaxComponent`s, e.g. Canadian GST 5% then PST 7%. Each component has an
//! *effective percent* of the line's net amount:
//! - a plain component: its own percent (`GST 5%` → 5);
//! - a **compound** component: its percent of the net *plus every tax before it on the line*
//!   (`QST 9.5%` compound on `GST 5%` → `9.5 × (100 + 5) / 100 = 9.975`).
//!
//! The exact (unrounded) tax of a component, for a line amount `a`:
//! - tax-exclusive prices: `a × eff / 100`;
//! - tax-inclusive prices: `a × eff / (100 + Σ eff)`, so that the taxes of all components and the net add up
//!   to the shelf price.
//!
//! Rounding to the minor unit happens in `pricing::engine`, per line or per document as the store says. A
//! compound component is computed on the *exact* preceding taxes (named rule **compound on exact**), so the
//! result does not depend on where the preceding tax was rounded.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use shared_derive::TagFirst;

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

/// One tax applied to a line.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TaxComponent {
    /// Stable id, e.g. `gst`, `pst_bc`, `vat_std`; taxes are summed per id on the document.
    pub rate_id: String,
    /// As printed on the receipt, e.g. `GST 5%`.
    pub name: String,
    /// Percent, e.g. `5`, `9.975`, `8.875`.
    pub percent: Decimal,
    /// Applied to the net plus every component before it on the line.
    #[serde(default)]
    pub compound: bool,
}

impl TaxComponent {
    pub fn new(rate_id: &str, name: &str, percent: Decimal) -> Self {
        TaxComponent {
            rate_id: rate_id.into(),
            name: name.into(),
            percent,
            compound: false,
        }
    }

    /// The same component, applied on top of the preceding ones.
    pub fn compound(mut self) -> Self {
        self.compound = true;
        self
    }
}

/// Which taxes a customer does not pay (a resale certificate, a diplomat, an export sale).
///
/// With tax-exclusive prices the exempt components are simply not charged. With tax-inclusive prices the
/// customer pays the shelf price less the exempt taxes (named rule **inclusive exemption**):
/// `amount × (100 + Σ eff of the remaining components) / (100 + Σ eff of all components)`, rounded with the
/// store's rule; the remaining components are then split out of that amount as usual.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, TagFirst)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "rate_ids", rename_all = "snake_case")]
pub enum TaxExemption {
    #[default]
    None,
    /// Exempt from every tax.
    All,
    /// Exempt from the listed rate ids only (e.g. PST but not GST).
    Rates(Vec<String>),
}

impl TaxExemption {
    /// Is this component waived for the customer?
    pub fn exempts(&self, rate_id: &str) -> bool {
        match self {
            TaxExemption::None => false,
            TaxExemption::All => true,
            TaxExemption::Rates(ids) => ids.iter().any(|id| id == rate_id),
        }
    }
}

/// Effective percent of the net for each component, in order (see the module doc).
pub fn effective_percents(components: &[TaxComponent]) -> Vec<Decimal> {
    let mut out = Vec::with_capacity(components.len());
    let mut before = Decimal::ZERO;
    for c in components {
        let eff = if c.compound {
            c.percent * (HUNDRED + before) / HUNDRED
        } else {
            c.percent
        };
        before += eff;
        out.push(eff);
    }
    out
}

/// The exact tax of component k on an amount `a` is `a × eff[k] / denominator`: this returns the effective
/// percents and the denominator (`100 + Σ eff` with tax-inclusive amounts, `100` with tax-exclusive ones).
pub fn tax_fractions(components: &[TaxComponent], inclusive: bool) -> (Vec<Decimal>, Decimal) {
    let eff = effective_percents(components);
    let denominator = if inclusive {
        HUNDRED + eff.iter().copied().sum::<Decimal>()
    } else {
        HUNDRED
    };
    (eff, denominator)
}

/// Exact tax of each component for a line `amount` (gross when `inclusive`, net otherwise).
pub fn exact_taxes(amount: Decimal, components: &[TaxComponent], inclusive: bool) -> Vec<Decimal> {
    let (eff, denominator) = tax_fractions(components, inclusive);
    eff.iter().map(|e| amount * e / denominator).collect()
}

/// Exact tax-inclusive amount once `exempt` components are taken out of a tax-inclusive `amount`.
pub fn exact_inclusive_without(
    amount: Decimal,
    components: &[TaxComponent],
    exemption: &TaxExemption,
) -> Decimal {
    let all: Decimal = HUNDRED
        + effective_percents(components)
            .iter()
            .copied()
            .sum::<Decimal>();
    let kept: Vec<TaxComponent> = components
        .iter()
        .filter(|c| !exemption.exempts(&c.rate_id))
        .cloned()
        .collect();
    let rest: Decimal = HUNDRED + effective_percents(&kept).iter().copied().sum::<Decimal>();
    amount * rest / all
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn compound_is_on_net_plus_previous() {
        let c = [
            TaxComponent::new("gst", "GST", dec!(5)),
            TaxComponent::new("qst", "QST", dec!(9.5)).compound(),
        ];
        assert_eq!(effective_percents(&c), vec![dec!(5), dec!(9.975)]);
        assert_eq!(
            exact_taxes(dec!(100), &c, false),
            vec![dec!(5), dec!(9.975)]
        );
    }

    #[test]
    fn inclusive_split_adds_up() {
        let c = [
            TaxComponent::new("a", "A", dec!(5)),
            TaxComponent::new("b", "B", dec!(7)),
        ];
        let t = exact_taxes(dec!(112), &c, true);
        assert_eq!(t, vec![dec!(5), dec!(7)]);
        let without =
            exact_inclusive_without(dec!(112), &c, &TaxExemption::Rates(vec!["b".into()]));
        assert_eq!(without, dec!(105));
    }
}
