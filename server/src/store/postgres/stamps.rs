//! Staff stamps on PostgreSQL inside a push: read the staff and overrides the new documents name, then write
//! what `push::stamps::review` decided — overrides spent, flags, audit entries — in the push transaction.

use super::auth::audit;
use super::balances::insert_flags;
use crate::push::stamps::{self, HeldOverride, StaffHeld, StaffKeys};
use crate::push::PreparedMutation;
use crate::store::codec::parse_enum;
use crate::store::StoreResult;
use chrono::{DateTime, Utc};
use sqlx::postgres::PgConnection;
use sqlx::Row;
use uuid::Uuid;

/// Review the stamps of `new` (pushed by `device`, received at `now`) and write the outcome.
pub async fn apply(
    conn: &mut PgConnection,
    device: Uuid,
    new: &[&PreparedMutation],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    if !stamps::concerns(new) {
        return Ok(());
    }
    let keys = stamps::keys(new);
    let held = read(conn, &keys).await?;
    let reviewed = stamps::review(device, new, held, now);
    if !reviewed.spend.is_empty() {
        sqlx::query(
            "UPDATE overrides SET used_at = $1 WHERE token_hash = ANY($2::text[]) AND used_at IS NULL",
        )
        .bind(now)
        .bind(&reviewed.spend)
        .execute(&mut *conn)
        .await?;
    }
    insert_flags(conn, &reviewed.flags, now).await?;
    for entry in &reviewed.audits {
        audit::insert(conn, entry).await?;
    }
    Ok(())
}

async fn read(conn: &mut PgConnection, keys: &StaffKeys) -> StoreResult<StaffHeld> {
    let mut held = StaffHeld::default();
    if !keys.staff.is_empty() {
        let rows = sqlx::query("SELECT id, role FROM staff WHERE id = ANY($1::uuid[])")
            .bind(&keys.staff)
            .fetch_all(&mut *conn)
            .await?;
        for row in &rows {
            held.roles.insert(
                row.try_get("id")?,
                parse_enum(row.try_get("role")?, "staff role")?,
            );
        }
    }
    if !keys.overrides.is_empty() {
        let rows = sqlx::query(
            "SELECT token_hash, permission, approver_id, requested_by, device_id, expires_at, used_at \
             FROM overrides WHERE token_hash = ANY($1::text[]) ORDER BY token_hash FOR UPDATE",
        )
        .bind(&keys.overrides)
        .fetch_all(&mut *conn)
        .await?;
        for row in &rows {
            let used: Option<DateTime<Utc>> = row.try_get("used_at")?;
            held.overrides.insert(
                row.try_get("token_hash")?,
                HeldOverride {
                    permission: parse_enum(row.try_get("permission")?, "override permission")?,
                    approver_id: row.try_get("approver_id")?,
                    requested_by: row.try_get("requested_by")?,
                    device_id: row.try_get("device_id")?,
                    expires_at: row.try_get("expires_at")?,
                    used: used.is_some(),
                },
            );
        }
    }
    Ok(held)
}
