//! Parked orders at this till: an open order put aside with a name or note (`shared::held`), kept in
//! IndexedDB (`db::parked`) so it survives reloads and offline, uploaded once (by id, so a retry is the same
//! upload) and, online, offered to every till of the store.
//!
//! A record's `phase` says what this till still owes the server:
//! - `Parked { uploaded }`: on this till's shelf; not yet uploaded (only this till knows it) or uploaded.
//! - `Resumed { uploaded }`: it is the open order now; the server is told when it is paid or discarded.
//! - `Closing { reason }`: paid, discarded or parked again; the close is sent, then the record is deleted
//!   (never sent for an order that was never uploaded).
//!
//! A discount approval stays on this till (the local record keeps the whole `Order`); what travels is
//! `HeldOrderBody`, without it (see `shared::held`).

use super::order::Order;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::document::StaffStamp;
use shared::held::{CloseReason, HeldOrder, HeldOrderBody, ParkRequest, TillSettings};
use uuid::Uuid;

/// What this till still owes the server about a parked order (see the module doc).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParkPhase {
    Parked { uploaded: bool },
    Resumed { uploaded: bool },
    Closing { reason: CloseReason },
}

/// A parked order as this till keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParkedOrder {
    pub id: Uuid,
    pub label: String,
    pub order: Order,
    pub parked_by: Option<StaffStamp>,
    pub parked_at: DateTime<Utc>,
    pub phase: ParkPhase,
}

impl ParkedOrder {
    /// Park `order` now under `label` (trimmed; a blank one gets a name from the time).
    pub fn new(
        id: Uuid,
        label: &str,
        order: Order,
        parked_by: Option<StaffStamp>,
        now: DateTime<Utc>,
    ) -> Self {
        let label = match label.trim() {
            "" => default_label(&order, now),
            l => l.chars().take(shared::held::MAX_LABEL_CHARS).collect(),
        };
        ParkedOrder {
            id,
            label,
            order,
            parked_by,
            parked_at: now,
            phase: ParkPhase::Parked { uploaded: false },
        }
    }

    /// A held order another till parked, claimed by this one: it becomes the open order.
    pub fn claimed(held: &HeldOrder) -> Self {
        ParkedOrder {
            id: held.id,
            label: held.label.clone(),
            order: order_of(&held.order),
            parked_by: held.parked_by.clone(),
            parked_at: held.parked_at,
            phase: ParkPhase::Resumed { uploaded: true },
        }
    }

    /// What is uploaded.
    pub fn request(&self) -> ParkRequest {
        ParkRequest {
            label: self.label.clone(),
            order: body_of(&self.order),
            parked_by: self.parked_by.clone(),
            parked_at: self.parked_at,
        }
    }

    /// On this till's shelf (listed to resume).
    pub fn is_shelved(&self) -> bool {
        matches!(self.phase, ParkPhase::Parked { .. })
    }

    /// The server has it.
    pub fn uploaded(&self) -> bool {
        matches!(
            self.phase,
            ParkPhase::Parked { uploaded: true } | ParkPhase::Resumed { uploaded: true }
        )
    }

    /// The server must hear of it: an upload, or a close of an uploaded order.
    pub fn sync_due(&self) -> bool {
        matches!(
            self.phase,
            ParkPhase::Parked { uploaded: false } | ParkPhase::Closing { .. }
        )
    }

    /// The record after it is resumed here.
    pub fn resumed(mut self) -> Self {
        self.phase = ParkPhase::Resumed {
            uploaded: self.uploaded(),
        };
        self
    }

    /// The record once the order is paid, discarded or parked again: a close to send, or nothing when the
    /// server never had it (`None`: delete the record).
    pub fn closing(self, reason: CloseReason) -> Option<Self> {
        self.uploaded().then_some(ParkedOrder {
            phase: ParkPhase::Closing { reason },
            ..self
        })
    }
}

/// The order as it travels (no approval: its override token is a live secret).
pub fn body_of(order: &Order) -> HeldOrderBody {
    HeldOrderBody {
        lines: order.lines.clone(),
        order_discounts: order.order_discounts.clone(),
        coupons: order.coupons.clone(),
        customer: order.customer.clone(),
        started_by: order.started_by.clone(),
    }
}

/// The open order of a held one.
pub fn order_of(body: &HeldOrderBody) -> Order {
    Order {
        lines: body.lines.clone(),
        order_discounts: body.order_discounts.clone(),
        coupons: body.coupons.clone(),
        customer: body.customer.clone(),
        approval: None,
        approved_for: None,
        started_by: body.started_by.clone(),
    }
}

/// A name when the cashier gave none: the customer's, else "Order 14:05" (UTC minutes of `now`, unique enough
/// on one shelf; the list shows the time too).
pub fn default_label(order: &Order, now: DateTime<Utc>) -> String {
    match &order.customer {
        Some(c) => c.name.clone(),
        None => format!("Order {}", now.format("%H:%M")),
    }
}

/// This till's shelf: parked orders not expired at `now`, oldest first.
pub fn shelf(
    records: &[ParkedOrder],
    settings: &TillSettings,
    now: DateTime<Utc>,
) -> Vec<ParkedOrder> {
    let mut shelf: Vec<ParkedOrder> = records
        .iter()
        .filter(|r| r.is_shelved() && !settings.is_expired(r.parked_at, now))
        .cloned()
        .collect();
    shelf.sort_by_key(|r| (r.parked_at, r.id));
    shelf
}

/// The store's parked orders other tills may hand over: the server's list without this till's own records.
pub fn elsewhere(server: &[HeldOrder], records: &[ParkedOrder]) -> Vec<HeldOrder> {
    server
        .iter()
        .filter(|h| !records.iter().any(|r| r.id == h.id))
        .cloned()
        .collect()
}

