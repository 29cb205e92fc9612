//! Stock (permission `stock`): locations, levels per location with search and keyset pages (and the reorder
//! list), one item's ledger, adjustments with a reason, transfers (send, then receive with what arrived) and
//! counts (start at a server time, counted quantities, post). Every write is one transaction with its audit
//! entry (`stock.location.create`, `stock.adjust`, `stock.transfer.send`, `stock.transfer.receive`,
//! `stock.count.start`, `stock.count.post`); a broken rule is 422 `invalid_stock`, an unknown location 404.

use super::{page_limit, DEFAULT_PAGE, MAX_PAGE};
use crate::auth::audit::{self, AuditExt};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::{Json, Path, Query};
use crate::state::AppState;
use crate::store::auth::NewAudit;
use crate::store::stock::{CountStatus, LevelQuery};
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::json;
use shared::api::ErrorBody;
use shared::stock::{
    AdjustmentRequest, Ledger, Location, NewLocation, ReceiveRequest, StockLevelPage, StockLine,
    StockRuleError, ThresholdRequest, Transfer, TransferRequest,
};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

fn refused(e: StockRuleError) -> ApiError {
    ApiError::Request {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        code: "invalid_stock",
        message: e.to_string(),
    }
}

fn entry(state: &AppState, caller: &Caller, action: &str, target: Uuid) -> NewAudit {
    audit::entry(state.clock.now(), caller.actor(), action, audit::SUCCESS)
        .device(caller.device_id())
        .target(target)
}

/// The signed-in staff member, for the ledger's `staff_id`.
fn staff(caller: &Caller) -> Option<Uuid> {
    caller.session().ok().map(|s| s.staff.id)
}

/// Every location: the stores' (each one's selling location first), then warehouses.
#[utoipa::path(
    get,
    path = "/api/v1/stock/locations",
    tag = "stock",
    responses((status = 200, description = "Locations", body = Vec<Location>))
)]
pub async fn locations(
    State(state): State<AppState>,
) -> Result<axum::Json<Vec<Location>>, ApiError> {
    Ok(axum::Json(state.store.locations().await?))
}

