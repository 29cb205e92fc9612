//! Held orders on the server (`/api/v1/held-orders`): upload a parked order, list the store's, claim one,
//! close it. Each call carries the device token and the signed-in cashier's session (permission `sell`).

use super::{Client, Creds};
use crate::error::AppError;
use shared::held::{CloseReason, CloseRequest, HeldOrder, HeldOrderList, ParkRequest};
use uuid::Uuid;

const HELD_ORDERS: &str = "/api/v1/held-orders";

fn client_path(id: Uuid, action: &str) -> String {
    format!("{HELD_ORDERS}/{id}{action}")
}

impl Client {
    /// `PUT /held-orders/{id}`: upload an order parked here (the same id again is the same upload).
    pub async fn park_held(
        &self,
        token: &str,
        id: Uuid,
        request: &ParkRequest,
    ) -> Result<HeldOrder, AppError> {
        self.put(&client_path(id, ""), request, Creds::DeviceAndStaff(token))
            .await
    }

    /// `GET /held-orders`: the store's parked orders.
    pub async fn held_orders(&self, token: &str) -> Result<HeldOrderList, AppError> {
        self.get(HELD_ORDERS, Creds::DeviceAndStaff(token)).await
    }

    /// `POST /held-orders/{id}/claim`: take it to this till (409 `held_elsewhere` names who holds it).
    pub async fn claim_held(&self, token: &str, id: Uuid) -> Result<HeldOrder, AppError> {
        self.post(
            &client_path(id, "/claim"),
            &serde_json::json!({}),
            Creds::DeviceAndStaff(token),
        )
        .await
    }

    /// `POST /held-orders/{id}/close`: paid, discarded or parked again.
    pub async fn close_held(
        &self,
        token: &str,
        id: Uuid,
        reason: CloseReason,
    ) -> Result<HeldOrder, AppError> {
        self.post(
            &client_path(id, "/close"),
            &CloseRequest { reason },
            Creds::DeviceAndStaff(token),
        )
        .await
    }
}
