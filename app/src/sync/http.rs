//! JSON over fetch with a timeout: a network failure, an error status and an unreadable body are told apart.

use crate::error::AppError;
use gloo_net::http::{Request, RequestBuilder, Response};
use leptos::prelude::set_timeout_with_handle;
use serde::de::DeserializeOwned;
use serde::Serialize;
use shared::api::ErrorBody;
use std::time::Duration;
use web_sys::{AbortController, RequestCache};

/// A request with no answer after this long counts as a network failure (and is retried).
pub const TIMEOUT: Duration = Duration::from_secs(20);

pub async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, AppError> {
    send(Request::get(url).cache(RequestCache::NoStore), None::<&()>).await
}

pub async fn post_json<B: Serialize, T: DeserializeOwned>(
    url: &str,
    body: &B,
) -> Result<T, AppError> {
    send(Request::post(url).cache(RequestCache::NoStore), Some(body)).await
}

async fn send<B: Serialize, T: DeserializeOwned>(
    builder: RequestBuilder,
    body: Option<&B>,
) -> Result<T, AppError> {
    let controller =
        AbortController::new().map_err(|_| AppError::Browser("AbortController".into()))?;
    let builder = builder.abort_signal(Some(&controller.signal()));
    let request = match body {
        Some(b) => builder.json(b).map_err(|e| AppError::Data(e.to_string()))?,
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

async fn exchange<T: DeserializeOwned>(request: Request) -> Result<T, AppError> {
    let response = request.send().await.map_err(network)?;
    if response.ok() {
        return read_json(&response).await;
    }
    let status = response.status();
    let text = response.text().await.map_err(network)?;
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

async fn read_json<T: DeserializeOwned>(response: &Response) -> Result<T, AppError> {
    // Read the text first: a body cut off on the way is a network failure, a complete but odd one is data.
    let text = response.text().await.map_err(network)?;
    serde_json::from_str(&text).map_err(|e| AppError::Data(e.to_string()))
}

fn network(e: gloo_net::Error) -> AppError {
    AppError::Network(e.to_string())
}
