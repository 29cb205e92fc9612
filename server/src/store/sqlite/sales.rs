//! Sales on SQLite: the transactional, exactly-once application of pushed mutations, and sale queries.

use super::codec::{
    decimal_text, enum_text, json_text, parse_json, seq_from_db, seq_to_db, time_text,
};
use super::BEGIN_WRITE;
use crate::push::{plan, AppliedMutation, Known, PreparedMutation, PushBatch};
use crate::store::{StoreError, StoreResult};
use chrono::Utc;
use shared::sale::{Sale, Tender};
use sqlx::sqlite::{SqliteConnection, SqlitePool};
use sqlx::Row;
use std::collections::HashMap;
use uuid::Uuid;

/// The last sequence applied for a device, 0 if it never pushed.
async fn last_seq(conn: &mut SqliteConnection, device: &str) -> StoreResult<u64> {
    let seq: Option<i64> = sqlx::query_scalar("SELECT last_seq FROM devices WHERE id = ?")
        .bind(device)
        .fetch_optional(conn)
        .await?;
    seq_from_db(seq.unwrap_or(0), "device sequence")
}

/// Apply a batch in one write transaction (`BEGIN IMMEDIATE` serialises pushes): read what is known about the
/// batch, let [`plan`] decide, write the new mutations. Any refusal returns early, rolling the transaction back.
pub async fn push(pool: &SqlitePool, batch: PushBatch) -> StoreResult<u64> {
    let device = batch.device_id.to_string();
    if batch.mutations.is_empty() {
        let mut conn = pool.acquire().await?;
        return last_seq(&mut conn, &device).await;
    }
    let now = time_text(Utc::now());
    let mut tx = pool.begin_with(BEGIN_WRITE).await?;
    sqlx::query(
        "INSERT INTO devices (id, last_seq, first_seen_at) VALUES (?, 0, ?) ON CONFLICT (id) DO NOTHING",
    )
    .bind(&device)
    .bind(&now)
    .execute(&mut *tx)
    .await?;
    let known = Known {
        last_seq: last_seq(&mut tx, &device).await?,
        mutations: applied_mutations(&mut tx, &batch.mutation_ids()).await?,
        sales: recorded_sales(&mut tx, &batch.sale_ids()).await?,
    };
    let start = known.last_seq;
    let plan = plan(&batch, known)?;
    for m in &plan.new {
        apply(&mut tx, &device, m, &now).await?;
    }
    if plan.last_seq != start {
        sqlx::query("UPDATE devices SET last_seq = ?, last_push_at = ? WHERE id = ?")
            .bind(seq_to_db(plan.last_seq, "device sequence")?)
            .bind(&now)
            .bind(&device)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(plan.last_seq)
}

/// The ids as a JSON array, for `IN (SELECT value FROM json_each(?))`: one query for the whole batch.
fn id_array(ids: &[Uuid]) -> StoreResult<String> {
    json_text(&ids.iter().map(Uuid::to_string).collect::<Vec<_>>())
}

fn uuid_from_db(text: &str, what: &str) -> StoreResult<Uuid> {
    Uuid::parse_str(text).map_err(|e| StoreError::Corrupt(format!("{what} '{text}': {e}")))
}

/// Already applied mutations among `ids`.
async fn applied_mutations(
    conn: &mut SqliteConnection,
    ids: &[Uuid],
) -> StoreResult<HashMap<Uuid, AppliedMutation>> {
    let rows = sqlx::query(
        "SELECT id, device_id, body_hash FROM mutations WHERE id IN (SELECT value FROM json_each(?))",
    )
    .bind(id_array(ids)?)
    .fetch_all(conn)
    .await?;
    let mut applied = HashMap::with_capacity(rows.len());
    for row in &rows {
        let id: String = row.try_get("id")?;
        let device: String = row.try_get("device_id")?;
        applied.insert(
            uuid_from_db(&id, "mutation id")?,
            AppliedMutation {
                device_id: uuid_from_db(&device, "device id")?,
                body_hash: row.try_get("body_hash")?,
            },
        );
    }
    Ok(applied)
}

/// Already recorded sales among `ids`: sale id → the mutation that recorded it.
async fn recorded_sales(
    conn: &mut SqliteConnection,
    ids: &[Uuid],
) -> StoreResult<HashMap<Uuid, Uuid>> {
    let rows = sqlx::query(
        "SELECT id, mutation_id FROM sales WHERE id IN (SELECT value FROM json_each(?))",
    )
    .bind(id_array(ids)?)
    .fetch_all(conn)
    .await?;
    let mut recorded = HashMap::with_capacity(rows.len());
    for row in &rows {
        let id: String = row.try_get("id")?;
        let mutation: String = row.try_get("mutation_id")?;
        recorded.insert(
            uuid_from_db(&id, "sale id")?,
            uuid_from_db(&mutation, "mutation id")?,
        );
    }
    Ok(recorded)
}

/// Record one new mutation and the sale it carries (header, lines, tenders).
async fn apply(
    conn: &mut SqliteConnection,
    device: &str,
    m: &PreparedMutation,
    now: &str,
) -> StoreResult<()> {
    let mutation_id = m.id.to_string();
    sqlx::query("INSERT INTO mutations (id, device_id, seq, kind, body_hash, applied_at) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(&mutation_id)
        .bind(device)
        .bind(seq_to_db(m.seq, "mutation sequence")?)
        .bind(m.kind)
        .bind(&m.body_hash)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    let sale = &m.sale;
    let sale_id = sale.id.to_string();
    sqlx::query(
        "INSERT INTO sales (id, mutation_id, device_id, receipt_no, created_at, currency_code, tax_mode, net, \
         tax, total, change_given, body, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&sale_id)
    .bind(&mutation_id)
    .bind(device)
    .bind(&sale.receipt_no)
    .bind(time_text(sale.created_at))
    .bind(&sale.currency.code)
    .bind(enum_text(&sale.tax_mode)?)
    .bind(decimal_text(sale.net))
    .bind(decimal_text(sale.tax))
    .bind(decimal_text(sale.total))
    .bind(decimal_text(sale.change))
    .bind(json_text(sale)?)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    for (line_no, l) in sale.lines.iter().enumerate() {
        sqlx::query(
            "INSERT INTO sale_lines (sale_id, line_no, product_id, sku, name, quantity, unit_price, tax_rate_id, \
             tax_name, tax_percent, net, tax, gross) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&sale_id)
        .bind(i64::try_from(line_no).unwrap_or(i64::MAX))
        .bind(&l.product_id)
        .bind(&l.sku)
        .bind(&l.name)
        .bind(decimal_text(l.quantity))
        .bind(decimal_text(l.unit_price))
        .bind(&l.tax_rate_id)
        .bind(&l.tax_name)
        .bind(decimal_text(l.tax_percent))
        .bind(decimal_text(l.net))
        .bind(decimal_text(l.tax))
        .bind(decimal_text(l.gross))
        .execute(&mut *conn)
        .await?;
    }
    for (position, t) in sale.tenders.iter().enumerate() {
        let reference = match t {
            Tender::Card { reference, .. } => Some(reference.as_str()),
            Tender::Cash { .. } => None,
        };
        sqlx::query("INSERT INTO sale_tenders (sale_id, position, kind, amount, reference) VALUES (?, ?, ?, ?, ?)")
            .bind(&sale_id)
            .bind(i64::try_from(position).unwrap_or(i64::MAX))
            .bind(t.label().to_lowercase())
            .bind(decimal_text(t.amount()))
            .bind(reference)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub async fn list(
    pool: &SqlitePool,
    device_id: Option<Uuid>,
    limit: u32,
) -> StoreResult<Vec<Sale>> {
    let bodies: Vec<String> = sqlx::query_scalar(
        "SELECT body FROM sales WHERE (?1 IS NULL OR device_id = ?1) ORDER BY created_at DESC, id DESC LIMIT ?2",
    )
    .bind(device_id.map(|d| d.to_string()))
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    bodies
        .iter()
        .map(|b| parse_json(b, "stored sale"))
        .collect()
}

pub async fn get(pool: &SqlitePool, id: Uuid) -> StoreResult<Option<Sale>> {
    let body: Option<String> = sqlx::query_scalar("SELECT body FROM sales WHERE id = ?")
        .bind(id.to_string())
        .fetch_optional(pool)
        .await?;
    body.map(|b| parse_json(&b, "stored sale")).transpose()
}
