//! The VOIDS store, and completing a void: void, outbox mutation and counters in one transaction.
//!
//! Voids take their receipt numbers from the same prefix and counter as sales and refunds.

use super::refunds::previous;
use super::sales::{next_header, store_with_mutation, terminal};
use super::{codec, Store, META, OUTBOX, REFUNDS, VOIDS};
use crate::error::AppError;
use crate::model::records::VoidRecord;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use shared::document::{Refund, Void};
use shared::sale::SaleHeader;
use shared::sync::MutationBody;
use uuid::Uuid;

async fn all_voids(store: &ObjectStore<'_>) -> Result<Vec<VoidRecord>, AppError> {
    codec::get_all_json(store).await
}

/// Complete a void of sale `sale_id`: `build` makes it from the next header, every refund of the sale (this
/// terminal's, read in the same transaction, plus `known` from the server) and whether a void of it is stored
/// already; then the void, its `Void` mutation (new UUIDv7, seq = next_seq) and the bumped counters are
/// written in that ONE readwrite transaction over VOIDS, REFUNDS, OUTBOX and META, so two taps void once.
pub async fn complete_void(
    store: &Store,
    sale_id: Uuid,
    known: &[Refund],
    build: impl FnOnce(SaleHeader, &[Refund], bool) -> Result<Void, AppError>,
) -> Result<Void, AppError> {
    let db = store.db().await?;
    let tx = db
        .transaction([VOIDS, REFUNDS, OUTBOX, META])
        .with_mode(TransactionMode::Readwrite)
        .build()?;
    let voids = tx.object_store(VOIDS)?;
    let refunds = tx.object_store(REFUNDS)?;
    let outbox = tx.object_store(OUTBOX)?;
    let meta_store = tx.object_store(META)?;

    let mut terminal = terminal(&meta_store).await?;
    let header = next_header(&terminal)?;
    let earlier = previous(&refunds, known, sale_id).await?;
    let voided = all_voids(&voids)
        .await?
        .iter()
        .any(|v| v.void.sale_id == sale_id);
    let void = build(header, &earlier, voided)?;
    let record = VoidRecord {
        void: void.clone(),
        synced: false,
    };
    let body = MutationBody::Void { void: void.clone() };
    let key = void.id.to_string();
    store_with_mutation(
        &voids,
        key,
        &record,
        &outbox,
        &meta_store,
        &mut terminal,
        body,
    )
    .await?;

    drop((voids, refunds, outbox, meta_store));
    tx.commit().await?;
    Ok(void)
}

/// Every void made on this terminal (a void names its sale; the lists look sales up in it).
pub async fn all(store: &Store) -> Result<Vec<VoidRecord>, AppError> {
    let db = store.db().await?;
    let tx = db.transaction(VOIDS).build()?;
    let store = tx.object_store(VOIDS)?;
    let out = all_voids(&store).await?;
    drop(store);
    tx.commit().await?;
    Ok(out)
}
