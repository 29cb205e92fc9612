//! Completing documents: a sale (or the exchange it finishes), a refund, and starting an exchange. Each is
//! built here, from the header the completing IndexedDB transaction hands over (`db::sales`, `db::refunds`,
//! `db::exchanges`: numbering stays atomic, storage only stores), stored in ONE transaction with its outbox
//! mutation, THEN shown, then pushed. The network is never awaited before the receipt shows.

use super::actions::show_receipt;
use super::open_order::Completing;
use super::session::cashier_stamp;
use super::state::{AppState, Browse, Document, Screen};
use super::sync;
use crate::db;
use crate::db::exchanges::ExchangeHeaders;
use crate::error::AppError;
use crate::model::commerce::{balances, ContextParts, StoreData};
use crate::model::open_order::PendingExchange;
use crate::model::order::Order;
use chrono::NaiveDateTime;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rust_decimal::Decimal;
use shared::document::exchange::{ExchangeReturn, ExchangeSale};
use shared::document::{Approval, Exchange, Refund, RefundRequest, SaleDocument, StaffStamp};
use shared::policy::StorePolicy;
use shared::sale::SaleHeader;
use shared::tender::Payment;

/// What a sale is made of, besides its header: the order priced at store-local time `now` with `data`, the
/// payments, and who completes it.
struct SaleParts {
    order: Order,
    data: StoreData,
    now: NaiveDateTime,
    payments: Vec<Payment>,
    cashier: Option<StaffStamp>,
}

fn refused(what: &'static str) -> impl FnOnce(shared::document::DocumentError) -> AppError {
    move |error| AppError::Document { what, error }
}

impl SaleParts {
    /// The sale: priced and settled with `SaleDocument::complete` (balances of pulled gift cards and the
    /// customer's store credit are checked), stamped with the cashier and the order's discount approval.
    fn sale(self, header: SaleHeader) -> Result<SaleDocument, AppError> {
        let parts = ContextParts::new(&self.order, &self.data, self.now);
        let balances = balances(&self.data, self.order.customer.as_ref());
        let mut sale = SaleDocument::complete(
            header,
            &parts.context(&self.data),
            &self.order.basket(),
            self.payments,
            Decimal::ZERO,
            Some(&balances),
        )
        .map_err(refused("sale"))?;
        sale.cashier = self.cashier;
        sale.approval = self.order.approval;
        Ok(sale)
    }

    /// The exchange `pending` finishes with this sale: the return and the sale built together by
    /// `Exchange::create` (which adds the exchange credit to the payments). Both halves are the cashier's; the
    /// return carries the refund approval, the sale the discount one.
    fn exchange(
        self,
        pending: &PendingExchange,
        headers: ExchangeHeaders,
        previous: &[Refund],
    ) -> Result<Exchange, AppError> {
        let parts = ContextParts::new(&self.order, &self.data, self.now);
        let basket = self.order.basket();
        let balances = balances(&self.data, self.order.customer.as_ref());
        let mut exchange = Exchange::create(
            pending.id,
            ExchangeReturn {
                header: headers.returned,
                original: &pending.sale,
                previous_refunds: previous,
                lines: pending.request.lines.clone(),
                reason: pending.request.reason.clone(),
                method: pending.request.method.clone(),
            },
            ExchangeSale {
                header: headers.sale,
                basket: &basket,
                payments: self.payments,
                tip: Decimal::ZERO,
                balances: Some(&balances),
            },
            &parts.context(&self.data),
        )
        .map_err(refused("exchange"))?;
        exchange.returned.cashier = self.cashier.clone();
        exchange.returned.approval = pending.approval.clone();
        exchange.sale.cashier = self.cashier;
        exchange.sale.approval = self.order.approval;
        Ok(exchange)
    }
}

