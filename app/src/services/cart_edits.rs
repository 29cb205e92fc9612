//! The cart edits that take things away, with Undo (`model::undo`): Remove, − at one piece, a quantity typed
//! on the keypad (0 removes; a weighed line is weighed again), Clear cart; and Undo itself.

use super::state::{AppState, Dialog};
use crate::model::order::Order;
use crate::model::undo::Undo;
use leptos::prelude::*;
use rust_decimal::Decimal;

/// Make an edit; what it took away stays on offer for Undo (a plain edit ends any earlier offer). Whether it
/// took something away.
fn edit(state: AppState, f: impl FnOnce(&mut Order) -> Option<Undo>) -> bool {
    let mut undo = None;
    state.cart.update(|c| undo = f(c));
    let removed = undo.is_some();
    state.undo.set(undo);
    removed
}

pub fn remove_line(state: AppState, product_id: &str) {
    edit(state, |c| Undo::remove_line(c, product_id));
    state.focus_search();
}

/// + and −: at one piece, − removes the line with Undo, its row staying in place.
pub fn step_line(state: AppState, product_id: &str, delta: Decimal) {
    if edit(state, |c| Undo::step(c, product_id, delta)) {
        state.focus_search();
    }
}

/// The quantity keypad's "Set": pieces, or a new weight; 0 removes the line with Undo.
pub fn set_quantity(state: AppState, product_id: &str, quantity: Decimal) {
    edit(state, |c| Undo::set_quantity(c, product_id, quantity));
    super::actions::close_dialog(state);
}

/// Clear cart: lines, discounts, coupons and customer, with Undo.
pub fn clear_cart(state: AppState) {
    edit(state, Undo::clear);
    state.focus_search();
}

/// Put back what the last removing edit took, if the order has not changed since.
pub fn undo(state: AppState) {
    let Some(undo) = state.undo.get_untracked() else {
        return;
    };
    let mut done = false;
    state.cart.update(|c| done = undo.undo(c));
    state.undo.set(None);
    if done {
        state.focus_search();
    }
}

/// Tap on a line's quantity: the keypad for it.
pub fn open_quantity(
    state: AppState,
    product_id: String,
    name: String,
    unit: shared::basket::Unit,
) {
    super::actions::open_dialog(
        state,
        Dialog::Quantity {
            product_id,
            name,
            unit,
        },
    );
}

/// End the Undo offer as soon as the order changes otherwise (an item added, a coupon entered, …), so an old
/// offer never comes back when the order happens to return to the same state.
pub fn watch(state: AppState) {
    Effect::new(move |_| {
        let stale = state.cart.with(|c| {
            state
                .undo
                .with_untracked(|u| u.as_ref().is_some_and(|u| !u.applies(c)))
        });
        if stale {
            state.undo.set(None);
        }
    });
}
