//! Staff stamps on SQLite inside a push: read the staff and overrides the new documents name, then write what
//! `push::stamps::review` decided — overrides spent, flags, audit entries — in the push transaction.

use super::auth::audit;
use super::balances::insert_flags;
use super::codec::{parse_time, parse_uuid, time_text};
use crate::push::stamps::{self, HeldOverride, StaffHeld, StaffKeys};
use crate::push::PreparedMutation;
use crate::store::codec::{json_text, parse_enum};
use crate::store::StoreResult;
use chrono::{DateTime, Utc};
use sqlx::sqlite::SqliteConnection;
use sqlx::Row;
use uuid::Uuid;

/// Review the stamps of `new` (pushed by `device`, received at `at`) and write the outcome.
pub async fn apply(
    conn: &mut SqliteConnection,
    device: Uuid,
    new: &[&PreparedMutation],
    at: DateTime<Utc>,
) -> StoreResult<()> {
    if !stamps::concerns(new) {
        return Ok(());
    }
    let keys = stamps::keys(new);
    let held = read(conn, &keys).await?;
    let reviewed = stamps::review(device, new, held, at);
    let now = &time_text(at);
    for hash in &reviewed.spend {
        sqlx::query("UPDATE overrides SET used_at = ? WHERE token_hash = ? AND used_at IS NULL")
            .bind(now)
            .bind(hash)
            .execute(&mut *conn)
            .await?;
    }
    insert_flags(conn, &reviewed.flags, now).await?;
    for entry in &reviewed.audits {
        audit::insert(conn, entry).await?;
    }
    Ok(())
}

async fn read(conn: &mut SqliteConnection, keys: &StaffKeys) -> StoreResult<StaffHeld> {
    let mut held = StaffHeld::default();
    if !keys.staff.is_empty() {
        let ids: Vec<String> = keys.staff.iter().map(Uuid::to_string).collect();
        let rows =
            sqlx::query("SELECT id, role FROM staff WHERE id IN (SELECT value FROM json_each(?))")
                .bind(json_text(&ids)?)
                .fetch_all(&mut *conn)
                .await?;
        for row in &rows {
            let id: String = row.try_get("id")?;
            held.roles.insert(
                parse_uuid(&id, "staff id")?,
                parse_enum(row.try_get("role")?, "staff role")?,
            );
        }
    }
    if !keys.overrides.is_empty() {
        let rows = sqlx::query(
            "SELECT token_hash, permission, approver_id, requested_by, device_id, expires_at, used_at \
             FROM overrides WHERE token_hash IN (SELECT value FROM json_each(?))",
        )
        .bind(json_text(&keys.overrides)?)
        .fetch_all(&mut *conn)
        .await?;
        for row in &rows {
            let text = |column: &str| -> StoreResult<String> { Ok(row.try_get(column)?) };
            let used: Option<String> = row.try_get("used_at")?;
            held.overrides.insert(
                text("token_hash")?,
                HeldOverride {
                    permission: parse_enum(text("permission")?, "override permission")?,
                    approver_id: parse_uuid(&text("approver_id")?, "override approver")?,
                    requested_by: parse_uuid(&text("requested_by")?, "override requester")?,
                    device_id: parse_uuid(&text("device_id")?, "override device")?,
                    expires_at: parse_time(&text("expires_at")?, "override expiry")?,
                    used: used.is_some(),
                },
            );
        }
    }
    Ok(held)
}
