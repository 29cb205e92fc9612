//! Sign-in lockouts: after [`MAX_FAILURES`] consecutive failures of a subject (a device's PIN entries, an
//! email's passwords) every attempt is refused with 423 for the configured cool-down, without checking it.

use super::error::{AuthError, AuthResult};
use crate::state::AppState;
use crate::store::auth::{FailurePolicy, NewAudit};
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

/// Consecutive failures that lock a subject.
pub const MAX_FAILURES: u32 = 5;

pub fn pin_subject(device: Uuid) -> String {
    format!("pin:{device}")
}

pub fn login_subject(email: &str) -> String {
    format!("login:{email}")
}

fn retry_after(until: DateTime<Utc>, now: DateTime<Utc>) -> AuthError {
    let secs = ((until - now).num_milliseconds().max(0) + 999) / 1000;
    let secs = secs.max(1);
    AuthError::Locked {
        retry_after_secs: u64::try_from(secs).unwrap_or(1),
    }
}

/// `Locked` while `subject` is locked at `now`.
pub async fn ensure_unlocked(
    state: &AppState,
    subject: &str,
    now: DateTime<Utc>,
) -> AuthResult<()> {
    match state.store.lockout(subject).await?.locked_until {
        Some(until) if until > now => Err(retry_after(until, now)),
        _ => Ok(()),
    }
}

/// Count a failure (with its audit entry); answers `failed`, or `Locked` when this failure locked the subject.
pub async fn fail(
    state: &AppState,
    subject: &str,
    audit: &NewAudit,
    failed: AuthError,
) -> AuthError {
    let now = audit.at;
    let cooldown =
        Duration::seconds(i64::try_from(state.config.lockout_secs).unwrap_or(i64::MAX / 1000));
    let policy = FailurePolicy {
        max_failures: MAX_FAILURES,
        lock_until: now + cooldown,
    };
    match state.store.record_failure(subject, policy, audit).await {
        Ok(lock) => match lock.locked_until {
            Some(until) if until > now => retry_after(until, now),
            _ => failed,
        },
        Err(e) => e.into(),
    }
}
