//! Catalog handlers for integrators: `GET /api/v1/products` paged by id.

use super::{page_limit, DEFAULT_PAGE, MAX_PAGE};
use crate::error::ApiError;
use crate::extract::Query;
use crate::state::AppState;
use axum::extract::State;
use serde::Deserialize;
use shared::api::ProductPage;

#[derive(Debug, Deserialize)]
pub struct ProductsQuery {
    after: Option<String>,
    limit: Option<u32>,
}

pub async fn products(
    State(state): State<AppState>,
    Query(q): Query<ProductsQuery>,
) -> Result<axum::Json<ProductPage>, ApiError> {
    let limit = page_limit(q.limit, DEFAULT_PAGE, MAX_PAGE)?;
    Ok(axum::Json(state.store.products_page(q.after, limit).await?))
}
