//! Sales handlers: `GET /api/v1/sales` (newest first) and `GET /api/v1/sales/{id}`.

use super::{page_limit, DEFAULT_PAGE, MAX_PAGE};
use crate::error::ApiError;
use crate::extract::{Path, Query};
use crate::state::AppState;
use axum::extract::State;
use serde::Deserialize;
use shared::api::SaleList;
use shared::sale::Sale;
use uuid::Uuid;

#[derive(Debug, Deserialize)]
pub struct SalesQuery {
    device_id: Option<Uuid>,
    limit: Option<u32>,
}

pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<SalesQuery>,
) -> Result<axum::Json<SaleList>, ApiError> {
    let limit = page_limit(q.limit, DEFAULT_PAGE, MAX_PAGE)?;
    let sales = state.store.list_sales(q.device_id, limit).await?;
    Ok(axum::Json(SaleList { sales }))
}

pub async fn one(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<Sale>, ApiError> {
    match state.store.sale(id).await? {
        Some(sale) => Ok(axum::Json(sale)),
        None => Err(ApiError::NotFound(format!("no sale {id}"))),
    }
}
