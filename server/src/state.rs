//! Application state shared by all handlers, and how it is opened from the configuration.

use crate::auth::attempts::Attempts;
use crate::auth::passwords::Hasher;
use crate::auth::AuthError;
use crate::catalog_csv::job::Jobs;
use crate::clock::Clock;
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
    /// Per-address flood guards for unauthenticated requests, on [`AppState::clock`].
    pub rate_limits: Arc<RateLimits>,
    /// One sign-in attempt at a time per device or email (see `auth::lockout`).
    pub attempts: Arc<Attempts>,
    /// Where every handler reads the time.
    pub clock: Clock,
    /// Test hooks; empty in production.
    pub hooks: Hooks,
    /// The demo staff were seeded at this start (their credentials are printed once).
    pub seeded_staff: bool,
    /// The catalog import jobs of this process.
    pub imports: Arc<Jobs>,
    /// Wakes this process's webhook dispatcher (a test event, a replay, an inbound message).
    pub webhooks: Arc<tokio::sync::Notify>,
}

impl AppState {
    /// The same state reading the time from `clock` (a test's manual clock), rate limits included.
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.rate_limits = Arc::new(RateLimits::new(&self.config, &clock));
        self.clock = clock;
        self
    }
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
    #[error("cannot seed the demo staff: {0}")]
    SeedStaff(AuthError),
}

/// Open the configured store (SQLite in the data directory, or PostgreSQL with `database_url`), migrate it,
/// and seed the demo store on first start (unless `no_demo`).
pub async fn open_state(config: &Config) -> Result<AppState, StartError> {
    let (store, seeded_staff): (Arc<dyn Store>, bool) = match &config.database_url {
        None => {
            let (store, seeded) = open_sqlite(config).await?;
            (Arc::new(store), seeded)
        }
        Some(url) => {
            let (store, seeded) = open_postgres(url, config).await?;
            (Arc::new(store), seeded)
        }
    };
    tracing::info!(site = %config.site_dir.display(), "state opened");
    let clock = Clock::system();
    Ok(AppState {
        store,
        site_dir: config.site_dir.clone(),
        config: Arc::new(config.clone()),
        metrics: Arc::new(Metrics::new()),
        rate_limits: Arc::new(RateLimits::new(config, &clock)),
        attempts: Arc::new(Attempts::default()),
        clock,
        hooks: Hooks::default(),
        seeded_staff,
        imports: Arc::new(Jobs::default()),
        webhooks: Arc::new(tokio::sync::Notify::new()),
    })
}

async fn open_sqlite(config: &Config) -> Result<(SqliteStore, bool), StartError> {
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
    let seeded = if config.no_demo {
        false
    } else {
        seed_once(&store, config).await?
    };
    tracing::info!(database = %path.display(), "SQLite database opened");
    Ok((store, seeded))
}

/// Instances starting together on one empty database seed it once: the seed runs under the startup lock.
async fn open_postgres(url: &str, config: &Config) -> Result<(PgStore, bool), StartError> {
    let shown = redact_url(url);
    if !is_postgres_url(url) {
        return Err(StartError::DatabaseUrl(shown));
    }
    let failed = |source| StartError::Postgres {
        url: shown.clone(),
        source,
    };
    let store = PgStore::connect(url).await.map_err(failed)?;
    let mut seeded = false;
    if !config.no_demo {
        let lock = store.startup_lock().await.map_err(failed)?;
        seeded = seed_once(&store, config).await?;
        lock.release().await.map_err(failed)?;
    }
    tracing::info!(database = %shown, "PostgreSQL database opened");
    Ok((store, seeded))
}

/// Seed the demo catalog into an empty store, and the demo staff into a store without staff (also a demo store
/// from before sign-in existed). Returns whether the staff were seeded.
async fn seed_once(store: &dyn Store, config: &Config) -> Result<bool, StartError> {
    if seed::seed_if_empty(store, Clock::system().now())
        .await
        .map_err(StartError::Seed)?
    {
        tracing::info!(products = seed::DEMO_PRODUCTS, "seeded the demo store");
    }
    let hasher = Hasher::from_config(config).map_err(StartError::SeedStaff)?;
    let seeded = seed::staff::seed_if_none(store, &hasher, Clock::system().now())
        .await
        .map_err(StartError::SeedStaff)?;
    if seeded {
        tracing::info!(
            staff = seed::staff::DEMO_STAFF.len(),
            "seeded the demo staff"
        );
    }
    Ok(seeded)
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
