//! Request body size limits: each route's limit as the route table records it (64 KiB unless the route says
//! more, like the push), answered 413 JSON.
//!
//! A declared `Content-Length` over the limit is refused before the body is read; a chunked body is cut off
//! by axum's `DefaultBodyLimit` when an extractor reads it (and answered the same way by `error.rs`).

use crate::error::ApiError;
use axum::extract::{Request, State};
use axum::http::header::CONTENT_LENGTH;
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// Largest body accepted by a route that does not say otherwise, and by anything that is not a route.
pub const DEFAULT_BODY_BYTES: usize = 64 * 1024;

/// The routes whose body limit is not the default: (method, path template, limit).
#[derive(Clone, Debug, Default)]
pub struct BodyLimits(Arc<[(&'static str, &'static str, usize)]>);

impl BodyLimits {
    /// From every route's (method, path template, limit), as the route table registered them.
    pub fn new(routes: impl IntoIterator<Item = (&'static str, &'static str, usize)>) -> Self {
        BodyLimits(
            routes
                .into_iter()
                .filter(|&(_, _, limit)| limit != DEFAULT_BODY_BYTES)
                .collect(),
        )
    }

    /// The body limit of a request to `path`.
    pub fn limit_for(&self, method: &Method, path: &str) -> usize {
        self.0
            .iter()
            .find(|(m, template, _)| *m == method.as_str() && matches(template, path))
            .map_or(DEFAULT_BODY_BYTES, |&(_, _, limit)| limit)
    }
}

/// Does `path` match the axum path template (a `{name}` segment matches any one segment)?
fn matches(template: &str, path: &str) -> bool {
    let mut want = template.split('/');
    let mut got = path.split('/');
    loop {
        match (want.next(), got.next()) {
            (None, None) => return true,
            (Some(w), Some(g)) if w == g || (w.starts_with('{') && w.ends_with('}')) => {}
            _ => return false,
        }
    }
}

/// Layer: 413 `payload_too_large` for a declared body over the route's limit.
pub async fn check_declared_length(
    State(limits): State<BodyLimits>,
    req: Request,
    next: Next,
) -> Response {
    let limit = limits.limit_for(req.method(), req.uri().path());
    let declared = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    match declared {
        Some(len) if len > limit as u64 => ApiError::too_large(limit).into_response(),
        _ => next.run(req).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_route_keeps_its_own_limit_and_everything_else_the_default() {
        let limits = BodyLimits::new([
            ("POST", "/api/v1/sync/push", 2 << 20),
            ("POST", "/api/v1/things/{id}/files", 1 << 20),
            ("GET", "/api/v1/products", DEFAULT_BODY_BYTES),
        ]);
        assert_eq!(
            limits.limit_for(&Method::POST, "/api/v1/sync/push"),
            2 << 20
        );
        assert_eq!(
            limits.limit_for(&Method::POST, "/api/v1/things/7/files"),
            1 << 20
        );
        for (method, path) in [
            (Method::GET, "/api/v1/sync/push"),
            (Method::POST, "/api/v1/sync/push/more"),
            (Method::POST, "/api/v1/sync"),
            (Method::POST, "/api/v1/things/7/8/files"),
            (Method::GET, "/index.html"),
        ] {
            assert_eq!(
                limits.limit_for(&method, path),
                DEFAULT_BODY_BYTES,
                "{method} {path}"
            );
        }
    }
}
