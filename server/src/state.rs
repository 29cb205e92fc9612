//! Application state shared by all handlers, and how it is opened from the configuration.

use crate::config::Config;
use crate::hooks::Hooks;
use crate::metrics::Metrics;
use crate::rate_limit::RateLimits;
use crate::seed;
use crate::store::postgres::{is_postgres_url, redact_url, PgStore};
use crate::store::sqlite::SqliteStore;
use crate::store::{Store, StoreError};
use std::path::PathBuf;
use std::sync::Arc;
use thiserror::Error;

/// What every request handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    /// Directory of the built browser app.
    pub site_dir: PathBuf,
    /// The configuration the server was started with.
    pub config: Arc<Config>,
    pub metrics: Arc<Metrics>,
    pub rate_limits: Arc<RateLimits>,
    /// Test hooks; empty in production.
    pub hooks: Hooks,
}

/// Why the server could not start.
#[derive(Debug, Error)]
pub enum StartError {
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open the database {path}: {source}")]
    Database { path: PathBuf, source: StoreError },
    /// `url` is redacted (no password).
    #[error("cannot open the PostgreSQL database {url}: {source}")]
    Postgres { url: String, source: StoreError },
    #[error("unsupported database URL {0}: expected postgres://… (or no URL for SQLite in the data directory)")]
    DatabaseUrl(String),
    #[error("cannot seed the demo store: {0}")]
    Seed(StoreError),
}

/// Open the configured store (SQLite in the data directory, or PostgreSQL with `database_url`), migrate it,
/// and seed the demo store on first start (unless `no_demo`).
pub async fn open_state(config: &Config) -> Result<AppState, StartError> {
    let store: Arc<dyn Store> = match &config.database_url {
        None => Arc::new(open_sqlite(config).await?),
        Some(url) => Arc::new(open_postgres(url, config.no_demo).await?),
    };
    tracing::info!(site = %config.site_dir.display(), "state opened");
    Ok(AppState {
        store,
        site_dir: config.site_dir.clone(),
        config: Arc::new(config.clone()),
        metrics: Arc::new(Metrics::new()),
        rate_limits: Arc::new(RateLimits::from_config(config)),
        hooks: Hooks::default(),
    })
}

async fn open_sqlite(config: &Config) -> Result<SqliteStore, StartError> {
    tokio::fs::create_dir_all(&config.data_dir)
        .await
        .map_err(|source| StartError::DataDir {
            path: config.data_dir.clone(),
            source,
        })?;
    let path = config.database_path();
    let store = SqliteStore::open(&path)
        .await
        .map_err(|source| StartError::Database {
            path: path.clone(),
            source,
        })?;
    if !config.no_demo {
        seed_once(&store).await?;
    }
    tracing::info!(database = %path.display(), "SQLite database opened");
    Ok(store)
}

/// Instances starting together on one empty database seed it once: the seed runs under the startup lock.
async fn open_postgres(url: &str, no_demo: bool) -> Result<PgStore, StartError> {
    let shown = redact_url(url);
    if !is_postgres_url(url) {
        return Err(StartError::DatabaseUrl(shown));
    }
    let failed = |source| StartError::Postgres {
        url: shown.clone(),
        source,
    };
    let store = PgStore::connect(url).await.map_err(failed)?;
    if !no_demo {
        let lock = store.startup_lock().await.map_err(failed)?;
        seed_once(&store).await?;
        lock.release().await.map_err(failed)?;
    }
    tracing::info!(database = %shown, "PostgreSQL database opened");
    Ok(store)
}

async fn seed_once(store: &dyn Store) -> Result<(), StartError> {
    if seed::seed_if_empty(store).await.map_err(StartError::Seed)? {
        tracing::info!(products = seed::DEMO_PRODUCTS, "seeded the demo store");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_database_url_of_another_kind_is_refused_without_its_password() {
        let mut config = Config::new("unused-data", "unused-site");
        config.database_url = Some("mysql://pos:secret@127.0.0.1/pos".into());
        let err = open_state(&config).await.err().expect("refused");
        assert!(matches!(err, StartError::DatabaseUrl(_)), "{err}");
        assert!(!err.to_string().contains("secret"), "{err}");
    }
}
