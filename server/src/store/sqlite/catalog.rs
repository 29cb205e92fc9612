//! Catalog tables on SQLite: writes that feed the global change sequence, pulls, and product pages. The
//! commerce entities (policy, price lists, promotions, customers, coupons, gift cards) are in `commerce`.

use super::codec::{decimal_text, enum_text, json_text, parse_decimal, parse_enum, parse_json};
use super::{commerce, BEGIN_WRITE};
use crate::store::{pull_page, CatalogWrite, StoreResult};
use shared::api::ProductPage;
use shared::catalog::{Category, Product, StoreSettings, TaxRate};
use shared::money::Currency;
use shared::sync::{Change, PullResponse};
use sqlx::sqlite::{SqliteConnection, SqlitePool, SqliteRow};
use sqlx::Row;

pub async fn is_empty(pool: &SqlitePool) -> StoreResult<bool> {
    let count: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM store_settings) + (SELECT COUNT(*) FROM products)",
    )
    .fetch_one(pool)
    .await?;
    Ok(count == 0)
}

/// Take the next value of the global change sequence (inside the caller's write transaction).
pub(super) async fn next_seq(conn: &mut SqliteConnection) -> StoreResult<i64> {
    let seq = sqlx::query_scalar(
        "UPDATE change_counter SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq",
    )
    .fetch_one(conn)
    .await?;
    Ok(seq)
}

pub async fn write(pool: &SqlitePool, catalog: &CatalogWrite) -> StoreResult<()> {
    let mut tx = pool.begin_with(BEGIN_WRITE).await?;
    if let Some(settings) = catalog.effective_settings() {
        put_settings(&mut tx, settings).await?;
    }
    if let Some(policy) = &catalog.policy {
        commerce::put_policy(&mut tx, policy).await?;
    }
    for rate in &catalog.tax_rates {
        put_tax_rate(&mut tx, rate).await?;
    }
    for category in &catalog.categories {
        put_category(&mut tx, category).await?;
    }
    for product in &catalog.products {
        put_product(&mut tx, product).await?;
    }
    commerce::write(&mut tx, catalog).await?;
    tx.commit().await?;
    Ok(())
}

async fn put_settings(conn: &mut SqliteConnection, s: &StoreSettings) -> StoreResult<()> {
    let seq = next_seq(conn).await?;
    sqlx::query(
        "INSERT INTO store_settings (id, name, address, currency_code, currency_scale, tax_mode, \
         tax_rounding, rounding, change_seq) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?) \
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, address = excluded.address, \
         currency_code = excluded.currency_code, currency_scale = excluded.currency_scale, \
         tax_mode = excluded.tax_mode, tax_rounding = excluded.tax_rounding, \
         rounding = excluded.rounding, change_seq = excluded.change_seq",
    )
    .bind(&s.name)
    .bind(json_text(&s.address)?)
    .bind(&s.currency.code)
    .bind(i64::from(s.currency.scale))
    .bind(enum_text(&s.tax_mode)?)
    .bind(enum_text(&s.tax_rounding)?)
    .bind(enum_text(&s.rounding)?)
    .bind(seq)
    .execute(conn)
    .await?;
    Ok(())
}

async fn put_tax_rate(conn: &mut SqliteConnection, r: &TaxRate) -> StoreResult<()> {
    let seq = next_seq(conn).await?;
    sqlx::query(
        "INSERT INTO tax_rates (id, name, percent, change_seq) VALUES (?, ?, ?, ?) \
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, percent = excluded.percent, \
         change_seq = excluded.change_seq",
    )
    .bind(&r.id)
    .bind(&r.name)
    .bind(decimal_text(r.percent))
    .bind(seq)
    .execute(conn)
    .await?;
    Ok(())
}

async fn put_category(conn: &mut SqliteConnection, c: &Category) -> StoreResult<()> {
    let seq = next_seq(conn).await?;
    sqlx::query(
        "INSERT INTO categories (id, name, position, change_seq) VALUES (?, ?, ?, ?) \
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, position = excluded.position, \
         change_seq = excluded.change_seq",
    )
    .bind(&c.id)
    .bind(&c.name)
    .bind(c.position)
    .bind(seq)
    .execute(conn)
    .await?;
    Ok(())
}

async fn put_product(conn: &mut SqliteConnection, p: &Product) -> StoreResult<()> {
    let seq = next_seq(conn).await?;
    sqlx::query(
        "INSERT INTO products (id, sku, name, barcode, category_id, price, tax_rate_id, active, version, \
         unit, change_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) \
         ON CONFLICT (id) DO UPDATE SET sku = excluded.sku, name = excluded.name, \
         barcode = excluded.barcode, category_id = excluded.category_id, price = excluded.price, \
         tax_rate_id = excluded.tax_rate_id, active = excluded.active, version = products.version + 1, \
         unit = excluded.unit, change_seq = excluded.change_seq",
    )
    .bind(&p.id)
    .bind(&p.sku)
    .bind(&p.name)
    .bind(&p.barcode)
    .bind(&p.category_id)
    .bind(decimal_text(p.price))
    .bind(&p.tax_rate_id)
    .bind(p.active)
    .bind(enum_text(&p.unit)?)
    .bind(seq)
    .execute(conn)
    .await?;
    Ok(())
}

