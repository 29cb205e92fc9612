//! The append-only audit log and sign-in lockouts, on both stores.

use crate::store::auth::{AuditFilter, FailurePolicy, Lockout, NewAudit};
use crate::store::codec::{enum_text, seq_from_db};
use crate::store::sql::{begin_write, sql, Columns, Conn, Db, Json, Stmt};
use crate::store::StoreResult;
use shared::auth::{AuditActor, AuditEntry};
use sqlx::Pool;

/// Append `entry` inside the caller's transaction.
pub async fn insert<C: Conn>(conn: &mut C, e: &NewAudit) -> StoreResult<()> {
    sql("INSERT INTO audit_log (at, actor_kind, actor_id, actor_name, device_id, action, target, outcome, \
         details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
    .bind(e.at)
    .bind(enum_text(&e.actor.kind)?)
    .bind(e.actor.id.as_deref())
    .bind(e.actor.name.as_deref())
    .bind(e.device_id)
    .bind(&e.action)
    .bind(e.target.as_deref())
    .bind(&e.outcome)
    .bind(Json::of(&e.details)?)
    .execute(conn)
    .await?;
    Ok(())
}

/// Run `change` in a write transaction, then `then` when given, and append `entry` with them; unless `change`
/// changed no row, then nothing is written and the answer is `false`.
pub async fn audited<D: Db>(
    pool: &Pool<D>,
    change: Stmt<'_>,
    then: Option<Stmt<'_>>,
    entry: &NewAudit,
) -> StoreResult<bool> {
    let mut tx = begin_write(pool).await?;
    if change.execute(&mut *tx).await? == 0 {
        return Ok(false);
    }
    if let Some(then) = then {
        then.execute(&mut *tx).await?;
    }
    insert(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(true)
}

pub async fn append<D: Db>(pool: &Pool<D>, e: &NewAudit) -> StoreResult<()> {
    insert(&mut *pool.acquire().await?, e).await
}

fn entry(row: &impl Columns) -> StoreResult<AuditEntry> {
    Ok(AuditEntry {
        seq: seq_from_db(row.int("seq")?, "audit seq")?,
        at: row.time("at")?,
        actor: AuditActor {
            kind: row.enumerated("actor_kind")?,
            id: row.opt_text("actor_id")?,
            name: row.opt_text("actor_name")?,
        },
        device_id: row.opt_uuid("device_id")?,
        action: row.text("action")?,
        target: row.opt_text("target")?,
        outcome: row.text("outcome")?,
        details: row.json("details")?,
    })
}

/// Entries matching `filter` (the clause is [`AuditFilter::sql_where`]'s), newest first.
pub async fn page<D: Db>(
    pool: &Pool<D>,
    filter: &AuditFilter,
    before: Option<u64>,
    limit: u32,
) -> StoreResult<Vec<AuditEntry>> {
    let (clause, values) = filter.sql_where(before);
    let query = format!(
        "SELECT seq, at, actor_kind, actor_id, actor_name, device_id, action, target, outcome, details \
         FROM audit_log {clause} ORDER BY seq DESC LIMIT {limit}"
    );
    let rows = sql(&query).bind_all(values).fetch_all(pool).await?;
    rows.iter().map(entry).collect()
}

fn lockout_of(row: Option<impl Columns>) -> StoreResult<Lockout> {
    let Some(row) = row else {
        return Ok(Lockout::default());
    };
    Ok(Lockout {
        failures: u32::try_from(row.int("failures")?).unwrap_or(u32::MAX),
        locked_until: row.opt_time("locked_until")?,
    })
}

pub async fn lockout<D: Db>(pool: &Pool<D>, subject: &str) -> StoreResult<Lockout> {
    let row = sql("SELECT failures, locked_until FROM lockouts WHERE subject = $1")
        .bind(subject)
        .fetch_optional(pool)
        .await?;
    lockout_of(row)
}

/// One statement counts the failure (on PostgreSQL the row lock orders concurrent failures of a subject); at
/// the threshold the subject is locked and counting starts again.
pub async fn record_failure<D: Db>(
    pool: &Pool<D>,
    subject: &str,
    policy: FailurePolicy,
    e: &NewAudit,
) -> StoreResult<Lockout> {
    let mut tx = begin_write(pool).await?;
    let row = sql(
        "INSERT INTO lockouts (subject, failures, locked_until) VALUES ($1, 1, NULL) \
         ON CONFLICT (subject) DO UPDATE SET failures = lockouts.failures + 1 \
         RETURNING failures, locked_until",
    )
    .bind(subject)
    .fetch_one(&mut *tx)
    .await?;
    let mut state = lockout_of(Some(row))?;
    if state.failures >= policy.max_failures {
        sql("UPDATE lockouts SET failures = 0, locked_until = $1 WHERE subject = $2")
            .bind(policy.lock_until)
            .bind(subject)
            .execute(&mut *tx)
            .await?;
        state = Lockout {
            failures: 0,
            locked_until: Some(policy.lock_until),
        };
    }
    insert(&mut *tx, e).await?;
    tx.commit().await?;
    Ok(state)
}

pub async fn clear_failures<D: Db>(pool: &Pool<D>, subject: &str) -> StoreResult<()> {
    sql("DELETE FROM lockouts WHERE subject = $1")
        .bind(subject)
        .execute(pool)
        .await?;
    Ok(())
}
