//! Promotions: automatic discounts, buy X get Y, quantity breaks, mix-and-match sets, spend thresholds,
//! with coupon codes, customer groups, time windows, priority and stacking.
//!
//! Named rules (the engine in `pricing::engine` applies them):
//! - **eligibility**: a promotion is considered when its window is open at the pricing time, the customer's
//!   group is listed (or none is), and, if it needs a coupon, that code was entered and has uses left.
//! - **cheapest reward**: buy X get Y rewards the cheapest qualifying units; the units used (bought and
//!   rewarded) are not used again by another buy-X-get-Y or mix-and-match promotion.
//! - **most valuable sets**: mix-and-match forms its sets from the most expensive qualifying units first.
//! - **stacking**: `Stackable` promotions combine, applied by priority (highest first, then id). An
//!   `Exclusive` promotion never combines with another. The store's `PromotionPolicy` picks between the
//!   stack and each exclusive promotion alone: `Priority` takes the plan holding the highest-priority
//!   promotion that gives a discount; `BestForCustomer` takes the plan with the largest discount.
//! - **exact then allocated**: each promotion computes exact shares per line, rounds their sum once with the
//!   store's rule, and allocates that back to the lines by largest remainder (`pricing::allocate_ranked`).

pub mod apply;

use crate::discount::DiscountValue;
use crate::window::TimeWindow;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use shared_derive::TagFirst;

/// Which lines a promotion looks at.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, TagFirst)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "ids", rename_all = "snake_case")]
pub enum Target {
    #[default]
    All,
    Products(Vec<String>),
    Categories(Vec<String>),
}

impl Target {
    pub fn matches(&self, product_id: &str, category_id: &str) -> bool {
        match self {
            Target::All => true,
            Target::Products(ids) => ids.iter().any(|i| i == product_id),
            Target::Categories(ids) => ids.iter().any(|i| i == category_id),
        }
    }
}

/// What the rewarded units of a buy X get Y get.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TagFirst)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "percent", rename_all = "snake_case")]
pub enum Reward {
    Free,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    PercentOff(Decimal),
}

/// A tier of a quantity break: from `min_quantity` matching units (summed over lines) on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuantityTier {
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub min_quantity: Decimal,
    pub price: TierPrice,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TagFirst)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum TierPrice {
    /// Each matching unit costs this (when it is lower than the price so far).
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    UnitPrice(Decimal),
    /// This percent off the matching lines.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    PercentOff(Decimal),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TagFirst)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PromotionKind {
    /// An automatic discount on matching lines: a percent, or an amount off each unit (each kg).
    LineDiscount {
        target: Target,
        value: DiscountValue,
    },
    /// Buy `buy_quantity` of `buy`, get `get_quantity` of `get` free or at a percent off (whole units only).
    BuyXGetY {
        buy: Target,
        buy_quantity: u32,
        get: Target,
        get_quantity: u32,
        reward: Reward,
    },
    /// The more matching units, the lower the price: the highest tier reached applies to all of them.
    QuantityBreak {
        target: Target,
        tiers: Vec<QuantityTier>,
    },
    /// Any `set_size` matching units for `set_price` (whole units only).
    MixAndMatch {
        target: Target,
        set_size: u32,
        #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
        set_price: Decimal,
    },
    /// When matching lines reach `threshold` (after line promotions and line discounts), take `value` off
    /// them; an order-level rule, allocated to the lines.
    SpendThreshold {
        target: Target,
        #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
        threshold: Decimal,
        value: DiscountValue,
    },
}

impl PromotionKind {
    /// Order-level kinds apply after line-level kinds and manual line discounts.
    pub fn is_order_level(&self) -> bool {
        matches!(self, PromotionKind::SpendThreshold { .. })
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Stacking {
    #[default]
    Stackable,
    Exclusive,
}

/// How the engine chooses between the stack of stackable promotions and each exclusive one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PromotionPolicy {
    /// The plan holding the highest-priority promotion that gives a discount.
    #[default]
    Priority,
    /// The plan that takes the most off.
    BestForCustomer,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Promotion {
    pub id: String,
    /// Printed on the receipt next to the amount it took off.
    pub name: String,
    pub kind: PromotionKind,
    #[serde(default)]
    pub window: Option<TimeWindow>,
    /// Customer groups it is for; empty means everyone.
    #[serde(default)]
    pub customer_groups: Vec<String>,
    /// A code the customer must present (compared trimmed and case-insensitively).
    #[serde(default)]
    pub coupon: Option<String>,
    /// Higher first.
    #[serde(default)]
    pub priority: i32,
    #[serde(default)]
    pub stacking: Stacking,
}

impl Promotion {
    /// An automatic, stackable promotion with no window, group or coupon.
    pub fn new(id: &str, name: &str, kind: PromotionKind) -> Self {
        Promotion {
            id: id.into(),
            name: name.into(),
            kind,
            window: None,
            customer_groups: vec![],
            coupon: None,
            priority: 0,
            stacking: Stacking::Stackable,
        }
    }

    /// Why this promotion cannot be used as configured, if it cannot.
    pub fn problem(&self) -> Option<&'static str> {
        let pct_ok = |p: &Decimal| *p >= Decimal::ZERO && *p <= Decimal::ONE_HUNDRED;
        match &self.kind {
            PromotionKind::LineDiscount { value, .. } if !value.is_valid() => {
                Some("discount out of range")
            }
            PromotionKind::BuyXGetY {
                buy_quantity,
                get_quantity,
                ..
            } if *buy_quantity == 0 || *get_quantity == 0 => {
                Some("buy and get quantities must be at least 1")
            }
            PromotionKind::BuyXGetY {
                reward: Reward::PercentOff(p),
                ..
            } if !pct_ok(p) => Some("percent out of range"),
            PromotionKind::QuantityBreak { tiers, .. }
                if tiers.iter().any(|t| {
                    t.min_quantity <= Decimal::ZERO
                        || match &t.price {
                            TierPrice::UnitPrice(p) => *p < Decimal::ZERO,
                            TierPrice::PercentOff(p) => !pct_ok(p),
                        }
                }) =>
            {
                Some("a tier has a non-positive quantity or a bad price")
            }
            PromotionKind::MixAndMatch {
                set_size,
                set_price,
                ..
            } if *set_size == 0 || *set_price < Decimal::ZERO => {
                Some("a set needs at least one unit and a non-negative price")
            }
            PromotionKind::SpendThreshold {
                threshold, value, ..
            } if *threshold < Decimal::ZERO || !value.is_valid() => {
                Some("threshold or discount out of range")
            }
            _ => None,
        }
    }
}

/// A coupon code the customer entered, with the uses it has left (`None`: unlimited, a multi-use code;
/// `Some(1)`: a single-use code not yet redeemed). The server owns the counts and decrements them for each
/// code listed as redeemed in the priced cart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CouponEntry {
    pub code: String,
    #[serde(default)]
    pub remaining_uses: Option<u32>,
}

/// What happened to an entered coupon code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TagFirst)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum CouponOutcome {
    /// Its promotion gave a discount: one use is redeemed.
    Applied { code: String, promotion_id: String },
    /// No promotion has this code.
    Unknown { code: String },
    /// No uses left.
    Exhausted { code: String },
    /// Valid, but its promotion gave nothing on this cart (or lost to another plan).
    NotApplicable { code: String },
}

/// Codes compare trimmed and case-insensitively.
pub fn normalize_code(code: &str) -> String {
    code.trim().to_uppercase()
}