const PRODUCT_COLUMNS: &str =
    "id, sku, name, barcode, category_id, price, tax_rate_id, active, version, unit, change_seq";

fn product_from_row(row: &SqliteRow) -> StoreResult<Product> {
    let price: String = row.try_get("price")?;
    Ok(Product {
        id: row.try_get("id")?,
        sku: row.try_get("sku")?,
        name: row.try_get("name")?,
        barcode: row.try_get("barcode")?,
        category_id: row.try_get("category_id")?,
        price: parse_decimal(&price, "product price")?,
        tax_rate_id: row.try_get("tax_rate_id")?,
        active: row.try_get("active")?,
        version: row.try_get("version")?,
        unit: parse_enum(row.try_get("unit")?, "product unit")?,
    })
}

pub(super) fn settings_from_row(row: &SqliteRow) -> StoreResult<StoreSettings> {
    let address: String = row.try_get("address")?;
    let scale: i64 = row.try_get("currency_scale")?;
    Ok(StoreSettings {
        name: row.try_get("name")?,
        address: parse_json(&address, "store address")?,
        currency: Currency {
            code: row.try_get("currency_code")?,
            scale: u32::try_from(scale).map_err(|_| {
                crate::store::StoreError::Corrupt(format!("currency scale {scale}"))
            })?,
        },
        tax_mode: parse_enum(row.try_get("tax_mode")?, "tax mode")?,
        tax_rounding: parse_enum(row.try_get("tax_rounding")?, "tax rounding")?,
        rounding: parse_enum(row.try_get("rounding")?, "rounding mode")?,
    })
}

fn tax_rate_from_row(row: &SqliteRow) -> StoreResult<TaxRate> {
    let percent: String = row.try_get("percent")?;
    Ok(TaxRate {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        percent: parse_decimal(&percent, "tax percent")?,
    })
}

fn category_from_row(row: &SqliteRow) -> StoreResult<Category> {
    Ok(Category {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        position: row.try_get("position")?,
    })
}

/// One query per catalog table: at most `fetch` rows above `after`, each turned into a change.
pub(super) async fn changes_of(
    conn: &mut SqliteConnection,
    table_sql: &str,
    after: i64,
    fetch: i64,
    decode: fn(&SqliteRow) -> StoreResult<Change>,
    out: &mut Vec<(i64, Change)>,
) -> StoreResult<()> {
    let sql = format!("{table_sql} WHERE change_seq > ? ORDER BY change_seq LIMIT ?");
    let rows = sqlx::query(&sql)
        .bind(after)
        .bind(fetch)
        .fetch_all(conn)
        .await?;
    for row in &rows {
        out.push((row.try_get("change_seq")?, decode(row)?));
    }
    Ok(())
}

pub async fn pull(pool: &SqlitePool, cursor: u64, limit: u32) -> StoreResult<PullResponse> {
    let after = i64::try_from(cursor).unwrap_or(i64::MAX);
    let fetch = i64::from(limit).saturating_add(1);
    // One read transaction: the queries see the same snapshot, so no change can slip between them.
    let mut tx = pool.begin().await?;
    let mut changes = Vec::new();
    let settings_sql =
        "SELECT name, address, currency_code, currency_scale, tax_mode, tax_rounding, \
                        rounding, change_seq FROM store_settings";
    changes_of(
        &mut tx,
        settings_sql,
        after,
        fetch,
        |r| settings_from_row(r).map(Change::Settings),
        &mut changes,
    )
    .await?;
    let rates_sql = "SELECT id, name, percent, change_seq FROM tax_rates";
    changes_of(
        &mut tx,
        rates_sql,
        after,
        fetch,
        |r| tax_rate_from_row(r).map(Change::TaxRate),
        &mut changes,
    )
    .await?;
    let categories_sql = "SELECT id, name, position, change_seq FROM categories";
    changes_of(
        &mut tx,
        categories_sql,
        after,
        fetch,
        |r| category_from_row(r).map(Change::Category),
        &mut changes,
    )
    .await?;
    let products_sql = format!("SELECT {PRODUCT_COLUMNS} FROM products");
    changes_of(
        &mut tx,
        &products_sql,
        after,
        fetch,
        |r| product_from_row(r).map(Change::Product),
        &mut changes,
    )
    .await?;
    commerce::changes(&mut tx, after, fetch, &mut changes).await?;
    tx.commit().await?;

    pull_page::page(changes, cursor, limit)
}

pub async fn products_page(
    pool: &SqlitePool,
    after: Option<String>,
    limit: u32,
) -> StoreResult<ProductPage> {
    let sql = format!(
        "SELECT {PRODUCT_COLUMNS} FROM products WHERE (?1 IS NULL OR id > ?1) ORDER BY id LIMIT ?2"
    );
    let rows = sqlx::query(&sql)
        .bind(after)
        .bind(i64::from(limit) + 1)
        .fetch_all(pool)
        .await?;
    let mut products = rows
        .iter()
        .map(product_from_row)
        .collect::<StoreResult<Vec<_>>>()?;
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let next_after = if products.len() > limit {
        products.truncate(limit);
        products.last().map(|p| p.id.clone())
    } else {
        None
    };
    Ok(ProductPage {
        products,
        next_after,
    })
}
