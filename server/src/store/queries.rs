//! Reads of recorded documents, on both stores: sales, refunds and ingest flags, for the API.

use super::legacy::parse_sale;
use super::sql::{sql, Columns, Db};
use super::{IngestFlag, StoreResult};
use shared::document::{Refund, SaleDocument};
use sqlx::Pool;
use uuid::Uuid;

pub async fn list_sales<D: Db>(
    pool: &Pool<D>,
    device_id: Option<Uuid>,
    limit: u32,
) -> StoreResult<Vec<SaleDocument>> {
    let rows = sql(
        "SELECT body FROM sales WHERE ($1 IS NULL OR device_id = $1) \
         ORDER BY created_at DESC, id DESC LIMIT $2",
    )
    .bind(device_id)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| parse_sale(&row.json_text("body")?))
        .collect()
}

pub async fn sale<D: Db>(pool: &Pool<D>, id: Uuid) -> StoreResult<Option<SaleDocument>> {
    let row = sql("SELECT body FROM sales WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?;
    row.map(|row| parse_sale(&row.json_text("body")?))
        .transpose()
}

pub async fn sale_refunds<D: Db>(
    pool: &Pool<D>,
    sale_id: Uuid,
) -> StoreResult<Option<Vec<Refund>>> {
    // One statement: the sale's existence and its refunds from the same snapshot.
    let rows = sql(
        "SELECT r.body AS body FROM sales s LEFT JOIN refunds r ON r.sale_id = s.id \
         WHERE s.id = $1 ORDER BY r.created_at, r.id",
    )
    .bind(sale_id)
    .fetch_all(pool)
    .await?;
    if rows.is_empty() {
        return Ok(None);
    }
    let mut refunds = Vec::new();
    for row in &rows {
        refunds.extend(row.opt_json::<Refund>("body")?);
    }
    Ok(Some(refunds))
}

pub async fn list_refunds<D: Db>(pool: &Pool<D>, limit: u32) -> StoreResult<Vec<Refund>> {
    let rows = sql("SELECT body FROM refunds ORDER BY created_at DESC, id DESC LIMIT $1")
        .bind(i64::from(limit))
        .fetch_all(pool)
        .await?;
    rows.iter().map(|row| row.json("body")).collect()
}

pub async fn flags<D: Db>(pool: &Pool<D>, limit: u32) -> StoreResult<Vec<IngestFlag>> {
    let rows = sql(
        "SELECT mutation_id, kind, subject, detail FROM ingest_flags ORDER BY id DESC LIMIT $1",
    )
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(IngestFlag {
                mutation_id: row.uuid("mutation_id")?,
                kind: row.text("kind")?,
                subject: row.text("subject")?,
                detail: row.text("detail")?,
            })
        })
        .collect()
}
