//! Ingest flags: `GET /api/v1/ingest-flags`, the pushes accepted with an exhausted coupon or an overdrawn or
//! unknown gift card, store credit or loyalty account, or a cashier's refund, void or discount without an
//! approval that checks out (newest first).

use super::{page_limit, DEFAULT_PAGE, MAX_PAGE};
use crate::error::ApiError;
use crate::extract::Query;
use crate::state::AppState;
use crate::store::IngestFlag;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use shared::api::ErrorBody;
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FlagsQuery {
    /// How many flags, 1 to 1000 (others are refused: 400 `invalid_query`); default 100.
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<u32>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct FlagList {
    pub flags: Vec<IngestFlag>,
}

/// Flagged pushes, newest first: accepted (documents are facts), but worth a look.
#[utoipa::path(
    get,
    path = "/api/v1/ingest-flags",
    tag = "sync",
    params(FlagsQuery),
    responses(
        (status = 200, description = "Flags, newest first", body = FlagList),
        (status = 400, description = "`invalid_query`: a parameter is malformed or `limit` is 0", body = ErrorBody),
        (status = 500, description = "`internal`: storage failure", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<FlagsQuery>,
) -> Result<axum::Json<FlagList>, ApiError> {
    let limit = page_limit(q.limit, DEFAULT_PAGE, MAX_PAGE)?;
    let flags = state.store.flags(limit).await?;
    Ok(axum::Json(FlagList { flags }))
}
