//! Enrolled devices, sessions, overrides and API keys, on both stores (credentials stored as SHA-256 hashes).

use super::audit::audited;
use super::staff;
use crate::store::auth::{
    ApiKeyRecord, DeviceRecord, NewAudit, NewDevice, OverrideRecord, SessionRecord, StaffRecord,
};
use crate::store::codec::enum_text;
use crate::store::sql::{begin_write, sql, Columns, Db, Json};
use crate::store::StoreResult;
use chrono::{DateTime, Utc};
use shared::auth::Permission;
use sqlx::Pool;
use uuid::Uuid;

fn device(row: &impl Columns) -> StoreResult<DeviceRecord> {
    Ok(DeviceRecord {
        id: row.uuid("id")?,
        name: row.text("name")?,
        receipt_prefix: row.text("receipt_prefix")?,
        enrolled_at: row.time("enrolled_at")?,
        revoked_at: row.opt_time("revoked_at")?,
        store_id: row.uuid("store_id")?,
    })
}

const DEVICE_COLUMNS: &str = "id, name, receipt_prefix, enrolled_at, revoked_at, store_id";

pub async fn enroll<D: Db>(pool: &Pool<D>, d: &NewDevice, entry: &NewAudit) -> StoreResult<()> {
    let enroll = sql(
        "INSERT INTO devices (id, last_seq, first_seen_at, name, token_hash, receipt_prefix, enrolled_at, \
         store_id) VALUES ($1, 0, $2, $3, $4, $5, $2, $6)",
    )
    .bind(d.id)
    .bind(d.at)
    .bind(&d.name)
    .bind(&d.token_hash)
    .bind(&d.receipt_prefix)
    .bind(d.store_id);
    audited(pool, enroll, None, entry)
        .await
        .map_err(|e| e.unique_as_conflict("receipt prefix"))?;
    Ok(())
}

pub async fn devices<D: Db>(pool: &Pool<D>) -> StoreResult<Vec<DeviceRecord>> {
    let rows = sql(&format!(
        "SELECT {DEVICE_COLUMNS} FROM devices WHERE token_hash IS NOT NULL ORDER BY enrolled_at, id"
    ))
    .fetch_all(pool)
    .await?;
    rows.iter().map(device).collect()
}

pub async fn device_by_token<D: Db>(
    pool: &Pool<D>,
    hash: &str,
) -> StoreResult<Option<DeviceRecord>> {
    let row = sql(&format!(
        "SELECT {DEVICE_COLUMNS} FROM devices WHERE token_hash = $1"
    ))
    .bind(hash)
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(device).transpose()
}

pub async fn revoke_device<D: Db>(pool: &Pool<D>, id: Uuid, entry: &NewAudit) -> StoreResult<bool> {
    let revoke = sql(
        "UPDATE devices SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2 AND token_hash IS NOT NULL",
    )
    .bind(entry.at)
    .bind(id);
    let end_sessions = sql("DELETE FROM sessions WHERE device_id = $1").bind(id);
    audited(pool, revoke, Some(end_sessions), entry).await
}

