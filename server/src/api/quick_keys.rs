//! A store's quick keys (permission `settings`, store limits as the other store routes): read the layout and
//! replace it with the `version` read (a stale one is 409 `stale_version`; 0 when the store had none). A rule
//! broken (an unknown colour, more than 48 keys, a product twice or unknown) is 422 `invalid_field` naming
//! the key's field. Every write is audited `store.quick_keys`; the store's tills pull the layout.

use crate::auth::audit::{self, AuditExt};
use crate::auth::stores::require_allowed;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::{Json, Path};
use crate::state::AppState;
use axum::extract::State;
use serde_json::json;
use shared::api::ErrorBody;
use shared::quick_keys::{QuickKeys, QuickKeysUpdate};
use uuid::Uuid;

/// A store's quick keys, in grid order (no keys and version 0 when none are set).
#[utoipa::path(
    get,
    path = "/api/v1/stores/{id}/quick-keys",
    tag = "stores",
    params(("id" = Uuid, Path, description = "The store's id")),
    responses(
        (status = 200, description = "The layout", body = QuickKeys),
        (status = 403, description = "`forbidden`: the caller manages other stores only", body = ErrorBody),
        (status = 404, description = "`not_found`: no such store", body = ErrorBody),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<QuickKeys>, ApiError> {
    super::stores::the_store(&state, &caller, id).await?;
    Ok(axum::Json(state.store.quick_keys(id).await?))
}

/// Replace a store's quick keys with the `version` read; the store's tills pull the new layout.
#[utoipa::path(
    put,
    path = "/api/v1/stores/{id}/quick-keys",
    tag = "stores",
    params(("id" = Uuid, Path, description = "The store's id")),
    request_body = QuickKeysUpdate,
    responses(
        (status = 200, description = "Stored (one version more)", body = QuickKeys),
        (status = 403, description = "`forbidden`: the caller manages other stores only", body = ErrorBody),
        (status = 404, description = "`not_found`: no such store", body = ErrorBody),
        (status = 409, description = "`stale_version`: changed since it was read", body = ErrorBody),
        (status = 422, description = "`invalid_field`: an unknown colour or product, a product twice, more \
than 48 keys or a label too long; `field` names it (`keys[2].colour`)", body = ErrorBody),
    )
)]
pub async fn put(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
    Json(upd): Json<QuickKeysUpdate>,
) -> Result<axum::Json<QuickKeys>, ApiError> {
    require_allowed(&state, &caller, id).await?;
    let entry = audit::entry(
        state.clock.now(),
        caller.actor(),
        "store.quick_keys",
        audit::SUCCESS,
    )
    .device(caller.device_id())
    .target(id)
    .details(json!({ "version": upd.version, "keys": upd.keys.len() }));
    Ok(axum::Json(
        state.store.put_quick_keys(id, &upd, &entry).await?,
    ))
}
