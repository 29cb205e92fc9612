//! Products with options: a `ProductGroup` (the T-shirt) names its options (`["Size", "Colour"]`); each
//! variant is a `Product` of its own whose `variant` says which group and which value of each option.

use serde::{Deserialize, Serialize};

/// The parent of variants: what the shop calls the product, where it is filed and which options it varies by.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductGroup {
    pub id: String,
    pub name: String,
    pub category_id: String,
    /// The options its variants differ by, in display order, e.g. `["Size", "Colour"]`.
    pub option_names: Vec<String>,
    /// False when archived (its variants are archived with it).
    pub active: bool,
    /// Optimistic version, bumped on every change.
    pub version: i64,
}

/// Which group a product is a variant of, and its value of each of the group's options (in the group's order).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VariantOf {
    pub group_id: String,
    pub options: Vec<OptionValue>,
}

/// One option's value, e.g. `Size` = `M`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OptionValue {
    pub name: String,
    pub value: String,
}

impl OptionValue {
    pub fn new(name: &str, value: &str) -> Self {
        OptionValue {
            name: name.into(),
            value: value.into(),
        }
    }
}

impl VariantOf {
    /// The option values as one label, e.g. `M / Red`.
    pub fn label(&self) -> String {
        self.options
            .iter()
            .map(|o| o.value.as_str())
            .collect::<Vec<_>>()
            .join(" / ")
    }
}
