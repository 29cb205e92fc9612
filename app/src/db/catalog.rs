//! The catalog on the terminal: pull pages applied in one transaction each, products kept in chunks.
//!
//! The page's policy, promotions, price lists, customers, coupons and gift cards go into META (one key per
//! kind). Every pull page's products become one CATALOG_CHUNKS record (`Vec<Product>`) under the next chunk number.
//! Loading applies the chunks in key order (later wins, inactive removed). When there are more than
//! `MAX_CHUNKS` chunks they are compacted into chunks of at most `COMPACT_CHUNK_SIZE` active products.

use super::meta::{
    self, KEY_CATEGORIES, KEY_COUPONS, KEY_CURSOR, KEY_CUSTOMERS, KEY_GIFT_CARDS, KEY_POLICY,
    KEY_PRICE_LISTS, KEY_PROMOTIONS, KEY_SETTINGS, KEY_TAX_RATES,
};
use super::{codec, Store, CATALOG_CHUNKS, META};
use crate::error::AppError;
use crate::model::catalog::merge_chunks;
use crate::model::commerce::StoreData;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use shared::catalog::{Category, Product, StoreSettings, TaxRate};
use shared::sync::{Change, PullResponse};

pub const MAX_CHUNKS: usize = 20;
pub const COMPACT_CHUNK_SIZE: usize = 1000;

/// What a pull page changed, to apply to the in-memory state after the transaction committed.
#[derive(Debug, Default)]
pub struct PageApplied {
    pub settings: Option<StoreSettings>,
    /// The full list of tax rates after the page, when it touched any.
    pub tax_rates: Option<Vec<TaxRate>>,
    pub categories: Vec<Category>,
    pub products: Vec<Product>,
    /// The commerce data after the page (policy included), when the page touched any of it.
    pub store_data: Option<StoreData>,
    pub cursor: u64,
}

/// Everything stored for the catalog, read at start.
#[derive(Debug, Default)]
pub struct StoredCatalog {
    pub meta: meta::Stored,
    /// Chunks in key order.
    pub chunks: Vec<Vec<Product>>,
}

pub async fn load(store: &Store) -> Result<StoredCatalog, AppError> {
    let db = store.db().await?;
    let tx = db.transaction([META, CATALOG_CHUNKS]).build()?;
    let meta_store = tx.object_store(META)?;
    let chunk_store = tx.object_store(CATALOG_CHUNKS)?;
    let meta = meta::load(&meta_store).await?;
    let chunks = codec::get_all_json::<Vec<Product>>(&chunk_store).await?;
    drop((meta_store, chunk_store));
    tx.commit().await?;
    Ok(StoredCatalog { meta, chunks })
}

async fn next_chunk_no(store: &ObjectStore<'_>) -> Result<u32, AppError> {
    let keys = store.get_all_keys::<u32>().primitive()?.await?;
    let mut next = 0;
    for key in keys {
        next = next.max(key? + 1);
    }
    Ok(next)
}

