//! Enrolled devices, sessions, overrides and API keys on PostgreSQL (credentials stored as SHA-256 hashes).

use super::{audit, staff};
use crate::store::auth::{
    ApiKeyRecord, DeviceRecord, NewAudit, NewDevice, OverrideRecord, SessionRecord, StaffRecord,
};
use crate::store::codec::{enum_text, json_text, parse_json};
use crate::store::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use shared::auth::Permission;
use sqlx::postgres::{PgPool, PgRow};
use sqlx::Row;
use uuid::Uuid;

fn device(row: &PgRow) -> StoreResult<DeviceRecord> {
    Ok(DeviceRecord {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        receipt_prefix: row.try_get("receipt_prefix")?,
        enrolled_at: row.try_get("enrolled_at")?,
        revoked_at: row.try_get("revoked_at")?,
    })
}

const DEVICE_COLUMNS: &str = "id, name, receipt_prefix, enrolled_at, revoked_at";

pub async fn enroll(pool: &PgPool, d: &NewDevice, entry: &NewAudit) -> StoreResult<()> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "INSERT INTO devices (id, last_seq, first_seen_at, name, token_hash, receipt_prefix, enrolled_at) \
         VALUES ($1, 0, $2, $3, $4, $5, $2)",
    )
    .bind(d.id)
    .bind(d.at)
    .bind(&d.name)
    .bind(&d.token_hash)
    .bind(&d.receipt_prefix)
    .execute(&mut *tx)
    .await
    .map_err(|e| StoreError::from(e).unique_as_conflict("receipt prefix"))?;
    audit::insert(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn devices(pool: &PgPool) -> StoreResult<Vec<DeviceRecord>> {
    let rows = sqlx::query(&format!(
        "SELECT {DEVICE_COLUMNS} FROM devices WHERE token_hash IS NOT NULL ORDER BY enrolled_at, id"
    ))
    .fetch_all(pool)
    .await?;
    rows.iter().map(device).collect()
}

pub async fn device_by_token(pool: &PgPool, hash: &str) -> StoreResult<Option<DeviceRecord>> {
    let row = sqlx::query(&format!(
        "SELECT {DEVICE_COLUMNS} FROM devices WHERE token_hash = $1"
    ))
    .bind(hash)
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(device).transpose()
}

pub async fn revoke_device(pool: &PgPool, id: Uuid, entry: &NewAudit) -> StoreResult<bool> {
    let mut tx = pool.begin().await?;
    let found = sqlx::query(
        "UPDATE devices SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2 AND token_hash IS NOT NULL",
    )
    .bind(entry.at)
    .bind(id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if found == 0 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM sessions WHERE device_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::insert(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(true)
}

pub async fn create_session(pool: &PgPool, s: &SessionRecord, entry: &NewAudit) -> StoreResult<()> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "INSERT INTO sessions (token_hash, staff_id, device_id, created_at, last_used_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&s.token_hash)
    .bind(s.staff_id)
    .bind(s.device_id)
    .bind(s.created_at)
    .bind(s.last_used_at)
    .bind(s.expires_at)
    .execute(&mut *tx)
    .await?;
    audit::insert(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn session(
    pool: &PgPool,
    hash: &str,
) -> StoreResult<Option<(SessionRecord, StaffRecord)>> {
    let row = sqlx::query(
        "SELECT s.token_hash, s.staff_id, s.device_id AS session_device, s.created_at AS session_created, \
         s.last_used_at, s.expires_at, t.id, t.name, t.role, t.email, t.password_hash, t.pin_hash, t.active, \
         t.created_at FROM sessions s JOIN staff t ON t.id = s.staff_id WHERE s.token_hash = $1",
    )
    .bind(hash)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let session = SessionRecord {
        token_hash: row.try_get("token_hash")?,
        staff_id: row.try_get("staff_id")?,
        device_id: row.try_get("session_device")?,
        created_at: row.try_get("session_created")?,
        last_used_at: row.try_get("last_used_at")?,
        expires_at: row.try_get("expires_at")?,
    };
    Ok(Some((session, staff::from_row(&row)?)))
}

pub async fn touch_session(pool: &PgPool, hash: &str, at: DateTime<Utc>) -> StoreResult<()> {
    sqlx::query(
        "UPDATE sessions SET last_used_at = $1 WHERE token_hash = $2 AND last_used_at < $1",
    )
    .bind(at)
    .bind(hash)
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn end_session(pool: &PgPool, hash: &str, entry: Option<&NewAudit>) -> StoreResult<bool> {
    let mut tx = pool.begin().await?;
    let ended = sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(hash)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if let Some(entry) = entry {
        audit::insert(&mut tx, entry).await?;
    }
    tx.commit().await?;
    Ok(ended > 0)
}

pub async fn create_override(
    pool: &PgPool,
    o: &OverrideRecord,
    entry: &NewAudit,
) -> StoreResult<()> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "INSERT INTO overrides (token_hash, permission, approver_id, requested_by, device_id, created_at, \
         expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&o.token_hash)
    .bind(enum_text(&o.permission)?)
    .bind(o.approver_id)
    .bind(o.requested_by)
    .bind(o.device_id)
    .bind(o.created_at)
    .bind(o.expires_at)
    .execute(&mut *tx)
    .await?;
    audit::insert(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn consume_override(
    pool: &PgPool,
    hash: &str,
    staff_id: Uuid,
    permission: Permission,
    entry: &NewAudit,
) -> StoreResult<bool> {
    let mut tx = pool.begin().await?;
    let used = sqlx::query(
        "UPDATE overrides SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 \
         AND permission = $3 AND requested_by = $4",
    )
    .bind(entry.at)
    .bind(hash)
    .bind(enum_text(&permission)?)
    .bind(staff_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if used == 0 {
        return Ok(false);
    }
    audit::insert(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(true)
}

fn api_key(row: &PgRow) -> StoreResult<ApiKeyRecord> {
    let scopes: String = row.try_get("scopes")?;
    Ok(ApiKeyRecord {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        scopes: parse_json(&scopes, "API key scopes")?,
        key_hash: row.try_get("key_hash")?,
        created_at: row.try_get("created_at")?,
        revoked_at: row.try_get("revoked_at")?,
    })
}

const KEY_COLUMNS: &str = "id, name, scopes::text AS scopes, key_hash, created_at, revoked_at";

pub async fn create_api_key(pool: &PgPool, k: &ApiKeyRecord, entry: &NewAudit) -> StoreResult<()> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "INSERT INTO api_keys (id, name, scopes, key_hash, created_at) VALUES ($1, $2, $3::jsonb, $4, $5)",
    )
    .bind(k.id)
    .bind(&k.name)
    .bind(json_text(&k.scopes)?)
    .bind(&k.key_hash)
    .bind(k.created_at)
    .execute(&mut *tx)
    .await?;
    audit::insert(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn api_keys(pool: &PgPool) -> StoreResult<Vec<ApiKeyRecord>> {
    let rows = sqlx::query(&format!(
        "SELECT {KEY_COLUMNS} FROM api_keys ORDER BY created_at, id"
    ))
    .fetch_all(pool)
    .await?;
    rows.iter().map(api_key).collect()
}

pub async fn api_key_by_hash(pool: &PgPool, hash: &str) -> StoreResult<Option<ApiKeyRecord>> {
    let row = sqlx::query(&format!(
        "SELECT {KEY_COLUMNS} FROM api_keys WHERE key_hash = $1"
    ))
    .bind(hash)
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(api_key).transpose()
}

pub async fn revoke_api_key(pool: &PgPool, id: Uuid, entry: &NewAudit) -> StoreResult<bool> {
    let mut tx = pool.begin().await?;
    let found =
        sqlx::query("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2")
            .bind(entry.at)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    if found == 0 {
        return Ok(false);
    }
    audit::insert(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(true)
}
