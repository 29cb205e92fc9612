//! Stores (permission `settings`): list, read, create and change a store's settings (with its `version`: a
//! stale one is 409 `stale_version`), and its per-store price overrides; a staff member's store limits
//! (permission `staff_manage`). A manager limited to some stores sees and changes only those (403 otherwise).
//! Every write is audited (`store.create`, `store.update`, `store.price_override`, `staff.stores`); a rule
//! broken is 422 `invalid_field` with `field`. Terminals of a store get its settings and prices on their
//! next pull.

use crate::auth::audit::{self, AuditExt};
use crate::auth::stores::{limits, require_allowed};
use crate::auth::{AuthError, Caller};
use crate::error::ApiError;
use crate::extract::{Json, Path};
use crate::state::AppState;
use crate::store::auth::NewAudit;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::json;
use shared::api::ErrorBody;
use shared::stores::{
    NewStore, PriceOverride, StaffStores, Store, StoreList, StorePriceList, StoreUpdate,
};
use uuid::Uuid;

fn entry(state: &AppState, caller: &Caller, action: &str, target: impl ToString) -> NewAudit {
    audit::entry(state.clock.now(), caller.actor(), action, audit::SUCCESS)
        .device(caller.device_id())
        .target(target)
}

/// Store `id`, when the caller may manage it (403 otherwise; 404 when there is none).
pub(super) async fn the_store(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
) -> Result<Store, ApiError> {
    require_allowed(state, caller, id).await?;
    state
        .store
        .get_store(id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no store {id}")))
}

/// The stores the caller may manage, by name.
#[utoipa::path(
    get,
    path = "/api/v1/stores",
    tag = "stores",
    responses((status = 200, description = "The stores", body = StoreList))
)]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<axum::Json<StoreList>, ApiError> {
    let limits = limits(&state, &caller).await?;
    let stores = state.store.list_stores().await?;
    Ok(axum::Json(StoreList {
        stores: stores.into_iter().filter(|s| limits.allows(s.id)).collect(),
    }))
}

/// One store.
#[utoipa::path(
    get,
    path = "/api/v1/stores/{id}",
    tag = "stores",
    params(("id" = Uuid, Path, description = "The store's id")),
    responses(
        (status = 200, description = "The store", body = Store),
        (status = 400, description = "`invalid_path`: the id is not a UUID", body = ErrorBody),
        (status = 403, description = "`forbidden`: the caller manages other stores only", body = ErrorBody),
        (status = 404, description = "`not_found`: no such store", body = ErrorBody),
    )
)]
pub async fn one(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<Store>, ApiError> {
    Ok(axum::Json(the_store(&state, &caller, id).await?))
}

/// Add a store (a staff member limited to some stores may not).
#[utoipa::path(
    post,
    path = "/api/v1/stores",
    tag = "stores",
    request_body = NewStore,
    responses(
        (status = 201, description = "Added, as stored (version 1)", body = Store),
        (status = 403, description = "`forbidden`: the caller manages some stores only", body = ErrorBody),
        (status = 422, description = "`invalid_field`: a rule broken (an empty name, an unknown time zone, \
a currency code that is not three upper-case letters, a cash rounding that is not positive); `field` names it",
            body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Json(new): Json<NewStore>,
) -> Result<(StatusCode, axum::Json<Store>), ApiError> {
    if !limits(&state, &caller).await?.stores.is_empty() {
        return Err(AuthError::Forbidden(
            "a staff member limited to some stores may not add stores".into(),
        )
        .into());
    }
    let id = Uuid::now_v7();
    let entry =
        entry(&state, &caller, "store.create", id).details(json!({ "name": new.settings.name }));
    let store = state.store.create_store(id, &new, &entry).await?;
    Ok((StatusCode::CREATED, axum::Json(store)))
}

/// Change a store: its settings as they should be, with the `version` read; its terminals pull them.
#[utoipa::path(
    put,
    path = "/api/v1/stores/{id}",
    tag = "stores",
    params(("id" = Uuid, Path, description = "The store's id")),
    request_body = StoreUpdate,
    responses(
        (status = 200, description = "Changed, as stored (one version more)", body = Store),
        (status = 403, description = "`forbidden`: the caller manages other stores only", body = ErrorBody),
        (status = 404, description = "`not_found`: no such store", body = ErrorBody),
        (status = 409, description = "`stale_version`: changed since it was read", body = ErrorBody),
        (status = 422, description = "`invalid_field`: a rule broken; `field` names it", body = ErrorBody),
    )
)]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
    Json(upd): Json<StoreUpdate>,
) -> Result<axum::Json<Store>, ApiError> {
    require_allowed(&state, &caller, id).await?;
    let entry = entry(&state, &caller, "store.update", id).details(json!({
        "version": upd.version,
        "tax_mode": upd.settings.tax_mode,
    }));
    Ok(axum::Json(
        state.store.update_store(id, &upd, &entry).await?,
    ))
}

