//! Undo for the edits that take things off the order: removing a line (Remove, or − at one piece, or a
//! quantity of 0) and clearing the cart (lines, discounts, coupons and customer). The removed line keeps its
//! place in the cart as a row offering Undo, so the lines below never move under the cashier's finger; the
//! offer lasts until the order changes in any other way.

use super::order::Order;
use rust_decimal::Decimal;
use shared::basket::Unit;

/// What the last removing edit took away.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Undo {
    /// The order before the edit, put back by Undo.
    before: Order,
    /// The order the edit left: Undo applies only while the order is still this.
    after: Order,
    pub what: Removed,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Removed {
    /// One line, at `index` of the order before.
    Line { index: usize, name: String },
    /// The whole order.
    Cart,
}

/// A row of the cart as shown: a line, or the place of the line just removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CartSlot {
    Line {
        product_id: String,
        name: String,
        unit: Unit,
    },
    Removed {
        name: String,
    },
}

impl Undo {
    fn new(before: Order, after: &Order, what: Removed) -> Undo {
        Undo {
            before,
            after: after.clone(),
            what,
        }
    }

    /// Remove `product_id`'s line; the undo of it, when there was one.
    pub fn remove_line(order: &mut Order, product_id: &str) -> Option<Undo> {
        let index = order.position(product_id)?;
        let before = order.clone();
        let name = order.lines[index].name.clone();
        order.remove(product_id);
        Some(Undo::new(before, order, Removed::Line { index, name }))
    }

    /// Change a piece line by `delta`; when that takes it to zero the line goes, with its undo.
    pub fn step(order: &mut Order, product_id: &str, delta: Decimal) -> Option<Undo> {
        let line = order.line(product_id)?;
        if line.quantity + delta > Decimal::ZERO {
            order.step(product_id, delta);
            return None;
        }
        Undo::remove_line(order, product_id)
    }

    /// Set a line's quantity (pieces, or a weight in kg); zero removes it, with its undo.
    pub fn set_quantity(order: &mut Order, product_id: &str, quantity: Decimal) -> Option<Undo> {
        if quantity <= Decimal::ZERO {
            return Undo::remove_line(order, product_id);
        }
        order.set_quantity(product_id, quantity);
        None
    }

    /// Clear the order: lines, discounts, coupons and customer; the undo of it, unless it was blank.
    pub fn clear(order: &mut Order) -> Option<Undo> {
        if order.is_blank() {
            return None;
        }
        let before = order.clone();
        order.clear();
        Some(Undo::new(before, order, Removed::Cart))
    }

    /// Whether Undo still applies: nothing else changed the order since.
    pub fn applies(&self, order: &Order) -> bool {
        *order == self.after
    }

    /// Put back what was taken, if nothing else changed the order since.
    pub fn undo(&self, order: &mut Order) -> bool {
        if !self.applies(order) {
            return false;
        }
        *order = self.before.clone();
        true
    }

    /// What the Undo offer says.
    pub fn message(&self) -> String {
        match &self.what {
            Removed::Line { name, .. } => format!("{name} removed"),
            Removed::Cart => {
                let lines = self.before.lines.len();
                let mut parts = vec![match lines {
                    1 => "1 line".to_string(),
                    n => format!("{n} lines"),
                }];
                if self.before.customer.is_some() {
                    parts.push("the customer".into());
                }
                match self.before.coupons.len() {
                    0 => {}
                    1 => parts.push("a coupon".into()),
                    n => parts.push(format!("{n} coupons")),
                }
                if !self.before.order_discounts.is_empty() {
                    parts.push("discounts".into());
                }
                format!("Cart cleared: {}", join(&parts))
            }
        }
    }
}

/// "a", "a and b", "a, b and c".
fn join(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The cart's rows: the order's lines, with the line just removed (while Undo applies) kept in its place.
pub fn cart_slots(order: &Order, undo: Option<&Undo>) -> Vec<CartSlot> {
    let mut slots: Vec<CartSlot> = order
        .lines
        .iter()
        .map(|l| CartSlot::Line {
            product_id: l.product_id.clone(),
            name: l.name.clone(),
            unit: l.unit,
        })
        .collect();
    if let Some(Undo {
        what: Removed::Line { index, name },
        ..
    }) = undo.filter(|u| u.applies(order))
    {
        let at = (*index).min(slots.len());
        slots.insert(at, CartSlot::Removed { name: name.clone() });
    }
    slots
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::order::tests::{dec, product, rates};
    use shared::catalog::CustomerRecord;

    fn order(ids: &[&str]) -> Order {
        let mut o = Order::default();
        for id in ids {
            o.add(&product(id, Unit::Each), Decimal::ONE, &rates())
                .unwrap();
        }
        o
    }

    fn names(slots: &[CartSlot]) -> Vec<String> {
        slots
            .iter()
            .map(|s| match s {
                CartSlot::Line { name, .. } => name.clone(),
                CartSlot::Removed { name } => format!("({name})"),
            })
            .collect()
    }

    #[test]
    fn minus_at_one_removes_in_place_with_undo() {
        let mut o = order(&["a", "b", "c"]);
        o.step("b", Decimal::ONE);
        assert!(Undo::step(&mut o, "b", dec("-1")).is_none());
        assert_eq!(o.line("b").map(|l| l.quantity), Some(dec("1")));
        let undo = Undo::step(&mut o, "b", dec("-1")).unwrap();
        assert!(o.line("b").is_none());
        assert_eq!(undo.message(), "P b removed");
        // The removed line keeps its place: "P c" stays third.
        assert_eq!(
            names(&cart_slots(&o, Some(&undo))),
            vec!["P a", "(P b)", "P c"]
        );
        assert!(undo.undo(&mut o));
        assert_eq!(o, order(&["a", "b", "c"]));
    }

    #[test]
    fn another_edit_ends_the_offer() {
        let mut o = order(&["a", "b"]);
        let undo = Undo::remove_line(&mut o, "a").unwrap();
        o.step("b", Decimal::ONE);
        assert!(!undo.applies(&o));
        assert_eq!(names(&cart_slots(&o, Some(&undo))), vec!["P b"]);
        assert!(!undo.undo(&mut o));
        assert!(Undo::remove_line(&mut o, "zz").is_none());
    }

    #[test]
    fn a_quantity_of_zero_removes_with_undo() {
        let mut o = order(&["a"]);
        assert!(Undo::set_quantity(&mut o, "a", dec("12")).is_none());
        assert_eq!(o.line("a").map(|l| l.quantity), Some(dec("12")));
        let undo = Undo::set_quantity(&mut o, "a", Decimal::ZERO).unwrap();
        assert!(o.is_empty());
        assert!(undo.undo(&mut o));
        assert_eq!(o.line("a").map(|l| l.quantity), Some(dec("12")));
    }

    #[test]
    fn clearing_keeps_customer_and_coupon_for_undo() {
        let mut o = order(&["a", "b"]);
        o.add_coupon("SAVE10");
        o.customer = Some(CustomerRecord {
            id: "c1".into(),
            name: "Erika".into(),
            group: None,
            exemption: Default::default(),
            store_credit: Decimal::ZERO,
            loyalty_points: 0,
            ..Default::default()
        });
        let before = o.clone();
        let undo = Undo::clear(&mut o).unwrap();
        assert!(o.is_blank());
        assert_eq!(
            undo.message(),
            "Cart cleared: 2 lines, the customer and a coupon"
        );
        assert!(undo.undo(&mut o));
        assert_eq!(o, before);
        assert!(Undo::clear(&mut Order::default()).is_none());
    }
}
