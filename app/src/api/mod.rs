//! The server's REST API, one typed function per endpoint the checkout uses; every path is written once (here,
//! or for held orders in `held.rs`).
//! Failures are `AppError`s (`AppError::from_response`), worded per request with `AppError::words`.

pub mod held;
pub mod http;
#[cfg(feature = "office")]
pub mod office;
#[cfg(feature = "office")]
pub mod office_catalog;
#[cfg(feature = "office")]
pub mod office_stock;

pub use http::{Client, Creds};

use crate::error::AppError;
use shared::api::RefundList;
use shared::auth::{
    EnrollRequest, Enrollment, LoginRequest, Override, OverrideRequest, PinRequest, Session,
};
use shared::sync::{PullResponse, PushRequest, PushResponse};
use uuid::Uuid;

const LOGIN: &str = "/api/v1/auth/login";
const PIN: &str = "/api/v1/auth/pin";
const LOGOUT: &str = "/api/v1/auth/logout";
const ME: &str = "/api/v1/auth/me";
const OVERRIDE: &str = "/api/v1/auth/override";
pub(crate) const DEVICES: &str = "/api/v1/devices";
const PUSH: &str = "/api/v1/sync/push";
const PULL: &str = "/api/v1/sync/pull";
const SALES: &str = "/api/v1/sales";

impl Client {
    /// `POST /auth/login`: a staff session for an email and password.
    pub async fn login(&self, request: &LoginRequest) -> Result<Session, AppError> {
        self.post(LOGIN, request, Creds::Anonymous).await
    }

    /// `POST /auth/pin`: a staff session bound to this terminal, for a PIN.
    pub async fn pin_sign_in(&self, request: &PinRequest) -> Result<Session, AppError> {
        self.post(PIN, request, Creds::Device).await
    }

    /// `POST /auth/logout`: end the session `creds` carry.
    pub async fn logout(&self, creds: Creds<'_>) -> Result<(), AppError> {
        self.post_no_content(LOGOUT, &serde_json::json!({}), creds)
            .await
    }

    /// `GET /auth/me`: note the session as used (the answer itself is not needed).
    pub async fn touch_session(&self, token: &str) -> Result<(), AppError> {
        self.get::<serde_json::Value>(ME, Creds::DeviceAndStaff(token))
            .await
            .map(drop)
    }

    /// `POST /auth/override`: an approver's PIN approving `request.permission` for the signed-in staff.
    pub async fn approve(
        &self,
        token: &str,
        request: &OverrideRequest,
    ) -> Result<Override, AppError> {
        self.post(OVERRIDE, request, Creds::DeviceAndStaff(token))
            .await
    }

    /// `POST /devices`: enroll this terminal with a manager's session.
    pub async fn enroll(
        &self,
        manager_token: &str,
        request: &EnrollRequest,
    ) -> Result<Enrollment, AppError> {
        self.post(DEVICES, request, Creds::Staff(manager_token))
            .await
    }

    /// `POST /sync/push`: send outbox mutations.
    pub async fn push(&self, request: &PushRequest) -> Result<PushResponse, AppError> {
        self.post(PUSH, request, Creds::Device).await
    }

    /// `GET /sync/pull`: the changes after `cursor`, at most `limit`.
    pub async fn pull(&self, cursor: u64, limit: u32) -> Result<PullResponse, AppError> {
        self.get(
            &format!("{PULL}?cursor={cursor}&limit={limit}"),
            Creds::Device,
        )
        .await
    }

    /// `GET /sales/{id}/refunds`: the refunds the server knows of a sale (from any terminal).
    pub async fn sale_refunds(&self, sale_id: Uuid) -> Result<RefundList, AppError> {
        self.get(&format!("{SALES}/{sale_id}/refunds"), Creds::Device)
            .await
    }
}
