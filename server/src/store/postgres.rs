//! PostgreSQL implementation of [`Store`](super::Store): a connection pool on one database that several server
//! instances may share; migrations in `migrations/postgres/` run on connect (sqlx holds an advisory lock while they run).
//!
//! Concurrency, with any number of instances: a push locks its device's row, so pushes of one device
//! serialise, and the rows of the sales it refunds or voids; catalog writes, and pushes that change balances,
//! hold one transaction-scoped advisory lock, so the global change sequence becomes visible in order; a push that loses a race on a unique key (another device recording the same mutation or
//! sale at the same moment) is retried and then answered by the push rules.

mod balances;
mod codec;
mod ingest;
mod sales;
mod stamps;

// The push path (`sales.rs`, `stamps.rs`) reaches the shared tables as `super::auth::audit` and
// `super::stores` (each device's store's policy).
use super::backend::Backend;
use super::{auth, stores, StoreFuture, StoreResult};
use crate::push::PushBatch;
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{Postgres, Transaction};
use std::str::FromStr;
use std::time::Duration;

/// Advisory lock keys of this schema (arbitrary constants: "pos_cata", "pos_star").
const CATALOG_LOCK: i64 = 0x706f_735f_6361_7461;
const STARTUP_LOCK: i64 = 0x706f_735f_7374_6172;

/// True for a URL this store opens (`postgres://…` or `postgresql://…`).
pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// The URL without its password, for logs and messages.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    match authority.rsplit_once('@') {
        Some((user_info, host)) => match user_info.split_once(':') {
            Some((user, _password)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

/// The PostgreSQL store. Cheap to clone (a connection pool).
#[derive(Clone, Debug)]
pub struct PgStore {
    pool: PgPool,
}

/// Held while an instance seeds an empty database, so instances starting together seed it once.
/// Released by [`StartupLock::release`], or when dropped (its transaction rolls back).
pub struct StartupLock(Transaction<'static, Postgres>);

impl StartupLock {
    pub async fn release(self) -> StoreResult<()> {
        self.0.commit().await?;
        Ok(())
    }
}

impl PgStore {
    /// Connect to the database at `url` and bring its schema up to date.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let options = PgConnectOptions::from_str(url)?.application_name("pos-server");
        let pool = PgPoolOptions::new()
            .max_connections(10)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        Ok(PgStore { pool })
    }

    /// Take the startup lock (waits while another instance holds it).
    pub async fn startup_lock(&self) -> StoreResult<StartupLock> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(STARTUP_LOCK)
            .execute(&mut *tx)
            .await?;
        Ok(StartupLock(tx))
    }
}

static MIGRATOR: Migrator = sqlx::migrate!("./migrations/postgres");

impl Backend for PgStore {
    type Db = Postgres;

    fn pool(&self) -> &PgPool {
        &self.pool
    }

    fn migrator(&self) -> &'static Migrator {
        &MIGRATOR
    }

    fn push(&self, batch: PushBatch) -> StoreFuture<'_, u64> {
        Box::pin(sales::push(&self.pool, batch))
    }

    fn close(&self) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            self.pool.close().await;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_recognised_and_redacted() {
        assert!(is_postgres_url("postgres://a@h/db"));
        assert!(is_postgres_url("postgresql://h/db"));
        assert!(!is_postgres_url("sqlite://x"));
        assert_eq!(
            redact_url("postgres://pos:secret@127.0.0.1:5432/pos?sslmode=disable"),
            "postgres://pos:***@127.0.0.1:5432/pos?sslmode=disable"
        );
        assert_eq!(redact_url("postgres://h/db"), "postgres://h/db");
        assert_eq!(redact_url("postgres://u:p@h"), "postgres://u:***@h");
        assert_eq!(redact_url("postgres://u@h/db"), "postgres://u@h/db");
    }
}
