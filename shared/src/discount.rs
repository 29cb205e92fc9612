//! Discounts a cashier keys in by hand, on a line or on the whole order, always with a reason.
//!
//! A percent discount takes that percent of the amount it applies to *at that point* (after the promotions
//! and discounts before it; see `pricing::engine` for the order). An amount discount takes that amount, capped
//! at what is left, so a line or an order never goes below zero.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use shared_derive::TagFirst;

/// How much a discount takes off.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, TagFirst)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum DiscountValue {
    /// Percent of the amount, 0–100.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    Percent(Decimal),
    /// A fixed amount in the store's currency.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    Amount(Decimal),
}

/// A manual discount: what it takes off and why (the reason is printed and audited).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ManualDiscount {
    pub value: DiscountValue,
    pub reason: String,
}

impl ManualDiscount {
    pub fn percent(p: Decimal, reason: &str) -> Self {
        ManualDiscount {
            value: DiscountValue::Percent(p),
            reason: reason.into(),
        }
    }

    pub fn amount(a: Decimal, reason: &str) -> Self {
        ManualDiscount {
            value: DiscountValue::Amount(a),
            reason: reason.into(),
        }
    }
}

impl DiscountValue {
    /// The exact reduction of `base` (not rounded), never more than `base` and never negative.
    pub fn exact_off(&self, base: Decimal) -> Decimal {
        let off = match self {
            DiscountValue::Percent(p) => base * *p / Decimal::ONE_HUNDRED,
            DiscountValue::Amount(a) => *a,
        };
        off.min(base).max(Decimal::ZERO)
    }

    /// A percent within 0–100 or a non-negative amount.
    pub fn is_valid(&self) -> bool {
        match self {
            DiscountValue::Percent(p) => *p >= Decimal::ZERO && *p <= Decimal::ONE_HUNDRED,
            DiscountValue::Amount(a) => *a >= Decimal::ZERO,
        }
    }
}
