//! JSON over fetch with a timeout: a network failure, an error status and an unreadable body are told apart.
//!
//! Credentials: the enrolled terminal's device token lives here (set at start and on enrollment) and goes
//! out as `X-Device-Token` with every request that asks for `Creds::Device`; a staff session token goes out as
//! `Authorization: Bearer` where the caller passes one.

use crate::error::AppError;
use gloo_net::http::{Request, RequestBuilder};
use leptos::prelude::set_timeout_with_handle;
use serde::de::DeserializeOwned;
use serde::Serialize;
use shared::api::ErrorBody;
use std::cell::RefCell;
use std::time::Duration;
use web_sys::{AbortController, RequestCache};

/// A request with no answer after this long counts as a network failure (and is retried).
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// The header carrying the terminal's device token.
pub const DEVICE_TOKEN_HEADER: &str = "X-Device-Token";

thread_local! {
    static DEVICE_TOKEN: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The device token this terminal got when it was enrolled (`None`: not enrolled).
pub fn set_device_token(token: Option<String>) {
    DEVICE_TOKEN.with(|t| *t.borrow_mut() = token);
}

pub fn has_device_token() -> bool {
    DEVICE_TOKEN.with(|t| t.borrow().is_some())
}

/// Which credentials a request carries.
#[derive(Clone, Copy, Debug)]
pub enum Creds<'a> {
    /// Nothing (sign-in with email and password).
    Anonymous,
    /// The device token, when the terminal has one.
    Device,
    /// A staff session token only (enrolling a terminal with a manager's session).
    Staff(&'a str),
    /// The device token and a staff session token.
    DeviceAndStaff(&'a str),
}

impl Creds<'_> {
    fn apply(self, builder: RequestBuilder) -> RequestBuilder {
        let (device, bearer) = match self {
            Creds::Anonymous => (false, None),
            Creds::Device => (true, None),
            Creds::Staff(t) => (false, Some(t)),
            Creds::DeviceAndStaff(t) => (true, Some(t)),
        };
        let mut builder = builder;
        if device {
            if let Some(token) = DEVICE_TOKEN.with(|t| t.borrow().clone()) {
                builder = builder.header(DEVICE_TOKEN_HEADER, &token);
            }
        }
        if let Some(token) = bearer {
            builder = builder.header("Authorization", &format!("Bearer {token}"));
        }
        builder
    }
}

/// GET with the device token.
pub async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, AppError> {
    get_json_as(url, Creds::Device).await
}

/// GET with the given credentials.
pub async fn get_json_as<T: DeserializeOwned>(url: &str, creds: Creds<'_>) -> Result<T, AppError> {
    let text = send(Request::get(url).cache(RequestCache::NoStore), None, creds).await?;
    parse(&text)
}

/// POST with the device token.
pub async fn post_json<B: Serialize, T: DeserializeOwned>(
    url: &str,
    body: &B,
) -> Result<T, AppError> {
    post_json_as(url, body, Creds::Device).await
}

/// POST with the given credentials.
pub async fn post_json_as<B: Serialize, T: DeserializeOwned>(
    url: &str,
    body: &B,
    creds: Creds<'_>,
) -> Result<T, AppError> {
    let body = serde_json::to_string(body).map_err(|e| AppError::Data(e.to_string()))?;
    let text = send(
        Request::post(url).cache(RequestCache::NoStore),
        Some(body),
        creds,
    )
    .await?;
    parse(&text)
}

/// POST whose success answer has no body worth reading (204).
pub async fn post_no_content<B: Serialize>(
    url: &str,
    body: &B,
    creds: Creds<'_>,
) -> Result<(), AppError> {
    let body = serde_json::to_string(body).map_err(|e| AppError::Data(e.to_string()))?;
    send(
        Request::post(url).cache(RequestCache::NoStore),
        Some(body),
        creds,
    )
    .await
    .map(drop)
}

/// The one way a response body becomes a value: `serde_json::from_str` on its text (as for stored records),
/// so each type has a single deserializer in the binary.
fn parse<T: DeserializeOwned>(text: &str) -> Result<T, AppError> {
    serde_json::from_str(text).map_err(|e| AppError::Data(e.to_string()))
}

/// Send `body` (JSON text) with `creds` and return the body text of a successful answer. Not generic, so the
/// request machinery is in the binary once, not once per response type.
async fn send(
    builder: RequestBuilder,
    body: Option<String>,
    creds: Creds<'_>,
) -> Result<String, AppError> {
    let controller =
        AbortController::new().map_err(|_| AppError::Browser("AbortController".into()))?;
    let builder = creds
        .apply(builder)
        .abort_signal(Some(&controller.signal()));
    let request = match body {
        Some(b) => builder
            .header("Content-Type", "application/json")
            .body(b)
            .map_err(|e| AppError::Data(e.to_string()))?,
        None => builder.build().map_err(|e| AppError::Data(e.to_string()))?,
    };
    let abort = controller.clone();
    let timer = set_timeout_with_handle(move || abort.abort(), TIMEOUT).ok();
    let result = exchange(request).await;
    if let Some(t) = timer {
        t.clear();
    }
    result
}

async fn exchange(request: Request) -> Result<String, AppError> {
    let response = request.send().await.map_err(network)?;
    // Read the text first: a body cut off on the way is a network failure, a complete but odd one is data.
    let status = response.status();
    let ok = response.ok();
    let retry_after_secs = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.trim().parse::<u64>().ok());
    let text = response.text().await.map_err(network)?;
    if ok {
        return Ok(text);
    }
    let body: Option<ErrorBody> = serde_json::from_str(&text).ok();
    Err(match body {
        Some(b) => AppError::Server {
            status,
            code: b.error,
            message: b.message,
            expected_seq: b.expected_seq,
            retry_after_secs,
        },
        None => AppError::Server {
            status,
            code: String::new(),
            message: text,
            expected_seq: None,
            retry_after_secs,
        },
    })
}

fn network(e: gloo_net::Error) -> AppError {
    AppError::Network(e.to_string())
}
