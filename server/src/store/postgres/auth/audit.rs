//! The append-only audit log and sign-in lockouts on PostgreSQL.

use crate::store::auth::{AuditFilter, AuditParam, FailurePolicy, Lockout, NewAudit};
use crate::store::codec::{enum_text, json_text, parse_enum, parse_json, seq_from_db};
use crate::store::StoreResult;
use shared::auth::{AuditActor, AuditEntry};
use sqlx::postgres::{PgConnection, PgPool, PgRow};
use sqlx::Row;

/// Append `entry` inside the caller's transaction.
pub async fn insert(conn: &mut PgConnection, e: &NewAudit) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_kind, actor_id, actor_name, device_id, action, target, outcome, \
         details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)",
    )
    .bind(e.at)
    .bind(enum_text(&e.actor.kind)?)
    .bind(&e.actor.id)
    .bind(&e.actor.name)
    .bind(e.device_id)
    .bind(&e.action)
    .bind(&e.target)
    .bind(&e.outcome)
    .bind(json_text(&e.details)?)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn append(pool: &PgPool, e: &NewAudit) -> StoreResult<()> {
    let mut conn = pool.acquire().await?;
    insert(&mut conn, e).await
}

fn entry(row: &PgRow) -> StoreResult<AuditEntry> {
    let details: String = row.try_get("details")?;
    Ok(AuditEntry {
        seq: seq_from_db(row.try_get("seq")?, "audit seq")?,
        at: row.try_get("at")?,
        actor: AuditActor {
            kind: parse_enum(row.try_get("actor_kind")?, "audit actor kind")?,
            id: row.try_get("actor_id")?,
            name: row.try_get("actor_name")?,
        },
        device_id: row.try_get("device_id")?,
        action: row.try_get("action")?,
        target: row.try_get("target")?,
        outcome: row.try_get("outcome")?,
        details: parse_json(&details, "audit details")?,
    })
}

/// Entries matching `filter` (the clause is [`AuditFilter::sql_where`]'s), newest first.
pub async fn page(
    pool: &PgPool,
    filter: &AuditFilter,
    before: Option<u64>,
    limit: u32,
) -> StoreResult<Vec<AuditEntry>> {
    let (clause, params) = filter.sql_where(before, |n| format!("${n}"));
    let sql = format!(
        "SELECT seq, at, actor_kind, actor_id, actor_name, device_id, action, target, outcome, \
         details::text AS details FROM audit_log {clause} ORDER BY seq DESC LIMIT {limit}"
    );
    let mut query = sqlx::query(&sql);
    for p in params {
        query = match p {
            AuditParam::Text(t) => query.bind(t),
            // A `before` beyond every stored seq asks for everything.
            AuditParam::Seq(s) => query.bind(i64::try_from(s).unwrap_or(i64::MAX)),
            AuditParam::Time(t) => query.bind(t),
            AuditParam::Uuid(u) => query.bind(u),
        };
    }
    let rows = query.fetch_all(pool).await?;
    rows.iter().map(entry).collect()
}

fn lockout_of(row: Option<PgRow>) -> StoreResult<Lockout> {
    let Some(row) = row else {
        return Ok(Lockout::default());
    };
    let failures: i32 = row.try_get("failures")?;
    Ok(Lockout {
        failures: u32::try_from(failures).unwrap_or(0),
        locked_until: row.try_get("locked_until")?,
    })
}

pub async fn lockout(pool: &PgPool, subject: &str) -> StoreResult<Lockout> {
    let row = sqlx::query("SELECT failures, locked_until FROM lockouts WHERE subject = $1")
        .bind(subject)
        .fetch_optional(pool)
        .await?;
    lockout_of(row)
}

/// One statement counts the failure (the row lock orders concurrent failures of a subject); at the threshold
/// the subject is locked and counting starts again.
pub async fn record_failure(
    pool: &PgPool,
    subject: &str,
    policy: FailurePolicy,
    e: &NewAudit,
) -> StoreResult<Lockout> {
    let mut tx = pool.begin().await?;
    let max = i32::try_from(policy.max_failures).unwrap_or(i32::MAX);
    let row = sqlx::query(
        "INSERT INTO lockouts (subject, failures, locked_until) VALUES ($1, 1, NULL) \
         ON CONFLICT (subject) DO UPDATE SET failures = lockouts.failures + 1 \
         RETURNING failures, locked_until",
    )
    .bind(subject)
    .fetch_one(&mut *tx)
    .await?;
    let mut state = lockout_of(Some(row))?;
    if i64::from(state.failures) >= i64::from(max) {
        sqlx::query("UPDATE lockouts SET failures = 0, locked_until = $1 WHERE subject = $2")
            .bind(policy.lock_until)
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

pub async fn clear_failures(pool: &PgPool, subject: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM lockouts WHERE subject = $1")
        .bind(subject)
        .execute(pool)
        .await?;
    Ok(())
}
