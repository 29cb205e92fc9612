//! The events of each kind of fact, built inside the fact's transaction: a push's new documents, the back
//! office's catalog writes (stock levels build theirs in `store/stock.rs::record`, online orders in
//! `api/inbound.rs`). Only what the transaction newly writes gets an event, so a replay writes none.

use super::payload::{ProductChanged, RefundCreated, SaleCompleted, SaleVoided};
use super::{EventType, NewEvent};
use crate::push::{Document, PreparedMutation};
use crate::store::events::event;
use crate::store::StoreResult;
use chrono::{DateTime, Utc};
use shared::document::{Refund, SaleDocument};
use shared::sync::Change;
use uuid::Uuid;

/// A sale's resource version when it is completed; its void is the next.
const SALE_COMPLETED_VERSION: i64 = 1;
const SALE_VOIDED_VERSION: i64 = 2;

fn sale(device_id: Uuid, s: &SaleDocument, at: DateTime<Utc>) -> StoreResult<NewEvent> {
    let payload = SaleCompleted {
        device_id,
        sale: s.clone(),
    };
    event(
        EventType::SaleCompleted,
        s.id.to_string(),
        SALE_COMPLETED_VERSION,
        &payload,
        at,
    )
}

fn refund(device_id: Uuid, r: &Refund, at: DateTime<Utc>) -> StoreResult<NewEvent> {
    let payload = RefundCreated {
        device_id,
        refund: r.clone(),
    };
    event(EventType::RefundCreated, r.id.to_string(), 1, &payload, at)
}

/// The events of a push's new mutations (replays are not among them), in order.
pub fn pushed(
    device_id: Uuid,
    new: &[&PreparedMutation],
    at: DateTime<Utc>,
    out: &mut Vec<NewEvent>,
) -> StoreResult<()> {
    for m in new {
        match &m.document {
            Document::Sale(s) => out.push(sale(device_id, s, at)?),
            Document::Refund(r) => out.push(refund(device_id, r, at)?),
            Document::Void(v) => {
                let payload = SaleVoided {
                    device_id,
                    void: v.clone(),
                };
                out.push(event(
                    EventType::SaleVoided,
                    v.sale_id.to_string(),
                    SALE_VOIDED_VERSION,
                    &payload,
                    at,
                )?);
            }
            Document::Exchange(x) => {
                out.push(refund(device_id, &x.returned, at)?);
                out.push(sale(device_id, &x.sale, at)?);
            }
            // No event type for these yet: cash movements, returns without a receipt and customers saved at
            // a till (a `customer.created` / `customer.updated` type is the next to add).
            Document::CashMovement(_) | Document::UnreceiptedReturn(_) | Document::Customer(_) => {}
        }
    }
    Ok(())
}

/// The events of a catalog write's changes: each product written, created at version 1, else updated.
pub fn catalog(changes: &[Change], at: DateTime<Utc>) -> StoreResult<Vec<NewEvent>> {
    let mut out = Vec::new();
    for change in changes {
        if let Change::Product(p) = change {
            let kind = if p.version <= 1 {
                EventType::ProductCreated
            } else {
                EventType::ProductUpdated
            };
            let payload = ProductChanged { product: p.clone() };
            out.push(event(kind, p.id.clone(), p.version, &payload, at)?);
        }
    }
    Ok(out)
}