/// Add a location (a store's, or a warehouse without `store_id`).
#[utoipa::path(
    post,
    path = "/api/v1/stock/locations",
    tag = "stock",
    request_body = NewLocation,
    responses(
        (status = 201, description = "Added", body = Location),
        (status = 409, description = "`conflict`: the store already has a selling location", body = ErrorBody),
        (status = 422, description = "`invalid_stock`: no name, or a warehouse with a store", body = ErrorBody),
    )
)]
pub async fn create_location(
    State(state): State<AppState>,
    caller: Caller,
    Json(l): Json<NewLocation>,
) -> Result<(StatusCode, axum::Json<Location>), ApiError> {
    l.check().map_err(refused)?;
    let id = Uuid::now_v7();
    let e = entry(&state, &caller, "stock.location.create", id)
        .details(json!({ "name": l.name.trim(), "kind": l.kind, "store_id": l.store_id }));
    let created = state
        .store
        .create_location(id, &l, state.clock.now(), &e)
        .await?;
    Ok((StatusCode::CREATED, axum::Json(created)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LevelsQuery {
    /// The location.
    location_id: Uuid,
    /// Text found (case-insensitively) in the name, the SKU or a barcode.
    q: Option<String>,
    /// Only items at or below their low-stock threshold: the reorder list.
    low: Option<bool>,
    /// The previous page's `next_after`.
    after: Option<String>,
    /// Page size, 1 to 1000 (others are refused: 400 `invalid_query`); default 100.
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<u32>,
}

/// The catalog's active items with their on-hand at one location and their last movement, by name (byte
/// order, then id); keyset paged.
#[utoipa::path(
    get,
    path = "/api/v1/stock/levels",
    tag = "stock",
    params(LevelsQuery),
    responses(
        (status = 200, description = "One page of stock levels", body = StockLevelPage),
        (status = 400, description = "`invalid_query`", body = ErrorBody),
    )
)]
pub async fn levels(
    State(state): State<AppState>,
    Query(q): Query<LevelsQuery>,
) -> Result<axum::Json<StockLevelPage>, ApiError> {
    let limit = page_limit(q.limit, DEFAULT_PAGE, MAX_PAGE)?;
    let query = LevelQuery {
        location_id: q.location_id,
        text: q.q,
        low_only: q.low.unwrap_or(false),
        after: q.after,
    };
    Ok(axum::Json(state.store.stock_levels(&query, limit).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LedgerQuery {
    product_id: String,
    location_id: Uuid,
    /// The previous page's `next_before`.
    before: Option<i64>,
    /// Page size, 1 to 1000 (others are refused: 400 `invalid_query`); default 100.
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<u32>,
}

/// One item's movements at one location, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/stock/ledger",
    tag = "stock",
    params(LedgerQuery),
    responses(
        (status = 200, description = "One page of the ledger", body = Ledger),
        (status = 400, description = "`invalid_query`", body = ErrorBody),
    )
)]
pub async fn ledger(
    State(state): State<AppState>,
    Query(q): Query<LedgerQuery>,
) -> Result<axum::Json<Ledger>, ApiError> {
    let limit = page_limit(q.limit, DEFAULT_PAGE, MAX_PAGE)?;
    let page = state
        .store
        .ledger(&q.product_id, q.location_id, q.before, limit)
        .await?;
    Ok(axum::Json(page))
}

/// Set (or clear, without `low_threshold`) an item's low-stock threshold at a location; at or below it the
/// item is on the location's reorder list (`GET /api/v1/stock/levels?low=true`).
#[utoipa::path(
    put,
    path = "/api/v1/stock/thresholds",
    tag = "stock",
    request_body = ThresholdRequest,
    responses(
        (status = 204, description = "Set"),
        (status = 404, description = "`not_found`: no such location", body = ErrorBody),
        (status = 422, description = "`invalid_stock`: no item, or a negative threshold", body = ErrorBody),
    )
)]
pub async fn set_threshold(
    State(state): State<AppState>,
    caller: Caller,
    Json(req): Json<ThresholdRequest>,
) -> Result<StatusCode, ApiError> {
    if req.product_id.trim().is_empty() {
        return Err(refused(StockRuleError::NoProduct(0)));
    }
    if req.low_threshold.is_some_and(|t| t.is_sign_negative()) {
        return Err(refused(StockRuleError::NotPositive(0)));
    }
    let e = entry(&state, &caller, "stock.threshold", req.location_id).details(json!({
        "product_id": req.product_id.trim(), "low_threshold": req.low_threshold
    }));
    state
        .store
        .set_threshold(&req, state.clock.now(), &e)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What a write answers: whether it was recorded now (`false`: this id was recorded before).
#[derive(Debug, serde::Serialize, ToSchema)]
pub struct Recorded {
    pub recorded: bool,
}

/// Adjust stock at a location with a reason (found, damaged, lost …). Once per `id`.
#[utoipa::path(
    post,
    path = "/api/v1/stock/adjustments",
    tag = "stock",
    request_body = AdjustmentRequest,
    responses(
        (status = 200, description = "Recorded (or recorded before)", body = Recorded),
        (status = 404, description = "`not_found`: no such location", body = ErrorBody),
        (status = 422, description = "`invalid_stock`: no reason, no lines or a zero quantity", body = ErrorBody),
    )
)]
pub async fn adjust(
    State(state): State<AppState>,
    caller: Caller,
    Json(req): Json<AdjustmentRequest>,
) -> Result<axum::Json<Recorded>, ApiError> {
    req.check().map_err(refused)?;
    let e = entry(&state, &caller, "stock.adjust", req.id).details(json!({
        "location_id": req.location_id, "reason": req.reason.trim(), "lines": req.lines.len()
    }));
    let recorded = state
        .store
        .adjust(&req, staff(&caller), state.clock.now(), &e)
        .await?;
    Ok(axum::Json(Recorded { recorded }))
}

/// Send a transfer: out of the source now, in transit until received. Once per `id`.
#[utoipa::path(
    post,
    path = "/api/v1/stock/transfers",
    tag = "stock",
    request_body = TransferRequest,
    responses(
        (status = 200, description = "Sent (or sent before): the transfer", body = Transfer),
        (status = 404, description = "`not_found`: no such location", body = ErrorBody),
        (status = 422, description = "`invalid_stock`: one location twice, no lines, a quantity not positive", body = ErrorBody),
    )
)]
pub async fn send_transfer(
    State(state): State<AppState>,
    caller: Caller,
    Json(req): Json<TransferRequest>,
) -> Result<axum::Json<Transfer>, ApiError> {
    req.check().map_err(refused)?;
    let e = entry(&state, &caller, "stock.transfer.send", req.id).details(json!({
        "from": req.from_location, "to": req.to_location, "lines": req.lines.len()
    }));
    let sent = state
        .store
        .send_transfer(&req, staff(&caller), state.clock.now(), &e)
        .await?;
    Ok(axum::Json(sent))
}

