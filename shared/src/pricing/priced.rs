//! The engine's output: a priced cart whose every line says which unit price it used, what was taken off and
//! why, and how its amount splits into net and tax per rate.
//!
//! Amounts on the "shelf basis" (`base`, `adjustments`, `amount`) are tax-inclusive or tax-exclusive as the
//! store's `TaxMode` says; `net`, `tax` and `gross` are always net of tax, tax, and what the customer pays.

use crate::basket::Unit;
use crate::catalog::{TaxMode, TaxRounding};
use crate::money::Currency;
use crate::promotion::CouponOutcome;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Where a reduction came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AdjustmentKind {
    /// A line-level promotion (automatic discount, buy X get Y, quantity break, mix-and-match).
    Promotion,
    /// A cashier's discount on the line.
    ManualLine,
    /// An order-level promotion (spend threshold), allocated to this line.
    OrderPromotion,
    /// A cashier's order discount, allocated to this line.
    ManualOrder,
}

/// One reduction of a line, as the receipt and reports explain it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Adjustment {
    pub kind: AdjustmentKind,
    /// Promotion id, or `manual-line` / `manual-order-N` for a cashier's discount.
    pub rule_id: String,
    pub name: String,
    /// Taken off the line, on the shelf basis, at the currency's scale (positive).
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub amount: Decimal,
    /// The cashier's reason, for manual discounts.
    #[serde(default)]
    pub reason: Option<String>,
    /// The coupon code that unlocked the promotion.
    #[serde(default)]
    pub coupon: Option<String>,
}

/// A price list that set a line's unit price.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuleRef {
    pub id: String,
    pub name: String,
}

/// One tax on one line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineTax {
    pub rate_id: String,
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub percent: Decimal,
    pub compound: bool,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub tax: Decimal,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PricedLine {
    pub product_id: String,
    pub name: String,
    pub sku: String,
    pub category_id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub quantity: Decimal,
    pub unit: Unit,
    /// The catalog's unit price (with the chosen modifiers' deltas).
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub list_unit_price: Decimal,
    /// The unit price used (a price list's, or the catalog's), with the chosen modifiers' deltas.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub unit_price: Decimal,
    pub price_list: Option<RuleRef>,
    /// `round(unit_price × quantity)` with the store's rule (shelf basis).
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub base: Decimal,
    /// In the order they were applied.
    pub adjustments: Vec<Adjustment>,
    /// `base − Σ adjustments` (shelf basis).
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub amount: Decimal,
    /// Tax-inclusive prices only: the exempt taxes taken out of `amount` for an exempt customer.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub exemption: Decimal,
    /// Taxes charged (exempt components are absent).
    pub taxes: Vec<LineTax>,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub net: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub tax: Decimal,
    /// What the customer pays for the line: `net + tax`.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub gross: Decimal,
    /// The net the line would have had without adjustments: `list_net − net` is the discount, net of tax,
    /// booked to the discounts account.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub list_net: Decimal,
    /// Modifier options sold with the item, priced into `unit_price`; absent on lines without (and on every
    /// document made before them), so those keep their bytes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modifiers: Vec<crate::catalog::ChosenModifier>,
}

impl PricedLine {
    /// Σ adjustments.
    pub fn discount(&self) -> Decimal {
        self.base - self.amount
    }
}

/// Tax per rate on the document. `net` sums the nets of the lines that carry the rate (for a line with
/// several rates the net counts under each), so `net + tax = gross` holds per rate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RateTotal {
    pub rate_id: String,
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub percent: Decimal,
    pub compound: bool,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub net: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub tax: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub gross: Decimal,
}

/// A promotion that took something off, with what it took in all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppliedPromotion {
    pub id: String,
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub amount: Decimal,
    pub coupon: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PricedCart {
    pub currency: Currency,
    pub tax_mode: TaxMode,
    pub tax_rounding: TaxRounding,
    /// In basket order.
    pub lines: Vec<PricedLine>,
    /// In order of first appearance.
    pub taxes: Vec<RateTotal>,
    pub promotions: Vec<AppliedPromotion>,
    pub coupons: Vec<CouponOutcome>,
    /// Σ base (shelf basis).
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub subtotal: Decimal,
    /// Σ adjustments (shelf basis).
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub discount: Decimal,
    /// Σ exemption.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub exemption: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub net: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub tax: Decimal,
    /// What the customer pays: Σ line gross.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub total: Decimal,
}

impl PricedCart {
    /// Codes to redeem one use of.
    pub fn redeemed_coupons(&self) -> Vec<&str> {
        self.coupons
            .iter()
            .filter_map(|c| match c {
                CouponOutcome::Applied { code, .. } => Some(code.as_str()),
                _ => None,
            })
            .collect()
    }
}

/// Tax per rate from lines given as (their taxes, their net), in order of first appearance.
pub fn rate_totals<'a>(
    lines: impl IntoIterator<Item = (&'a [LineTax], Decimal)>,
    zero: Decimal,
) -> Vec<RateTotal> {
    let mut taxes: Vec<RateTotal> = Vec::new();
    for (line_taxes, net) in lines {
        for t in line_taxes {
            let k = match taxes.iter().position(|r| r.rate_id == t.rate_id) {
                Some(k) => k,
                None => {
                    taxes.push(RateTotal {
                        rate_id: t.rate_id.clone(),
                        name: t.name.clone(),
                        percent: t.percent,
                        compound: t.compound,
                        net: zero,
                        tax: zero,
                        gross: zero,
                    });
                    taxes.len() - 1
                }
            };
            let r = &mut taxes[k];
            r.net += net;
            r.tax += t.tax;
            r.gross = r.net + r.tax;
        }
    }
    taxes
}
