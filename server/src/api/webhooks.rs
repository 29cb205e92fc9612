//! Webhook endpoints (permission `webhooks`): list, add (the `whsec_` secret is shown once), read, change
//! (URL, event types, enabled), delete, rotate the secret (the previous one keeps signing for
//! [`ROTATION_OVERLAP_HOURS`]), send a test event, the delivery log, and replay of one event or a time range.
//! A URL that is not http(s), or whose host is internal and not allow-listed, and an unknown event type are
//! 422 `invalid_field`. Every write is audited (`webhook.endpoint.create`, `.update`, `.delete`,
//! `.rotate_secret`, `.test`, `.replay`). Also the list of event types.

use crate::auth::audit::{self, AuditExt};
use crate::auth::{AuthError, Caller};
use crate::error::ApiError;
use crate::events::payload::WebhookTest;
use crate::events::signing::new_secret;
use crate::events::ssrf::{check_url, AllowList};
use crate::events::EventType;
use crate::extract::{Json, Path, Query};
use crate::state::AppState;
use crate::store::auth::NewAudit;
use crate::store::events::event;
use crate::store::StoreError;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::json;
use shared::api::ErrorBody;
use shared::catalog::validate::{FieldError, Problem};
use shared::webhooks::{
    DeliveryPage, Endpoint, EndpointChange, EndpointSecret, NewEndpoint, ReplayRequest,
    ReplayResult, TestEvent,
};
use utoipa::IntoParams;
use uuid::Uuid;

/// After a rotation, deliveries are signed with the previous secret too for this long.
pub const ROTATION_OVERLAP_HOURS: i64 = 24;
/// The longest URL and description.
const MAX_URL: usize = 2048;
const MAX_DESCRIPTION: usize = 200;

fn entry(state: &AppState, caller: &Caller, action: &str, target: impl ToString) -> NewAudit {
    audit::entry(state.clock.now(), caller.actor(), action, audit::SUCCESS)
        .device(caller.device_id())
        .target(target)
}

fn invalid(field: &str, problem: Problem) -> FieldError {
    FieldError::new(field, problem)
}

/// The rules of an endpoint's URL, description and event types.
fn check(
    allow: &AllowList,
    url: Option<&str>,
    description: Option<&str>,
    types: Option<&[String]>,
) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    if let Some(url) = url {
        if url.len() > MAX_URL {
            errors.push(invalid("url", Problem::TooLong(MAX_URL)));
        } else if let Err(e) = check_url(url, allow) {
            errors.push(invalid(
                "url",
                Problem::Expected(match e {
                    crate::events::ssrf::SsrfError::BadUrl => "an absolute http:// or https:// URL",
                    crate::events::ssrf::SsrfError::Internal(_) => {
                        "a public address (internal, loopback, link-local and metadata addresses are \
                         refused unless allow-listed)"
                    }
                }),
            ));
        }
    }
    if description.is_some_and(|d| d.chars().count() > MAX_DESCRIPTION) {
        errors.push(invalid("description", Problem::TooLong(MAX_DESCRIPTION)));
    }
    if let Some(types) = types {
        if types.is_empty() {
            errors.push(invalid("event_types", Problem::Empty));
        }
        for (i, t) in types.iter().enumerate() {
            let known =
                t == "*" || EventType::parse(t).is_some_and(|t| t != EventType::WebhookTest);
            if !known {
                errors.push(invalid(
                    &format!("event_types[{i}]"),
                    Problem::Unknown(t.clone()),
                ));
            } else if types[..i].contains(t) {
                errors.push(invalid(
                    &format!("event_types[{i}]"),
                    Problem::Duplicate(t.clone()),
                ));
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Store(StoreError::Invalid(errors)))
    }
}

fn allow_list(state: &AppState) -> AllowList {
    AllowList::new(&state.config.webhook_allow_hosts)
}

fn secret() -> Result<String, ApiError> {
    new_secret().map_err(|e| ApiError::Auth(AuthError::Crypto(e.to_string())))
}

fn no_endpoint(id: Uuid) -> ApiError {
    ApiError::NotFound(format!("no webhook endpoint {id}"))
}

/// The event types an endpoint may subscribe to (`*`: all of them).
#[utoipa::path(
    get,
    path = "/api/v1/webhooks/event-types",
    tag = "webhooks",
    responses((status = 200, description = "Every event type's name", body = Vec<String>))
)]
pub async fn event_types() -> axum::Json<Vec<String>> {
    axum::Json(
        EventType::ALL
            .iter()
            .filter(|t| **t != EventType::WebhookTest)
            .map(|t| t.as_str().to_owned())
            .collect(),
    )
}

