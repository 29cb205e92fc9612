//! Catalog handlers for integrators: `GET /api/v1/products` paged by id.

use super::{page_limit, DEFAULT_PAGE, MAX_PAGE};
use crate::error::ApiError;
use crate::extract::Query;
use crate::state::AppState;
use axum::extract::State;
use serde::Deserialize;
use shared::api::{ErrorBody, ProductPage};
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProductsQuery {
    /// Product id to start after (the previous page's `next_after`).
    after: Option<String>,
    /// Page size, 1 to 1000 (others are refused: 400 `invalid_query`); default 100.
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<u32>,
}

/// Products ordered by id, one page at a time.
#[utoipa::path(
    get,
    path = "/api/v1/products",
    tag = "catalog",
    params(ProductsQuery),
    responses(
        (status = 200, description = "One page of products", body = ProductPage),
        (status = 400, description = "`invalid_query`: a parameter is malformed or `limit` is 0", body = ErrorBody),
        (status = 500, description = "`internal`: storage failure", body = ErrorBody),
    )
)]
pub async fn products(
    State(state): State<AppState>,
    Query(q): Query<ProductsQuery>,
) -> Result<axum::Json<ProductPage>, ApiError> {
    let limit = page_limit(q.limit, DEFAULT_PAGE, MAX_PAGE)?;
    Ok(axum::Json(state.store.products_page(q.after, limit).await?))
}
