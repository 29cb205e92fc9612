//! The back office's quick-key editor: a store's layout read with the names of its products (the catalog's
//! product list, paged until every key's product is found), products found by text to add, and the layout
//! saved with the version read (a stale version: the stores' conflict words).

use super::office::{creds, param, signed_in, Access};
use super::state::AppState;
use crate::error::{AppError, Ask};
use crate::model::quick_key_editor::QuickKeyEditor;
use shared::catalog::Product;
use shared::quick_keys::QuickKeys;
use std::collections::HashMap;
use uuid::Uuid;

/// Products per page when names are looked up, and the most pages read for them.
const NAME_PAGE: u32 = 500;
const NAME_PAGES: usize = 20;
/// Matches shown when searching a product to add.
const FOUND: u32 = 8;

fn words(e: &AppError) -> String {
    e.words(Ask::Stores)
}

/// The store's layout and its keys' products by id.
pub async fn load(
    state: AppState,
    access: Access,
    store: Uuid,
) -> Result<(QuickKeys, HashMap<String, Product>), String> {
    let token = signed_in(state, access).map_err(|e| words(&e))?;
    let api = state.api();
    let read = api
        .quick_keys(store, creds(access, &token))
        .await
        .map_err(|e| words(&e))?;
    let mut names = HashMap::new();
    let mut after: Option<String> = None;
    for _ in 0..NAME_PAGES {
        if read.keys.iter().all(|k| names.contains_key(&k.product_id)) {
            break;
        }
        let mut query = format!("limit={NAME_PAGE}&active=true");
        if let Some(a) = &after {
            param(&mut query, "after", a);
        }
        let page = api
            .catalog_products(&query, creds(access, &token))
            .await
            .map_err(|e| e.words(Ask::Catalog))?;
        for p in page.products {
            if read.keys.iter().any(|k| k.product_id == p.id) {
                names.insert(p.id.clone(), p);
            }
        }
        match page.next_after {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    Ok((read, names))
}

/// Active products matching `text` (name, SKU or barcode), a few.
pub async fn find(state: AppState, access: Access, text: &str) -> Result<Vec<Product>, String> {
    let token = signed_in(state, access).map_err(|e| words(&e))?;
    let mut query = format!("limit={FOUND}&active=true");
    param(&mut query, "q", text.trim());
    state
        .api()
        .catalog_products(&query, creds(access, &token))
        .await
        .map(|p| p.products)
        .map_err(|e| e.words(Ask::Catalog))
}

/// Save the arranged layout with the version read; answers it as stored.
pub async fn save(
    state: AppState,
    access: Access,
    store: Uuid,
    editor: &QuickKeyEditor,
) -> Result<QuickKeys, String> {
    let upd = editor.update()?;
    let token = signed_in(state, access).map_err(|e| words(&e))?;
    state
        .api()
        .put_quick_keys(store, &upd, creds(access, &token))
        .await
        .map_err(|e| words(&e))
}
