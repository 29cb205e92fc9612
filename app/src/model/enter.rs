//! What Enter in the search box does with the text typed: a barcode adds its product, other text adds the
//! first search match. The product grid marks that same product, so the cashier sees what Enter will add.
//! When the matches are sold both by the piece and by weight ("apples"), Enter adds nothing and asks the
//! cashier to tap one: the grid shows both, each marked "per kg" or "each".

use super::catalog::{Catalog, SEARCH_LIMIT};
use shared::barcode::looks_like_barcode;
use shared::catalog::Product;

#[derive(Clone, Debug, PartialEq)]
pub enum Enter {
    /// Nothing typed.
    Nothing,
    Add(Box<Product>),
    /// Scanner input with no product.
    UnknownBarcode(String),
    /// Text no product matches.
    NoMatch(String),
    /// Text matching products sold by the piece and by weight: the cashier picks one.
    Choose(String),
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
        let matches = catalog.search(text, SEARCH_LIMIT);
        let Some(first) = matches.first() else {
            return Enter::NoMatch(text.to_string());
        };
        if mixes_units(&matches) {
            return Enter::Choose(text.to_string());
        }
        Enter::Add(Box::new(first.clone()))
    }

    /// The product Enter adds.
    pub fn product(&self) -> Option<&Product> {
        match self {
            Enter::Add(p) => Some(p),
            _ => None,
        }
    }

    /// The cashier's words when Enter adds nothing.
    pub fn problem(&self) -> Option<String> {
        match self {
            Enter::UnknownBarcode(code) => Some(format!("No product with barcode {code}")),
            Enter::NoMatch(text) => Some(format!("No product matches \u{201c}{text}\u{201d}")),
            Enter::Choose(text) => Some(format!(
                "\u{201c}{text}\u{201d} is sold per kg and by the piece: tap the one you mean."
            )),
            Enter::Nothing | Enter::Add(_) => None,
        }
    }
}

/// Products sold by the piece and by weight among `products`: the grid then marks both kinds.
pub fn mixes_units(products: &[Product]) -> bool {
    products
        .first()
        .is_some_and(|first| products.iter().any(|p| p.unit != first.unit))
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
    fn pieces_and_weighed_goods_are_not_added_blindly() {
        let mut c = catalog();
        let mut each = product("ap", Unit::Each);
        each.name = "Apples 1kg bag".into();
        let mut kg = product("ak", Unit::Kilogram);
        kg.name = "Apples loose".into();
        c.apply_products(vec![each, kg]);
        let enter = Enter::on(&c, "apples");
        assert_eq!(enter, Enter::Choose("apples".into()));
        assert!(enter.product().is_none());
        assert_eq!(
            enter.problem().as_deref(),
            Some("\u{201c}apples\u{201d} is sold per kg and by the piece: tap the one you mean.")
        );
        assert_eq!(
            Enter::on(&c, "apples loose")
                .product()
                .map(|p| p.id.as_str()),
            Some("ak")
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
