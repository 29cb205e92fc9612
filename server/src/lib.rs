//! The POS server as a library: configuration, state, and the HTTP router (API, static app, headers).
//!
//! `main.rs` only parses flags and runs [`serve`]; tests start the same router in-process.
#![forbid(unsafe_code)]

pub mod api;
pub mod config;
pub mod error;
pub mod extract;
pub mod headers;
pub mod push;
pub mod request_log;
pub mod seed;
pub mod site;
pub mod state;
pub mod store;

// Maintenance subcommands (`server backup`, `server restore`).
pub mod backup;
pub mod cli;

pub use config::Config;
pub use state::{open_state, AppState, StartError};

use axum::middleware::from_fn;
use axum::routing::get;
use axum::Router;
use std::future::Future;
use tokio::net::TcpListener;

/// The whole HTTP surface: `/api/v1/...`, `/healthz`, and the static app for everything else.
pub fn router(state: AppState) -> Router {
    let site = site::router(&state.site_dir);
    Router::new()
        .merge(api::routes())
        .route("/healthz", get(|| async { "ok" }))
        .method_not_allowed_fallback(error::method_not_allowed)
        .fallback_service(site)
        .layer(from_fn(headers::cache_control))
        .layer(from_fn(headers::security))
        .layer(from_fn(request_log::log_request))
        .with_state(state)
}

/// Serve on an already bound listener until `shutdown` completes, then close the store.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let store = state.store.clone();
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await?;
    if let Err(e) = store.close().await {
        tracing::warn!(error = %e, "closing the store failed");
    }
    Ok(())
}
