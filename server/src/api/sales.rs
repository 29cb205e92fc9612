//! Sales handlers: `GET /api/v1/sales` (newest first), `GET /api/v1/sales/{id}`, its refunds and its journal.

use super::{page_limit, DEFAULT_PAGE, MAX_PAGE};
use crate::error::ApiError;
use crate::extract::{Path, Query};
use crate::state::AppState;
use axum::extract::State;
use serde::Deserialize;
use shared::api::{ErrorBody, RefundList, SaleDocumentList};
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

/// Sales as priced documents, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/sales",
    tag = "sales",
    params(SalesQuery),
    responses(
        (status = 200, description = "Sales, newest first", body = SaleDocumentList),
        (status = 400, description = "`invalid_query`: a parameter is malformed or `limit` is 0", body = ErrorBody),
        (status = 500, description = "`internal`: storage failure", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<SalesQuery>,
) -> Result<axum::Json<SaleDocumentList>, ApiError> {
    let limit = page_limit(q.limit, DEFAULT_PAGE, MAX_PAGE)?;
    let sales = state.store.list_sales(q.device_id, limit).await?;
    Ok(axum::Json(SaleDocumentList { sales }))
}

async fn find(state: &AppState, id: Uuid) -> Result<SaleDocument, ApiError> {
    state
        .store
        .sale(id)
        .await?
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
    Path(id): Path<Uuid>,
) -> Result<axum::Json<SaleDocument>, ApiError> {
    Ok(axum::Json(find(&state, id).await?))
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
    Path(id): Path<Uuid>,
) -> Result<axum::Json<RefundList>, ApiError> {
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
    Path(id): Path<Uuid>,
) -> Result<axum::Json<Journal>, ApiError> {
    let sale = find(&state, id).await?;
    Ok(axum::Json(sale_journal(&sale, &ChartOfAccounts::default())))
}
