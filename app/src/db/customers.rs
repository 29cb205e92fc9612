//! Saving a customer at the till, offline too: the customer as this till now holds it (META `customers`) and
//! its `SaveCustomer` mutation (new UUIDv7, seq = next_seq) with the bumped sequence, in ONE readwrite
//! transaction over OUTBOX and META, so the till never holds a customer the server will not hear of, nor
//! sends one twice.

use super::meta::{self, KEY_CUSTOMERS, KEY_TERMINAL};
use super::sales::terminal;
use super::{codec, seq_key, Store, META, OUTBOX};
use crate::error::AppError;
use crate::ids;
use crate::model::customer_form::Saved;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use shared::catalog::CustomerRecord;
use shared::sync::{Mutation, MutationBody};

/// Store `saved` (made by `build` from this terminal's device id) and its mutation; answers the customers
/// as this till now holds them.
pub async fn save(
    store: &Store,
    build: impl FnOnce(uuid::Uuid) -> Result<Saved, AppError>,
) -> Result<(Saved, Vec<CustomerRecord>), AppError> {
    let db = store.db().await?;
    let tx = db
        .transaction([OUTBOX, META])
        .with_mode(TransactionMode::Readwrite)
        .build()?;
    let outbox = tx.object_store(OUTBOX)?;
    let meta_store = tx.object_store(META)?;
    let mut terminal = terminal(&meta_store).await?;
    let saved = build(terminal.device_id)?;
    let mut customers: Vec<CustomerRecord> = meta::get(&meta_store, KEY_CUSTOMERS)
        .await?
        .unwrap_or_default();
    match customers.iter_mut().find(|c| c.id == saved.record.id) {
        Some(held) => *held = saved.record.clone(),
        None => customers.push(saved.record.clone()),
    }
    meta::put(&meta_store, KEY_CUSTOMERS, &customers).await?;
    let mutation = Mutation {
        id: ids::uuid_v7()?,
        seq: terminal.next_seq,
        body: MutationBody::SaveCustomer {
            save: saved.save.clone(),
        },
    };
    codec::add_json(&outbox, seq_key(mutation.seq), &mutation).await?;
    terminal.next_seq += 1;
    meta::put(&meta_store, KEY_TERMINAL, &terminal).await?;
    drop((outbox, meta_store));
    tx.commit().await?;
    Ok((saved, customers))
}
