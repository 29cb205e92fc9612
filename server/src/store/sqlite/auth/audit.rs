//! The append-only audit log and sign-in lockouts on SQLite.

use crate::store::auth::{AuditFilter, AuditParam, FailurePolicy, Lockout, NewAudit};
use crate::store::sqlite::codec::{
    enum_text, json_text, parse_enum, parse_json, parse_time, parse_uuid, seq_from_db, time_text,
};
use crate::store::sqlite::BEGIN_WRITE;
use crate::store::StoreResult;
use shared::auth::{AuditActor, AuditEntry};
use sqlx::sqlite::{SqliteConnection, SqlitePool, SqliteRow};
use sqlx::Row;

/// Append `entry` inside the caller's transaction.
pub async fn insert(conn: &mut SqliteConnection, e: &NewAudit) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_kind, actor_id, actor_name, device_id, action, target, outcome, \
         details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(time_text(e.at))
    .bind(enum_text(&e.actor.kind)?)
    .bind(&e.actor.id)
    .bind(&e.actor.name)
    .bind(e.device_id.map(|d| d.to_string()))
    .bind(&e.action)
    .bind(&e.target)
    .bind(&e.outcome)
    .bind(json_text(&e.details)?)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn append(pool: &SqlitePool, e: &NewAudit) -> StoreResult<()> {
    let mut conn = pool.acquire().await?;
    insert(&mut conn, e).await
}

fn entry(row: &SqliteRow) -> StoreResult<AuditEntry> {
    let at: String = row.try_get("at")?;
    let device: Option<String> = row.try_get("device_id")?;
    let details: String = row.try_get("details")?;
    Ok(AuditEntry {
        seq: seq_from_db(row.try_get("seq")?, "audit seq")?,
        at: parse_time(&at, "audit time")?,
        actor: AuditActor {
            kind: parse_enum(row.try_get("actor_kind")?, "audit actor kind")?,
            id: row.try_get("actor_id")?,
            name: row.try_get("actor_name")?,
        },
        device_id: device
            .map(|d| parse_uuid(&d, "audit device id"))
            .transpose()?,
        action: row.try_get("action")?,
        target: row.try_get("target")?,
        outcome: row.try_get("outcome")?,
        details: parse_json(&details, "audit details")?,
    })
}

/// Entries matching `filter` (the clause is [`AuditFilter::sql_where`]'s), newest first.
pub async fn page(
    pool: &SqlitePool,
    filter: &AuditFilter,
    before: Option<u64>,
    limit: u32,
) -> StoreResult<Vec<AuditEntry>> {
    let (clause, params) = filter.sql_where(before, |n| format!("?{n}"));
    let sql = format!(
        "SELECT seq, at, actor_kind, actor_id, actor_name, device_id, action, target, outcome, details \
         FROM audit_log {clause} ORDER BY seq DESC LIMIT {limit}"
    );
    let mut query = sqlx::query(&sql);
    for p in params {
        query = match p {
            AuditParam::Text(t) => query.bind(t),
            // A `before` beyond every stored seq asks for everything.
            AuditParam::Seq(s) => query.bind(i64::try_from(s).unwrap_or(i64::MAX)),
            AuditParam::Time(t) => query.bind(time_text(t)),
            AuditParam::Uuid(u) => query.bind(u.to_string()),
        };
    }
    let rows = query.fetch_all(pool).await?;
    rows.iter().map(entry).collect()
}

fn lockout_of(row: Option<SqliteRow>) -> StoreResult<Lockout> {
    let Some(row) = row else {
        return Ok(Lockout::default());
    };
    let failures: i64 = row.try_get("failures")?;
    let until: Option<String> = row.try_get("locked_until")?;
    Ok(Lockout {
        failures: u32::try_from(failures).unwrap_or(u32::MAX),
        locked_until: until.map(|t| parse_time(&t, "locked_until")).transpose()?,
    })
}

pub async fn lockout(pool: &SqlitePool, subject: &str) -> StoreResult<Lockout> {
    let row = sqlx::query("SELECT failures, locked_until FROM lockouts WHERE subject = ?")
        .bind(subject)
        .fetch_optional(pool)
        .await?;
    lockout_of(row)
}

/// One statement counts the failure and, at the threshold, locks and starts counting again.
pub async fn record_failure(
    pool: &SqlitePool,
    subject: &str,
    policy: FailurePolicy,
    e: &NewAudit,
) -> StoreResult<Lockout> {
    let mut tx = pool.begin_with(BEGIN_WRITE).await?;
    let row = sqlx::query(
        "INSERT INTO lockouts (subject, failures, locked_until) VALUES (?1, 1, NULL) \
         ON CONFLICT (subject) DO UPDATE SET failures = lockouts.failures + 1 \
         RETURNING failures, locked_until",
    )
    .bind(subject)
    .fetch_one(&mut *tx)
    .await?;
    let mut state = lockout_of(Some(row))?;
    if state.failures >= policy.max_failures {
        sqlx::query("UPDATE lockouts SET failures = 0, locked_until = ? WHERE subject = ?")
            .bind(time_text(policy.lock_until))
            .bind(subject)
            .execute(&mut *tx)
            .await?;
        state = Lockout {
            failures: 0,
            locked_until: Some(policy.lock_until),
        };
    }
    insert(&mut tx, e).await?;
    tx.commit().await?;
    Ok(state)
}

pub async fn clear_failures(pool: &SqlitePool, subject: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM lockouts WHERE subject = ?")
        .bind(subject)
        .execute(pool)
        .await?;
    Ok(())
}
