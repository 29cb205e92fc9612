//! What Enter in the search box does with the text typed: a barcode adds its product, other text adds the
//! first search match. The product grid marks that same product, so the cashier sees what Enter will add.

use super::catalog::Catalog;
use shared::barcode::looks_like_barcode;
use shared::catalog::Product;

#[derive(Clone, Debug, PartialEq)]
pub enum Enter {
    /// Nothing typed.
    Nothing,
    /// Boxed: a product is large beside the other variants.
    Add(Box<Product>),
    /// Scanner input with no product.
    UnknownBarcode(String),
    /// Text no product matches.
    NoMatch(String),
}

impl Enter {
    /// What Enter does with `text`.
    pub fn on(catalog: &Catalog, text: &str) -> Enter {
        let text = text.trim();
        if text.is_empty() {
            return Enter::Nothing;
        }
        if looks_like_barcode(text) {
            return match catalog.by_barcode(text) {
                Some(p) => Enter::Add(Box::new(p.clone())),
                None => Enter::UnknownBarcode(text.to_string()),
            };
        }
        match catalog.search(text, 1).into_iter().next() {
            Some(p) => Enter::Add(Box::new(p)),
            None => Enter::NoMatch(text.to_string()),
        }
    }

    /// The product Enter adds.
    pub fn product(&self) -> Option<&Product> {
        match self {
            Enter::Add(p) => Some(p.as_ref()),
            _ => None,
        }
    }

    /// The cashier's words when Enter adds nothing.
    pub fn problem(&self) -> Option<String> {
        match self {
            Enter::UnknownBarcode(code) => Some(format!("No product with barcode {code}")),
            Enter::NoMatch(text) => Some(format!("No product matches \u{201c}{text}\u{201d}")),
            Enter::Nothing | Enter::Add(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::order::tests::product;
    use shared::basket::Unit;

    fn catalog() -> Catalog {
        let mut milk = product("milk", Unit::Each);
        milk.name = "Milk".into();
        milk.barcode = Some("4006381333931".into());
        let mut buttermilk = product("bm", Unit::Each);
        buttermilk.name = "Buttermilk".into();
        let mut c = Catalog::default();
        c.apply_products(vec![buttermilk, milk]);
        c
    }

    #[test]
    fn text_adds_the_first_search_match() {
        let c = catalog();
        let first = c.search("milk", 30)[0].id.clone();
        assert_eq!(
            Enter::on(&c, " milk ").product().map(|p| p.id.clone()),
            Some(first)
        );
        assert_eq!(Enter::on(&c, "   "), Enter::Nothing);
        assert_eq!(
            Enter::on(&c, "cheese").problem().as_deref(),
            Some("No product matches \u{201c}cheese\u{201d}")
        );
    }

    #[test]
    fn a_barcode_adds_its_product_or_names_the_code() {
        let c = catalog();
        assert_eq!(
            Enter::on(&c, "4006381333931")
                .product()
                .map(|p| p.name.as_str()),
            Some("Milk")
        );
        let unknown = Enter::on(&c, "4006381333948");
        assert!(unknown.product().is_none());
        assert_eq!(
            unknown.problem().as_deref(),
            Some("No product with barcode 4006381333948")
        );
    }
}