/// Every webhook endpoint, oldest first (secrets are not shown).
#[utoipa::path(
    get,
    path = "/api/v1/webhooks/endpoints",
    tag = "webhooks",
    responses((status = 200, description = "The endpoints", body = Vec<Endpoint>))
)]
pub async fn list(State(state): State<AppState>) -> Result<axum::Json<Vec<Endpoint>>, ApiError> {
    Ok(axum::Json(state.store.webhook_endpoints().await?))
}

/// Add an endpoint (enabled); the answer holds its signing secret, shown this once.
#[utoipa::path(
    post,
    path = "/api/v1/webhooks/endpoints",
    tag = "webhooks",
    request_body = NewEndpoint,
    responses(
        (status = 201, description = "Added, with its secret", body = EndpointSecret),
        (status = 422, description = "`invalid_field`: a bad or internal URL, an unknown event type; `field` \
names it", body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Json(new): Json<NewEndpoint>,
) -> Result<(StatusCode, axum::Json<EndpointSecret>), ApiError> {
    check(
        &allow_list(&state),
        Some(&new.url),
        Some(&new.description),
        Some(&new.event_types),
    )?;
    let id = Uuid::now_v7();
    let secret = secret()?;
    let entry = entry(&state, &caller, "webhook.endpoint.create", id)
        .details(json!({ "url": new.url, "event_types": new.event_types }));
    let endpoint = state
        .store
        .create_webhook_endpoint(id, &new, &secret, state.clock.now(), &entry)
        .await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(EndpointSecret { endpoint, secret }),
    ))
}

/// One endpoint.
#[utoipa::path(
    get,
    path = "/api/v1/webhooks/endpoints/{id}",
    tag = "webhooks",
    params(("id" = Uuid, Path, description = "The endpoint's id")),
    responses(
        (status = 200, description = "The endpoint", body = Endpoint),
        (status = 404, description = "`not_found`", body = ErrorBody),
    )
)]
pub async fn one(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<Endpoint>, ApiError> {
    state
        .store
        .webhook_endpoint(id)
        .await?
        .map(axum::Json)
        .ok_or_else(|| no_endpoint(id))
}

/// Change an endpoint's URL, description, event types or enabled flag (what is given).
#[utoipa::path(
    patch,
    path = "/api/v1/webhooks/endpoints/{id}",
    tag = "webhooks",
    params(("id" = Uuid, Path, description = "The endpoint's id")),
    request_body = EndpointChange,
    responses(
        (status = 200, description = "Changed", body = Endpoint),
        (status = 404, description = "`not_found`", body = ErrorBody),
        (status = 422, description = "`invalid_field`", body = ErrorBody),
    )
)]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
    Json(change): Json<EndpointChange>,
) -> Result<axum::Json<Endpoint>, ApiError> {
    check(
        &allow_list(&state),
        change.url.as_deref(),
        change.description.as_deref(),
        change.event_types.as_deref(),
    )?;
    let entry = entry(&state, &caller, "webhook.endpoint.update", id).details(json!({
        "url": change.url, "event_types": change.event_types, "enabled": change.enabled
    }));
    let endpoint = state
        .store
        .update_webhook_endpoint(id, &change, state.clock.now(), &entry)
        .await?
        .ok_or_else(|| no_endpoint(id))?;
    state.webhooks.notify_one();
    Ok(axum::Json(endpoint))
}

/// Delete an endpoint with its delivery log.
#[utoipa::path(
    delete,
    path = "/api/v1/webhooks/endpoints/{id}",
    tag = "webhooks",
    params(("id" = Uuid, Path, description = "The endpoint's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "`not_found`", body = ErrorBody),
    )
)]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    let entry = entry(&state, &caller, "webhook.endpoint.delete", id);
    if state.store.delete_webhook_endpoint(id, &entry).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(no_endpoint(id))
    }
}

