//! The route layer that applies the per-address flood guards to unauthenticated `/api` requests: 429
//! `rate_limited` with `Retry-After`; a refused password sign-in is audited (at most once a minute per address).

use super::AddressLimit;
use crate::auth::audit::{self, AuditExt};
use crate::auth::caller::DEVICE_TOKEN_HEADER;
use crate::auth::guard::Policies;
use crate::auth::Access;
use crate::client_ip::client_ip;
use crate::error::ApiError;
use crate::metrics::Limit;
use crate::state::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::net::IpAddr;

/// The password sign-in route (the one public route that does real work per request: a password hash).
pub const LOGIN_PATH: &str = "/api/v1/auth/login";

/// State of the layer: the app, and what every route requires (to know which are public).
#[derive(Clone)]
pub struct FloodGuard {
    pub state: AppState,
    pub policies: Policies,
}

fn under(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

fn has_credentials(headers: &HeaderMap) -> bool {
    headers.contains_key(header::AUTHORIZATION) || headers.contains_key(DEVICE_TOKEN_HEADER)
}

/// Whether the request is guarded: under `/api`, and a public route, no route at all (the JSON 404s), or a
/// guarded route called without credentials (it will be refused anyway). Credentials are checked by the auth
/// guard afterwards; staff and devices are never limited here.
fn guarded(policies: &Policies, req: &Request) -> bool {
    if !under(req.uri().path(), "/api") {
        return false;
    }
    let access = req
        .extensions()
        .get::<MatchedPath>()
        .and_then(|p| policies.get(req.method().as_str(), p.as_str()));
    match access {
        None | Some(Access::Public) => true,
        Some(_) => !has_credentials(req.headers()),
    }
}

fn take(
    limit: &AddressLimit,
    ip: IpAddr,
    which: Limit,
) -> Result<(), (Limit, std::time::Duration)> {
    limit.check(ip).map_err(|wait| (which, wait))
}

pub async fn limit(State(g): State<FloodGuard>, req: Request, next: Next) -> Response {
    if !guarded(&g.policies, &req) {
        return next.run(req).await;
    }
    let state = &g.state;
    let limits = &state.rate_limits;
    let ip = client_ip(&req, state.config.trust_proxy);
    let login = req.method() == Method::POST && req.uri().path() == LOGIN_PATH;
    let checked = take(&limits.public, ip, Limit::Api).and_then(|()| {
        if login {
            take(&limits.login, ip, Limit::Auth)
        } else {
            Ok(())
        }
    });
    let Err((which, wait)) = checked else {
        return next.run(req).await;
    };
    state.metrics.rate_limited(which);
    let retry_after_secs = wait.as_secs_f64().ceil().max(1.0) as u64;
    if login && limits.refusal_audit.check(ip).is_ok() {
        let entry = audit::entry(
            state.clock.now(),
            audit::anonymous(),
            "auth.login",
            audit::DENIED,
        )
        .details(json!({ "reason": "rate_limited", "client": ip.to_string(), "retry_after_secs": retry_after_secs }));
        if let Err(e) = state.store.append_audit(&entry).await {
            tracing::warn!(error = %e, "cannot audit a refused sign-in");
        }
    }
    ApiError::RateLimited { retry_after_secs }.into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_match_whole_segments() {
        assert!(under("/api/v1/auth/login", "/api"));
        assert!(under("/api", "/api") && !under("/apix", "/api"));
    }
}
