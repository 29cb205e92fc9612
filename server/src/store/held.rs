//! Held orders and the tills' settings, on both stores (migration `0006_held_orders`).
//!
//! A held order moves between tills through single statements whose `WHERE` states who may move it, so the
//! database decides races: of two tills claiming one parked order, one `UPDATE` changes the row and the other
//! changes nothing and is refused naming the holder. Each change and its audit entry commit together; a
//! refusal is audited as `denied`. Expiry is decided on the server's clock: a parked order older than the
//! store's `park_expiry_hours` is no longer listed, and is marked `expired` when a till tries to take it.

use super::backend::Backend;
use super::codec::seq_from_db;
use super::pull_page;
use super::sql::{begin_write, sql, write_change, Columns, Conn, Db, Json};
use super::{StoreError, StoreFuture, StoreResult};
use crate::store::auth::{audit, NewAudit};
use chrono::{DateTime, Utc};
use shared::held::{HeldOrder, HeldStatus, ParkRequest, TillSettings};
use shared::sync::Change;
use sqlx::Pool;
use uuid::Uuid;

/// The held order with the names of its tills.
const HELD_SQL: &str =
    "SELECT h.id, h.label, h.body, h.parked_by, h.parked_at, h.parked_on, h.status, \
    h.holder, h.version, p.name AS parked_on_name, d.name AS holder_name FROM held_orders h \
    LEFT JOIN devices p ON p.id = h.parked_on LEFT JOIN devices d ON d.id = h.holder";

/// What became of a claim or a close.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeldOutcome {
    /// Done (or already done by this till: a replay changes nothing).
    Done(HeldOrder),
    /// Not this till's to take: the order as it stands (held elsewhere, closed or expired).
    Refused(HeldOrder),
    /// No held order with this id.
    Unknown,
}

/// The audit entries of a change: one for when it is done, one for when it is refused.
pub struct HeldAudit<'a> {
    pub done: &'a NewAudit,
    pub refused: &'a NewAudit,
}

fn from_row(row: &impl Columns) -> StoreResult<HeldOrder> {
    Ok(HeldOrder {
        id: row.uuid("id")?,
        label: row.text("label")?,
        order: row.json("body")?,
        parked_by: row.opt_json("parked_by")?,
        parked_at: row.time("parked_at")?,
        parked_on: row.uuid("parked_on")?,
        parked_on_name: row.opt_text("parked_on_name")?,
        status: row.enumerated("status")?,
        holder: row.opt_uuid("holder")?,
        holder_name: row.opt_text("holder_name")?,
        version: seq_from_db(row.int("version")?, "held order version")?,
    })
}

async fn one<C: Conn>(conn: &mut C, id: Uuid) -> StoreResult<Option<HeldOrder>> {
    let query = format!("{HELD_SQL} WHERE h.id = $1");
    let row = sql(&query).bind(id).fetch_optional(conn).await?;
    row.as_ref().map(from_row).transpose()
}

/// Store an uploaded order, parked on `device`, unless one with this id exists (then nothing changes and
/// the answer is the stored one: an upload is idempotent). `parked_at` is kept no later than `now`.
pub async fn park<D: Db>(
    pool: &Pool<D>,
    id: Uuid,
    req: &ParkRequest,
    device: Uuid,
    now: DateTime<Utc>,
    entry: &NewAudit,
) -> StoreResult<HeldOrder> {
    let mut tx = begin_write(pool).await?;
    let parked_by = req.parked_by.as_ref().map(Json::of).transpose()?;
    let inserted = sql(
        "INSERT INTO held_orders (id, label, body, parked_by, parked_at, parked_on, status, holder, version, \
         updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'parked', NULL, 1, $7) ON CONFLICT (id) DO NOTHING",
    )
    .bind(id)
    .bind(req.label.trim())
    .bind(Json::of(&req.order)?)
    .bind(parked_by)
    .bind(req.parked_at.min(now))
    .bind(device)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if inserted > 0 {
        audit::insert(&mut *tx, entry).await?;
    }
    let held = one(&mut *tx, id)
        .await?
        .ok_or_else(|| StoreError::Corrupt(format!("held order {id} vanished")))?;
    tx.commit().await?;
    Ok(held)
}

