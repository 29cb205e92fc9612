//! What one promotion takes off each line, exactly (unrounded), given the lines' running amounts.
//!
//! The engine rounds the sum of the shares once and allocates it back to the lines (`pricing::allocate_ranked`).
//! Ties between equally priced units go to the line with the lower canonical rank, so the result does not
//! depend on the order in which lines were scanned.

use super::{PromotionKind, Reward, TierPrice};
use crate::basket::BasketLine;
use rust_decimal::Decimal;

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

/// A line as a promotion sees it.
pub struct Slot<'a> {
    pub line: &'a BasketLine,
    /// What the line costs now (after the price list and the adjustments so far), at the currency's scale.
    pub current: Decimal,
    /// Whole units not yet used by a buy-X-get-Y or mix-and-match promotion (0 for weighed goods).
    pub free_units: u32,
    /// Position in the canonical line order.
    pub rank: usize,
}

impl Slot<'_> {
    /// The running price of one unit.
    fn unit_value(&self) -> Decimal {
        if self.line.quantity > Decimal::ZERO {
            self.current / self.line.quantity
        } else {
            Decimal::ZERO
        }
    }
}

/// Exact reduction per line, and whole units used per line.
pub struct Effect {
    pub shares: Vec<Decimal>,
    pub used_units: Vec<u32>,
}

/// The effect of `kind` on `slots`.
pub fn effect(kind: &PromotionKind, slots: &[Slot]) -> Effect {
    let n = slots.len();
    let mut shares = vec![Decimal::ZERO; n];
    let mut used = vec![0u32; n];
    let matches = |s: &Slot, t: &super::Target| t.matches(&s.line.product_id, &s.line.category_id);
    match kind {
        PromotionKind::LineDiscount { target, value } => {
            for (i, s) in slots.iter().enumerate().filter(|(_, s)| matches(s, target)) {
                shares[i] = match value {
                    crate::discount::DiscountValue::Percent(_) => value.exact_off(s.current),
                    crate::discount::DiscountValue::Amount(a) => {
                        (*a * s.line.quantity).min(s.current).max(Decimal::ZERO)
                    }
                };
            }
        }
        PromotionKind::QuantityBreak { target, tiers } => {
            let total: Decimal = slots
                .iter()
                .filter(|s| matches(s, target))
                .map(|s| s.line.quantity)
                .sum();
            let tier = tiers
                .iter()
                .filter(|t| t.min_quantity <= total)
                .max_by(|a, b| a.min_quantity.cmp(&b.min_quantity));
            if let Some(tier) = tier {
                for (i, s) in slots.iter().enumerate().filter(|(_, s)| matches(s, target)) {
                    let off = match &tier.price {
                        TierPrice::UnitPrice(p) => s.current - *p * s.line.quantity,
                        TierPrice::PercentOff(p) => s.current * *p / HUNDRED,
                    };
                    shares[i] = off.min(s.current).max(Decimal::ZERO);
                }
            }
        }
        PromotionKind::SpendThreshold {
            target,
            threshold,
            value,
        } => {
            let subtotal: Decimal = slots
                .iter()
                .filter(|s| matches(s, target))
                .map(|s| s.current)
                .sum();
            if subtotal > Decimal::ZERO && subtotal >= *threshold {
                let off = value.exact_off(subtotal);
                for (i, s) in slots.iter().enumerate().filter(|(_, s)| matches(s, target)) {
                    shares[i] = off * s.current / subtotal;
                }
            }
        }
        PromotionKind::BuyXGetY {
            buy,
            buy_quantity,
            get,
            get_quantity,
            reward,
        } => {
            buy_x_get_y(
                slots,
                (buy, *buy_quantity),
                (get, *get_quantity),
                reward,
                &mut shares,
                &mut used,
            );
        }
        PromotionKind::MixAndMatch {
            target,
            set_size,
            set_price,
        } => {
            mix_and_match(slots, target, *set_size, *set_price, &mut shares, &mut used);
        }
    }
    Effect {
        shares,
        used_units: used,
    }
}

