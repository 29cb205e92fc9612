//! The store's quick keys, as last pulled (`Change::QuickKeys`), and the grid the till's first screen shows:
//! each key resolved against the catalog held (a key whose product is not held or no longer active is left
//! out), labelled with its label or else the product's name, in a colour of the palette (an unknown colour,
//! from a newer server, shows as grey) and with the product's image when the catalog has one.

use super::catalog::Catalog;
use serde::{Deserialize, Serialize};
use shared::catalog::Product;
use shared::quick_keys::{QuickKey, QuickKeys, COLOURS};

/// The colour a key shows when its own is not in this till's palette.
pub const FALLBACK_COLOUR: &str = "grey";

/// The pulled layout, in grid order (empty until one is pulled).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuickKeyLayout(Vec<QuickKey>);

/// One key on the grid.
#[derive(Clone, Debug, PartialEq)]
pub struct QuickTile {
    pub product: Product,
    pub label: String,
    /// One of the palette's names: the tile's style class is `qk-{colour}`.
    pub colour: &'static str,
    pub image: Option<String>,
}

impl QuickKeyLayout {
    /// The store's layout pulled anew replaces the one held.
    pub fn apply(&mut self, pulled: &QuickKeys) {
        self.0 = pulled.keys.clone();
    }

    /// The keys whose products `catalog` holds, in grid order.
    pub fn tiles(&self, catalog: &Catalog) -> Vec<QuickTile> {
        self.0
            .iter()
            .filter_map(|key| {
                let product = catalog.product(&key.product_id).filter(|p| p.active)?;
                let label = key
                    .label
                    .as_deref()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .unwrap_or(&product.name)
                    .to_string();
                let colour = COLOURS
                    .iter()
                    .find(|c| **c == key.colour)
                    .copied()
                    .unwrap_or(FALLBACK_COLOUR);
                let image = product.image.clone().filter(|i| !i.trim().is_empty());
                Some(QuickTile {
                    product: product.clone(),
                    label,
                    colour,
                    image,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn product(id: &str, name: &str, image: Option<&str>) -> Product {
        Product {
            id: id.into(),
            name: name.into(),
            active: true,
            image: image.map(Into::into),
            ..Default::default()
        }
    }

    fn key(id: &str, colour: &str, label: Option<&str>) -> QuickKey {
        QuickKey {
            product_id: id.into(),
            colour: colour.into(),
            label: label.map(Into::into),
        }
    }

    fn layout(keys: Vec<QuickKey>) -> QuickKeyLayout {
        let mut l = QuickKeyLayout::default();
        l.apply(&QuickKeys {
            store_id: Uuid::nil(),
            keys,
            version: 1,
        });
        l
    }

    fn catalog() -> Catalog {
        let mut c = Catalog::default();
        c.apply_products([
            product("bread", "Sourdough Loaf 750g", Some("/img/bread.webp")),
            product("milk", "Whole Milk 1L", None),
        ]);
        c
    }

    #[test]
    fn keys_show_in_grid_order_with_label_colour_and_image() {
        let tiles = layout(vec![
            key("milk", "blue", None),
            key("bread", "brown", Some("Bread")),
        ])
        .tiles(&catalog());
        let shown: Vec<_> = tiles
            .iter()
            .map(|t| {
                (
                    t.product.id.as_str(),
                    t.label.as_str(),
                    t.colour,
                    t.image.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("milk", "Whole Milk 1L", "blue", None),
                ("bread", "Bread", "brown", Some("/img/bread.webp")),
            ]
        );
    }

    #[test]
    fn a_key_for_a_product_not_held_is_left_out() {
        let tiles =
            layout(vec![key("gone", "red", None), key("milk", "red", None)]).tiles(&catalog());
        assert_eq!(tiles.len(), 1);
        assert_eq!(tiles[0].product.id, "milk");
    }

    #[test]
    fn an_unknown_colour_or_blank_label_falls_back() {
        let tiles = layout(vec![key("milk", "ultraviolet", Some("  "))]).tiles(&catalog());
        assert_eq!(tiles[0].colour, FALLBACK_COLOUR);
        assert_eq!(tiles[0].label, "Whole Milk 1L");
    }

    #[test]
    fn a_new_layout_replaces_the_old_one() {
        let mut l = layout(vec![key("milk", "red", None), key("bread", "red", None)]);
        l.apply(&QuickKeys {
            store_id: Uuid::nil(),
            keys: vec![key("bread", "green", None)],
            version: 2,
        });
        assert_eq!(l.tiles(&catalog()).len(), 1);
        assert!(QuickKeyLayout::default().tiles(&catalog()).is_empty());
    }
}
