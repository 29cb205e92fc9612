//! The commerce engine: a pricing context and a basket in, a `PricedCart` out. Pure and deterministic.
//!
//! Steps (each documented where it lives):
//! 1. unit price: the catalog's, or a price list's (`price_list::resolve`); the line's base is
//!    `round(unit price × quantity)` with the store's rule (named rule **unit pricing**: for weighed goods the
//!    quantity is kg with up to 3 decimals and the price is per kg);
//! 2. promotions and discounts (`plan`): eligible promotions, the stacking choice, manual line discounts,
//!    order-level promotions, then manual order discounts, each allocated to lines by largest remainder;
//! 3. taxes (`tax_split`): per rate, per line or per document;
//! 4. totals: sums of the lines, so lines always add up to the document.
//!
//! Lines are processed in a canonical order (by content, not by position) wherever a tie has to be broken,
//! so the same lines scanned in another order give the same totals and the same tax per rate.

use super::context::PricingContext;
use super::error::PricingError;
use super::plan::{best_plan, Frame, State};
use super::priced::{rate_totals, PricedCart, PricedLine, RuleRef};
use super::tax_split::split;
use super::validate::validate;
use crate::basket::{Basket, BasketLine};
use crate::catalog::modifier::deltas;
use crate::money::round;
use crate::price_list::resolve;
use crate::promotion::{normalize_code, CouponOutcome, Promotion};
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// Price `basket` in `ctx`, after checking both.
pub fn price(ctx: &PricingContext, basket: &Basket) -> Result<PricedCart, PricingError> {
    validate(ctx, basket)?;
    Ok(compute(ctx, basket))
}

fn content_order(a: &BasketLine, b: &BasketLine) -> Ordering {
    (
        &a.product_id,
        a.unit_price,
        a.quantity,
        a.unit,
        &a.category_id,
        &a.sku,
        &a.name,
        &a.taxes,
        &a.discount,
        &a.modifiers,
    )
        .cmp(&(
            &b.product_id,
            b.unit_price,
            b.quantity,
            b.unit,
            &b.category_id,
            &b.sku,
            &b.name,
            &b.taxes,
            &b.discount,
            &b.modifiers,
        ))
}

/// `rank[i]`: position of line i when lines are sorted by content (then by position, for identical lines).
pub(crate) fn canonical_ranks(lines: &[BasketLine]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..lines.len()).collect();
    order.sort_by(|&a, &b| content_order(&lines[a], &lines[b]).then(a.cmp(&b)));
    let mut rank = vec![0; lines.len()];
    for (r, i) in order.into_iter().enumerate() {
        rank[i] = r;
    }
    rank
}

/// Promotions that may apply, by priority (highest first, then id), and what became of each coupon entered.
fn eligible<'a>(ctx: &PricingContext<'a>) -> Vec<&'a Promotion> {
    let group = ctx.group();
    let usable = |code: &str| {
        ctx.coupons
            .iter()
            .any(|c| normalize_code(&c.code) == normalize_code(code) && c.remaining_uses != Some(0))
    };
    let mut out: Vec<&Promotion> = ctx
        .promotions
        .iter()
        .filter(|p| p.window.as_ref().is_none_or(|w| w.contains(ctx.now)))
        .filter(|p| {
            p.customer_groups.is_empty()
                || group.is_some_and(|g| p.customer_groups.iter().any(|c| c == g))
        })
        .filter(|p| p.coupon.as_deref().is_none_or(usable))
        .collect();
    out.sort_by(|a, b| b.priority.cmp(&a.priority).then(a.id.cmp(&b.id)));
    out
}

fn coupon_outcomes(ctx: &PricingContext, state: &State) -> Vec<CouponOutcome> {
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for entry in ctx.coupons {
        let code = normalize_code(&entry.code);
        if seen.contains(&code) {
            continue;
        }
        seen.push(code.clone());
        let has_code = |c: &Option<String>| c.as_deref().is_some_and(|c| normalize_code(c) == code);
        let outcome = if !ctx.promotions.iter().any(|p| has_code(&p.coupon)) {
            CouponOutcome::Unknown { code }
        } else if entry.remaining_uses == Some(0) {
            CouponOutcome::Exhausted { code }
        } else if let Some(a) = state.applied.iter().find(|a| has_code(&a.coupon)) {
            CouponOutcome::Applied {
                code,
                promotion_id: a.id.clone(),
            }
        } else {
            CouponOutcome::NotApplicable { code }
        };
        out.push(outcome);
    }
    out
}

