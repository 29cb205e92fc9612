//! Sign-in handlers under `/api/v1/auth` (guessing is stopped by the lockouts): password and PIN sign-in,
//! supervisor overrides, sign-out, and who is signed in.

use crate::auth::{signin, Caller};
use crate::error::ApiError;
use crate::extract::Json;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use shared::api::ErrorBody;
use shared::auth::{LoginRequest, Override, OverrideRequest, PinRequest, Session, StaffInfo};

/// Sign in with email and password (back office). After 5 consecutive failures for an email, it is locked
/// for the cool-down (423 with `Retry-After`).
#[utoipa::path(
    post,
    path = "/api/v1/auth/login",
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = Session),
        (status = 401, description = "`invalid_credentials`: unknown email, wrong password or inactive staff", body = ErrorBody),
        (status = 423, description = "`locked`: too many failures; retry after `Retry-After` seconds", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds until the lock ends"))),
    )
)]
pub async fn login(
    State(state): State<AppState>,
    Json(req): Json<LoginRequest>,
) -> Result<axum::Json<Session>, ApiError> {
    Ok(axum::Json(signin::login(&state, &req).await?))
}

/// Sign in with a PIN at an enrolled terminal (`X-Device-Token`); the session is bound to that device. After 5
/// consecutive failures on a device (any PIN), the device is locked for the cool-down (423 with `Retry-After`).
/// Every attempt is audited with the device.
#[utoipa::path(
    post,
    path = "/api/v1/auth/pin",
    tag = "auth",
    request_body = PinRequest,
    responses(
        (status = 200, description = "Signed in", body = Session),
        (status = 401, description = "`invalid_pin`: no active staff member has this PIN; `unauthenticated`: no \
`X-Device-Token`; `invalid_device_token`, `device_revoked`", body = ErrorBody),
        (status = 423, description = "`locked`: too many failures on this device; retry after `Retry-After` seconds",
            body = ErrorBody, headers(("Retry-After" = u64, description = "Seconds until the lock ends"))),
    )
)]
pub async fn pin(
    State(state): State<AppState>,
    caller: Caller,
    Json(req): Json<PinRequest>,
) -> Result<axum::Json<Session>, ApiError> {
    Ok(axum::Json(signin::pin(&state, &caller, &req).await?))
}

/// A supervisor approves one action for the signed-in cashier: the cashier's session (`Authorization`), the
/// terminal (`X-Device-Token`) and the approver's PIN. The token is valid for 120 s, once, for this cashier:
/// send it as `X-Override-Token` with the request that needs the permission. Wrong PINs count towards the
/// device's lockout. Audited.
#[utoipa::path(
    post,
    path = "/api/v1/auth/override",
    tag = "auth",
    request_body = OverrideRequest,
    responses(
        (status = 200, description = "Approved", body = Override),
        (status = 401, description = "`invalid_pin`; `unauthenticated`: no session or no `X-Device-Token`", body = ErrorBody),
        (status = 403, description = "`not_permitted`: the approver's role lacks the permission; `device_mismatch`: \
the session belongs to another device", body = ErrorBody),
        (status = 423, description = "`locked`: too many failures on this device", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds until the lock ends"))),
    )
)]
pub async fn approve(
    State(state): State<AppState>,
    caller: Caller,
    Json(req): Json<OverrideRequest>,
) -> Result<axum::Json<Override>, ApiError> {
    Ok(axum::Json(signin::approve(&state, &caller, &req).await?))
}

/// Sign out: the session ends.
#[utoipa::path(
    post,
    path = "/api/v1/auth/logout",
    tag = "auth",
    responses((status = 204, description = "Signed out"))
)]
pub async fn logout(State(state): State<AppState>, caller: Caller) -> Result<StatusCode, ApiError> {
    signin::logout(&state, &caller).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Who is signed in.
#[utoipa::path(
    get,
    path = "/api/v1/auth/me",
    tag = "auth",
    responses((status = 200, description = "The signed-in staff member", body = StaffInfo))
)]
pub async fn me(caller: Caller) -> Result<axum::Json<StaffInfo>, ApiError> {
    let session = caller.session()?;
    Ok(axum::Json(crate::auth::sessions::info(&session.staff)))
}
