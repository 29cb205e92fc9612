//! The catalog as terminals see it: store settings, tax rates, categories and products (each product is one
//! sellable item: a variant of a [`ProductGroup`] when it has options), with modifier groups for cafés.
//! `validate` holds the rules every write of them must pass (the API's and the CSV import's).

pub mod edit;
pub mod modifier;
pub mod validate;
pub mod variant;

pub use modifier::{ChosenModifier, ModifierGroup, ModifierOption};
pub use variant::{OptionValue, ProductGroup, VariantOf};

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
    /// The store's IANA time zone, e.g. `Europe/Berlin` (empty: not set, the till's own).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub time_zone: String,
    /// Printed above a receipt's lines (empty: none).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub receipt_header: String,
    /// Printed below a receipt's totals (empty: none).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub receipt_footer: String,
    /// The receipt logo: a reference to an image (a path or URL), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
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
            time_zone: String::new(),
            receipt_header: String::new(),
            receipt_footer: String::new(),
            logo: None,
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

/// One sellable item (for a product with options: one variant, e.g. the T-shirt in size M, red), with its own
/// SKU, barcodes, price and stock. Fields added after the first release are left out of the JSON when empty, so
/// products without them keep their bytes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Product {
    pub id: String,
    pub sku: String,
    pub name: String,
    /// GTIN (EAN-13, UPC-A, EAN-8) printed on the item, if any: its first barcode.
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
    /// `each` (whole pieces), `kilogram` or `litre` (measured: `price` is per kg or litre, quantities have up
    /// to 3 decimals).
    #[serde(default)]
    pub unit: crate::unit::Unit,
    /// Further barcodes of the same item (a new label, a supplier's code), after `barcode`. Stored in order,
    /// so an item stored with only these comes back with the first as its `barcode`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub more_barcodes: Vec<String>,
    /// What one unit costs the shop (for margins), if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::openapi::DecimalString>))]
    pub cost: Option<Decimal>,
    /// The product group this item is a variant of, with its option values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<VariantOf>,
    /// Whether each unit sold records a lot with its expiry date, or a serial number.
    #[serde(default, skip_serializing_if = "Tracking::is_none")]
    pub tracking: Tracking,
    /// Modifier groups offered when the item is sold (ids of [`ModifierGroup`]s), in display order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modifier_group_ids: Vec<String>,
    /// The item's image: a URL or the id of an uploaded image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
}

impl Product {
    /// Every barcode of the item: `barcode` first, then `more_barcodes`.
    pub fn barcodes(&self) -> impl Iterator<Item = &str> {
        self.barcode
            .iter()
            .chain(&self.more_barcodes)
            .map(String::as_str)
    }
}

/// Whether an item's units are traced individually.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Tracking {
    /// Not traced (most goods).
    #[default]
    None,
    /// Each unit belongs to a lot with an expiry date (food, medicine).
    LotExpiry,
    /// Each unit has its own serial number (electronics).
    Serial,
}

impl Tracking {
    pub fn is_none(&self) -> bool {
        *self == Tracking::None
    }
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
///
/// The person's fields (contact, consent, business, tags, card, version) came later: each is left out of the
/// JSON when empty, so customers pulled before them keep their bytes. An erased customer is pulled as
/// `erased` with every personal field gone (`CustomerRecord::anonymised`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<Consent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Asked for by a business customer; honoured by pricing only where the store policy allows it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub tax_exempt: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loyalty_card: Option<String>,
    /// The back office's edit version (0: not known to this reader).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub version: u64,
    /// Erased: the personal fields are gone; sales to them show "anonymised".
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub erased: bool,
    /// Merged into this customer: its sales count there, and tills offer that one instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<String>,
}

/// Marketing consent: given or withdrawn, when, and where (e.g. `till`, `web`, `import`). Here beside the
/// record that holds it (`customer.rs` re-exports it), so `catalog` does not import `customer`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Consent {
    pub given: bool,
    pub at: chrono::DateTime<chrono::Utc>,
    pub source: String,
}

fn is_zero(v: &u64) -> bool {
    *v == 0
}

/// A gift card's balance as the server last knew it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GiftCardBalance {
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub balance: Decimal,
}
