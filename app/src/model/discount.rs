//! The discount and weight dialogs' rules: reading a manual discount and a weight, what a discount applies to,
//! and whether it goes over the limit a cashier may give without a manager's approval.

use super::error::RuleError;
use super::order::Order;
use rust_decimal::Decimal;
use shared::basket::Unit;
use shared::discount::{DiscountValue, ManualDiscount};
use uuid::Uuid;

/// Manual discounts above this percent of what they apply to need `Permission::DiscountOverLimit`.
pub const DISCOUNT_LIMIT_PERCENT: Decimal = Decimal::from_parts(20, 0, 0, false, 0);

/// What a discount dialog discounts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiscountTarget {
    /// One line, by product id, with its name for the dialog.
    Line {
        product_id: String,
        name: String,
    },
    Order,
}

/// Percent off or an amount off, as chosen in the discount dialog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiscountKind {
    Percent,
    Amount,
}

/// Read the discount dialog: a percent above 0 and at most 100, or a positive amount with at most `scale`
/// decimals, and a reason.
pub fn parse_discount(
    kind: DiscountKind,
    value: &str,
    reason: &str,
    scale: u32,
) -> Result<ManualDiscount, RuleError> {
    let Some(v) = shared::money::parse_amount(value) else {
        return Err(match kind {
            DiscountKind::Percent => RuleError::PercentMissing,
            DiscountKind::Amount => RuleError::AmountMissing,
        });
    };
    let discount = match kind {
        DiscountKind::Percent => {
            if v <= Decimal::ZERO || v > Decimal::ONE_HUNDRED {
                return Err(RuleError::PercentOutOfRange);
            }
            ManualDiscount::percent(v.normalize(), reason.trim())
        }
        DiscountKind::Amount => {
            if v <= Decimal::ZERO {
                return Err(RuleError::AmountNotPositive);
            }
            if v.normalize().scale() > scale {
                return Err(RuleError::AmountDecimals { scale });
            }
            ManualDiscount::amount(v.normalize(), reason.trim())
        }
    };
    if reason.trim().is_empty() {
        return Err(RuleError::DiscountReason);
    }
    Ok(discount)
}

/// Read a weight in kilograms: positive, at most 3 decimals (grams), at most the engine's largest quantity.
pub fn parse_weight(text: &str) -> Result<Decimal, RuleError> {
    let Some(w) = shared::money::parse_amount(text) else {
        return Err(RuleError::WeightMissing);
    };
    if w <= Decimal::ZERO {
        return Err(RuleError::WeightNotPositive);
    }
    if w.normalize().scale() > Unit::Kilogram.max_scale() {
        return Err(RuleError::WeightDecimals);
    }
    if w > Decimal::from(shared::pricing::error::MAX_QUANTITY) {
        return Err(RuleError::WeightTooLarge);
    }
    Ok(w.normalize())
}

/// The discount takes more than `DISCOUNT_LIMIT_PERCENT` off what it applies to in `order`: a percent above
/// it, or an amount above that share of the line's (or the order's) list price.
pub fn over_limit(order: &Order, target: &DiscountTarget, discount: &ManualDiscount) -> bool {
    let base = match target {
        DiscountTarget::Line { product_id, .. } => order
            .line(product_id)
            .map(|l| l.unit_price * l.quantity)
            .unwrap_or_default(),
        DiscountTarget::Order => order.lines.iter().map(|l| l.unit_price * l.quantity).sum(),
    };
    value_over_limit(&discount.value, base)
}

/// Some manual discount of `order` (a line's or the order's) is over the limit.
pub fn has_over_limit_discount(order: &Order) -> bool {
    let lines = order.lines.iter().any(|l| {
        l.discount.as_ref().is_some_and(|d| {
            let target = DiscountTarget::Line {
                product_id: l.product_id.clone(),
                name: String::new(),
            };
            over_limit(order, &target, d)
        })
    });
    lines
        || order
            .order_discounts
            .iter()
            .any(|d| over_limit(order, &DiscountTarget::Order, d))
}

/// Paying `order` as staff member `cashier` needs a manager's approval of its discounts first: a discount
/// over the limit is on it, the cashier lacks `DiscountOverLimit` (`can_override`), and the order carries no
/// approval given to this cashier (another cashier's, after switching cashier, or none: a parked order's
/// approval stays behind when it travels). Asked at payment, so the sale is never flagged
/// `unapproved_discount` after the fact.
pub fn approval_at_payment(order: &Order, cashier: Option<Uuid>, can_override: bool) -> bool {
    if can_override || !has_over_limit_discount(order) {
        return false;
    }
    match (&order.approval, order.approved_for, cashier) {
        (Some(a), Some(given_to), Some(me)) => {
            a.permission != shared::auth::Permission::DiscountOverLimit || given_to != me
        }
        _ => true,
    }
}

