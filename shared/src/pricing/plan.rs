//! Running promotions and discounts over the lines' amounts: one plan (a set of promotions) at a time, and
//! the choice between the stack of stackable promotions and each exclusive promotion alone.
//!
//! Order of application within a plan (named rule **discount order**):
//! 1. line-level promotions, by priority (highest first, then id);
//! 2. the cashier's line discounts;
//! 3. order-level promotions (spend thresholds), by priority;
//!
//! and after the plan is chosen, 4. the cashier's order discounts, in the order keyed. Each step works on the
//! amounts left by the steps before it.

use super::allocate_ranked;
use super::priced::{Adjustment, AdjustmentKind, AppliedPromotion};
use crate::basket::{BasketLine, Unit};
use crate::discount::ManualDiscount;
use crate::money::{round, RoundingMode};
use crate::promotion::apply::{effect, Slot};
use crate::promotion::{Promotion, PromotionPolicy, Stacking};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// Lines, their canonical ranks and the rounding rule: what every step needs.
pub struct Frame<'a> {
    pub lines: &'a [BasketLine],
    pub rank: &'a [usize],
    /// Line indices in canonical order (`order[rank[i]] == i`).
    pub order: &'a [usize],
    pub scale: u32,
    pub mode: RoundingMode,
}

/// The running amounts and what was taken off so far.
#[derive(Clone)]
pub struct State {
    pub amount: Vec<Decimal>,
    pub adjustments: Vec<Vec<Adjustment>>,
    pub used: Vec<u32>,
    pub applied: Vec<AppliedPromotion>,
}

fn whole_units(l: &BasketLine) -> u32 {
    if l.unit == Unit::Each && l.quantity > Decimal::ZERO && l.quantity.fract().is_zero() {
        l.quantity.to_u32().unwrap_or(0)
    } else {
        0
    }
}

impl State {
    pub fn new(base: Vec<Decimal>) -> Self {
        let n = base.len();
        State {
            amount: base,
            adjustments: vec![vec![]; n],
            used: vec![0; n],
            applied: vec![],
        }
    }

    /// Take `total` off the lines in proportion to `shares`, recording one adjustment per line touched.
    fn take_off(
        &mut self,
        f: &Frame,
        total: Decimal,
        shares: &[Decimal],
        make: impl Fn(Decimal) -> Adjustment,
    ) {
        let parts = allocate_ranked(total, shares, f.scale, f.rank);
        for (i, part) in parts.into_iter().enumerate() {
            if !part.is_zero() {
                self.amount[i] -= part;
                self.adjustments[i].push(make(part));
            }
        }
    }

    pub fn apply_promotion(&mut self, f: &Frame, p: &Promotion) {
        let slots: Vec<Slot> = f
            .lines
            .iter()
            .enumerate()
            .map(|(i, line)| Slot {
                line,
                current: self.amount[i],
                free_units: whole_units(line).saturating_sub(self.used[i]),
                rank: f.rank[i],
            })
            .collect();
        let e = effect(&p.kind, &slots);
        // Summed in canonical order: the last digits of a sum of inexact quotients then do not depend on
        // the order the lines were scanned in.
        let total = round(f.order.iter().map(|&i| e.shares[i]).sum(), f.scale, f.mode);
        if total <= Decimal::ZERO {
            return;
        }
        let kind = if p.kind.is_order_level() {
            AdjustmentKind::OrderPromotion
        } else {
            AdjustmentKind::Promotion
        };
        self.take_off(f, total, &e.shares, |amount| Adjustment {
            kind,
            rule_id: p.id.clone(),
            name: p.name.clone(),
            amount,
            reason: None,
            coupon: p.coupon.clone(),
        });
        for (u, add) in self.used.iter_mut().zip(e.used_units) {
            *u += add;
        }
        self.applied.push(AppliedPromotion {
            id: p.id.clone(),
            name: p.name.clone(),
            amount: total,
            coupon: p.coupon.clone(),
        });
    }

    pub fn apply_line_discounts(&mut self, f: &Frame) {
        for (i, l) in f.lines.iter().enumerate() {
            if let Some(d) = &l.discount {
                let off =
                    round(d.value.exact_off(self.amount[i]), f.scale, f.mode).min(self.amount[i]);
                if off > Decimal::ZERO {
                    self.amount[i] -= off;
                    self.adjustments[i].push(manual(
                        AdjustmentKind::ManualLine,
                        "manual-line".into(),
                        d,
                        off,
                    ));
                }
            }
        }
    }

    pub fn apply_order_discounts(&mut self, f: &Frame, discounts: &[ManualDiscount]) {
        for (k, d) in discounts.iter().enumerate() {
            let subtotal: Decimal = self.amount.iter().copied().sum();
            if subtotal <= Decimal::ZERO {
                return;
            }
            let off = round(d.value.exact_off(subtotal), f.scale, f.mode).min(subtotal);
            if off <= Decimal::ZERO {
                continue;
            }
            let shares: Vec<Decimal> = self.amount.iter().map(|a| off * *a / subtotal).collect();
            let id = format!("manual-order-{}", k + 1);
            self.take_off(f, off, &shares, |amount| {
                manual(AdjustmentKind::ManualOrder, id.clone(), d, amount)
            });
        }
    }

    fn discount(&self) -> Decimal {
        self.applied.iter().map(|a| a.amount).sum()
    }
}

fn manual(
    kind: AdjustmentKind,
    rule_id: String,
    d: &ManualDiscount,
    amount: Decimal,
) -> Adjustment {
    Adjustment {
        kind,
        rule_id,
        name: "Discount".into(),
        amount,
        reason: Some(d.reason.clone()),
        coupon: None,
    }
}

/// Run one plan (steps 1–3) from `start`.
fn run(f: &Frame, start: &State, plan: &[&Promotion]) -> State {
    let mut s = start.clone();
    for p in plan.iter().filter(|p| !p.kind.is_order_level()) {
        s.apply_promotion(f, p);
    }
    s.apply_line_discounts(f);
    for p in plan.iter().filter(|p| p.kind.is_order_level()) {
        s.apply_promotion(f, p);
    }
    s
}

/// Evaluate the stack and each exclusive promotion alone; keep the plan the policy prefers.
/// `eligible` must be sorted by priority (highest first), then id.
pub fn best_plan(
    f: &Frame,
    start: &State,
    eligible: &[&Promotion],
    policy: PromotionPolicy,
) -> State {
    let stack: Vec<&Promotion> = eligible
        .iter()
        .copied()
        .filter(|p| p.stacking == Stacking::Stackable)
        .collect();
    let mut plans: Vec<Vec<&Promotion>> = vec![stack];
    plans.extend(
        eligible
            .iter()
            .filter(|p| p.stacking == Stacking::Exclusive)
            .map(|p| vec![*p]),
    );
    let mut best: Option<(State, usize)> = None;
    for plan in &plans {
        let s = run(f, start, plan);
        // Position (in priority order) of the highest-priority promotion that gave something.
        let top = s
            .applied
            .iter()
            .filter_map(|a| eligible.iter().position(|p| p.id == a.id))
            .min()
            .unwrap_or(usize::MAX);
        let better = match &best {
            None => true,
            Some((b, btop)) => match policy {
                PromotionPolicy::Priority => top < *btop,
                PromotionPolicy::BestForCustomer => {
                    s.discount() > b.discount() || (s.discount() == b.discount() && top < *btop)
                }
            },
        };
        if better {
            best = Some((s, top));
        }
    }
    best.map(|(s, _)| s).unwrap_or_else(|| start.clone())
}
