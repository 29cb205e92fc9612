//! The storage part of authentication: staff, enrolled devices, sessions, overrides, API keys, sign-in
//! lockouts and the append-only audit log. [`AuthStore`] is a supertrait of [`super::Store`], so a
//! `dyn Store` has these methods too.
//!
//! Every method that changes who may do what takes the [`NewAudit`] entry describing it and writes both in one
//! transaction: the change never happens without its audit entry. The tables are written once for both stores:
//! staff in [`staff`], devices, sessions, overrides and API keys in [`credentials`], lockouts and the audit
//! log in [`audit`].

pub mod audit;
pub mod credentials;
pub mod staff;

use super::sql::{Bind, Value};
use super::StoreFuture;
use chrono::{DateTime, Utc};
use shared::auth::{AuditActor, AuditEntry, Permission, Role, Scope};
use uuid::Uuid;

/// A staff member as stored (hashes included).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffRecord {
    pub id: Uuid,
    pub name: String,
    pub role: Role,
    /// Lower case.
    pub email: Option<String>,
    /// Argon2 PHC string.
    pub password_hash: Option<String>,
    /// Argon2 PHC string.
    pub pin_hash: Option<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

/// The fields of a staff member to change; `None` keeps the stored value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StaffChange {
    pub name: Option<String>,
    pub role: Option<Role>,
    pub active: Option<bool>,
    pub email: Option<String>,
    pub password_hash: Option<String>,
    pub pin_hash: Option<String>,
}

/// An enrolled terminal as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceRecord {
    pub id: Uuid,
    pub name: String,
    pub receipt_prefix: String,
    pub enrolled_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// The store it sells for.
    pub store_id: Uuid,
}

/// A terminal to enroll.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewDevice {
    pub id: Uuid,
    pub name: String,
    pub receipt_prefix: String,
    /// SHA-256 of the device token (hex).
    pub token_hash: String,
    pub at: DateTime<Utc>,
    /// The store it sells for.
    pub store_id: Uuid,
}

/// A staff session as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionRecord {
    /// SHA-256 of the session token (hex).
    pub token_hash: String,
    pub staff_id: Uuid,
    /// The terminal a PIN session is bound to.
    pub device_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: DateTime<Utc>,
    /// The absolute end of the session.
    pub expires_at: DateTime<Utc>,
}

/// A one-action approval as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OverrideRecord {
    /// SHA-256 of the override token (hex).
    pub token_hash: String,
    pub permission: Permission,
    pub approver_id: Uuid,
    /// The staff member whose session asked for it (the only one who may use it).
    pub requested_by: Uuid,
    pub device_id: Uuid,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// An API key as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiKeyRecord {
    pub id: Uuid,
    pub name: String,
    pub scopes: Vec<Scope>,
    /// SHA-256 of the key (hex).
    pub key_hash: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// Consecutive failed sign-ins of one subject, and until when it is locked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Lockout {
    pub failures: u32,
    pub locked_until: Option<DateTime<Utc>>,
}

/// How a failed sign-in counts: after `max_failures` consecutive ones the subject is locked until
/// `lock_until` and its count starts again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FailurePolicy {
    pub max_failures: u32,
    pub lock_until: DateTime<Utc>,
}

/// An audit entry to append.
#[derive(Clone, Debug, PartialEq)]
pub struct NewAudit {
    pub at: DateTime<Utc>,
    pub actor: AuditActor,
    pub device_id: Option<Uuid>,
    pub action: String,
    pub target: Option<String>,
    pub outcome: String,
    pub details: serde_json::Value,
}

/// Which actions an audit filter admits: one action (`auth.pin`) or every action starting with a prefix that
/// ends in `.` (`auth.`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionMatch {
    Exact(String),
    Prefix(String),
}

