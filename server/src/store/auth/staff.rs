//! Staff members, on both stores.

use super::audit::audited;
use crate::store::auth::{NewAudit, StaffChange, StaffRecord};
use crate::store::codec::enum_text;
use crate::store::sql::{sql, Bind, Columns, Db, Value};
use crate::store::StoreResult;
use sqlx::Pool;
use uuid::Uuid;

const COLUMNS: &str = "id, name, role, email, password_hash, pin_hash, active, created_at";

pub fn from_row(row: &impl Columns) -> StoreResult<StaffRecord> {
    Ok(StaffRecord {
        id: row.uuid("id")?,
        name: row.text("name")?,
        role: row.enumerated("role")?,
        email: row.opt_text("email")?,
        password_hash: row.opt_text("password_hash")?,
        pin_hash: row.opt_text("pin_hash")?,
        active: row.flag("active")?,
        created_at: row.time("created_at")?,
    })
}

pub async fn has_staff<D: Db>(pool: &Pool<D>) -> StoreResult<bool> {
    let any = sql("SELECT 1 AS found FROM staff LIMIT 1")
        .fetch_optional(pool)
        .await?;
    Ok(any.is_some())
}

pub async fn create<D: Db>(pool: &Pool<D>, s: &StaffRecord, entry: &NewAudit) -> StoreResult<()> {
    let query = format!("INSERT INTO staff ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
    let insert = sql(&query)
        .bind(s.id)
        .bind(&s.name)
        .bind(enum_text(&s.role)?)
        .bind(s.email.as_deref())
        .bind(s.password_hash.as_deref())
        .bind(s.pin_hash.as_deref())
        .bind(s.active)
        .bind(s.created_at);
    audited(pool, insert, None, entry)
        .await
        .map_err(|e| e.unique_as_conflict("email"))?;
    Ok(())
}

/// Staff members matching `condition` (which may use `$1`, bound to `key`).
async fn select<D: Db>(
    pool: &Pool<D>,
    condition: &str,
    key: Option<Value<'_>>,
) -> StoreResult<Vec<StaffRecord>> {
    let query = format!("SELECT {COLUMNS} FROM staff {condition}");
    let rows = sql(&query).bind_all(key).fetch_all(pool).await?;
    rows.iter().map(from_row).collect()
}

pub async fn list<D: Db>(pool: &Pool<D>) -> StoreResult<Vec<StaffRecord>> {
    select(pool, "ORDER BY name {bytewise}, id", None).await
}

pub async fn by_id<D: Db>(pool: &Pool<D>, id: Uuid) -> StoreResult<Option<StaffRecord>> {
    Ok(select(pool, "WHERE id = $1", Some(id.into_value()))
        .await?
        .pop())
}

pub async fn by_email<D: Db>(pool: &Pool<D>, email: &str) -> StoreResult<Option<StaffRecord>> {
    Ok(select(pool, "WHERE email = $1", Some(email.into_value()))
        .await?
        .pop())
}

pub async fn pin_holders<D: Db>(pool: &Pool<D>) -> StoreResult<Vec<StaffRecord>> {
    select(
        pool,
        "WHERE active AND pin_hash IS NOT NULL ORDER BY id",
        None,
    )
    .await
}

/// Deactivating a staff member ends their sessions in the same transaction.
pub async fn update<D: Db>(
    pool: &Pool<D>,
    id: Uuid,
    c: &StaffChange,
    entry: &NewAudit,
) -> StoreResult<bool> {
    let role = c.role.as_ref().map(enum_text).transpose()?;
    let change = sql(
        "UPDATE staff SET name = COALESCE($2, name), role = COALESCE($3, role), \
         active = COALESCE($4, active), email = COALESCE($5, email), \
         password_hash = COALESCE($6, password_hash), pin_hash = COALESCE($7, pin_hash) WHERE id = $1",
    )
    .bind(id)
    .bind(c.name.as_deref())
    .bind(role)
    .bind(c.active)
    .bind(c.email.as_deref())
    .bind(c.password_hash.as_deref())
    .bind(c.pin_hash.as_deref());
    let end_sessions =
        (c.active == Some(false)).then(|| sql("DELETE FROM sessions WHERE staff_id = $1").bind(id));
    audited(pool, change, end_sessions, entry)
        .await
        .map_err(|e| e.unique_as_conflict("email"))
}
