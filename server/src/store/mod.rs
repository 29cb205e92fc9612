//! Storage interface: everything the HTTP layer needs from a database, behind one object-safe trait.
//!
//! Implementations: [`sqlite::SqliteStore`] (the default, one file in the data directory) and
//! [`postgres::PgStore`] (one database that several server instances may share); their schemas translate
//! column for column. Both apply pushes with the rules in [`crate::push::plan`].

pub mod auth;
mod backend;
mod catalog;
mod catalog_edit;
pub mod codec;
mod commerce;
pub mod customers;
pub mod events;
mod groups;
pub mod held;
mod id_page;
pub mod idempotency;
pub mod ledgers;
pub mod legacy;
pub mod loyalty;
pub mod postgres;
pub(crate) mod products;
pub mod pull_page;
mod queries;
pub mod quick_keys;
pub mod sql;
pub mod sqlite;
pub mod stock;
pub mod stores;
mod upsert;

pub use catalog_edit::CatalogEdit;
pub use products::ProductQuery;
pub use queries::SaleSearch;

use crate::push::{PushBatch, PushRejection};
use shared::api::{CustomerPage, ProductPage};
use shared::catalog::validate::FieldError;
use shared::catalog::{
    Category, CustomerRecord, GiftCardBalance, ModifierGroup, Product, ProductGroup, StoreSettings,
    TaxRate,
};
use shared::document::{Refund, SaleDocument, Void};
use shared::policy::StorePolicy;
use shared::price_list::PriceList;
use shared::promotion::{CouponEntry, Promotion};
use shared::sync::PullResponse;
use std::future::Future;
use std::pin::Pin;
use thiserror::Error;
use uuid::Uuid;

