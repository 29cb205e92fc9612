//! The order being rung up: the engine's basket lines (category, unit, taxes, a cashier's line discount), the
//! cashier's order discounts, the coupon codes entered and the customer it is for. Pure data and edits; it is
//! priced by `commerce::price_order`.
//!
//! Lines are addressed by product id: adding a product that is already in the order raises that line's
//! quantity (pieces by one, weighed goods by the weight entered).
//!
//! An `Order` is serde: the open order is kept in IndexedDB across reloads (`model::open_order`). New fields
//! take `#[serde(default)]`, so an order stored by an earlier build still reads.

use rust_decimal::Decimal;
use shared::basket::{Basket, BasketLine, Unit};
use shared::cart::CartError;
use shared::catalog::{CustomerRecord, Product, TaxRate};
use shared::discount::ManualDiscount;
use shared::document::StaffStamp;
use shared::promotion::normalize_code;

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Order {
    pub lines: Vec<BasketLine>,
    /// Applied in order, after promotions.
    pub order_discounts: Vec<ManualDiscount>,
    /// Codes as entered (normalized: trimmed, upper case), each once.
    pub coupons: Vec<String>,
    pub customer: Option<CustomerRecord>,
    /// The approval of a discount over the limit in this order (stamped on its sale).
    #[serde(default)]
    pub approval: Option<shared::document::Approval>,
    /// The staff member `approval` was given to: it counts for their sale only (`discount::approval_at_payment`).
    #[serde(default)]
    pub approved_for: Option<uuid::Uuid>,
    /// Who rang up the first line. The order belongs to the till (it survives signing out, like a ticket on
    /// the counter); this says who started it. The sale is stamped with the cashier who completes it.
    #[serde(default)]
    pub started_by: Option<StaffStamp>,
}

impl Order {
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Nothing at all: no line, discount, coupon, customer, approval. Such an order is not kept in storage.
    pub fn is_blank(&self) -> bool {
        *self == Order::default()
    }

    /// What the switch-cashier and sign-out dialogs say about an order on the till: it waits for whoever
    /// signs in next.
    pub fn waiting_note(&self) -> Option<String> {
        if self.is_empty() {
            return None;
        }
        let items = match self.item_count() {
            n if n == Decimal::ONE => "1 item".to_string(),
            n => format!("{} items", super::quantity(n)),
        };
        let customer = self
            .customer
            .as_ref()
            .map(|c| format!(" for {}", c.name))
            .unwrap_or_default();
        Some(format!(
            "An order of {items}{customer} is waiting: it stays on this till for the next cashier."
        ))
    }

    /// Note who started the order, unless someone already did.
    pub fn stamp_start(&mut self, who: Option<StaffStamp>) {
        if self.started_by.is_none() {
            self.started_by = who;
        }
    }

    /// Pieces counted one by one, each weighed line as one item.
    pub fn item_count(&self) -> Decimal {
        self.lines
            .iter()
            .map(|l| match l.unit {
                Unit::Each => l.quantity,
                Unit::Kilogram | Unit::Litre => Decimal::ONE,
            })
            .sum()
    }

    pub fn position(&self, product_id: &str) -> Option<usize> {
        self.lines.iter().position(|l| l.product_id == product_id)
    }

    pub fn line(&self, product_id: &str) -> Option<&BasketLine> {
        self.position(product_id).map(|i| &self.lines[i])
    }

    /// Add `quantity` of `product` (1 for pieces, the weight in kg for weighed goods). Returns the line's index.
    pub fn add(
        &mut self,
        product: &Product,
        quantity: Decimal,
        rates: &[TaxRate],
    ) -> Result<usize, CartError> {
        if let Some(i) = self.position(&product.id) {
            self.lines[i].quantity += quantity;
            return Ok(i);
        }
        let rate = product.tax_rate(rates)?;
        self.lines
            .push(BasketLine::with_rate(product, quantity, product.unit, rate));
        Ok(self.lines.len() - 1)
    }

    /// Change a piece line by `delta` units; at zero or below the line goes.
    pub fn step(&mut self, product_id: &str, delta: Decimal) {
        if let Some(i) = self.position(product_id) {
            let q = self.lines[i].quantity + delta;
            if q <= Decimal::ZERO {
                self.lines.remove(i);
            } else {
                self.lines[i].quantity = q;
            }
        }
    }

