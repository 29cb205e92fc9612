//! Staff handlers: list, add and change staff members (roles, PINs, passwords, active).

use crate::auth::{staff, Caller};
use crate::error::ApiError;
use crate::extract::{Json, Path};
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use shared::api::ErrorBody;
use shared::auth::{NewStaff, StaffInfo, StaffList, StaffPatch};
use uuid::Uuid;

/// Staff members, ordered by name.
#[utoipa::path(
    get,
    path = "/api/v1/staff",
    tag = "staff",
    responses((status = 200, description = "Staff members", body = StaffList))
)]
pub async fn list(State(state): State<AppState>) -> Result<axum::Json<StaffList>, ApiError> {
    Ok(axum::Json(StaffList {
        staff: staff::list(&state).await?,
    }))
}

/// Add a staff member: a PIN (4–8 digits, unique among active staff) and/or an email with a password (10+
/// characters). Nobody may give a role above their own.
#[utoipa::path(
    post,
    path = "/api/v1/staff",
    tag = "staff",
    request_body = NewStaff,
    responses(
        (status = 201, description = "Added", body = StaffInfo),
        (status = 403, description = "`forbidden`: the role is above the caller's", body = ErrorBody),
        (status = 409, description = "`pin_taken`, `email_taken`", body = ErrorBody),
        (status = 422, description = "`invalid_body`: a PIN that is not 4–8 digits, a short password, an email \
without a password (or the other way round), neither PIN nor password, an empty name", body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Json(req): Json<NewStaff>,
) -> Result<(StatusCode, axum::Json<StaffInfo>), ApiError> {
    let info = staff::create(&state, &caller, &req).await?;
    Ok((StatusCode::CREATED, axum::Json(info)))
}

/// Change a staff member: only the fields present change. Deactivating ends their sessions. Nobody may change
/// someone whose role is above their own, nor give a role above their own.
#[utoipa::path(
    patch,
    path = "/api/v1/staff/{id}",
    tag = "staff",
    params(("id" = Uuid, Path, description = "The staff member's id")),
    request_body = StaffPatch,
    responses(
        (status = 200, description = "Changed", body = StaffInfo),
        (status = 400, description = "`invalid_path`: the id is not a UUID", body = ErrorBody),
        (status = 403, description = "`forbidden`: a role above the caller's", body = ErrorBody),
        (status = 404, description = "`not_found`: no staff member with this id", body = ErrorBody),
        (status = 409, description = "`pin_taken`, `email_taken`", body = ErrorBody),
        (status = 422, description = "`invalid_body`: a bad PIN, password, email or name", body = ErrorBody),
    )
)]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
    Json(req): Json<StaffPatch>,
) -> Result<axum::Json<StaffInfo>, ApiError> {
    Ok(axum::Json(staff::update(&state, &caller, id, &req).await?))
}