/// Store one pull page in one transaction: settings, tax rates and categories into META, the products as a new
/// chunk, and the new cursor.
pub async fn apply_page(store: &Store, page: &PullResponse) -> Result<PageApplied, AppError> {
    let mut applied = PageApplied {
        cursor: page.cursor,
        ..PageApplied::default()
    };
    let mut rates_changed = Vec::new();
    let mut commerce_changes = Vec::new();
    for change in &page.changes {
        match change {
            Change::Settings(s) => {
                applied.settings = Some(s.clone());
                commerce_changes.push(change);
            }
            Change::Policy(p) => {
                applied.settings = Some(p.settings.clone());
                commerce_changes.push(change);
            }
            Change::TaxRate(r) => rates_changed.push(r.clone()),
            Change::Category(c) => applied.categories.push(c.clone()),
            Change::Product(p) => applied.products.push(p.clone()),
            Change::Promotion(_)
            | Change::PromotionRemoved { .. }
            | Change::PriceList(_)
            | Change::Customer(_)
            | Change::CustomerErased { .. }
            | Change::Coupon(_)
            | Change::GiftCard(_)
            | Change::TillSettings(_)
            | Change::StockLevel(_)
            | Change::QuickKeys(_) => commerce_changes.push(change),
            // Product and modifier groups: the till does not use them yet.
            Change::ProductGroup(_) | Change::ModifierGroup(_) => {}
        }
    }

    let db = store.db().await?;
    let tx = db
        .transaction([META, CATALOG_CHUNKS])
        .with_mode(TransactionMode::Readwrite)
        .build()?;
    let meta_store = tx.object_store(META)?;
    let chunk_store = tx.object_store(CATALOG_CHUNKS)?;
    if let Some(s) = &applied.settings {
        meta::put(&meta_store, KEY_SETTINGS, s).await?;
    }
    if !commerce_changes.is_empty() {
        applied.store_data = Some(apply_commerce(&meta_store, &commerce_changes).await?);
    }
    if !rates_changed.is_empty() {
        let mut rates: Vec<TaxRate> = meta::get(&meta_store, KEY_TAX_RATES)
            .await?
            .unwrap_or_default();
        for r in rates_changed {
            match rates.iter_mut().find(|x| x.id == r.id) {
                Some(existing) => *existing = r,
                None => rates.push(r),
            }
        }
        meta::put(&meta_store, KEY_TAX_RATES, &rates).await?;
        applied.tax_rates = Some(rates);
    }
    if !applied.categories.is_empty() {
        let mut cats: Vec<Category> = meta::get(&meta_store, KEY_CATEGORIES)
            .await?
            .unwrap_or_default();
        for c in &applied.categories {
            match cats.iter_mut().find(|x| x.id == c.id) {
                Some(existing) => *existing = c.clone(),
                None => cats.push(c.clone()),
            }
        }
        meta::put(&meta_store, KEY_CATEGORIES, &cats).await?;
    }
    if !applied.products.is_empty() {
        let key = next_chunk_no(&chunk_store).await?;
        codec::put_json(&chunk_store, key, &applied.products).await?;
    }
    meta::put(&meta_store, KEY_CURSOR, &page.cursor).await?;
    drop((meta_store, chunk_store));
    tx.commit().await?;
    Ok(applied)
}

/// Apply the page's commerce changes (in order) to the stored data and write back what they touched. The policy
/// is only stored once the server has sent one (or a stored one gets new settings).
async fn apply_commerce(
    meta_store: &ObjectStore<'_>,
    changes: &[&Change],
) -> Result<StoreData, AppError> {
    let stored = meta::load(meta_store).await?;
    let mut has_policy = stored.policy.is_some();
    let mut data = stored.store_data();
    let before = data.clone();
    for change in changes {
        has_policy |= matches!(change, Change::Policy(_));
        data.apply(change);
    }
    if has_policy && data.policy != before.policy {
        meta::put(meta_store, KEY_POLICY, &data.policy).await?;
    }
    if data.promotions != before.promotions {
        meta::put(meta_store, KEY_PROMOTIONS, &data.promotions).await?;
    }
    if data.price_lists != before.price_lists {
        meta::put(meta_store, KEY_PRICE_LISTS, &data.price_lists).await?;
    }
    if data.customers != before.customers {
        meta::put(meta_store, KEY_CUSTOMERS, &data.customers).await?;
    }
    if data.coupons != before.coupons {
        meta::put(meta_store, KEY_COUPONS, &data.coupons).await?;
    }
    if data.gift_cards != before.gift_cards {
        meta::put(meta_store, KEY_GIFT_CARDS, &data.gift_cards).await?;
    }
    if data.till != before.till {
        meta::put(meta_store, meta::KEY_TILL_SETTINGS, &data.till).await?;
    }
    if data.stock != before.stock {
        meta::put(meta_store, meta::KEY_STOCK, &data.stock).await?;
    }
    if data.quick_keys != before.quick_keys {
        meta::put(meta_store, meta::KEY_QUICK_KEYS, &data.quick_keys).await?;
    }
    Ok(data)
}

/// Rewrite the chunks as a few large ones when there are more than `MAX_CHUNKS`. Returns whether it did.
pub async fn compact_if_needed(store: &Store) -> Result<bool, AppError> {
    let db = store.db().await?;
    let tx = db
        .transaction(CATALOG_CHUNKS)
        .with_mode(TransactionMode::Readwrite)
        .build()?;
    let store = tx.object_store(CATALOG_CHUNKS)?;
    let count = store.count().primitive()?.await?;
    if (count as usize) <= MAX_CHUNKS {
        drop(store);
        tx.commit().await?;
        return Ok(false);
    }
    let chunks = codec::get_all_json::<Vec<Product>>(&store).await?;
    let products = merge_chunks(chunks);
    store.clear()?.await?;
    for (i, chunk) in products.chunks(COMPACT_CHUNK_SIZE).enumerate() {
        codec::put_json(&store, i as u32, chunk).await?;
    }
    drop(store);
    tx.commit().await?;
    Ok(true)
}
