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
pub mod office_loyalty;
#[cfg(feature = "office")]
pub mod office_purchasing;
#[cfg(feature = "office")]
pub mod office_stock;
#[cfg(feature = "office")]
pub mod office_stores;
#[cfg(feature = "office")]
pub mod office_webhooks;

pub use http::{Client, Creds};

use crate::error::AppError;
use shared::api::{RefundList, SaleSearchPage};
use shared::auth::{
    EnrollRequest, Enrollment, LoginRequest, Override, OverrideRequest, PinRequest, Session,
};
use shared::stores::StoreList;
use shared::sync::{PullResponse, PushRequest, PushResponse};
use uuid::Uuid;

const LOGIN: &str = "/api/v1/auth/login";
const PIN: &str = "/api/v1/auth/pin";
const LOGOUT: &str = "/api/v1/auth/logout";
const ME: &str = "/api/v1/auth/me";
const OVERRIDE: &str = "/api/v1/auth/override";
pub(crate) const DEVICES: &str = "/api/v1/devices";
pub(crate) const STORES: &str = "/api/v1/stores";
const PUSH: &str = "/api/v1/sync/push";
const PULL: &str = "/api/v1/sync/pull";
const SALES: &str = "/api/v1/sales";
const CUSTOMERS: &str = "/api/v1/customers";
/// Sales per page of a search.
const SEARCH_PAGE: u32 = 20;

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

    /// `GET /stores` with a manager's session: the stores they manage, to enroll this terminal for one.
    pub async fn stores_to_enroll(&self, manager_token: &str) -> Result<StoreList, AppError> {
        self.get(STORES, Creds::Staff(manager_token)).await
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

    /// `GET /sales/{id}/refunds`: the refunds the server knows of a sale (from any terminal). With the
    /// signed-in staff's `token`, any till's sale (one the sales search found); with the device alone, only
    /// this terminal's.
    pub async fn sale_refunds(
        &self,
        sale_id: Uuid,
        token: Option<&str>,
    ) -> Result<RefundList, AppError> {
        let creds = token.map_or(Creds::Device, Creds::DeviceAndStaff);
        self.get(&format!("{SALES}/{sale_id}/refunds"), creds).await
    }

    /// `GET /customers/{id}/summary`: the customer's purchases as the server counts them, across stores.
    pub async fn customer_summary(
        &self,
        id: &str,
        token: Option<&str>,
    ) -> Result<shared::customer::CustomerSummary, AppError> {
        let creds = token.map_or(Creds::Device, Creds::DeviceAndStaff);
        let id = String::from(js_sys::encode_uri_component(id));
        self.get(&format!("{CUSTOMERS}/{id}/summary"), creds).await
    }

    /// `GET /sales/search`: the sales of any till and day matching `params` (not yet encoded), newest first,
    /// one page after `after`, as the signed-in staff (`token`) at this till.
    pub async fn search_sales(
        &self,
        token: &str,
        params: &[(&'static str, String)],
        after: Option<&str>,
    ) -> Result<SaleSearchPage, AppError> {
        let mut url = format!("{SALES}/search?limit={SEARCH_PAGE}");
        let after = after.map(|a| ("after", a.to_string()));
        for (key, value) in params.iter().cloned().chain(after) {
            url.push('&');
            url.push_str(key);
            url.push('=');
            url.push_str(&String::from(js_sys::encode_uri_component(&value)));
        }
        self.get(&url, Creds::DeviceAndStaff(token)).await
    }
}
