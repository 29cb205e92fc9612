//! SQLite implementation of [`Store`](super::Store): one WAL-mode database file, migrations run on open,
//! pushes written in groups (one transaction and one disk flush for all pushes waiting).

pub mod backup;
mod balances;
mod codec;
mod documents;
mod group_commit;
mod in_use;
mod sales;
mod stamps;

// The push path (`sales.rs`, `stamps.rs`) reaches the shared tables as `super::auth::audit` and
// `super::stores` (each device's store's policy).
use super::backend::Backend;
use super::{auth, stores, StoreFuture, StoreResult};
use crate::push::PushBatch;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

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

impl Backend for SqliteStore {
    type Db = sqlx::Sqlite;

    fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    fn migrator(&self) -> &'static Migrator {
        &MIGRATOR
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
