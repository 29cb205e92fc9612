//! Customer and balance handlers: `GET /api/v1/customers` paged by id, `GET /api/v1/gift-cards/{code}`.

use super::{page_limit, DEFAULT_PAGE, MAX_PAGE};
use crate::error::ApiError;
use crate::extract::{Path, Query};
use crate::state::AppState;
use axum::extract::State;
use serde::Deserialize;
use shared::api::{CustomerPage, ErrorBody};
use shared::catalog::GiftCardBalance;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CustomersQuery {
    /// Customer id to start after (the previous page's `next_after`).
    after: Option<String>,
    /// Page size, 1 to 1000 (others are refused: 400 `invalid_query`); default 100.
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<u32>,
}

/// Customers ordered by id, with the store credit and loyalty points the server counts.
#[utoipa::path(
    get,
    path = "/api/v1/customers",
    tag = "customers",
    params(CustomersQuery),
    responses(
        (status = 200, description = "One page of customers", body = CustomerPage),
        (status = 400, description = "`invalid_query`: a parameter is malformed or `limit` is 0", body = ErrorBody),
        (status = 500, description = "`internal`: storage failure", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<CustomersQuery>,
) -> Result<axum::Json<CustomerPage>, ApiError> {
    let limit = page_limit(q.limit, DEFAULT_PAGE, MAX_PAGE)?;
    Ok(axum::Json(
        state.store.customers_page(q.after, limit).await?,
    ))
}

/// A gift card's balance as the server counts it (negative after offline overspending).
#[utoipa::path(
    get,
    path = "/api/v1/gift-cards/{code}",
    tag = "customers",
    params(("code" = String, Path, description = "The gift card's code, e.g. `GC-1000-0001`")),
    responses(
        (status = 200, description = "The gift card's balance", body = GiftCardBalance),
        (status = 400, description = "`invalid_path`: the code is not valid UTF-8", body = ErrorBody),
        (status = 404, description = "`not_found`: no gift card with this code", body = ErrorBody),
        (status = 500, description = "`internal`: storage failure", body = ErrorBody),
    )
)]
pub async fn gift_card(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<axum::Json<GiftCardBalance>, ApiError> {
    match state.store.gift_card(&code).await? {
        Some(card) => Ok(axum::Json(card)),
        None => Err(ApiError::NotFound("no gift card with this code".into())),
    }
}
