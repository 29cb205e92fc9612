//! API key handlers: create (the key shown once), list and revoke.

use crate::auth::{api_keys, Caller};
use crate::error::ApiError;
use crate::extract::{Json, Path};
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use shared::api::ErrorBody;
use shared::auth::{ApiKeyList, CreatedApiKey, NewApiKey};
use uuid::Uuid;

/// API keys, oldest first (revoked ones too; never the keys themselves).
#[utoipa::path(
    get,
    path = "/api/v1/api-keys",
    tag = "api-keys",
    responses((status = 200, description = "API keys", body = ApiKeyList))
)]
pub async fn list(State(state): State<AppState>) -> Result<axum::Json<ApiKeyList>, ApiError> {
    Ok(axum::Json(ApiKeyList {
        api_keys: api_keys::list(&state).await?,
    }))
}

/// Create an API key with scopes (`catalog:read`, `sales:read`, `sync`, `audit:read`, `metrics`). The key is in
/// this answer only; the server keeps its SHA-256.
#[utoipa::path(
    post,
    path = "/api/v1/api-keys",
    tag = "api-keys",
    request_body = NewApiKey,
    responses(
        (status = 201, description = "Created", body = CreatedApiKey),
        (status = 422, description = "`invalid_body`: an unknown scope, no scope, or a bad name", body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Json(req): Json<NewApiKey>,
) -> Result<(StatusCode, axum::Json<CreatedApiKey>), ApiError> {
    let created = api_keys::create(&state, &caller, &req).await?;
    Ok((StatusCode::CREATED, axum::Json(created)))
}

/// Revoke an API key: it stops working at once (401).
#[utoipa::path(
    delete,
    path = "/api/v1/api-keys/{id}",
    tag = "api-keys",
    params(("id" = Uuid, Path, description = "The key's id")),
    responses(
        (status = 204, description = "Revoked (or already revoked)"),
        (status = 400, description = "`invalid_path`: the id is not a UUID", body = ErrorBody),
        (status = 404, description = "`not_found`: no API key with this id", body = ErrorBody),
    )
)]
pub async fn revoke(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    api_keys::revoke(&state, &caller, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
