//! The OUTBOX store: mutations waiting for the server, read in seq order and removed once acknowledged.
//!
//! A mutation is stored once, when its sale completes, and sent as stored: a retry resends the same id and
//! the same body.

use super::refunds::RefundRecord;
use super::sales::SaleRecord;
use super::{codec, db, seq_key, OUTBOX, REFUNDS, SALES};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use indexed_db_futures::KeyRange;
use shared::document::{Refund, SaleDocument};
use shared::sync::{Mutation, MutationBody};

/// When the document a mutation carries was made.
pub fn created_at(body: &MutationBody) -> DateTime<Utc> {
    match body {
        MutationBody::CompleteSale { sale } => sale.created_at,
        MutationBody::Refund { refund } => refund.created_at,
        MutationBody::Void { void } => void.created_at,
        MutationBody::Exchange { exchange } => exchange.sale.created_at,
        MutationBody::CashMovement { movement } => movement.created_at,
    }
}

/// The first `limit` mutations, in seq order.
pub async fn batch(limit: u32) -> Result<Vec<Mutation>, AppError> {
    let db = db().await?;
    let tx = db.transaction(OUTBOX).build()?;
    let store = tx.object_store(OUTBOX)?;
    let out = codec::get_all_json_with(&store, None, Some(limit)).await?;
    drop(store);
    tx.commit().await?;
    Ok(out)
}

/// Waiting mutations: how many, and when the oldest sale among them was made (ms since the epoch).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Pending {
    pub count: u32,
    pub oldest_ms: Option<f64>,
}

pub async fn pending() -> Result<Pending, AppError> {
    let db = db().await?;
    let tx = db.transaction(OUTBOX).build()?;
    let store = tx.object_store(OUTBOX)?;
    let count = store.count().primitive()?.await?;
    let first = codec::get_all_json_with::<Mutation>(&store, None, Some(1))
        .await?
        .into_iter()
        .next();
    drop(store);
    tx.commit().await?;
    let oldest_ms = first.map(|m| created_at(&m.body).timestamp_millis() as f64);
    Ok(Pending { count, oldest_ms })
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

/// The server has applied every mutation with seq ≤ `last_applied_seq`: delete them from the outbox and mark
/// their sales and refunds synced, in one transaction. Returns how many rows were acknowledged.
pub async fn acknowledge(last_applied_seq: u64) -> Result<usize, AppError> {
    if last_applied_seq == 0 {
        return Ok(0);
    }
    let db = db().await?;
    let tx = db
        .transaction([OUTBOX, SALES, REFUNDS])
        .with_mode(TransactionMode::Readwrite)
        .build()?;
    let outbox = tx.object_store(OUTBOX)?;
    let sales = tx.object_store(SALES)?;
    let refunds = tx.object_store(REFUNDS)?;
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
            // This terminal makes no voids or cash movements yet.
            MutationBody::Void { .. } | MutationBody::CashMovement { .. } => {}
        }
    }
    outbox
        .delete::<f64, KeyRange<f64>>(range())
        .primitive()?
        .await?;
    drop((outbox, sales, refunds));
    tx.commit().await?;
    Ok(done.len())
}
