//! Purchasing: suppliers (lead time, order multiple), purchase orders to a location, and receipts against them
//! (partial or full), each receipt moving stock in and updating the item's moving average cost.
//!
//! Named rounding rule — **moving average cost**: after a receipt of `q` at `unit_cost` onto `on_hand` (all
//! locations) held at `cost`, the cost is `(on_hand × cost + q × unit_cost) / (on_hand + q)`, rounded
//! half-to-even to [`COST_SCALE`] decimals; with no stock on hand (zero or negative) or no cost known, it is
//! the receipt's `unit_cost`.

use crate::stock::StockLine;
use chrono::{DateTime, Utc};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Decimals of a moving average cost.
pub const COST_SCALE: u32 = 4;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Supplier {
    pub id: Uuid,
    pub name: String,
    /// Days from order to delivery.
    pub lead_time_days: u32,
    /// Quantities are ordered in multiples of this.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub order_multiple: Decimal,
}

/// `POST /api/v1/stock/suppliers`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewSupplier {
    pub name: String,
    #[serde(default)]
    pub lead_time_days: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub order_multiple: Decimal,
}

/// Why a purchasing request is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PurchasingError {
    #[error("the supplier's name must have 1 to 120 characters")]
    Name,
    #[error("the order multiple must be above 0")]
    Multiple,
    #[error("give 1 to 1000 lines")]
    Lines,
    #[error("line {0}: the quantity must be above 0 and a multiple of the supplier's order multiple {1}")]
    NotAMultiple(usize, Decimal),
    #[error("line {0}: the unit cost must not be negative")]
    Cost(usize),
    #[error("line {0}: the received quantity must be above 0")]
    Received(usize),
    #[error("line {0}: this item is on an earlier line already")]
    Twice(usize),
}

impl NewSupplier {
    pub fn check(&self) -> Result<(), PurchasingError> {
        let n = self.name.trim().chars().count();
        if !(1..=120).contains(&n) {
            return Err(PurchasingError::Name);
        }
        if self.order_multiple <= Decimal::ZERO {
            return Err(PurchasingError::Multiple);
        }
        Ok(())
    }
}

/// One line of an order: what, how many, at what cost per unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderLine {
    pub product_id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub quantity: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub unit_cost: Decimal,
}

/// `POST /api/v1/stock/purchase-orders`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PurchaseOrderRequest {
    /// Made by the client, so a retry orders nothing twice.
    pub id: Uuid,
    pub supplier_id: Uuid,
    /// Where it is delivered.
    pub location_id: Uuid,
    pub lines: Vec<OrderLine>,
}

