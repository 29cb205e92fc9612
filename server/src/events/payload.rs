//! Event payloads, version `v1`: the `data` of each event type (see `EventType` for which is which). A field
//! is only ever added (optional) within a version; anything else is a new version.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::catalog::Product;
use shared::document::{Refund, SaleDocument, Void};
use shared::Decimal;
use utoipa::ToSchema;
use uuid::Uuid;

/// `sale.completed`: the sale document as the till made it.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct SaleCompleted {
    /// The till that pushed it.
    pub device_id: Uuid,
    pub sale: SaleDocument,
}

/// `refund.created`: the refund document.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct RefundCreated {
    pub device_id: Uuid,
    pub refund: Refund,
}

/// `sale.voided`: the void of a sale.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct SaleVoided {
    pub device_id: Uuid,
    pub void: Void,
}

/// `stock.changed`: an item's on-hand at a location after a change.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct StockChanged {
    pub product_id: String,
    pub location_id: Uuid,
    /// On-hand after the change.
    #[schema(value_type = String)]
    pub on_hand: Decimal,
    /// What this change moved (signed).
    #[schema(value_type = String)]
    pub change: Decimal,
    /// The last movement of the ledger it includes (also the event's resource version).
    pub movement_id: i64,
}

/// `product.created` / `product.updated`: the item as stored (its `version` is the event's resource version).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ProductChanged {
    pub product: Product,
}

/// One line of an online order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OnlineOrderLine {
    pub product_id: String,
    #[schema(value_type = String)]
    pub quantity: Decimal,
}

/// An online order as a storefront sends it to `POST /api/v1/inbound/{source}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OnlineOrder {
    /// The storefront's order id.
    pub id: String,
    pub lines: Vec<OnlineOrderLine>,
    /// Anything else the storefront sent (customer, totals), kept as given.
    #[serde(default, skip_serializing_if = "serde_json::Value::is_null")]
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
}

/// `online_order.received`: an order accepted from a verified inbound webhook.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct OnlineOrderReceived {
    /// The inbound source (`/api/v1/inbound/{source}`).
    pub source: String,
    /// The sender's `webhook-id`.
    pub message_id: String,
    pub order: OnlineOrder,
    /// The location whose stock it moved.
    pub location_id: Uuid,
}

/// `webhook.test`: sent by "Send test event" to one endpoint.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct WebhookTest {
    pub endpoint_id: Uuid,
    pub sent_at: DateTime<Utc>,
}
