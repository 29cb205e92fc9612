//! Cross-origin resource sharing: only for the origins given with `--cors-origin`; none by default.

use axum::http::header::{CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderValue, Method};
use std::time::Duration;
use tower_http::cors::{AllowOrigin, CorsLayer};

/// The CORS layer for the configured origins, or `None` when no origin is configured (same-origin only).
pub fn layer(origins: &[String]) -> Option<CorsLayer> {
    let values: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    if values.is_empty() {
        return None;
    }
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(values))
            .allow_methods([
                Method::GET,
                Method::POST,
                Method::PUT,
                Method::PATCH,
                Method::DELETE,
            ])
            .allow_headers([
                CONTENT_TYPE,
                crate::request_log::REQUEST_ID,
                crate::idempotency::IDEMPOTENCY_KEY,
            ])
            .expose_headers([
                RETRY_AFTER,
                crate::request_log::REQUEST_ID,
                crate::idempotency::REPLAYED,
            ])
            .max_age(Duration::from_secs(600)),
    )
}