/// Store the sale (one IndexedDB transaction, which also deletes the stored open order), THEN show the
/// receipt, then kick a push. `done` gets the error when storing failed. No write of the open order starts
/// until the cart is emptied (`services::open_order`).
///
/// With an exchange under way, the return and this sale are stored together, and `payments` pay what the
/// exchange credit does not.
pub fn complete_sale(
    state: AppState,
    payments: Vec<Payment>,
    done: impl FnOnce(Result<(), AppError>) + 'static,
) {
    let parts = SaleParts {
        order: state.cart.get_untracked(),
        data: state.data.get_untracked(),
        now: state.now.get_untracked(),
        payments,
        cashier: cashier_stamp(state),
    };
    let exchange = state.exchange.get_untracked();
    let completing = Completing::start(state);
    let store = state.store();
    spawn_local(async move {
        let stored = match &exchange {
            Some(pending) => db::exchanges::complete_exchange(
                &store,
                pending.sale.id,
                &pending.known,
                |headers, previous| parts.exchange(pending, headers, previous),
            )
            .await
            .map(|e| e.sale),
            None => db::sales::complete_sale(&store, |header| parts.sale(header)).await,
        };
        match stored {
            Ok(sale) => {
                completing.committed();
                state.exchange.set(None);
                note_spent(state, &sale);
                super::parked::sale_completed(state);
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

/// The refund of `request`, made with `Refund::create` after every earlier refund, stamped with who makes it
/// and who approved it (stamps are not its money).
fn build_refund(
    header: SaleHeader,
    sale: &SaleDocument,
    previous: &[Refund],
    request: &RefundRequest,
    policy: &StorePolicy,
    stamps: (Option<StaffStamp>, Option<Approval>),
) -> Result<Refund, AppError> {
    let mut refund =
        Refund::create(header, sale, previous, request, policy).map_err(refused("refund"))?;
    (refund.cashier, refund.approval) = stamps;
    Ok(refund)
}

/// Store the refund with its outbox mutation (one IndexedDB transaction), THEN show its receipt, then push.
/// `approval`: the manager's, when the cashier lacks `refund` (asked for after the lines were chosen).
pub fn complete_refund(
    state: AppState,
    sale: SaleDocument,
    known: Vec<Refund>,
    request: RefundRequest,
    approval: Option<Approval>,
    done: impl FnOnce(Result<(), AppError>) + 'static,
) {
    let policy = state.data.with_untracked(|d| d.policy.clone());
    let stamps = (cashier_stamp(state), approval);
    let store = state.store();
    spawn_local(async move {
        let stored = db::refunds::complete_refund(&store, sale.id, &known, |header, previous| {
            build_refund(header, &sale, previous, &request, &policy, stamps)
        })
        .await;
        match stored {
            Ok(refund) => {
                let document = Document::Refund {
                    sale_receipt_no: Some(sale.receipt_no.clone()),
                    sale_units: sale.priced.lines.iter().map(|l| l.unit).collect(),
                    refund,
                };
                stored_from_dialog(state, document, done).await;
            }
            Err(e) => done(Err(e)),
        }
    });
}

/// A refund or void made in its dialog is stored: close the dialog (its approval is spent), show the
/// document's receipt, reload the lists, tell the dialog, then push.
pub async fn stored_from_dialog(
    state: AppState,
    document: Document,
    done: impl FnOnce(Result<(), AppError>),
) {
    state.dialog.set(None);
    state.auth.approved.set(None);
    show_receipt(state, document, true);
    state.sales_rev.update(|r| *r += 1);
    done(Ok(()));
    sync::refresh_pending(state).await;
    sync::push::request_push(state);
}

/// Start an exchange: the goods of `request` come back from `sale`, and their value (`value`) pays for a new
/// order rung up now (for the sale's customer, when the till knows them).
pub fn start_exchange(
    state: AppState,
    sale: SaleDocument,
    known: Vec<Refund>,
    request: RefundRequest,
    value: Decimal,
    approval: Option<Approval>,
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
    state.cart.set(Order {
        customer,
        ..Default::default()
    });
    state.exchange.set(Some(PendingExchange {
        id,
        sale,
        known,
        request,
        value,
        approval,
    }));
    state.dialog.set(None);
    state.auth.approved.set(None);
    state.receipt.set(None);
    state.notice.set(None);
    state.query.set(String::new());
    state.browse.set(Browse::All);
    state.screen.set(Screen::Checkout);
    state.focus_search_soon();
}
