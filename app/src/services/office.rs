//! The back office's data: reading the audit log (`GET /api/v1/audit`) with filters and paging, a manager's
//! remote password session, and the words shown for entries and failures.
//!
//! - At an enrolled till, the signed-in staff's PIN session reads it (with the device token), if the session
//!   holds one of the back office's permissions (`model::office_access`; the audit log's tab needs
//!   `Permission::AuditView`).
//! - On a browser that is not an enrolled terminal, a manager signs in with email and password. That session
//!   lives in this tab only (sessionStorage, gone when the tab closes) and never touches the terminal's
//!   enrollment or its staff session in IndexedDB.

use super::state::AppState;
use crate::api::Creds;
use crate::error::{AppError, Ask};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::auth::{ActorKind, AuditActor, AuditPage, LoginRequest, Role, Session};
use uuid::Uuid;

/// Entries per page ("Load older" asks for the next).
pub const PAGE_SIZE: u32 = 50;

/// Where this tab keeps the remote manager's session.
const STORAGE_KEY: &str = "pos.back-office.session";

/// The longest details summary shown in the table (the full JSON is the cell's title).
const DETAILS_CHARS: usize = 120;

/// Whose session reads the back office.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// The staff signed in at this till (PIN session and device token).
    Till,
    /// A manager signed in with email and password on a browser that is not enrolled.
    Remote,
}

/// The action groups of the filter: a label and the server's `action` filter (actions and prefixes).
pub const ACTION_GROUPS: [(&str, &str); 7] = [
    ("All actions", ""),
    ("Sign-in and sign-out", "auth.login,auth.pin,auth.logout"),
    ("Overrides", "auth.override,override."),
    ("Terminals", "device."),
    ("Staff", "staff."),
    ("API keys", "api_key."),
    ("Sales, refunds and drawer", "sale.,drawer."),
];

/// The outcomes of the filter: a label and the server's `outcome`.
pub const OUTCOMES: [(&str, &str); 5] = [
    ("Any outcome", ""),
    ("Success", "success"),
    ("Failure", "failure"),
    ("Denied", "denied"),
    ("Locked", "locked"),
];

/// The filters on screen; empty strings filter nothing. Dates are the `<input type="date">` values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    pub action: String,
    pub outcome: String,
    pub from: String,
    pub to: String,
}

/// Milliseconds of local midnight starting the day `days_after` days after `date` ("YYYY-MM-DD").
fn local_midnight_ms(date: &str, days_after: i32) -> Option<f64> {
    let mut parts = date.splitn(3, '-').map(str::parse::<i32>);
    let (Some(Ok(y)), Some(Ok(m)), Some(Ok(d))) = (parts.next(), parts.next(), parts.next()) else {
        return None;
    };
    let year = u32::try_from(y).ok()?;
    let day = js_sys::Date::new_with_year_month_day(year, m - 1, d + days_after);
    let ms = day.get_time();
    (!ms.is_nan()).then_some(ms)
}

fn rfc3339(ms: f64) -> Option<String> {
    chrono::DateTime::from_timestamp_millis(ms as i64)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
}

pub(super) fn param(url: &mut String, name: &str, value: &str) {
    url.push('&');
    url.push_str(name);
    url.push('=');
    url.push_str(&String::from(js_sys::encode_uri_component(value)));
}

/// The audit query for `filters` (older than `before`); the error is a sentence for the screen.
pub fn audit_query(filters: &Filters, before: Option<u64>) -> Result<String, String> {
    let mut url = format!("limit={PAGE_SIZE}");
    if let Some(b) = before {
        url.push_str(&format!("&before={b}"));
    }
    if !filters.action.is_empty() {
        param(&mut url, "action", &filters.action);
    }
    if !filters.outcome.is_empty() {
        param(&mut url, "outcome", &filters.outcome);
    }
    let day = |date: &str, days_after| -> Result<Option<f64>, String> {
        if date.is_empty() {
            return Ok(None);
        }
        local_midnight_ms(date, days_after)
            .map(Some)
            .ok_or_else(|| format!("\u{201c}{date}\u{201d} is not a date."))
    };
    let since = day(&filters.from, 0)?;
    let until = day(&filters.to, 1)?;
    if let (Some(s), Some(u)) = (since, until) {
        if u <= s {
            return Err("The end date is before the start date.".into());
        }
    }
    for (name, ms) in [("since", since), ("until", until)] {
        if let Some(time) = ms.and_then(rfc3339) {
            param(&mut url, name, &time);
        }
    }
    Ok(url)
}