/// `value` takes more than `DISCOUNT_LIMIT_PERCENT` of `base`.
fn value_over_limit(value: &DiscountValue, base: Decimal) -> bool {
    match value {
        DiscountValue::Percent(p) => *p > DISCOUNT_LIMIT_PERCENT,
        DiscountValue::Amount(a) => *a * Decimal::ONE_HUNDRED > base * DISCOUNT_LIMIT_PERCENT,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::order::tests::{dec, product, rates};

    #[test]
    fn a_discount_over_the_limit_is_approved_again_for_another_cashier_at_payment() {
        let (ann, bob) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let mut o = Order::default();
        o.add(&product("a", Unit::Each), dec("2"), &rates())
            .unwrap();
        // No discount, or one within the limit: nothing to approve.
        assert!(!approval_at_payment(&o, Some(ann), false));
        o.add_order_discount(ManualDiscount::percent(dec("10"), "loyal"));
        assert!(!has_over_limit_discount(&o));
        assert!(!approval_at_payment(&o, Some(ann), false));
        // Over the limit: asked unless approved for this very cashier, or the cashier may do it alone.
        o.set_line_discount("a", Some(ManualDiscount::percent(dec("50"), "damaged")));
        assert!(has_over_limit_discount(&o));
        assert!(approval_at_payment(&o, Some(ann), false));
        assert!(!approval_at_payment(&o, Some(ann), true));
        o.approval = Some(shared::document::Approval {
            approver: shared::document::StaffStamp {
                id: Uuid::from_u128(9),
                name: "Mia".into(),
            },
            permission: shared::auth::Permission::DiscountOverLimit,
            override_token: Some("t".into()),
        });
        o.approved_for = Some(ann);
        assert!(!approval_at_payment(&o, Some(ann), false));
        // Switched cashier: Bob pays, so Bob's sale needs its own approval.
        assert!(approval_at_payment(&o, Some(bob), false));
        // A resumed parked order travels without its approval.
        let resumed = crate::model::parked::order_of(&crate::model::parked::body_of(&o));
        assert!(approval_at_payment(&resumed, Some(ann), false));
    }

    #[test]
    fn discounts_need_a_value_in_range_and_a_reason() {
        use DiscountKind::*;
        assert_eq!(
            parse_discount(Percent, "10", "damaged", 2),
            Ok(ManualDiscount::percent(dec("10"), "damaged"))
        );
        assert_eq!(
            parse_discount(Amount, "1,50", " staff ", 2),
            Ok(ManualDiscount::amount(dec("1.5"), "staff"))
        );
        assert!(parse_discount(Percent, "101", "x", 2).is_err());
        assert!(parse_discount(Percent, "0", "x", 2).is_err());
        assert!(parse_discount(Amount, "1.005", "x", 2).is_err());
        assert!(parse_discount(Amount, "1", "  ", 2).is_err());
        assert!(parse_discount(Amount, "abc", "x", 2).is_err());
    }

    #[test]
    fn weights_are_positive_grams() {
        assert_eq!(parse_weight("0.750"), Ok(dec("0.75")));
        assert_eq!(parse_weight("1,2"), Ok(dec("1.2")));
        assert!(parse_weight("0.0005").is_err());
        assert!(parse_weight("0").is_err());
        assert!(parse_weight("").is_err());
    }

    #[test]
    fn input_errors_are_typed() {
        assert_eq!(
            parse_discount(DiscountKind::Percent, "", "x", 2),
            Err(RuleError::PercentMissing)
        );
        assert_eq!(
            parse_discount(DiscountKind::Amount, "1.005", "x", 2),
            Err(RuleError::AmountDecimals { scale: 2 })
        );
        assert_eq!(parse_weight("100000000"), Err(RuleError::WeightTooLarge));
        assert_eq!(parse_weight("0.0005"), Err(RuleError::WeightDecimals));
    }

    #[test]
    fn the_limit_is_twenty_percent_of_the_list_price() {
        assert_eq!(DISCOUNT_LIMIT_PERCENT, dec("20"));
        assert!(!value_over_limit(
            &DiscountValue::Percent(dec("20")),
            dec("10")
        ));
        assert!(value_over_limit(
            &DiscountValue::Percent(dec("20.5")),
            dec("10")
        ));
        assert!(!value_over_limit(
            &DiscountValue::Amount(dec("2.00")),
            dec("10.00")
        ));
        assert!(value_over_limit(
            &DiscountValue::Amount(dec("2.01")),
            dec("10.00")
        ));
        assert!(value_over_limit(
            &DiscountValue::Amount(dec("0.01")),
            Decimal::ZERO
        ));
    }

    #[test]
    fn the_base_is_the_line_or_the_whole_order() {
        let mut o = Order::default();
        o.add(&product("a", Unit::Each), dec("2"), &rates())
            .unwrap();
        o.add(&product("b", Unit::Each), dec("1"), &rates())
            .unwrap();
        let line = DiscountTarget::Line {
            product_id: "a".into(),
            name: "P a".into(),
        };
        // 20% of 5.98 is 1.196; of 8.97, 1.794.
        assert!(over_limit(
            &o,
            &line,
            &ManualDiscount::amount(dec("1.20"), "x")
        ));
        assert!(!over_limit(
            &o,
            &DiscountTarget::Order,
            &ManualDiscount::amount(dec("1.20"), "x")
        ));
        assert!(over_limit(
            &o,
            &DiscountTarget::Order,
            &ManualDiscount::amount(dec("1.80"), "x")
        ));
    }
}
