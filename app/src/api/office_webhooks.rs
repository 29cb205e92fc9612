//! The back office's webhook endpoints (`/api/v1/webhooks/endpoints…`, permission `webhooks`): list, add,
//! enable or disable, send a test event, the delivery log and replaying one event.

use super::{Client, Creds};
use crate::error::AppError;
use shared::webhooks::{
    DeliveryPage, Endpoint, EndpointChange, EndpointSecret, NewEndpoint, ReplayRequest,
    ReplayResult, TestEvent,
};
use uuid::Uuid;

const ENDPOINTS: &str = "/api/v1/webhooks/endpoints";

impl Client {
    /// `GET /webhooks/endpoints`: every endpoint, oldest first.
    pub async fn webhook_endpoints(&self, creds: Creds<'_>) -> Result<Vec<Endpoint>, AppError> {
        self.get(ENDPOINTS, creds).await
    }

    /// `POST /webhooks/endpoints`: add one; the answer holds its secret, shown once.
    pub async fn add_webhook_endpoint(
        &self,
        new: &NewEndpoint,
        creds: Creds<'_>,
    ) -> Result<EndpointSecret, AppError> {
        self.post(ENDPOINTS, new, creds).await
    }

    /// `PATCH /webhooks/endpoints/{id}` with `enabled`.
    pub async fn set_webhook_enabled(
        &self,
        id: Uuid,
        enabled: bool,
        creds: Creds<'_>,
    ) -> Result<Endpoint, AppError> {
        let change = EndpointChange {
            enabled: Some(enabled),
            ..EndpointChange::default()
        };
        self.patch(&format!("{ENDPOINTS}/{id}"), &change, creds)
            .await
    }

    /// `POST /webhooks/endpoints/{id}/test`.
    pub async fn send_webhook_test(
        &self,
        id: Uuid,
        creds: Creds<'_>,
    ) -> Result<TestEvent, AppError> {
        self.post(&format!("{ENDPOINTS}/{id}/test"), &(), creds)
            .await
    }

    /// `GET /webhooks/endpoints/{id}/deliveries`: the newest page of the log.
    pub async fn webhook_deliveries(
        &self,
        id: Uuid,
        creds: Creds<'_>,
    ) -> Result<DeliveryPage, AppError> {
        self.get(&format!("{ENDPOINTS}/{id}/deliveries?limit=50"), creds)
            .await
    }

    /// `POST /webhooks/endpoints/{id}/replay` of one event.
    pub async fn replay_webhook_event(
        &self,
        id: Uuid,
        event_id: Uuid,
        creds: Creds<'_>,
    ) -> Result<ReplayResult, AppError> {
        let req = ReplayRequest {
            event_id: Some(event_id),
            ..ReplayRequest::default()
        };
        self.post(&format!("{ENDPOINTS}/{id}/replay"), &req, creds)
            .await
    }
}
