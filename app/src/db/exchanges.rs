//! Completing an exchange: the return (a refund of the earlier sale) and the new sale it pays for, built
//! together by the caller from two headers the transaction hands it, written with their one `Exchange` outbox
//! mutation and the counters in ONE transaction, which also deletes the stored open order. The return and the
//! sale take consecutive receipt numbers.

use super::meta::{self, KEY_TERMINAL};
use super::refunds::previous;
use super::sales::{next_header, terminal};
use super::{codec, seq_key, Store, META, OUTBOX, REFUNDS, SALES};
use crate::error::AppError;
use crate::ids;
use crate::model::records::{RefundRecord, SaleRecord};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use shared::document::{Exchange, Refund};
use shared::sale::SaleHeader;
use shared::sync::{Mutation, MutationBody};
use uuid::Uuid;

/// The headers of an exchange's two documents.
pub struct ExchangeHeaders {
    pub returned: SaleHeader,
    pub sale: SaleHeader,
}

/// Complete an exchange returning goods of sale `sale_id`: `build` makes it from the next two headers and
/// every earlier refund of that sale (this terminal's, read in the same transaction, plus `known`).
pub async fn complete_exchange(
    store: &Store,
    sale_id: Uuid,
    known: &[Refund],
    build: impl FnOnce(ExchangeHeaders, &[Refund]) -> Result<Exchange, AppError>,
) -> Result<Exchange, AppError> {
    let db = store.db().await?;
    let tx = db
        .transaction([SALES, REFUNDS, OUTBOX, META])
        .with_mode(TransactionMode::Readwrite)
        .build()?;
    let sales = tx.object_store(SALES)?;
    let refunds = tx.object_store(REFUNDS)?;
    let outbox = tx.object_store(OUTBOX)?;
    let meta_store = tx.object_store(META)?;

    let mut terminal = terminal(&meta_store).await?;
    let returned = next_header(&terminal)?;
    terminal.next_receipt_no += 1;
    let sale = next_header(&terminal)?;
    terminal.next_receipt_no += 1;
    let earlier = previous(&refunds, known, sale_id).await?;
    let exchange = build(ExchangeHeaders { returned, sale }, &earlier)?;
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
