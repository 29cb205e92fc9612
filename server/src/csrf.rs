//! Cross-site request forgery defence for the API: a state-changing request must be JSON (a type a plain HTML
//! form cannot send) and, when the browser names its `Origin`, come from this server or an allowed origin.

use crate::client_ip::forwarded_https;
use crate::config::normalise_origin;
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_TYPE, HOST, ORIGIN};
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Methods that change state and so need the checks.
pub fn changes_state(method: &Method) -> bool {
    matches!(
        *method,
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    )
}

/// `application/json` or `application/<something>+json`, with any parameters.
fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || essence
            .strip_prefix("application/")
            .is_some_and(|s| s.ends_with("+json"))
}

/// `scheme://host[:port]` without the scheme's default port.
fn without_default_port(origin: &str) -> &str {
    origin
        .strip_suffix(":80")
        .filter(|_| origin.starts_with("http://"))
        .or_else(|| {
            origin
                .strip_suffix(":443")
                .filter(|_| origin.starts_with("https://"))
        })
        .unwrap_or(origin)
}

/// The origin this request was addressed to, from `Host` (and a trusted proxy's `X-Forwarded-Proto`).
fn own_origin(headers: &HeaderMap, trust_proxy: bool) -> Option<String> {
    let host = headers.get(HOST)?.to_str().ok()?;
    let scheme = if forwarded_https(headers, trust_proxy) {
        "https"
    } else {
        "http"
    };
    normalise_origin(&format!("{scheme}://{host}"))
}

/// Whether a request carrying `Origin: origin` may change state.
pub fn origin_allowed(
    origin: &str,
    headers: &HeaderMap,
    trust_proxy: bool,
    allowed: &[String],
) -> bool {
    let Some(origin) = normalise_origin(origin) else {
        return false; // "null" (sandboxed frames, file: pages) and garbage.
    };
    let origin = without_default_port(&origin);
    let own = own_origin(headers, trust_proxy);
    own.as_deref().map(without_default_port) == Some(origin)
        || allowed.iter().any(|a| without_default_port(a) == origin)
}

/// Route layer for the API: 415 without a JSON content type, 403 `forbidden_origin` for a foreign `Origin`.
pub async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !changes_state(req.method()) {
        return next.run(req).await;
    }
    let headers = req.headers();
    if !is_json(headers) {
        return ApiError::not_json().into_response();
    }
    if let Some(origin) = headers.get(ORIGIN) {
        let text = String::from_utf8_lossy(origin.as_bytes());
        let config = &state.config;
        if !origin_allowed(&text, headers, config.trust_proxy, &config.cors_origins) {
            let shown: String = text.chars().take(100).collect();
            return ApiError::ForbiddenOrigin(shown).into_response();
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(host: &str, proto: Option<&str>) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(HOST, HeaderValue::from_str(host).expect("host"));
        if let Some(p) = proto {
            h.insert(
                "x-forwarded-proto",
                HeaderValue::from_str(p).expect("proto"),
            );
        }
        h
    }

    #[test]
    fn own_and_allowed_origins_pass_others_do_not() {
        let allowed = vec!["https://admin.example".to_owned()];
        let h = headers("127.0.0.1:3000", None);
        assert!(origin_allowed("http://127.0.0.1:3000", &h, false, &allowed));
        assert!(origin_allowed("https://admin.example", &h, false, &allowed));
        assert!(origin_allowed(
            "https://admin.example:443",
            &h,
            false,
            &allowed
        ));
        assert!(!origin_allowed(
            "https://127.0.0.1:3000",
            &h,
            false,
            &allowed
        ));
        assert!(!origin_allowed("http://evil.example", &h, false, &allowed));
        assert!(!origin_allowed("null", &h, false, &allowed));
        let proxied = headers("shop.example", Some("https"));
        assert!(origin_allowed("https://shop.example", &proxied, true, &[]));
        assert!(!origin_allowed(
            "https://shop.example",
            &proxied,
            false,
            &[]
        ));
    }

    #[test]
    fn json_types() {
        let mut h = HeaderMap::new();
        assert!(!is_json(&h));
        h.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        assert!(is_json(&h));
        h.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/merge-patch+json"),
        );
        assert!(is_json(&h));
        h.insert(CONTENT_TYPE, HeaderValue::from_static("text/plain"));
        assert!(!is_json(&h));
    }
}
