//! Completing an exchange: the return (a refund of the earlier sale) and the new sale it pays for, built
//! together by `Exchange::create`, written with their one `Exchange` outbox mutation and the counters in ONE
//! transaction, which also deletes the stored open order. The return and the sale take consecutive receipt numbers.

use super::meta::{self, KEY_TERMINAL};
use super::refunds::{all_refunds, merge_previous, RefundRecord};
use super::sales::{next_header, terminal, SaleRecord};
use super::{codec, db, seq_key, META, OUTBOX, REFUNDS, SALES};
use crate::commerce::{self, ContextParts, StoreData};
use crate::error::AppError;
use crate::ids;
use crate::order::Order;
use crate::state::PendingExchange;
use chrono::NaiveDateTime;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use rust_decimal::Decimal;
use shared::document::exchange::{ExchangeReturn, ExchangeSale};
use shared::document::{Exchange, StaffStamp};
use shared::sync::{Mutation, MutationBody};
use shared::tender::Payment;

/// Complete `pending` with `order` paid by `payments` (beyond the exchange credit, which `Exchange::create`
/// adds itself).
pub async fn complete_exchange(
    pending: &PendingExchange,
    order: &Order,
    data: &StoreData,
    now: NaiveDateTime,
    payments: Vec<Payment>,
    cashier: Option<StaffStamp>,
) -> Result<Exchange, AppError> {
    let db = db().await?;
    let tx = db
        .transaction([SALES, REFUNDS, OUTBOX, META])
        .with_mode(TransactionMode::Readwrite)
        .build()?;
    let sales = tx.object_store(SALES)?;
    let refunds = tx.object_store(REFUNDS)?;
    let outbox = tx.object_store(OUTBOX)?;
    let meta_store = tx.object_store(META)?;

    let mut terminal = terminal(&meta_store).await?;
    let return_header = next_header(&terminal)?;
    terminal.next_receipt_no += 1;
    let sale_header = next_header(&terminal)?;
    terminal.next_receipt_no += 1;
    let previous = merge_previous(
        all_refunds(&refunds).await?,
        &pending.known,
        pending.sale.id,
    );
    let parts = ContextParts::new(order, data, now);
    let basket = order.basket();
    let balances = commerce::balances(data, order.customer.as_ref());
    let mut exchange = Exchange::create(
        pending.id,
        ExchangeReturn {
            header: return_header,
            original: &pending.sale,
            previous_refunds: &previous,
            lines: pending.request.lines.clone(),
            reason: pending.request.reason.clone(),
            method: pending.request.method.clone(),
        },
        ExchangeSale {
            header: sale_header,
            basket: &basket,
            payments,
            tip: Decimal::ZERO,
            balances: Some(&balances),
        },
        &parts.context(data),
    )
    .map_err(|e| AppError::Document {
        what: "exchange",
        error: e,
    })?;
    // Both halves are the cashier's; the return carries the refund approval, the sale the discount one.
    exchange.returned.cashier = cashier.clone();
    exchange.returned.approval = pending.approval.clone();
    exchange.sale.cashier = cashier;
    exchange.sale.approval = order.approval.clone();
    let mutation = Mutation {
        id: ids::uuid_v7()?,
        seq: terminal.next_seq,
        body: MutationBody::Exchange {
            exchange: Box::new(exchange.clone()),
        },
    };
    let sale_record = SaleRecord {
        sale: exchange.sale.clone(),
        synced: false,
    };
    codec::add_json(&sales, exchange.sale.id.to_string(), &sale_record).await?;
    let refund_record = RefundRecord {
        refund: exchange.returned.clone(),
        synced: false,
    };
    codec::add_json(&refunds, exchange.returned.id.to_string(), &refund_record).await?;
    codec::add_json(&outbox, seq_key(mutation.seq), &mutation).await?;
    terminal.next_seq += 1;
    meta::put(&meta_store, KEY_TERMINAL, &terminal).await?;
    // The order is paid: it must not come back on a reload.
    super::open_order::clear_in(&meta_store).await?;

    drop((sales, refunds, outbox, meta_store));
    tx.commit().await?;
    Ok(exchange)
}