/// One transfer, with what was sent and received per line.
#[utoipa::path(
    get,
    path = "/api/v1/stock/transfers/{id}",
    tag = "stock",
    params(("id" = Uuid, Path, description = "The transfer's id")),
    responses(
        (status = 200, description = "The transfer", body = Transfer),
        (status = 400, description = "`invalid_path`", body = ErrorBody),
        (status = 404, description = "`not_found`", body = ErrorBody),
    )
)]
pub async fn transfer(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<Transfer>, ApiError> {
    let found = state.store.transfer(id).await?;
    found
        .map(axum::Json)
        .ok_or_else(|| ApiError::NotFound("no transfer with this id".into()))
}

/// Receive a transfer in transit: what arrived (lines not named arrived as sent). A received transfer is
/// answered as it stands; its discrepancies are received minus sent per line.
#[utoipa::path(
    post,
    path = "/api/v1/stock/transfers/{id}/receive",
    tag = "stock",
    params(("id" = Uuid, Path, description = "The transfer's id")),
    request_body = ReceiveRequest,
    responses(
        (status = 200, description = "Received", body = Transfer),
        (status = 400, description = "`invalid_path`", body = ErrorBody),
        (status = 404, description = "`not_found`", body = ErrorBody),
        (status = 422, description = "`invalid_stock`: a negative quantity", body = ErrorBody),
    )
)]
pub async fn receive_transfer(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
    Json(req): Json<ReceiveRequest>,
) -> Result<axum::Json<Transfer>, ApiError> {
    if let Some(i) = req.lines.iter().position(|l| l.quantity.is_sign_negative()) {
        return Err(refused(StockRuleError::NotPositive(i)));
    }
    let e = entry(&state, &caller, "stock.transfer.receive", id)
        .details(json!({ "named_lines": req.lines.len() }));
    let received = state
        .store
        .receive_transfer(id, &req, staff(&caller), state.clock.now(), &e)
        .await?;
    received
        .map(axum::Json)
        .ok_or_else(|| ApiError::NotFound("no transfer with this id".into()))
}

/// `POST /api/v1/stock/counts`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct StartCount {
    /// Made by the client, so a retry starts nothing twice.
    pub id: Uuid,
    pub location_id: Uuid,
}

/// Start a count at a location: its snapshot is the server's time now.
#[utoipa::path(
    post,
    path = "/api/v1/stock/counts",
    tag = "stock",
    request_body = StartCount,
    responses(
        (status = 200, description = "Started (or started before)", body = CountStatus),
        (status = 404, description = "`not_found`: no such location", body = ErrorBody),
    )
)]
pub async fn start_count(
    State(state): State<AppState>,
    caller: Caller,
    Json(req): Json<StartCount>,
) -> Result<axum::Json<CountStatus>, ApiError> {
    let e = entry(&state, &caller, "stock.count.start", req.id)
        .details(json!({ "location_id": req.location_id }));
    let count = state
        .store
        .start_count(req.id, req.location_id, state.clock.now(), &e)
        .await?;
    Ok(axum::Json(count))
}

/// `PUT /api/v1/stock/counts/{id}/lines`: counted quantities (replacing earlier ones of the same items).
#[derive(Debug, Deserialize, ToSchema)]
pub struct Counted {
    pub lines: Vec<StockLine>,
}

/// Record counted quantities while the count is open.
#[utoipa::path(
    put,
    path = "/api/v1/stock/counts/{id}/lines",
    tag = "stock",
    params(("id" = Uuid, Path, description = "The count's id")),
    request_body = Counted,
    responses(
        (status = 200, description = "The count as it stands", body = CountStatus),
        (status = 400, description = "`invalid_path`", body = ErrorBody),
        (status = 404, description = "`not_found`", body = ErrorBody),
        (status = 422, description = "`invalid_stock`: a negative count or no item", body = ErrorBody),
    )
)]
pub async fn set_counted(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    Json(req): Json<Counted>,
) -> Result<axum::Json<CountStatus>, ApiError> {
    if req.lines.len() > shared::stock::MAX_STOCK_LINES {
        return Err(refused(StockRuleError::Lines));
    }
    for (i, l) in req.lines.iter().enumerate() {
        if l.product_id.trim().is_empty() {
            return Err(refused(StockRuleError::NoProduct(i)));
        }
        if l.quantity.is_sign_negative() {
            return Err(refused(StockRuleError::NotPositive(i)));
        }
    }
    let count = state.store.set_counted(id, &req.lines).await?;
    count
        .map(axum::Json)
        .ok_or_else(|| ApiError::NotFound("no count with this id".into()))
}

/// Post a count: one count correction per counted item (counted minus the ledger at the snapshot).
#[utoipa::path(
    post,
    path = "/api/v1/stock/counts/{id}/post",
    tag = "stock",
    params(("id" = Uuid, Path, description = "The count's id")),
    responses(
        (status = 200, description = "Posted (or posted before)", body = CountStatus),
        (status = 400, description = "`invalid_path`", body = ErrorBody),
        (status = 404, description = "`not_found`", body = ErrorBody),
    )
)]
pub async fn post_count(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<CountStatus>, ApiError> {
    let e = entry(&state, &caller, "stock.count.post", id);
    let count = state
        .store
        .post_count(id, staff(&caller), state.clock.now(), &e)
        .await?;
    count
        .map(axum::Json)
        .ok_or_else(|| ApiError::NotFound("no count with this id".into()))
}