/// Slot indices matching `target` that have free units, cheapest (or dearest) first, ties by rank.
fn by_value(slots: &[Slot], target: &super::Target, cheapest_first: bool) -> Vec<usize> {
    let mut idx: Vec<(Decimal, usize, usize)> = (0..slots.len())
        .filter(|&i| {
            slots[i].free_units > 0
                && target.matches(&slots[i].line.product_id, &slots[i].line.category_id)
        })
        .map(|i| (slots[i].unit_value(), slots[i].rank, i))
        .collect();
    idx.sort_by(|a, b| {
        let by = if cheapest_first {
            a.0.cmp(&b.0)
        } else {
            b.0.cmp(&a.0)
        };
        by.then(a.1.cmp(&b.1))
    });
    idx.into_iter().map(|(_, _, i)| i).collect()
}

/// Take `count` units from `order`, skipping units already taken in `taken`; returns units taken per slot.
fn take(slots: &[Slot], order: &[usize], taken: &[u32], mut count: u64) -> Vec<u32> {
    let mut out = vec![0u32; slots.len()];
    for &i in order {
        if count == 0 {
            break;
        }
        let avail = u64::from(slots[i].free_units - taken[i]);
        let t = avail.min(count);
        out[i] = t as u32;
        count -= t;
    }
    out
}

fn buy_x_get_y(
    slots: &[Slot],
    (buy, x): (&super::Target, u32),
    (get, y): (&super::Target, u32),
    reward: &Reward,
    shares: &mut [Decimal],
    used: &mut [u32],
) {
    let gets = by_value(slots, get, true);
    let buys = by_value(slots, buy, false);
    let none = vec![0u32; slots.len()];
    let g_units: u64 = gets.iter().map(|&i| u64::from(slots[i].free_units)).sum();
    let b_units: u64 = buys.iter().map(|&i| u64::from(slots[i].free_units)).sum();
    let (x, y) = (u64::from(x), u64::from(y));
    // The largest n such that the n·y cheapest get-units leave n·x buy-units: monotone, so binary search.
    let feasible = |n: u64| {
        let rewarded = take(slots, &gets, &none, n * y);
        let left: u64 = buys
            .iter()
            .map(|&i| u64::from(slots[i].free_units - rewarded[i]))
            .sum();
        left >= n * x
    };
    let (mut lo, mut hi) = (0u64, (g_units / y).min(b_units / x));
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if feasible(mid) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    if lo == 0 {
        return;
    }
    let rewarded = take(slots, &gets, &none, lo * y);
    let bought = take(slots, &buys, &rewarded, lo * x);
    let part = match reward {
        Reward::Free => Decimal::ONE,
        Reward::PercentOff(p) => *p / HUNDRED,
    };
    for i in 0..slots.len() {
        used[i] = rewarded[i] + bought[i];
        if rewarded[i] > 0 {
            shares[i] =
                (slots[i].unit_value() * Decimal::from(rewarded[i]) * part).min(slots[i].current);
        }
    }
}

fn mix_and_match(
    slots: &[Slot],
    target: &super::Target,
    size: u32,
    price: Decimal,
    shares: &mut [Decimal],
    used: &mut [u32],
) {
    let order = by_value(slots, target, false);
    // Units, most valuable first, as (slot, value); sets are consecutive runs of `size` units.
    let mut units = order.iter().flat_map(|&i| {
        std::iter::repeat_n((i, slots[i].unit_value()), slots[i].free_units as usize)
    });
    loop {
        let set: Vec<(usize, Decimal)> = units.by_ref().take(size as usize).collect();
        if set.len() < size as usize {
            return;
        }
        let value: Decimal = set.iter().map(|(_, v)| *v).sum();
        if value <= price {
            return; // later sets are worth even less
        }
        let off = value - price;
        for (i, v) in set {
            shares[i] += off * v / value;
            used[i] += 1;
        }
    }
}
