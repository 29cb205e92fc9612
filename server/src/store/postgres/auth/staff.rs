//! Staff members on PostgreSQL.

use super::audit;
use crate::store::auth::{NewAudit, StaffChange, StaffRecord};
use crate::store::codec::{enum_text, parse_enum};
use crate::store::{StoreError, StoreResult};
use sqlx::postgres::{PgPool, PgRow};
use sqlx::Row;
use uuid::Uuid;

const COLUMNS: &str = "id, name, role, email, password_hash, pin_hash, active, created_at";

pub fn from_row(row: &PgRow) -> StoreResult<StaffRecord> {
    Ok(StaffRecord {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        role: parse_enum(row.try_get("role")?, "staff role")?,
        email: row.try_get("email")?,
        password_hash: row.try_get("password_hash")?,
        pin_hash: row.try_get("pin_hash")?,
        active: row.try_get("active")?,
        created_at: row.try_get("created_at")?,
    })
}

pub async fn has_staff(pool: &PgPool) -> StoreResult<bool> {
    Ok(sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM staff)")
        .fetch_one(pool)
        .await?)
}

pub async fn create(pool: &PgPool, s: &StaffRecord, entry: &NewAudit) -> StoreResult<()> {
    let mut tx = pool.begin().await?;
    sqlx::query(&format!(
        "INSERT INTO staff ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    ))
    .bind(s.id)
    .bind(&s.name)
    .bind(enum_text(&s.role)?)
    .bind(&s.email)
    .bind(&s.password_hash)
    .bind(&s.pin_hash)
    .bind(s.active)
    .bind(s.created_at)
    .execute(&mut *tx)
    .await
    .map_err(|e| StoreError::from(e).unique_as_conflict("email"))?;
    audit::insert(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn list(pool: &PgPool) -> StoreResult<Vec<StaffRecord>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM staff ORDER BY name COLLATE \"C\", id"
    ))
    .fetch_all(pool)
    .await?;
    rows.iter().map(from_row).collect()
}

pub async fn by_id(pool: &PgPool, id: Uuid) -> StoreResult<Option<StaffRecord>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM staff WHERE id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn by_email(pool: &PgPool, email: &str) -> StoreResult<Option<StaffRecord>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM staff WHERE email = $1"))
        .bind(email)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn pin_holders(pool: &PgPool) -> StoreResult<Vec<StaffRecord>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM staff WHERE active AND pin_hash IS NOT NULL ORDER BY id"
    ))
    .fetch_all(pool)
    .await?;
    rows.iter().map(from_row).collect()
}

pub async fn update(
    pool: &PgPool,
    id: Uuid,
    c: &StaffChange,
    entry: &NewAudit,
) -> StoreResult<bool> {
    let role = c.role.as_ref().map(enum_text).transpose()?;
    let mut tx = pool.begin().await?;
    let changed = sqlx::query(
        "UPDATE staff SET name = COALESCE($2, name), role = COALESCE($3, role), \
         active = COALESCE($4, active), email = COALESCE($5, email), \
         password_hash = COALESCE($6, password_hash), pin_hash = COALESCE($7, pin_hash) WHERE id = $1",
    )
    .bind(id)
    .bind(&c.name)
    .bind(role)
    .bind(c.active)
    .bind(&c.email)
    .bind(&c.password_hash)
    .bind(&c.pin_hash)
    .execute(&mut *tx)
    .await
    .map_err(|e| StoreError::from(e).unique_as_conflict("email"))?
    .rows_affected();
    if changed == 0 {
        return Ok(false);
    }
    if c.active == Some(false) {
        sqlx::query("DELETE FROM sessions WHERE staff_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    audit::insert(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(true)
}
