//! The one adapter from domain, storage and request errors to HTTP answers with an `ErrorBody`: RFC 9457
//! problem details (`application/problem+json`) carrying the machine code.

use crate::auth::AuthError;
use crate::push::PushRejection;
use crate::store::StoreError;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::header::{CONTENT_TYPE, RETRY_AFTER, WWW_AUTHENTICATE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use shared::api::ErrorBody;
use thiserror::Error;

/// Everything an API handler can fail with.
#[derive(Debug, Error)]
pub enum ApiError {
    #[error(transparent)]
    Push(#[from] PushRejection),
    #[error(transparent)]
    Store(StoreError),
    #[error(transparent)]
    Auth(AuthError),
    /// The request itself is malformed (body, query, path): answered with the given status and code.
    #[error("{message}")]
    Request {
        status: StatusCode,
        code: &'static str,
        message: String,
    },
    #[error("{0}")]
    NotFound(String),
    #[error("method not allowed")]
    MethodNotAllowed,
    /// A state-changing API request from a page of another origin (cross-site request forgery defence).
    #[error("requests from origin {0} are not allowed")]
    ForbiddenOrigin(String),
    /// The client sent more requests than its rate limit allows; it may retry after this many seconds.
    #[error("too many requests; retry after {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    /// The server cannot serve requests yet (database unreachable or schema not up to date).
    #[error("not ready: {0}")]
    NotReady(String),
}

impl ApiError {
    /// 415 for a state-changing request without `Content-Type: application/json`.
    pub fn not_json() -> Self {
        ApiError::Request {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            code: "unsupported_media_type",
            message: "state-changing API requests must send Content-Type: application/json (text/csv for the catalog import)"
                .into(),
        }
    }

    /// 413 for a body larger than `limit` bytes.
    pub fn too_large(limit: usize) -> Self {
        ApiError::Request {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            code: "payload_too_large",
            message: format!("the request body is larger than the {limit} bytes allowed here"),
        }
    }

    pub fn bad_query(message: impl Into<String>) -> Self {
        ApiError::Request {
            status: StatusCode::BAD_REQUEST,
            code: "invalid_query",
            message: message.into(),
        }
    }

    fn status_and_body(&self) -> (StatusCode, ErrorBody) {
        match self {
            ApiError::Push(rejection) => push_rejection(rejection),
            ApiError::Store(StoreError::Rejected(rejection)) => push_rejection(rejection),
            ApiError::Store(e @ StoreError::Conflict(_)) => {
                problem(StatusCode::CONFLICT, ("conflict", e.to_string()))
            }
            ApiError::Store(e @ StoreError::Invalid(errors)) => {
                let (status, mut answer) = problem(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    ("invalid_field", e.to_string()),
                );
                answer.field = errors.first().map(|f| f.field.clone());
                (status, answer)
            }
            ApiError::Store(e @ StoreError::StaleVersion { .. }) => {
                problem(StatusCode::CONFLICT, ("stale_version", e.to_string()))
            }
            ApiError::Store(StoreError::Refused {
                code,
                field,
                message,
            }) => {
                let (status, mut answer) =
                    problem(StatusCode::UNPROCESSABLE_ENTITY, (code, message.clone()));
                answer.field = field.clone();
                (status, answer)
            }
            ApiError::Store(e @ StoreError::Missing { .. }) => {
                problem(StatusCode::NOT_FOUND, ("not_found", e.to_string()))
            }
            ApiError::Auth(e) => auth_error(e),
            ApiError::Store(e) => {
                tracing::error!(error = %e, "storage failure");
                internal()
            }
            ApiError::Request {
                status,
                code,
                message,
            } => problem(*status, (code, message.clone())),
            ApiError::NotFound(what) => problem(StatusCode::NOT_FOUND, ("not_found", what.clone())),
            ApiError::MethodNotAllowed => problem(
                StatusCode::METHOD_NOT_ALLOWED,
                (
                    "method_not_allowed",
                    "this method is not allowed here; see the Allow header".into(),
                ),
            ),
            ApiError::ForbiddenOrigin(origin) => problem(
                StatusCode::FORBIDDEN,
                (
                    "forbidden_origin",
                    format!("state-changing requests from origin {origin} are not allowed"),
                ),
            ),
            ApiError::RateLimited { retry_after_secs } => problem(
                StatusCode::TOO_MANY_REQUESTS,
                (
                    "rate_limited",
                    format!("too many requests; retry after {retry_after_secs} s"),
                ),
            ),
            ApiError::NotReady(reason) => problem(
                StatusCode::SERVICE_UNAVAILABLE,
                ("not_ready", format!("the server is not ready: {reason}")),
            ),
        }
    }
}

/// The media type of every error answer (RFC 9457).
pub const PROBLEM_JSON: &str = "application/problem+json";

/// A problem-details body with `status`, its reason phrase as the title, the machine code and the detail.
pub fn problem(status: StatusCode, (code, detail): (&str, String)) -> (StatusCode, ErrorBody) {
    let title = status.canonical_reason().unwrap_or("Error");
    (status, ErrorBody::new(status.as_u16(), title, code, detail))
}

fn internal() -> (StatusCode, ErrorBody) {
    problem(
        StatusCode::INTERNAL_SERVER_ERROR,
        (
            "internal",
            "the server could not complete the request; it has been logged".into(),
        ),
    )
}

fn auth_error(e: &AuthError) -> (StatusCode, ErrorBody) {
    let (status, code) = match e {
        AuthError::Store(StoreError::Rejected(r)) => return push_rejection(r),
        AuthError::Store(e) => {
            tracing::error!(error = %e, "storage failure");
            return internal();
        }
        AuthError::Crypto(e) => {
            tracing::error!(error = %e, "cryptography failure");
            return internal();
        }
        AuthError::Unauthenticated(_) => (StatusCode::UNAUTHORIZED, "unauthenticated"),
        AuthError::InvalidToken => (StatusCode::UNAUTHORIZED, "invalid_token"),
        AuthError::SessionExpired => (StatusCode::UNAUTHORIZED, "session_expired"),
        AuthError::InvalidDeviceToken => (StatusCode::UNAUTHORIZED, "invalid_device_token"),
        AuthError::DeviceRevoked => (StatusCode::UNAUTHORIZED, "device_revoked"),
        AuthError::InvalidCredentials => (StatusCode::UNAUTHORIZED, "invalid_credentials"),
        AuthError::InvalidPin => (StatusCode::UNAUTHORIZED, "invalid_pin"),
        AuthError::Locked { .. } => (StatusCode::LOCKED, "locked"),
        AuthError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
        AuthError::NotPermitted(_) => (StatusCode::FORBIDDEN, "not_permitted"),
        AuthError::DeviceMismatch(_) => (StatusCode::FORBIDDEN, "device_mismatch"),
        AuthError::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_body"),
        AuthError::Taken { code, .. } => (StatusCode::CONFLICT, *code),
        AuthError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
    };
    problem(status, (code, e.to_string()))
}

fn push_rejection(rejection: &PushRejection) -> (StatusCode, ErrorBody) {
    let (status, code, expected_seq) = match rejection {
        PushRejection::TooManyMutations { .. } => {
            (StatusCode::PAYLOAD_TOO_LARGE, "too_many_mutations", None)
        }
        PushRejection::MutationConflict { .. } => (StatusCode::CONFLICT, "mutation_conflict", None),
        PushRejection::SequenceGap { expected, .. } => {
            (StatusCode::CONFLICT, "sequence_gap", Some(*expected))
        }
        PushRejection::InvalidSale { .. } => {
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_sale", None)
        }
        PushRejection::InvalidRefund { .. } => {
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_refund", None)
        }
        PushRejection::InvalidVoid { .. } => {
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_void", None)
        }
        PushRejection::InvalidExchange { .. } => {
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_exchange", None)
        }
        PushRejection::InvalidCashMovement { .. } => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_cash_movement",
            None,
        ),
        PushRejection::InvalidUnreceiptedReturn { .. } => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_unreceipted_return",
            None,
        ),
        PushRejection::InvalidCustomer { .. } => {
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_customer", None)
        }
        PushRejection::UnknownSale { .. } => {
            (StatusCode::UNPROCESSABLE_ENTITY, "unknown_sale", None)
        }
        PushRejection::CardNumberInPayload { .. } => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "card_number_in_payload",
            None,
        ),
    };
    let (status, mut body) = problem(status, (code, rejection.to_string()));
    body.expected_seq = expected_seq;
    (status, body)
}

