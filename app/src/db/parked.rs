//! The PARKED store: this till's parked orders (`model::parked::ParkedOrder`), keyed by id.
//!
//! Parking and resuming move an order between the open order (META) and this store in ONE transaction over
//! both, so a reload at any moment finds it in exactly one place: never lost, never twice.

use super::open_order::{clear_in, KEY_OPEN_ORDER};
use super::{codec, Store, META, PARKED};
use crate::error::AppError;
use crate::model::open_order::OpenOrder;
use crate::model::parked::ParkedOrder;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use uuid::Uuid;

/// Every record, in id order.
pub async fn all(store: &Store) -> Result<Vec<ParkedOrder>, AppError> {
    let db = store.db().await?;
    let tx = db.transaction(PARKED).build()?;
    let parked = tx.object_store(PARKED)?;
    let records = codec::get_all_json(&parked).await?;
    drop(parked);
    tx.commit().await?;
    Ok(records)
}

/// Write each `(id, record)` (`None`: delete `id`), and the open order (`Some(None)`: delete it; `None`:
/// leave it), in one transaction.
async fn write(
    store: &Store,
    records: &[(Uuid, Option<&ParkedOrder>)],
    open: Option<Option<&OpenOrder>>,
) -> Result<(), AppError> {
    let db = store.db().await?;
    let tx = db
        .transaction([PARKED, META])
        .with_mode(TransactionMode::Readwrite)
        .build()?;
    let parked = tx.object_store(PARKED)?;
    let meta = tx.object_store(META)?;
    for (id, record) in records {
        match record {
            Some(r) => codec::put_json(&parked, id.to_string(), *r).await?,
            None => {
                parked
                    .delete::<String, _>(id.to_string())
                    .primitive()?
                    .await?
            }
        }
    }
    match open {
        Some(Some(open)) => codec::put_json(&meta, KEY_OPEN_ORDER, open).await?,
        Some(None) => clear_in(&meta).await?,
        None => {}
    }
    drop((parked, meta));
    tx.commit().await?;
    Ok(())
}

/// Park: store `record` and delete the open order, together. `previous` is the record of the order when it
/// had been resumed here (replaced by its close to send, or deleted when `None`).
pub async fn park(
    store: &Store,
    record: &ParkedOrder,
    previous: Option<(Uuid, Option<ParkedOrder>)>,
) -> Result<(), AppError> {
    let mut records = vec![(record.id, Some(record))];
    if let Some((id, prev)) = &previous {
        records.push((*id, prev.as_ref()));
    }
    write(store, &records, Some(None)).await
}

/// Resume: store `record` (now `Resumed`) and make `open` the open order, together.
pub async fn resume(store: &Store, record: &ParkedOrder, open: &OpenOrder) -> Result<(), AppError> {
    write(store, &[(record.id, Some(record))], Some(Some(open))).await
}

/// Replace one record (`None`: delete it).
pub async fn put(store: &Store, id: Uuid, record: Option<&ParkedOrder>) -> Result<(), AppError> {
    write(store, &[(id, record)], None).await
}
