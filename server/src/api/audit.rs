//! The audit log: `GET /api/v1/audit`, newest first, paged by `before`, narrowed by action (exact or a prefix
//! ending in `.`), outcome, device, actor and time. There is no API to change it, and the database refuses
//! UPDATE and DELETE on it.

use super::{page_limit, DEFAULT_PAGE, MAX_PAGE};
use crate::auth::audit::OUTCOMES;
use crate::error::ApiError;
use crate::extract::Query;
use crate::state::AppState;
use crate::store::auth::{ActionMatch, AuditFilter};
use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use shared::api::ErrorBody;
use shared::auth::AuditPage;
use utoipa::IntoParams;
use uuid::Uuid;

/// At most this many actions or prefixes in one `action` filter.
const MAX_ACTIONS: usize = 16;
/// The longest action or prefix a filter may name.
const MAX_ACTION_LEN: usize = 64;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only entries with a `seq` below this (the previous page's `next_before`).
    before: Option<u64>,
    /// How many entries, 1 to 1000 (others are refused: 400 `invalid_query`); default 100.
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<u32>,
    /// Only these actions: a comma-separated list (at most 16) of actions (`auth.pin`) or prefixes ending in
    /// `.` (`auth.`), each of lower-case letters, digits, `_` and `.`.
    #[param(example = "auth.login,auth.pin")]
    action: Option<String>,
    /// Only this outcome: `success`, `failure`, `denied` or `locked`.
    #[param(value_type = Option<shared::auth::AuditOutcome>)]
    outcome: Option<String>,
    /// Only entries from this terminal.
    device_id: Option<Uuid>,
    /// Only entries by this actor (a staff member's id, or an API key's or a device's).
    actor_id: Option<Uuid>,
    /// Only entries at or after this time (RFC 3339).
    since: Option<DateTime<Utc>>,
    /// Only entries before this time (RFC 3339); not before `since`.
    until: Option<DateTime<Utc>>,
}

/// One action or prefix of an `action` filter.
fn action_match(s: &str) -> Result<ActionMatch, ApiError> {
    let valid = !s.is_empty()
        && s.len() <= MAX_ACTION_LEN
        && !s.starts_with('.')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'.');
    if !valid {
        return Err(ApiError::bad_query(format!(
            "action '{s}' is not an action or a prefix ending in '.' (lower-case letters, digits, '_' and '.', \
             at most {MAX_ACTION_LEN} characters)"
        )));
    }
    Ok(if s.ends_with('.') {
        ActionMatch::Prefix(s.to_owned())
    } else {
        ActionMatch::Exact(s.to_owned())
    })
}

impl AuditQuery {
    fn filter(&self) -> Result<AuditFilter, ApiError> {
        let actions = match &self.action {
            None => Vec::new(),
            Some(list) => {
                let parts: Vec<&str> = list.split(',').map(str::trim).collect();
                if parts.len() > MAX_ACTIONS {
                    return Err(ApiError::bad_query(format!(
                        "action names at most {MAX_ACTIONS} actions or prefixes"
                    )));
                }
                parts
                    .into_iter()
                    .map(action_match)
                    .collect::<Result<_, _>>()?
            }
        };
        if let Some(o) = &self.outcome {
            if !OUTCOMES.contains(&o.as_str()) {
                return Err(ApiError::bad_query(format!(
                    "outcome '{o}' is not one of {}",
                    OUTCOMES.join(", ")
                )));
            }
        }
        if let (Some(since), Some(until)) = (self.since, self.until) {
            if until < since {
                return Err(ApiError::bad_query("until is before since"));
            }
        }
        Ok(AuditFilter {
            actions,
            outcome: self.outcome.clone(),
            device_id: self.device_id,
            actor_id: self.actor_id.map(|a| a.to_string()),
            since: self.since,
            until: self.until,
        })
    }
}

/// Audit entries, newest first, narrowed by the filters given (all of them apply).
#[utoipa::path(
    get,
    path = "/api/v1/audit",
    tag = "audit",
    params(AuditQuery),
    responses(
        (status = 200, description = "Entries, newest first", body = AuditPage),
        (status = 400, description = "`invalid_query`: a parameter is malformed (an action, outcome, id or time), `until` is before `since`, or `limit` is 0", body = ErrorBody),
        (status = 500, description = "`internal`: storage failure", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<AuditQuery>,
) -> Result<axum::Json<AuditPage>, ApiError> {
    let limit = page_limit(q.limit, DEFAULT_PAGE, MAX_PAGE)?;
    let filter = q.filter()?;
    let entries = state.store.audit_page(&filter, q.before, limit).await?;
    let next_before = if entries.len() == limit as usize {
        entries.last().map(|e| e.seq)
    } else {
        None
    };
    Ok(axum::Json(AuditPage {
        entries,
        next_before,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(action: Option<&str>, outcome: Option<&str>) -> AuditQuery {
        AuditQuery {
            before: None,
            limit: None,
            action: action.map(str::to_owned),
            outcome: outcome.map(str::to_owned),
            device_id: None,
            actor_id: None,
            since: None,
            until: None,
        }
    }

    #[test]
    fn actions_are_exact_or_prefixes() {
        let f = query(Some("auth.pin, api_key."), None)
            .filter()
            .expect("valid");
        assert_eq!(
            f.actions,
            [
                ActionMatch::Exact("auth.pin".into()),
                ActionMatch::Prefix("api_key.".into())
            ]
        );
        for bad in [
            "",
            "auth.,",
            "Auth.pin",
            ".auth",
            "auth%",
            "a b",
            &"a".repeat(65),
        ] {
            assert!(query(Some(bad), None).filter().is_err(), "{bad:?}");
        }
        let many = vec!["a."; MAX_ACTIONS + 1].join(",");
        assert!(query(Some(&many), None).filter().is_err());
    }

    #[test]
    fn outcomes_are_the_known_ones() {
        assert!(query(None, Some("failure")).filter().is_ok());
        assert!(query(None, Some("oops")).filter().is_err());
    }

    /// The documented enum is exactly the outcomes entries are written with.
    #[test]
    fn the_documented_outcomes_are_the_written_ones() {
        use shared::auth::AuditOutcome::*;
        let documented: Vec<String> = [Success, Failure, Denied, Locked]
            .iter()
            .filter_map(|o| serde_json::to_value(o).ok())
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect();
        assert_eq!(documented, OUTCOMES);
    }
}
