//! Who is calling: the credentials of a request (`Authorization: Bearer`, `X-Device-Token`) resolved against
//! the store. A credential that is present but not valid is an error, never ignored.

use super::audit;
use super::error::{AuthError, AuthResult};
use super::permissions;
use super::sessions::{self, StaffSession};
use super::tokens::{self, API_KEY_PREFIX};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::auth::{ApiKeyRecord, DeviceRecord};
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::HeaderMap;
use chrono::{DateTime, Utc};
use shared::auth::{AuditActor, Permission, Scope};
use uuid::Uuid;

pub const DEVICE_TOKEN_HEADER: &str = "x-device-token";
pub const OVERRIDE_TOKEN_HEADER: &str = "x-override-token";

/// The resolved credentials of a request (any of them may be absent).
#[derive(Clone, Debug, Default)]
pub struct Caller {
    pub staff: Option<StaffSession>,
    pub device: Option<DeviceRecord>,
    pub api_key: Option<ApiKeyRecord>,
    /// The permission an override token granted for this request.
    pub overridden: Option<Permission>,
}

impl Caller {
    pub fn is_anonymous(&self) -> bool {
        self.staff.is_none() && self.device.is_none() && self.api_key.is_none()
    }

    /// The staff session's role has `p`, or an override granted it for this request.
    pub fn permits(&self, p: Permission) -> bool {
        self.overridden == Some(p)
            || self
                .staff
                .as_ref()
                .is_some_and(|s| permissions::allows(s.staff.role, p))
    }

    pub fn has_scope(&self, scope: Scope) -> bool {
        self.api_key
            .as_ref()
            .is_some_and(|k| k.scopes.contains(&scope))
    }

    /// The device of the request: its device token, else the device a PIN session is bound to.
    pub fn device_id(&self) -> Option<Uuid> {
        self.device
            .as_ref()
            .map(|d| d.id)
            .or_else(|| self.staff.as_ref().and_then(|s| s.session.device_id))
    }

    /// Who to name in the audit log: the staff member, else the API key, else the device.
    pub fn actor(&self) -> AuditActor {
        if let Some(s) = &self.staff {
            audit::staff(&s.staff)
        } else if let Some(k) = &self.api_key {
            audit::api_key(k)
        } else if let Some(d) = &self.device {
            audit::device(d)
        } else {
            audit::anonymous()
        }
    }

    pub fn session(&self) -> AuthResult<&StaffSession> {
        self.staff.as_ref().ok_or_else(|| {
            AuthError::Unauthenticated("a staff session (Authorization: Bearer)".into())
        })
    }

    pub fn enrolled_device(&self) -> AuthResult<&DeviceRecord> {
        self.device
            .as_ref()
            .ok_or_else(|| AuthError::Unauthenticated("a device token (X-Device-Token)".into()))
    }
}

/// A header's value as text; present but unreadable counts as an invalid credential.
fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<Result<&'a str, ()>> {
    headers
        .get(name)
        .map(|v| v.to_str().map(str::trim).map_err(|_| ()))
}

/// The bearer token of `Authorization`, if the header is there.
fn bearer(headers: &HeaderMap) -> Option<AuthResult<&str>> {
    let value = header(headers, AUTHORIZATION.as_str())?;
    Some(value.map_err(|()| AuthError::InvalidToken).and_then(|v| {
        let (scheme, token) = v.split_once(' ').ok_or(AuthError::InvalidToken)?;
        let token = token.trim();
        if scheme.eq_ignore_ascii_case("bearer") && !token.is_empty() {
            Ok(token)
        } else {
            Err(AuthError::InvalidToken)
        }
    }))
}

/// Resolve the credentials `headers` carry at `now`.
pub async fn resolve(
    state: &AppState,
    headers: &HeaderMap,
    now: DateTime<Utc>,
) -> AuthResult<Caller> {
    let mut caller = Caller::default();
    if let Some(token) = header(headers, DEVICE_TOKEN_HEADER) {
        let token = token.map_err(|()| AuthError::InvalidDeviceToken)?;
        let device = state
            .store
            .device_by_token(&tokens::hash(token))
            .await?
            .ok_or(AuthError::InvalidDeviceToken)?;
        if device.revoked_at.is_some() {
            return Err(AuthError::DeviceRevoked);
        }
        caller.device = Some(device);
    }
    if let Some(token) = bearer(headers) {
        let token = token?;
        if token.starts_with(API_KEY_PREFIX) {
            let key = state
                .store
                .api_key_by_hash(&tokens::hash(token))
                .await?
                .filter(|k| k.revoked_at.is_none())
                .ok_or(AuthError::InvalidToken)?;
            caller.api_key = Some(key);
        } else {
            caller.staff = Some(sessions::check(state, token, now).await?);
        }
    }
    Ok(caller)
}

/// Handlers take the caller the guard resolved (an anonymous one on public routes).
impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &AppState) -> Result<Self, ApiError> {
        Ok(parts
            .extensions
            .get::<Caller>()
            .cloned()
            .unwrap_or_default())
    }
}
