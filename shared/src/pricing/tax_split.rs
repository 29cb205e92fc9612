//! Splitting each line's final amount into net and tax per rate, rounded per line or per document.
//!
//! Named rules (the store's `TaxRounding`):
//! - **per line**: each component's tax on each line is rounded on its own with the store's rule.
//! - **per document**: per rate id, the exact taxes of all lines are summed and rounded once; that figure is
//!   allocated back to the lines by largest remainder, so lines still add up to the document.
//!
//! Then, with tax-inclusive prices, `gross` is the line amount (less any exempt taxes) and
//! `net = gross − Σ tax`: the customer pays the shelf price to the cent. With tax-exclusive prices,
//! `net` is the line amount and `gross = net + Σ tax`.

use super::allocate_ranked;
use super::plan::Frame;
use super::priced::LineTax;
use crate::catalog::{TaxMode, TaxRounding};
use crate::money::round;
use crate::tax::{exact_inclusive_without, tax_fractions, TaxComponent, TaxExemption};
use rust_decimal::Decimal;

/// One line after the split.
pub struct Split {
    pub exemption: Decimal,
    pub taxes: Vec<LineTax>,
    pub net: Decimal,
    pub gross: Decimal,
    pub list_net: Decimal,
}

struct Prepared {
    kept: Vec<TaxComponent>,
    /// Tax-inclusive basis after exemption (or the net with exclusive prices).
    basis: Decimal,
    /// Exact tax per kept component: `basis × eff[k] / denominator`.
    exact: Vec<Decimal>,
    eff: Vec<Decimal>,
    denominator: Decimal,
}

fn prepare(
    f: &Frame,
    amount: Decimal,
    components: &[TaxComponent],
    exemption: &TaxExemption,
    inclusive: bool,
) -> Prepared {
    let kept: Vec<TaxComponent> = components
        .iter()
        .filter(|c| !exemption.exempts(&c.rate_id))
        .cloned()
        .collect();
    let basis = if inclusive && kept.len() != components.len() {
        round(
            exact_inclusive_without(amount, components, exemption),
            f.scale,
            f.mode,
        )
    } else {
        amount
    };
    let (eff, denominator) = tax_fractions(&kept, inclusive);
    let exact = eff.iter().map(|e| basis * e / denominator).collect();
    Prepared {
        kept,
        basis,
        exact,
        eff,
        denominator,
    }
}

/// A rate's exact document tax: bases are summed per (effective percent, denominator) first, exactly, and
/// each sum is multiplied and divided once, in a fixed order; so an exact midpoint (say 59260.29 × 20/120 =
/// 9876.715) is seen as one, whatever the order of the lines.
fn document_exact(prepared: &[Prepared], members: &[(usize, usize)]) -> Decimal {
    let mut groups: Vec<((Decimal, Decimal), Decimal)> = Vec::new();
    for &(i, k) in members {
        let key = (prepared[i].eff[k], prepared[i].denominator);
        match groups.iter_mut().find(|(g, _)| *g == key) {
            Some((_, sum)) => *sum += prepared[i].basis,
            None => groups.push((key, prepared[i].basis)),
        }
    }
    groups.sort_by_key(|g| g.0);
    groups
        .iter()
        .map(|((eff, den), sum)| *sum * *eff / *den)
        .sum()
}

/// `(net, gross)` of a line from its basis and its taxes.
fn finish(basis: Decimal, tax: Decimal, inclusive: bool) -> (Decimal, Decimal) {
    if inclusive {
        (basis - tax, basis)
    } else {
        (basis, basis + tax)
    }
}

/// Split every line. `amounts` are the final line amounts, `bases` the amounts before adjustments,
/// `adjusted[i]` whether line i had any adjustment.
pub fn split(
    f: &Frame,
    amounts: &[Decimal],
    bases: &[Decimal],
    adjusted: &[bool],
    exemption: &TaxExemption,
    mode: TaxMode,
    rounding: TaxRounding,
) -> Vec<Split> {
    let inclusive = mode == TaxMode::Inclusive;
    let prepared: Vec<Prepared> = f
        .lines
        .iter()
        .zip(amounts)
        .map(|(l, a)| prepare(f, *a, &l.taxes, exemption, inclusive))
        .collect();
    let mut taxes: Vec<Vec<Decimal>> = match rounding {
        TaxRounding::PerLine => prepared
            .iter()
            .map(|p| p.exact.iter().map(|e| round(*e, f.scale, f.mode)).collect())
            .collect(),
        TaxRounding::PerDocument => prepared
            .iter()
            .map(|p| vec![Decimal::ZERO; p.exact.len()])
            .collect(),
    };
    if rounding == TaxRounding::PerDocument {
        // (line, component) pairs per rate id, in order of first appearance.
        let mut rates: Vec<(&str, Vec<(usize, usize)>)> = Vec::new();
        for (i, p) in prepared.iter().enumerate() {
            for (k, c) in p.kept.iter().enumerate() {
                match rates.iter_mut().find(|(id, _)| *id == c.rate_id) {
                    Some((_, m)) => m.push((i, k)),
                    None => rates.push((&c.rate_id, vec![(i, k)])),
                }
            }
        }
        for (_, members) in rates {
            let shares: Vec<Decimal> = members.iter().map(|&(i, k)| prepared[i].exact[k]).collect();
            let ranks: Vec<usize> = members.iter().map(|&(i, _)| f.rank[i]).collect();
            let doc = round(document_exact(&prepared, &members), f.scale, f.mode);
            for (&(i, k), part) in members
                .iter()
                .zip(allocate_ranked(doc, &shares, f.scale, &ranks))
            {
                taxes[i][k] = part;
            }
        }
    }
    prepared
        .into_iter()
        .zip(taxes)
        .enumerate()
        .map(|(i, (p, t))| {
            let tax: Decimal = t.iter().copied().sum();
            let (net, gross) = finish(p.basis, tax, inclusive);
            let list_net = if adjusted[i] {
                let lp = prepare(f, bases[i], &f.lines[i].taxes, exemption, inclusive);
                let ltax: Decimal = lp.exact.iter().map(|e| round(*e, f.scale, f.mode)).sum();
                finish(lp.basis, ltax, inclusive).0
            } else {
                net
            };
            let taxes = p
                .kept
                .iter()
                .zip(t)
                .map(|(c, tax)| LineTax {
                    rate_id: c.rate_id.clone(),
                    name: c.name.clone(),
                    percent: c.percent,
                    compound: c.compound,
                    tax,
                })
                .collect();
            Split {
                exemption: amounts[i] - p.basis,
                taxes,
                net,
                gross,
                list_net,
            }
        })
        .collect()
}
