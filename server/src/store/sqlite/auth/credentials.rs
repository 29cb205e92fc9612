//! Enrolled devices, sessions, overrides and API keys on SQLite (credentials stored as SHA-256 hashes).

use super::{audit, staff};
use crate::store::auth::{
    ApiKeyRecord, DeviceRecord, NewAudit, NewDevice, OverrideRecord, SessionRecord, StaffRecord,
};
use crate::store::sqlite::codec::{
    enum_text, json_text, parse_json, parse_time, parse_uuid, time_text,
};
use crate::store::sqlite::BEGIN_WRITE;
use crate::store::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use shared::auth::Permission;
use sqlx::sqlite::{SqlitePool, SqliteRow};
use sqlx::Row;
use uuid::Uuid;

fn optional_time(row: &SqliteRow, column: &str) -> StoreResult<Option<DateTime<Utc>>> {
    let text: Option<String> = row.try_get(column)?;
    text.map(|t| parse_time(&t, column)).transpose()
}

fn device(row: &SqliteRow) -> StoreResult<DeviceRecord> {
    let id: String = row.try_get("id")?;
    let enrolled: String = row.try_get("enrolled_at")?;
    Ok(DeviceRecord {
        id: parse_uuid(&id, "device id")?,
        name: row.try_get("name")?,
        receipt_prefix: row.try_get("receipt_prefix")?,
        enrolled_at: parse_time(&enrolled, "enrolled_at")?,
        revoked_at: optional_time(row, "revoked_at")?,
    })
}

const DEVICE_COLUMNS: &str = "id, name, receipt_prefix, enrolled_at, revoked_at";

