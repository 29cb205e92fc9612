//! The back office's purchasing and count endpoints (`/api/v1/stock/…`): suppliers, purchase orders and the
//! receipts against them, and counts (start, counted quantities, post).

use super::{Client, Creds};
use crate::error::AppError;
use serde_json::{json, Value};
use shared::purchasing::{
    NewSupplier, PurchaseOrder, PurchaseOrderList, PurchaseOrderRequest, ReceiptRequest, Supplier,
};
use shared::stock::StockLine;
use uuid::Uuid;

const STOCK: &str = "/api/v1/stock";

impl Client {
    /// `GET /stock/suppliers`.
    pub async fn suppliers(&self, creds: Creds<'_>) -> Result<Vec<Supplier>, AppError> {
        self.get(&format!("{STOCK}/suppliers"), creds).await
    }

    /// `POST /stock/suppliers`.
    pub async fn create_supplier(
        &self,
        s: &NewSupplier,
        creds: Creds<'_>,
    ) -> Result<Supplier, AppError> {
        self.post(&format!("{STOCK}/suppliers"), s, creds).await
    }

    /// `GET /stock/purchase-orders?location_id=…`: the location's orders still to arrive, with their items.
    pub async fn outstanding_orders(
        &self,
        location: Uuid,
        creds: Creds<'_>,
    ) -> Result<PurchaseOrderList, AppError> {
        self.get(
            &format!("{STOCK}/purchase-orders?location_id={location}"),
            creds,
        )
        .await
    }

    /// `POST /stock/purchase-orders` (once per id).
    pub async fn create_order(
        &self,
        req: &PurchaseOrderRequest,
        creds: Creds<'_>,
    ) -> Result<PurchaseOrder, AppError> {
        self.post(&format!("{STOCK}/purchase-orders"), req, creds)
            .await
    }

    /// `POST /stock/purchase-orders/{id}/receipts`: what arrived; answers the order.
    pub async fn receive_order(
        &self,
        id: Uuid,
        req: &ReceiptRequest,
        creds: Creds<'_>,
    ) -> Result<PurchaseOrder, AppError> {
        self.post(
            &format!("{STOCK}/purchase-orders/{id}/receipts"),
            req,
            creds,
        )
        .await
    }

    /// `POST /stock/counts`: start a count at `location` (its snapshot is the server's time).
    pub async fn start_count(
        &self,
        id: Uuid,
        location: Uuid,
        creds: Creds<'_>,
    ) -> Result<Value, AppError> {
        let body = json!({ "id": id, "location_id": location });
        self.post(&format!("{STOCK}/counts"), &body, creds).await
    }

    /// `PUT /stock/counts/{id}/lines`: counted quantities.
    pub async fn set_counted(
        &self,
        id: Uuid,
        lines: &[StockLine],
        creds: Creds<'_>,
    ) -> Result<Value, AppError> {
        let body = json!({ "lines": lines });
        self.put(&format!("{STOCK}/counts/{id}/lines"), &body, creds)
            .await
    }

    /// `POST /stock/counts/{id}/post`: one count correction per counted item.
    pub async fn post_count(&self, id: Uuid, creds: Creds<'_>) -> Result<Value, AppError> {
        self.post(&format!("{STOCK}/counts/{id}/post"), &json!({}), creds)
            .await
    }
}
