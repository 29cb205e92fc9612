//! The in-memory catalog: products by id and barcode, categories, and the search behind the search box.
//!
//! Products arrive as batches (a stored chunk or a pull page). A batch is applied in order: a later copy of a
//! product replaces an earlier one, and an inactive copy removes it.

use shared::catalog::{Category, Product};
use std::collections::HashMap;

/// Search results are capped: a cashier picks from the first screenful.
pub const SEARCH_LIMIT: usize = 30;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Catalog {
    /// Active products, sorted by name (case-insensitive), then id.
    products: Vec<Product>,
    /// Lowercased names, parallel to `products`.
    names: Vec<String>,
    by_id: HashMap<String, usize>,
    by_barcode: HashMap<String, usize>,
    /// Sorted by position, then name.
    categories: Vec<Category>,
}

impl Catalog {
    /// Apply a batch of products in order: later wins, inactive removes.
    pub fn apply_products(&mut self, batch: impl IntoIterator<Item = Product>) {
        let mut map: HashMap<String, Product> =
            self.products.drain(..).map(|p| (p.id.clone(), p)).collect();
        merge_into(&mut map, batch);
        self.products = map.into_values().collect();
        self.reindex();
    }

    /// Replace or add categories by id.
    pub fn upsert_categories(&mut self, categories: impl IntoIterator<Item = Category>) {
        for c in categories {
            match self.categories.iter_mut().find(|x| x.id == c.id) {
                Some(existing) => *existing = c,
                None => self.categories.push(c),
            }
        }
        self.categories.sort_by(|a, b| {
            a.position
                .cmp(&b.position)
                .then_with(|| a.name.cmp(&b.name))
        });
    }

    fn reindex(&mut self) {
        self.products
            .sort_by_cached_key(|p| (p.name.to_lowercase(), p.id.clone()));
        self.names = self
            .products
            .iter()
            .map(|p| p.name.to_lowercase())
            .collect();
        self.by_id = self
            .products
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        self.by_barcode = self
            .products
            .iter()
            .enumerate()
            .flat_map(|(i, p)| p.barcodes().map(move |b| (b.to_owned(), i)))
            .collect();
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.products.len()
    }

    pub fn is_empty(&self) -> bool {
        self.products.is_empty()
    }

    pub fn categories(&self) -> &[Category] {
        &self.categories
    }

    /// The active product with this id.
    pub fn product(&self, id: &str) -> Option<&Product> {
        self.by_id.get(id).map(|&i| &self.products[i])
    }

    /// The product with exactly this barcode.
    pub fn by_barcode(&self, code: &str) -> Option<&Product> {
        self.by_barcode.get(code.trim()).map(|&i| &self.products[i])
    }

    /// Products of one category (or all with `None`), by name.
    pub fn in_category(&self, category_id: Option<&str>) -> Vec<Product> {
        self.products
            .iter()
            .filter(|p| category_id.is_none_or(|c| p.category_id == c))
            .cloned()
            .collect()
    }

    /// Products matching typed text: name substring (every word), SKU, or barcode prefix. Best matches first:
    /// exact barcode or SKU, names starting with the text, names with a word starting with it, other name
    /// matches, then code prefixes.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Product> {
        let q = query.trim().to_lowercase();
        if q.is_empty() {
            return Vec::new();
        }
        let words: Vec<&str> = q.split_whitespace().collect();
        let mut hits: Vec<(u8, usize)> = Vec::new();
        for (i, p) in self.products.iter().enumerate() {
            let name = &self.names[i];
            let sku = p.sku.to_lowercase();
            let barcode = p.barcode.as_deref().unwrap_or("");
            let rank = if barcode == q || sku == q {
                0
            } else if name.starts_with(&q) {
                1
            } else if name.contains(&format!(" {q}")) {
                2
            } else if name.contains(&q) {
                3
            } else if words.len() > 1 && words.iter().all(|w| name.contains(w)) {
                4
            } else if (!barcode.is_empty() && barcode.starts_with(&q)) || sku.starts_with(&q) {
                5
            } else {
                continue;
            };
            hits.push((rank, i));
        }
        // Stable: within a rank, name order is kept.
        hits.sort_by_key(|&(rank, _)| rank);
        hits.into_iter()
            .take(limit)
            .map(|(_, i)| self.products[i].clone())
            .collect()
    }
}

fn merge_into(map: &mut HashMap<String, Product>, batch: impl IntoIterator<Item = Product>) {
    for p in batch {
        if p.active {
            map.insert(p.id.clone(), p);
        } else {
            map.remove(&p.id);
        }
    }
}

/// Fold stored chunks (in key order) into the active products they describe: used to compact storage.
pub fn merge_chunks(chunks: impl IntoIterator<Item = Vec<Product>>) -> Vec<Product> {
    let mut map = HashMap::new();
    for chunk in chunks {
        merge_into(&mut map, chunk);
    }
    let mut out: Vec<Product> = map.into_values().collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn p(id: &str, name: &str, barcode: Option<&str>, active: bool) -> Product {
        Product {
            id: id.into(),
            sku: format!("SKU-{id}"),
            name: name.into(),
            barcode: barcode.map(Into::into),
            category_id: "dairy".into(),
            price: Decimal::new(129, 2),
            tax_rate_id: "reduced".into(),
            active,
            version: 1,
            unit: Default::default(),
            ..Default::default()
        }
    }

    #[test]
    fn later_wins_and_inactive_removes() {
        let mut c = Catalog::default();
        c.apply_products(vec![
            p("1", "Milk", Some("4006381333931"), true),
            p("2", "Bread", None, true),
        ]);
        c.apply_products(vec![
            p("1", "Whole Milk", Some("4006381333931"), true),
            p("2", "Bread", None, false),
        ]);
        assert_eq!(c.len(), 1);
        assert_eq!(
            c.by_barcode("4006381333931").map(|x| x.name.as_str()),
            Some("Whole Milk")
        );
        assert!(c.product("2").is_none());
    }

    #[test]
    fn search_by_name_sku_and_barcode_prefix() {
        let mut c = Catalog::default();
        c.apply_products(vec![
            p("1", "Organic Whole Milk 1L", Some("4006381333931"), true),
            p("2", "Milk Chocolate", Some("4006381333948"), true),
            p("4", "Buttermilk", None, true),
            p("3", "Bread", Some("96385074"), true),
        ]);
        let names = |q: &str| {
            c.search(q, SEARCH_LIMIT)
                .into_iter()
                .map(|x| x.name)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names("milk"),
            vec!["Milk Chocolate", "Organic Whole Milk 1L", "Buttermilk"]
        );
        assert_eq!(names("whole 1l"), vec!["Organic Whole Milk 1L"]);
        assert_eq!(names("963"), vec!["Bread"]);
        assert_eq!(names("sku-3"), vec!["Bread"]);
        assert!(names("   ").is_empty());
        assert_eq!(c.search("4006", 1).len(), 1);
    }

    #[test]
    fn merge_chunks_keeps_active_latest() {
        let merged = merge_chunks(vec![
            vec![p("1", "A", None, true), p("2", "B", None, true)],
            vec![p("2", "B", None, false), p("1", "A2", None, true)],
        ]);
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].name, "A2");
    }
}
