//! What the cashier's inputs do on screen: add to cart (weighed goods ask for a weight), scan, open payment,
//! open and close dialogs, apply a discount, show a receipt, start a new sale. Completing documents is
//! `services::checkout`.

use super::session::cashier_stamp;
use super::state::{AppState, Browse, Dialog, Document, Screen};
use crate::error::AppError;
use crate::model::added::Added;
use crate::model::discount::DiscountTarget;
use crate::model::enter::Enter;
use crate::model::multiplier;
use leptos::prelude::*;
use rust_decimal::Decimal;
use shared::catalog::Product;
use shared::discount::ManualDiscount;

/// Add one of `product` to the cart (as many as a pending multiplier says), then put the caret back in the
/// search box. A weighed product opens the weight dialog instead (a measured one, by the litre, too).
pub fn add_product(state: AppState, product: &Product) {
    add_times(state, product, None);
}

/// Add `product` `times` times (else as the pending multiplier says, else once); weighed goods are weighed.
fn add_times(state: AppState, product: &Product, times: Option<u32>) {
    let times = times.or_else(|| state.multiplier.get_untracked());
    state.multiplier.set(None);
    if product.unit.is_measured() {
        state.notice.set(None);
        open_dialog(state, Dialog::Weight(Box::new(product.clone())));
        return;
    }
    add_quantity(state, product, multiplier::pieces(times));
}

/// Add `quantity` of `product` (a weight in kg for weighed goods).
pub fn add_quantity(state: AppState, product: &Product, quantity: Decimal) {
    let rates = state.tax_rates.get_untracked();
    let cashier = cashier_stamp(state);
    let mut result = Ok(0);
    state.cart.update(|c| {
        result = c.add(product, quantity, &rates);
        if result.is_ok() {
            c.stamp_start(cashier);
        }
    });
    match result {
        Ok(_) => {
            state.notice.set(None);
            state.toast.set(None);
            state
                .added
                .update(|a| *a = Some(Added::next(a.as_ref(), &product.id)));
        }
        Err(e) => state.show_toast(AppError::from(e).cashier_message()),
    }
    state.focus_search();
}

/// Add a custom-amount item (its own line) and close its dialog; `approval`, when the cashier lacked
/// `price_override`, is stamped on the sale unless the order already carries one.
pub fn add_custom_amount(
    state: AppState,
    mut product: Product,
    approval: Option<shared::document::Approval>,
) {
    match crate::ids::uuid_v7() {
        Ok(id) => {
            product.id = format!("custom-{id}");
            product.sku = product.id.clone();
        }
        Err(e) => {
            state.show_toast(e.cashier_message());
            return;
        }
    }
    let me = state
        .auth
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.staff.id));
    if let Some(a) = approval {
        state.cart.update(|o| {
            if o.approval.is_none() {
                o.approval = Some(a);
                o.approved_for = me;
            }
        });
    }
    state.auth.approved.set(None);
    state.dialog.set(None);
    add_quantity(state, &product, Decimal::ONE);
}

/// Enter in the search box. `text` is read from the input itself, so a fast scanner loses no digit.
/// A multiplier first ("3*", "3 x …") adds that many pieces: alone, of the next product added.
pub fn submit_search(state: AppState, text: &str) {
    let (times, text) = multiplier::split(text);
    if let (Some(n), "") = (times, text) {
        state.clear_search();
        state.multiplier.set(Some(n));
        state.focus_search();
        return;
    }
    let enter = state.catalog.with_untracked(|c| Enter::on(c, text));
    match &enter {
        Enter::Nothing => {}
        Enter::Add(p) => {
            state.clear_search();
            add_times(state, p, times);
        }
        Enter::UnknownBarcode(_) => {
            state.clear_search();
            show_problem(state, &enter);
            state.focus_search();
        }
        Enter::NoMatch(_) | Enter::Choose(_) => show_problem(state, &enter),
    }
}

fn show_problem(state: AppState, enter: &Enter) {
    if let Some(text) = enter.problem() {
        state.show_toast(text);
    }
}

/// Open payment when there is something to pay and the order prices.
pub fn open_payment(state: AppState) {
    if state.screen.get_untracked() == Screen::Checkout
        && !state.modal_open_untracked()
        && !state.cart.with_untracked(|c| c.is_empty())
        && state.priced.with_untracked(Result::is_ok)
    {
        state.payment_open.set(true);
    }
}

pub fn close_payment(state: AppState) {
    state.payment_open.set(false);
    state.focus_search_soon();
}

pub fn open_dialog(state: AppState, dialog: Dialog) {
    if !state.payment_open.get_untracked() {
        state.dialog.set(Some(dialog));
    }
}

/// Close the open dialog; on the checkout the caret goes back to the search box.
pub fn close_dialog(state: AppState) {
    state.dialog.set(None);
    state.auth.approved.set(None);
    if state.screen.get_untracked() == Screen::Checkout {
        state.focus_search_soon();
    }
}

/// Put a discount on a line or the order, and close the discount dialog.
pub fn apply_discount(state: AppState, target: &DiscountTarget, discount: ManualDiscount) {
    state.cart.update(|c| match target {
        DiscountTarget::Line { product_id, .. } => c.set_line_discount(product_id, Some(discount)),
        DiscountTarget::Order => c.add_order_discount(discount),
    });
    close_dialog(state);
}

pub fn show_receipt(state: AppState, document: Document, from_list: bool) {
    state.receipt.set(Some(document));
    state.screen.set(Screen::Receipt { from_list });
}

/// Back to an empty checkout with the caret in the search box.
pub fn new_sale(state: AppState) {
    state.cart.set(Default::default());
    state.exchange.set(None);
    state.receipt.set(None);
    state.payment_open.set(false);
    state.dialog.set(None);
    state.notice.set(None);
    state.toast.set(None);
    state.query.set(String::new());
    state.multiplier.set(None);
    state.browse.set(Browse::All);
    state.undo.set(None);
    state.screen.set(Screen::Checkout);
    state.focus_search();
}