pub async fn create_session<D: Db>(
    pool: &Pool<D>,
    s: &SessionRecord,
    entry: &NewAudit,
) -> StoreResult<()> {
    let insert = sql(
        "INSERT INTO sessions (token_hash, staff_id, device_id, created_at, last_used_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&s.token_hash)
    .bind(s.staff_id)
    .bind(s.device_id)
    .bind(s.created_at)
    .bind(s.last_used_at)
    .bind(s.expires_at);
    audited(pool, insert, None, entry).await?;
    Ok(())
}

pub async fn session<D: Db>(
    pool: &Pool<D>,
    hash: &str,
) -> StoreResult<Option<(SessionRecord, StaffRecord)>> {
    let row = sql(
        "SELECT s.token_hash, s.staff_id, s.device_id AS session_device, s.created_at AS session_created, \
         s.last_used_at, s.expires_at, t.id, t.name, t.role, t.email, t.password_hash, t.pin_hash, t.active, \
         t.created_at FROM sessions s JOIN staff t ON t.id = s.staff_id WHERE s.token_hash = $1",
    )
    .bind(hash)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let session = SessionRecord {
        token_hash: row.text("token_hash")?,
        staff_id: row.uuid("staff_id")?,
        device_id: row.opt_uuid("session_device")?,
        created_at: row.time("session_created")?,
        last_used_at: row.time("last_used_at")?,
        expires_at: row.time("expires_at")?,
    };
    Ok(Some((session, staff::from_row(&row)?)))
}

pub async fn touch_session<D: Db>(
    pool: &Pool<D>,
    hash: &str,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    sql("UPDATE sessions SET last_used_at = $1 WHERE token_hash = $2 AND last_used_at < $1")
        .bind(at)
        .bind(hash)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn end_session<D: Db>(
    pool: &Pool<D>,
    hash: &str,
    entry: Option<&NewAudit>,
) -> StoreResult<bool> {
    let mut tx = begin_write(pool).await?;
    let ended = sql("DELETE FROM sessions WHERE token_hash = $1")
        .bind(hash)
        .execute(&mut *tx)
        .await?;
    if let Some(entry) = entry {
        super::audit::insert(&mut *tx, entry).await?;
    }
    tx.commit().await?;
    Ok(ended > 0)
}

pub async fn create_override<D: Db>(
    pool: &Pool<D>,
    o: &OverrideRecord,
    entry: &NewAudit,
) -> StoreResult<()> {
    let insert = sql(
        "INSERT INTO overrides (token_hash, permission, approver_id, requested_by, device_id, created_at, \
         expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&o.token_hash)
    .bind(enum_text(&o.permission)?)
    .bind(o.approver_id)
    .bind(o.requested_by)
    .bind(o.device_id)
    .bind(o.created_at)
    .bind(o.expires_at);
    audited(pool, insert, None, entry).await?;
    Ok(())
}

pub async fn consume_override<D: Db>(
    pool: &Pool<D>,
    hash: &str,
    staff_id: Uuid,
    permission: Permission,
    entry: &NewAudit,
) -> StoreResult<bool> {
    let spend = sql(
        "UPDATE overrides SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 \
         AND permission = $3 AND requested_by = $4",
    )
    .bind(entry.at)
    .bind(hash)
    .bind(enum_text(&permission)?)
    .bind(staff_id);
    audited(pool, spend, None, entry).await
}

fn api_key(row: &impl Columns) -> StoreResult<ApiKeyRecord> {
    Ok(ApiKeyRecord {
        id: row.uuid("id")?,
        name: row.text("name")?,
        scopes: row.json("scopes")?,
        key_hash: row.text("key_hash")?,
        created_at: row.time("created_at")?,
        revoked_at: row.opt_time("revoked_at")?,
    })
}

const KEY_COLUMNS: &str = "id, name, scopes, key_hash, created_at, revoked_at";

pub async fn create_api_key<D: Db>(
    pool: &Pool<D>,
    k: &ApiKeyRecord,
    entry: &NewAudit,
) -> StoreResult<()> {
    let query = format!("INSERT INTO api_keys ({KEY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, NULL)");
    let insert = sql(&query)
        .bind(k.id)
        .bind(&k.name)
        .bind(Json::of(&k.scopes)?)
        .bind(&k.key_hash)
        .bind(k.created_at);
    audited(pool, insert, None, entry).await?;
    Ok(())
}

pub async fn api_keys<D: Db>(pool: &Pool<D>) -> StoreResult<Vec<ApiKeyRecord>> {
    let rows = sql(&format!(
        "SELECT {KEY_COLUMNS} FROM api_keys ORDER BY created_at, id"
    ))
    .fetch_all(pool)
    .await?;
    rows.iter().map(api_key).collect()
}

pub async fn api_key_by_hash<D: Db>(
    pool: &Pool<D>,
    hash: &str,
) -> StoreResult<Option<ApiKeyRecord>> {
    let row = sql(&format!(
        "SELECT {KEY_COLUMNS} FROM api_keys WHERE key_hash = $1"
    ))
    .bind(hash)
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(api_key).transpose()
}

pub async fn revoke_api_key<D: Db>(
    pool: &Pool<D>,
    id: Uuid,
    entry: &NewAudit,
) -> StoreResult<bool> {
    let revoke = sql("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2")
        .bind(entry.at)
        .bind(id);
    audited(pool, revoke, None, entry).await
}
