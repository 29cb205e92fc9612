//! The back office's purchase orders and counts: suppliers, the items of a sheet (the catalog's items with what
//! the location holds), an order created and received (typed or scanned), and a count started, counted and
//! posted, with either sign-in (`office::Access`). Failures come back as a sentence for the screen.

use super::office::{creds, signed_in, Access};
use super::office_catalog::{self, ProductFilters};
use super::office_stock;
use super::state::AppState;
use crate::error::{AppError, Ask};
use crate::model::stock_sheet::{ordered_sheet, Sheet, SheetLine};
use rust_decimal::Decimal;
use shared::purchasing::{
    NewSupplier, OrderLine, PurchaseOrder, PurchaseOrderRequest, ReceiptRequest, Supplier,
};
use std::collections::HashMap;
use uuid::Uuid;

/// Pages read at most for a full count (of `office_catalog::PAGE_SIZE` items each).
const MAX_PAGES: usize = 200;

fn words(e: &AppError) -> String {
    e.words(Ask::Stock)
}

fn token(state: AppState, access: Access) -> Result<String, String> {
    signed_in(state, access).map_err(|e| words(&e))
}

fn new_id() -> Result<Uuid, String> {
    crate::ids::uuid_v7().map_err(|e| words(&e))
}

pub async fn suppliers(state: AppState, access: Access) -> Result<Vec<Supplier>, String> {
    let token = token(state, access)?;
    let api = state.api();
    api.suppliers(creds(access, &token))
        .await
        .map_err(|e| words(&e))
}

/// Add a supplier called `name` (ordering in ones, no lead time).
pub async fn add_supplier(state: AppState, access: Access, name: &str) -> Result<Supplier, String> {
    let s = NewSupplier {
        name: name.trim().to_owned(),
        lead_time_days: 0,
        order_multiple: Decimal::ONE,
    };
    let token = token(state, access)?;
    let api = state.api();
    api.create_supplier(&s, creds(access, &token))
        .await
        .map_err(|e| words(&e))
}

/// The catalog's active items matching `text` (every one, page after page, when `all`), each with what
/// `location` holds of it as expected.
pub async fn items(
    state: AppState,
    access: Access,
    location: Uuid,
    text: &str,
    all: bool,
) -> Result<Vec<SheetLine>, String> {
    let filters = ProductFilters {
        text: text.trim().to_owned(),
        ..ProductFilters::default()
    };
    let mut products = Vec::new();
    let mut after = None::<String>;
    for _ in 0..MAX_PAGES {
        let query = office_catalog::product_query(&filters, after.as_deref());
        let page = office_catalog::search(state, access, &query).await?;
        products.extend(page.products);
        after = page.next_after;
        if !all || after.is_none() {
            break;
        }
    }
    let mut held = HashMap::new();
    let mut after = None::<String>;
    for _ in 0..MAX_PAGES {
        let query = office_stock::levels_query(location, text, after.as_deref());
        let page = office_stock::levels(state, access, &query).await?;
        held.extend(page.levels.into_iter().map(|l| (l.product_id, l.on_hand)));
        after = page.next_after;
        if after.is_none() {
            break;
        }
    }
    Ok(products
        .iter()
        .map(|p| SheetLine::of(p, held.get(&p.id).copied().unwrap_or_default()))
        .collect())
}

/// The orders to `location` still to arrive, newest first, each with the sheet of what it asked for.
pub async fn outstanding(
    state: AppState,
    access: Access,
    location: Uuid,
) -> Result<Vec<(PurchaseOrder, Sheet)>, String> {
    let token = token(state, access)?;
    let list = state
        .api()
        .outstanding_orders(location, creds(access, &token))
        .await
        .map_err(|e| words(&e))?;
    Ok(list
        .orders
        .into_iter()
        .map(|o| {
            let sheet = ordered_sheet(&o, &list.products);
            (o, sheet)
        })
        .collect())
}

/// Order the sheet's entered lines from `supplier` for delivery to `location`.
pub async fn order(
    state: AppState,
    access: Access,
    (supplier, location): (Uuid, Uuid),
    sheet: &Sheet,
) -> Result<PurchaseOrder, String> {
    let req = PurchaseOrderRequest {
        id: new_id()?,
        supplier_id: supplier,
        location_id: location,
        lines: sheet
            .lines
            .iter()
            .filter(|l| l.quantity > Decimal::ZERO)
            .map(|l| OrderLine {
                product_id: l.product_id.clone(),
                quantity: l.quantity,
                unit_cost: l.cost.unwrap_or_default(),
            })
            .collect(),
    };
    let token = token(state, access)?;
    let api = state.api();
    api.create_order(&req, creds(access, &token))
        .await
        .map_err(|e| words(&e))
}

/// Book the sheet's entered lines as arrived against `order`; answers the order.
pub async fn receive(
    state: AppState,
    access: Access,
    order: Uuid,
    sheet: &Sheet,
) -> Result<PurchaseOrder, String> {
    let req = ReceiptRequest {
        id: new_id()?,
        lines: sheet.entered(),
    };
    let token = token(state, access)?;
    let api = state.api();
    api.receive_order(order, &req, creds(access, &token))
        .await
        .map_err(|e| words(&e))
}

/// Start a count at `location`; answers its id.
pub async fn start_count(state: AppState, access: Access, location: Uuid) -> Result<Uuid, String> {
    let id = new_id()?;
    let token = token(state, access)?;
    let api = state.api();
    api.start_count(id, location, creds(access, &token))
        .await
        .map(|_| id)
        .map_err(|e| words(&e))
}

/// Record the sheet as counted and post the count.
pub async fn post_count(
    state: AppState,
    access: Access,
    count: Uuid,
    sheet: &Sheet,
) -> Result<(), String> {
    let token = token(state, access)?;
    let api = state.api();
    api.set_counted(count, &sheet.counted(), creds(access, &token))
        .await
        .map_err(|e| words(&e))?;
    api.post_count(count, creds(access, &token))
        .await
        .map(drop)
        .map_err(|e| words(&e))
}
