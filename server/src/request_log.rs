//! One log line per request: method, path, status and latency, inside a span that carries the request's id.
//!
//! Every response has an `X-Request-Id`: the request's own when it sent a sane one (1 to 128 characters of
//! letters, digits and `-_.:/+=@`), else a new UUID. The layer is the outermost, so every answer, errors of
//! the other layers included, carries it.

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use std::time::Instant;
use tracing::Instrument;
use uuid::Uuid;

/// The request id header, in requests and responses.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Longest request id taken from a request.
pub const MAX_REQUEST_ID_LEN: usize = 128;

/// The request's id, in the request's extensions for handlers that want to name it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestId(pub String);

/// The id a request sent, if it is one we keep: 1 to [`MAX_REQUEST_ID_LEN`] characters, each a letter, digit
/// or one of `-_.:/+=@` (nothing that could forge a log line or a header).
pub fn sane_request_id(value: &HeaderValue) -> Option<String> {
    let text = value.to_str().ok()?;
    let ok = !text.is_empty()
        && text.len() <= MAX_REQUEST_ID_LEN
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:/+=@".contains(&b));
    ok.then(|| text.to_owned())
}

pub async fn log_request(mut req: Request, next: Next) -> Response {
    let id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(sane_request_id)
        .unwrap_or_else(|| Uuid::now_v7().to_string());
    req.extensions_mut().insert(RequestId(id.clone()));
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let span = tracing::info_span!("request", request_id = %id);
    let started = Instant::now();
    let mut res = next.run(req).instrument(span.clone()).await;
    let latency_us = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
    span.in_scope(|| {
        tracing::info!(%method, %path, status = res.status().as_u16(), latency_us, "request");
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(REQUEST_ID, value);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sane_ids_are_kept() {
        let id = |s: &str| sane_request_id(&HeaderValue::from_str(s).expect("header"));
        assert_eq!(id("abc-123_x.y:z").as_deref(), Some("abc-123_x.y:z"));
        assert_eq!(id("").as_deref(), None);
        assert_eq!(id("a b").as_deref(), None);
        assert_eq!(id("a\"b").as_deref(), None);
        assert_eq!(
            id(&"a".repeat(MAX_REQUEST_ID_LEN)).map(|s| s.len()),
            Some(128)
        );
        assert_eq!(id(&"a".repeat(MAX_REQUEST_ID_LEN + 1)), None);
    }
}
