//! The route layer that enforces each route's [`Access`]: resolve the caller, let them in when one of the
//! grants holds, else spend a matching `X-Override-Token` (a staff session lacking the permission), else answer
//! 401 `unauthenticated` (no credentials) or 403 `forbidden`.

use super::access::{Access, Grant};
use super::audit::{self, AuditExt};
use super::caller::{self, Caller, OVERRIDE_TOKEN_HEADER};
use super::error::{AuthError, AuthResult};
use super::tokens;
use crate::error::ApiError;
use crate::route_table::RouteEntry;
use crate::state::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;

/// The access of every (method, path template) of the router.
#[derive(Clone, Debug, Default)]
pub struct Policies(Arc<HashMap<(&'static str, &'static str), Access>>);

impl Policies {
    pub fn new(entries: &[RouteEntry]) -> Self {
        Policies(Arc::new(
            entries
                .iter()
                .map(|e| ((e.method, e.path), e.access))
                .collect(),
        ))
    }

    /// What the route (method, path template) requires; `None` for paths outside the table.
    pub fn get(&self, method: &str, path: &str) -> Option<Access> {
        // The map is covariant in its keys: look up with borrowed strings.
        let map: &HashMap<(&str, &str), Access> = &self.0;
        map.get(&(method, path)).copied()
    }
}

/// State of the guard layer.
#[derive(Clone)]
pub struct Guard {
    pub state: AppState,
    pub policies: Policies,
}

/// Whether `caller` holds one of the grants.
pub fn granted(caller: &Caller, grants: &[Grant]) -> bool {
    grants.iter().any(|g| match g {
        Grant::AnyStaff => caller.staff.is_some(),
        Grant::Staff(p) => caller.permits(*p),
        Grant::Device => caller.device.is_some(),
        Grant::Scope(s) => caller.has_scope(*s),
    })
}

pub async fn guard(State(guard): State<Guard>, mut req: Request, next: Next) -> Response {
    let path = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_owned());
    let access = path
        .as_deref()
        .and_then(|p| guard.policies.get(req.method().as_str(), p));
    let access = match access {
        // Not a route of the table (the JSON 404s) or a method it does not serve (405): nothing to guard.
        None | Some(Access::Public) => return next.run(req).await,
        Some(Access::Metrics) if guard.state.config.metrics_are_public() => {
            return next.run(req).await
        }
        Some(a) => a,
    };
    let path = path.unwrap_or_default();
    // Only the head goes into the check: the body is not shared across awaits.
    let head = (req.method().clone(), req.headers().clone());
    match admit(&guard.state, &head, access, &path).await {
        Ok(caller) => {
            req.extensions_mut().insert(caller);
            next.run(req).await
        }
        Err(e) => ApiError::from(e).into_response(),
    }
}

async fn admit(
    state: &AppState,
    (method, headers): &(Method, HeaderMap),
    access: Access,
    path: &str,
) -> AuthResult<Caller> {
    let now = state.clock.now();
    let mut caller = caller::resolve(state, headers, now).await?;
    let grants: &[Grant] = match access {
        Access::Any(grants) => grants,
        Access::Metrics => &[Grant::Scope(shared::auth::Scope::Metrics)],
        Access::Public => return Ok(caller),
    };
    if granted(&caller, grants) {
        return Ok(caller);
    }
    if caller.is_anonymous() {
        return Err(AuthError::Unauthenticated(access.to_string()));
    }
    if let (Some(session), Some(token)) = (&caller.staff, headers.get(OVERRIDE_TOKEN_HEADER)) {
        let hash = tokens::hash(token.to_str().unwrap_or_default().trim());
        for permission in access.permissions() {
            let entry = audit::entry(
                now,
                audit::staff(&session.staff),
                "override.used",
                audit::SUCCESS,
            )
            .device(caller.device_id())
            .target(format!("{method} {path}"))
            .details(json!({ "permission": permission }));
            if state
                .store
                .consume_override(&hash, session.staff.id, permission, &entry)
                .await?
            {
                caller.overridden = Some(permission);
                return Ok(caller);
            }
        }
    }
    Err(AuthError::Forbidden(access.to_string()))
}
