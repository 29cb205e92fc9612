//! The POS server as a library: configuration, state, and the HTTP router (API, static app, headers).
//!
//! `main.rs` only parses flags and runs [`serve`]; tests start the same router in-process.
#![forbid(unsafe_code)]

pub mod api;
pub mod auth;
pub mod body_limit;
pub mod card_numbers;
pub mod catalog_csv;
pub mod client_ip;
pub mod clock;
pub mod config;
pub mod cors;
pub mod csrf;
pub mod docs_ui;
pub mod error;
pub mod events;
pub mod extract;
pub mod headers;
pub mod health;
pub mod hooks;
pub mod idempotency;
pub mod metrics;
pub mod openapi;
pub mod push;
pub mod rate_limit;
pub mod request_log;
pub mod route_table;
pub mod seed;
pub mod site;
pub mod state;
pub mod store;

// Maintenance subcommands (`server backup`, `server restore`).
pub mod backup;
pub mod bootstrap;
pub mod cli;

pub use config::Config;
pub use state::{open_state, AppState, StartError};

use auth::guard::{Guard, Policies};
use auth::Access;
use axum::extract::DefaultBodyLimit;
use axum::middleware::{from_fn, from_fn_with_state, map_response};
use axum::Router;
use route_table::{RouteEntry, RouteTable};
use std::future::{Future, IntoFuture};
use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::TcpListener;

/// Every documented route: the API resources, operations (health, readiness, metrics) and the API docs.
pub fn routes() -> RouteTable<AppState> {
    api::routes().merge(
        RouteTable::new()
            .get("/healthz", Access::Public, health::healthz)
            .get("/readyz", Access::Public, health::readyz)
            .get("/metrics", Access::Metrics, metrics::middleware::scrape)
            .get(openapi::OPENAPI_PATH, Access::Public, openapi::openapi_json)
            .get("/api/docs", Access::Public, docs_ui::page)
            .get("/api/docs/docs.js", Access::Public, docs_ui::script)
            .get("/api/docs/docs.css", Access::Public, docs_ui::style),
    )
}

/// The (method, path) of every route [`router`] serves besides the static app and the JSON 404s.
pub fn route_entries() -> Vec<RouteEntry> {
    routes().entries()
}

/// The whole HTTP surface: `/api/...`, `/healthz`, `/readyz`, `/metrics`, and the static app for everything
/// else. Outermost first: request log (with the `X-Request-Id`), metrics, security and cache headers, HSTS,
/// CORS, declared body size; after routing: route label, the flood guard (unauthenticated `/api` requests per
/// address), the auth guard (each route's [`Access`]: no credentials is 401 before anything about the body),
/// the CSRF guard (content type, `Origin`), and `Idempotency-Key` replays of POST and PATCH.
pub fn router(state: AppState) -> Router {
    let site = site::router(&state.site_dir).layer(map_response(metrics::middleware::tag_static));
    let table = routes();
    let policies = Policies::new(&table.entries());
    let flood = rate_limit::layer::FloodGuard {
        state: state.clone(),
        policies: policies.clone(),
    };
    let body_limits = table.body_limits();
    let idempotency = idempotency::Idempotency::new(state.clone(), body_limits.clone());
    let guard = Guard {
        state: state.clone(),
        policies,
    };
    let app = table
        .into_router()
        .merge(api::not_found_routes())
        .route_layer(from_fn_with_state(idempotency, idempotency::layer))
        .route_layer(from_fn_with_state(state.clone(), csrf::guard))
        .route_layer(from_fn_with_state(guard, auth::guard::guard))
        .route_layer(from_fn_with_state(flood, rate_limit::layer::limit))
        .route_layer(from_fn(metrics::middleware::tag_route))
        .method_not_allowed_fallback(error::method_not_allowed)
        .fallback_service(site)
        .layer(DefaultBodyLimit::max(body_limit::DEFAULT_BODY_BYTES))
        .layer(from_fn_with_state(
            body_limits,
            body_limit::check_declared_length,
        ));
    let app = match cors::layer(&state.config.cors_origins) {
        Some(cors) => app.layer(cors),
        None => app,
    };
    app.layer(from_fn_with_state(state.config.trust_proxy, headers::hsts))
        .layer(from_fn(headers::cache_control))
        .layer(from_fn(headers::security))
        .layer(from_fn_with_state(
            state.clone(),
            metrics::middleware::record,
        ))
        .layer(from_fn(request_log::log_request))
        .with_state(state)
}

/// This process's webhook dispatcher, on the state's store and clock (none if its HTTP client cannot be
/// built, which is logged: events are still written and any other instance delivers them).
fn start_dispatcher(state: &AppState) -> Option<events::dispatcher::Running> {
    use events::dispatcher::{DispatchConfig, Dispatcher, HttpTransport};
    let timeout = Duration::from_secs(state.config.webhook_timeout_secs);
    let config = DispatchConfig {
        timeout,
        lease: timeout * 2,
        ..DispatchConfig::default()
    };
    let allow = events::ssrf::AllowList::new(&state.config.webhook_allow_hosts);
    match HttpTransport::new(allow, config.timeout) {
        Ok(transport) => Some(
            Dispatcher::new(
                state.store.clone(),
                std::sync::Arc::new(transport),
                state.clock.clone(),
                config,
            )
            .with_waker(state.webhooks.clone())
            .spawn(),
        ),
        Err(e) => {
            tracing::error!(error = %e, "cannot build the webhook client; this instance sends no webhooks");
            None
        }
    }
}

/// Delete expired idempotency keys now and then, for as long as the server runs.
async fn sweep_idempotency_keys(state: AppState) {
    let mut every = tokio::time::interval(idempotency::SWEEP_EVERY);
    loop {
        every.tick().await;
        match idempotency::sweep(&state).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(deleted = n, "expired idempotency keys swept"),
            Err(e) => tracing::warn!(error = %e, "sweeping idempotency keys failed"),
        }
    }
}

/// How long closing the store may take after the server stopped.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(10);

/// Serve on an already bound listener until `shutdown` completes; then stop accepting, let in-flight requests
/// finish for at most the configured grace period, and close the store.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let store = state.store.clone();
    let dispatcher = start_dispatcher(&state);
    let grace = state.config.shutdown_grace();
    let (signalled, on_signal) = tokio::sync::oneshot::channel::<()>();
    let signal = async move {
        shutdown.await;
        let _ = signalled.send(());
    };
    let sweeper = tokio::spawn(sweep_idempotency_keys(state.clone()));
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    let server = axum::serve(listener, app)
        .with_graceful_shutdown(signal)
        .into_future();
    let grace_over = async move {
        match on_signal.await {
            Ok(()) => tokio::time::sleep(grace).await,
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        done = server => done?,
        () = grace_over => {
            tracing::warn!(grace_secs = grace.as_secs(), "requests still running after the grace period; stopping anyway");
        }
    }
    if let Some(dispatcher) = dispatcher {
        dispatcher.stop().await;
    }
    sweeper.abort();
    match tokio::time::timeout(CLOSE_TIMEOUT, store.close()).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => tracing::warn!(error = %e, "closing the store failed"),
        Err(_) => tracing::warn!("closing the store timed out"),
    }
    Ok(())
}
