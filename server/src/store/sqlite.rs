//! SQLite implementation of [`Store`]: one WAL-mode database file, migrations run on open, pushes written in
//! groups (one transaction and one disk flush for all pushes waiting).

mod auth;
pub mod backup;
mod balances;
mod catalog;
mod codec;
mod commerce;
mod documents;
mod group_commit;
mod in_use;
mod queries;
mod sales;
mod stamps;

use super::{CatalogWrite, IngestFlag, Store, StoreFuture, StoreResult};
use crate::push::PushBatch;
use shared::api::{CustomerPage, ProductPage};
use shared::catalog::GiftCardBalance;
use shared::document::{Refund, SaleDocument};
use shared::sync::PullResponse;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

/// Statement that opens every write transaction: takes the write lock up front, so concurrent writers queue
/// on the busy timeout instead of failing half-way with `SQLITE_BUSY`.
const BEGIN_WRITE: &str = "BEGIN IMMEDIATE";

/// The schema migrations, embedded at build time.
static MIGRATOR: Migrator = sqlx::migrate!("./migrations/sqlite");

/// The SQLite store. Cheap to clone (a connection pool).
#[derive(Clone, Debug)]
pub struct SqliteStore {
    pool: SqlitePool,
    /// Pushes are written in groups by one writer task (see [`group_commit`]).
    writer: group_commit::GroupWriter,
}

impl SqliteStore {
    /// Open (creating if missing) the database file and bring its schema up to date.
    ///
    /// The store holds a shared lock on the database's lock file (`pos.sqlite3.lock`) for as long as its pool
    /// lives, so `server restore` can tell that a server uses the database; opening is refused while a restore
    /// holds it.
    pub async fn open(path: &Path) -> StoreResult<Self> {
        let in_use = Arc::new(in_use::InUse::share(path)?);
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: an acknowledged sale survives a power cut, not only a crash of the process.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            // The pool owns this hook and so the lock: released when the last clone of the pool is dropped.
            .after_connect(move |_, _| {
                let _held = Arc::clone(&in_use);
                Box::pin(async { Ok(()) })
            })
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        let writer = group_commit::GroupWriter::start(pool.clone());
        Ok(SqliteStore { pool, writer })
    }
}

impl Store for SqliteStore {
    fn is_empty(&self) -> StoreFuture<'_, bool> {
        Box::pin(catalog::is_empty(&self.pool))
    }

    fn write_catalog<'a>(&'a self, catalog: &'a CatalogWrite) -> StoreFuture<'a, ()> {
        Box::pin(catalog::write(&self.pool, catalog))
    }

    fn pull(&self, cursor: u64, limit: u32) -> StoreFuture<'_, PullResponse> {
        Box::pin(catalog::pull(&self.pool, cursor, limit))
    }

    fn push(&self, batch: PushBatch) -> StoreFuture<'_, u64> {
        Box::pin(async move {
            if batch.mutations.is_empty() {
                sales::last_applied(&self.pool, &batch).await
            } else {
                self.writer.push(batch).await
            }
        })
    }

    fn products_page(&self, after: Option<String>, limit: u32) -> StoreFuture<'_, ProductPage> {
        Box::pin(catalog::products_page(&self.pool, after, limit))
    }

    fn list_sales(
        &self,
        device_id: Option<Uuid>,
        limit: u32,
    ) -> StoreFuture<'_, Vec<SaleDocument>> {
        Box::pin(queries::list_sales(&self.pool, device_id, limit))
    }

    fn sale(&self, id: Uuid) -> StoreFuture<'_, Option<SaleDocument>> {
        Box::pin(queries::sale(&self.pool, id))
    }

    fn sale_refunds(&self, sale_id: Uuid) -> StoreFuture<'_, Option<Vec<Refund>>> {
        Box::pin(queries::sale_refunds(&self.pool, sale_id))
    }

    fn list_refunds(&self, limit: u32) -> StoreFuture<'_, Vec<Refund>> {
        Box::pin(queries::list_refunds(&self.pool, limit))
    }

    fn gift_card<'a>(&'a self, code: &'a str) -> StoreFuture<'a, Option<GiftCardBalance>> {
        Box::pin(commerce::gift_card(&self.pool, code))
    }

    fn customers_page(&self, after: Option<String>, limit: u32) -> StoreFuture<'_, CustomerPage> {
        Box::pin(commerce::customers_page(&self.pool, after, limit))
    }

    fn flags(&self, limit: u32) -> StoreFuture<'_, Vec<IngestFlag>> {
        Box::pin(queries::flags(&self.pool, limit))
    }

    fn check_ready(&self) -> StoreFuture<'_, ()> {
        Box::pin(check_ready(&self.pool))
    }

    fn close(&self) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            self.writer.stop().await;
            // Move everything from the WAL into the database file now, on a connection closed right here
            // (not returned to the pool), so the file is complete once `close` returns.
            let checkpoint = async {
                let mut conn = self.pool.acquire().await?;
                sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                    .execute(&mut *conn)
                    .await?;
                conn.close().await
            }
            .await;
            self.pool.close().await;
            checkpoint?;
            Ok(())
        })
    }
}

/// The database answers, and every embedded migration has been applied successfully.
async fn check_ready(pool: &SqlitePool) -> StoreResult<()> {
    let applied: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = 1")
            .fetch_all(pool)
            .await?;
    super::require_migrations(&MIGRATOR, &applied)
}
