//! Pushes on SQLite: the transactional, exactly-once application of pushed mutations (rules from
//! [`crate::push::plan`]), reading what the plan needs to know first.

use super::codec::{json_text, parse_json, seq_from_db, seq_to_db, time_text};
use super::{balances, commerce, documents, stamps, BEGIN_WRITE};
use crate::push::{plan, AppliedMutation, Known, PushBatch};
use crate::store::legacy::parse_sale;
use crate::store::{StoreError, StoreResult};
use chrono::Utc;
use shared::document::Refund;
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
    let mut known = Known {
        last_seq: last_seq(&mut tx, &device).await?,
        mutations: applied_mutations(&mut tx, &batch.mutation_ids()).await?,
        documents: recorded_documents(&mut tx, &batch.document_ids()).await?,
        ..Known::default()
    };
    let referenced = batch.referenced_sale_ids();
    if !referenced.is_empty() {
        read_referenced(&mut tx, &referenced, &mut known).await?;
    }
    let start = known.last_seq;
    let plan = plan(&batch, known)?;
    for m in &plan.new {
        documents::insert(&mut tx, &device, m, &now).await?;
    }
    balances::apply(&mut tx, &plan.effects, &now).await?;
    stamps::apply(&mut tx, batch.device_id, &plan.new, &now).await?;
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

/// Already recorded documents among `ids`, of any kind: document id → the mutation that recorded it.
async fn recorded_documents(
    conn: &mut SqliteConnection,
    ids: &[Uuid],
) -> StoreResult<HashMap<Uuid, Uuid>> {
    let rows = sqlx::query(
        "WITH batch (id) AS (SELECT value FROM json_each(?1)) \
         SELECT id, mutation_id FROM sales WHERE id IN batch \
         UNION ALL SELECT id, mutation_id FROM refunds WHERE id IN batch \
         UNION ALL SELECT id, mutation_id FROM voids WHERE id IN batch \
         UNION ALL SELECT id, mutation_id FROM exchanges WHERE id IN batch \
         UNION ALL SELECT id, mutation_id FROM cash_movements WHERE id IN batch",
    )
    .bind(id_array(ids)?)
    .fetch_all(conn)
    .await?;
    let mut recorded = HashMap::with_capacity(rows.len());
    for row in &rows {
        let id: String = row.try_get("id")?;
        let mutation: String = row.try_get("mutation_id")?;
        recorded.insert(
            uuid_from_db(&id, "document id")?,
            uuid_from_db(&mutation, "mutation id")?,
        );
    }
    Ok(recorded)
}

/// The referenced sales, their refunds and voids, and the policy, into `known`.
async fn read_referenced(
    conn: &mut SqliteConnection,
    ids: &[Uuid],
    known: &mut Known,
) -> StoreResult<()> {
    let ids = id_array(ids)?;
    let sales: Vec<String> =
        sqlx::query_scalar("SELECT body FROM sales WHERE id IN (SELECT value FROM json_each(?))")
            .bind(&ids)
            .fetch_all(&mut *conn)
            .await?;
    for body in &sales {
        let sale = parse_sale(body)?;
        known.sales.insert(sale.id, sale);
    }
    let refunds: Vec<String> = sqlx::query_scalar(
        "SELECT body FROM refunds WHERE sale_id IN (SELECT value FROM json_each(?))",
    )
    .bind(&ids)
    .fetch_all(&mut *conn)
    .await?;
    for body in &refunds {
        let refund: Refund = parse_json(body, "stored refund")?;
        known
            .refunds
            .entry(refund.sale_id)
            .or_default()
            .push(refund);
    }
    let voided: Vec<String> = sqlx::query_scalar(
        "SELECT sale_id FROM voids WHERE sale_id IN (SELECT value FROM json_each(?))",
    )
    .bind(&ids)
    .fetch_all(&mut *conn)
    .await?;
    for id in &voided {
        known.voided.insert(uuid_from_db(id, "sale id")?);
    }
    known.policy = commerce::load_policy(conn).await?;
    Ok(())
}
