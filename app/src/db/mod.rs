//! IndexedDB storage of the terminal: database "pos" with its versioned schema, one handle per page.
//!
//! The handle lives in a thread-local (never in a signal); every operation opens its own transaction.

pub mod catalog;
pub mod codec;
pub mod exchanges;
pub mod legacy;
pub mod meta;
pub mod open_order;
pub mod outbox;
pub mod refunds;
pub mod sales;
pub mod schema;
pub mod session;

use crate::error::AppError;
use indexed_db_futures::database::Database;
use std::cell::RefCell;

pub use schema::{CATALOG_CHUNKS, META, OUTBOX, REFUNDS, SALES};

thread_local! {
    static DB: RefCell<Option<Database>> = const { RefCell::new(None) };
}

/// The open database, opening (and migrating) it on first use.
pub async fn db() -> Result<Database, AppError> {
    if let Some(db) = DB.with(|d| d.borrow().clone()) {
        return Ok(db);
    }
    let db = schema::open().await?;
    DB.with(|d| *d.borrow_mut() = Some(db.clone()));
    Ok(db)
}

/// The outbox key of a sequence number. IndexedDB keys are JS numbers (a BigInt is not a valid key).
pub fn seq_key(seq: u64) -> f64 {
    seq as f64
}

/// Ask the browser to keep this origin's storage under pressure (best effort, the answer is ignored).
pub fn request_persistence() {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(promise) = window.navigator().storage().persist() {
        leptos::task::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        });
    }
}
