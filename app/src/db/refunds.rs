//! The REFUNDS store, and completing a refund: refund, outbox mutation and counters in one transaction.
//!
//! Refunds take their receipt numbers from the same prefix and counter as sales.

use super::sales::{next_header, store_with_mutation, terminal};
use super::{codec, Store, META, OUTBOX, REFUNDS};
use crate::error::AppError;
use crate::model::records::RefundRecord;
use crate::model::refund::merge_refunds;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use shared::document::Refund;
use shared::sale::SaleHeader;
use shared::sync::MutationBody;
use uuid::Uuid;

pub(super) async fn all_refunds(store: &ObjectStore<'_>) -> Result<Vec<RefundRecord>, AppError> {
    codec::get_all_json(store).await
}

/// The refunds of one sale made on this terminal, oldest first.
pub async fn of_sale(store: &Store, sale_id: Uuid) -> Result<Vec<RefundRecord>, AppError> {
    let db = store.db().await?;
    let tx = db.transaction(REFUNDS).build()?;
    let store = tx.object_store(REFUNDS)?;
    let mut out: Vec<RefundRecord> = all_refunds(&store)
        .await?
        .into_iter()
        .filter(|r| r.refund.sale_id == sale_id)
        .collect();
    drop(store);
    tx.commit().await?;
    out.sort_by_key(|a| a.refund.created_at);
    Ok(out)
}

/// The earlier refunds of `sale_id`: this terminal's (read in the caller's transaction) and those the server
/// told about (`known`), each once.
pub(super) async fn previous(
    store: &ObjectStore<'_>,
    known: &[Refund],
    sale_id: Uuid,
) -> Result<Vec<Refund>, AppError> {
    let local = all_refunds(store).await?.into_iter().map(|r| r.refund);
    Ok(merge_refunds(local, known, sale_id))
}

/// Complete a refund of sale `sale_id`: `build` makes it from the next header and every earlier refund of the
/// sale (this terminal's, read in the same transaction, plus `known` from the server); then the refund, its
/// `Refund` mutation (new UUIDv7, seq = next_seq) and the bumped counters are written in that ONE readwrite
/// transaction over REFUNDS, OUTBOX and META.
pub async fn complete_refund(
    store: &Store,
    sale_id: Uuid,
    known: &[Refund],
    build: impl FnOnce(SaleHeader, &[Refund]) -> Result<Refund, AppError>,
) -> Result<Refund, AppError> {
    let db = store.db().await?;
    let tx = db
        .transaction([REFUNDS, OUTBOX, META])
        .with_mode(TransactionMode::Readwrite)
        .build()?;
    let refunds = tx.object_store(REFUNDS)?;
    let outbox = tx.object_store(OUTBOX)?;
    let meta_store = tx.object_store(META)?;

    let mut terminal = terminal(&meta_store).await?;
    let header = next_header(&terminal)?;
    let earlier = previous(&refunds, known, sale_id).await?;
    let refund = build(header, &earlier)?;
    let record = RefundRecord {
        refund: refund.clone(),
        synced: false,
    };
    let body = MutationBody::Refund {
        refund: refund.clone(),
    };
    let key = refund.id.to_string();
    store_with_mutation(
        &refunds,
        key,
        &record,
        &outbox,
        &meta_store,
        &mut terminal,
        body,
    )
    .await?;

    drop((refunds, outbox, meta_store));
    tx.commit().await?;
    Ok(refund)
}

/// This terminal's refunds created at or after `since_ms`, newest first.
pub async fn list_since(store: &Store, since_ms: f64) -> Result<Vec<RefundRecord>, AppError> {
    let db = store.db().await?;
    let tx = db.transaction(REFUNDS).build()?;
    let store = tx.object_store(REFUNDS)?;
    let mut out: Vec<RefundRecord> = all_refunds(&store)
        .await?
        .into_iter()
        .filter(|r| r.refund.created_at.timestamp_millis() as f64 >= since_ms)
        .collect();
    drop(store);
    tx.commit().await?;
    out.sort_by(|a, b| {
        b.refund
            .created_at
            .cmp(&a.refund.created_at)
            .then_with(|| b.refund.receipt_no.cmp(&a.refund.receipt_no))
    });
    Ok(out)
}
