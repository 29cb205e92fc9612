//! Refund handlers: `GET /api/v1/refunds` (newest first).

use super::{page_limit, DEFAULT_PAGE, MAX_PAGE};
use crate::error::ApiError;
use crate::extract::Query;
use crate::state::AppState;
use axum::extract::State;
use serde::Deserialize;
use shared::api::{ErrorBody, RefundList};
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RefundsQuery {
    /// How many refunds, 1 to 1000 (others are refused: 400 `invalid_query`); default 100.
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<u32>,
}

/// Refunds (exchange returns included), newest first.
#[utoipa::path(
    get,
    path = "/api/v1/refunds",
    tag = "sales",
    params(RefundsQuery),
    responses(
        (status = 200, description = "Refunds, newest first", body = RefundList),
        (status = 400, description = "`invalid_query`: a parameter is malformed or `limit` is 0", body = ErrorBody),
        (status = 500, description = "`internal`: storage failure", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<RefundsQuery>,
) -> Result<axum::Json<RefundList>, ApiError> {
    let limit = page_limit(q.limit, DEFAULT_PAGE, MAX_PAGE)?;
    let refunds = state.store.list_refunds(limit).await?;
    Ok(axum::Json(RefundList {
        refunds,
        void: None,
    }))
}
