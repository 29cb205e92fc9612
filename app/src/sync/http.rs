//! JSON over fetch with a timeout: a network failure, an error status and an unreadable body are told apart.

use crate::error::AppError;
use gloo_net::http::{Request, RequestBuilder};
use leptos::prelude::set_timeout_with_handle;
use serde::de::DeserializeOwned;
use serde::Serialize;
use shared::api::ErrorBody;
use std::time::Duration;
use web_sys::{AbortController, RequestCache};

/// A request with no answer after this long counts as a network failure (and is retried).
pub const TIMEOUT: Duration = Duration::from_secs(20);

pub async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, AppError> {
    let text = send(Request::get(url).cache(RequestCache::NoStore), None).await?;
    parse(&text)
}

pub async fn post_json<B: Serialize, T: DeserializeOwned>(
    url: &str,
    body: &B,
) -> Result<T, AppError> {
    let body = serde_json::to_string(body).map_err(|e| AppError::Data(e.to_string()))?;
    let text = send(Request::post(url).cache(RequestCache::NoStore), Some(body)).await?;
    parse(&text)
}

/// The one way a response body becomes a value: `serde_json::from_str` on its text (as for stored records),
/// so each type has a single deserializer in the binary.
fn parse<T: DeserializeOwned>(text: &str) -> Result<T, AppError> {
    serde_json::from_str(text).map_err(|e| AppError::Data(e.to_string()))
}

/// Send `body` (JSON text) and return the body text of a successful answer. Not generic, so the request
/// machinery is in the binary once, not once per response type.
async fn send(builder: RequestBuilder, body: Option<String>) -> Result<String, AppError> {
    let controller =
        AbortController::new().map_err(|_| AppError::Browser("AbortController".into()))?;
    let builder = builder.abort_signal(Some(&controller.signal()));
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
        },
        None => AppError::Server {
            status,
            code: String::new(),
            message: text,
            expected_seq: None,
        },
    })
}

fn network(e: gloo_net::Error) -> AppError {
    AppError::Network(e.to_string())
}
