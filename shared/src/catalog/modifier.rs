//! Modifier groups: choices offered when an item is sold, each with a price delta ("Milk: oat +0.40"), with
//! how many of them must and may be chosen; `ChosenModifier`: an option as sold on a line, priced into the
//! line's unit price by the engine and recorded on the document.

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

/// A modifier option chosen for a sale line, copied from the catalog when it was sold: the engine adds its
/// `price_delta` to the line's unit price, and the document keeps it.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChosenModifier {
    /// The modifier group it was chosen in.
    pub group_id: String,
    /// The option's name, e.g. `Oat`.
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub price_delta: Decimal,
}

/// What the chosen options add to a unit price together.
pub fn deltas(chosen: &[ChosenModifier]) -> Decimal {
    chosen.iter().map(|m| m.price_delta).sum()
}

impl ModifierGroup {
    /// The options named `names` as chosen ones, if they are this group's options (each once) and their number
    /// is within `min_choices..=max_choices`; else `None`.
    pub fn choose(&self, names: &[&str]) -> Option<Vec<ChosenModifier>> {
        let count = u32::try_from(names.len()).ok()?;
        if count < self.min_choices || count > self.max_choices {
            return None;
        }
        let mut chosen = Vec::with_capacity(names.len());
        for (i, name) in names.iter().enumerate() {
            if names[..i].contains(name) {
                return None;
            }
            let option = self.options.iter().find(|o| o.name == *name)?;
            chosen.push(ChosenModifier {
                group_id: self.id.clone(),
                name: option.name.clone(),
                price_delta: option.price_delta,
            });
        }
        Some(chosen)
    }
}
