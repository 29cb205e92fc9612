//! Held-order handlers: a till uploads an order it parked (`PUT /api/v1/held-orders/{id}`, idempotent), lists
//! the store's parked orders, claims one (one till at a time) and closes it when paid or discarded; the
//! tills' settings (`PUT /api/v1/settings/till`). Rules and races are decided in `store::held`.

use crate::auth::audit::{self, AuditExt};
use crate::auth::Caller;
use crate::card_numbers::contains_card_number;
use crate::error::ApiError;
use crate::extract::{Json, Path};
use crate::state::AppState;
use crate::store::auth::NewAudit;
use crate::store::held::{HeldAudit, HeldOutcome};
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use serde_json::json;
use shared::api::ErrorBody;
use shared::held::{CloseRequest, HeldOrder, HeldOrderList, HeldStatus, ParkRequest, TillSettings};
use uuid::Uuid;

/// Largest held-order upload (a few hundred lines).
pub const MAX_HELD_BODY_BYTES: usize = 256 * 1024;

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::Request {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        code: "invalid_body",
        message: message.into(),
    }
}

fn conflict(code: &'static str, message: String) -> ApiError {
    ApiError::Request {
        status: StatusCode::CONFLICT,
        code,
        message,
    }
}

/// The till of the request: held orders belong to tills. An extractor, so a caller without a till is refused
/// (403 `device_required`) before the body is read.
pub struct AtTill(Uuid);

impl FromRequestParts<AppState> for AtTill {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let caller = Caller::from_request_parts(parts, state).await?;
        caller.device_id().map(AtTill).ok_or_else(|| ApiError::Request {
            status: StatusCode::FORBIDDEN,
            code: "device_required",
            message: "held orders belong to a till: send its X-Device-Token or sign in with a PIN at it"
                .into(),
        })
    }
}

/// A till's name for messages: its name, else its id.
fn till_name(name: Option<&str>, id: Option<Uuid>) -> String {
    match (name, id) {
        (Some(name), _) => format!("till \"{name}\""),
        (None, Some(id)) => format!("till {id}"),
        (None, None) => "another till".into(),
    }
}

/// Why a till may not take or close `held`, as a 409.
fn refused(held: &HeldOrder) -> ApiError {
    let label = &held.label;
    match held.status {
        HeldStatus::Claimed => conflict(
            "held_elsewhere",
            format!(
                "\"{label}\" is held by {}",
                till_name(held.holder_name.as_deref(), held.holder)
            ),
        ),
        HeldStatus::Closed => conflict(
            "held_order_closed",
            format!("\"{label}\" was already paid or discarded"),
        ),
        HeldStatus::Expired => conflict(
            "held_order_expired",
            format!("\"{label}\" was parked too long ago and has expired"),
        ),
        HeldStatus::Parked => conflict(
            "held_order_not_held",
            format!("\"{label}\" is parked and not held by this till: claim it first"),
        ),
    }
}

fn outcome(result: HeldOutcome) -> Result<axum::Json<HeldOrder>, ApiError> {
    match result {
        HeldOutcome::Done(held) => Ok(axum::Json(held)),
        HeldOutcome::Refused(held) => Err(refused(&held)),
        HeldOutcome::Unknown => Err(ApiError::NotFound("no held order with this id".into())),
    }
}

fn check_park(req: &ParkRequest) -> Result<(), ApiError> {
    req.check().map_err(|e| invalid(e.to_string()))?;
    let text = serde_json::to_vec(req).map_err(|e| invalid(e.to_string()))?;
    // Every store must keep the text as received; PostgreSQL cannot store U+0000 in text or JSONB.
    if crate::push::has_nul_escape(&text) {
        return Err(invalid(
            "text fields must not contain the NUL character (U+0000)",
        ));
    }
    let free_text =
        std::iter::once(req.label.as_str()).chain(req.order.lines.iter().map(|l| l.name.as_str()));
    for text in free_text {
        if contains_card_number(text.as_bytes()) {
            return Err(ApiError::Request {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: "card_number_in_payload",
                message: "a held order's name or line names look like a card number".into(),
            });
        }
    }
    Ok(())
}

/// An audit entry about held order `id` by the caller at its till.
fn entry(state: &AppState, caller: &Caller, action: &str, outcome: &str, id: Uuid) -> NewAudit {
    audit::entry(state.clock.now(), caller.actor(), action, outcome)
        .device(caller.device_id())
        .target(id)
}

/// Upload an order this till parked. Idempotent: an id already stored is answered as it stands, unchanged.
#[utoipa::path(
    put,
    path = "/api/v1/held-orders/{id}",
    tag = "held-orders",
    params(("id" = Uuid, Path, description = "The held order's id, made by the till")),
    request_body = ParkRequest,
    responses(
        (status = 200, description = "Stored (or already stored): the held order as it stands", body = HeldOrder),
        (status = 400, description = "`invalid_path`: the id is not a UUID", body = ErrorBody),
        (status = 403, description = "`device_required`: no till named by the credentials", body = ErrorBody),
        (status = 422, description = "`invalid_body`: no name, no lines or a NUL character; \
`card_number_in_payload`", body = ErrorBody),
    )
)]
pub async fn park(
    State(state): State<AppState>,
    caller: Caller,
    AtTill(device): AtTill,
    Path(id): Path<Uuid>,
    Json(req): Json<ParkRequest>,
) -> Result<axum::Json<HeldOrder>, ApiError> {
    check_park(&req)?;
    let now = state.clock.now();
    let entry = entry(&state, &caller, "held.park", audit::SUCCESS, id)
        .details(json!({ "label": req.label.trim(), "lines": req.order.lines.len() }));
    let held = state.store.park_held(id, &req, device, now, &entry).await?;
    Ok(axum::Json(held))
}

