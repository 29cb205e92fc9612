//! Purchasing (permission `stock`): suppliers with their lead time and order multiple, purchase orders to a
//! location, and receipts against them (partial or full; each moves stock in and updates the items' moving
//! average cost). Audited: `stock.supplier.create`, `stock.order.create`, `stock.order.receive`; a broken rule
//! is 422 `invalid_stock`, an unknown supplier, location or order 404.

use super::page_limit;
use crate::auth::audit::{self, AuditExt};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::{Json, Path, Query};
use crate::state::AppState;
use crate::store::stock::Refusal;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::json;
use shared::api::ErrorBody;
use shared::purchasing::{
    NewSupplier, PurchaseOrder, PurchaseOrderList, PurchaseOrderRequest, PurchasingError,
    ReceiptRequest, Supplier,
};
use uuid::Uuid;

fn refused(e: PurchasingError) -> ApiError {
    ApiError::Request {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        code: "invalid_stock",
        message: e.to_string(),
    }
}

fn entry(
    state: &AppState,
    caller: &Caller,
    action: &str,
    target: Uuid,
) -> crate::store::auth::NewAudit {
    audit::entry(state.clock.now(), caller.actor(), action, audit::SUCCESS)
        .device(caller.device_id())
        .target(target)
}

/// Every supplier, by name.
#[utoipa::path(
    get,
    path = "/api/v1/stock/suppliers",
    tag = "stock",
    responses((status = 200, description = "Suppliers", body = Vec<Supplier>))
)]
pub async fn suppliers(
    State(state): State<AppState>,
) -> Result<axum::Json<Vec<Supplier>>, ApiError> {
    Ok(axum::Json(state.store.suppliers().await?))
}

/// Add a supplier.
#[utoipa::path(
    post,
    path = "/api/v1/stock/suppliers",
    tag = "stock",
    request_body = NewSupplier,
    responses(
        (status = 201, description = "Added", body = Supplier),
        (status = 422, description = "`invalid_stock`: no name, or an order multiple not above 0", body = ErrorBody),
    )
)]
pub async fn create_supplier(
    State(state): State<AppState>,
    caller: Caller,
    Json(s): Json<NewSupplier>,
) -> Result<(StatusCode, axum::Json<Supplier>), ApiError> {
    s.check().map_err(refused)?;
    let id = Uuid::now_v7();
    let e = entry(&state, &caller, "stock.supplier.create", id)
        .details(json!({ "name": s.name.trim() }));
    let created = state
        .store
        .create_supplier(id, &s, state.clock.now(), &e)
        .await?;
    Ok((StatusCode::CREATED, axum::Json(created)))
}

/// Create a purchase order (once per `id`): quantities in multiples of the supplier's order multiple; expected
/// after the supplier's lead time.
#[utoipa::path(
    post,
    path = "/api/v1/stock/purchase-orders",
    tag = "stock",
    request_body = PurchaseOrderRequest,
    responses(
        (status = 200, description = "Created (or created before)", body = PurchaseOrder),
        (status = 404, description = "`not_found`: no such supplier or location", body = ErrorBody),
        (status = 422, description = "`invalid_stock`: no lines, a quantity not a multiple, a negative cost", body = ErrorBody),
    )
)]
pub async fn create_order(
    State(state): State<AppState>,
    caller: Caller,
    Json(req): Json<PurchaseOrderRequest>,
) -> Result<axum::Json<PurchaseOrder>, ApiError> {
    let e = entry(&state, &caller, "stock.order.create", req.id).details(json!({
        "supplier_id": req.supplier_id, "location_id": req.location_id, "lines": req.lines.len()
    }));
    match state.store.create_order(&req, state.clock.now(), &e).await {
        Ok(order) => Ok(axum::Json(order)),
        Err(Refusal::Rule(rule)) => Err(refused(rule)),
        Err(Refusal::Store(e)) => Err(e.into()),
    }
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrdersQuery {
    /// Only the orders to this location.
    location_id: Option<Uuid>,
    /// Only the orders still to arrive in full (open or partly received); default true.
    outstanding: Option<bool>,
    /// How many, newest first: 1 to 200 (larger values are clamped); default 50.
    #[param(minimum = 1)]
    limit: Option<u32>,
}

/// Purchase orders newest first — by default those still to arrive — with the items their lines name, so a
/// receipt can be booked by scanning: what the Stock tab shows when it opens.
#[utoipa::path(
    get,
    path = "/api/v1/stock/purchase-orders",
    tag = "stock",
    params(OrdersQuery),
    responses(
        (status = 200, description = "Orders, newest first, and their items", body = PurchaseOrderList),
        (status = 400, description = "`invalid_query`", body = ErrorBody),
    )
)]
pub async fn orders(
    State(state): State<AppState>,
    Query(q): Query<OrdersQuery>,
) -> Result<axum::Json<PurchaseOrderList>, ApiError> {
    let limit = page_limit(q.limit, 50, 200)?;
    let list = state
        .store
        .purchase_orders(q.location_id, q.outstanding.unwrap_or(true), limit)
        .await?;
    Ok(axum::Json(list))
}

/// One purchase order, with what was ordered and received per line.
#[utoipa::path(
    get,
    path = "/api/v1/stock/purchase-orders/{id}",
    tag = "stock",
    params(("id" = Uuid, Path, description = "The order's id")),
    responses(
        (status = 200, description = "The order", body = PurchaseOrder),
        (status = 400, description = "`invalid_path`", body = ErrorBody),
        (status = 404, description = "`not_found`", body = ErrorBody),
    )
)]
pub async fn order(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<PurchaseOrder>, ApiError> {
    let found = state.store.purchase_order(id).await?;
    found
        .map(axum::Json)
        .ok_or_else(|| ApiError::NotFound("no purchase order with this id".into()))
}

/// Book what arrived against an order (once per receipt `id`): stock in at the order's location, the items'
/// moving average cost updated; partly received until every line arrived.
#[utoipa::path(
    post,
    path = "/api/v1/stock/purchase-orders/{id}/receipts",
    tag = "stock",
    params(("id" = Uuid, Path, description = "The order's id")),
    request_body = ReceiptRequest,
    responses(
        (status = 200, description = "Booked (or booked before): the order", body = PurchaseOrder),
        (status = 400, description = "`invalid_path`", body = ErrorBody),
        (status = 404, description = "`not_found`", body = ErrorBody),
        (status = 422, description = "`invalid_stock`: no lines, a quantity not above 0, an item twice", body = ErrorBody),
    )
)]
pub async fn receive(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
    Json(req): Json<ReceiptRequest>,
) -> Result<axum::Json<PurchaseOrder>, ApiError> {
    req.check().map_err(refused)?;
    let staff = caller.session().ok().map(|s| s.staff.id);
    let e = entry(&state, &caller, "stock.order.receive", id)
        .details(json!({ "receipt_id": req.id, "lines": req.lines.len() }));
    let order = state
        .store
        .receive_order(id, &req, staff, state.clock.now(), &e)
        .await?;
    order
        .map(axum::Json)
        .ok_or_else(|| ApiError::NotFound("no purchase order with this id".into()))
}
