//! Storage interface: everything the HTTP layer needs from a database, behind one object-safe trait.
//!
//! Implementations: [`sqlite::SqliteStore`] (the default, one file in the data directory) and
//! [`postgres::PgStore`] (one database that several server instances may share); their schemas translate
//! column for column. Both apply pushes with the rules in [`crate::push::plan`].

pub mod codec;
pub mod postgres;
pub mod pull_page;
pub mod sqlite;

use crate::push::{PushBatch, PushRejection};
use shared::api::ProductPage;
use shared::catalog::{Category, Product, StoreSettings, TaxRate};
use shared::sale::Sale;
use shared::sync::PullResponse;
use std::future::Future;
use std::pin::Pin;
use thiserror::Error;
use uuid::Uuid;

/// Failures of the storage layer.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The push broke a sync rule; nothing of the batch was applied.
    #[error(transparent)]
    Rejected(#[from] PushRejection),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The database's lock file could not be locked (e.g. `server restore` is replacing the database).
    #[error("cannot lock {path}: {source}")]
    Lock {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    /// A stored value could not be read back (hand-edited or damaged database).
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
    /// The database answers but cannot serve yet (e.g. migrations not applied).
    #[error("database not ready: {0}")]
    NotReady(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// The future every store method returns (boxed so the trait can be used as `dyn Store`).
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = StoreResult<T>> + Send + 'a>>;

/// Catalog entities to write, applied in this order: settings, tax rates, categories, products.
/// Each written entity takes the next value of the global change sequence.
#[derive(Clone, Debug, Default)]
pub struct CatalogWrite {
    pub settings: Option<StoreSettings>,
    pub tax_rates: Vec<TaxRate>,
    pub categories: Vec<Category>,
    pub products: Vec<Product>,
}

/// The server's storage.
///
/// Invariant for implementations: changes become visible to `pull` in change-sequence order (a reader never
/// sees sequence N+1 committed while N is still pending), otherwise terminals could skip a change for good.
pub trait Store: Send + Sync + 'static {
    /// True when the database holds no catalog at all (first start).
    fn is_empty(&self) -> StoreFuture<'_, bool>;

    /// Insert or update catalog entities in one transaction (products get their version bumped on update).
    fn write_catalog<'a>(&'a self, catalog: &'a CatalogWrite) -> StoreFuture<'a, ()>;

    /// Changes with a sequence above `cursor`, ascending, at most `limit` of them.
    fn pull(&self, cursor: u64, limit: u32) -> StoreFuture<'_, PullResponse>;

    /// Apply a push atomically (all or nothing) and answer the device's last applied sequence.
    /// Refusals come back as [`StoreError::Rejected`].
    fn push(&self, batch: PushBatch) -> StoreFuture<'_, u64>;

    /// Products ordered by id, starting after `after`.
    fn products_page(&self, after: Option<String>, limit: u32) -> StoreFuture<'_, ProductPage>;

    /// Sales newest first, optionally of one device.
    fn list_sales(&self, device_id: Option<Uuid>, limit: u32) -> StoreFuture<'_, Vec<Sale>>;

    /// One sale by id.
    fn sale(&self, id: Uuid) -> StoreFuture<'_, Option<Sale>>;

    /// Whether the database answers and its schema is up to date (for `/readyz`). The default only checks that
    /// the database answers a query; implementations should also check their migrations.
    fn check_ready(&self) -> StoreFuture<'_, ()> {
        Box::pin(async move { self.is_empty().await.map(|_| ()) })
    }

    /// Flush and close connections (on shutdown).
    fn close(&self) -> StoreFuture<'_, ()>;
}