/// The session `access` reads with (the till's staff session, or this tab's remote one).
pub fn session(state: AppState, access: Access) -> RwSignal<Option<Session>> {
    match access {
        Access::Till => state.auth.session,
        Access::Remote => state.office.remote,
    }
}

/// The bearer token of `access`, if someone is signed in that way.
fn token(state: AppState, access: Access) -> Option<String> {
    session(state, access).with_untracked(|s| s.as_ref().map(|s| s.token.clone()))
}

pub(super) fn creds(access: Access, token: &str) -> Creds<'_> {
    match access {
        Access::Till => Creds::DeviceAndStaff(token),
        Access::Remote => Creds::Staff(token),
    }
}

/// The bearer token of `access`, or the 401 the server would give without one.
pub(super) fn signed_in(state: AppState, access: Access) -> Result<String, AppError> {
    token(state, access).ok_or_else(|| AppError::unauthenticated("nobody is signed in"))
}

/// One page of the audit log (`query` from `audit_query`).
pub async fn audit_page(
    state: AppState,
    access: Access,
    query: &str,
) -> Result<AuditPage, AppError> {
    let token = signed_in(state, access)?;
    state.api().audit_page(query, creds(access, &token)).await
}

/// Enrolled terminals' ids and names, to name the terminal of an entry; empty when they cannot be read. Only
/// two fields of `shared::auth::DeviceList` are needed: they are read from the JSON value, which spares the
/// wasm a deserializer of its own.
pub async fn terminal_names(state: AppState, access: Access) -> Vec<(Uuid, String)> {
    let list = match signed_in(state, access) {
        Ok(token) => state.api().devices(creds(access, &token)).await,
        Err(e) => Err(e),
    };
    match list {
        Ok(list) => list["devices"]
            .as_array()
            .map(|devices| {
                devices
                    .iter()
                    .filter_map(|d| {
                        let id = d["id"].as_str()?.parse().ok()?;
                        Some((id, d["name"].as_str()?.to_owned()))
                    })
                    .collect()
            })
            .unwrap_or_default(),
        Err(e) => {
            leptos::logging::log!("terminal names: {e}");
            Vec::new()
        }
    }
}

/// A sentence for a failed audit read.
pub fn read_message(e: &AppError, access: Access) -> String {
    e.words(match access {
        Access::Till => Ask::AuditAtTill,
        Access::Remote => Ask::AuditRemote,
    })
}

// ---- The remote manager's session --------------------------------------------------------------------------

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Take up this tab's remote session, if it has one that has not expired.
pub fn restore_remote(state: AppState) {
    let Some(storage) = session_storage() else {
        return;
    };
    let stored = storage.get_item(STORAGE_KEY).ok().flatten();
    match stored.and_then(|text| serde_json::from_str::<Session>(&text).ok()) {
        Some(s) if s.expires_at > crate::ids::now_utc() => state.office.remote.set(Some(s)),
        _ => {
            let _ = storage.remove_item(STORAGE_KEY);
        }
    }
}

/// Sign a manager in with email and password for the back office; the error is a sentence for the form.
pub async fn sign_in_remote(
    state: AppState,
    email: String,
    password: String,
) -> Result<(), String> {
    let email = email.trim().to_string();
    if email.is_empty() || password.is_empty() {
        return Err("Enter your email address and password.".into());
    }
    let session = state
        .api()
        .login(&LoginRequest { email, password })
        .await
        .map_err(|e| e.words(Ask::OfficeSignIn))?;
    if !crate::model::office_access::may_open(&session.staff.permissions) {
        log_out(state, session.token);
        return Err(
            "This account may not use the back office. A manager or an administrator can.".into(),
        );
    }
    if let Some(storage) = session_storage() {
        if let Ok(text) = serde_json::to_string(&session) {
            let _ = storage.set_item(STORAGE_KEY, &text);
        }
    }
    state.office.signing_in.set(false);
    state.office.remote.set(Some(session));
    Ok(())
}

