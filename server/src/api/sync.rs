//! Sync handlers: `GET /api/v1/sync/pull` (catalog changes) and `POST /api/v1/sync/push` (mutations).

use super::{page_limit, DEFAULT_PULL_LIMIT};
use crate::auth::{AuthError, Caller};
use crate::error::ApiError;
use crate::extract::{Json, Query};
use crate::metrics::PushRefusal;
use crate::push::{prepare_at, PushBatch, PushRejection};
use crate::state::AppState;
use crate::store::StoreError;
use axum::extract::State;
use serde::Deserialize;
use shared::api::ErrorBody;
use shared::sync::{PullResponse, PushRequest, PushResponse, MAX_PULL_LIMIT};
use std::collections::BTreeSet;
use utoipa::IntoParams;
use uuid::Uuid;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PullQuery {
    /// The `cursor` of the previous pull; 0 (the default) for everything.
    #[serde(default)]
    cursor: u64,
    /// Most changes to return, 1 to 5000 (others are refused: 400 `invalid_query`); default 1000.
    #[param(minimum = 1, maximum = 5000)]
    limit: Option<u32>,
    /// With an API key: pull as a terminal of this store does (its settings, policy and prices); absent: the
    /// chain's catalog at the products' own prices with the first store's settings. A device always pulls
    /// its own store's.
    store_id: Option<Uuid>,
}

/// Catalog changes after a cursor, in change-sequence order: a device gets its own store's settings, policy
/// and prices.
#[utoipa::path(
    get,
    path = "/api/v1/sync/pull",
    tag = "sync",
    params(PullQuery),
    responses(
        (status = 200, description = "The next page of changes", body = PullResponse),
        (status = 400, description = "`invalid_query`: a parameter is malformed or `limit` is 0", body = ErrorBody),
        (status = 500, description = "`internal`: storage failure", body = ErrorBody),
    )
)]
pub async fn pull(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<PullQuery>,
) -> Result<axum::Json<PullResponse>, ApiError> {
    let limit = page_limit(q.limit, DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT)?;
    let store = caller.device.as_ref().map(|d| d.store_id).or(q.store_id);
    let page = match store {
        Some(store) => state.store.pull_store(q.cursor, limit, store).await?,
        None => state.store.pull(q.cursor, limit).await?,
    };
    Ok(axum::Json(page))
}

/// Apply a device's mutations exactly once, all or nothing; answers the device's last applied sequence.
///
/// Sales redeem their coupons and draw on gift cards, store credit and loyalty points; refunds and voids pay
/// back. Balances may go negative after offline sales: such pushes are accepted and flagged
/// (`GET /api/v1/ingest-flags`).
#[utoipa::path(
    post,
    path = "/api/v1/sync/push",
    tag = "sync",
    request_body(content = PushRequest, content_type = "application/json",
        description = "At most 500 mutations and 2 MiB, in sequence order"),
    responses(
        (status = 200, description = "Applied (or already applied): the device's last applied sequence", body = PushResponse),
        (status = 400, description = "`invalid_body`: the body is not JSON", body = ErrorBody),
        (status = 403, description = "`device_mismatch`: `device_id` is not the device of `X-Device-Token`",
            body = ErrorBody),
        (status = 409, description = "`mutation_conflict`: an id was applied with another body or device; \
`sequence_gap`: a sequence is skipped (`expected_seq` names the next one)", body = ErrorBody),
        (status = 413, description = "`payload_too_large`: over 2 MiB; `too_many_mutations`: over 500 mutations", body = ErrorBody),
        (status = 422, description = "`invalid_body`: JSON of the wrong shape; `invalid_sale`: a sale fails \
verification; `invalid_refund`: a refund does not match a refund of its sale (or refunds more than is left); \
`invalid_void`: the sale has refunds or is already voided; `invalid_exchange`, `invalid_cash_movement`, \
`invalid_unreceipted_return`: the document fails verification (a return without a receipt: above the current \
price, or amounts that do not add up); `unknown_sale`: a refund, void or exchange names a sale the server has not \
recorded; `card_number_in_payload`: a text field holds what looks like a card number", body = ErrorBody),
        (status = 500, description = "`internal`: storage failure", body = ErrorBody),
    )
)]
pub async fn push(
    State(state): State<AppState>,
    caller: Caller,
    Json(request): Json<PushRequest>,
) -> Result<axum::Json<PushResponse>, ApiError> {
    let device = caller.enrolled_device()?;
    if device.id != request.device_id {
        return Err(AuthError::DeviceMismatch(format!(
            "the push is for device {} but the device token is of device {}",
            request.device_id, device.id
        ))
        .into());
    }
    let metrics = &state.metrics;
    metrics.push_received();
    let device_id = request.device_id;
    let count = request.mutations.len();
    let batch =
        prepare_at(request, state.clock.now()).inspect_err(|r| metrics.push_refused(refusal(r)))?;
    let seqs: BTreeSet<u64> = batch.mutations.iter().map(|m| m.seq).collect();
    // The device's sequence before this batch, to tell applied mutations from replays in the metrics.
    let before = if seqs.is_empty() {
        None
    } else {
        let probe = PushBatch {
            device_id,
            mutations: Vec::new(),
            received_at: batch.received_at,
        };
        state.store.push(probe).await.ok()
    };
    if let Some(hook) = &state.hooks.before_push_applied {
        hook().await;
    }
    match state.store.push(batch).await {
        Ok(last_applied_seq) => {
            let applied = match before {
                Some(b) if last_applied_seq > b => seqs.range(b + 1..=last_applied_seq).count(),
                _ => 0,
            };
            let replayed = count.saturating_sub(applied);
            metrics.push_applied(device_id, applied as u64, replayed as u64);
            tracing::debug!(%device_id, mutations = count, last_applied_seq, "push applied");
            Ok(axum::Json(PushResponse { last_applied_seq }))
        }
        Err(e) => {
            metrics.push_refused(match &e {
                StoreError::Rejected(r) => refusal(r),
                _ => PushRefusal::Storage,
            });
            tracing::info!(%device_id, mutations = count, error = %e, "push refused");
            Err(e.into())
        }
    }
}

fn refusal(r: &PushRejection) -> PushRefusal {
    match r {
        PushRejection::TooManyMutations { .. } => PushRefusal::TooManyMutations,
        PushRejection::MutationConflict { .. } => PushRefusal::Conflict,
        PushRejection::SequenceGap { .. } => PushRefusal::Gap,
        PushRejection::InvalidSale { .. } => PushRefusal::InvalidSale,
        PushRejection::InvalidRefund { .. } => PushRefusal::InvalidRefund,
        PushRejection::InvalidVoid { .. } => PushRefusal::InvalidVoid,
        PushRejection::InvalidExchange { .. } => PushRefusal::InvalidExchange,
        PushRejection::InvalidCashMovement { .. } => PushRefusal::InvalidCashMovement,
        PushRejection::InvalidUnreceiptedReturn { .. } => PushRefusal::InvalidUnreceiptedReturn,
        PushRejection::InvalidCustomer { .. } => PushRefusal::InvalidCustomer,
        PushRejection::UnknownSale { .. } => PushRefusal::UnknownSale,
        PushRejection::CardNumberInPayload { .. } => PushRefusal::CardNumber,
    }
}
