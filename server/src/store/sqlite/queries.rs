//! Reads of recorded documents on SQLite: sales, refunds and ingest flags, for the API.

use super::codec::parse_json;
use crate::store::legacy::parse_sale;
use crate::store::{IngestFlag, StoreError, StoreResult};
use shared::document::{Refund, SaleDocument};
use sqlx::sqlite::SqlitePool;
use sqlx::Row;
use uuid::Uuid;

pub async fn list_sales(
    pool: &SqlitePool,
    device_id: Option<Uuid>,
    limit: u32,
) -> StoreResult<Vec<SaleDocument>> {
    let bodies: Vec<String> = sqlx::query_scalar(
        "SELECT body FROM sales WHERE (?1 IS NULL OR device_id = ?1) ORDER BY created_at DESC, id DESC LIMIT ?2",
    )
    .bind(device_id.map(|d| d.to_string()))
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    bodies.iter().map(|b| parse_sale(b)).collect()
}

pub async fn sale(pool: &SqlitePool, id: Uuid) -> StoreResult<Option<SaleDocument>> {
    let body: Option<String> = sqlx::query_scalar("SELECT body FROM sales WHERE id = ?")
        .bind(id.to_string())
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

pub async fn sale_refunds(pool: &SqlitePool, sale_id: Uuid) -> StoreResult<Option<Vec<Refund>>> {
    let mut tx = pool.begin().await?;
    let exists: Option<i64> = sqlx::query_scalar("SELECT 1 FROM sales WHERE id = ?")
        .bind(sale_id.to_string())
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_none() {
        return Ok(None);
    }
    let bodies: Vec<String> =
        sqlx::query_scalar("SELECT body FROM refunds WHERE sale_id = ? ORDER BY created_at, id")
            .bind(sale_id.to_string())
            .fetch_all(&mut *tx)
            .await?;
    tx.commit().await?;
    refunds(&bodies).map(Some)
}

pub async fn list_refunds(pool: &SqlitePool, limit: u32) -> StoreResult<Vec<Refund>> {
    let bodies: Vec<String> =
        sqlx::query_scalar("SELECT body FROM refunds ORDER BY created_at DESC, id DESC LIMIT ?")
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?;
    refunds(&bodies)
}

pub async fn flags(pool: &SqlitePool, limit: u32) -> StoreResult<Vec<IngestFlag>> {
    let rows = sqlx::query(
        "SELECT mutation_id, kind, subject, detail FROM ingest_flags ORDER BY id DESC LIMIT ?",
    )
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            let mutation: String = row.try_get("mutation_id")?;
            Ok(IngestFlag {
                mutation_id: Uuid::parse_str(&mutation)
                    .map_err(|e| StoreError::Corrupt(format!("mutation id '{mutation}': {e}")))?,
                kind: row.try_get("kind")?,
                subject: row.try_get("subject")?,
                detail: row.try_get("detail")?,
            })
        })
        .collect()
}
