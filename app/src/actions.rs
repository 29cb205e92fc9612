//! What the cashier's inputs do: add to cart (weighed goods ask for a weight), scan, open payment, complete a
//! sale or a refund, open and close dialogs, start a new sale.

use crate::db;
use crate::error::AppError;
use crate::state::{AppState, Browse, Dialog, DiscountTarget, Document, PendingExchange, Screen};
use crate::sync;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rust_decimal::Decimal;
use shared::barcode::looks_like_barcode;
use shared::basket::Unit;
use shared::catalog::Product;
use shared::discount::ManualDiscount;
use shared::document::{Refund, RefundRequest, SaleDocument};
use shared::tender::Payment;

/// Add one of `product` to the cart, then put the caret back in the search box. A weighed product opens the
/// weight dialog instead.
pub fn add_product(state: AppState, product: &Product) {
    if product.unit == Unit::Kilogram {
        state.notice.set(None);
        open_dialog(state, Dialog::Weight(product.clone()));
        return;
    }
    add_quantity(state, product, Decimal::ONE);
}

/// Add `quantity` of `product` (a weight in kg for weighed goods).
pub fn add_quantity(state: AppState, product: &Product, quantity: Decimal) {
    let rates = state.tax_rates.get_untracked();
    let cashier = crate::auth::cashier_stamp(state);
    let mut result = Ok(0);
    state.cart.update(|c| {
        result = c.add(product, quantity, &rates);
        if result.is_ok() {
            c.stamp_start(cashier);
        }
    });
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

/// Store the sale (one IndexedDB transaction, which also deletes the stored open order), THEN show the
/// receipt, then kick a push. The network is never awaited before the receipt shows. `done` gets the error
/// when storing failed. No write of the open order starts until the cart is emptied (`open_order`).
///
/// With an exchange under way, the return and this sale are stored together (`db::exchanges`), and `payments`
/// pay what the exchange credit does not.
pub fn complete_sale(
    state: AppState,
    payments: Vec<Payment>,
    done: impl FnOnce(Result<(), AppError>) + 'static,
) {
    let order = state.cart.get_untracked();
    let data = state.data.get_untracked();
    let now = state.now.get_untracked();
    let exchange = state.exchange.get_untracked();
    let cashier = crate::auth::cashier_stamp(state);
    let completing = crate::open_order::Completing::start();
    spawn_local(async move {
        let stored = match &exchange {
            Some(pending) => {
                db::exchanges::complete_exchange(pending, &order, &data, now, payments, cashier)
                    .await
                    .map(|e| e.sale)
            }
            None => db::sales::complete_sale(&order, &data, now, payments, cashier).await,
        };
        match stored {
            Ok(sale) => {
                completing.committed();
                state.exchange.set(None);
                note_spent(state, &sale);
                state.cart.set(Default::default());
                state.notice.set(None);
                state.payment_open.set(false);
                show_receipt(state, Document::Sale(sale), false);
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
        drop(completing);
    });
}

/// Take what a sale drew from gift cards and store credit, and the coupon uses it redeemed, off what is in
/// memory, so the next sale on this till cannot spend them again before the server's counts arrive with a
/// pull.
fn note_spent(state: AppState, sale: &SaleDocument) {
    state.data.update(|d| {
        for code in sale.priced.redeemed_coupons() {
            let code = shared::promotion::normalize_code(code);
            if let Some(c) = d
                .coupons
                .iter_mut()
                .find(|c| shared::promotion::normalize_code(&c.code) == code)
            {
                c.remaining_uses = c.remaining_uses.map(|n| n.saturating_sub(1));
            }
        }
        for p in &sale.payments {
            match p {
                Payment::GiftCard { amount, card } => {
                    if let Some(g) = d.gift_cards.iter_mut().find(|g| &g.code == card) {
                        g.balance -= *amount;
                    }
                }
                Payment::StoreCredit { amount, account } => {
                    if let Some(c) = d.customers.iter_mut().find(|c| &c.id == account) {
                        c.store_credit -= *amount;
                    }
                }
                _ => {}
            }
        }
    });
}

/// Store the refund with its outbox mutation (one IndexedDB transaction), THEN show its receipt, then push.
pub fn complete_refund(
    state: AppState,
    sale: SaleDocument,
    known: Vec<Refund>,
    request: RefundRequest,
    done: impl FnOnce(Result<(), AppError>) + 'static,
) {
    let policy = state.data.with_untracked(|d| d.policy.clone());
    let stamps = db::refunds::Stamps {
        cashier: crate::auth::cashier_stamp(state),
        approval: state.auth.approved.get_untracked(),
    };
    spawn_local(async move {
        match db::refunds::complete_refund(&sale, &known, &request, &policy, stamps).await {
            Ok(refund) => {
                state.dialog.set(None);
                state.auth.approved.set(None);
                show_receipt(
                    state,
                    Document::Refund {
                        refund,
                        sale_receipt_no: Some(sale.receipt_no.clone()),
                        sale_units: sale.priced.lines.iter().map(|l| l.unit).collect(),
                    },
                    true,
                );
                state.sales_rev.update(|r| *r += 1);
                done(Ok(()));
                sync::refresh_pending(state).await;
                sync::push::request_push(state);
            }
            Err(e) => done(Err(e)),
        }
    });
}

/// Start an exchange: the goods of `request` come back from `sale`, and their value (`value`) pays for a new
/// order rung up now (for the sale's customer, when the till knows them).
pub fn start_exchange(
    state: AppState,
    sale: SaleDocument,
    known: Vec<Refund>,
    request: RefundRequest,
    value: Decimal,
) {
    let id = match crate::ids::uuid_v7() {
        Ok(id) => id,
        Err(e) => {
            state.error.set(Some(e.cashier_message()));
            return;
        }
    };
    let customer = sale.customer_id.as_ref().and_then(|id| {
        state
            .data
            .with_untracked(|d| d.customers.iter().find(|c| &c.id == id).cloned())
    });
    state.cart.set(crate::order::Order {
        customer,
        ..Default::default()
    });
    state.exchange.set(Some(PendingExchange {
        id,
        sale,
        known,
        request,
        value,
        approval: state.auth.approved.get_untracked(),
    }));
    state.dialog.set(None);
    state.auth.approved.set(None);
    state.receipt.set(None);
    state.notice.set(None);
    state.query.set(String::new());
    state.browse.set(Browse::Categories);
    state.screen.set(Screen::Checkout);
    state.focus_search_soon();
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
    state.query.set(String::new());
    state.browse.set(Browse::Categories);
    state.screen.set(Screen::Checkout);
    state.focus_search();
}
