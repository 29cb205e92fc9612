//! The RETURNS store, and completing a return without a receipt: the return, its outbox mutation and the
//! counters in ONE transaction. Returns take their receipt numbers from the same prefix and counter as sales,
//! refunds and voids.

use super::sales::{next_header, store_with_mutation, terminal};
use super::{codec, Store, META, OUTBOX, RETURNS};
use crate::error::AppError;
use crate::model::records::ReturnRecord;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use shared::document::UnreceiptedReturn;
use shared::sale::SaleHeader;
use shared::sync::MutationBody;

/// Complete a return: `build` makes it from the next header; the return, its `UnreceiptedReturn` mutation
/// (new UUIDv7, seq = next_seq) and the bumped counters are written in that ONE readwrite transaction over
/// RETURNS, OUTBOX and META.
pub async fn complete_return(
    store: &Store,
    build: impl FnOnce(SaleHeader) -> Result<UnreceiptedReturn, AppError>,
) -> Result<UnreceiptedReturn, AppError> {
    let db = store.db().await?;
    let tx = db
        .transaction([RETURNS, OUTBOX, META])
        .with_mode(TransactionMode::Readwrite)
        .build()?;
    let returns = tx.object_store(RETURNS)?;
    let outbox = tx.object_store(OUTBOX)?;
    let meta_store = tx.object_store(META)?;
    let mut terminal = terminal(&meta_store).await?;
    let header = next_header(&terminal)?;
    let made = build(header)?;
    let record = ReturnRecord {
        unreceipted_return: made.clone(),
        synced: false,
    };
    let body = MutationBody::UnreceiptedReturn {
        unreceipted_return: made.clone(),
    };
    let key = made.id.to_string();
    store_with_mutation(
        &returns,
        key,
        &record,
        &outbox,
        &meta_store,
        &mut terminal,
        body,
    )
    .await?;
    drop((returns, outbox, meta_store));
    tx.commit().await?;
    Ok(made)
}

/// Returns made on this terminal at or after `since_ms`, newest first.
pub async fn list_since(store: &Store, since_ms: f64) -> Result<Vec<ReturnRecord>, AppError> {
    let db = store.db().await?;
    let tx = db.transaction(RETURNS).build()?;
    let object_store = tx.object_store(RETURNS)?;
    let all: Vec<ReturnRecord> = codec::get_all_json(&object_store).await?;
    drop(object_store);
    tx.commit().await?;
    let mut out: Vec<ReturnRecord> = all
        .into_iter()
        .filter(|r| r.unreceipted_return.created_at.timestamp_millis() as f64 >= since_ms)
        .collect();
    out.sort_by(|a, b| {
        let (a, b) = (&a.unreceipted_return, &b.unreceipted_return);
        b.created_at
            .cmp(&a.created_at)
            .then_with(|| b.receipt_no.cmp(&a.receipt_no))
    });
    Ok(out)
}

/// Mark a return synced (inside the outbox's acknowledging transaction).
pub(super) async fn mark_synced(
    store: &ObjectStore<'_>,
    made: &UnreceiptedReturn,
) -> Result<(), AppError> {
    let key = made.id.to_string();
    let stored: Option<ReturnRecord> = codec::get_json(store, key.as_str()).await?;
    let mut record = stored.unwrap_or_else(|| ReturnRecord {
        unreceipted_return: made.clone(),
        synced: false,
    });
    record.synced = true;
    codec::put_json(store, key, &record).await
}