/// The store's parked orders (not claimed, closed or expired), oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/held-orders",
    tag = "held-orders",
    responses(
        (status = 200, description = "Parked orders", body = HeldOrderList),
        (status = 403, description = "`device_required`: no till named by the credentials", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    _till: AtTill,
) -> Result<axum::Json<HeldOrderList>, ApiError> {
    let cutoff = state
        .store
        .till_settings()
        .await?
        .expiry_cutoff(state.clock.now());
    Ok(axum::Json(HeldOrderList {
        orders: state.store.list_held(cutoff).await?,
    }))
}

/// Take a parked order to this till. One till at a time: a claim of an order another till holds is refused
/// naming that till. Claiming an order this till already holds answers it again.
#[utoipa::path(
    post,
    path = "/api/v1/held-orders/{id}/claim",
    tag = "held-orders",
    params(("id" = Uuid, Path, description = "The held order's id")),
    responses(
        (status = 200, description = "Held by this till now", body = HeldOrder),
        (status = 400, description = "`invalid_path`: the id is not a UUID", body = ErrorBody),
        (status = 403, description = "`device_required`: no till named by the credentials", body = ErrorBody),
        (status = 404, description = "`not_found`: no held order with this id", body = ErrorBody),
        (status = 409, description = "`held_elsewhere` (names the till holding it), `held_order_closed`, \
`held_order_expired`", body = ErrorBody),
    )
)]
pub async fn claim(
    State(state): State<AppState>,
    caller: Caller,
    AtTill(device): AtTill,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<HeldOrder>, ApiError> {
    let now = state.clock.now();
    let cutoff = state.store.till_settings().await?.expiry_cutoff(now);
    let done = entry(&state, &caller, "held.claim", audit::SUCCESS, id);
    let denied = entry(&state, &caller, "held.claim", audit::DENIED, id);
    let entries = HeldAudit {
        done: &done,
        refused: &denied,
    };
    outcome(
        state
            .store
            .claim_held(id, device, cutoff, now, entries)
            .await?,
    )
}

/// Close an order this till holds (or parked, unclaimed) once it is paid or discarded. Closing it again
/// answers it again.
#[utoipa::path(
    post,
    path = "/api/v1/held-orders/{id}/close",
    tag = "held-orders",
    params(("id" = Uuid, Path, description = "The held order's id")),
    request_body = CloseRequest,
    responses(
        (status = 200, description = "Closed", body = HeldOrder),
        (status = 400, description = "`invalid_path`: the id is not a UUID", body = ErrorBody),
        (status = 403, description = "`device_required`: no till named by the credentials", body = ErrorBody),
        (status = 404, description = "`not_found`: no held order with this id", body = ErrorBody),
        (status = 409, description = "`held_elsewhere`, `held_order_expired`, `held_order_not_held`", body = ErrorBody),
    )
)]
pub async fn close(
    State(state): State<AppState>,
    caller: Caller,
    AtTill(device): AtTill,
    Path(id): Path<Uuid>,
    Json(req): Json<CloseRequest>,
) -> Result<axum::Json<HeldOrder>, ApiError> {
    let now = state.clock.now();
    let details = json!({ "reason": req.reason });
    let done = entry(&state, &caller, "held.close", audit::SUCCESS, id).details(details.clone());
    let denied = entry(&state, &caller, "held.close", audit::DENIED, id).details(details);
    let entries = HeldAudit {
        done: &done,
        refused: &denied,
    };
    outcome(state.store.close_held(id, device, now, entries).await?)
}

/// Set the tills' settings: the idle-lock delay and how long parked orders are kept. Tills pull them.
#[utoipa::path(
    put,
    path = "/api/v1/settings/till",
    tag = "held-orders",
    request_body = TillSettings,
    responses(
        (status = 200, description = "Stored; tills get them on their next pull", body = TillSettings),
        (status = 422, description = "`invalid_body`: a lock delay outside 1–3600 s or an expiry above 720 h", body = ErrorBody),
    )
)]
pub async fn put_settings(
    State(state): State<AppState>,
    caller: Caller,
    Json(settings): Json<TillSettings>,
) -> Result<axum::Json<TillSettings>, ApiError> {
    settings.check().map_err(|e| invalid(e.to_string()))?;
    let entry = audit::entry(
        state.clock.now(),
        caller.actor(),
        "settings.till",
        audit::SUCCESS,
    )
    .device(caller.device_id())
    .details(json!(settings));
    state.store.put_till_settings(&settings, &entry).await?;
    Ok(axum::Json(settings))
}
