//! Sales handlers: `GET /api/v1/sales` (newest first), `GET /api/v1/sales/{id}`, its refunds and its journal.

use super::{page_limit, DEFAULT_PAGE, MAX_PAGE};
use crate::auth::{AuthError, Caller};
use crate::error::ApiError;
use crate::extract::{Path, Query};
use crate::state::AppState;
use axum::extract::State;
use serde::Deserialize;
use shared::api::{ErrorBody, RefundList, SaleDocumentList};
use shared::auth::{Permission, Scope};
use shared::document::SaleDocument;
use shared::ledger::{sale_journal, ChartOfAccounts, Journal};
use utoipa::IntoParams;
use uuid::Uuid;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SalesQuery {
    /// Only sales of this device.
    device_id: Option<Uuid>,
    /// How many sales, 1 to 1000 (larger values are clamped); default 100.
    #[param(minimum = 1)]
    limit: Option<u32>,
}

/// The one device whose sales the caller may read, or `None` for all (permission `reports`, scope
/// `sales:read`). A terminal reads only its own sales.
fn own_device_only(caller: &Caller) -> Option<Uuid> {
    if caller.permits(Permission::Reports) || caller.has_scope(Scope::SalesRead) {
        None
    } else {
        caller.device.as_ref().map(|d| d.id)
    }
}

/// Sales as priced documents, newest first. With only a device token: that device's sales (`device_id`, if
/// given, must be its own).
#[utoipa::path(
    get,
    path = "/api/v1/sales",
    tag = "sales",
    params(SalesQuery),
    responses(
        (status = 200, description = "Sales, newest first", body = SaleDocumentList),
        (status = 400, description = "`invalid_query`: a parameter is malformed or `limit` is 0", body = ErrorBody),
        (status = 403, description = "`forbidden`: a device token asking for another device's sales", body = ErrorBody),
        (status = 500, description = "`internal`: storage failure", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<SalesQuery>,
) -> Result<axum::Json<SaleDocumentList>, ApiError> {
    let limit = page_limit(q.limit, DEFAULT_PAGE, MAX_PAGE)?;
    let device = match own_device_only(&caller) {
        None => q.device_id,
        Some(own) if q.device_id.is_none_or(|d| d == own) => Some(own),
        Some(_) => {
            return Err(AuthError::Forbidden(
                "permission `reports` or scope `sales:read` to read another device's sales".into(),
            )
            .into())
        }
    };
    let sales = state.store.list_sales(device, limit).await?;
    Ok(axum::Json(SaleDocumentList { sales }))
}

/// The sale, if the caller may read it (a terminal: only its own; another's is "not found").
async fn find(state: &AppState, caller: &Caller, id: Uuid) -> Result<SaleDocument, ApiError> {
    state
        .store
        .sale(id)
        .await?
        .filter(|s| own_device_only(caller).is_none_or(|own| own == s.device_id))
        .ok_or_else(|| ApiError::NotFound(format!("no sale {id}")))
}

/// One sale by id.
#[utoipa::path(
    get,
    path = "/api/v1/sales/{id}",
    tag = "sales",
    params(("id" = Uuid, Path, description = "The sale's id")),
    responses(
        (status = 200, description = "The sale", body = SaleDocument),
        (status = 400, description = "`invalid_path`: the id is not a UUID", body = ErrorBody),
        (status = 404, description = "`not_found`: no sale with this id", body = ErrorBody),
        (status = 500, description = "`internal`: storage failure", body = ErrorBody),
    )
)]
pub async fn one(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<SaleDocument>, ApiError> {
    Ok(axum::Json(find(&state, &caller, id).await?))
}

/// The refunds of a sale (exchange returns included), oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/sales/{id}/refunds",
    tag = "sales",
    params(("id" = Uuid, Path, description = "The sale's id")),
    responses(
        (status = 200, description = "The sale's refunds, oldest first", body = RefundList),
        (status = 400, description = "`invalid_path`: the id is not a UUID", body = ErrorBody),
        (status = 404, description = "`not_found`: no sale with this id", body = ErrorBody),
        (status = 500, description = "`internal`: storage failure", body = ErrorBody),
    )
)]
pub async fn refunds(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<RefundList>, ApiError> {
    if own_device_only(&caller).is_some() {
        find(&state, &caller, id).await?;
    }
    match state.store.sale_refunds(id).await? {
        Some(refunds) => Ok(axum::Json(RefundList { refunds })),
        None => Err(ApiError::NotFound(format!("no sale {id}"))),
    }
}

/// The sale's ledger journal: balanced double-entry postings with the default chart of accounts.
#[utoipa::path(
    get,
    path = "/api/v1/sales/{id}/journal",
    tag = "sales",
    params(("id" = Uuid, Path, description = "The sale's id")),
    responses(
        (status = 200, description = "The sale's journal (debits equal credits)", body = Journal),
        (status = 400, description = "`invalid_path`: the id is not a UUID", body = ErrorBody),
        (status = 404, description = "`not_found`: no sale with this id", body = ErrorBody),
        (status = 500, description = "`internal`: storage failure", body = ErrorBody),
    )
)]
pub async fn journal(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<Journal>, ApiError> {
    let sale = find(&state, &caller, id).await?;
    Ok(axum::Json(sale_journal(&sale, &ChartOfAccounts::default())))
}
