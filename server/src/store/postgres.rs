//! PostgreSQL implementation of [`Store`]: a connection pool on one database that several server instances may
//! share; migrations in `migrations/postgres/` run on connect (sqlx holds an advisory lock while they run).
//!
//! Concurrency, with any number of instances: a push locks its device's row, so pushes of one device
//! serialise, and the rows of the sales it refunds or voids; catalog writes, and pushes that change balances,
//! hold one transaction-scoped advisory lock, so the global change sequence becomes visible in order; a push that loses a race on a unique key (another device recording the same mutation or
//! sale at the same moment) is retried and then answered by the push rules.

mod auth;
mod balances;
mod catalog;
mod commerce;
mod ingest;
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
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{Postgres, Transaction};
use std::str::FromStr;
use std::time::Duration;
use uuid::Uuid;

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

impl Store for PgStore {
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
        Box::pin(sales::push(&self.pool, batch))
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

    /// The database answers, and every embedded migration has been applied successfully.
    fn check_ready(&self) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            let applied: Vec<i64> =
                sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
                    .fetch_all(&self.pool)
                    .await?;
            super::require_migrations(&MIGRATOR, &applied)
        })
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
