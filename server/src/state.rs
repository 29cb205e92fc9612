//! Application state shared by all handlers, and how it is opened from the configuration.

use crate::config::Config;
use crate::hooks::Hooks;
use crate::metrics::Metrics;
use crate::rate_limit::RateLimits;
use crate::seed;
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
    #[error("cannot seed the demo store: {0}")]
    Seed(StoreError),
}

/// Create the data directory, open and migrate the database, and seed the demo store on first start
/// (unless `no_demo`).
pub async fn open_state(config: &Config) -> Result<AppState, StartError> {
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
    if !config.no_demo
        && seed::seed_if_empty(&store)
            .await
            .map_err(StartError::Seed)?
    {
        tracing::info!(products = seed::DEMO_PRODUCTS, "seeded the demo store");
    }
    tracing::info!(database = %path.display(), site = %config.site_dir.display(), "state opened");
    Ok(AppState {
        store: Arc::new(store),
        site_dir: config.site_dir.clone(),
        config: Arc::new(config.clone()),
        metrics: Arc::new(Metrics::new()),
        rate_limits: Arc::new(RateLimits::from_config(config)),
        hooks: Hooks::default(),
    })
}