/// A new signing secret (shown this once); deliveries carry a signature with the previous secret as well for
/// 24 hours, so the receiver can switch without losing any.
#[utoipa::path(
    post,
    path = "/api/v1/webhooks/endpoints/{id}/rotate-secret",
    tag = "webhooks",
    params(("id" = Uuid, Path, description = "The endpoint's id")),
    responses(
        (status = 200, description = "The new secret", body = EndpointSecret),
        (status = 404, description = "`not_found`", body = ErrorBody),
    )
)]
pub async fn rotate(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<EndpointSecret>, ApiError> {
    let secret = secret()?;
    let now = state.clock.now();
    let until = now + chrono::Duration::hours(ROTATION_OVERLAP_HOURS);
    let entry = entry(&state, &caller, "webhook.endpoint.rotate_secret", id)
        .details(json!({ "previous_valid_until": until }));
    let endpoint = state
        .store
        .rotate_webhook_secret(id, &secret, until, now, &entry)
        .await?
        .ok_or_else(|| no_endpoint(id))?;
    Ok(axum::Json(EndpointSecret { endpoint, secret }))
}

/// Queue a `webhook.test` event for this endpoint only (delivered while the endpoint is enabled).
#[utoipa::path(
    post,
    path = "/api/v1/webhooks/endpoints/{id}/test",
    tag = "webhooks",
    params(("id" = Uuid, Path, description = "The endpoint's id")),
    responses(
        (status = 202, description = "Queued; its delivery shows in the log", body = TestEvent),
        (status = 404, description = "`not_found`", body = ErrorBody),
    )
)]
pub async fn test(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<(StatusCode, axum::Json<TestEvent>), ApiError> {
    let now = state.clock.now();
    let payload = WebhookTest {
        endpoint_id: id,
        sent_at: now,
    };
    // Each test event is a resource of its own (two tests in one instant are two events).
    let ev = event(
        EventType::WebhookTest,
        format!("{id}/{}", Uuid::now_v7()),
        1,
        &payload,
        now,
    )?;
    let entry =
        entry(&state, &caller, "webhook.endpoint.test", id).details(json!({ "event_id": ev.id }));
    if !state.store.send_test_event(id, &ev, &entry).await? {
        return Err(no_endpoint(id));
    }
    state.webhooks.notify_one();
    Ok((
        StatusCode::ACCEPTED,
        axum::Json(TestEvent { event_id: ev.id }),
    ))
}

/// Paging of the delivery log.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LogQuery {
    /// Deliveries with ids below this (the previous page's `next_before`).
    pub before: Option<i64>,
    /// Page size (default 100, at most 1000).
    pub limit: Option<u32>,
}

/// An endpoint's deliveries, newest first: state, attempts, last status, latency and answer excerpt.
#[utoipa::path(
    get,
    path = "/api/v1/webhooks/endpoints/{id}/deliveries",
    tag = "webhooks",
    params(("id" = Uuid, Path, description = "The endpoint's id"), LogQuery),
    responses(
        (status = 200, description = "A page of the log", body = DeliveryPage),
        (status = 400, description = "`invalid_query`", body = ErrorBody),
        (status = 404, description = "`not_found`", body = ErrorBody),
    )
)]
pub async fn deliveries(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    Query(q): Query<LogQuery>,
) -> Result<axum::Json<DeliveryPage>, ApiError> {
    let limit = super::page_limit(q.limit, super::DEFAULT_PAGE, super::MAX_PAGE)?;
    if state.store.webhook_endpoint(id).await?.is_none() {
        return Err(no_endpoint(id));
    }
    Ok(axum::Json(
        state.store.webhook_deliveries(id, q.before, limit).await?,
    ))
}

/// Send again to this endpoint one event (`event_id`), or every event of its types written from `since`
/// (default: the beginning) until `until` (default: now). Deliveries still pending are left as they are.
#[utoipa::path(
    post,
    path = "/api/v1/webhooks/endpoints/{id}/replay",
    tag = "webhooks",
    params(("id" = Uuid, Path, description = "The endpoint's id")),
    request_body = ReplayRequest,
    responses(
        (status = 200, description = "How many deliveries were queued", body = ReplayResult),
        (status = 404, description = "`not_found`", body = ErrorBody),
        (status = 422, description = "`invalid_field`: both an event and a range, or `since` after `until`", body = ErrorBody),
    )
)]
pub async fn replay(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
    Json(req): Json<ReplayRequest>,
) -> Result<axum::Json<ReplayResult>, ApiError> {
    if req.event_id.is_some() && (req.since.is_some() || req.until.is_some()) {
        return Err(ApiError::Store(StoreError::Invalid(vec![invalid(
            "event_id",
            Problem::Expected("either an event or a time range, not both"),
        )])));
    }
    if let (Some(since), Some(until)) = (req.since, req.until) {
        if since > until {
            return Err(ApiError::Store(StoreError::Invalid(vec![invalid(
                "since",
                Problem::Expected("a time before `until`"),
            )])));
        }
    }
    let entry = entry(&state, &caller, "webhook.endpoint.replay", id).details(json!({
        "event_id": req.event_id, "since": req.since, "until": req.until
    }));
    let queued = state
        .store
        .replay_deliveries(id, &req, state.clock.now(), &entry)
        .await?
        .ok_or_else(|| no_endpoint(id))?;
    state.webhooks.notify_one();
    Ok(axum::Json(ReplayResult { queued }))
}
