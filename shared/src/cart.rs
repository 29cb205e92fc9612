//! The cart being rung up: lines with quantities, edited by the cashier before payment.

use crate::catalog::{Product, TaxRate, UnknownTaxRate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use thiserror::Error;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    pub product_id: String,
    pub name: String,
    pub sku: String,
    pub barcode: Option<String>,
    pub unit_price: Decimal,
    pub quantity: Decimal,
    pub tax_rate_id: String,
    pub tax_name: String,
    pub tax_percent: Decimal,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cart {
    pub lines: Vec<CartLine>,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum CartError {
    #[error(transparent)]
    UnknownTaxRate(#[from] UnknownTaxRate),
    #[error("no line {0} in the cart")]
    NoSuchLine(usize),
}

impl Cart {
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Number of items (sum of quantities).
    pub fn item_count(&self) -> Decimal {
        self.lines.iter().map(|l| l.quantity).sum()
    }

    /// Add one unit of `product`; a product already in the cart gets its quantity raised instead of a new line.
    /// Returns the index of the line that changed.
    pub fn add(&mut self, product: &Product, rates: &[TaxRate]) -> Result<usize, CartError> {
        if let Some(i) = self.lines.iter().position(|l| l.product_id == product.id) {
            self.lines[i].quantity += Decimal::ONE;
            return Ok(i);
        }
        let rate = product.tax_rate(rates)?;
        self.lines.push(CartLine {
            product_id: product.id.clone(),
            name: product.name.clone(),
            sku: product.sku.clone(),
            barcode: product.barcode.clone(),
            unit_price: product.price,
            quantity: Decimal::ONE,
            tax_rate_id: rate.id.clone(),
            tax_name: rate.name.clone(),
            tax_percent: rate.percent,
        });
        Ok(self.lines.len() - 1)
    }

    /// Set a line's quantity; zero or less removes the line.
    pub fn set_quantity(&mut self, line: usize, quantity: Decimal) -> Result<(), CartError> {
        if line >= self.lines.len() {
            return Err(CartError::NoSuchLine(line));
        }
        if quantity <= Decimal::ZERO {
            self.lines.remove(line);
        } else {
            self.lines[line].quantity = quantity;
        }
        Ok(())
    }

    pub fn increment(&mut self, line: usize) -> Result<(), CartError> {
        let q = self
            .lines
            .get(line)
            .ok_or(CartError::NoSuchLine(line))?
            .quantity;
        self.set_quantity(line, q + Decimal::ONE)
    }

    pub fn decrement(&mut self, line: usize) -> Result<(), CartError> {
        let q = self
            .lines
            .get(line)
            .ok_or(CartError::NoSuchLine(line))?
            .quantity;
        self.set_quantity(line, q - Decimal::ONE)
    }

    pub fn remove(&mut self, line: usize) -> Result<(), CartError> {
        self.set_quantity(line, Decimal::ZERO)
    }

    pub fn clear(&mut self) {
        self.lines.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn product(id: &str) -> Product {
        Product {
            id: id.into(),
            sku: id.into(),
            name: format!("P {id}"),
            barcode: None,
            category_id: "c".into(),
            price: dec!(1.99),
            tax_rate_id: "std".into(),
            active: true,
            version: 1,
            unit: Default::default(),
            ..Default::default()
        }
    }

    fn rates() -> Vec<TaxRate> {
        vec![TaxRate {
            id: "std".into(),
            name: "VAT 19%".into(),
            percent: dec!(19),
        }]
    }

    #[test]
    fn adding_twice_raises_quantity() {
        let mut c = Cart::default();
        c.add(&product("a"), &rates()).unwrap();
        c.add(&product("a"), &rates()).unwrap();
        c.add(&product("b"), &rates()).unwrap();
        assert_eq!(c.lines.len(), 2);
        assert_eq!(c.lines[0].quantity, dec!(2));
        assert_eq!(c.item_count(), dec!(3));
    }

    #[test]
    fn decrement_to_zero_removes() {
        let mut c = Cart::default();
        c.add(&product("a"), &rates()).unwrap();
        c.decrement(0).unwrap();
        assert!(c.is_empty());
        assert_eq!(c.decrement(0), Err(CartError::NoSuchLine(0)));
    }

    #[test]
    fn unknown_tax_rate_is_an_error() {
        let mut c = Cart::default();
        let mut p = product("a");
        p.tax_rate_id = "zero".into();
        assert!(matches!(
            c.add(&p, &rates()),
            Err(CartError::UnknownTaxRate(_))
        ));
    }
}
