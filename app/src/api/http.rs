//! JSON over fetch with a timeout: a network failure, an error status and an unreadable body are told apart.
//!
//! Credentials: the enrolled terminal's device token lives in the `Client` (set at start and on enrollment)
//! and goes out as `X-Device-Token` with every request that asks for `Creds::Device`; a staff session token
//! goes out as `Authorization: Bearer` where the caller passes one. Failure answers become `AppError`s in
//! `AppError::from_response`, the one mapping.

use crate::error::AppError;
use gloo_net::http::{Request, RequestBuilder};
use leptos::prelude::set_timeout_with_handle;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;
use web_sys::{AbortController, RequestCache};

/// A request with no answer after this long counts as a network failure (and is retried).
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// The header carrying the terminal's device token.
pub const DEVICE_TOKEN_HEADER: &str = "X-Device-Token";

/// The connection to the server: the device token of this terminal, shared by every clone.
#[derive(Clone, Default)]
pub struct Client {
    device_token: Rc<RefCell<Option<String>>>,
}

impl Client {
    /// The device token this terminal got when it was enrolled (`None`: not enrolled).
    pub fn set_device_token(&self, token: Option<String>) {
        *self.device_token.borrow_mut() = token;
    }

    pub fn has_device_token(&self) -> bool {
        self.device_token.borrow().is_some()
    }

    /// GET with the given credentials.
    pub async fn get<T: DeserializeOwned>(
        &self,
        url: &str,
        creds: Creds<'_>,
    ) -> Result<T, AppError> {
        let text = self
            .send(Request::get(url).cache(RequestCache::NoStore), None, creds)
            .await?;
        parse(&text)
    }

    /// POST with the given credentials.
    pub async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        url: &str,
        body: &B,
        creds: Creds<'_>,
    ) -> Result<T, AppError> {
        let text = self.post_text(url, body, creds).await?;
        parse(&text)
    }

    /// PUT with the given credentials.
    pub async fn put<B: Serialize, T: DeserializeOwned>(
        &self,
        url: &str,
        body: &B,
        creds: Creds<'_>,
    ) -> Result<T, AppError> {
        let body = serde_json::to_string(body).map_err(|e| AppError::Data(e.to_string()))?;
        let builder = Request::put(url).cache(RequestCache::NoStore);
        parse(&self.send(builder, Some(body), creds).await?)
    }

    /// PATCH with the given credentials (the back office's webhook endpoints).
    #[cfg(feature = "office")]
    pub async fn patch<B: Serialize, T: DeserializeOwned>(
        &self,
        url: &str,
        body: &B,
        creds: Creds<'_>,
    ) -> Result<T, AppError> {
        let body = serde_json::to_string(body).map_err(|e| AppError::Data(e.to_string()))?;
        let builder = Request::patch(url).cache(RequestCache::NoStore);
        parse(&self.send(builder, Some(body), creds).await?)
    }

    /// POST whose success answer has no body worth reading (204).
    pub async fn post_no_content<B: Serialize>(
        &self,
        url: &str,
        body: &B,
        creds: Creds<'_>,
    ) -> Result<(), AppError> {
        self.post_text(url, body, creds).await.map(drop)
    }

    async fn post_text<B: Serialize>(
        &self,
        url: &str,
        body: &B,
        creds: Creds<'_>,
    ) -> Result<String, AppError> {
        let body = serde_json::to_string(body).map_err(|e| AppError::Data(e.to_string()))?;
        self.send(
            Request::post(url).cache(RequestCache::NoStore),
            Some(body),
            creds,
        )
        .await
    }

    /// Send `body` (JSON text) with `creds` and return the body text of a successful answer. Not generic, so
    /// the request machinery is in the binary once, not once per response type.
    async fn send(
        &self,
        builder: RequestBuilder,
        body: Option<String>,
        creds: Creds<'_>,
    ) -> Result<String, AppError> {
        let controller =
            AbortController::new().map_err(|_| AppError::Browser("AbortController".into()))?;
        let device = self.device_token.borrow().clone();
        let builder = creds
            .apply(builder, device.as_deref())
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
    fn apply(self, builder: RequestBuilder, device_token: Option<&str>) -> RequestBuilder {
        let (device, bearer) = match self {
            Creds::Anonymous => (false, None),
            Creds::Device => (true, None),
            Creds::Staff(t) => (false, Some(t)),
            Creds::DeviceAndStaff(t) => (true, Some(t)),
        };
        let mut builder = builder;
        if device {
            if let Some(token) = device_token {
                builder = builder.header(DEVICE_TOKEN_HEADER, token);
            }
        }
        if let Some(token) = bearer {
            builder = builder.header("Authorization", &format!("Bearer {token}"));
        }
        builder
    }
}

/// The one way a response body becomes a value: `serde_json::from_str` on its text (as for stored records),
/// so each type has a single deserializer in the binary.
fn parse<T: DeserializeOwned>(text: &str) -> Result<T, AppError> {
    serde_json::from_str(text).map_err(|e| AppError::Data(e.to_string()))
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
    Err(AppError::from_response(status, text, retry_after_secs))
}

fn network(e: gloo_net::Error) -> AppError {
    AppError::Network(e.to_string())
}
