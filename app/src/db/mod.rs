//! IndexedDB storage of the terminal: database "pos" with its versioned schema, one handle per page.
//!
//! The handle is a `Store`, held by the services' context (never in a signal); every operation opens its own
//! transaction. Storage only stores: documents are built by the caller (a builder the completing transaction
//! hands the next header), and nothing here knows the UI.

pub mod catalog;
pub mod codec;
pub mod customers;
pub mod exchanges;
pub mod legacy;
pub mod meta;
pub mod open_order;
pub mod outbox;
pub mod parked;
pub mod refunds;
pub mod returns;
pub mod sales;
pub mod schema;
pub mod session;
pub mod voids;

use crate::error::AppError;
use indexed_db_futures::database::Database;
use std::cell::RefCell;
use std::rc::Rc;

pub use schema::{CATALOG_CHUNKS, META, OUTBOX, PARKED, REFUNDS, RETURNS, SALES, VOIDS};

/// The database "pos", opened (and migrated) on first use; clones share the one handle.
#[derive(Clone, Default)]
pub struct Store {
    db: Rc<RefCell<Option<Database>>>,
}

impl Store {
    /// The open database, opening it on first use.
    pub async fn db(&self) -> Result<Database, AppError> {
        if let Some(db) = self.db.borrow().clone() {
            return Ok(db);
        }
        let db = schema::open().await?;
        *self.db.borrow_mut() = Some(db.clone());
        Ok(db)
    }
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
