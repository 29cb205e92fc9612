//! Events out: the facts the server accepts, written as event rows in the SAME transaction as the fact
//! (`store/events.rs`), and delivered to webhook endpoints under the Standard Webhooks specification.
//!
//! - [`EventType`]: every event type with its payload type, declared once in [`event_types!`]. Adding an event
//!   type is one line there plus its payload struct in `payload.rs`; the writer builds a [`NewEvent`] with
//!   [`NewEvent::of`] inside its transaction and hands it to `store::events::append`.
//! - `payload.rs`: the payloads (version `v1`), documented in the OpenAPI document (`components.schemas`).
//! - `signing.rs`: `webhook-id` / `webhook-timestamp` / `webhook-signature` signing and the verification that
//!   inbound webhooks share. `ssrf.rs`: which targets may be called. `dispatcher.rs`: the delivery task.

pub mod dispatcher;
pub mod facts;
pub mod payload;
pub mod signing;
pub mod ssrf;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Whether facts write their events. Always on in the server; `benches/ingest.rs` turns it off for a moment
/// to measure ingest with and without events in the same run. Nothing else sets it.
pub static WRITES_EVENTS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

/// The version of every payload written now; a payload's shape changes only with a new version.
pub const PAYLOAD_VERSION: &str = "v1";

/// Declares [`EventType`]: variant, wire name and payload type (the payload type documents the event in the
/// OpenAPI document).
macro_rules! event_types {
    ($($(#[$doc:meta])* $variant:ident = $name:literal => $payload:ty,)*) => {
        /// An event type, as `type` names it in every delivery.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
        pub enum EventType {
            $($(#[$doc])* #[serde(rename = $name)] $variant,)*
        }

        impl EventType {
            /// Every event type, in declaration order.
            pub const ALL: &'static [EventType] = &[$(EventType::$variant),*];

            /// The wire name (`sale.completed`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(EventType::$variant => $name,)*
                }
            }

            /// The event type of a wire name.
            pub fn parse(name: &str) -> Option<EventType> {
                match name {
                    $($name => Some(EventType::$variant),)*
                    _ => None,
                }
            }

            /// The name of the payload's schema in the OpenAPI document.
            pub fn payload_schema(self) -> String {
                match self {
                    $(EventType::$variant => <$payload as utoipa::ToSchema>::name().into_owned(),)*
                }
            }
        }

        /// The payload schemas of every event type (for the OpenAPI document).
        pub fn payload_schemas(
            schemas: &mut Vec<(String, utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>)>,
        ) {
            $(
                schemas.push((
                    <$payload as utoipa::ToSchema>::name().into_owned(),
                    <$payload as utoipa::PartialSchema>::schema(),
                ));
                <$payload as utoipa::ToSchema>::schemas(schemas);
            )*
        }
    };
}

// The one list of event types. A new one: a line here and its payload in `payload.rs`.
event_types! {
    /// A sale was accepted (pushed by a till, or the new half of an exchange). Resource: the sale, version 1.
    SaleCompleted = "sale.completed" => payload::SaleCompleted,
    /// A refund was accepted (or the return half of an exchange). Resource: the refund, version 1.
    RefundCreated = "refund.created" => payload::RefundCreated,
    /// A sale was voided. Resource: the sale, version 2.
    SaleVoided = "sale.voided" => payload::SaleVoided,
    /// An item's on-hand at a location changed. Resource: `product_id@location_id`, version the last movement.
    StockChanged = "stock.changed" => payload::StockChanged,
    /// A catalog item was created. Resource: the product, its version.
    ProductCreated = "product.created" => payload::ProductChanged,
    /// A catalog item was changed or archived. Resource: the product, its version.
    ProductUpdated = "product.updated" => payload::ProductChanged,
    /// An online order came in through a verified inbound webhook. Resource: the order, version 1.
    OnlineOrderReceived = "online_order.received" => payload::OnlineOrderReceived,
    /// "Send test event": delivered to one endpoint only.
    WebhookTest = "webhook.test" => payload::WebhookTest,
}

impl std::fmt::Display for EventType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An event to write in the transaction of its fact.
#[derive(Clone, Debug, PartialEq)]
pub struct NewEvent {
    pub id: Uuid,
    pub kind: EventType,
    pub resource_id: String,
    pub resource_version: i64,
    /// The payload's JSON text.
    pub payload: String,
    pub created_at: DateTime<Utc>,
}

impl NewEvent {
    /// The event `kind` of `resource_id` at `resource_version` carrying `payload`, made at `at`.
    pub fn of<P: Serialize>(
        kind: EventType,
        resource_id: impl Into<String>,
        resource_version: i64,
        payload: &P,
        at: DateTime<Utc>,
    ) -> Result<NewEvent, serde_json::Error> {
        Ok(NewEvent {
            id: Uuid::now_v7(),
            kind,
            resource_id: resource_id.into(),
            resource_version,
            payload: serde_json::to_string(payload)?,
            created_at: at,
        })
    }
}

/// A stored event, as the API and the dispatcher read it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Event {
    /// The `webhook-id` of every delivery of this event: receivers de-duplicate by it.
    pub id: Uuid,
    #[serde(rename = "type")]
    pub kind: EventType,
    /// The order events were written in (global, increasing).
    pub sequence: i64,
    pub resource_id: String,
    /// Increases with each change of the resource: a receiver keeps the highest it has seen.
    pub resource_version: i64,
    /// The payload version (`v1`).
    pub version: String,
    pub created_at: DateTime<Utc>,
    /// The payload (its schema is the event type's, e.g. `SaleCompleted`).
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
}

impl Event {
    /// The body of a delivery: the event as JSON (`type`, `timestamp`, `data` as the specification
    /// recommends, plus the id, resource and version).
    pub fn body(&self) -> Vec<u8> {
        let envelope = serde_json::json!({
            "id": self.id,
            "type": self.kind,
            "timestamp": self.created_at,
            "version": self.version,
            "sequence": self.sequence,
            "resource": { "id": self.resource_id, "version": self.resource_version },
            "data": self.data,
        });
        envelope.to_string().into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_round_trips_its_wire_name() {
        for t in EventType::ALL {
            assert_eq!(EventType::parse(t.as_str()), Some(*t));
            assert_eq!(
                serde_json::to_string(t).ok(),
                Some(format!("\"{}\"", t.as_str()))
            );
        }
        assert_eq!(EventType::parse("sale.unknown"), None);
        let mut schemas = Vec::new();
        payload_schemas(&mut schemas);
        for t in EventType::ALL {
            assert!(schemas.iter().any(|(n, _)| *n == t.payload_schema()), "{t}");
        }
    }
}
