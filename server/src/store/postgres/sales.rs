//! Pushes on PostgreSQL: the exactly-once push (device row locked, rules from [`crate::push::plan`], bulk
//! ingest, balances), with a bounded retry when a concurrent push wins a race.
//!
//! A batch with refunds, voids or exchanges also locks the rows of the sales they refer to (in id order), so
//! two devices refunding one sale at once are decided one after the other.

use super::stores;
use super::{balances, ingest, stamps};
use crate::events::facts;
use crate::push::{plan, AppliedMutation, Known, PushBatch};
use crate::store::codec::{parse_json, seq_from_db, seq_to_db};
use crate::store::legacy::parse_sale;
use crate::store::StoreError;
use crate::store::StoreResult;
use crate::store::{customers, events, stock};
use shared::document::Refund;
use sqlx::postgres::{PgConnection, PgPool};
use sqlx::Row;
use std::collections::HashMap;
use uuid::Uuid;

/// How often a push is tried when it loses a race (unique key, serialisation failure, deadlock).
const PUSH_ATTEMPTS: u32 = 5;

/// PostgreSQL error codes after which the whole push transaction is simply tried again: the retry sees the
/// winner's committed rows and the push rules answer (replay or conflict).
const RETRYABLE: [&str; 3] = [
    "23505", // unique_violation: another device recorded the same mutation or sale id meanwhile
    "40001", // serialization_failure
    "40P01", // deadlock_detected
];

fn retryable(e: &StoreError) -> bool {
    match e {
        StoreError::Database(e) => e
            .as_database_error()
            .and_then(|d| d.code())
            .is_some_and(|code| RETRYABLE.contains(&code.as_ref())),
        _ => false,
    }
}

/// The last sequence applied for a device, 0 if it never pushed.
async fn last_seq(conn: &mut PgConnection, device: Uuid, lock: bool) -> StoreResult<u64> {
    let sql = if lock {
        "SELECT last_seq FROM devices WHERE id = $1 FOR UPDATE"
    } else {
        "SELECT last_seq FROM devices WHERE id = $1"
    };
    let seq: Option<i64> = sqlx::query_scalar(sql)
        .bind(device)
        .fetch_optional(conn)
        .await?;
    seq_from_db(seq.unwrap_or(0), "device sequence")
}

/// Apply a batch atomically and answer the device's last applied sequence.
pub async fn push(pool: &PgPool, batch: PushBatch) -> StoreResult<u64> {
    if batch.mutations.is_empty() {
        let mut conn = pool.acquire().await?;
        return last_seq(&mut conn, batch.device_id, false).await;
    }
    let mut attempt = 1;
    loop {
        match push_once(pool, &batch).await {
            Err(e) if attempt < PUSH_ATTEMPTS && retryable(&e) => {
                tracing::debug!(device_id = %batch.device_id, attempt, error = %e, "push raced, retrying");
                attempt += 1;
            }
            answer => return answer,
        }
    }
}

