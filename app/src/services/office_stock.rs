//! The back office's stock: the locations, one location's levels (search, keyset pages of `PAGE_SIZE`),
//! adjusting an item with a reason, and a transfer sent to another location and received there, with either
//! sign-in (`office::Access`). Failures come back as a sentence for the screen.

use super::office::{creds, param, signed_in, Access};
use super::state::AppState;
use crate::error::{AppError, Ask};
use rust_decimal::Decimal;
use shared::stock::{
    AdjustmentRequest, Location, ReceiveRequest, StockLevelPage, StockLine, Transfer,
    TransferRequest,
};
use uuid::Uuid;

/// Items per page ("Next page" asks for the next).
pub const PAGE_SIZE: u32 = 25;

fn words(e: &AppError) -> String {
    e.words(Ask::Stock)
}

/// The levels query for `location`, `text` (name, SKU or barcode), after the item `after`.
pub fn levels_query(location: Uuid, text: &str, after: Option<&str>) -> String {
    let mut url = format!("limit={PAGE_SIZE}&location_id={location}");
    for (name, value) in [("q", text.trim()), ("after", after.unwrap_or_default())] {
        if !value.is_empty() {
            param(&mut url, name, value);
        }
    }
    url
}

pub async fn locations(state: AppState, access: Access) -> Result<Vec<Location>, String> {
    let token = token(state, access)?;
    state
        .api()
        .stock_locations(creds(access, &token))
        .await
        .map_err(|e| words(&e))
}

pub async fn levels(
    state: AppState,
    access: Access,
    query: &str,
) -> Result<StockLevelPage, String> {
    let token = token(state, access)?;
    state
        .api()
        .stock_levels(query, creds(access, &token))
        .await
        .map_err(|e| words(&e))
}

/// The bearer token of `access`, or the sentence saying nobody is signed in.
fn token(state: AppState, access: Access) -> Result<String, String> {
    signed_in(state, access).map_err(|e| words(&e))
}

/// One line of `quantity` of `product_id`.
fn line(product_id: &str, quantity: Decimal) -> Vec<StockLine> {
    vec![StockLine {
        product_id: product_id.to_owned(),
        quantity,
    }]
}

fn new_id() -> Result<Uuid, String> {
    crate::ids::uuid_v7().map_err(|e| words(&e))
}

/// Adjust `product_id` at `location` by `quantity` (signed) for `reason`.
pub async fn adjust(
    state: AppState,
    access: Access,
    (location, product_id): (Uuid, &str),
    quantity: Decimal,
    reason: &str,
) -> Result<(), String> {
    let req = AdjustmentRequest {
        id: new_id()?,
        location_id: location,
        reason: reason.trim().to_owned(),
        lines: line(product_id, quantity),
    };
    let token = token(state, access)?;
    state
        .api()
        .adjust_stock(&req, creds(access, &token))
        .await
        .map(drop)
        .map_err(|e| words(&e))
}

/// Send `quantity` of `product_id` from `from` to `to`; answers the transfer in transit.
pub async fn send(
    state: AppState,
    access: Access,
    (from, to): (Uuid, Uuid),
    product_id: &str,
    quantity: Decimal,
) -> Result<Transfer, String> {
    let req = TransferRequest {
        id: new_id()?,
        from_location: from,
        to_location: to,
        lines: line(product_id, quantity),
    };
    let token = token(state, access)?;
    state
        .api()
        .send_transfer(&req, creds(access, &token))
        .await
        .map_err(|e| words(&e))
}

/// Receive a transfer as sent.
pub async fn receive(state: AppState, access: Access, id: Uuid) -> Result<Transfer, String> {
    let token = token(state, access)?;
    let req = ReceiveRequest::default();
    state
        .api()
        .receive_transfer(id, &req, creds(access, &token))
        .await
        .map_err(|e| words(&e))
}
