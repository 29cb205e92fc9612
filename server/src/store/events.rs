//! Events and webhooks on both databases (migration `0012_events`), written once over the row codec.
//!
//! - [`append`]: a fact's events, inside the fact's own transaction, one multi-row `INSERT … ON CONFLICT DO
//!   NOTHING` (one event per type, resource and version: a replay writes nothing).
//! - [`fan_out`]: a dispatcher takes events not fanned out yet (`FOR UPDATE SKIP LOCKED` on PostgreSQL), makes
//!   a pending delivery for each enabled endpoint subscribed to the type (one `INSERT … SELECT`) and marks them,
//!   in one transaction: each event is fanned out once, whatever order transactions committed in, and the
//!   ingest path pays for one insert only.
//! - Endpoints (created, changed, rotated, deleted, tested), each write audited in its transaction.
//! - The dispatcher's lease: [`claim`] marks due deliveries of enabled endpoints as its own until a time
//!   (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so instances share them out; SQLite: its single writer), and
//!   [`finish`] writes each attempt's outcome only while the claim is still the delivery's (a fence: a claim
//!   that expired and was taken over writes nothing).
//! - Replays (an event, or a time range) and the delivery log; inbound messages (a replayed id is refused).

use super::auth::{audit, NewAudit};
use super::backend::Backend;
use super::sql::{begin_write, sql, Columns, Conn, Db, Json, Value};
use super::stock::{self, NewMovement};
use super::{StoreError, StoreFuture, StoreResult};
use crate::events::{Event, EventType, NewEvent, PAYLOAD_VERSION};
use chrono::{DateTime, Utc};
use shared::webhooks::{
    Delivery, DeliveryPage, DeliveryState, Endpoint, EndpointChange, NewEndpoint, ReplayRequest,
};
use sqlx::Pool;
use std::borrow::Cow;
use uuid::Uuid;

/// Events per multi-row statement (8 values each).
const CHUNK: usize = 200;

