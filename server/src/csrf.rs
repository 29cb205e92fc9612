//! Cross-site request forgery defence for the API: a state-changing request with a body must be JSON, or CSV for
//! the catalog import (types a plain HTML form cannot send, and that a page of another origin cannot send
//! without a preflight; a bodiless one carries nothing to forge, and its credentials are headers a page of
//! another origin cannot set without a preflight either), and, when the browser names its `Origin`, come from this server or an allowed origin.

use crate::config::normalise_origin;
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE, HOST, ORIGIN, TRANSFER_ENCODING};
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

/// The media type of a request's body: lower case, without parameters.
pub fn media_type(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(CONTENT_TYPE)?.to_str().ok()?;
    Some(
        value
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase(),
    )
}

/// `application/json` or `application/<something>+json`.
pub fn is_json_media(essence: &str) -> bool {
    essence == "application/json"
        || essence
            .strip_prefix("application/")
            .is_some_and(|s| s.ends_with("+json"))
}

/// JSON (see [`is_json_media`]) or `text/csv`, with any parameters.
fn is_accepted_type(headers: &HeaderMap) -> bool {
    media_type(headers).is_some_and(|m| is_json_media(&m) || m == "text/csv")
}

/// `host[:port]` of an origin, without its scheme's default port.
fn origin_authority(origin: &str) -> Option<&str> {
    let (scheme, authority) = origin.split_once("://")?;
    let default_port = match scheme {
        "http" => ":80",
        "https" => ":443",
        _ => return None,
    };
    Some(authority.strip_suffix(default_port).unwrap_or(authority))
}

/// `host[:port]` this request was addressed to: `Host`, and behind a trusted proxy `X-Forwarded-Host` too
/// (a proxy may rewrite `Host`). Lowercase, without `:80`/`:443`.
fn own_authorities(headers: &HeaderMap, trust_proxy: bool) -> Vec<String> {
    let mut names = vec![headers.get(HOST)];
    if trust_proxy {
        names.push(headers.get("x-forwarded-host"));
    }
    names
        .into_iter()
        .flatten()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(',').next())
        .map(|v| {
            let v = v.trim().to_ascii_lowercase();
            match v.strip_suffix(":80").or_else(|| v.strip_suffix(":443")) {
                Some(bare) => bare.to_owned(),
                None => v,
            }
        })
        .collect()
}

/// Whether a request carrying `Origin: origin` may change state: the origin's host (and port) is the one the
/// request was sent to, or the origin is configured as allowed. The scheme is not compared with our own,
/// because behind a TLS-terminating proxy the server itself only sees plain HTTP.
pub fn origin_allowed(
    origin: &str,
    headers: &HeaderMap,
    trust_proxy: bool,
    allowed: &[String],
) -> bool {
    let Some(origin) = normalise_origin(origin) else {
        return false; // "null" (sandboxed frames, file: pages) and garbage.
    };
    let Some(authority) = origin_authority(&origin) else {
        return false;
    };
    let scheme = origin.split("://").next();
    let same =
        |a: &String| a.split("://").next() == scheme && origin_authority(a) == Some(authority);
    if allowed.iter().any(same) {
        return true;
    }
    own_authorities(headers, trust_proxy)
        .iter()
        .any(|own| own == authority)
}

/// Whether the request says it has no body: no `Transfer-Encoding`, and no `Content-Length` or one of 0.
pub fn bodiless(headers: &HeaderMap) -> bool {
    headers.get(TRANSFER_ENCODING).is_none()
        && headers
            .get(CONTENT_LENGTH)
            .is_none_or(|v| v.as_bytes() == b"0")
}

/// Route layer for the API: 415 for a body without a JSON (or CSV) content type (a request without a body
/// needs none), 403 `forbidden_origin` for a foreign `Origin`. It runs after the auth guard, so a request
/// without credentials is 401 first.
pub async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !changes_state(req.method()) {
        return next.run(req).await;
    }
    let headers = req.headers();
    if !bodiless(headers) && !is_accepted_type(headers) {
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
        let ok =
            |origin: &str, h: &HeaderMap, trust: bool| origin_allowed(origin, h, trust, &allowed);
        let h = headers("127.0.0.1:3000", None);
        assert!(ok("http://127.0.0.1:3000", &h, false));
        assert!(ok("https://admin.example", &h, false));
        assert!(ok("https://admin.example:443", &h, false));
        assert!(!ok("http://evil.example", &h, false));
        assert!(!ok("http://127.0.0.1:3001", &h, false));
        assert!(!ok("http://admin.example", &h, false));
        assert!(!ok("null", &h, false));
        // Behind a TLS-terminating proxy the browser's origin is https while the server sees http.
        let proxied = headers("shop.example", Some("https"));
        assert!(ok("https://shop.example", &proxied, false));
        assert!(ok("https://shop.example:443", &proxied, false));
        assert!(!ok("https://shop.example.evil", &proxied, false));
        // A proxy that rewrites Host: the forwarded host counts only when the proxy is trusted.
        let mut rewritten = headers("127.0.0.1:3000", None);
        rewritten.insert("x-forwarded-host", HeaderValue::from_static("shop.example"));
        assert!(ok("https://shop.example", &rewritten, true));
        assert!(!ok("https://shop.example", &rewritten, false));
    }

    #[test]
    fn json_types() {
        let mut h = HeaderMap::new();
        assert!(!is_accepted_type(&h));
        h.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        assert!(is_accepted_type(&h));
        h.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/merge-patch+json"),
        );
        assert!(is_accepted_type(&h));
        h.insert(CONTENT_TYPE, HeaderValue::from_static("text/plain"));
        assert!(!is_accepted_type(&h));
        h.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("text/csv; charset=utf-8"),
        );
        assert!(is_accepted_type(&h), "the catalog import's body");
    }
}