    /// Set a line's quantity (pieces typed on the keypad, or a new weight); callers remove at zero
    /// (`model::undo`).
    pub fn set_quantity(&mut self, product_id: &str, quantity: Decimal) {
        if let Some(i) = self.position(product_id) {
            self.lines[i].quantity = quantity;
        }
    }

    pub fn remove(&mut self, product_id: &str) {
        if let Some(i) = self.position(product_id) {
            self.lines.remove(i);
        }
    }

    pub fn set_line_discount(&mut self, product_id: &str, discount: Option<ManualDiscount>) {
        if let Some(i) = self.position(product_id) {
            self.lines[i].discount = discount;
        }
    }

    pub fn add_order_discount(&mut self, discount: ManualDiscount) {
        self.order_discounts.push(discount);
    }

    pub fn remove_order_discount(&mut self, index: usize) {
        if index < self.order_discounts.len() {
            self.order_discounts.remove(index);
        }
    }

    /// Enter a coupon code; returns the normalized code, or `None` when it is empty.
    pub fn add_coupon(&mut self, code: &str) -> Option<String> {
        let code = normalize_code(code);
        if code.is_empty() {
            return None;
        }
        if !self.coupons.contains(&code) {
            self.coupons.push(code.clone());
        }
        Some(code)
    }

    pub fn remove_coupon(&mut self, code: &str) {
        let code = normalize_code(code);
        self.coupons.retain(|c| *c != code);
    }

    /// Empty the order: lines, discounts, coupons and customer.
    pub fn clear(&mut self) {
        *self = Order::default();
    }

    /// What the engine prices.
    pub fn basket(&self) -> Basket {
        Basket {
            lines: self.lines.clone(),
            order_discounts: self.order_discounts.clone(),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    /// A product of category "fruit" at 2.99 with the "red" rate of `rates`.
    pub(crate) fn product(id: &str, unit: Unit) -> Product {
        Product {
            id: id.into(),
            sku: id.into(),
            name: format!("P {id}"),
            barcode: None,
            category_id: "fruit".into(),
            price: dec("2.99"),
            tax_rate_id: "red".into(),
            active: true,
            version: 1,
            unit,
            ..Default::default()
        }
    }

    pub(crate) fn rates() -> Vec<TaxRate> {
        vec![TaxRate {
            id: "red".into(),
            name: "VAT 7%".into(),
            percent: dec("7"),
        }]
    }

    #[test]
    fn lines_carry_category_unit_and_tax() {
        let mut o = Order::default();
        o.add(&product("a", Unit::Each), Decimal::ONE, &rates())
            .unwrap();
        o.add(&product("a", Unit::Each), Decimal::ONE, &rates())
            .unwrap();
        o.add(&product("k", Unit::Kilogram), dec("0.750"), &rates())
            .unwrap();
        o.add(&product("k", Unit::Kilogram), dec("0.25"), &rates())
            .unwrap();
        assert_eq!(o.lines.len(), 2);
        assert_eq!(o.lines[0].quantity, dec("2"));
        assert_eq!(o.lines[0].category_id, "fruit");
        assert_eq!(o.lines[1].unit, Unit::Kilogram);
        assert_eq!(o.lines[1].quantity, dec("1.000"));
        assert_eq!(o.lines[1].taxes[0].rate_id, "red");
        assert_eq!(o.item_count(), dec("3"));
        o.step("a", dec("-1"));
        o.step("a", dec("-1"));
        assert!(o.line("a").is_none());
    }

    #[test]
    fn a_waiting_order_is_named() {
        let mut o = Order::default();
        assert_eq!(o.waiting_note(), None);
        o.add(&product("a", Unit::Each), dec("2"), &rates())
            .unwrap();
        assert_eq!(
            o.waiting_note().as_deref(),
            Some("An order of 2 items is waiting: it stays on this till for the next cashier.")
        );
    }

    #[test]
    fn unknown_tax_rate_is_refused() {
        let mut o = Order::default();
        let mut p = product("a", Unit::Each);
        p.tax_rate_id = "zero".into();
        assert!(o.add(&p, Decimal::ONE, &rates()).is_err());
    }

    #[test]
    fn coupons_are_normalized_and_kept_once() {
        let mut o = Order::default();
        assert_eq!(o.add_coupon(" save10 "), Some("SAVE10".into()));
        o.add_coupon("SAVE10");
        assert_eq!(o.coupons, vec!["SAVE10".to_string()]);
        assert_eq!(o.add_coupon("  "), None);
        o.remove_coupon("Save10");
        assert!(o.coupons.is_empty());
    }
}
