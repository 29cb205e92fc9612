//! The open order survives a reload: the order being rung up (lines, weights, discounts and their approval,
//! coupons, customer, who started it) and a pending exchange are kept in IndexedDB (`db::open_order`) after
//! every change and put back at start, before the checkout shows.
//!
//! Writing: a change marks the order dirty; when no write is under way the current order is written at once
//! (spawn_local, never blocking the UI), then further changes wait `COALESCE` before the next write, which
//! takes the order as it is then. A burst of scans writes about once per `COALESCE`; the last state always
//! lands, at most `COALESCE` plus one write after the last change. A blank order deletes the record (unless
//! none is stored).
//!
//! Completing a sale or an exchange deletes the record in the SAME transaction as the documents (`db::sales`,
//! `db::exchanges`); emptying the cart afterwards writes nothing more (the record is known to be gone). While a completion is under way (`Completing`), no write starts: a write could otherwise
//! be queued after the completing transaction with the order just paid and bring it back on a reload. A
//! write's snapshot and its transaction are taken in one synchronous step, so IndexedDB orders it either
//! before the completion (the completion then deletes it) or after the cart was emptied.
//!
//! Products gone from the catalog: a restored line keeps what it was rung up with (name, price, taxes),
//! exactly as an order kept in memory does when a pull withdraws a product. The goods are on the counter at
//! the price the customer was told; the server takes documents as facts and does not need the product. The
//! cart marks such lines ("No longer in the catalog") and a notice says so after the restore, so the cashier
//! can remove them.
//!
//! Signing out or switching cashier keeps the order: it belongs to the till, like a paper ticket on the
//! counter, and the next cashier finds it. It carries who started it (`Order::started_by`, shown in the
//! cart when someone else is signed in); the sale is stamped with the cashier who completes it.

use crate::catalog::Catalog;
use crate::db;
use crate::order::Order;
use crate::state::{AppState, PendingExchange};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::time::Duration;

/// After a write, changes wait this long, so a burst of scans becomes a few writes.
pub const COALESCE: Duration = Duration::from_millis(150);

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

#[derive(Default)]
struct Keeper {
    /// Set once the stored order has been restored; nothing is written before.
    state: Option<AppState>,
    dirty: bool,
    /// A write or its cool-down is under way.
    busy: bool,
    /// Completions under way.
    completing: u32,
    /// A record is stored, as far as this page knows (a blank order then needs a delete).
    stored: bool,
}

thread_local! {
    static KEEPER: RefCell<Keeper> = RefCell::new(Keeper::default());
}

/// Watch the order and the exchange: every change after the restore is written. Called once at start,
/// inside the app's owner.
pub fn watch(state: AppState) {
    Effect::new(move |prev: Option<()>| {
        state.cart.track();
        state.exchange.track();
        if prev.is_some() {
            KEEPER.with(|k| k.borrow_mut().dirty = true);
            kick();
        }
    });
}

/// Put the stored open order back (after the catalog is loaded), then start writing changes.
pub async fn restore(state: AppState) {
    let loaded = db::open_order::load().await;
    let stored = !matches!(loaded, Ok(None));
    match loaded {
        Ok(Some(open)) => {
            let missing = state
                .catalog
                .with_untracked(|c| missing_products(&open.order, c));
            state.cart.set(open.order);
            state.exchange.set(open.exchange);
            if let Some(notice) = missing_notice(&missing) {
                state.notice.set(Some(notice));
            }
        }
        Ok(None) => {}
        Err(e) => {
            leptos::logging::error!("reading the open order: {e}");
            state.error.set(Some(
                "The order that was open before the page reloaded could not be read. Ring it up again."
                    .into(),
            ));
        }
    }
    KEEPER.with(|k| {
        let mut k = k.borrow_mut();
        k.state = Some(state);
        k.dirty = false;
        k.stored = stored;
    });
}

/// A completion under way: no write of the open order starts until it is dropped (see the module doc).
pub struct Completing(());

impl Completing {
    pub fn start() -> Self {
        KEEPER.with(|k| k.borrow_mut().completing += 1);
        Completing(())
    }

    /// The completing transaction committed: it deleted the stored order.
    pub fn committed(&self) {
        KEEPER.with(|k| k.borrow_mut().stored = false);
    }
}

impl Drop for Completing {
    fn drop(&mut self) {
        KEEPER.with(|k| {
            let mut k = k.borrow_mut();
            k.completing = k.completing.saturating_sub(1);
        });
        kick();
    }
}

/// Start a write when one is due and none is under way.
fn kick() {
    let state = KEEPER.with(|k| {
        let mut k = k.borrow_mut();
        if k.busy || !k.dirty || k.completing > 0 {
            return None;
        }
        let state = k.state?;
        k.busy = true;
        Some(state)
    });
    if let Some(state) = state {
        spawn_local(write(state));
    }
}

/// One write of the order as it is now, then the cool-down.
async fn write(state: AppState) {
    let result = match db::db().await {
        Ok(database) => {
            // From here to the transaction's creation in `save` nothing awaits (see the module doc).
            let open = KEEPER.with(|k| {
                let mut k = k.borrow_mut();
                if k.completing > 0 {
                    // A completion started: it deletes the record itself; a change is written after it.
                    k.busy = false;
                    return None;
                }
                k.dirty = false;
                let open = state.cart.with_untracked(|o| {
                    OpenOrder::kept(o, state.exchange.get_untracked().as_ref())
                });
                if open.is_none() && !k.stored {
                    // Nothing open and nothing stored: nothing to write.
                    k.busy = false;
                    return None;
                }
                k.stored = true;
                Some(open)
            });
            match open {
                Some(open) => {
                    let written = db::open_order::save(&database, open.as_ref()).await;
                    if written.is_ok() && open.is_none() {
                        KEEPER.with(|k| k.borrow_mut().stored = false);
                    }
                    written
                }
                None => return,
            }
        }
        Err(e) => Err(e),
    };
    if let Err(e) = result {
        leptos::logging::error!("keeping the open order: {e}");
        KEEPER.with(|k| k.borrow_mut().dirty = true);
    }
    set_timeout(
        || {
            KEEPER.with(|k| k.borrow_mut().busy = false);
            kick();
        },
        COALESCE,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::order::tests::{dec, product, rates};
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
