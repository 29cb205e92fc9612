//! Catalog tables, on both stores: writes that feed the global change sequence (in pull order), pulls, tax
//! rates, categories and product pages. The settings and the commerce entities (policy, price lists,
//! promotions, customers, coupons, gift cards) are in `commerce`.
//!
//! Every write takes its change sequence value through `{next_seq}` and counts it with [`write_change`]. On
//! PostgreSQL a catalog write holds the catalog advisory lock from before its first `nextval` until it
//! commits, so writers (of any instance) take sequence values in commit order and a pull never sees N+1
//! without N.

use super::codec::enum_text;
use super::sql::{begin_snapshot, begin_write, sql, write_change, Columns, Conn, Db, RowOf};
use super::{commerce, id_page, pull_page, CatalogWrite, StoreError, StoreResult};
use shared::api::ProductPage;
use shared::catalog::{Category, Product, TaxRate};
use shared::sync::{Change, PullResponse};
use sqlx::Pool;

pub async fn is_empty<D: Db>(pool: &Pool<D>) -> StoreResult<bool> {
    let row =
        sql("SELECT (SELECT COUNT(*) FROM store_settings) + (SELECT COUNT(*) FROM products) AS n")
            .fetch_one(pool)
            .await?;
    Ok(row.int("n")? == 0)
}

pub async fn write<D: Db>(pool: &Pool<D>, catalog: &CatalogWrite) -> StoreResult<()> {
    let mut tx = begin_write(pool).await?;
    tx.lock_catalog().await?;
    if let Some(settings) = catalog.effective_settings() {
        commerce::put_settings(&mut *tx, settings).await?;
    }
    if let Some(policy) = &catalog.policy {
        commerce::put_policy(&mut *tx, policy).await?;
    }
    for rate in &catalog.tax_rates {
        put_tax_rate(&mut *tx, rate).await?;
    }
    for category in &catalog.categories {
        put_category(&mut *tx, category).await?;
    }
    for product in &catalog.products {
        put_product(&mut *tx, product).await?;
    }
    commerce::write(&mut *tx, catalog).await?;
    tx.commit().await?;
    Ok(())
}

async fn put_tax_rate<C: Conn>(conn: &mut C, r: &TaxRate) -> StoreResult<()> {
    let stmt = sql(
        "INSERT INTO tax_rates (id, name, percent, change_seq) VALUES ($1, $2, $3, {next_seq}) \
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, percent = excluded.percent, \
         change_seq = excluded.change_seq",
    )
    .bind(&r.id)
    .bind(&r.name)
    .bind(r.percent);
    write_change(conn, stmt).await
}

async fn put_category<C: Conn>(conn: &mut C, c: &Category) -> StoreResult<()> {
    let stmt = sql(
        "INSERT INTO categories (id, name, position, change_seq) VALUES ($1, $2, $3, {next_seq}) \
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, position = excluded.position, \
         change_seq = excluded.change_seq",
    )
    .bind(&c.id)
    .bind(&c.name)
    .bind(c.position);
    write_change(conn, stmt).await
}

async fn put_product<C: Conn>(conn: &mut C, p: &Product) -> StoreResult<()> {
    let stmt = sql(
        "INSERT INTO products (id, sku, name, barcode, category_id, price, tax_rate_id, active, version, \
         unit, change_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, {next_seq}) \
         ON CONFLICT (id) DO UPDATE SET sku = excluded.sku, name = excluded.name, \
         barcode = excluded.barcode, category_id = excluded.category_id, price = excluded.price, \
         tax_rate_id = excluded.tax_rate_id, active = excluded.active, version = products.version + 1, \
         unit = excluded.unit, change_seq = excluded.change_seq",
    )
    .bind(&p.id)
    .bind(&p.sku)
    .bind(&p.name)
    .bind(p.barcode.as_deref())
    .bind(&p.category_id)
    .bind(p.price)
    .bind(&p.tax_rate_id)
    .bind(p.active)
    .bind(enum_text(&p.unit)?);
    write_change(conn, stmt).await
}

const PRODUCT_COLUMNS: &str =
    "id, sku, name, barcode, category_id, price, tax_rate_id, active, version, unit, change_seq";

fn product_from_row(row: &impl Columns) -> StoreResult<Product> {
    Ok(Product {
        id: row.text("id")?,
        sku: row.text("sku")?,
        name: row.text("name")?,
        barcode: row.opt_text("barcode")?,
        category_id: row.text("category_id")?,
        price: row.decimal("price")?,
        tax_rate_id: row.text("tax_rate_id")?,
        active: row.flag("active")?,
        version: row.int("version")?,
        unit: row.enumerated("unit")?,
    })
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

pub async fn pull<D: Db>(pool: &Pool<D>, cursor: u64, limit: u32) -> StoreResult<PullResponse> {
    let after = i64::try_from(cursor).unwrap_or(i64::MAX);
    let fetch = i64::from(limit).saturating_add(1);
    // One snapshot for all the queries, so no change can slip between them.
    let mut tx = begin_snapshot(pool).await?;
    let mut changes = Vec::new();
    let products_sql = format!("SELECT {PRODUCT_COLUMNS} FROM products");
    let tables: [(&str, pull_page::Decode<RowOf<D>>); 4] = [
        (
            "SELECT name, address, currency_code, currency_scale, tax_mode, tax_rounding, rounding, \
             change_seq FROM store_settings",
            |r| commerce::settings_from_row(r).map(Change::Settings),
        ),
        ("SELECT id, name, percent, change_seq FROM tax_rates", |r| {
            tax_rate_from_row(r).map(Change::TaxRate)
        }),
        ("SELECT id, name, position, change_seq FROM categories", |r| {
            category_from_row(r).map(Change::Category)
        }),
        (&products_sql, |r| product_from_row(r).map(Change::Product)),
    ];
    for (table_sql, decode) in tables {
        pull_page::changes_of(&mut *tx, table_sql, after, fetch, decode, &mut changes).await?;
    }
    commerce::changes(&mut *tx, after, fetch, &mut changes).await?;
    super::held::changes(&mut *tx, after, fetch, &mut changes).await?;
    tx.commit().await?;
    pull_page::page(changes, cursor, limit)
}

pub async fn products_page<D: Db>(
    pool: &Pool<D>,
    after: Option<String>,
    limit: u32,
) -> StoreResult<ProductPage> {
    let table_sql = format!("SELECT {PRODUCT_COLUMNS} FROM products");
    let (products, next_after) =
        id_page::page(pool, &table_sql, after, limit, product_from_row, |p| &p.id).await?;
    Ok(ProductPage {
        products,
        next_after,
    })
}