impl From<AuthError> for ApiError {
    fn from(e: AuthError) -> Self {
        match e {
            AuthError::Store(s) => s.into(),
            other => ApiError::Auth(other),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Rejected(r) => ApiError::Push(r),
            StoreError::NotReady(reason) => ApiError::NotReady(reason),
            other => ApiError::Store(other),
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        let status = r.status();
        let code = match status {
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
            StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
            _ => "invalid_body",
        };
        ApiError::Request {
            status,
            code,
            message: r.body_text(),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(r: QueryRejection) -> Self {
        ApiError::Request {
            status: StatusCode::BAD_REQUEST,
            code: "invalid_query",
            message: r.body_text(),
        }
    }
}

impl From<PathRejection> for ApiError {
    fn from(r: PathRejection) -> Self {
        ApiError::Request {
            status: StatusCode::BAD_REQUEST,
            code: "invalid_path",
            message: r.body_text(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body) = self.status_and_body();
        let mut res = (status, Json(body)).into_response();
        res.headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        match self {
            ApiError::RateLimited { retry_after_secs }
            | ApiError::Auth(AuthError::Locked { retry_after_secs }) => {
                res.headers_mut()
                    .insert(RETRY_AFTER, HeaderValue::from(retry_after_secs));
            }
            ApiError::Auth(AuthError::InvalidToken | AuthError::SessionExpired) => {
                res.headers_mut().insert(
                    WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer error=\"invalid_token\""),
                );
            }
            _ if status == StatusCode::UNAUTHORIZED => {
                res.headers_mut()
                    .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            _ => {}
        }
        res
    }
}

/// Answer for a known API path called with a method it does not support (axum adds the `Allow` header).
pub async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

/// Answer for any path under `/api` that has no route.
pub async fn api_not_found() -> ApiError {
    ApiError::NotFound("no such API route".into())
}