impl PurchaseOrderRequest {
    /// Quantities above 0 in multiples of the supplier's order multiple, costs not negative.
    pub fn check(&self, multiple: Decimal) -> Result<(), PurchasingError> {
        if self.lines.is_empty() || self.lines.len() > 1000 {
            return Err(PurchasingError::Lines);
        }
        for (i, l) in self.lines.iter().enumerate() {
            let whole = multiple > Decimal::ZERO && (l.quantity % multiple).is_zero();
            if l.quantity <= Decimal::ZERO || !whole {
                return Err(PurchasingError::NotAMultiple(i, multiple));
            }
            if l.unit_cost.is_sign_negative() {
                return Err(PurchasingError::Cost(i));
            }
        }
        Ok(())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    Open,
    PartlyReceived,
    Received,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PurchaseOrderLine {
    pub product_id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub ordered: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub received: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub unit_cost: Decimal,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PurchaseOrder {
    pub id: Uuid,
    pub supplier_id: Uuid,
    pub location_id: Uuid,
    pub status: OrderStatus,
    pub lines: Vec<PurchaseOrderLine>,
    pub created_at: DateTime<Utc>,
    /// Created plus the supplier's lead time.
    pub expected_at: DateTime<Utc>,
}

/// `GET /api/v1/stock/purchase-orders`: orders newest first, with the items their lines name (to show them and
/// to receive them by scanning their barcodes).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PurchaseOrderList {
    pub orders: Vec<PurchaseOrder>,
    pub products: Vec<crate::catalog::Product>,
}

/// `POST /api/v1/stock/purchase-orders/{id}/receipts`: what arrived now (by item), under its own id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReceiptRequest {
    pub id: Uuid,
    pub lines: Vec<StockLine>,
}

impl ReceiptRequest {
    pub fn check(&self) -> Result<(), PurchasingError> {
        if self.lines.is_empty() || self.lines.len() > 1000 {
            return Err(PurchasingError::Lines);
        }
        for (i, l) in self.lines.iter().enumerate() {
            if l.quantity <= Decimal::ZERO {
                return Err(PurchasingError::Received(i));
            }
            if self.lines[..i].iter().any(|e| e.product_id == l.product_id) {
                return Err(PurchasingError::Twice(i));
            }
        }
        Ok(())
    }
}

impl PurchaseOrder {
    /// Add what arrived to the lines (an item not on the order is ignored; more than ordered is kept as
    /// received); answers, per arrived line, the order line's index, the quantity and its unit cost.
    pub fn receive(&mut self, arrived: &[StockLine]) -> Vec<(usize, Decimal, Decimal)> {
        let mut moved = Vec::new();
        for a in arrived {
            if let Some(i) = self.lines.iter().position(|l| l.product_id == a.product_id) {
                self.lines[i].received += a.quantity;
                moved.push((i, a.quantity, self.lines[i].unit_cost));
            }
        }
        self.status = if self.lines.iter().all(|l| l.received >= l.ordered) {
            OrderStatus::Received
        } else if self.lines.iter().any(|l| l.received > Decimal::ZERO) {
            OrderStatus::PartlyReceived
        } else {
            OrderStatus::Open
        };
        moved
    }
}

/// The moving average cost after a receipt (see the module's rounding rule).
pub fn moving_average_cost(
    on_hand: Decimal,
    cost: Option<Decimal>,
    received: Decimal,
    unit_cost: Decimal,
) -> Decimal {
    let total = on_hand + received;
    let average = match cost {
        Some(cost) if on_hand > Decimal::ZERO && total > Decimal::ZERO => {
            (on_hand * cost + received * unit_cost) / total
        }
        _ => unit_cost,
    };
    average.round_dp_with_strategy(COST_SCALE, RoundingStrategy::MidpointNearestEven)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order() -> PurchaseOrder {
        let line = |id: &str, q: i64| PurchaseOrderLine {
            product_id: id.into(),
            ordered: Decimal::from(q),
            received: Decimal::ZERO,
            unit_cost: Decimal::ONE,
        };
        PurchaseOrder {
            id: Uuid::nil(),
            supplier_id: Uuid::nil(),
            location_id: Uuid::nil(),
            status: OrderStatus::Open,
            lines: vec![line("a", 12), line("b", 6)],
            created_at: DateTime::UNIX_EPOCH,
            expected_at: DateTime::UNIX_EPOCH,
        }
    }

    fn got(id: &str, q: i64) -> StockLine {
        StockLine {
            product_id: id.into(),
            quantity: Decimal::from(q),
        }
    }

    #[test]
    fn receipts_are_partial_until_every_line_arrived() {
        let mut o = order();
        assert_eq!(
            o.receive(&[got("a", 12), got("x", 1)]),
            vec![(0, Decimal::from(12), Decimal::ONE)]
        );
        assert_eq!(o.status, OrderStatus::PartlyReceived);
        o.receive(&[got("b", 6)]);
        assert_eq!(o.status, OrderStatus::Received);
    }

    #[test]
    fn orders_come_in_multiples_of_the_supplier() {
        let req = PurchaseOrderRequest {
            id: Uuid::nil(),
            supplier_id: Uuid::nil(),
            location_id: Uuid::nil(),
            lines: vec![OrderLine {
                product_id: "a".into(),
                quantity: Decimal::from(12),
                unit_cost: Decimal::ONE,
            }],
        };
        assert_eq!(req.check(Decimal::from(6)), Ok(()));
        assert!(matches!(
            req.check(Decimal::from(5)),
            Err(PurchasingError::NotAMultiple(0, _))
        ));
    }

    #[test]
    fn moving_average_cost_weights_what_is_held_and_what_arrived() {
        let d = |v: i64, s: u32| Decimal::new(v, s);
        // 10 at 1.00 + 30 at 2.00 = 1.75
        assert_eq!(
            moving_average_cost(d(10, 0), Some(d(100, 2)), d(30, 0), d(200, 2)),
            d(17500, 4)
        );
        // 2 at 1 + 1 at 1 = 1
        assert_eq!(
            moving_average_cost(d(2, 0), Some(d(1, 0)), d(1, 0), d(1, 0)),
            d(1, 0)
        );
        // Nothing held (or negative): the receipt's cost.
        assert_eq!(
            moving_average_cost(d(-4, 0), Some(d(9, 0)), d(5, 0), d(2, 0)),
            d(2, 0)
        );
        assert_eq!(
            moving_average_cost(d(4, 0), None, d(5, 0), d(2, 0)),
            d(2, 0)
        );
        // 1 at 1 + 2 at 1.00005 = 3.0001/3 = 1.000033… → 1.0000
        assert_eq!(
            moving_average_cost(d(1, 0), Some(d(1, 0)), d(2, 0), d(100005, 5)),
            d(10000, 4)
        );
    }
}