/// Which audit entries a page holds: each field that is set narrows it; the default holds every entry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Entries whose action matches any of these (empty: every action).
    pub actions: Vec<ActionMatch>,
    pub outcome: Option<String>,
    pub device_id: Option<Uuid>,
    /// The actor's id (a staff member's, an API key's or a device's).
    pub actor_id: Option<String>,
    /// At or after this time.
    pub since: Option<DateTime<Utc>>,
    /// Before this time.
    pub until: Option<DateTime<Utc>>,
}

impl AuditFilter {
    /// The `WHERE` clause (empty when nothing narrows) for entries matching the filter with a `seq` below
    /// `before`, with the values its `$n` placeholders bind in order. A prefix is compared with `substr`, not
    /// `LIKE`, so `_` in an action name is no wildcard.
    pub fn sql_where(&self, before: Option<u64>) -> (String, Vec<Value<'static>>) {
        let mut values = Vec::new();
        let mut bind = |v: Value<'static>| {
            values.push(v);
            format!("${}", values.len())
        };
        let mut conditions = Vec::new();
        if let Some(b) = before {
            // A `before` beyond every stored seq asks for everything.
            let b = i64::try_from(b).unwrap_or(i64::MAX);
            conditions.push(format!("seq < {}", bind(b.into_value())));
        }
        if !self.actions.is_empty() {
            let any: Vec<String> = self
                .actions
                .iter()
                .map(|a| match a {
                    ActionMatch::Exact(x) => format!("action = {}", bind(x.clone().into_value())),
                    ActionMatch::Prefix(x) => {
                        let p = bind(x.clone().into_value());
                        format!("substr(action, 1, length({p})) = {p}")
                    }
                })
                .collect();
            conditions.push(format!("({})", any.join(" OR ")));
        }
        if let Some(o) = &self.outcome {
            conditions.push(format!("outcome = {}", bind(o.clone().into_value())));
        }
        if let Some(d) = self.device_id {
            conditions.push(format!("device_id = {}", bind(d.into_value())));
        }
        if let Some(a) = &self.actor_id {
            conditions.push(format!("actor_id = {}", bind(a.clone().into_value())));
        }
        if let Some(t) = self.since {
            conditions.push(format!("at >= {}", bind(t.into_value())));
        }
        if let Some(t) = self.until {
            conditions.push(format!("at < {}", bind(t.into_value())));
        }
        if conditions.is_empty() {
            (String::new(), values)
        } else {
            (format!("WHERE {}", conditions.join(" AND ")), values)
        }
    }
}

/// Storage of who may do what (see the module documentation).
pub trait AuthStore {
    /// Whether any staff member exists (the demo staff are seeded into a store without any).
    fn has_staff(&self) -> StoreFuture<'_, bool>;

