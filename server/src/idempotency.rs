//! `Idempotency-Key` on every POST and PATCH that takes credentials: the first answer to a key is stored (at
//! least [`KEEP`]) and replayed, marked `Idempotency-Replayed: true`, to any later request of the same caller
//! with the same key, method, path and body; the same key with another request is 422
//! `idempotency_key_reused`; a duplicate while the first still runs is 409 `idempotency_in_flight`. An answer of
//! 5xx is not kept (a retry runs again). Public routes (the password sign-in) ignore the header: their answers
//! hold credentials that are never stored in plain text.
//!
//! One route layer, inside the auth guard (it needs the caller) and the CSRF guard, so every POST and PATCH
//! route gets it by construction; the OpenAPI document lists the header on each of them (`openapi.rs`).
//! Keys live in the store (`store/idempotency.rs`, migration 0013): several instances share them.

use crate::auth::Caller;
use crate::body_limit::BodyLimits;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::idempotency::{Begun, KeyedRequest, StoredAnswer};
use crate::store::StoreError;
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::time::Duration;

/// The request header.
pub const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
/// Set on a replayed answer.
pub const REPLAYED: HeaderName = HeaderName::from_static("idempotency-replayed");
/// How long a key's first answer is kept and replayed.
pub const KEEP: Duration = Duration::from_secs(24 * 60 * 60);
/// A first request still unfinished after this long is taken as lost (its server stopped): the key is free.
pub const STALE_IN_FLIGHT: Duration = Duration::from_secs(10 * 60);
/// Longest key.
pub const MAX_KEY_LEN: usize = 255;

/// Whether requests with this method take a key.
pub fn takes_key(method: &Method) -> bool {
    *method == Method::POST || *method == Method::PATCH
}

/// State of the layer: the store and clock, and each route's body limit (the body is read here to hash it).
#[derive(Clone)]
pub struct Idempotency {
    state: AppState,
    limits: BodyLimits,
}

impl Idempotency {
    pub fn new(state: AppState, limits: BodyLimits) -> Self {
        Idempotency { state, limits }
    }
}

/// A key: 1 to [`MAX_KEY_LEN`] visible ASCII characters.
fn valid_key(value: &HeaderValue) -> Option<String> {
    let text = value.to_str().ok()?;
    let ok =
        !text.is_empty() && text.len() <= MAX_KEY_LEN && text.bytes().all(|b| b.is_ascii_graphic());
    ok.then(|| text.to_owned())
}

/// Who a key belongs to: the staff member, API key or device, and the till a staff member is at.
fn principal(caller: &Caller) -> Option<String> {
    let who = if let Some(s) = &caller.staff {
        format!("staff:{}", s.staff.id)
    } else if let Some(k) = &caller.api_key {
        format!("api_key:{}", k.id)
    } else if let Some(d) = &caller.device {
        return Some(format!("device:{}", d.id));
    } else {
        return None;
    };
    Some(match caller.device_id() {
        Some(device) => format!("{who}@{device}"),
        None => who,
    })
}

fn refusal(status: StatusCode, code: &'static str, message: &str) -> Response {
    ApiError::Request {
        status,
        code,
        message: message.to_owned(),
    }
    .into_response()
}

