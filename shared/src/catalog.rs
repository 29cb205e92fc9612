//! The catalog as terminals see it: store settings, tax rates, categories and products.

use crate::money::{Currency, RoundingMode};
use crate::tax::TaxComponent;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Whether shelf prices include tax (VAT, Europe) or tax is added at the till (US sales tax).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TaxMode {
    #[default]
    Inclusive,
    Exclusive,
}

/// Where tax is rounded to the minor unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TaxRounding {
    /// Each line's tax is rounded, and the document's tax per rate is the sum of the rounded line taxes.
    #[default]
    PerLine,
    /// Line amounts are summed per rate first; tax is computed and rounded once per rate on the document.
    PerDocument,
}

/// Store-wide settings that pricing and receipts depend on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoreSettings {
    pub name: String,
    pub address: Vec<String>,
    pub currency: Currency,
    pub tax_mode: TaxMode,
    pub tax_rounding: TaxRounding,
    pub rounding: RoundingMode,
}

impl Default for StoreSettings {
    fn default() -> Self {
        StoreSettings {
            name: "Demo Store".into(),
            address: vec![],
            currency: Currency::eur(),
            tax_mode: TaxMode::Inclusive,
            tax_rounding: TaxRounding::PerLine,
            rounding: RoundingMode::HalfUp,
        }
    }
}

/// A tax rate, e.g. `{ id: "std", name: "VAT 19%", percent: 19 }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaxRate {
    pub id: String,
    pub name: String,
    /// Percent, e.g. `19` or `8.875`.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub percent: Decimal,
}

/// A catalog rate is one plain tax component of the lines that use it.
impl From<&TaxRate> for TaxComponent {
    fn from(rate: &TaxRate) -> Self {
        TaxComponent::new(&rate.id, &rate.name, rate.percent)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Category {
    pub id: String,
    pub name: String,
    /// Display order in the category grid.
    pub position: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Product {
    pub id: String,
    pub sku: String,
    pub name: String,
    /// GTIN (EAN-13, UPC-A, EAN-8) printed on the item, if any.
    pub barcode: Option<String>,
    pub category_id: String,
    /// Shelf price per unit: tax-inclusive or tax-exclusive according to the store's `TaxMode`.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub price: Decimal,
    pub tax_rate_id: String,
    /// False when the product is withdrawn; terminals drop it from the catalog.
    pub active: bool,
    /// Optimistic version, bumped on every change.
    pub version: i64,
    /// `each` (whole pieces) or `kilogram` (weighed: `price` is per kg, quantities have up to 3 decimals).
    #[serde(default)]
    pub unit: crate::unit::Unit,
}

/// A product names a tax rate the terminal does not have (yet): it cannot be sold until the catalog syncs.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("product {product} has tax rate {rate}, which this terminal does not know")]
pub struct UnknownTaxRate {
    pub product: String,
    pub rate: String,
}

impl Product {
    /// The product's tax rate among `rates`: the one lookup every cart uses.
    pub fn tax_rate<'a>(&self, rates: &'a [TaxRate]) -> Result<&'a TaxRate, UnknownTaxRate> {
        rates
            .iter()
            .find(|r| r.id == self.tax_rate_id)
            .ok_or_else(|| UnknownTaxRate {
                product: self.name.clone(),
                rate: self.tax_rate_id.clone(),
            })
    }
}

/// A customer as terminals know them: for the customer picker, group prices, exemptions and store credit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerRecord {
    pub id: String,
    pub name: String,
    /// Customer group for price lists and promotions (e.g. `staff`, `wholesale`).
    #[serde(default)]
    pub group: Option<String>,
    #[serde(default)]
    pub exemption: crate::tax::TaxExemption,
    /// Store credit the server last knew of.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub store_credit: Decimal,
    #[serde(default)]
    pub loyalty_points: u64,
}

/// A gift card's balance as the server last knew it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GiftCardBalance {
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub balance: Decimal,
}