pub async fn enroll(pool: &SqlitePool, d: &NewDevice, entry: &NewAudit) -> StoreResult<()> {
    let mut tx = pool.begin_with(BEGIN_WRITE).await?;
    let at = time_text(d.at);
    sqlx::query(
        "INSERT INTO devices (id, last_seq, first_seen_at, name, token_hash, receipt_prefix, enrolled_at) \
         VALUES (?, 0, ?, ?, ?, ?, ?)",
    )
    .bind(d.id.to_string())
    .bind(&at)
    .bind(&d.name)
    .bind(&d.token_hash)
    .bind(&d.receipt_prefix)
    .bind(&at)
    .execute(&mut *tx)
    .await
    .map_err(|e| StoreError::from(e).unique_as_conflict("receipt prefix"))?;
    audit::insert(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn devices(pool: &SqlitePool) -> StoreResult<Vec<DeviceRecord>> {
    let rows = sqlx::query(&format!(
        "SELECT {DEVICE_COLUMNS} FROM devices WHERE token_hash IS NOT NULL ORDER BY enrolled_at, id"
    ))
    .fetch_all(pool)
    .await?;
    rows.iter().map(device).collect()
}

pub async fn device_by_token(pool: &SqlitePool, hash: &str) -> StoreResult<Option<DeviceRecord>> {
    let row = sqlx::query(&format!(
        "SELECT {DEVICE_COLUMNS} FROM devices WHERE token_hash = ?"
    ))
    .bind(hash)
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(device).transpose()
}

pub async fn revoke_device(pool: &SqlitePool, id: Uuid, entry: &NewAudit) -> StoreResult<bool> {
    let mut tx = pool.begin_with(BEGIN_WRITE).await?;
    let found = sqlx::query(
        "UPDATE devices SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ? AND token_hash IS NOT NULL",
    )
    .bind(time_text(entry.at))
    .bind(id.to_string())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if found == 0 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM sessions WHERE device_id = ?")
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    audit::insert(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(true)
}

pub async fn create_session(
    pool: &SqlitePool,
    s: &SessionRecord,
    entry: &NewAudit,
) -> StoreResult<()> {
    let mut tx = pool.begin_with(BEGIN_WRITE).await?;
    sqlx::query(
        "INSERT INTO sessions (token_hash, staff_id, device_id, created_at, last_used_at, expires_at) \
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(&s.token_hash)
    .bind(s.staff_id.to_string())
    .bind(s.device_id.map(|d| d.to_string()))
    .bind(time_text(s.created_at))
    .bind(time_text(s.last_used_at))
    .bind(time_text(s.expires_at))
    .execute(&mut *tx)
    .await?;
    audit::insert(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn session(
    pool: &SqlitePool,
    hash: &str,
) -> StoreResult<Option<(SessionRecord, StaffRecord)>> {
    let row = sqlx::query(
        "SELECT s.token_hash, s.staff_id, s.device_id AS session_device, s.created_at AS session_created, \
         s.last_used_at, s.expires_at, t.id, t.name, t.role, t.email, t.password_hash, t.pin_hash, t.active, \
         t.created_at FROM sessions s JOIN staff t ON t.id = s.staff_id WHERE s.token_hash = ?",
    )
    .bind(hash)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let staff_id: String = row.try_get("staff_id")?;
    let device: Option<String> = row.try_get("session_device")?;
    let created: String = row.try_get("session_created")?;
    let used: String = row.try_get("last_used_at")?;
    let expires: String = row.try_get("expires_at")?;
    let session = SessionRecord {
        token_hash: row.try_get("token_hash")?,
        staff_id: parse_uuid(&staff_id, "session staff id")?,
        device_id: device
            .map(|d| parse_uuid(&d, "session device id"))
            .transpose()?,
        created_at: parse_time(&created, "session created_at")?,
        last_used_at: parse_time(&used, "session last_used_at")?,
        expires_at: parse_time(&expires, "session expires_at")?,
    };
    Ok(Some((session, staff::from_row(&row)?)))
}

pub async fn touch_session(pool: &SqlitePool, hash: &str, at: DateTime<Utc>) -> StoreResult<()> {
    sqlx::query("UPDATE sessions SET last_used_at = ? WHERE token_hash = ? AND last_used_at < ?")
        .bind(time_text(at))
        .bind(hash)
        .bind(time_text(at))
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn end_session(
    pool: &SqlitePool,
    hash: &str,
    entry: Option<&NewAudit>,
) -> StoreResult<bool> {
    let mut tx = pool.begin_with(BEGIN_WRITE).await?;
    let ended = sqlx::query("DELETE FROM sessions WHERE token_hash = ?")
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
    pool: &SqlitePool,
    o: &OverrideRecord,
    entry: &NewAudit,
) -> StoreResult<()> {
    let mut tx = pool.begin_with(BEGIN_WRITE).await?;
    sqlx::query(
        "INSERT INTO overrides (token_hash, permission, approver_id, requested_by, device_id, created_at, \
         expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&o.token_hash)
    .bind(enum_text(&o.permission)?)
    .bind(o.approver_id.to_string())
    .bind(o.requested_by.to_string())
    .bind(o.device_id.to_string())
    .bind(time_text(o.created_at))
    .bind(time_text(o.expires_at))
    .execute(&mut *tx)
    .await?;
    audit::insert(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn consume_override(
    pool: &SqlitePool,
    hash: &str,
    staff_id: Uuid,
    permission: Permission,
    entry: &NewAudit,
) -> StoreResult<bool> {
    let mut tx = pool.begin_with(BEGIN_WRITE).await?;
    let used = sqlx::query(
        "UPDATE overrides SET used_at = ?1 WHERE token_hash = ?2 AND used_at IS NULL AND expires_at > ?1 \
         AND permission = ?3 AND requested_by = ?4",
    )
    .bind(time_text(entry.at))
    .bind(hash)
    .bind(enum_text(&permission)?)
    .bind(staff_id.to_string())
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

fn api_key(row: &SqliteRow) -> StoreResult<ApiKeyRecord> {
    let id: String = row.try_get("id")?;
    let scopes: String = row.try_get("scopes")?;
    let created: String = row.try_get("created_at")?;
    Ok(ApiKeyRecord {
        id: parse_uuid(&id, "API key id")?,
        name: row.try_get("name")?,
        scopes: parse_json(&scopes, "API key scopes")?,
        key_hash: row.try_get("key_hash")?,
        created_at: parse_time(&created, "API key created_at")?,
        revoked_at: optional_time(row, "revoked_at")?,
    })
}

const KEY_COLUMNS: &str = "id, name, scopes, key_hash, created_at, revoked_at";

pub async fn create_api_key(
    pool: &SqlitePool,
    k: &ApiKeyRecord,
    entry: &NewAudit,
) -> StoreResult<()> {
    let mut tx = pool.begin_with(BEGIN_WRITE).await?;
    sqlx::query(&format!(
        "INSERT INTO api_keys ({KEY_COLUMNS}) VALUES (?, ?, ?, ?, ?, NULL)"
    ))
    .bind(k.id.to_string())
    .bind(&k.name)
    .bind(json_text(&k.scopes)?)
    .bind(&k.key_hash)
    .bind(time_text(k.created_at))
    .execute(&mut *tx)
    .await?;
    audit::insert(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn api_keys(pool: &SqlitePool) -> StoreResult<Vec<ApiKeyRecord>> {
    let rows = sqlx::query(&format!(
        "SELECT {KEY_COLUMNS} FROM api_keys ORDER BY created_at, id"
    ))
    .fetch_all(pool)
    .await?;
    rows.iter().map(api_key).collect()
}

pub async fn api_key_by_hash(pool: &SqlitePool, hash: &str) -> StoreResult<Option<ApiKeyRecord>> {
    let row = sqlx::query(&format!(
        "SELECT {KEY_COLUMNS} FROM api_keys WHERE key_hash = ?"
    ))
    .bind(hash)
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(api_key).transpose()
}

pub async fn revoke_api_key(pool: &SqlitePool, id: Uuid, entry: &NewAudit) -> StoreResult<bool> {
    let mut tx = pool.begin_with(BEGIN_WRITE).await?;
    let found =
        sqlx::query("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?")
            .bind(time_text(entry.at))
            .bind(id.to_string())
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