/// Price without validation (the legacy `pricing::totals` path relies on this never failing).
pub(crate) fn compute(ctx: &PricingContext, basket: &Basket) -> PricedCart {
    let policy = ctx.policy;
    let settings = &policy.settings;
    let (scale, mode) = (settings.currency.scale, settings.rounding);
    let lines = &basket.lines;
    let rank = canonical_ranks(lines);
    let mut order = vec![0; lines.len()];
    for (i, r) in rank.iter().enumerate() {
        order[*r] = i;
    }
    let f = Frame {
        lines,
        rank: &rank,
        order: &order,
        scale,
        mode,
    };

    // The unit price used: a price list's or the catalog's, plus the chosen modifiers' deltas.
    let prices: Vec<(Decimal, Option<RuleRef>)> = lines
        .iter()
        .map(|l| {
            let extra = deltas(&l.modifiers);
            match resolve(ctx.price_lists, &l.product_id, ctx.group(), ctx.now) {
                Some((list, p)) => (
                    p + extra,
                    Some(RuleRef {
                        id: list.id.clone(),
                        name: list.name.clone(),
                    }),
                ),
                None => (l.unit_price + extra, None),
            }
        })
        .collect();
    let base: Vec<Decimal> = lines
        .iter()
        .zip(&prices)
        .map(|(l, (p, _))| round(*p * l.quantity, scale, mode))
        .collect();

    let start = State::new(base.clone());
    let promos = eligible(ctx);
    let mut state = if promos.is_empty() {
        let mut s = start;
        s.apply_line_discounts(&f);
        s
    } else {
        best_plan(&f, &start, &promos, policy.promotion_policy)
    };
    state.apply_order_discounts(&f, &basket.order_discounts);

    let adjusted: Vec<bool> = state.adjustments.iter().map(|a| !a.is_empty()).collect();
    let splits = split(
        &f,
        &state.amount,
        &base,
        &adjusted,
        ctx.exemption(),
        settings.tax_mode,
        settings.tax_rounding,
    );
    let coupons = coupon_outcomes(ctx, &state);

    // Every amount carries exactly the currency's scale (a sum with a bare zero can drop it).
    let priced: Vec<PricedLine> = lines
        .iter()
        .zip(prices)
        .zip(splits)
        .enumerate()
        .map(|(i, ((l, (unit_price, price_list)), s))| PricedLine {
            product_id: l.product_id.clone(),
            name: l.name.clone(),
            sku: l.sku.clone(),
            category_id: l.category_id.clone(),
            quantity: l.quantity,
            unit: l.unit,
            list_unit_price: l.unit_price + deltas(&l.modifiers),
            unit_price,
            price_list,
            base: base[i],
            adjustments: std::mem::take(&mut state.adjustments[i]),
            amount: state.amount[i],
            exemption: s.exemption,
            tax: s
                .taxes
                .iter()
                .map(|t| t.tax)
                .fold(policy.zero(), |a, b| a + b),
            taxes: s.taxes,
            net: s.net,
            gross: s.gross,
            list_net: s.list_net,
            modifiers: l.modifiers.clone(),
        })
        .collect();

    let mut priced = priced;
    for l in &mut priced {
        for d in [
            &mut l.base,
            &mut l.amount,
            &mut l.exemption,
            &mut l.net,
            &mut l.tax,
            &mut l.gross,
            &mut l.list_net,
        ] {
            d.rescale(scale);
        }
        for t in &mut l.taxes {
            t.tax.rescale(scale);
        }
    }
    let taxes = rate_totals(
        priced.iter().map(|l| (l.taxes.as_slice(), l.net)),
        policy.zero(),
    );

    let sum =
        |g: fn(&PricedLine) -> Decimal| priced.iter().map(g).fold(policy.zero(), |a, b| a + b);
    PricedCart {
        currency: settings.currency.clone(),
        tax_mode: settings.tax_mode,
        tax_rounding: settings.tax_rounding,
        subtotal: sum(|l| l.base),
        discount: sum(|l| l.base - l.amount),
        exemption: sum(|l| l.exemption),
        net: sum(|l| l.net),
        tax: sum(|l| l.tax),
        total: sum(|l| l.gross),
        lines: priced,
        taxes,
        promotions: state.applied,
        coupons,
    }
}
