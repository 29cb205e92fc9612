//! Documents already made, read for the screens: today's sales, refunds and returns without a receipt on this
//! terminal, its voids, the
//! server's sales search (any till, any day), and the earlier refunds of a sale (this terminal's, and the server's when it answers; the refund dialog never waits).

use super::state::AppState;
use crate::db;
use crate::error::AppError;
use crate::model::records::{RefundRecord, SaleRecord, VoidRecord};
use crate::model::sale_search::SaleTerm;
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use shared::api::{RefundList, SaleSearchPage};
use shared::document::Refund;
use uuid::Uuid;

/// This terminal's sales and refunds made at or after `since_ms`, newest first.
pub async fn since(
    state: AppState,
    since_ms: f64,
) -> Result<(Vec<SaleRecord>, Vec<RefundRecord>), AppError> {
    let store = state.store();
    let sales = db::sales::list_since(&store, since_ms).await?;
    let refunds = db::refunds::list_since(&store, since_ms).await?;
    Ok((sales, refunds))
}

/// This terminal's returns without a receipt made at or after `since_ms`, newest first.
pub async fn returns_since(
    state: AppState,
    since_ms: f64,
) -> Result<Vec<crate::model::records::ReturnRecord>, AppError> {
    db::returns::list_since(&state.store(), since_ms).await
}

/// Every void made on this terminal (few: a void is of a sale of today).
pub async fn voids(state: AppState) -> Result<Vec<VoidRecord>, AppError> {
    db::voids::all(&state.store()).await
}

/// The refunds of `sale_id` made on this terminal, oldest first.
pub async fn local_refunds(state: AppState, sale_id: Uuid) -> Result<Vec<Refund>, AppError> {
    let list = db::refunds::of_sale(&state.store(), sale_id).await?;
    Ok(list.into_iter().map(|r| r.refund).collect())
}

/// The refunds of `sale_id` the server knows (from any terminal), and its void when it was voided at any
/// terminal; `None` when it cannot be asked now.
pub async fn server_refunds(state: AppState, sale_id: Uuid) -> Option<RefundList> {
    if !state.sync.online() {
        return None;
    }
    let token = session_token(state);
    state
        .api()
        .sale_refunds(sale_id, token.as_deref())
        .await
        .ok()
}

fn session_token(state: AppState) -> Option<String> {
    state
        .auth
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.token.clone()))
}

/// The store-local day `d` as the RFC 3339 instants `[start, next start)`, in the device's time zone.
fn day_bounds(d: NaiveDate) -> (String, String) {
    let iso = |d: NaiveDate| {
        let start = js_sys::Date::new_with_year_month_day(
            u32::try_from(d.year()).unwrap_or_default(),
            i32::try_from(d.month0()).unwrap_or_default(),
            i32::try_from(d.day()).unwrap_or(1),
        );
        String::from(start.to_iso_string())
    };
    (iso(d), iso(d.succ_opt().unwrap_or(d)))
}

/// Sales of any till and day the server finds for `term` (online only), one page after `after`.
pub async fn search_sales(
    state: AppState,
    term: &SaleTerm,
    after: Option<String>,
) -> Result<SaleSearchPage, AppError> {
    let token = session_token(state)
        .ok_or_else(|| AppError::Data("nobody is signed in at this till".into()))?;
    let page = state
        .api()
        .search_sales(&token, &term.params(day_bounds), after.as_deref())
        .await?;
    super::sync::note_reachability(state, true);
    Ok(page)
}
