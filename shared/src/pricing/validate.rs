//! Checks a basket and its context before pricing, so the engine itself never meets a negative quantity,
//! a discount over 100% or a promotion that cannot work.

use super::context::PricingContext;
use super::error::{PricingError, MAX_QUANTITY, MAX_UNIT_PRICE};
use crate::basket::{Basket, Unit};
use crate::discount::ManualDiscount;
use rust_decimal::Decimal;

fn price_ok(p: Decimal) -> bool {
    p >= Decimal::ZERO && p <= Decimal::from(MAX_UNIT_PRICE)
}

fn reason_ok(d: &ManualDiscount) -> bool {
    !d.reason.trim().is_empty()
}

pub fn validate(ctx: &PricingContext, basket: &Basket) -> Result<(), PricingError> {
    for (line, l) in basket.lines.iter().enumerate() {
        if l.quantity <= Decimal::ZERO || l.quantity > Decimal::from(MAX_QUANTITY) {
            return Err(PricingError::BadQuantity { line });
        }
        let max = l.unit.max_scale();
        if l.quantity.normalize().scale() > max {
            let unit = match l.unit {
                Unit::Each => "piece",
                Unit::Kilogram => "kilogram",
                Unit::Litre => "litre",
            };
            return Err(PricingError::QuantityScale { line, unit, max });
        }
        let with_modifiers = l.unit_price + crate::catalog::modifier::deltas(&l.modifiers);
        if !price_ok(l.unit_price) || !price_ok(with_modifiers) {
            return Err(PricingError::BadPrice { line });
        }
        for (k, t) in l.taxes.iter().enumerate() {
            if t.percent < Decimal::ZERO || l.taxes[..k].iter().any(|o| o.rate_id == t.rate_id) {
                return Err(PricingError::BadTax {
                    line,
                    rate_id: t.rate_id.clone(),
                });
            }
        }
        if let Some(d) = &l.discount {
            if !d.value.is_valid() {
                return Err(PricingError::BadLineDiscount { line });
            }
            if !reason_ok(d) {
                return Err(PricingError::MissingReason);
            }
        }
    }
    for (index, d) in basket.order_discounts.iter().enumerate() {
        if !d.value.is_valid() {
            return Err(PricingError::BadOrderDiscount { index });
        }
        if !reason_ok(d) {
            return Err(PricingError::MissingReason);
        }
    }
    for p in ctx.promotions {
        if let Some(problem) = p.problem() {
            return Err(PricingError::BadPromotion {
                id: p.id.clone(),
                problem,
            });
        }
    }
    for list in ctx.price_lists {
        if list.prices.iter().any(|e| !price_ok(e.unit_price)) {
            return Err(PricingError::BadPriceList {
                id: list.id.clone(),
            });
        }
    }
    Ok(())
}