/// End the session on the server, in the background; a failure leaves it to expire there.
fn log_out(state: AppState, token: String) {
    let api = state.api();
    spawn_local(async move {
        if let Err(e) = api.logout(Creds::Staff(&token)).await {
            leptos::logging::log!("back-office logout: {e}");
        }
    });
}

/// Sign the remote manager out: the tab forgets the session, the server is told (awaited, since the page is
/// left next; a failure leaves the session to expire there), then back to the checkout's page (enrollment).
pub async fn sign_out_remote(state: AppState) {
    if let Some(storage) = session_storage() {
        let _ = storage.remove_item(STORAGE_KEY);
    }
    if let Some(session) = state.office.remote.get_untracked() {
        if let Err(e) = state.api().logout(Creds::Staff(&session.token)).await {
            leptos::logging::log!("back-office logout: {e}");
        }
    }
    crate::services::navigate::open_checkout();
}

// ---- Words for entries --------------------------------------------------------------------------------------

/// A readable name for an action; unknown actions show as they are.
pub fn action_label(action: &str) -> &str {
    match action {
        "auth.login" => "Password sign-in",
        "auth.pin" => "PIN sign-in",
        "auth.logout" => "Sign-out",
        "auth.override" => "Override approval",
        "override.used" => "Override used",
        "device.enroll" => "Terminal enrolled",
        "device.revoke" => "Terminal revoked",
        "staff.create" => "Staff added",
        "staff.update" => "Staff changed",
        "api_key.create" => "API key created",
        "api_key.revoke" => "API key revoked",
        "sale.refund" => "Refund",
        "sale.void" => "Sale voided",
        "sale.exchange" => "Exchange",
        "drawer.movement" => "Cash in/out",
        other => other,
    }
}

pub fn outcome_label(outcome: &str) -> &str {
    OUTCOMES
        .iter()
        .find(|(_, value)| *value == outcome)
        .map_or(outcome, |(label, _)| label)
}

pub fn role_label(role: Role) -> &'static str {
    match role {
        Role::Cashier => "cashier",
        Role::Supervisor => "supervisor",
        Role::Manager => "manager",
        Role::Admin => "administrator",
    }
}

/// Who did it, in words.
pub fn actor_label(actor: &AuditActor) -> String {
    let name = actor.name.clone().or_else(|| actor.id.clone());
    match (actor.kind, name) {
        (ActorKind::Staff, Some(n)) => n,
        (ActorKind::ApiKey, Some(n)) => format!("API key \u{201c}{n}\u{201d}"),
        (ActorKind::Device, Some(n)) => format!("{n} (terminal)"),
        (ActorKind::System, _) => "System".into(),
        (ActorKind::Anonymous, _) | (_, None) => "Not signed in".into(),
    }
}

/// The terminal an entry came from: its name when known, else the start of its id.
pub fn terminal_label(device: Option<Uuid>, names: &[(Uuid, String)]) -> String {
    match device {
        None => "\u{2014}".into(),
        Some(id) => names
            .iter()
            .find(|(known, _)| *known == id)
            .map(|(_, name)| name.clone())
            .unwrap_or_else(|| {
                let text = id.to_string();
                format!("{}\u{2026}", text.get(..8).unwrap_or(&text))
            }),
    }
}

/// "key: value; key: value" for a details object, cut at `DETAILS_CHARS`.
pub fn details_summary(details: &serde_json::Value) -> String {
    let text = match details {
        serde_json::Value::Object(map) if map.is_empty() => return "\u{2014}".into(),
        serde_json::Value::Object(map) => map
            .iter()
            .map(|(k, v)| match v {
                serde_json::Value::String(s) => format!("{k}: {s}"),
                other => format!("{k}: {other}"),
            })
            .collect::<Vec<_>>()
            .join("; "),
        serde_json::Value::Null => return "\u{2014}".into(),
        other => other.to_string(),
    };
    if text.chars().count() > DETAILS_CHARS {
        let cut: String = text.chars().take(DETAILS_CHARS - 1).collect();
        format!("{cut}\u{2026}")
    } else {
        text
    }
}
