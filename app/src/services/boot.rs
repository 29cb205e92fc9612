//! Start-up: storage persistence, the terminal identity, enrollment and sign-in, the stored catalog into
//! memory, the open order (`open_order`), then sync (once the terminal is enrolled).

use super::state::AppState;
use super::{cart_edits, navigate, open_order, session, sync};
use crate::db;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::task::spawn_local;

pub fn start(state: AppState) {
    db::request_persistence();
    open_order::watch(state);
    super::parked::watch(state);
    cart_edits::watch(state);
    navigate::open_start_screen(state);
    spawn_local(async move {
        if let Err(e) = load(state).await {
            leptos::logging::error!("start-up: {e}");
            state.error.set(Some(e.cashier_message()));
        }
        open_order::restore(state).await;
        super::parked::start(state).await;
        state.auth.loaded.set(true);
        sync::refresh_pending(state).await;
        if state.api().has_device_token() {
            sync::start(state);
        }
    });
}

async fn load(state: AppState) -> Result<(), AppError> {
    let store = state.store();
    let database = store.db().await?;
    let terminal = db::meta::ensure_terminal(&database).await?;
    state.device_id.set(Some(terminal.device_id));
    session::restore(state, db::session::load(&store).await?);
    if db::catalog::compact_if_needed(&store).await? {
        leptos::logging::log!("catalog storage compacted");
    }
    let stored = db::catalog::load(&store).await?;
    sync::pull::set_cursor(state, stored.meta.cursor);
    let data = stored.meta.store_data();
    match db::legacy::upgrade(&store).await {
        Ok(0) => {}
        Ok(n) => leptos::logging::log!("{n} stored sales upgraded to commerce documents"),
        Err(e) => leptos::logging::error!("upgrading stored sales: {e}"),
    }
    state.data.set(data);
    state.tax_rates.set(stored.meta.tax_rates);
    state.catalog.update(|c| {
        c.upsert_categories(stored.meta.categories);
        c.apply_products(stored.chunks.into_iter().flatten());
    });
    Ok(())
}
