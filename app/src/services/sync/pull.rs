//! Pull: catalog and commerce data (policy, promotions, price lists, customers, coupons, gift cards) changes after the stored cursor, page by page until `has_more` is false. Each page is stored
//! in one transaction, then applied to the in-memory catalog.

use super::note_reachability;
use crate::db;
use crate::error::AppError;
use crate::services::session;
use crate::services::state::AppState;
use leptos::prelude::*;

/// Changes asked for per page.
pub const PAGE_LIMIT: u32 = 1000;

/// The stored cursor, read at start.
pub fn set_cursor(state: AppState, cursor: u64) {
    state.handles().pull.borrow_mut().cursor = cursor;
}

/// Pull until caught up. Only one pull runs at a time; a call while one runs does nothing.
pub async fn pull_all(state: AppState) {
    if !super::may_sync(state) {
        return;
    }
    if std::mem::replace(&mut state.handles().pull.borrow_mut().running, true) {
        return;
    }
    let result = pull_pages(state).await;
    state.handles().pull.borrow_mut().running = false;
    match result {
        Ok(()) => {
            if let Err(e) = db::catalog::compact_if_needed(&state.store()).await {
                leptos::logging::error!("compacting the catalog: {e}");
            }
            session::logout::flush_logouts(state).await;
        }
        Err(e) if e.is_network() => note_reachability(state, false),
        Err(e) if e.is_unauthenticated() => {
            note_reachability(state, true);
            session::note_revoked(state);
        }
        Err(e) => {
            leptos::logging::error!("pull: {e}");
            state.sync_error.set(Some(format!(
                "The product list could not be updated. {}",
                e.cashier_message()
            )));
        }
    }
}

async fn pull_pages(state: AppState) -> Result<(), AppError> {
    let (store, api) = (state.store(), state.api());
    loop {
        let cursor = state.handles().pull.borrow().cursor;
        let page = api.pull(cursor, PAGE_LIMIT).await?;
        note_reachability(state, true);
        let applied = db::catalog::apply_page(&store, &page).await?;
        state.handles().pull.borrow_mut().cursor = applied.cursor;
        if let Some(mut data) = applied.store_data {
            // What the outbox spent is the till's own, not pulled: it stays until the outbox is read again.
            data.outbox_spent = state.data.with_untracked(|d| d.outbox_spent.clone());
            state.data.set(data);
        }
        if let Some(rates) = applied.tax_rates {
            state.tax_rates.set(rates);
        }
        if !applied.categories.is_empty() || !applied.products.is_empty() {
            state.catalog.update(|c| {
                c.upsert_categories(applied.categories);
                c.apply_products(applied.products);
            });
        }
        // Stop on the last page, and never loop on a server that does not move the cursor forward.
        if !page.has_more || page.cursor <= cursor {
            return Ok(());
        }
    }
}