/// One attempt in one transaction. Any refusal or error returns early, rolling the transaction back.
async fn push_once(pool: &PgPool, batch: &PushBatch) -> StoreResult<u64> {
    let device = batch.device_id;
    let mut tx = pool.begin().await?;
    // Make sure the device row exists, then lock it: every push of this device, on any instance, waits here.
    sqlx::query(
        "INSERT INTO devices (id, last_seq, first_seen_at) VALUES ($1, 0, $2) ON CONFLICT (id) DO NOTHING",
    )
    .bind(device)
    .bind(batch.received_at)
    .execute(&mut *tx)
    .await?;
    let start = last_seq(&mut tx, device, true).await?;
    // Read committed: these reads, after the lock, see everything the previous holder committed.
    let mut known = Known {
        last_seq: start,
        mutations: applied_mutations(&mut tx, &batch.mutation_ids()).await?,
        documents: recorded_documents(&mut tx, &batch.document_ids()).await?,
        ..Known::default()
    };
    let referenced = batch.referenced_sale_ids();
    if !referenced.is_empty() {
        read_referenced(&mut tx, &referenced, &mut known).await?;
        stores::policies_into(&mut *tx, &[device], &mut known).await?;
    }
    let plan = plan(batch, known)?;
    if !plan.new.is_empty() {
        ingest::insert(&mut tx, device, &plan.new, batch.received_at).await?;
        balances::apply(&mut tx, &plan.effects, batch.received_at).await?;
        // Before stock: the catalog lock is taken before any stock level's row, as every writer does.
        customers::record_pushed(&mut *tx, &plan.new, batch.received_at).await?;
        stamps::apply(&mut tx, batch.device_id, &plan.new, batch.received_at).await?;
        // The documents' events before the stock movements, which take the catalog lock until the commit.
        let mut new_events = Vec::new();
        facts::pushed(device, &plan.new, batch.received_at, &mut new_events)?;
        events::append(&mut *tx, &new_events).await?;
        stock::record_pushed(&mut *tx, device, &plan.stock, batch.received_at).await?;
        sqlx::query("UPDATE devices SET last_seq = $2, last_push_at = $3 WHERE id = $1")
            .bind(device)
            .bind(seq_to_db(plan.last_seq, "device sequence")?)
            .bind(batch.received_at)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(plan.last_seq)
}

/// Already applied mutations among `ids`.
async fn applied_mutations(
    conn: &mut PgConnection,
    ids: &[Uuid],
) -> StoreResult<HashMap<Uuid, AppliedMutation>> {
    let rows = sqlx::query("SELECT id, device_id, body_hash FROM mutations WHERE id = ANY($1)")
        .bind(ids)
        .fetch_all(conn)
        .await?;
    let mut applied = HashMap::with_capacity(rows.len());
    for row in &rows {
        applied.insert(
            row.try_get("id")?,
            AppliedMutation {
                device_id: row.try_get("device_id")?,
                body_hash: row.try_get("body_hash")?,
            },
        );
    }
    Ok(applied)
}

/// Already recorded documents among `ids`, of any kind: document id → the mutation that recorded it.
async fn recorded_documents(
    conn: &mut PgConnection,
    ids: &[Uuid],
) -> StoreResult<HashMap<Uuid, Uuid>> {
    let rows = sqlx::query(
        "SELECT id, mutation_id FROM sales WHERE id = ANY($1) \
         UNION ALL SELECT id, mutation_id FROM refunds WHERE id = ANY($1) \
         UNION ALL SELECT id, mutation_id FROM voids WHERE id = ANY($1) \
         UNION ALL SELECT id, mutation_id FROM exchanges WHERE id = ANY($1) \
         UNION ALL SELECT id, mutation_id FROM cash_movements WHERE id = ANY($1) \
         UNION ALL SELECT id, mutation_id FROM unreceipted_returns WHERE id = ANY($1)",
    )
    .bind(ids)
    .fetch_all(conn)
    .await?;
    let mut recorded = HashMap::with_capacity(rows.len());
    for row in &rows {
        recorded.insert(row.try_get("id")?, row.try_get("mutation_id")?);
    }
    Ok(recorded)
}

/// Lock the referenced sales (in id order) and read them, their refunds and voids.
async fn read_referenced(
    conn: &mut PgConnection,
    ids: &[Uuid],
    known: &mut Known,
) -> StoreResult<()> {
    let sales: Vec<String> = sqlx::query_scalar(
        "SELECT body::text FROM sales WHERE id = ANY($1) ORDER BY id FOR UPDATE",
    )
    .bind(ids)
    .fetch_all(&mut *conn)
    .await?;
    for body in &sales {
        let sale = parse_sale(body)?;
        known.sales.insert(sale.id, sale);
    }
    let refunds: Vec<String> =
        sqlx::query_scalar("SELECT body::text FROM refunds WHERE sale_id = ANY($1)")
            .bind(ids)
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
    let voided: Vec<Uuid> = sqlx::query_scalar("SELECT sale_id FROM voids WHERE sale_id = ANY($1)")
        .bind(ids)
        .fetch_all(&mut *conn)
        .await?;
    known.voided.extend(voided);
    Ok(())
}