/// Write `events` inside the caller's transaction (a dispatcher makes their deliveries: [`fan_out`]).
pub async fn append<C: Conn>(conn: &mut C, events: &[NewEvent]) -> StoreResult<()> {
    if !crate::events::WRITES_EVENTS.load(std::sync::atomic::Ordering::Relaxed) {
        return Ok(());
    }
    for chunk in events.chunks(CHUNK) {
        let mut text = String::from(
            "INSERT INTO events (id, type, resource_id, resource_version, payload, version, created_at) \
             VALUES ",
        );
        let mut values = Vec::with_capacity(chunk.len() * 7);
        for (i, e) in chunk.iter().enumerate() {
            let n = i * 7;
            if i > 0 {
                text.push_str(", ");
            }
            text.push_str(&format!(
                "(${}, ${}, ${}, ${}, ${}, ${}, ${})",
                n + 1,
                n + 2,
                n + 3,
                n + 4,
                n + 5,
                n + 6,
                n + 7
            ));
            values.extend([
                Value::Uuid(Some(e.id)),
                Value::Text(Some(Cow::Borrowed(e.kind.as_str()))),
                Value::Text(Some(Cow::Borrowed(e.resource_id.as_str()))),
                Value::Int(Some(e.resource_version)),
                Value::Json(Some(e.payload.clone())),
                Value::Text(Some(Cow::Borrowed(PAYLOAD_VERSION))),
                Value::Time(Some(e.created_at)),
            ]);
        }
        text.push_str(" ON CONFLICT (type, resource_id, resource_version) DO NOTHING");
        sql(&text).bind_all(values).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Make the deliveries of up to `limit` events not fanned out yet, oldest first; answers how many events.
pub async fn fan_out<D: Db>(pool: &Pool<D>, limit: u32) -> StoreResult<usize> {
    // A read first: an idle dispatcher takes no write lock.
    let waiting = sql("SELECT sequence FROM events WHERE NOT fanned_out LIMIT 1")
        .fetch_optional(pool)
        .await?;
    if waiting.is_none() {
        return Ok(0);
    }
    let mut tx = begin_write(pool).await?;
    let pick = format!(
        "SELECT sequence FROM events WHERE NOT fanned_out ORDER BY sequence LIMIT $1{}",
        D::SKIP_LOCKED
    );
    let rows = sql(&pick)
        .bind(i64::from(limit))
        .fetch_all(&mut *tx)
        .await?;
    if rows.is_empty() {
        tx.rollback().await?;
        return Ok(0);
    }
    let seqs = rows
        .iter()
        .map(|r| r.int("sequence"))
        .collect::<StoreResult<Vec<i64>>>()?;
    let list: Vec<String> = (1..=seqs.len()).map(|n| format!("${n}")).collect();
    let list = list.join(", ");
    let deliveries = format!(
        "INSERT INTO webhook_deliveries (event_id, endpoint_id, state, attempts, next_at, created_at) \
         SELECT e.id, s.endpoint_id, 'pending', 0, e.created_at, e.created_at FROM events e \
         JOIN webhook_subscriptions s ON s.event_type = e.type OR s.event_type = '*' \
         JOIN webhook_endpoints w ON w.id = s.endpoint_id \
         WHERE w.enabled AND e.type <> 'webhook.test' AND e.sequence IN ({list}) \
         ON CONFLICT (event_id, endpoint_id) DO NOTHING"
    );
    let values = || seqs.iter().map(|s| Value::Int(Some(*s)));
    sql(&deliveries)
        .bind_all(values())
        .execute(&mut *tx)
        .await?;
    let n = seqs.len() + 1;
    let mark = format!("UPDATE events SET fanned_out = ${n} WHERE sequence IN ({list})");
    sql(&mark)
        .bind_all(values())
        .bind(true)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(seqs.len())
}

/// A payload's JSON text (a failure is a bug in a payload type, reported as stored data that cannot be
/// written).
pub fn event<P: serde::Serialize>(
    kind: EventType,
    resource_id: impl Into<String>,
    resource_version: i64,
    payload: &P,
    at: DateTime<Utc>,
) -> StoreResult<NewEvent> {
    NewEvent::of(kind, resource_id, resource_version, payload, at)
        .map_err(|e| StoreError::Corrupt(format!("event payload: {e}")))
}

const EVENT_COLUMNS: &str =
    "e.id, e.type, e.sequence, e.resource_id, e.resource_version, e.payload, e.version, e.created_at";

fn event_from_row(row: &impl Columns) -> StoreResult<Event> {
    let kind = row.text("type")?;
    Ok(Event {
        id: row.uuid("id")?,
        kind: EventType::parse(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown event type {kind}")))?,
        sequence: row.int("sequence")?,
        resource_id: row.text("resource_id")?,
        resource_version: row.int("resource_version")?,
        version: row.text("version")?,
        created_at: row.time("created_at")?,
        data: row.json("payload")?,
    })
}

/// `events` in one transaction of their own.
pub async fn append_alone<D: Db>(pool: &Pool<D>, events: &[NewEvent]) -> StoreResult<()> {
    let mut tx = begin_write(pool).await?;
    append(&mut *tx, events).await?;
    tx.commit().await?;
    Ok(())
}

/// Events after sequence `after`, in order, at most `limit`.
pub async fn events_after<D: Db>(
    pool: &Pool<D>,
    after: i64,
    limit: u32,
) -> StoreResult<Vec<Event>> {
    let text = format!(
        "SELECT {EVENT_COLUMNS} FROM events e WHERE e.sequence > $1 ORDER BY e.sequence LIMIT $2"
    );
    let rows = sql(&text)
        .bind(after)
        .bind(i64::from(limit))
        .fetch_all(pool)
        .await?;
    rows.iter().map(event_from_row).collect()
}

const ENDPOINT_COLUMNS: &str = "id, url, description, event_types, enabled, disabled_reason, \
    previous_valid_until, created_at, updated_at";

fn endpoint_from_row(row: &impl Columns) -> StoreResult<Endpoint> {
    Ok(Endpoint {
        id: row.uuid("id")?,
        url: row.text("url")?,
        description: row.text("description")?,
        event_types: row.json("event_types")?,
        enabled: row.flag("enabled")?,
        disabled_reason: row.opt_text("disabled_reason")?,
        previous_secret_until: row.opt_time("previous_valid_until")?,
        created_at: row.time("created_at")?,
        updated_at: row.time("updated_at")?,
    })
}

async fn one_endpoint<C: Conn>(conn: &mut C, id: Uuid) -> StoreResult<Option<Endpoint>> {
    let text = format!("SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = $1");
    sql(&text)
        .bind(id)
        .fetch_optional(conn)
        .await?
        .map(|r| endpoint_from_row(&r))
        .transpose()
}

async fn subscribe<C: Conn>(conn: &mut C, id: Uuid, types: &[String]) -> StoreResult<()> {
    sql("DELETE FROM webhook_subscriptions WHERE endpoint_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for t in types {
        sql(
            "INSERT INTO webhook_subscriptions (event_type, endpoint_id) VALUES ($1, $2) \
             ON CONFLICT (event_type, endpoint_id) DO NOTHING",
        )
        .bind(t.as_str())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Append `entry`, read endpoint `id` as stored and commit.
async fn finish_endpoint<D: Db>(
    mut tx: sqlx::Transaction<'static, D>,
    id: Uuid,
    entry: &NewAudit,
) -> StoreResult<Option<Endpoint>> {
    audit::insert(&mut *tx, entry).await?;
    let stored = one_endpoint(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(stored)
}

/// Every endpoint, oldest first.
pub async fn endpoints<D: Db>(pool: &Pool<D>) -> StoreResult<Vec<Endpoint>> {
    let text = format!("SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints ORDER BY created_at, id");
    let rows = sql(&text).fetch_all(pool).await?;
    rows.iter().map(endpoint_from_row).collect()
}

pub async fn endpoint<D: Db>(pool: &Pool<D>, id: Uuid) -> StoreResult<Option<Endpoint>> {
    one_endpoint(&mut *pool.acquire().await?, id).await
}

/// Store a new endpoint (enabled) with its secret and audit entry.
pub async fn create_endpoint<D: Db>(
    pool: &Pool<D>,
    id: Uuid,
    new: &NewEndpoint,
    secret: &str,
    now: DateTime<Utc>,
    entry: &NewAudit,
) -> StoreResult<Endpoint> {
    let mut tx = begin_write(pool).await?;
    sql("INSERT INTO webhook_endpoints (id, url, description, event_types, secret, enabled, created_at, \
         updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)")
    .bind(id)
    .bind(new.url.as_str())
    .bind(new.description.as_str())
    .bind(Json::of(&new.event_types)?)
    .bind(secret)
    .bind(true)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    subscribe(&mut *tx, id, &new.event_types).await?;
    finish_endpoint(tx, id, entry)
        .await?
        .ok_or_else(|| StoreError::Corrupt("the endpoint just stored is gone".into()))
}

/// Change what `change` gives; `None` when there is no such endpoint.
pub async fn update_endpoint<D: Db>(
    pool: &Pool<D>,
    id: Uuid,
    change: &EndpointChange,
    now: DateTime<Utc>,
    entry: &NewAudit,
) -> StoreResult<Option<Endpoint>> {
    let mut tx = begin_write(pool).await?;
    let Some(mut e) = one_endpoint(&mut *tx, id).await? else {
        return Ok(None);
    };
    if let Some(url) = &change.url {
        e.url.clone_from(url);
    }
    if let Some(d) = &change.description {
        e.description.clone_from(d);
    }
    if let Some(types) = &change.event_types {
        e.event_types.clone_from(types);
        subscribe(&mut *tx, id, types).await?;
    }
    if let Some(enabled) = change.enabled {
        e.enabled = enabled;
        e.disabled_reason = (!enabled).then(|| "disabled by a user".to_owned());
    }
    sql(
        "UPDATE webhook_endpoints SET url = $2, description = $3, event_types = $4, enabled = $5, \
         disabled_reason = $6, updated_at = $7 WHERE id = $1",
    )
    .bind(id)
    .bind(e.url.as_str())
    .bind(e.description.as_str())
    .bind(Json::of(&e.event_types)?)
    .bind(e.enabled)
    .bind(e.disabled_reason.as_deref())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    finish_endpoint(tx, id, entry).await
}

/// Delete an endpoint with its subscriptions and deliveries; false when there is none.
pub async fn delete_endpoint<D: Db>(
    pool: &Pool<D>,
    id: Uuid,
    entry: &NewAudit,
) -> StoreResult<bool> {
    let mut tx = begin_write(pool).await?;
    for table in ["webhook_deliveries", "webhook_subscriptions"] {
        let text = format!("DELETE FROM {table} WHERE endpoint_id = $1");
        sql(&text).bind(id).execute(&mut *tx).await?;
    }
    let gone = sql("DELETE FROM webhook_endpoints WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if gone == 0 {
        return Ok(false);
    }
    audit::insert(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(true)
}

/// A new secret; the current one stays valid (deliveries are signed with both) until `previous_until`.
pub async fn rotate_secret<D: Db>(
    pool: &Pool<D>,
    id: Uuid,
    secret: &str,
    previous_until: DateTime<Utc>,
    now: DateTime<Utc>,
    entry: &NewAudit,
) -> StoreResult<Option<Endpoint>> {
    let mut tx = begin_write(pool).await?;
    let changed = sql(
        "UPDATE webhook_endpoints SET previous_secret = secret, previous_valid_until = $2, \
         secret = $3, updated_at = $4 WHERE id = $1",
    )
    .bind(id)
    .bind(previous_until)
    .bind(secret)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if changed == 0 {
        return Ok(None);
    }
    finish_endpoint(tx, id, entry).await
}

/// Write a `webhook.test` event with one delivery, to endpoint `id` only; false when there is none.
pub async fn send_test<D: Db>(
    pool: &Pool<D>,
    id: Uuid,
    event: &NewEvent,
    entry: &NewAudit,
) -> StoreResult<bool> {
    let mut tx = begin_write(pool).await?;
    if one_endpoint(&mut *tx, id).await?.is_none() {
        return Ok(false);
    }
    append(&mut *tx, std::slice::from_ref(event)).await?;
    sql("INSERT INTO webhook_deliveries (event_id, endpoint_id, state, attempts, next_at, created_at) \
         VALUES ($1, $2, 'pending', 0, $3, $3)")
    .bind(event.id)
    .bind(id)
    .bind(event.created_at)
    .execute(&mut *tx)
    .await?;
    audit::insert(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(true)
}

/// Queue again (pending, no attempts, due `now`) the deliveries `req` names to endpoint `id`: one event, or
/// the events of its types written in `[since, until)`; a delivery still pending is left as it is (it may
/// be on its way). Answers how many were queued, `None` when there is no such endpoint.
pub async fn replay<D: Db>(
    pool: &Pool<D>,
    id: Uuid,
    req: &ReplayRequest,
    now: DateTime<Utc>,
    entry: &NewAudit,
) -> StoreResult<Option<u64>> {
    let mut tx = begin_write(pool).await?;
    if one_endpoint(&mut *tx, id).await?.is_none() {
        return Ok(None);
    }
    let head = "INSERT INTO webhook_deliveries (event_id, endpoint_id, state, attempts, next_at, created_at) \
         SELECT e.id, $1, 'pending', 0, $2, $2 FROM events e WHERE ";
    let tail =
        " ON CONFLICT (event_id, endpoint_id) DO UPDATE SET state = 'pending', attempts = 0, \
         next_at = excluded.next_at, lease_owner = NULL, lease_until = NULL, delivered_at = NULL, \
         dead_lettered_at = NULL WHERE webhook_deliveries.state <> 'pending'";
    let queued = match req.event_id {
        Some(event) => {
            let text = format!("{head}e.id = $3{tail}");
            sql(&text)
                .bind(id)
                .bind(now)
                .bind(event)
                .execute(&mut *tx)
                .await?
        }
        None => {
            let text = format!(
                "{head}e.created_at >= $3 AND e.created_at < $4 AND e.type <> 'webhook.test' AND EXISTS \
                 (SELECT 1 FROM webhook_subscriptions s WHERE s.endpoint_id = $1 \
                 AND (s.event_type = e.type OR s.event_type = '*')){tail}"
            );
            sql(&text)
                .bind(id)
                .bind(now)
                .bind(req.since.unwrap_or(DateTime::<Utc>::UNIX_EPOCH))
                .bind(req.until.unwrap_or(now))
                .execute(&mut *tx)
                .await?
        }
    };
    let mut entry = entry.clone();
    if let Some(details) = entry.details.as_object_mut() {
        details.insert("queued".into(), queued.into());
    }
    audit::insert(&mut *tx, &entry).await?;
    tx.commit().await?;
    Ok(Some(queued))
}

fn delivery_from_row(row: &impl Columns) -> StoreResult<Delivery> {
    let state = match row.text("state")?.as_str() {
        "pending" => DeliveryState::Pending,
        "delivered" => DeliveryState::Delivered,
        "dead" => DeliveryState::Dead,
        other => return Err(StoreError::Corrupt(format!("delivery state {other}"))),
    };
    Ok(Delivery {
        id: row.int("id")?,
        event_id: row.uuid("event_id")?,
        event_type: row.text("event_type")?,
        state,
        attempts: row.int("attempts")?,
        next_at: row.time("next_at")?,
        last_status: row.opt_int("last_status")?,
        last_latency_ms: row.opt_int("last_latency_ms")?,
        last_error: row.opt_text("last_error")?,
        response_excerpt: row.opt_text("response_excerpt")?,
        last_attempt_at: row.opt_time("last_attempt_at")?,
        delivered_at: row.opt_time("delivered_at")?,
        dead_lettered_at: row.opt_time("dead_lettered_at")?,
        created_at: row.time("created_at")?,
    })
}

/// Endpoint `id`'s deliveries, newest first, below `before`.
pub async fn deliveries<D: Db>(
    pool: &Pool<D>,
    id: Uuid,
    before: Option<i64>,
    limit: u32,
) -> StoreResult<DeliveryPage> {
    let text = "SELECT d.id, d.event_id, e.type AS event_type, d.state, d.attempts, d.next_at, \
         d.last_status, d.last_latency_ms, d.last_error, d.response_excerpt, d.last_attempt_at, \
         d.delivered_at, d.dead_lettered_at, d.created_at FROM webhook_deliveries d \
         JOIN events e ON e.id = d.event_id WHERE d.endpoint_id = $1 AND d.id < $2 \
         ORDER BY d.id DESC LIMIT $3";
    let rows = sql(text)
        .bind(id)
        .bind(before.unwrap_or(i64::MAX))
        .bind(i64::from(limit) + 1)
        .fetch_all(pool)
        .await?;
    let mut items = rows
        .iter()
        .map(delivery_from_row)
        .collect::<StoreResult<Vec<_>>>()?;
    let more = items.len() > limit as usize;
    items.truncate(limit as usize);
    let next_before = if more {
        items.last().map(|d| d.id)
    } else {
        None
    };
    Ok(DeliveryPage { items, next_before })
}

/// A delivery a dispatcher holds the lease of.
#[derive(Clone, Debug)]
pub struct Job {
    pub delivery_id: i64,
    /// Attempts made before this one.
    pub attempts: i64,
    pub endpoint_id: Uuid,
    pub url: String,
    /// The secrets to sign with: the current one, and the previous one while it is still valid.
    pub secrets: Vec<String>,
    pub event: Event,
}

/// How an attempt ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Delivered,
    /// Failed; due again then.
    Retry(DateTime<Utc>),
    /// Failed, and it was the schedule's last attempt.
    Dead,
    /// The endpoint answered 410: it is disabled, the delivery dead-lettered.
    Gone,
}

/// One attempt's outcome, for [`finish`].
#[derive(Clone, Debug)]
pub struct Outcome {
    pub delivery_id: i64,
    pub endpoint_id: Uuid,
    pub verdict: Verdict,
    pub status: Option<i64>,
    pub latency_ms: i64,
    pub error: Option<String>,
    pub excerpt: Option<String>,
    pub at: DateTime<Utc>,
}

/// Lease up to `limit` due deliveries of enabled endpoints to `owner` (unique per claim) until `until`.
pub async fn claim<D: Db>(
    pool: &Pool<D>,
    owner: &str,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
    limit: u32,
) -> StoreResult<Vec<Job>> {
    let take = format!(
        "UPDATE webhook_deliveries SET lease_owner = $1, lease_until = $2 WHERE id IN (\
         SELECT d.id FROM webhook_deliveries d WHERE d.state = 'pending' AND d.next_at <= $3 \
         AND (d.lease_until IS NULL OR d.lease_until <= $3) \
         AND d.endpoint_id IN (SELECT w.id FROM webhook_endpoints w WHERE w.enabled) \
         ORDER BY d.next_at, d.id LIMIT $4{})",
        D::SKIP_LOCKED
    );
    // A read first: with nothing due, no write lock is taken.
    let due = sql(
        "SELECT id FROM webhook_deliveries WHERE state = 'pending' AND next_at <= $1 \
         AND (lease_until IS NULL OR lease_until <= $1) LIMIT 1",
    )
    .bind(now)
    .fetch_optional(pool)
    .await?;
    if due.is_none() {
        return Ok(Vec::new());
    }
    let mut tx = begin_write(pool).await?;
    let taken = sql(&take)
        .bind(owner)
        .bind(until)
        .bind(now)
        .bind(i64::from(limit))
        .execute(&mut *tx)
        .await?;
    if taken == 0 {
        tx.rollback().await?;
        return Ok(Vec::new());
    }
    let read = format!(
        "SELECT d.id AS delivery_id, d.attempts, d.endpoint_id, w.url, w.secret, w.previous_secret, \
         w.previous_valid_until, {EVENT_COLUMNS} FROM webhook_deliveries d \
         JOIN events e ON e.id = d.event_id JOIN webhook_endpoints w ON w.id = d.endpoint_id \
         WHERE d.lease_owner = $1 AND d.state = 'pending'"
    );
    let rows = sql(&read).bind(owner).fetch_all(&mut *tx).await?;
    tx.commit().await?;
    rows.iter()
        .map(|row| {
            let mut secrets = vec![row.text("secret")?];
            if let (Some(previous), Some(until)) = (
                row.opt_text("previous_secret")?,
                row.opt_time("previous_valid_until")?,
            ) {
                if until > now {
                    secrets.push(previous);
                }
            }
            Ok(Job {
                delivery_id: row.int("delivery_id")?,
                attempts: row.int("attempts")?,
                endpoint_id: row.uuid("endpoint_id")?,
                url: row.text("url")?,
                secrets,
                event: event_from_row(row)?,
            })
        })
        .collect()
}

/// Record `outcomes` of `owner`'s claim in one transaction; a delivery whose lease is no longer `owner`'s is
/// left alone. Answers how many were recorded.
pub async fn finish<D: Db>(pool: &Pool<D>, owner: &str, outcomes: &[Outcome]) -> StoreResult<u64> {
    const COLUMNS: usize = 10;
    let mut tx = begin_write(pool).await?;
    let mut recorded = 0;
    // One statement per 100 outcomes: `UPDATE … FROM (VALUES …)` (both databases name the columns column1…).
    for chunk in outcomes.chunks(100) {
        let mut rows = Vec::with_capacity(chunk.len());
        let mut values = vec![Value::Text(Some(Cow::Borrowed(owner)))];
        for (i, o) in chunk.iter().enumerate() {
            let (state, next_at, delivered, dead) = match &o.verdict {
                Verdict::Delivered => ("delivered", o.at, Some(o.at), None),
                Verdict::Retry(at) => ("pending", *at, None, None),
                Verdict::Dead | Verdict::Gone => ("dead", o.at, None, Some(o.at)),
            };
            let first = 2 + i * COLUMNS;
            let marks: Vec<String> = (first..first + COLUMNS).map(|n| format!("${n}")).collect();
            rows.push(format!("({})", marks.join(", ")));
            values.extend([
                Value::Int(Some(o.delivery_id)),
                Value::Text(Some(Cow::Borrowed(state))),
                Value::Time(Some(next_at)),
                Value::Int(o.status),
                Value::Int(Some(o.latency_ms)),
                Value::Text(o.error.as_deref().map(Cow::Borrowed)),
                Value::Text(o.excerpt.as_deref().map(Cow::Borrowed)),
                Value::Time(Some(o.at)),
                Value::Time(delivered),
                Value::Time(dead),
            ]);
        }
        let text = format!(
            "UPDATE webhook_deliveries SET state = v.column2, attempts = webhook_deliveries.attempts + 1, \
             next_at = v.column3, lease_owner = NULL, lease_until = NULL, last_status = v.column4, \
             last_latency_ms = v.column5, last_error = v.column6, response_excerpt = v.column7, \
             last_attempt_at = v.column8, delivered_at = v.column9, dead_lettered_at = v.column10 \
             FROM (VALUES {}) AS v WHERE webhook_deliveries.id = v.column1 \
             AND webhook_deliveries.lease_owner = $1 RETURNING webhook_deliveries.id",
            rows.join(", ")
        );
        let updated = sql(&text).bind_all(values).fetch_all(&mut *tx).await?;
        let updated = updated
            .iter()
            .map(|r| r.int("id"))
            .collect::<StoreResult<std::collections::HashSet<i64>>>()?;
        recorded += updated.len() as u64;
        for o in chunk {
            if o.verdict == Verdict::Gone && updated.contains(&o.delivery_id) {
                sql(
                    "UPDATE webhook_endpoints SET enabled = $2, disabled_reason = $3, updated_at = $4 \
                     WHERE id = $1",
                )
                .bind(o.endpoint_id)
                .bind(false)
                .bind("gone: the endpoint answered 410")
                .bind(o.at)
                .execute(&mut *tx)
                .await?;
            }
        }
    }
    tx.commit().await?;
    Ok(recorded)
}

/// Deliveries per state (`pending`, `delivered`, `dead`), for tests and the benchmark.
pub async fn delivery_counts<D: Db>(pool: &Pool<D>) -> StoreResult<[i64; 3]> {
    let mut counts = [0; 3];
    let rows = sql("SELECT state, COUNT(*) AS n FROM webhook_deliveries GROUP BY state")
        .fetch_all(pool)
        .await?;
    for row in &rows {
        let i = match row.text("state")?.as_str() {
            "pending" => 0,
            "delivered" => 1,
            _ => 2,
        };
        counts[i] = row.int("n")?;
    }
    Ok(counts)
}

/// An inbound message: stored once per `(source, message id)` with its event and stock movements, in one
/// transaction. False (nothing written) when that id was accepted before.
pub async fn inbound<D: Db>(
    pool: &Pool<D>,
    source: &str,
    message_id: &str,
    event: &NewEvent,
    moves: Vec<NewMovement>,
) -> StoreResult<bool> {
    let mut tx = begin_write(pool).await?;
    let new = sql(
        "INSERT INTO inbound_messages (source, message_id, event_id, received_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (source, message_id) DO NOTHING",
    )
    .bind(source)
    .bind(message_id)
    .bind(event.id)
    .bind(event.created_at)
    .execute(&mut *tx)
    .await?;
    if new == 0 {
        tx.rollback().await?;
        return Ok(false);
    }
    stock::record(&mut *tx, moves, event.created_at).await?;
    append(&mut *tx, std::slice::from_ref(event)).await?;
    tx.commit().await?;
    Ok(true)
}

/// The selling location online orders move stock at (the first store's; made at `now` if it has none).
pub async fn online_location<D: Db>(pool: &Pool<D>, now: DateTime<Utc>) -> StoreResult<Uuid> {
    let mut tx = begin_write(pool).await?;
    let at = stock::sale_location(&mut *tx, Uuid::nil(), now).await?;
    tx.commit().await?;
    Ok(at)
}

/// Events and webhooks as the API and the dispatcher need them (implemented once for every backend).
pub trait EventsStore: Send + Sync {
    /// [`append_alone`]: events of facts written elsewhere (and tests, benchmarks).
    fn append_events<'a>(&'a self, events: &'a [NewEvent]) -> StoreFuture<'a, ()>;
    /// [`fan_out`].
    fn fan_out_events(&self, limit: u32) -> StoreFuture<'_, usize>;
    fn events_after(&self, after: i64, limit: u32) -> StoreFuture<'_, Vec<Event>>;
    fn webhook_endpoints(&self) -> StoreFuture<'_, Vec<Endpoint>>;
    fn webhook_endpoint(&self, id: Uuid) -> StoreFuture<'_, Option<Endpoint>>;
    fn create_webhook_endpoint<'a>(
        &'a self,
        id: Uuid,
        new: &'a NewEndpoint,
        secret: &'a str,
        now: DateTime<Utc>,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, Endpoint>;
    fn update_webhook_endpoint<'a>(
        &'a self,
        id: Uuid,
        change: &'a EndpointChange,
        now: DateTime<Utc>,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, Option<Endpoint>>;
    fn delete_webhook_endpoint<'a>(
        &'a self,
        id: Uuid,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, bool>;
    fn rotate_webhook_secret<'a>(
        &'a self,
        id: Uuid,
        secret: &'a str,
        previous_until: DateTime<Utc>,
        now: DateTime<Utc>,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, Option<Endpoint>>;
    fn send_test_event<'a>(
        &'a self,
        id: Uuid,
        event: &'a NewEvent,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, bool>;
    fn replay_deliveries<'a>(
        &'a self,
        id: Uuid,
        req: &'a ReplayRequest,
        now: DateTime<Utc>,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, Option<u64>>;
    fn webhook_deliveries(
        &self,
        id: Uuid,
        before: Option<i64>,
        limit: u32,
    ) -> StoreFuture<'_, DeliveryPage>;
    fn claim_deliveries<'a>(
        &'a self,
        owner: &'a str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: u32,
    ) -> StoreFuture<'a, Vec<Job>>;
    fn finish_deliveries<'a>(
        &'a self,
        owner: &'a str,
        outcomes: &'a [Outcome],
    ) -> StoreFuture<'a, u64>;
    fn delivery_counts(&self) -> StoreFuture<'_, [i64; 3]>;
    fn inbound_message<'a>(
        &'a self,
        source: &'a str,
        message_id: &'a str,
        event: &'a NewEvent,
        moves: Vec<NewMovement>,
    ) -> StoreFuture<'a, bool>;
    fn online_order_location(&self, now: DateTime<Utc>) -> StoreFuture<'_, Uuid>;
}

impl<B: Backend> EventsStore for B {
    fn append_events<'a>(&'a self, events: &'a [NewEvent]) -> StoreFuture<'a, ()> {
        Box::pin(append_alone(self.pool(), events))
    }
    fn fan_out_events(&self, limit: u32) -> StoreFuture<'_, usize> {
        Box::pin(fan_out(self.pool(), limit))
    }
    fn events_after(&self, after: i64, limit: u32) -> StoreFuture<'_, Vec<Event>> {
        Box::pin(events_after(self.pool(), after, limit))
    }
    fn webhook_endpoints(&self) -> StoreFuture<'_, Vec<Endpoint>> {
        Box::pin(endpoints(self.pool()))
    }
    fn webhook_endpoint(&self, id: Uuid) -> StoreFuture<'_, Option<Endpoint>> {
        Box::pin(endpoint(self.pool(), id))
    }
    fn create_webhook_endpoint<'a>(
        &'a self,
        id: Uuid,
        new: &'a NewEndpoint,
        secret: &'a str,
        now: DateTime<Utc>,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, Endpoint> {
        Box::pin(create_endpoint(self.pool(), id, new, secret, now, entry))
    }
    fn update_webhook_endpoint<'a>(
        &'a self,
        id: Uuid,
        change: &'a EndpointChange,
        now: DateTime<Utc>,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, Option<Endpoint>> {
        Box::pin(update_endpoint(self.pool(), id, change, now, entry))
    }
    fn delete_webhook_endpoint<'a>(
        &'a self,
        id: Uuid,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, bool> {
        Box::pin(delete_endpoint(self.pool(), id, entry))
    }
    fn rotate_webhook_secret<'a>(
        &'a self,
        id: Uuid,
        secret: &'a str,
        previous_until: DateTime<Utc>,
        now: DateTime<Utc>,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, Option<Endpoint>> {
        Box::pin(rotate_secret(
            self.pool(),
            id,
            secret,
            previous_until,
            now,
            entry,
        ))
    }
    fn send_test_event<'a>(
        &'a self,
        id: Uuid,
        event: &'a NewEvent,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, bool> {
        Box::pin(send_test(self.pool(), id, event, entry))
    }
    fn replay_deliveries<'a>(
        &'a self,
        id: Uuid,
        req: &'a ReplayRequest,
        now: DateTime<Utc>,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, Option<u64>> {
        Box::pin(replay(self.pool(), id, req, now, entry))
    }
    fn webhook_deliveries(
        &self,
        id: Uuid,
        before: Option<i64>,
        limit: u32,
    ) -> StoreFuture<'_, DeliveryPage> {
        Box::pin(deliveries(self.pool(), id, before, limit))
    }
    fn claim_deliveries<'a>(
        &'a self,
        owner: &'a str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: u32,
    ) -> StoreFuture<'a, Vec<Job>> {
        Box::pin(claim(self.pool(), owner, now, until, limit))
    }
    fn finish_deliveries<'a>(
        &'a self,
        owner: &'a str,
        outcomes: &'a [Outcome],
    ) -> StoreFuture<'a, u64> {
        Box::pin(finish(self.pool(), owner, outcomes))
    }
    fn delivery_counts(&self) -> StoreFuture<'_, [i64; 3]> {
        Box::pin(delivery_counts(self.pool()))
    }
    fn inbound_message<'a>(
        &'a self,
        source: &'a str,
        message_id: &'a str,
        event: &'a NewEvent,
        moves: Vec<NewMovement>,
    ) -> StoreFuture<'a, bool> {
        Box::pin(inbound(self.pool(), source, message_id, event, moves))
    }
    fn online_order_location(&self, now: DateTime<Utc>) -> StoreFuture<'_, Uuid> {
        Box::pin(online_location(self.pool(), now))
    }
}
