//! The OUTBOX store: mutations waiting for the server, read in seq order and removed once acknowledged.
//!
//! A mutation is stored once, when its sale completes, and sent as stored: a retry resends the same id and
//! the same body.

use super::{codec, seq_key, Store, OUTBOX, REFUNDS, RETURNS, SALES, VOIDS};
use crate::error::AppError;
use crate::model::outbox::Pending;
use crate::model::records::{RefundRecord, SaleRecord, VoidRecord};
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use indexed_db_futures::KeyRange;
use shared::document::{Refund, SaleDocument, Void};
use shared::sync::{Mutation, MutationBody};

/// The first `limit` mutations, in seq order.
pub async fn batch(store: &Store, limit: u32) -> Result<Vec<Mutation>, AppError> {
    let db = store.db().await?;
    let tx = db.transaction(OUTBOX).build()?;
    let store = tx.object_store(OUTBOX)?;
    let out = codec::get_all_json_with(&store, None, Some(limit)).await?;
    drop(store);
    tx.commit().await?;
    Ok(out)
}

/// How many mutations wait, and when the oldest was made.
pub async fn pending(store: &Store) -> Result<Pending, AppError> {
    let db = store.db().await?;
    let tx = db.transaction(OUTBOX).build()?;
    let store = tx.object_store(OUTBOX)?;
    let count = store.count().primitive()?.await?;
    let first = codec::get_all_json_with::<Mutation>(&store, None, Some(1))
        .await?
        .into_iter()
        .next();
    drop(store);
    tx.commit().await?;
    Ok(Pending::of(count, first.as_ref()))
}

/// The balance payments of every waiting mutation (`model::outbox::spent`).
pub async fn spent(store: &Store) -> Result<Vec<shared::tender::Payment>, AppError> {
    let db = store.db().await?;
    let tx = db.transaction(OUTBOX).build()?;
    let store = tx.object_store(OUTBOX)?;
    let waiting: Vec<Mutation> = codec::get_all_json_with(&store, None, None).await?;
    drop(store);
    tx.commit().await?;
    Ok(crate::model::outbox::spent(&waiting))
}

/// Mark a stored sale synced (storing it if it is missing).
async fn mark_sale(store: &ObjectStore<'_>, sale: &SaleDocument) -> Result<(), AppError> {
    let key = sale.id.to_string();
    let stored: Option<SaleRecord> = codec::get_json(store, key.as_str()).await?;
    let mut record = stored.unwrap_or_else(|| SaleRecord {
        sale: sale.clone(),
        synced: false,
    });
    record.synced = true;
    codec::put_json(store, key, &record).await
}

/// Mark a stored refund synced (storing it if it is missing).
async fn mark_refund(store: &ObjectStore<'_>, refund: &Refund) -> Result<(), AppError> {
    let key = refund.id.to_string();
    let stored: Option<RefundRecord> = codec::get_json(store, key.as_str()).await?;
    let mut record = stored.unwrap_or_else(|| RefundRecord {
        refund: refund.clone(),
        synced: false,
    });
    record.synced = true;
    codec::put_json(store, key, &record).await
}

/// Mark a stored void synced (storing it if it is missing).
async fn mark_void(store: &ObjectStore<'_>, void: &Void) -> Result<(), AppError> {
    let key = void.id.to_string();
    let stored: Option<VoidRecord> = codec::get_json(store, key.as_str()).await?;
    let mut record = stored.unwrap_or_else(|| VoidRecord {
        void: void.clone(),
        synced: false,
    });
    record.synced = true;
    codec::put_json(store, key, &record).await
}

/// The server has applied every mutation with seq ≤ `last_applied_seq`: delete them from the outbox and mark
/// their sales, refunds, voids and returns synced, in one transaction. Returns how many rows were acknowledged.
pub async fn acknowledge(store: &Store, last_applied_seq: u64) -> Result<usize, AppError> {
    if last_applied_seq == 0 {
        return Ok(0);
    }
    let db = store.db().await?;
    let tx = db
        .transaction([OUTBOX, SALES, REFUNDS, VOIDS, RETURNS])
        .with_mode(TransactionMode::Readwrite)
        .build()?;
    let outbox = tx.object_store(OUTBOX)?;
    let sales = tx.object_store(SALES)?;
    let refunds = tx.object_store(REFUNDS)?;
    let voids = tx.object_store(VOIDS)?;
    let returns = tx.object_store(RETURNS)?;
    // Inclusive upper bound (`false` = not open).
    let range = || -> KeyRange<f64> { KeyRange::UpperBound(seq_key(last_applied_seq), false) };
    let done: Vec<Mutation> = codec::get_all_json_with(&outbox, Some(range()), None).await?;
    for m in &done {
        match &m.body {
            MutationBody::CompleteSale { sale } => mark_sale(&sales, sale).await?,
            MutationBody::Refund { refund } => mark_refund(&refunds, refund).await?,
            MutationBody::Exchange { exchange } => {
                mark_sale(&sales, &exchange.sale).await?;
                mark_refund(&refunds, &exchange.returned).await?;
            }
            MutationBody::Void { void } => mark_void(&voids, void).await?,
            MutationBody::UnreceiptedReturn { unreceipted_return } => {
                super::returns::mark_synced(&returns, unreceipted_return).await?
            }
            // This terminal makes no cash movements yet.
            MutationBody::CashMovement { .. } => {}
            // The customer is held in META; the server's copy comes back by pull.
            MutationBody::SaveCustomer { .. } => {}
        }
    }
    outbox
        .delete::<f64, KeyRange<f64>>(range())
        .primitive()?
        .await?;
    drop((outbox, sales, refunds, voids, returns));
    tx.commit().await?;
    Ok(done.len())
}
