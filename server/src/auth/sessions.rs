//! Staff sessions: a random token (stored as SHA-256) that ends after the idle timeout without use or at the
//! absolute lifetime, whichever comes first. Each use restarts the idle timeout (written at most every tenth of
//! it, and at least every 30 s, to spare the database a write per request).

use super::error::{AuthError, AuthResult};
use super::permissions;
use super::tokens;
use crate::state::AppState;
use crate::store::auth::{NewAudit, SessionRecord, StaffRecord};
use chrono::{DateTime, Duration, Utc};
use shared::auth::{Session, StaffInfo};
use uuid::Uuid;

/// A signed-in staff member and their session.
#[derive(Clone, Debug)]
pub struct StaffSession {
    pub staff: StaffRecord,
    pub session: SessionRecord,
}

/// The wire form of a staff member.
pub fn info(s: &StaffRecord) -> StaffInfo {
    StaffInfo {
        id: s.id,
        name: s.name.clone(),
        role: s.role,
        permissions: permissions::permissions(s.role).to_vec(),
    }
}

fn secs(n: u64) -> Duration {
    Duration::seconds(i64::try_from(n).unwrap_or(i64::MAX / 1000))
}

/// Start a session for `staff` (bound to `device` for PIN sessions), writing `audit` with it.
pub async fn issue(
    state: &AppState,
    staff: &StaffRecord,
    device: Option<Uuid>,
    audit: &NewAudit,
) -> AuthResult<Session> {
    let token = tokens::new_token()?;
    let now = audit.at;
    let record = SessionRecord {
        token_hash: tokens::hash(&token),
        staff_id: staff.id,
        device_id: device,
        created_at: now,
        last_used_at: now,
        expires_at: now + secs(state.config.session_lifetime_secs),
    };
    state.store.create_session(&record, audit).await?;
    Ok(Session {
        token,
        staff: info(staff),
        expires_at: record.expires_at,
        idle_timeout_secs: state.config.session_idle_secs,
    })
}

/// The live session of `token` at `now`: unknown or of an inactive staff member → `InvalidToken`; past its
/// idle timeout or lifetime → `SessionExpired` (and removed).
pub async fn check(state: &AppState, token: &str, now: DateTime<Utc>) -> AuthResult<StaffSession> {
    let hash = tokens::hash(token);
    let (session, staff) = state
        .store
        .session(&hash)
        .await?
        .ok_or(AuthError::InvalidToken)?;
    if !staff.active {
        return Err(AuthError::InvalidToken);
    }
    let idle = secs(state.config.session_idle_secs);
    if now >= session.expires_at || now - session.last_used_at >= idle {
        state.store.end_session(&hash, None).await?;
        return Err(AuthError::SessionExpired);
    }
    let refresh_after = (idle / 10).min(Duration::seconds(30));
    if now - session.last_used_at >= refresh_after {
        state.store.touch_session(&hash, now).await?;
    }
    Ok(StaffSession { staff, session })
}
