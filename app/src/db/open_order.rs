//! The open order in META (`KEY_OPEN_ORDER`): the order being rung up and its pending exchange, as JSON
//! through `db::codec` like every META value. Absent when the till has no open order.
//!
//! Written by `services::open_order` after changes; deleted inside the transaction that completes the sale or
//! exchange (`clear_in`), so a reload after payment cannot bring the paid order back.

use super::{codec, Store, META};
use crate::error::AppError;
use crate::model::open_order::OpenOrder;
use indexed_db_futures::database::Database;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;

/// `OpenOrder`: the order being rung up. Absent: none.
pub const KEY_OPEN_ORDER: &str = "open_order";

/// The stored open order, if any.
pub async fn load(store: &Store) -> Result<Option<OpenOrder>, AppError> {
    let db = store.db().await?;
    let tx = db.transaction(META).build()?;
    let store = tx.object_store(META)?;
    let open = codec::get_json::<OpenOrder>(&store, KEY_OPEN_ORDER).await?;
    drop(store);
    tx.commit().await?;
    Ok(open)
}

/// Store `open` (`None`: delete the record) in its own readwrite transaction. The transaction is created
/// before the first await, so it is queued behind (or ahead of) other META transactions in the order this
/// function is called: `services::open_order` relies on that.
pub async fn save(db: &Database, open: Option<&OpenOrder>) -> Result<(), AppError> {
    let tx = db
        .transaction(META)
        .with_mode(TransactionMode::Readwrite)
        .build()?;
    let store = tx.object_store(META)?;
    match open {
        Some(open) => codec::put_json(&store, KEY_OPEN_ORDER, open).await?,
        None => clear_in(&store).await?,
    }
    drop(store);
    tx.commit().await?;
    Ok(())
}

/// Delete the open order inside the caller's transaction over META (completing a sale or an exchange).
pub async fn clear_in(meta_store: &ObjectStore<'_>) -> Result<(), AppError> {
    meta_store
        .delete::<&str, _>(KEY_OPEN_ORDER)
        .primitive()?
        .await?;
    Ok(())
}
