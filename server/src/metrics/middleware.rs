//! Request recording: the route template of each answer and the outer layer that counts and times requests,
//! plus the `GET /metrics` handler.

use super::{NO_ROUTE, STATIC_ROUTE};
use crate::state::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::prometheus_text::CONTENT_TYPE;
use std::time::Instant;

/// The route that answered a request, carried on the response to the outer metrics layer.
#[derive(Clone, Debug)]
pub enum RouteLabel {
    /// A route template such as `/api/v1/sales/{id}` (cheap to clone).
    Matched(MatchedPath),
    Fixed(&'static str),
}

impl RouteLabel {
    fn as_str(&self) -> &str {
        match self {
            RouteLabel::Matched(m) => m.as_str(),
            RouteLabel::Fixed(s) => s,
        }
    }
}

/// Route layer: remember the matched route template on the response.
pub async fn tag_route(matched: Option<MatchedPath>, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let label = matched.map_or(RouteLabel::Fixed(NO_ROUTE), RouteLabel::Matched);
    res.extensions_mut().insert(label);
    res
}

/// For the static app service: label its answers `(static)` rather than one series per file.
pub async fn tag_static(mut res: Response) -> Response {
    res.extensions_mut().insert(RouteLabel::Fixed(STATIC_ROUTE));
    res
}

/// Outer layer: count every answer by route, method and status, and time it.
pub async fn record(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let started = Instant::now();
    let res = next.run(req).await;
    let route = res
        .extensions()
        .get::<RouteLabel>()
        .map_or(NO_ROUTE, RouteLabel::as_str);
    state
        .metrics
        .observe_request(route, &method, res.status().as_u16(), started.elapsed());
    res
}

/// Prometheus metrics of this server in the text exposition format.
#[utoipa::path(
    get,
    path = "/metrics",
    tag = "operations",
    responses(
        (status = 200, description = "Metrics in the Prometheus text format (version 0.0.4)",
         body = String, content_type = "text/plain; version=0.0.4"),
    )
)]
pub async fn scrape(State(state): State<AppState>) -> Response {
    match state.metrics.render() {
        Ok(text) => ([(header::CONTENT_TYPE, CONTENT_TYPE)], text).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "encoding the metrics failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
