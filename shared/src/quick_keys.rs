//! Quick keys: a store's manager-arranged grid of favourites on the till's first screen, each a product with
//! a colour from a small named palette and an optional label. One layout per store, versioned; the store's
//! tills pull it as `Change::QuickKeys`.
//!
//! Named rule **quick-key layout**: at most [`MAX_QUICK_KEYS`] keys, each naming a product once, with a colour
//! of [`COLOURS`] and a label of at most [`MAX_LABEL`] characters without control characters.

use crate::catalog::validate::{FieldError, Problem};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Most keys in a store's layout.
pub const MAX_QUICK_KEYS: usize = 48;
/// Longest key label (characters).
pub const MAX_LABEL: usize = 24;
/// The palette a key's colour is named from (the till maps each to a style class).
pub const COLOURS: [&str; 10] = [
    "grey", "red", "orange", "yellow", "green", "teal", "blue", "purple", "pink", "brown",
];

/// One key: the product it adds, its colour and, if set, the label shown instead of the product's name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuickKey {
    pub product_id: String,
    /// One of [`COLOURS`].
    pub colour: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// A store's quick keys, in grid order (version 0: none stored yet).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuickKeys {
    pub store_id: Uuid,
    pub keys: Vec<QuickKey>,
    #[serde(default)]
    pub version: i64,
}

/// The layout as it should be, with the `version` read (0 when the store had none).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuickKeysUpdate {
    pub keys: Vec<QuickKey>,
    pub version: i64,
}

/// The quick-key layout rule, each failure naming its field as the JSON spells it (`keys[2].colour`).
pub fn validate(keys: &[QuickKey]) -> Result<(), Vec<FieldError>> {
    let mut found = Vec::new();
    if keys.len() > MAX_QUICK_KEYS {
        found.push(FieldError::new(
            "keys",
            Problem::AboveLimit(MAX_QUICK_KEYS as u64),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, key) in keys.iter().enumerate() {
        if key.product_id.trim().is_empty() {
            found.push(FieldError::new(
                format!("keys[{i}].product_id"),
                Problem::Empty,
            ));
        } else if !seen.insert(key.product_id.as_str()) {
            found.push(FieldError::new(
                format!("keys[{i}].product_id"),
                Problem::Duplicate(key.product_id.clone()),
            ));
        }
        if !COLOURS.contains(&key.colour.as_str()) {
            found.push(FieldError::new(
                format!("keys[{i}].colour"),
                Problem::Unknown(key.colour.clone()),
            ));
        }
        if let Some(label) = &key.label {
            if label.chars().count() > MAX_LABEL {
                found.push(FieldError::new(
                    format!("keys[{i}].label"),
                    Problem::TooLong(MAX_LABEL),
                ));
            } else if label.chars().any(char::is_control) {
                found.push(FieldError::new(
                    format!("keys[{i}].label"),
                    Problem::ControlCharacter,
                ));
            }
        }
    }
    if found.is_empty() {
        Ok(())
    } else {
        Err(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(product: &str, colour: &str) -> QuickKey {
        QuickKey {
            product_id: product.into(),
            colour: colour.into(),
            label: None,
        }
    }

    fn fields(keys: &[QuickKey]) -> Vec<String> {
        validate(keys)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn a_layout_of_known_colours_and_distinct_products_passes() {
        assert_eq!(validate(&[key("a", "green"), key("b", "red")]), Ok(()));
        assert_eq!(validate(&[]), Ok(()));
    }

    #[test]
    fn an_unknown_colour_names_its_key() {
        assert_eq!(
            fields(&[key("a", "green"), key("b", "chartreuse")]),
            ["keys[1].colour"]
        );
    }

    #[test]
    fn a_product_twice_is_refused_at_its_second_key() {
        assert_eq!(
            fields(&[key("a", "green"), key("a", "red")]),
            ["keys[1].product_id"]
        );
    }

    #[test]
    fn more_than_48_keys_are_refused() {
        let keys: Vec<_> = (0..=MAX_QUICK_KEYS)
            .map(|i| key(&format!("p{i}"), "blue"))
            .collect();
        assert_eq!(fields(&keys), ["keys"]);
        assert_eq!(validate(&keys[..MAX_QUICK_KEYS]), Ok(()));
    }

    #[test]
    fn a_long_or_control_label_is_refused() {
        let mut long = key("a", "teal");
        long.label = Some("x".repeat(MAX_LABEL + 1));
        let mut bell = key("b", "teal");
        bell.label = Some("a\u{7}".into());
        assert_eq!(fields(&[long, bell]), ["keys[0].label", "keys[1].label"]);
    }

    #[test]
    fn a_key_without_label_has_no_label_on_the_wire() {
        let json = serde_json::to_string(&key("a", "red")).expect("json");
        assert_eq!(json, r#"{"product_id":"a","colour":"red"}"#);
    }
}
