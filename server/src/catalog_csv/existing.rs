//! What the database already holds that a file is checked against: SKUs and barcodes, categories, tax rates,
//! modifier groups, product groups and the currency's decimals. Read from a full pull, so it sees every
//! entity the way terminals do.

use shared::catalog::{Product, ProductGroup};
use shared::sync::Change;
use std::collections::{HashMap, HashSet};

/// The catalog as an import checks against it.
#[derive(Clone, Debug, Default)]
pub struct Existing {
    /// Decimals of the store's currency (2 when the store has no settings yet).
    pub scale: u32,
    pub products: HashMap<String, Product>,
    /// Each barcode and the SKU of the item that has it.
    pub barcodes: HashMap<String, String>,
    pub categories: HashSet<String>,
    pub tax_rates: HashSet<String>,
    pub modifier_groups: HashSet<String>,
    pub groups: HashMap<String, ProductGroup>,
}

/// Decimals of a currency when the store has none configured.
const DEFAULT_SCALE: u32 = 2;

impl Existing {
    /// From the changes of a pull from 0 (each entity's latest state).
    pub fn from_changes(changes: Vec<Change>) -> Existing {
        let mut e = Existing {
            scale: DEFAULT_SCALE,
            ..Existing::default()
        };
        for change in changes {
            match change {
                Change::Settings(s) => e.scale = s.currency.scale,
                Change::Category(c) => {
                    e.categories.insert(c.id);
                }
                Change::TaxRate(r) => {
                    e.tax_rates.insert(r.id);
                }
                Change::ModifierGroup(g) => {
                    e.modifier_groups.insert(g.id);
                }
                Change::ProductGroup(g) => {
                    e.groups.insert(g.id.clone(), g);
                }
                Change::Product(p) => {
                    for code in p.barcodes() {
                        e.barcodes.insert(code.to_owned(), p.sku.clone());
                    }
                    e.products.insert(p.sku.clone(), p);
                }
                _ => {}
            }
        }
        e
    }
}
