//! Pushes on SQLite: the exactly-once application of a group of pushed batches inside one write transaction
//! (rules from [`crate::push::plan`]), reading what the rules need to know first, for the whole group at once.

use super::codec::{json_text, parse_json, seq_from_db, seq_to_db, time_text};
use super::stores;
use super::{balances, documents, stamps};
use crate::events::facts;
use crate::push::{plan_group, AppliedMutation, Known, PushBatch, PushRejection};
use crate::store::legacy::parse_sale;
use crate::store::{customers, events, stock};
use crate::store::{StoreError, StoreResult};
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

/// Apply a group of batches inside the caller's write transaction (see [`super::group_commit`]): read once what
/// is known about all of them, let [`plan_group`] decide each in order, then write every accepted batch's rows
/// with one multi-row statement per table, settle their balance effects and move each device's sequence.
///
/// The outer `Err` is a database failure (the caller rolls everything back); each inner answer is one batch's:
/// its device's last applied sequence, or the rule that refused it (a refused batch writes nothing).
pub async fn apply_group(
    conn: &mut SqliteConnection,
    batches: &[PushBatch],
) -> StoreResult<Vec<Result<u64, PushRejection>>> {
    // One time for the group: the latest receipt among its batches.
    let at = batches
        .iter()
        .map(|b| b.received_at)
        .max()
        .unwrap_or_default();
    let now = time_text(at);
    let all = |ids: fn(&PushBatch) -> Vec<Uuid>| unique(batches.iter().flat_map(ids));
    let devices = all(|b| vec![b.device_id]);
    let last_seqs = device_seqs(&mut *conn, &devices).await?;
    let (mutations, documents) = applied_and_recorded(
        &mut *conn,
        &all(PushBatch::mutation_ids),
        &all(PushBatch::document_ids),
    )
    .await?;
    let mut known = Known {
        mutations,
        documents,
        ..Known::default()
    };
    let referenced = all(PushBatch::referenced_sale_ids);
    if !referenced.is_empty() {
        read_referenced(&mut *conn, &referenced, &mut known).await?;
        stores::policies_into(&mut *conn, &devices, &mut known).await?;
    }
    let plans = plan_group(batches, &last_seqs, known);

    let mut rows = documents::Rows::default();
    let mut effects = Vec::new();
    let mut moved: HashMap<Uuid, u64> = HashMap::new();
    for (batch, plan) in batches.iter().zip(&plans) {
        let Ok(plan) = plan else { continue };
        if plan.new.is_empty() {
            continue;
        }
        let device = batch.device_id.to_string();
        for m in &plan.new {
            rows.add(&device, m, &now)?;
        }
        effects.extend(plan.effects.iter().cloned());
        moved.insert(batch.device_id, plan.last_seq);
    }
    for (device, seq) in &moved {
        rows.device(
            &device.to_string(),
            seq_to_db(*seq, "device sequence")?,
            &now,
        );
    }
    rows.write(&mut *conn).await?;
    balances::apply(&mut *conn, &effects, &now, at).await?;
    // Staff stamps and stock movements batch by batch, in order (an override spent by one batch is spent for
    // the next); the events of the whole group in one statement.
    let mut new_events = Vec::new();
    for (batch, plan) in batches.iter().zip(&plans) {
        if let Ok(plan) = plan {
            // Customers first: they take the catalog lock before any stock level's row, as every writer does.
            customers::record_pushed(&mut *conn, &plan.new, batch.received_at).await?;
            stamps::apply(&mut *conn, batch.device_id, &plan.new, batch.received_at).await?;
            stock::record_pushed(&mut *conn, batch.device_id, &plan.stock, batch.received_at)
                .await?;
            facts::pushed(
                batch.device_id,
                &plan.new,
                batch.received_at,
                &mut new_events,
            )?;
        }
    }
    events::append(&mut *conn, &new_events).await?;
    Ok(plans.into_iter().map(|p| p.map(|p| p.last_seq)).collect())
}

/// Each id once, sorted.
fn unique(ids: impl Iterator<Item = Uuid>) -> Vec<Uuid> {
    let mut ids: Vec<Uuid> = ids.collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The stored last sequence of each of `devices` that has pushed before.
async fn device_seqs(
    conn: &mut SqliteConnection,
    devices: &[Uuid],
) -> StoreResult<HashMap<Uuid, u64>> {
    let rows = sqlx::query(
        "SELECT id, last_seq FROM devices WHERE id IN (SELECT value FROM json_each(?))",
    )
    .bind(id_array(devices)?)
    .fetch_all(conn)
    .await?;
    let mut seqs = HashMap::with_capacity(rows.len());
    for row in &rows {
        let id: String = row.try_get("id")?;
        let seq: i64 = row.try_get("last_seq")?;
        seqs.insert(
            uuid_from_db(&id, "device id")?,
            seq_from_db(seq, "device sequence")?,
        );
    }
    Ok(seqs)
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
         UNION ALL SELECT 'document', id, mutation_id, NULL FROM cash_movements WHERE id IN batch \
         UNION ALL SELECT 'document', id, mutation_id, NULL FROM unreceipted_returns WHERE id IN batch",
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

/// The referenced sales, their refunds and voids, into `known`.
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
    Ok(())
}
