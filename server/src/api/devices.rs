//! Device handlers: enroll a terminal (its token shown once), list and revoke enrolled terminals.

use crate::auth::{devices, Caller};
use crate::error::ApiError;
use crate::extract::{Json, Path};
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use shared::api::ErrorBody;
use shared::auth::{DeviceList, EnrollRequest, Enrollment};
use uuid::Uuid;

/// Enroll a terminal: its id, its token (shown only here; stored hashed) and a unique receipt prefix.
#[utoipa::path(
    post,
    path = "/api/v1/devices",
    tag = "devices",
    request_body = EnrollRequest,
    responses(
        (status = 201, description = "Enrolled", body = Enrollment),
        (status = 422, description = "`invalid_body`: the name is empty or longer than 100 characters", body = ErrorBody),
    )
)]
pub async fn enroll(
    State(state): State<AppState>,
    caller: Caller,
    Json(req): Json<EnrollRequest>,
) -> Result<(StatusCode, axum::Json<Enrollment>), ApiError> {
    let enrollment = devices::enroll(&state, &caller, &req).await?;
    Ok((StatusCode::CREATED, axum::Json(enrollment)))
}

/// Enrolled terminals, oldest first (revoked ones too).
#[utoipa::path(
    get,
    path = "/api/v1/devices",
    tag = "devices",
    responses((status = 200, description = "Enrolled terminals", body = DeviceList))
)]
pub async fn list(State(state): State<AppState>) -> Result<axum::Json<DeviceList>, ApiError> {
    Ok(axum::Json(DeviceList {
        devices: devices::list(&state).await?,
    }))
}

/// Revoke a terminal: its token stops working at once and its sessions end.
#[utoipa::path(
    delete,
    path = "/api/v1/devices/{id}",
    tag = "devices",
    params(("id" = Uuid, Path, description = "The device's id")),
    responses(
        (status = 204, description = "Revoked (or already revoked)"),
        (status = 400, description = "`invalid_path`: the id is not a UUID", body = ErrorBody),
        (status = 404, description = "`not_found`: no enrolled device with this id", body = ErrorBody),
    )
)]
pub async fn revoke(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    devices::revoke(&state, &caller, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
