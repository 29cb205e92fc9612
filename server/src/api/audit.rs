//! The audit log: `GET /api/v1/audit`, newest first, paged by `before`. There is no API to change it, and the
//! database refuses UPDATE and DELETE on it.

use super::{page_limit, DEFAULT_PAGE, MAX_PAGE};
use crate::error::ApiError;
use crate::extract::Query;
use crate::state::AppState;
use axum::extract::State;
use serde::Deserialize;
use shared::api::ErrorBody;
use shared::auth::AuditPage;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only entries with a `seq` below this (the previous page's `next_before`).
    before: Option<u64>,
    /// How many entries, 1 to 1000 (larger values are clamped); default 100.
    #[param(minimum = 1)]
    limit: Option<u32>,
}

/// Audit entries, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/audit",
    tag = "audit",
    params(AuditQuery),
    responses(
        (status = 200, description = "Entries, newest first", body = AuditPage),
        (status = 400, description = "`invalid_query`: a parameter is malformed or `limit` is 0", body = ErrorBody),
        (status = 500, description = "`internal`: storage failure", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<AuditQuery>,
) -> Result<axum::Json<AuditPage>, ApiError> {
    let limit = page_limit(q.limit, DEFAULT_PAGE, MAX_PAGE)?;
    let entries = state.store.audit_page(q.before, limit).await?;
    let next_before = if entries.len() == limit as usize {
        entries.last().map(|e| e.seq)
    } else {
        None
    };
    Ok(axum::Json(AuditPage {
        entries,
        next_before,
    }))
}
