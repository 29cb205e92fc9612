//! Sync handlers: `GET /api/v1/sync/pull` (catalog changes) and `POST /api/v1/sync/push` (mutations).

use super::{page_limit, DEFAULT_PULL_LIMIT};
use crate::error::ApiError;
use crate::extract::{Json, Query};
use crate::push::prepare;
use crate::state::AppState;
use axum::extract::State;
use serde::Deserialize;
use shared::sync::{PullResponse, PushRequest, PushResponse, MAX_PULL_LIMIT};

#[derive(Debug, Deserialize)]
pub struct PullQuery {
    #[serde(default)]
    cursor: u64,
    limit: Option<u32>,
}

pub async fn pull(
    State(state): State<AppState>,
    Query(q): Query<PullQuery>,
) -> Result<axum::Json<PullResponse>, ApiError> {
    let limit = page_limit(q.limit, DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT)?;
    Ok(axum::Json(state.store.pull(q.cursor, limit).await?))
}

pub async fn push(
    State(state): State<AppState>,
    Json(request): Json<PushRequest>,
) -> Result<axum::Json<PushResponse>, ApiError> {
    let device_id = request.device_id;
    let count = request.mutations.len();
    let batch = prepare(request)?;
    let last_applied_seq = state.store.push(batch).await.inspect_err(|e| {
        tracing::info!(%device_id, mutations = count, error = %e, "push refused");
    })?;
    tracing::debug!(%device_id, mutations = count, last_applied_seq, "push applied");
    Ok(axum::Json(PushResponse { last_applied_seq }))
}
