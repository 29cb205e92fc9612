//! Request body size limits: 2 MiB for a push, 64 KiB for everything else, answered 413 JSON.
//!
//! A declared `Content-Length` over the limit is refused before the body is read; a chunked body is cut off
//! by axum's `DefaultBodyLimit` when an extractor reads it (and answered the same way by `error.rs`).

use crate::api::{MAX_PUSH_BODY_BYTES, PUSH_PATH};
use crate::error::ApiError;
use axum::extract::Request;
use axum::http::header::CONTENT_LENGTH;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Largest body accepted anywhere but the push route.
pub const DEFAULT_BODY_BYTES: usize = 64 * 1024;

/// The body limit for a path.
pub fn limit_for(path: &str) -> usize {
    if path == PUSH_PATH {
        MAX_PUSH_BODY_BYTES
    } else {
        DEFAULT_BODY_BYTES
    }
}

/// Layer: 413 `payload_too_large` for a declared body over the path's limit.
pub async fn check_declared_length(req: Request, next: Next) -> Response {
    let limit = limit_for(req.uri().path());
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
