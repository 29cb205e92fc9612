//! The engine's input cart: lines with category, unit (each or kg), several tax components and manual
//! discounts, plus order-level manual discounts. `Basket::from(&Cart)` lifts the terminal's simple cart.

use crate::cart::{Cart, CartLine};
use crate::catalog::{ChosenModifier, Product, TaxRate};
use crate::discount::ManualDiscount;
use crate::tax::TaxComponent;
pub use crate::unit::Unit;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One line to price.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BasketLine {
    pub product_id: String,
    pub name: String,
    pub sku: String,
    /// Category for promotions and for revenue accounts in the ledger.
    #[serde(default)]
    pub category_id: String,
    /// Catalog price per unit (per kg for weighed goods), tax-inclusive or exclusive per the store's mode.
    /// A price list may replace it (see `PriceList`).
    pub unit_price: Decimal,
    pub quantity: Decimal,
    #[serde(default)]
    pub unit: Unit,
    /// Taxes in the order they apply (a compound component applies to the ones before it).
    pub taxes: Vec<TaxComponent>,
    /// A cashier's discount on this line.
    #[serde(default)]
    pub discount: Option<ManualDiscount>,
    /// Modifier options chosen for the item ("oat milk +0.40"): each delta is added to the unit price.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modifiers: Vec<ChosenModifier>,
}

impl BasketLine {
    /// A line for `quantity` of `product`, with its taxes already resolved.
    pub fn of(product: &Product, quantity: Decimal, unit: Unit, taxes: Vec<TaxComponent>) -> Self {
        BasketLine {
            product_id: product.id.clone(),
            name: product.name.clone(),
            sku: product.sku.clone(),
            category_id: product.category_id.clone(),
            unit_price: product.price,
            quantity,
            unit,
            taxes,
            discount: None,
            modifiers: vec![],
        }
    }

    /// A line for `quantity` of `product` with its single catalog tax rate.
    pub fn with_rate(product: &Product, quantity: Decimal, unit: Unit, rate: &TaxRate) -> Self {
        BasketLine::of(product, quantity, unit, vec![TaxComponent::from(rate)])
    }
}

impl From<&CartLine> for BasketLine {
    fn from(l: &CartLine) -> Self {
        BasketLine {
            product_id: l.product_id.clone(),
            name: l.name.clone(),
            sku: l.sku.clone(),
            category_id: String::new(),
            unit_price: l.unit_price,
            quantity: l.quantity,
            unit: Unit::Each,
            taxes: vec![TaxComponent::new(
                &l.tax_rate_id,
                &l.tax_name,
                l.tax_percent,
            )],
            discount: None,
            modifiers: vec![],
        }
    }
}

/// What the engine prices: the lines and the cashier's order discounts (applied in order, after promotions).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Basket {
    pub lines: Vec<BasketLine>,
    #[serde(default)]
    pub order_discounts: Vec<ManualDiscount>,
}

impl From<&Cart> for Basket {
    fn from(cart: &Cart) -> Self {
        Basket {
            lines: cart.lines.iter().map(BasketLine::from).collect(),
            order_discounts: vec![],
        }
    }
}
