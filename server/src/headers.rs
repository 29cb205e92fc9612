//! Response headers added to every answer: security policy and cache rules.

use crate::client_ip::forwarded_https;
use axum::extract::{Request, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY,
    X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
img-src 'self' data:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; \
base-uri 'none'; frame-ancestors 'none'";

/// Content-hashed build output: may be cached forever.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Everything else of the app (index.html, sw.js, manifest, icons): revalidate before use.
pub const NO_CACHE: &str = "no-cache";
/// API answers are live data.
pub const NO_STORE: &str = "no-store";

/// Content-Security-Policy, nosniff and no-referrer on every response.
pub async fn security(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    res
}

/// HSTS value: two years, subdomains included.
pub const HSTS: &str = "max-age=63072000; includeSubDomains";

/// `Strict-Transport-Security`, only when a trusted proxy (`--trust-proxy`) says the request came over HTTPS:
/// over plain HTTP the header means nothing, and without a trusted proxy the scheme is unknown.
pub async fn hsts(State(trust_proxy): State<bool>, req: Request, next: Next) -> Response {
    let https = forwarded_https(req.headers(), trust_proxy);
    let mut res = next.run(req).await;
    if https {
        res.headers_mut()
            .insert(STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(HSTS));
    }
    res
}

/// Cache-Control by path: `/pkg/` immutable, API and health no-store, the rest of the app no-cache.
pub async fn cache_control(req: Request, next: Next) -> Response {
    let rule = cache_rule(req.uri().path());
    let mut res = next.run(req).await;
    let value = match rule {
        // Only a real file is immutable; a 404 under /pkg/ must not be cached forever.
        IMMUTABLE if !(res.status().is_success() || res.status() == StatusCode::NOT_MODIFIED) => {
            NO_CACHE
        }
        other => other,
    };
    res.headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static(value));
    res
}

fn cache_rule(path: &str) -> &'static str {
    if path == "/api"
        || path.starts_with("/api/")
        || matches!(path, "/healthz" | "/readyz" | "/metrics")
    {
        NO_STORE
    } else if path.starts_with("/pkg/") {
        IMMUTABLE
    } else {
        NO_CACHE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_by_path() {
        assert_eq!(cache_rule("/pkg/app-1a2b.wasm"), IMMUTABLE);
        assert_eq!(cache_rule("/"), NO_CACHE);
        assert_eq!(cache_rule("/sw.js"), NO_CACHE);
        assert_eq!(cache_rule("/pkgs/x.js"), NO_CACHE);
        assert_eq!(cache_rule("/api/v1/sync/pull"), NO_STORE);
        assert_eq!(cache_rule("/healthz"), NO_STORE);
        assert_eq!(cache_rule("/readyz"), NO_STORE);
        assert_eq!(cache_rule("/metrics"), NO_STORE);
    }
}
