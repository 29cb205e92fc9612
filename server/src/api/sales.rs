//! Sales handlers: `GET /api/v1/sales` (newest first) and `GET /api/v1/sales/{id}`.

use super::{page_limit, DEFAULT_PAGE, MAX_PAGE};
use crate::error::ApiError;
use crate::extract::{Path, Query};
use crate::state::AppState;
use axum::extract::State;
use serde::Deserialize;
use shared::api::{ErrorBody, SaleList};
use shared::sale::Sale;
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

/// Sales, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/sales",
    tag = "sales",
    params(SalesQuery),
    responses(
        (status = 200, description = "Sales, newest first", body = SaleList),
        (status = 400, description = "`invalid_query`: a parameter is malformed or `limit` is 0", body = ErrorBody),
        (status = 500, description = "`internal`: storage failure", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<SalesQuery>,
) -> Result<axum::Json<SaleList>, ApiError> {
    let limit = page_limit(q.limit, DEFAULT_PAGE, MAX_PAGE)?;
    let sales = state.store.list_sales(q.device_id, limit).await?;
    Ok(axum::Json(SaleList { sales }))
}

/// One sale by id.
#[utoipa::path(
    get,
    path = "/api/v1/sales/{id}",
    tag = "sales",
    params(("id" = Uuid, Path, description = "The sale's id")),
    responses(
        (status = 200, description = "The sale", body = Sale),
        (status = 400, description = "`invalid_path`: the id is not a UUID", body = ErrorBody),
        (status = 404, description = "`not_found`: no sale with this id", body = ErrorBody),
        (status = 500, description = "`internal`: storage failure", body = ErrorBody),
    )
)]
pub async fn one(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<Sale>, ApiError> {
    match state.store.sale(id).await? {
        Some(sale) => Ok(axum::Json(sale)),
        None => Err(ApiError::NotFound(format!("no sale {id}"))),
    }
}
