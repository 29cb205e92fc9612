//! Reads of recorded documents on PostgreSQL: sales, refunds and ingest flags, for the API.

use crate::store::codec::parse_json;
use crate::store::legacy::parse_sale;
use crate::store::{IngestFlag, StoreResult};
use shared::document::{Refund, SaleDocument};
use sqlx::postgres::PgPool;
use sqlx::Row;
use uuid::Uuid;

pub async fn list_sales(
    pool: &PgPool,
    device_id: Option<Uuid>,
    limit: u32,
) -> StoreResult<Vec<SaleDocument>> {
    let bodies: Vec<String> = sqlx::query_scalar(
        "SELECT body::text FROM sales WHERE ($1::uuid IS NULL OR device_id = $1) \
         ORDER BY created_at DESC, id DESC LIMIT $2",
    )
    .bind(device_id)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    bodies.iter().map(|b| parse_sale(b)).collect()
}

pub async fn sale(pool: &PgPool, id: Uuid) -> StoreResult<Option<SaleDocument>> {
    let body: Option<String> = sqlx::query_scalar("SELECT body::text FROM sales WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?;
    body.map(|b| parse_sale(&b)).transpose()
}

fn refunds(bodies: &[String]) -> StoreResult<Vec<Refund>> {
    bodies
        .iter()
        .map(|b| parse_json(b, "stored refund"))
        .collect()
}

pub async fn sale_refunds(pool: &PgPool, sale_id: Uuid) -> StoreResult<Option<Vec<Refund>>> {
    // One statement: the sale's existence and its refunds from the same snapshot.
    let rows = sqlx::query(
        "SELECT r.body::text AS body FROM sales s LEFT JOIN refunds r ON r.sale_id = s.id \
         WHERE s.id = $1 ORDER BY r.created_at, r.id",
    )
    .bind(sale_id)
    .fetch_all(pool)
    .await?;
    if rows.is_empty() {
        return Ok(None);
    }
    let bodies = rows
        .iter()
        .filter_map(|row| row.try_get::<Option<String>, _>("body").transpose())
        .collect::<Result<Vec<String>, _>>()?;
    refunds(&bodies).map(Some)
}

pub async fn list_refunds(pool: &PgPool, limit: u32) -> StoreResult<Vec<Refund>> {
    let bodies: Vec<String> = sqlx::query_scalar(
        "SELECT body::text FROM refunds ORDER BY created_at DESC, id DESC LIMIT $1",
    )
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    refunds(&bodies)
}

pub async fn flags(pool: &PgPool, limit: u32) -> StoreResult<Vec<IngestFlag>> {
    let rows = sqlx::query(
        "SELECT mutation_id, kind, subject, detail FROM ingest_flags ORDER BY id DESC LIMIT $1",
    )
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(IngestFlag {
                mutation_id: row.try_get("mutation_id")?,
                kind: row.try_get("kind")?,
                subject: row.try_get("subject")?,
                detail: row.try_get("detail")?,
            })
        })
        .collect()
}
