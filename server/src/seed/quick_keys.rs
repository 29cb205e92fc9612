//! The demo's quick keys: a grid of favourites (bread, milk, coffee, apples…) for the first store's tills,
//! each in a colour of the palette, written through the same audited write as the API (actor: the system).

use crate::auth::audit::{self, AuditExt};
use crate::store::{Store, StoreResult};
use chrono::{DateTime, Utc};
use serde_json::json;
use shared::catalog::Product;
use shared::quick_keys::{QuickKey, QuickKeysUpdate};
use shared::stores::DEFAULT_STORE_ID;

/// What the demo's keys are for (the first product whose name holds the word), with colour and label.
const FAVOURITES: &[(&str, &str, &str)] = &[
    ("Sourdough", "brown", "Bread"),
    ("Whole Milk", "blue", "Milk"),
    ("Coffee", "orange", "Coffee"),
    ("Apples", "green", "Apples"),
    ("Banana", "yellow", "Bananas"),
    ("Butter 250g", "yellow", "Butter"),
    ("Mineral Water", "teal", "Water"),
    ("Croissant", "orange", "Croissants"),
    ("Eggs", "grey", "Eggs"),
    ("Orange Juice", "orange", "Juice"),
    ("Greek Yogurt", "purple", "Yogurt"),
    ("Tomato", "red", "Tomatoes"),
];

/// The demo's keys among `products` (a favourite no product matches is left out).
pub fn demo_quick_keys(products: &[Product]) -> Vec<QuickKey> {
    let mut keys: Vec<QuickKey> = Vec::new();
    for (word, colour, label) in FAVOURITES {
        let found = products
            .iter()
            .find(|p| p.name.contains(word) && keys.iter().all(|k| k.product_id != p.id));
        if let Some(p) = found {
            keys.push(QuickKey {
                product_id: p.id.clone(),
                colour: (*colour).into(),
                label: Some((*label).into()),
            });
        }
    }
    keys
}

/// Store the demo's keys for the first store (on a freshly seeded demo database).
pub async fn seed(store: &dyn Store, products: &[Product], now: DateTime<Utc>) -> StoreResult<()> {
    let upd = QuickKeysUpdate {
        keys: demo_quick_keys(products),
        version: 0,
    };
    let entry = audit::entry(now, audit::system(), "store.quick_keys", audit::SUCCESS)
        .target(DEFAULT_STORE_ID)
        .details(json!({ "version": 0, "keys": upd.keys.len(), "demo": true }));
    store
        .put_quick_keys(DEFAULT_STORE_ID, &upd, &entry)
        .await
        .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_has_eight_to_twelve_valid_keys() {
        let keys = demo_quick_keys(&crate::seed::demo_products());
        assert!((8..=12).contains(&keys.len()), "{} keys", keys.len());
        assert_eq!(shared::quick_keys::validate(&keys), Ok(()));
    }
}
