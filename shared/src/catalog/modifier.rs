//! Modifier groups: choices offered when an item is sold, each with a price delta ("Milk: oat +0.40"), with
//! how many of them must and may be chosen.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A set of choices sold with an item, e.g. "Milk" (choose exactly one) or "Extras" (up to three).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ModifierGroup {
    pub id: String,
    pub name: String,
    /// At least this many options must be chosen (0: optional).
    pub min_choices: u32,
    /// At most this many options may be chosen.
    pub max_choices: u32,
    pub options: Vec<ModifierOption>,
    /// False when archived: no longer offered.
    pub active: bool,
    /// Optimistic version, bumped on every change.
    pub version: i64,
}

/// One choice of a modifier group and what it adds to the item's unit price (negative: takes off).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ModifierOption {
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub price_delta: Decimal,
}
