//! Pushes on SQLite: the exactly-once application of one pushed batch inside a write transaction (rules from
//! [`crate::push::plan`]), reading what the plan needs to know first.

use super::codec::{json_text, parse_json, seq_from_db, seq_to_db, time_text};
use super::{balances, commerce, documents};
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

/// The device's last applied sequence, for an empty push (nothing to write, so no write transaction).
pub async fn last_applied(pool: &SqlitePool, batch: &PushBatch) -> StoreResult<u64> {
    let mut conn = pool.acquire().await?;
    last_seq(&mut conn, &batch.device_id.to_string()).await
}

/// Apply a batch inside the caller's write transaction (a savepoint of a push group, see
/// [`super::group_commit`]): read what is known about the batch, let [`plan`] decide, write the new mutations.
/// Any refusal returns early; the caller rolls the savepoint back.
pub async fn apply(conn: &mut SqliteConnection, batch: PushBatch) -> StoreResult<u64> {
    let device = batch.device_id.to_string();
    let now = time_text(Utc::now());
    // Registers a device on its first push and reads its last sequence, in one statement.
    let last: i64 = sqlx::query_scalar(
        "INSERT INTO devices (id, last_seq, first_seen_at) VALUES (?, 0, ?) \
         ON CONFLICT (id) DO UPDATE SET last_seq = last_seq RETURNING last_seq",
    )
    .bind(&device)
    .bind(&now)
    .fetch_one(&mut *conn)
    .await?;
    let (mutations, documents) =
        applied_and_recorded(&mut *conn, &batch.mutation_ids(), &batch.document_ids()).await?;
    let mut known = Known {
        last_seq: seq_from_db(last, "device sequence")?,
        mutations,
        documents,
        ..Known::default()
    };
    let referenced = batch.referenced_sale_ids();
    if !referenced.is_empty() {
        read_referenced(&mut *conn, &referenced, &mut known).await?;
    }
    let start = known.last_seq;
    let plan = plan(&batch, known)?;
    let mut rows = documents::Rows::default();
    for m in &plan.new {
        rows.add(&device, m, &now)?;
    }
    rows.write(&mut *conn).await?;
    balances::apply(&mut *conn, &plan.effects, &now).await?;
    if plan.last_seq != start {
        sqlx::query("UPDATE devices SET last_seq = ?, last_push_at = ? WHERE id = ?")
            .bind(seq_to_db(plan.last_seq, "device sequence")?)
            .bind(&now)
            .bind(&device)
            .execute(&mut *conn)
            .await?;
    }
    Ok(plan.last_seq)
}

/// The ids as a JSON array, for `IN (SELECT value FROM json_each(?))`: one query for the whole batch.
fn id_array(ids: &[Uuid]) -> StoreResult<String> {
    json_text(&ids.iter().map(Uuid::to_string).collect::<Vec<_>>())
}

fn uuid_from_db(text: &str, what: &str) -> StoreResult<Uuid> {
    Uuid::parse_str(text).map_err(|e| StoreError::Corrupt(format!("{what} '{text}': {e}")))
}

/// Already applied mutations among `mutation_ids`, and already recorded documents among `document_ids` of any
/// kind (document id → the mutation that recorded it), in one query.
async fn applied_and_recorded(
    conn: &mut SqliteConnection,
    mutation_ids: &[Uuid],
    document_ids: &[Uuid],
) -> StoreResult<(HashMap<Uuid, AppliedMutation>, HashMap<Uuid, Uuid>)> {
    let rows = sqlx::query(
        "WITH batch (id) AS (SELECT value FROM json_each(?2)) \
         SELECT 'mutation' AS what, id, device_id AS other, body_hash FROM mutations \
             WHERE id IN (SELECT value FROM json_each(?1)) \
         UNION ALL SELECT 'document', id, mutation_id, NULL FROM sales WHERE id IN batch \
         UNION ALL SELECT 'document', id, mutation_id, NULL FROM refunds WHERE id IN batch \
         UNION ALL SELECT 'document', id, mutation_id, NULL FROM voids WHERE id IN batch \
         UNION ALL SELECT 'document', id, mutation_id, NULL FROM exchanges WHERE id IN batch \
         UNION ALL SELECT 'document', id, mutation_id, NULL FROM cash_movements WHERE id IN batch",
    )
    .bind(id_array(mutation_ids)?)
    .bind(id_array(document_ids)?)
    .fetch_all(conn)
    .await?;
    let mut applied = HashMap::new();
    let mut recorded = HashMap::new();
    for row in &rows {
        let what: String = row.try_get("what")?;
        let id: String = row.try_get("id")?;
        let other: String = row.try_get("other")?;
        if what == "mutation" {
            applied.insert(
                uuid_from_db(&id, "mutation id")?,
                AppliedMutation {
                    device_id: uuid_from_db(&other, "device id")?,
                    body_hash: row.try_get("body_hash")?,
                },
            );
        } else {
            recorded.insert(
                uuid_from_db(&id, "document id")?,
                uuid_from_db(&other, "mutation id")?,
            );
        }
    }
    Ok((applied, recorded))
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
