//! Staff members on SQLite.

use super::audit;
use crate::store::auth::{NewAudit, StaffChange, StaffRecord};
use crate::store::sqlite::codec::{enum_text, parse_enum, parse_time, parse_uuid, time_text};
use crate::store::sqlite::BEGIN_WRITE;
use crate::store::StoreResult;
use sqlx::sqlite::{SqlitePool, SqliteRow};
use sqlx::Row;
use uuid::Uuid;

const COLUMNS: &str = "id, name, role, email, password_hash, pin_hash, active, created_at";

pub fn from_row(row: &SqliteRow) -> StoreResult<StaffRecord> {
    let id: String = row.try_get("id")?;
    let created: String = row.try_get("created_at")?;
    Ok(StaffRecord {
        id: parse_uuid(&id, "staff id")?,
        name: row.try_get("name")?,
        role: parse_enum(row.try_get("role")?, "staff role")?,
        email: row.try_get("email")?,
        password_hash: row.try_get("password_hash")?,
        pin_hash: row.try_get("pin_hash")?,
        active: row.try_get::<i64, _>("active")? == 1,
        created_at: parse_time(&created, "staff created_at")?,
    })
}

pub async fn has_staff(pool: &SqlitePool) -> StoreResult<bool> {
    let any: Option<i64> = sqlx::query_scalar("SELECT 1 FROM staff LIMIT 1")
        .fetch_optional(pool)
        .await?;
    Ok(any.is_some())
}

pub async fn create(pool: &SqlitePool, s: &StaffRecord, entry: &NewAudit) -> StoreResult<()> {
    let mut tx = pool.begin_with(BEGIN_WRITE).await?;
    sqlx::query(&format!(
        "INSERT INTO staff ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    ))
    .bind(s.id.to_string())
    .bind(&s.name)
    .bind(enum_text(&s.role)?)
    .bind(&s.email)
    .bind(&s.password_hash)
    .bind(&s.pin_hash)
    .bind(i64::from(s.active))
    .bind(time_text(s.created_at))
    .execute(&mut *tx)
    .await
    .map_err(|e| crate::store::StoreError::from(e).unique_as_conflict("email"))?;
    audit::insert(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn list(pool: &SqlitePool) -> StoreResult<Vec<StaffRecord>> {
    let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM staff ORDER BY name, id"))
        .fetch_all(pool)
        .await?;
    rows.iter().map(from_row).collect()
}

pub async fn by_id(pool: &SqlitePool, id: Uuid) -> StoreResult<Option<StaffRecord>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM staff WHERE id = ?"))
        .bind(id.to_string())
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn by_email(pool: &SqlitePool, email: &str) -> StoreResult<Option<StaffRecord>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM staff WHERE email = ?"))
        .bind(email)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn pin_holders(pool: &SqlitePool) -> StoreResult<Vec<StaffRecord>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM staff WHERE active = 1 AND pin_hash IS NOT NULL ORDER BY id"
    ))
    .fetch_all(pool)
    .await?;
    rows.iter().map(from_row).collect()
}

pub async fn update(
    pool: &SqlitePool,
    id: Uuid,
    c: &StaffChange,
    entry: &NewAudit,
) -> StoreResult<bool> {
    let role = c.role.as_ref().map(enum_text).transpose()?;
    let mut tx = pool.begin_with(BEGIN_WRITE).await?;
    let changed = sqlx::query(
        "UPDATE staff SET name = COALESCE(?2, name), role = COALESCE(?3, role), \
         active = COALESCE(?4, active), email = COALESCE(?5, email), \
         password_hash = COALESCE(?6, password_hash), pin_hash = COALESCE(?7, pin_hash) WHERE id = ?1",
    )
    .bind(id.to_string())
    .bind(&c.name)
    .bind(role)
    .bind(c.active.map(i64::from))
    .bind(&c.email)
    .bind(&c.password_hash)
    .bind(&c.pin_hash)
    .execute(&mut *tx)
    .await
    .map_err(|e| crate::store::StoreError::from(e).unique_as_conflict("email"))?
    .rows_affected();
    if changed == 0 {
        return Ok(false);
    }
    if c.active == Some(false) {
        sqlx::query("DELETE FROM sessions WHERE staff_id = ?")
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
    }
    audit::insert(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(true)
}