/// Why parking is not possible now, in the cashier's words.
pub fn cannot_park(order: &Order, exchange_open: bool) -> Option<&'static str> {
    if order.is_empty() {
        Some("There is nothing to park: the order has no lines.")
    } else if exchange_open {
        Some("An exchange cannot be parked: finish or cancel it first.")
    } else {
        None
    }
}

/// Why resuming is not possible now.
pub fn cannot_resume(open: &Order, exchange_open: bool) -> Option<&'static str> {
    if !open.is_blank() || exchange_open {
        Some("Park or finish the order on screen first.")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::order::tests::{dec, product, rates};
    use chrono::TimeZone;
    use shared::basket::Unit;
    use shared::held::HeldStatus;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, h, m, 0).single().unwrap()
    }

    fn order() -> Order {
        let mut o = Order::default();
        o.add(&product("a", Unit::Each), dec("2"), &rates())
            .unwrap();
        o.add_coupon("save10");
        o.approval = Some(shared::document::Approval {
            approver: StaffStamp {
                id: Uuid::from_u128(1),
                name: "Sam".into(),
            },
            permission: shared::auth::Permission::DiscountOverLimit,
            override_token: Some("secret".into()),
        });
        o
    }

    fn held(id: u128, order: &Order) -> HeldOrder {
        HeldOrder {
            id: Uuid::from_u128(id),
            label: "Table 4".into(),
            order: body_of(order),
            parked_by: None,
            parked_at: at(9, 0),
            parked_on: Uuid::from_u128(99),
            parked_on_name: Some("Till 1".into()),
            status: HeldStatus::Claimed,
            holder: None,
            holder_name: None,
            version: 2,
        }
    }

    #[test]
    fn what_travels_leaves_the_approval_and_its_token_behind() {
        let p = ParkedOrder::new(Uuid::from_u128(1), " Blue coat ", order(), None, at(10, 5));
        assert_eq!(p.label, "Blue coat");
        let text = serde_json::to_string(&p.request()).unwrap();
        assert!(!text.contains("secret"), "{text}");
        let back = order_of(&p.request().order);
        assert_eq!(back.approval, None);
        assert_eq!(
            Order {
                approval: p.order.approval.clone(),
                approved_for: p.order.approved_for,
                ..back
            },
            p.order
        );
        // The local record keeps it, and reads back exactly.
        let stored: ParkedOrder =
            serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
        assert_eq!(stored, p);
    }

    #[test]
    fn a_blank_name_is_made_from_the_customer_or_the_time() {
        let p = ParkedOrder::new(Uuid::from_u128(1), "  ", order(), None, at(14, 5));
        assert_eq!(p.label, "Order 14:05");
        let mut o = order();
        o.customer = Some(shared::catalog::CustomerRecord {
            id: "c1".into(),
            name: "Ada Lovelace".into(),
            group: None,
            exemption: Default::default(),
            store_credit: dec("0"),
            loyalty_points: 0,
            ..Default::default()
        });
        assert_eq!(default_label(&o, at(1, 0)), "Ada Lovelace");
    }

    #[test]
    fn phases_say_what_the_server_still_needs() {
        let p = ParkedOrder::new(Uuid::from_u128(1), "A", order(), None, at(9, 0));
        assert!(p.sync_due() && !p.uploaded() && p.is_shelved());
        // Resumed before it was ever uploaded: the server never hears of it.
        let local = p.clone().resumed();
        assert_eq!(local.phase, ParkPhase::Resumed { uploaded: false });
        assert_eq!(local.closing(CloseReason::Paid), None);
        // Uploaded, resumed, paid: a close to send.
        let up = ParkedOrder {
            phase: ParkPhase::Parked { uploaded: true },
            ..p
        };
        assert!(!up.sync_due());
        let closing = up.resumed().closing(CloseReason::Paid).unwrap();
        assert_eq!(
            closing.phase,
            ParkPhase::Closing {
                reason: CloseReason::Paid
            }
        );
        assert!(closing.sync_due() && !closing.is_shelved());
    }

    #[test]
    fn the_shelf_hides_expired_and_taken_orders_and_the_store_list_hides_this_tills() {
        let settings = TillSettings {
            lock_after_secs: 60,
            park_expiry_hours: 2,
        };
        let old = ParkedOrder::new(Uuid::from_u128(1), "Old", order(), None, at(6, 0));
        let young = ParkedOrder::new(Uuid::from_u128(2), "Young", order(), None, at(9, 0));
        let taken =
            ParkedOrder::new(Uuid::from_u128(3), "Taken", order(), None, at(9, 30)).resumed();
        let records = vec![young.clone(), old, taken];
        let shelf = shelf(&records, &settings, at(10, 0));
        assert_eq!(shelf, vec![young]);

        let server = vec![held(2, &order()), held(7, &order())];
        let others = elsewhere(&server, &records);
        assert_eq!(
            others.iter().map(|h| h.id).collect::<Vec<_>>(),
            [Uuid::from_u128(7)]
        );
        let claimed = ParkedOrder::claimed(&others[0]);
        assert_eq!(claimed.phase, ParkPhase::Resumed { uploaded: true });
        assert_eq!(claimed.order.lines, order().lines);
    }

    #[test]
    fn parking_and_resuming_need_the_right_order_on_screen() {
        assert!(cannot_park(&Order::default(), false).is_some());
        assert!(cannot_park(&order(), true).is_some());
        assert_eq!(cannot_park(&order(), false), None);
        assert_eq!(cannot_resume(&Order::default(), false), None);
        assert!(cannot_resume(&order(), false).is_some());
    }
}