/// The route layer (see the module documentation).
pub async fn layer(State(idem): State<Idempotency>, req: Request, next: Next) -> Response {
    if !takes_key(req.method()) {
        return next.run(req).await;
    }
    let Some(value) = req.headers().get(&IDEMPOTENCY_KEY) else {
        return next.run(req).await;
    };
    let Some(key) = valid_key(value) else {
        return refusal(
            StatusCode::BAD_REQUEST,
            "invalid_idempotency_key",
            "an Idempotency-Key is 1 to 255 visible ASCII characters",
        );
    };
    let Some(principal) = req.extensions().get::<Caller>().and_then(principal) else {
        return next.run(req).await;
    };
    let (parts, body) = req.into_parts();
    let limit = idem.limits.limit_for(&parts.method, parts.uri.path());
    let Ok(bytes) = to_bytes(body, limit).await else {
        return ApiError::too_large(limit).into_response();
    };
    let keyed = KeyedRequest {
        principal,
        key,
        request: format!(
            "{} {}",
            parts.method,
            parts
                .uri
                .path_and_query()
                .map_or(parts.uri.path(), |p| p.as_str())
        ),
        body_hash: hex::encode(Sha256::digest(&bytes)),
    };
    let state = &idem.state;
    let now = state.clock.now();
    let ago = |d: Duration| now - chrono::Duration::from_std(d).unwrap_or(chrono::Duration::zero());
    let begun = state
        .store
        .idempotency_begin(&keyed, now, ago(KEEP), ago(STALE_IN_FLIGHT))
        .await;
    match begun {
        Err(e) => ApiError::from(e).into_response(),
        Ok(Begun::Mismatch) => refusal(
            StatusCode::UNPROCESSABLE_ENTITY,
            "idempotency_key_reused",
            "this Idempotency-Key was used for another request (method, path or body)",
        ),
        Ok(Begun::InFlight) => refusal(
            StatusCode::CONFLICT,
            "idempotency_in_flight",
            "the first request with this Idempotency-Key is still running; retry later",
        ),
        Ok(Begun::Done(answer)) => replay(answer),
        Ok(Begun::Started) => {
            let req = Request::from_parts(parts, Body::from(bytes));
            // Run to the end even when the client goes away, so the key is never left in flight.
            let task_state = state.clone();
            let task_keyed = keyed.clone();
            let run = tokio::spawn(async move {
                let res = next.run(req).await;
                keep(&task_state, &task_keyed, res).await
            });
            match run.await {
                Ok(res) => res,
                Err(e) => {
                    tracing::error!(error = %e, "a request with an Idempotency-Key failed");
                    let _ = state
                        .store
                        .idempotency_abandon(&keyed.principal, &keyed.key)
                        .await;
                    refusal(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "internal",
                        "the server could not complete the request; it has been logged",
                    )
                }
            }
        }
    }
}

/// Store the answer of a started request (a 5xx frees the key instead), and give it back.
async fn keep(state: &AppState, keyed: &KeyedRequest, res: Response) -> Response {
    let store = &state.store;
    if res.status().is_server_error() {
        if let Err(e) = store
            .idempotency_abandon(&keyed.principal, &keyed.key)
            .await
        {
            tracing::warn!(error = %e, "freeing an idempotency key failed");
        }
        return res;
    }
    let (parts, body) = res.into_parts();
    let bytes = match to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(error = %e, "reading an answer to keep failed");
            let _ = store
                .idempotency_abandon(&keyed.principal, &keyed.key)
                .await;
            return refusal(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "the server could not complete the request; it has been logged",
            );
        }
    };
    let answer = StoredAnswer {
        status: parts.status.as_u16(),
        headers: parts
            .headers
            .iter()
            .filter_map(|(n, v)| Some((n.as_str().to_owned(), v.to_str().ok()?.to_owned())))
            .collect(),
        body: STANDARD.encode(&bytes),
    };
    if let Err(e) = store
        .idempotency_finish(&keyed.principal, &keyed.key, &answer)
        .await
    {
        tracing::warn!(error = %e, "keeping an idempotent answer failed");
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// A stored answer, again.
fn replay(answer: StoredAnswer) -> Response {
    let body = STANDARD.decode(answer.body.as_bytes()).unwrap_or_default();
    let mut res = Response::new(Body::from(body));
    *res.status_mut() = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    for (name, value) in answer.headers {
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&value),
        ) {
            res.headers_mut().append(n, v);
        }
    }
    res.headers_mut()
        .insert(REPLAYED, HeaderValue::from_static("true"));
    res
}

/// Delete the keys older than [`KEEP`] on the state's clock; answers how many.
pub async fn sweep(state: &AppState) -> Result<u64, StoreError> {
    let keep = chrono::Duration::from_std(KEEP).unwrap_or(chrono::Duration::zero());
    state
        .store
        .idempotency_sweep(state.clock.now() - keep)
        .await
}

/// How often the server sweeps.
pub const SWEEP_EVERY: Duration = Duration::from_secs(60 * 60);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_visible_ascii_up_to_255() {
        let key = |s: &str| valid_key(&HeaderValue::from_str(s).expect("header"));
        assert!(key("order-42").is_some());
        assert!(key(&"k".repeat(MAX_KEY_LEN)).is_some());
        assert!(key(&"k".repeat(MAX_KEY_LEN + 1)).is_none());
        assert!(key("").is_none());
        assert!(key("a b").is_none());
    }

    #[test]
    fn only_post_and_patch_take_keys() {
        assert!(takes_key(&Method::POST) && takes_key(&Method::PATCH));
        assert!(
            !takes_key(&Method::PUT) && !takes_key(&Method::DELETE) && !takes_key(&Method::GET)
        );
    }
}
