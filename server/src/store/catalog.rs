//! Catalog tables, on both stores: writes that feed the global change sequence (in pull order), pulls, tax
//! rates, categories and product pages (product rows: `products`; product and modifier groups: `groups`). The settings and the commerce entities (policy, price lists,
//! promotions, customers, coupons, gift cards) are in `commerce`.
//!
//! Every write takes its change sequence value through `{next_seq}` and counts it with [`write_change`]. On
//! PostgreSQL a catalog write holds the catalog advisory lock from before its first `nextval` until it
//! commits, so writers (of any instance) take sequence values in commit order and a pull never sees N+1
//! without N.

use super::auth::{self, NewAudit};
use super::sql::{begin_snapshot, begin_write, sql, Columns, Conn, Db, RowOf};
use super::upsert::Upsert;
use super::{
    commerce, groups, id_page, products, pull_page, stores, CatalogWrite, Progress, StoreError,
    StoreResult,
};
use shared::api::ProductPage;
use shared::catalog::{Category, TaxRate};
use shared::stores::DEFAULT_STORE_ID;
use shared::sync::{Change, PullResponse};
use sqlx::Pool;
use uuid::Uuid;

pub async fn is_empty<D: Db>(pool: &Pool<D>) -> StoreResult<bool> {
    let row = sql("SELECT (SELECT COUNT(*) FROM stores) + (SELECT COUNT(*) FROM products) AS n")
        .fetch_one(pool)
        .await?;
    Ok(row.int("n")? == 0)
}

pub async fn write<D: Db>(pool: &Pool<D>, catalog: &CatalogWrite) -> StoreResult<()> {
    let mut tx = begin_write(pool).await?;
    tx.lock_catalog().await?;
    if let Some(settings) = catalog.effective_settings() {
        stores::put_settings(&mut *tx, settings).await?;
    }
    if let Some(policy) = &catalog.policy {
        stores::put_policy(&mut *tx, policy).await?;
    }
    for rate in &catalog.tax_rates {
        tax_rate_row(rate).write(&mut *tx).await?;
    }
    for category in &catalog.categories {
        category_row(category).write(&mut *tx).await?;
    }
    for group in &catalog.product_groups {
        groups::product_group_row(group)?.write(&mut *tx).await?;
    }
    for group in &catalog.modifier_groups {
        groups::modifier_group_row(group)?.write(&mut *tx).await?;
    }
    for product in &catalog.products {
        products::put(&mut *tx, product, products::row(product)?).await?;
    }
    commerce::write(&mut *tx, catalog).await?;
    tx.commit().await?;
    Ok(())
}

/// An import's write, in one transaction: its product groups, then its products in bulk
/// ([`products::put_many`], `progress` told how many are written), then `audit`.
pub async fn import<D: Db>(
    pool: &Pool<D>,
    catalog: &CatalogWrite,
    audit: &NewAudit,
    progress: Progress<'_>,
) -> StoreResult<()> {
    let mut tx = begin_write(pool).await?;
    tx.lock_catalog().await?;
    for group in &catalog.product_groups {
        groups::product_group_row(group)?.write(&mut *tx).await?;
    }
    products::put_many(&mut *tx, &catalog.products, progress).await?;
    auth::audit::insert(&mut *tx, audit).await?;
    tx.commit().await?;
    Ok(())
}

pub fn tax_rate_row(r: &TaxRate) -> Upsert<'_> {
    Upsert::new("tax_rates", "id", &r.id)
        .col("name", &r.name)
        .col("percent", r.percent)
}

pub fn category_row(c: &Category) -> Upsert<'_> {
    Upsert::new("categories", "id", &c.id)
        .col("name", &c.name)
        .col("position", c.position)
}

fn tax_rate_from_row(row: &impl Columns) -> StoreResult<TaxRate> {
    Ok(TaxRate {
        id: row.text("id")?,
        name: row.text("name")?,
        percent: row.decimal("percent")?,
    })
}

fn category_from_row(row: &impl Columns) -> StoreResult<Category> {
    let position = row.int("position")?;
    Ok(Category {
        id: row.text("id")?,
        name: row.text("name")?,
        position: i32::try_from(position)
            .map_err(|_| StoreError::Corrupt(format!("category position {position}")))?,
    })
}

/// The changes above `cursor`: as a terminal of `store` pulls them (its store's settings and policy, products
/// at its store's prices), or (`None`) the chain's catalog with the first store's settings and policy and the
/// products' own prices (integrations, the CSV import's view of the catalog).
pub async fn pull<D: Db>(
    pool: &Pool<D>,
    cursor: u64,
    limit: u32,
    store: Option<Uuid>,
) -> StoreResult<PullResponse> {
    let after = i64::try_from(cursor).unwrap_or(i64::MAX);
    let fetch = i64::from(limit).saturating_add(1);
    // One snapshot for all the queries, so no change can slip between them.
    let mut tx = begin_snapshot(pool).await?;
    let mut changes = Vec::new();
    stores::changes(
        &mut *tx,
        after,
        fetch,
        store.unwrap_or(DEFAULT_STORE_ID),
        &mut changes,
    )
    .await?;
    let tables: [(&str, pull_page::Decode<RowOf<D>>); 5] = [
        ("SELECT id, name, percent, change_seq FROM tax_rates", |r| {
            tax_rate_from_row(r).map(Change::TaxRate)
        }),
        (
            "SELECT id, name, position, change_seq FROM categories",
            |r| category_from_row(r).map(Change::Category),
        ),
        (products::PRODUCTS_SQL, |r| {
            products::product_from_row(r).map(Change::Product)
        }),
        (groups::PRODUCT_GROUPS_SQL, |r| {
            groups::product_group_from_row(r).map(Change::ProductGroup)
        }),
        (groups::MODIFIER_GROUPS_SQL, |r| {
            groups::modifier_group_from_row(r).map(Change::ModifierGroup)
        }),
    ];
    for (table_sql, decode) in tables {
        pull_page::changes_of(&mut *tx, table_sql, after, fetch, decode, &mut changes).await?;
    }
    super::stock::pulled_changes(&mut *tx, after, fetch, store, &mut changes).await?;
    commerce::changes(&mut *tx, after, fetch, &mut changes).await?;
    super::held::changes(&mut *tx, after, fetch, &mut changes).await?;
    if let Some(store) = store {
        stores::price_changes(&mut *tx, after, fetch, store, &mut changes).await?;
        super::quick_keys::changes(&mut *tx, after, fetch, store, &mut changes).await?;
        stores::apply_prices(&mut *tx, store, &mut changes).await?;
    }
    tx.commit().await?;
    pull_page::page(changes, cursor, limit)
}

pub async fn products_page<D: Db>(
    pool: &Pool<D>,
    after: Option<String>,
    limit: u32,
) -> StoreResult<ProductPage> {
    let (products, next_after) = id_page::page(
        pool,
        products::PRODUCTS_SQL,
        after,
        limit,
        products::product_from_row,
        |p| &p.id,
    )
    .await?;
    Ok(ProductPage {
        products,
        next_after,
    })
}
