//! The META store: the terminal's identity and counters, the pull cursor and the synced store data.

use super::{codec, META};
use crate::error::AppError;
use crate::ids;
use crate::model::commerce::StoreData;
use indexed_db_futures::database::Database;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use shared::catalog::{Category, StoreSettings, TaxRate};
use shared::policy::StorePolicy;
use std::future::Future;
use uuid::Uuid;
use wasm_bindgen::JsValue;

pub const KEY_TERMINAL: &str = "terminal";
pub const KEY_CURSOR: &str = "pull_cursor";
pub const KEY_SETTINGS: &str = "store_settings";
pub const KEY_TAX_RATES: &str = "tax_rates";
pub const KEY_CATEGORIES: &str = "categories";
/// The pulled `StorePolicy` (absent until the server sends one).
pub const KEY_POLICY: &str = "store_policy";
/// `Vec<Promotion>`, `Vec<PriceList>`, `Vec<CustomerRecord>`, `Vec<CouponEntry>`, `Vec<GiftCardBalance>`: the
/// pulled commerce data, each list replaced as a whole when a pull page touches it.
pub const KEY_PROMOTIONS: &str = "promotions";
pub const KEY_PRICE_LISTS: &str = "price_lists";
pub const KEY_CUSTOMERS: &str = "customers";
pub const KEY_COUPONS: &str = "coupons";
pub const KEY_GIFT_CARDS: &str = "gift_cards";
/// `shared::held::TillSettings` as last pulled (absent: the defaults).
pub const KEY_TILL_SETTINGS: &str = "till_settings";
/// `model::stock::StockLevels`: stock at the store's selling location, as last pulled.
pub const KEY_STOCK: &str = "stock_levels";
/// `model::quick_keys::QuickKeyLayout`: the store's quick keys, as last pulled.
pub const KEY_QUICK_KEYS: &str = "quick_keys";
/// `true` once SALES and OUTBOX hold commerce documents only (see `db::legacy`).
pub const KEY_DOCUMENTS_UPGRADED: &str = "documents_upgraded";

/// Who this terminal is, and its next numbers. Created once on first start, then only counted up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Terminal {
    pub device_id: Uuid,
    /// Four uppercase letters derived from `device_id`, prefixed to every receipt number.
    pub receipt_prefix: String,
    /// Sequence number of the next outbox mutation (starts at 1, no gaps).
    pub next_seq: u64,
    /// Number of the next receipt (starts at 1).
    pub next_receipt_no: u64,
}

impl Terminal {
    pub fn new(device_id: Uuid) -> Self {
        Terminal {
            receipt_prefix: ids::receipt_prefix(&device_id),
            device_id,
            next_seq: 1,
            next_receipt_no: 1,
        }
    }

    /// The receipt number the next sale or refund gets: "ABCD-000042".
    pub fn next_receipt(&self) -> String {
        format!("{}-{:06}", self.receipt_prefix, self.next_receipt_no)
    }
}

pub async fn get<T: DeserializeOwned>(
    store: &ObjectStore<'_>,
    key: &str,
) -> Result<Option<T>, AppError> {
    codec::get_json(store, key).await
}

/// Store `value` under `key`. Only the encoding is generic: the write is one future for every type.
pub fn put<'s, T: Serialize>(
    store: &'s ObjectStore<'s>,
    key: &str,
    value: &T,
) -> impl Future<Output = Result<(), AppError>> + 's {
    codec::put_json(store, JsValue::from(key), value)
}

/// The terminal identity, created and stored on first start.
pub async fn ensure_terminal(db: &Database) -> Result<Terminal, AppError> {
    let tx = db
        .transaction(META)
        .with_mode(TransactionMode::Readwrite)
        .build()?;
    let store = tx.object_store(META)?;
    if let Some(t) = get::<Terminal>(&store, KEY_TERMINAL).await? {
        drop(store);
        tx.commit().await?;
        return Ok(t);
    }
    let terminal = Terminal::new(ids::uuid_v7()?);
    put(&store, KEY_TERMINAL, &terminal).await?;
    drop(store);
    tx.commit().await?;
    Ok(terminal)
}

/// Everything of META the app needs at start.
#[derive(Debug, Default)]
pub struct Stored {
    pub cursor: u64,
    pub settings: Option<StoreSettings>,
    pub tax_rates: Vec<TaxRate>,
    pub categories: Vec<Category>,
    pub policy: Option<StorePolicy>,
    /// Promotions, price lists, customers, coupons and gift cards (its `policy` is not read from here).
    pub commerce: StoreData,
}

impl Stored {
    /// The commerce data with the policy to price with: the pulled policy, else the pulled settings.
    pub fn store_data(&self) -> StoreData {
        StoreData {
            policy: match (&self.policy, &self.settings) {
                (Some(p), _) => p.clone(),
                (None, Some(s)) => StorePolicy::from(s.clone()),
                (None, None) => StorePolicy::default(),
            },
            ..self.commerce.clone()
        }
    }
}

pub async fn load(store: &ObjectStore<'_>) -> Result<Stored, AppError> {
    Ok(Stored {
        cursor: get(store, KEY_CURSOR).await?.unwrap_or(0),
        settings: get(store, KEY_SETTINGS).await?,
        tax_rates: get(store, KEY_TAX_RATES).await?.unwrap_or_default(),
        categories: get(store, KEY_CATEGORIES).await?.unwrap_or_default(),
        policy: get(store, KEY_POLICY).await?,
        commerce: StoreData {
            policy: StorePolicy::default(),
            promotions: get(store, KEY_PROMOTIONS).await?.unwrap_or_default(),
            price_lists: get(store, KEY_PRICE_LISTS).await?.unwrap_or_default(),
            customers: get(store, KEY_CUSTOMERS).await?.unwrap_or_default(),
            coupons: get(store, KEY_COUPONS).await?.unwrap_or_default(),
            gift_cards: get(store, KEY_GIFT_CARDS).await?.unwrap_or_default(),
            till: get(store, KEY_TILL_SETTINGS).await?.unwrap_or_default(),
            stock: get(store, KEY_STOCK).await?.unwrap_or_default(),
            quick_keys: get(store, KEY_QUICK_KEYS).await?.unwrap_or_default(),
            // Not stored: read from the outbox (`sync::refresh_pending`).
            outbox_spent: Vec::new(),
        },
    })
}