/// The store's parked orders not expired at `cutoff`, oldest first.
pub async fn list<D: Db>(
    pool: &Pool<D>,
    cutoff: Option<DateTime<Utc>>,
) -> StoreResult<Vec<HeldOrder>> {
    let query = format!(
        "{HELD_SQL} WHERE h.status = 'parked' AND ($1 IS NULL OR h.parked_at >= $1) \
         ORDER BY h.parked_at, h.id"
    );
    let rows = sql(&query).bind(cutoff).fetch_all(pool).await?;
    rows.iter().map(from_row).collect()
}

/// Mark the order expired if it is parked since before `cutoff`.
async fn expire<C: Conn>(
    conn: &mut C,
    id: Uuid,
    cutoff: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let Some(cutoff) = cutoff else { return Ok(()) };
    sql(
        "UPDATE held_orders SET status = 'expired', version = version + 1, updated_at = $3 \
         WHERE id = $1 AND status = 'parked' AND parked_at < $2",
    )
    .bind(id)
    .bind(cutoff)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Run `change` (which moves the order when it is this till's to move), then answer what the order is:
/// changed → done; unchanged but `already(order)` → done (a replay); else refused.
async fn move_order<D: Db>(
    pool: &Pool<D>,
    id: Uuid,
    cutoff: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    change: super::sql::Stmt<'_>,
    already: impl Fn(&HeldOrder) -> bool,
    entries: HeldAudit<'_>,
) -> StoreResult<HeldOutcome> {
    let mut tx = begin_write(pool).await?;
    expire(&mut *tx, id, cutoff, now).await?;
    let changed = change.execute(&mut *tx).await? > 0;
    let Some(held) = one(&mut *tx, id).await? else {
        return Ok(HeldOutcome::Unknown);
    };
    let outcome = if changed {
        audit::insert(&mut *tx, entries.done).await?;
        HeldOutcome::Done(held)
    } else if already(&held) {
        HeldOutcome::Done(held)
    } else {
        let mut refused = entries.refused.clone();
        if let serde_json::Value::Object(details) = &mut refused.details {
            details.insert("status".into(), serde_json::json!(held.status));
            details.insert("holder".into(), serde_json::json!(held.holder));
        }
        audit::insert(&mut *tx, &refused).await?;
        HeldOutcome::Refused(held)
    };
    tx.commit().await?;
    Ok(outcome)
}

/// Take a parked order for `device`: one till at a time. Claiming an order this till already holds is a
/// replay.
pub async fn claim<D: Db>(
    pool: &Pool<D>,
    id: Uuid,
    device: Uuid,
    cutoff: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    entries: HeldAudit<'_>,
) -> StoreResult<HeldOutcome> {
    let change = sql(
        "UPDATE held_orders SET status = 'claimed', holder = $2, version = version + 1, updated_at = $3 \
         WHERE id = $1 AND status = 'parked'",
    )
    .bind(id)
    .bind(device)
    .bind(now);
    let already = |h: &HeldOrder| h.status == HeldStatus::Claimed && h.holder == Some(device);
    move_order(pool, id, cutoff, now, change, already, entries).await
}

/// Close an order `device` holds, or one it parked that no till has claimed. Closing it again is a replay.
pub async fn close<D: Db>(
    pool: &Pool<D>,
    id: Uuid,
    device: Uuid,
    now: DateTime<Utc>,
    entries: HeldAudit<'_>,
) -> StoreResult<HeldOutcome> {
    let change = sql(
        "UPDATE held_orders SET status = 'closed', holder = $2, version = version + 1, updated_at = $3 \
         WHERE id = $1 AND ((status = 'claimed' AND holder = $2) OR (status = 'parked' AND parked_on = $2))",
    )
    .bind(id)
    .bind(device)
    .bind(now);
    let already = |h: &HeldOrder| h.status == HeldStatus::Closed && h.holder == Some(device);
    move_order(pool, id, None, now, change, already, entries).await
}

const SETTINGS_SQL: &str =
    "SELECT lock_after_secs, park_expiry_hours, change_seq FROM till_settings";

fn settings_from_row(row: &impl Columns) -> StoreResult<TillSettings> {
    let int = |col: &str| -> StoreResult<u32> {
        let v = row.int(col)?;
        u32::try_from(v).map_err(|_| StoreError::Corrupt(format!("{col} {v}")))
    };
    Ok(TillSettings {
        lock_after_secs: int("lock_after_secs")?,
        park_expiry_hours: int("park_expiry_hours")?,
    })
}

/// The tills' settings (the defaults until a manager sets them).
pub async fn settings<D: Db>(pool: &Pool<D>) -> StoreResult<TillSettings> {
    let row = sql(SETTINGS_SQL).fetch_optional(pool).await?;
    Ok(match row {
        Some(row) => settings_from_row(&row)?,
        None => TillSettings::default(),
    })
}

/// Store the tills' settings on the change sequence (tills pull them), with its audit entry.
pub async fn put_settings<D: Db>(
    pool: &Pool<D>,
    s: &TillSettings,
    entry: &NewAudit,
) -> StoreResult<()> {
    let mut tx = begin_write(pool).await?;
    tx.lock_catalog().await?;
    let stmt = sql(
        "INSERT INTO till_settings (id, lock_after_secs, park_expiry_hours, change_seq) \
         VALUES (1, $1, $2, {next_seq}) ON CONFLICT (id) DO UPDATE SET \
         lock_after_secs = excluded.lock_after_secs, park_expiry_hours = excluded.park_expiry_hours, \
         change_seq = excluded.change_seq",
    )
    .bind(i64::from(s.lock_after_secs))
    .bind(i64::from(s.park_expiry_hours));
    write_change(&mut *tx, stmt).await?;
    audit::insert(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// The settings' change above `after`, inside the pull's snapshot.
pub async fn changes<C: Conn>(
    conn: &mut C,
    after: i64,
    fetch: i64,
    out: &mut Vec<(i64, Change)>,
) -> StoreResult<()> {
    pull_page::changes_of(
        conn,
        SETTINGS_SQL,
        after,
        fetch,
        |r| settings_from_row(r).map(Change::TillSettings),
        out,
    )
    .await
}

/// Held orders and the tills' settings: part of every [`super::Store`].
pub trait HeldStore {
    /// [`park`].
    fn park_held<'a>(
        &'a self,
        id: Uuid,
        req: &'a ParkRequest,
        device: Uuid,
        now: DateTime<Utc>,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, HeldOrder>;

    /// [`list`].
    fn list_held(&self, cutoff: Option<DateTime<Utc>>) -> StoreFuture<'_, Vec<HeldOrder>>;

    /// [`claim`].
    fn claim_held<'a>(
        &'a self,
        id: Uuid,
        device: Uuid,
        cutoff: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
        entries: HeldAudit<'a>,
    ) -> StoreFuture<'a, HeldOutcome>;

    /// [`close`].
    fn close_held<'a>(
        &'a self,
        id: Uuid,
        device: Uuid,
        now: DateTime<Utc>,
        entries: HeldAudit<'a>,
    ) -> StoreFuture<'a, HeldOutcome>;

    /// [`settings`].
    fn till_settings(&self) -> StoreFuture<'_, TillSettings>;

    /// [`put_settings`].
    fn put_till_settings<'a>(
        &'a self,
        s: &'a TillSettings,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, ()>;
}

impl<B: Backend> HeldStore for B {
    fn park_held<'a>(
        &'a self,
        id: Uuid,
        req: &'a ParkRequest,
        device: Uuid,
        now: DateTime<Utc>,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, HeldOrder> {
        Box::pin(park(self.pool(), id, req, device, now, entry))
    }

    fn list_held(&self, cutoff: Option<DateTime<Utc>>) -> StoreFuture<'_, Vec<HeldOrder>> {
        Box::pin(list(self.pool(), cutoff))
    }

    fn claim_held<'a>(
        &'a self,
        id: Uuid,
        device: Uuid,
        cutoff: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
        entries: HeldAudit<'a>,
    ) -> StoreFuture<'a, HeldOutcome> {
        Box::pin(claim(self.pool(), id, device, cutoff, now, entries))
    }

    fn close_held<'a>(
        &'a self,
        id: Uuid,
        device: Uuid,
        now: DateTime<Utc>,
        entries: HeldAudit<'a>,
    ) -> StoreFuture<'a, HeldOutcome> {
        Box::pin(close(self.pool(), id, device, now, entries))
    }

    fn till_settings(&self) -> StoreFuture<'_, TillSettings> {
        Box::pin(settings(self.pool()))
    }

    fn put_till_settings<'a>(
        &'a self,
        s: &'a TillSettings,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, ()> {
        Box::pin(put_settings(self.pool(), s, entry))
    }
}