/// Failures of the storage layer.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The push broke a sync rule; nothing of the batch was applied.
    #[error(transparent)]
    Rejected(#[from] PushRejection),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The database's lock file could not be locked (e.g. `server restore` is replacing the database).
    #[error("cannot lock {path}: {source}")]
    Lock {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    /// A stored value could not be read back (hand-edited or damaged database).
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
    /// The database answers but cannot serve yet (e.g. migrations not applied).
    #[error("database not ready: {0}")]
    NotReady(String),
    /// A unique value is taken (an email, a receipt prefix); names what.
    #[error("{0} is already taken")]
    Conflict(&'static str),
    /// A catalog write breaks a rule; each failure names its field.
    #[error("{}", invalid_text(.0))]
    Invalid(Vec<FieldError>),
    /// A catalog write based on a version that is no longer the stored one.
    #[error("{what} {id} is at version {current}, not {given}: reload it and try again")]
    StaleVersion {
        what: &'static str,
        id: String,
        current: i64,
        given: i64,
    },
    /// What a catalog write names does not exist.
    #[error("no {what} {id}")]
    Missing { what: &'static str, id: String },
    /// A write refused by a rule, in words (`code` for programs; `field` when one field is at fault).
    #[error("{message}")]
    Refused {
        code: &'static str,
        field: Option<String>,
        message: String,
    },
}

fn invalid_text(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

impl StoreError {
    /// `Conflict(what)` for a unique-constraint violation, the error itself otherwise.
    pub fn unique_as_conflict(self, what: &'static str) -> Self {
        match &self {
            StoreError::Database(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                StoreError::Conflict(what)
            }
            _ => self,
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// The future every store method returns (boxed so the trait can be used as `dyn Store`).
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = StoreResult<T>> + Send + 'a>>;

/// Catalog entities to write, applied in this order: settings, policy, tax rates, categories, product groups,
/// modifier groups, products, price lists, promotions, withdrawn promotions, customers, coupons, gift cards (the
/// order a pull from 0 returns).
/// Each written entity takes the next value of the global change sequence.
#[derive(Clone, Debug, Default)]
pub struct CatalogWrite {
    pub settings: Option<StoreSettings>,
    /// Cash rounding, promotion policy and loyalty point value. The store's settings are `settings` when given,
    /// else the policy's own settings (then written as the settings first).
    pub policy: Option<StorePolicy>,
    pub tax_rates: Vec<TaxRate>,
    pub categories: Vec<Category>,
    /// The parents of variants (before the products naming them).
    pub product_groups: Vec<ProductGroup>,
    pub modifier_groups: Vec<ModifierGroup>,
    pub products: Vec<Product>,
    pub price_lists: Vec<PriceList>,
    pub promotions: Vec<Promotion>,
    /// Ids of promotions to withdraw: terminals get `PromotionRemoved`.
    pub removed_promotions: Vec<String>,
    /// Customers with their balances as given (overwriting what the server counted).
    pub customers: Vec<CustomerRecord>,
    /// Coupon codes (stored normalised: trimmed, upper case) with their remaining uses.
    pub coupons: Vec<CouponEntry>,
    pub gift_cards: Vec<GiftCardBalance>,
}

impl CatalogWrite {
    /// The settings this write stores: `settings`, else the policy's.
    pub fn effective_settings(&self) -> Option<&StoreSettings> {
        self.settings
            .as_ref()
            .or(self.policy.as_ref().map(|p| &p.settings))
    }
}

/// Told how many products of a catalog write are written so far (for a progress bar).
pub type Progress<'a> = &'a (dyn Fn(u64) + Send + Sync);

/// A push that was accepted but flagged (exhausted coupon, overdrawn or unknown balance).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct IngestFlag {
    pub mutation_id: Uuid,
    /// `coupon_exhausted`, `unknown_coupon`, `gift_card_overdrawn`, `unknown_gift_card`,
    /// `store_credit_overdrawn`, `loyalty_overdrawn`, `unknown_account`, `unapproved_refund`, `unapproved_void`
    /// or `unapproved_discount`.
    pub kind: String,
    /// The coupon code, gift card or customer account; for the `unapproved_*` kinds the cashier's staff id.
    pub subject: String,
    pub detail: String,
}

/// The server's storage.
///
/// Invariant for implementations: changes become visible to `pull` in change-sequence order (a reader never
/// sees sequence N+1 committed while N is still pending), otherwise terminals could skip a change for good.
pub trait Store:
    auth::AuthStore
    + held::HeldStore
    + stores::StoresStore
    + stock::StockStore
    + quick_keys::QuickKeysStore
    + loyalty::LoyaltyStore
    + customers::CustomersStore
    + events::EventsStore
    + idempotency::IdempotencyStore
    + Send
    + Sync
    + 'static
{
    /// True when the database holds no catalog at all (first start).
    fn is_empty(&self) -> StoreFuture<'_, bool>;

    /// Insert or update catalog entities in one transaction (products get their version bumped on update).
    fn write_catalog<'a>(&'a self, catalog: &'a CatalogWrite) -> StoreFuture<'a, ()>;

    /// An import: the product groups and products of `catalog` (nothing else of it) written in bulk in one
    /// transaction with `audit`, each taking the next change sequence value; `progress` is told how many
    /// products are written so far (they become visible together, at the commit).
    fn import_catalog<'a>(
        &'a self,
        catalog: &'a CatalogWrite,
        audit: &'a auth::NewAudit,
        progress: Progress<'a>,
    ) -> StoreFuture<'a, ()>;

    /// Changes with a sequence above `cursor`, ascending, at most `limit` of them.
    fn pull(&self, cursor: u64, limit: u32) -> StoreFuture<'_, PullResponse>;

    /// Apply a push atomically (all or nothing) and answer the device's last applied sequence.
    /// Refusals come back as [`StoreError::Rejected`].
    fn push(&self, batch: PushBatch) -> StoreFuture<'_, u64>;

    /// Products ordered by id, starting after `after`.
    fn products_page(&self, after: Option<String>, limit: u32) -> StoreFuture<'_, ProductPage>;

    /// A back office catalog write with its audit entry, in one transaction; answers what terminals will pull.
    fn edit_catalog<'a>(
        &'a self,
        edit: &'a CatalogEdit,
        audit: &'a auth::NewAudit,
    ) -> StoreFuture<'a, Vec<shared::sync::Change>>;

    /// The back office's product list: filtered, in name order, one page after `q.after`.
    fn search_products<'a>(
        &'a self,
        q: &'a ProductQuery,
        limit: u32,
    ) -> StoreFuture<'a, ProductPage>;

    /// Sales newest first, optionally of one device.
    fn list_sales(&self, device_id: Option<Uuid>, limit: u32)
        -> StoreFuture<'_, Vec<SaleDocument>>;

    /// A page of the sales `q` finds, newest first, across tills and days, and whether more follow.
    fn search_sales<'a>(
        &'a self,
        q: &'a SaleSearch,
        limit: u32,
    ) -> StoreFuture<'a, (Vec<SaleDocument>, bool)>;

    /// One sale by id.
    fn sale(&self, id: Uuid) -> StoreFuture<'_, Option<SaleDocument>>;

    /// The refunds of a sale (exchange returns included), oldest first; `None` when there is no such sale.
    fn sale_refunds(&self, sale_id: Uuid) -> StoreFuture<'_, Option<Vec<Refund>>>;

    /// The void of a sale, when it was voided.
    fn sale_void(&self, sale_id: Uuid) -> StoreFuture<'_, Option<Void>>;

    /// Refunds newest first.
    fn list_refunds(&self, limit: u32) -> StoreFuture<'_, Vec<Refund>>;

    /// A gift card's balance by its code.
    fn gift_card<'a>(&'a self, code: &'a str) -> StoreFuture<'a, Option<GiftCardBalance>>;

    /// Customers ordered by id, starting after `after`.
    fn customers_page(&self, after: Option<String>, limit: u32) -> StoreFuture<'_, CustomerPage>;

    /// Flagged pushes, newest first.
    fn flags(&self, limit: u32) -> StoreFuture<'_, Vec<IngestFlag>>;

    /// Whether the database answers and its schema is up to date (for `/readyz`). The default only checks that
    /// the database answers a query; implementations should also check their migrations.
    fn check_ready(&self) -> StoreFuture<'_, ()> {
        Box::pin(async move { self.is_empty().await.map(|_| ()) })
    }

    /// Flush and close connections (on shutdown).
    fn close(&self) -> StoreFuture<'_, ()>;
}

/// Ready means every migration embedded in this binary is applied: `applied` are the versions the database
/// records as successful. Both stores answer `/readyz` through this.
pub(crate) fn require_migrations(
    migrator: &sqlx::migrate::Migrator,
    applied: &[i64],
) -> StoreResult<()> {
    let missing: Vec<i64> = migrator
        .iter()
        .map(|m| m.version)
        .filter(|v| !applied.contains(v))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(StoreError::NotReady(format!(
            "migrations not applied: {missing:?}"
        )))
    }
}
