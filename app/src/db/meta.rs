//! The META store: the terminal's identity and counters, the pull cursor and the synced store data.

use super::META;
use crate::error::AppError;
use crate::ids;
use indexed_db_futures::database::Database;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use shared::catalog::{Category, StoreSettings, TaxRate};
use uuid::Uuid;

pub const KEY_TERMINAL: &str = "terminal";
pub const KEY_CURSOR: &str = "pull_cursor";
pub const KEY_SETTINGS: &str = "store_settings";
pub const KEY_TAX_RATES: &str = "tax_rates";
pub const KEY_CATEGORIES: &str = "categories";

/// Who this terminal is, and its next numbers. Created once on first start, then only counted up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Terminal {
    pub device_id: Uuid,
    /// Four uppercase letters derived from `device_id`, prefixed to every receipt number.
    pub receipt_prefix: String,
    /// Sequence number of the next outbox mutation (starts at 1, no gaps).
    pub next_seq: u64,
    /// Number of the next receipt (starts at 1).
    pub next_receipt_no: u64,
}

impl Terminal {
    pub fn new(device_id: Uuid) -> Self {
        Terminal {
            receipt_prefix: ids::receipt_prefix(&device_id),
            device_id,
            next_seq: 1,
            next_receipt_no: 1,
        }
    }

    /// The receipt number the next sale gets: "ABCD-000042".
    pub fn next_receipt(&self) -> String {
        format!("{}-{:06}", self.receipt_prefix, self.next_receipt_no)
    }
}

pub async fn get<T: DeserializeOwned>(
    store: &ObjectStore<'_>,
    key: &str,
) -> Result<Option<T>, AppError> {
    Ok(store.get(key).serde()?.await?)
}

pub async fn put<T: Serialize>(
    store: &ObjectStore<'_>,
    key: &str,
    value: &T,
) -> Result<(), AppError> {
    store
        .put(value)
        .with_key(key)
        .without_key_type()
        .serde()?
        .await?;
    Ok(())
}

/// The terminal identity, created and stored on first start.
pub async fn ensure_terminal(db: &Database) -> Result<Terminal, AppError> {
    let tx = db
        .transaction(META)
        .with_mode(TransactionMode::Readwrite)
        .build()?;
    let store = tx.object_store(META)?;
    if let Some(t) = get::<Terminal>(&store, KEY_TERMINAL).await? {
        drop(store);
        tx.commit().await?;
        return Ok(t);
    }
    let terminal = Terminal::new(ids::uuid_v7()?);
    put(&store, KEY_TERMINAL, &terminal).await?;
    drop(store);
    tx.commit().await?;
    Ok(terminal)
}

/// Everything of META the app needs at start.
#[derive(Debug, Default)]
pub struct Stored {
    pub cursor: u64,
    pub settings: Option<StoreSettings>,
    pub tax_rates: Vec<TaxRate>,
    pub categories: Vec<Category>,
}

pub async fn load(store: &ObjectStore<'_>) -> Result<Stored, AppError> {
    Ok(Stored {
        cursor: get(store, KEY_CURSOR).await?.unwrap_or(0),
        settings: get(store, KEY_SETTINGS).await?,
        tax_rates: get(store, KEY_TAX_RATES).await?.unwrap_or_default(),
        categories: get(store, KEY_CATEGORIES).await?.unwrap_or_default(),
    })
}