/// A store's price overrides, by product id.
#[utoipa::path(
    get,
    path = "/api/v1/stores/{id}/prices",
    tag = "stores",
    params(("id" = Uuid, Path, description = "The store's id")),
    responses(
        (status = 200, description = "Its overrides", body = StorePriceList),
        (status = 403, description = "`forbidden`: the caller manages other stores only", body = ErrorBody),
        (status = 404, description = "`not_found`: no such store", body = ErrorBody),
    )
)]
pub async fn prices(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<StorePriceList>, ApiError> {
    the_store(&state, &caller, id).await?;
    Ok(axum::Json(StorePriceList {
        prices: state.store.store_prices(id).await?,
    }))
}

/// Set a product's price at this store; the store's terminals pull the product at it.
#[utoipa::path(
    put,
    path = "/api/v1/stores/{id}/prices/{product_id}",
    tag = "stores",
    params(
        ("id" = Uuid, Path, description = "The store's id"),
        ("product_id" = String, Path, description = "The product's id"),
    ),
    request_body = PriceOverride,
    responses(
        (status = 204, description = "Stored"),
        (status = 403, description = "`forbidden`: the caller manages other stores only", body = ErrorBody),
        (status = 404, description = "`not_found`: no such store or product", body = ErrorBody),
        (status = 422, description = "`invalid_field` (`price`): negative, too large or with more decimals \
than the store's currency", body = ErrorBody),
    )
)]
pub async fn put_price(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, product)): Path<(Uuid, String)>,
    Json(req): Json<PriceOverride>,
) -> Result<StatusCode, ApiError> {
    require_allowed(&state, &caller, id).await?;
    let entry = entry(&state, &caller, "store.price_override", id).details(json!({
        "product_id": product,
        "price": req.price,
    }));
    state
        .store
        .put_store_price(id, &product, Some(req.price), &entry)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Remove a product's price at this store: it sells at the product's own price again.
#[utoipa::path(
    delete,
    path = "/api/v1/stores/{id}/prices/{product_id}",
    tag = "stores",
    params(
        ("id" = Uuid, Path, description = "The store's id"),
        ("product_id" = String, Path, description = "The product's id"),
    ),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "`forbidden`: the caller manages other stores only", body = ErrorBody),
        (status = 404, description = "`not_found`: no such store, product or override", body = ErrorBody),
    )
)]
pub async fn delete_price(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, product)): Path<(Uuid, String)>,
) -> Result<StatusCode, ApiError> {
    require_allowed(&state, &caller, id).await?;
    let entry = entry(&state, &caller, "store.price_override", id)
        .details(json!({ "product_id": product, "price": null }));
    state
        .store
        .put_store_price(id, &product, None, &entry)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Limit a staff member to some stores (an empty list: every store). A caller limited to some stores may
/// only hand out limits within their own.
#[utoipa::path(
    put,
    path = "/api/v1/staff/{id}/stores",
    tag = "staff",
    params(("id" = Uuid, Path, description = "The staff member's id")),
    request_body = StaffStores,
    responses(
        (status = 200, description = "Stored", body = StaffStores),
        (status = 403, description = "`forbidden`: limits beyond the caller's own stores", body = ErrorBody),
        (status = 404, description = "`not_found`: no such staff member", body = ErrorBody),
        (status = 422, description = "`invalid_field` (`stores`): an unknown store", body = ErrorBody),
    )
)]
pub async fn put_staff_stores(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
    Json(req): Json<StaffStores>,
) -> Result<axum::Json<StaffStores>, ApiError> {
    let own = limits(&state, &caller).await?;
    let within = !req.stores.is_empty() && req.stores.iter().all(|s| own.allows(*s));
    if !own.stores.is_empty() && !within {
        return Err(AuthError::Forbidden(
            "a staff member limited to some stores may only limit others to those".into(),
        )
        .into());
    }
    let entry = entry(&state, &caller, "staff.stores", id).details(json!({ "stores": req.stores }));
    state
        .store
        .set_staff_stores(id, &req.stores, &entry)
        .await?;
    Ok(axum::Json(req))
}
