//! What the cashier's inputs do: add to cart, scan, open payment, complete a sale, start a new one.

use crate::db;
use crate::error::AppError;
use crate::state::{AppState, Browse, Screen};
use crate::sync;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::barcode::looks_like_barcode;
use shared::catalog::Product;
use shared::sale::{Sale, Tender};

/// Add one of `product` to the cart, then put the caret back in the search box.
pub fn add_product(state: AppState, product: &Product) {
    let rates = state.tax_rates.get_untracked();
    let mut result = Ok(0);
    state.cart.update(|c| result = c.add(product, &rates));
    match result {
        Ok(_) => state.notice.set(None),
        Err(e) => state.notice.set(Some(AppError::from(e).cashier_message())),
    }
    state.focus_search();
}

/// Enter in the search box. `text` is read from the input itself, so a fast scanner loses no digit.
pub fn submit_search(state: AppState, text: &str) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    if looks_like_barcode(text) {
        let found = state
            .catalog
            .with_untracked(|c| c.by_barcode(text).cloned());
        state.clear_search();
        match found {
            Some(p) => add_product(state, &p),
            None => {
                state
                    .notice
                    .set(Some(format!("No product with barcode {text}")));
                state.focus_search();
            }
        }
        return;
    }
    let first = state
        .catalog
        .with_untracked(|c| c.search(text, 1).into_iter().next());
    match first {
        Some(p) => {
            state.clear_search();
            add_product(state, &p);
        }
        None => state
            .notice
            .set(Some(format!("No product matches \u{201c}{text}\u{201d}"))),
    }
}

pub fn open_payment(state: AppState) {
    if state.screen.get_untracked() == Screen::Checkout
        && !state.cart.with_untracked(|c| c.is_empty())
    {
        state.payment_open.set(true);
    }
}

pub fn close_payment(state: AppState) {
    state.payment_open.set(false);
    state.focus_search_soon();
}

/// Store the sale (one IndexedDB transaction), THEN show the receipt, then kick a push. The network is never
/// awaited before the receipt shows. `done` gets the error when storing failed.
pub fn complete_sale(
    state: AppState,
    tenders: Vec<Tender>,
    done: impl FnOnce(Result<(), AppError>) + 'static,
) {
    let cart = state.cart.get_untracked();
    let settings = state.settings.get_untracked();
    spawn_local(async move {
        match db::sales::complete_sale(&cart, &settings, tenders).await {
            Ok(sale) => {
                state.cart.set(Default::default());
                state.notice.set(None);
                state.payment_open.set(false);
                show_receipt(state, sale, false);
                state.sales_rev.update(|r| *r += 1);
                done(Ok(()));
                sync::refresh_pending(state).await;
                sync::push::request_push(state);
            }
            Err(e) => {
                state.error.set(Some(e.cashier_message()));
                done(Err(e));
            }
        }
    });
}

pub fn show_receipt(state: AppState, sale: Sale, from_list: bool) {
    state.receipt.set(Some(sale));
    state.screen.set(Screen::Receipt { from_list });
}

/// Back to an empty checkout with the caret in the search box.
pub fn new_sale(state: AppState) {
    state.cart.set(Default::default());
    state.receipt.set(None);
    state.payment_open.set(false);
    state.notice.set(None);
    state.query.set(String::new());
    state.browse.set(Browse::Categories);
    state.screen.set(Screen::Checkout);
    state.focus_search();
}