    /// Add a staff member; [`super::StoreError::Conflict`] when the email is taken.
    fn create_staff<'a>(
        &'a self,
        staff: &'a StaffRecord,
        audit: &'a NewAudit,
    ) -> StoreFuture<'a, ()>;

    /// Every staff member, ordered by name.
    fn list_staff(&self) -> StoreFuture<'_, Vec<StaffRecord>>;

    fn staff(&self, id: Uuid) -> StoreFuture<'_, Option<StaffRecord>>;

    /// The staff member with this (lower-case) email.
    fn staff_by_email<'a>(&'a self, email: &'a str) -> StoreFuture<'a, Option<StaffRecord>>;

    /// Active staff members that have a PIN.
    fn pin_holders(&self) -> StoreFuture<'_, Vec<StaffRecord>>;

    /// Change a staff member; `false` when there is none with this id. Deactivating one ends their sessions.
    /// [`super::StoreError::Conflict`] when the new email is taken.
    fn update_staff<'a>(
        &'a self,
        id: Uuid,
        change: &'a StaffChange,
        audit: &'a NewAudit,
    ) -> StoreFuture<'a, bool>;

    /// Enroll a terminal; [`super::StoreError::Conflict`] when its receipt prefix is taken.
    fn enroll_device<'a>(
        &'a self,
        device: &'a NewDevice,
        audit: &'a NewAudit,
    ) -> StoreFuture<'a, ()>;

    /// Enrolled terminals (revoked ones too), oldest first.
    fn list_devices(&self) -> StoreFuture<'_, Vec<DeviceRecord>>;

    /// The enrolled terminal whose token has this hash (revoked or not).
    fn device_by_token<'a>(&'a self, token_hash: &'a str) -> StoreFuture<'a, Option<DeviceRecord>>;

    /// Revoke an enrolled terminal and end the sessions bound to it; `false` when no terminal with this id
    /// is enrolled. Revoking a revoked terminal keeps its first revocation time.
    fn revoke_device<'a>(&'a self, id: Uuid, audit: &'a NewAudit) -> StoreFuture<'a, bool>;

    fn create_session<'a>(
        &'a self,
        session: &'a SessionRecord,
        audit: &'a NewAudit,
    ) -> StoreFuture<'a, ()>;

    /// The session with this token hash and its staff member.
    fn session<'a>(
        &'a self,
        token_hash: &'a str,
    ) -> StoreFuture<'a, Option<(SessionRecord, StaffRecord)>>;

    /// Record a use of the session (its idle timeout starts again).
    fn touch_session<'a>(&'a self, token_hash: &'a str, at: DateTime<Utc>) -> StoreFuture<'a, ()>;

    /// Remove a session (sign-out, or found expired); `false` when there was none.
    fn end_session<'a>(
        &'a self,
        token_hash: &'a str,
        audit: Option<&'a NewAudit>,
    ) -> StoreFuture<'a, bool>;

    fn create_override<'a>(
        &'a self,
        approval: &'a OverrideRecord,
        audit: &'a NewAudit,
    ) -> StoreFuture<'a, ()>;

    /// Use an override once: true (and the token is spent) when it exists, is unused and unexpired at `now`,
    /// grants `permission` and was asked for by `staff_id`. The audit entry is written only then.
    fn consume_override<'a>(
        &'a self,
        token_hash: &'a str,
        staff_id: Uuid,
        permission: Permission,
        audit: &'a NewAudit,
    ) -> StoreFuture<'a, bool>;

    fn create_api_key<'a>(
        &'a self,
        key: &'a ApiKeyRecord,
        audit: &'a NewAudit,
    ) -> StoreFuture<'a, ()>;

    /// API keys (revoked ones too), oldest first.
    fn list_api_keys(&self) -> StoreFuture<'_, Vec<ApiKeyRecord>>;

    fn api_key_by_hash<'a>(&'a self, key_hash: &'a str) -> StoreFuture<'a, Option<ApiKeyRecord>>;

    /// Revoke a key; `false` when there is none with this id.
    fn revoke_api_key<'a>(&'a self, id: Uuid, audit: &'a NewAudit) -> StoreFuture<'a, bool>;

    /// The failed sign-ins of `subject` (zero when none were recorded).
    fn lockout<'a>(&'a self, subject: &'a str) -> StoreFuture<'a, Lockout>;

    /// Count a failed sign-in of `subject` (atomically) and append its audit entry; answers the new state.
    fn record_failure<'a>(
        &'a self,
        subject: &'a str,
        policy: FailurePolicy,
        audit: &'a NewAudit,
    ) -> StoreFuture<'a, Lockout>;

    /// Forget the failed sign-ins of `subject` (after a successful one).
    fn clear_failures<'a>(&'a self, subject: &'a str) -> StoreFuture<'a, ()>;

    fn append_audit<'a>(&'a self, entry: &'a NewAudit) -> StoreFuture<'a, ()>;

    /// Audit entries matching `filter`, newest first, with `seq` below `before` when given.
    fn audit_page<'a>(
        &'a self,
        filter: &'a AuditFilter,
        before: Option<u64>,
        limit: u32,
    ) -> StoreFuture<'a, Vec<AuditEntry>>;
}
