//! The open order as stored across reloads: the order being rung up and the exchange it is part of, plus the
//! lines whose product left the catalog. Plain data; `services::open_order` decides when it is written.
//!
//! Products gone from the catalog: a restored line keeps what it was rung up with (name, price, taxes),
//! exactly as an order kept in memory does when a pull withdraws a product. The cart marks such lines and a
//! notice says so after the restore, so the cashier can remove them.

use super::catalog::Catalog;
use super::order::Order;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use shared::document::{Approval, Refund, RefundRequest, SaleDocument};
use uuid::Uuid;

/// An exchange under way: goods coming back from `sale` whose value pays for the order being rung up (see
/// `shared::document::exchange`). Started from the refund dialog; completed with the payment. Kept with the
/// open order across reloads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingExchange {
    pub id: Uuid,
    pub sale: SaleDocument,
    /// The sale's earlier refunds the server told about when the exchange started.
    pub known: Vec<Refund>,
    /// The lines coming back, the reason, and how value beyond the new order is paid out.
    pub request: RefundRequest,
    /// What the returned goods are worth (the refund total).
    pub value: Decimal,
    /// The approval the refund dialog was opened under (stamped on the return).
    pub approval: Option<Approval>,
}

/// What is stored: the order and the exchange it is part of.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenOrder {
    pub order: Order,
    #[serde(default)]
    pub exchange: Option<PendingExchange>,
}

impl OpenOrder {
    /// What to store: `None` when there is nothing open (the record is then deleted).
    pub fn kept(order: &Order, exchange: Option<&PendingExchange>) -> Option<OpenOrder> {
        if order.is_blank() && exchange.is_none() {
            return None;
        }
        Some(OpenOrder {
            order: order.clone(),
            exchange: exchange.cloned(),
        })
    }
}

/// Names of the order's lines whose product is no longer in `catalog` (withdrawn or deleted).
pub fn missing_products(order: &Order, catalog: &Catalog) -> Vec<String> {
    order
        .lines
        .iter()
        .filter(|l| catalog.product(&l.product_id).is_none())
        .map(|l| l.name.clone())
        .collect()
}

/// The notice after restoring an order with lines whose product is gone.
pub fn missing_notice(names: &[String]) -> Option<String> {
    match names {
        [] => None,
        [one] => Some(format!(
            "{one} is no longer in the catalog. It stays in the order at the price it was rung up at; \
             remove it if it should not be sold."
        )),
        many => Some(format!(
            "{} items are no longer in the catalog: {}. They stay in the order at the price they were rung \
             up at; remove them if they should not be sold.",
            many.len(),
            many.join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::order::tests::{dec, product, rates};
    use shared::basket::Unit;
    use shared::discount::ManualDiscount;
    use shared::document::{Approval, StaffStamp};

    fn stamp(name: &str) -> StaffStamp {
        StaffStamp {
            id: uuid::Uuid::from_u128(7),
            name: name.into(),
        }
    }

    fn full_order() -> Order {
        let mut o = Order::default();
        o.add(&product("a", Unit::Each), dec("3"), &rates())
            .unwrap();
        o.add(&product("k", Unit::Kilogram), dec("0.750"), &rates())
            .unwrap();
        o.set_line_discount("a", Some(ManualDiscount::percent(dec("25"), "dented")));
        o.add_order_discount(ManualDiscount::amount(dec("1.50"), "loyal"));
        o.add_coupon("save10");
        o.approval = Some(Approval {
            approver: stamp("Sam Supervisor"),
            permission: shared::auth::Permission::DiscountOverLimit,
            override_token: Some("tok".into()),
        });
        o.stamp_start(Some(stamp("Chris Cashier")));
        o
    }

    #[test]
    fn the_stored_order_reads_back_exactly() {
        let open = OpenOrder::kept(&full_order(), None).unwrap();
        let text = serde_json::to_string(&open).unwrap();
        let back: OpenOrder = serde_json::from_str(&text).unwrap();
        assert_eq!(back, open);
        // Quantities keep their scale (grams), so the cart shows "0.750 kg" again.
        assert_eq!(back.order.lines[1].quantity.to_string(), "0.750");
        assert_eq!(back.order.started_by, Some(stamp("Chris Cashier")));
    }

    #[test]
    fn an_order_stored_before_the_stamps_still_reads() {
        let mut open = OpenOrder::kept(&full_order(), None).unwrap();
        let mut json: serde_json::Value = serde_json::to_value(&open).unwrap();
        let order = json["order"].as_object_mut().unwrap();
        order.remove("started_by");
        order.remove("approval");
        json.as_object_mut().unwrap().remove("exchange");
        let back: OpenOrder = serde_json::from_value(json).unwrap();
        open.order.started_by = None;
        open.order.approval = None;
        assert_eq!(back, open);
    }

    #[test]
    fn a_blank_order_is_not_kept() {
        assert_eq!(OpenOrder::kept(&Order::default(), None), None);
        let mut o = Order::default();
        o.add_coupon("SAVE10");
        assert!(OpenOrder::kept(&o, None).is_some());
        let mut o = full_order();
        o.clear();
        assert_eq!(OpenOrder::kept(&o, None), None);
    }

    #[test]
    fn the_first_cashier_stays_the_starter() {
        let mut o = Order::default();
        o.stamp_start(Some(stamp("Chris Cashier")));
        o.stamp_start(Some(stamp("Alex Cashier")));
        assert_eq!(o.started_by.map(|s| s.name), Some("Chris Cashier".into()));
    }

    #[test]
    fn lines_of_withdrawn_products_are_named() {
        let mut catalog = Catalog::default();
        catalog.apply_products([product("a", Unit::Each)]);
        let order = full_order();
        let missing = missing_products(&order, &catalog);
        assert_eq!(missing, vec!["P k".to_string()]);
        assert!(missing_notice(&missing)
            .unwrap()
            .starts_with("P k is no longer in the catalog"));
        assert_eq!(missing_notice(&[]), None);
        let two = missing_notice(&["A".into(), "B".into()]).unwrap();
        assert!(two.starts_with("2 items are no longer in the catalog: A, B."));
    }
}
