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
//! Products gone from the catalog keep their rung-up lines (`model::open_order`); a notice names them after
//! the restore. The keeper's state is `services::context::Keeper`.
//!
//! Signing out or switching cashier keeps the order: it belongs to the till, like a paper ticket on the
//! counter, and the next cashier finds it. It carries who started it (`Order::started_by`, shown in the
//! cart when someone else is signed in); the sale is stamped with the cashier who completes it.

use super::state::AppState;
use crate::db;
use crate::model::open_order::{missing_notice, missing_products, OpenOrder};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// After a write, changes wait this long, so a burst of scans becomes a few writes.
pub const COALESCE: Duration = Duration::from_millis(150);

/// Watch the order and the exchange: every change after the restore is written. Called once at start,
/// inside the app's owner.
pub fn watch(state: AppState) {
    Effect::new(move |prev: Option<()>| {
        state.cart.track();
        state.exchange.track();
        if prev.is_some() {
            state.handles().keeper.borrow_mut().dirty = true;
            kick(state);
        }
    });
}

/// Put the stored open order back (after the catalog is loaded), then start writing changes.
pub async fn restore(state: AppState) {
    let loaded = db::open_order::load(&state.store()).await;
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
    let handles = state.handles();
    let mut k = handles.keeper.borrow_mut();
    k.restored = true;
    k.dirty = false;
    k.stored = stored;
}

/// A completion under way: no write of the open order starts until it is dropped (see the module doc).
pub struct Completing(AppState);

impl Completing {
    pub fn start(state: AppState) -> Self {
        state.handles().keeper.borrow_mut().completing += 1;
        Completing(state)
    }

    /// The completing transaction committed: it deleted the stored order.
    pub fn committed(&self) {
        self.0.handles().keeper.borrow_mut().stored = false;
    }
}

impl Drop for Completing {
    fn drop(&mut self) {
        {
            let handles = self.0.handles();
            let mut k = handles.keeper.borrow_mut();
            k.completing = k.completing.saturating_sub(1);
        }
        kick(self.0);
    }
}

/// Start a write when one is due and none is under way.
fn kick(state: AppState) {
    let start = {
        let handles = state.handles();
        let mut k = handles.keeper.borrow_mut();
        if k.busy || !k.dirty || k.completing > 0 || !k.restored {
            false
        } else {
            k.busy = true;
            true
        }
    };
    if start {
        spawn_local(write(state));
    }
}

/// One write of the order as it is now, then the cool-down.
async fn write(state: AppState) {
    let handles = state.handles();
    let result = match handles.store.db().await {
        Ok(database) => {
            // From here to the transaction's creation in `save` nothing awaits (see the module doc).
            let open = {
                let mut k = handles.keeper.borrow_mut();
                if k.completing > 0 {
                    // A completion started: it deletes the record itself; a change is written after it.
                    k.busy = false;
                    None
                } else {
                    k.dirty = false;
                    let open = state.cart.with_untracked(|o| {
                        OpenOrder::kept(o, state.exchange.get_untracked().as_ref())
                    });
                    if open.is_none() && !k.stored {
                        // Nothing open and nothing stored: nothing to write.
                        k.busy = false;
                        None
                    } else {
                        k.stored = true;
                        Some(open)
                    }
                }
            };
            match open {
                Some(open) => {
                    let written = db::open_order::save(&database, open.as_ref()).await;
                    if written.is_ok() && open.is_none() {
                        handles.keeper.borrow_mut().stored = false;
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
        handles.keeper.borrow_mut().dirty = true;
    }
    set_timeout(
        move || {
            state.handles().keeper.borrow_mut().busy = false;
            kick(state);
        },
        COALESCE,
    );
}
