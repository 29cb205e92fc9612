//! The price check: scan or search to see what an item costs (per piece, kg or litre) without adding it. A
//! barcode shows its one product; text shows the first few matches. Stock shows here once the catalog carries
//! it.

use super::catalog::Catalog;
use shared::barcode::looks_like_barcode;
use shared::catalog::Product;

/// How many matches a text search shows.
pub const PRICE_CHECK_LIMIT: usize = 8;

#[derive(Clone, Debug, PartialEq)]
pub enum PriceCheck {
    /// Nothing typed yet.
    Nothing,
    Found(Vec<Product>),
    /// A scanned code no product carries.
    UnknownBarcode(String),
    NoMatch(String),
}

impl PriceCheck {
    pub fn of(catalog: &Catalog, text: &str) -> PriceCheck {
        let text = text.trim();
        if text.is_empty() {
            return PriceCheck::Nothing;
        }
        if looks_like_barcode(text) {
            return match catalog.by_barcode(text) {
                Some(p) => PriceCheck::Found(vec![p.clone()]),
                None => PriceCheck::UnknownBarcode(text.to_string()),
            };
        }
        let found = catalog.search(text, PRICE_CHECK_LIMIT);
        if found.is_empty() {
            PriceCheck::NoMatch(text.to_string())
        } else {
            PriceCheck::Found(found)
        }
    }

    /// What the dialog says when nothing is found.
    pub fn problem(&self) -> Option<String> {
        match self {
            PriceCheck::UnknownBarcode(code) => Some(format!("No product with barcode {code}")),
            PriceCheck::NoMatch(text) => Some(format!("No product matches \u{201c}{text}\u{201d}")),
            PriceCheck::Nothing | PriceCheck::Found(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::order::tests::product;
    use shared::basket::Unit;

    fn catalog() -> Catalog {
        let mut soap = product("soap", Unit::Each);
        soap.name = "Soap bar".into();
        soap.barcode = Some("4006381333931".into());
        let mut apples = product("apples", Unit::Kilogram);
        apples.name = "Apples".into();
        let mut c = Catalog::default();
        c.apply_products(vec![soap, apples]);
        c
    }

    #[test]
    fn a_scan_or_a_search_shows_prices_without_adding() {
        let c = catalog();
        assert_eq!(PriceCheck::of(&c, "  "), PriceCheck::Nothing);
        match PriceCheck::of(&c, "4006381333931") {
            PriceCheck::Found(p) => assert_eq!(p[0].id, "soap"),
            other => panic!("{other:?}"),
        }
        match PriceCheck::of(&c, "appl") {
            PriceCheck::Found(p) => assert_eq!(p[0].id, "apples"),
            other => panic!("{other:?}"),
        }
        let unknown = PriceCheck::of(&c, "4006381333948");
        assert_eq!(
            unknown.problem().as_deref(),
            Some("No product with barcode 4006381333948")
        );
        assert_eq!(
            PriceCheck::of(&c, "zzz").problem().as_deref(),
            Some("No product matches \u{201c}zzz\u{201d}")
        );
    }
}
