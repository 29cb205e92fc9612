//! Inbound webhooks: `POST /api/v1/inbound/{source}` from a storefront, signed under the Standard Webhooks
//! specification with the source's configured secret (`--inbound-secret SOURCE=whsec_…`) and verified with
//! the same code that signs our deliveries (`events::signing::verify`). Refused: an unknown source (404), a
//! missing or wrong signature (401 `invalid_signature`), a timestamp more than 5 minutes from the server's
//! clock (401 `stale_timestamp`), an id already accepted from that source (409 `replayed_message`), an order
//! that is not one (422 `invalid_order`). An accepted order is stored as an `online_order.received` event,
//! and its lines move stock out of the first store's selling location (movement kind `online_order`), in one
//! transaction.

use crate::config::valid_source;
use crate::error::ApiError;
use crate::events::payload::{OnlineOrder, OnlineOrderReceived};
use crate::events::signing::{decode_secret, verify, Signed, SigningError};
use crate::events::EventType;
use crate::extract::Path;
use crate::state::AppState;
use crate::store::events::event;
use crate::store::stock::NewMovement;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use sha2::{Digest, Sha256};
use shared::api::ErrorBody;
use shared::stock::MovementKind;
use shared::webhooks::InboundAccepted;
use shared::Decimal;
use uuid::Uuid;

/// Lines an order may have.
const MAX_LINES: usize = 500;

fn refused(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::Request {
        status,
        code,
        message: message.into(),
    }
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// The rules of an order: an id, 1 to 500 lines, each an item and a positive quantity.
fn check(order: &OnlineOrder) -> Result<(), String> {
    if order.id.trim().is_empty() || order.id.len() > 100 {
        return Err("`id` must be 1 to 100 characters".into());
    }
    if order.lines.is_empty() || order.lines.len() > MAX_LINES {
        return Err(format!("`lines` must hold 1 to {MAX_LINES} lines"));
    }
    for (i, line) in order.lines.iter().enumerate() {
        if line.product_id.trim().is_empty() || line.product_id.len() > 64 {
            return Err(format!(
                "`lines[{i}].product_id` must be 1 to 64 characters"
            ));
        }
        if line.quantity <= Decimal::ZERO {
            return Err(format!("`lines[{i}].quantity` must be more than 0"));
        }
    }
    Ok(())
}

/// The stock source id of an order: the same for the same source and order id, whatever the message.
fn order_uuid(source: &str, order_id: &str) -> Uuid {
    let digest = Sha256::digest(format!("{source}\u{0}{order_id}").as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}

/// Receive a signed message from an inbound source (an online order from a storefront).
#[utoipa::path(
    post,
    path = "/api/v1/inbound/{source}",
    tag = "webhooks",
    params(
        ("source" = String, Path, description = "The configured inbound source"),
        ("webhook-id" = String, Header, description = "The message id (each accepted once)"),
        ("webhook-timestamp" = i64, Header, description = "Unix seconds, within 5 minutes of the server's time"),
        ("webhook-signature" = String, Header, description = "`v1,<base64 HMAC-SHA256>` entries, space-separated"),
    ),
    request_body = OnlineOrder,
    responses(
        (status = 202, description = "Accepted and stored as an `online_order.received` event", body = InboundAccepted),
        (status = 401, description = "`invalid_signature` or `stale_timestamp`", body = ErrorBody),
        (status = 404, description = "`not_found`: no such source is configured", body = ErrorBody),
        (status = 409, description = "`replayed_message`: this id was accepted before", body = ErrorBody),
        (status = 422, description = "`invalid_order`", body = ErrorBody),
    )
)]
pub async fn receive(
    State(state): State<AppState>,
    Path(source): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, axum::Json<InboundAccepted>), ApiError> {
    let secret = valid_source(&source)
        .then(|| state.config.inbound_secret(&source))
        .flatten()
        .ok_or_else(|| ApiError::NotFound(format!("no inbound source {source}")))?;
    let key = decode_secret(secret).map_err(|e| {
        refused(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("inbound source {source}: {e}"),
        )
    })?;
    let now = state.clock.now();
    let signed = Signed {
        id: header(&headers, "webhook-id"),
        timestamp: header(&headers, "webhook-timestamp"),
        signature: header(&headers, "webhook-signature"),
    };
    let message_id = verify(&[key], signed, &body, now.timestamp()).map_err(|e| match e {
        SigningError::StaleTimestamp => {
            refused(StatusCode::UNAUTHORIZED, "stale_timestamp", e.to_string())
        }
        _ => refused(StatusCode::UNAUTHORIZED, "invalid_signature", e.to_string()),
    })?;
    if message_id.is_empty() || message_id.len() > 200 {
        return Err(refused(
            StatusCode::UNAUTHORIZED,
            "invalid_signature",
            "`webhook-id` must be 1 to 200 characters",
        ));
    }
    let order: OnlineOrder = serde_json::from_slice(&body).map_err(|e| {
        refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_order",
            e.to_string(),
        )
    })?;
    check(&order).map_err(|m| refused(StatusCode::UNPROCESSABLE_ENTITY, "invalid_order", m))?;
    let location_id = state.store.online_order_location(state.clock.now()).await?;
    let source_id = order_uuid(&source, &order.id);
    let moves = order
        .lines
        .iter()
        .enumerate()
        .map(|(i, line)| NewMovement {
            product_id: line.product_id.trim().to_owned(),
            location_id,
            quantity: -line.quantity,
            kind: MovementKind::OnlineOrder,
            reason: Some(format!("online order {} from {source}", order.id)),
            source_id,
            source_line: i64::try_from(i).unwrap_or(i64::MAX),
            lot: None,
            expiry: None,
            serial: None,
            occurred_at: now,
            staff_id: None,
            device_id: None,
        })
        .collect();
    let payload = OnlineOrderReceived {
        source: source.clone(),
        message_id: message_id.to_owned(),
        order: order.clone(),
        location_id,
    };
    let ev = event(
        EventType::OnlineOrderReceived,
        format!("{source}:{}", order.id),
        1,
        &payload,
        now,
    )?;
    if !state
        .store
        .inbound_message(&source, message_id, &ev, moves)
        .await?
    {
        return Err(refused(
            StatusCode::CONFLICT,
            "replayed_message",
            format!("message {message_id} from {source} was accepted before"),
        ));
    }
    state.webhooks.notify_one();
    Ok((
        StatusCode::ACCEPTED,
        axum::Json(InboundAccepted { event_id: ev.id }),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_order_needs_an_id_and_positive_lines_and_keeps_its_stock_id() {
        let line = |q: i64| crate::events::payload::OnlineOrderLine {
            product_id: "p-1".into(),
            quantity: Decimal::from(q),
        };
        let order = |lines| OnlineOrder {
            id: "A-1".into(),
            lines,
            details: serde_json::Value::Null,
        };
        assert!(check(&order(vec![line(2)])).is_ok());
        assert!(check(&order(vec![])).is_err());
        assert!(check(&order(vec![line(0)])).is_err());
        assert_eq!(order_uuid("shop", "A-1"), order_uuid("shop", "A-1"));
        assert_ne!(order_uuid("shop", "A-1"), order_uuid("shop", "A-2"));
    }
}
