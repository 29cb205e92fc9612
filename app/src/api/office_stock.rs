//! The back office's stock endpoints (`/api/v1/stock/…`): locations, a location's levels (search, keyset
//! pages), adjustments, and transfers sent and received.

use super::{Client, Creds};
use crate::error::AppError;
use shared::stock::{
    AdjustmentRequest, Location, ReceiveRequest, StockLevelPage, Transfer, TransferRequest,
};
use uuid::Uuid;

const STOCK: &str = "/api/v1/stock";

impl Client {
    /// `GET /stock/locations`.
    pub async fn stock_locations(&self, creds: Creds<'_>) -> Result<Vec<Location>, AppError> {
        self.get(&format!("{STOCK}/locations"), creds).await
    }

    /// `GET /stock/levels?{query}`: one page of a location's levels (`query` encoded, `location_id` in it).
    pub async fn stock_levels(
        &self,
        query: &str,
        creds: Creds<'_>,
    ) -> Result<StockLevelPage, AppError> {
        self.get(&format!("{STOCK}/levels?{query}"), creds).await
    }

    /// `POST /stock/adjustments`: answers whether it was recorded now (JSON `{ "recorded": bool }`).
    pub async fn adjust_stock(
        &self,
        req: &AdjustmentRequest,
        creds: Creds<'_>,
    ) -> Result<serde_json::Value, AppError> {
        self.post(&format!("{STOCK}/adjustments"), req, creds).await
    }

    /// `POST /stock/transfers`: send; answers the transfer in transit.
    pub async fn send_transfer(
        &self,
        req: &TransferRequest,
        creds: Creds<'_>,
    ) -> Result<Transfer, AppError> {
        self.post(&format!("{STOCK}/transfers"), req, creds).await
    }

    /// `POST /stock/transfers/{id}/receive`: what arrived (lines not named: as sent).
    pub async fn receive_transfer(
        &self,
        id: Uuid,
        req: &ReceiveRequest,
        creds: Creds<'_>,
    ) -> Result<Transfer, AppError> {
        self.post(&format!("{STOCK}/transfers/{id}/receive"), req, creds)
            .await
    }
}
