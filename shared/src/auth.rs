//! Wire types of authentication and authorization: sign-in, sessions, overrides, enrolled devices, staff, API
//! keys and the audit log. Serde types only; which role holds which permission is the server's table.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A staff member's role; each role has every permission of the roles before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Cashier,
    Supervisor,
    Manager,
    Admin,
}

/// Something a staff member may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    Sell,
    Refund,
    Void,
    DiscountOverLimit,
    NoSale,
    PriceOverride,
    Reports,
    Catalog,
    Settings,
    StaffManage,
    DeviceEnroll,
    AuditView,
    ApiKeys,
    /// Stock: locations, levels, adjustments, transfers and counts.
    Stock,
    /// Take goods back without a receipt (a new document, paid out in cash or store credit).
    ReturnWithoutReceipt,
    /// Loyalty: the programme, point adjustments, gift cards sold, reloaded and cashed out.
    Loyalty,
    /// Customers in the back office: the list, edits, duplicates and merges, exports and erasures.
    Customers,
    /// Webhook endpoints: add, change, rotate secrets, test, delivery log, replay.
    Webhooks,
}

/// What an API key may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Scope {
    /// Products and the catalog pull.
    #[serde(rename = "catalog:read")]
    CatalogRead,
    /// Sales, refunds, journals, customers, gift card balances, ingest flags.
    #[serde(rename = "sales:read")]
    SalesRead,
    /// The catalog pull.
    #[serde(rename = "sync")]
    Sync,
    /// The audit log.
    #[serde(rename = "audit:read")]
    AuditRead,
    /// `/metrics` when it is not public.
    #[serde(rename = "metrics")]
    Metrics,
}

/// `POST /api/v1/auth/login`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"email": "manager@demo.store", "password": "demo-manager-2026"})))]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// `POST /api/v1/auth/pin` (with `X-Device-Token`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"pin": "1234"})))]
pub struct PinRequest {
    /// 4 to 8 digits.
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[0-9]{4,8}$"))]
    pub pin: String,
}

/// Who is signed in, and what they may do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffInfo {
    pub id: Uuid,
    pub name: String,
    pub role: Role,
    /// The role's permissions.
    pub permissions: Vec<Permission>,
}

/// A signed-in staff session. Send `token` as `Authorization: Bearer <token>`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Session {
    pub token: String,
    pub staff: StaffInfo,
    /// The session ends at this time at the latest (absolute lifetime).
    pub expires_at: DateTime<Utc>,
    /// The session also ends after this many seconds without a request.
    pub idle_timeout_secs: u64,
}

/// `POST /api/v1/auth/override`: a supervisor's PIN, for one action the signed-in cashier may not do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"pin": "5678", "permission": "refund"})))]
pub struct OverrideRequest {
    /// The approver's PIN.
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[0-9]{4,8}$"))]
    pub pin: String,
    pub permission: Permission,
}

/// An approval for one action: send `override_token` as `X-Override-Token` with the request that needs the
/// permission. It is valid once, until `expires_at`, for the session that asked for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Override {
    pub override_token: String,
    pub approver: StaffInfo,
    pub permission: Permission,
    pub expires_at: DateTime<Utc>,
}

/// `POST /api/v1/devices`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"name": "Till 2"})))]
pub struct EnrollRequest {
    /// A name people recognise, e.g. "Till 1": 1 to 100 characters, not only spaces.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 100, pattern = r"\S")
    )]
    pub name: String,
    /// The store the terminal sells for; absent: the first store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub store_id: Option<Uuid>,
}

/// A newly enrolled terminal. `device_token` is shown only here; send it as `X-Device-Token`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Enrollment {
    pub device_id: Uuid,
    pub device_token: String,
    /// Four upper-case letters, unique among devices: the start of this terminal's receipt numbers.
    pub receipt_prefix: String,
    pub name: String,
}

/// An enrolled terminal (without its token).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceInfo {
    pub id: Uuid,
    pub name: String,
    pub receipt_prefix: String,
    pub enrolled_at: DateTime<Utc>,
    /// Set once the device is revoked: its token no longer works.
    pub revoked_at: Option<DateTime<Utc>>,
    /// The store it sells for.
    #[serde(default = "crate::stores::default_store_id")]
    pub store_id: Uuid,
}

/// `GET /api/v1/devices`: enrolled terminals, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceList {
    pub devices: Vec<DeviceInfo>,
}

/// `POST /api/v1/staff`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"name": "Robin", "role": "cashier", "pin": "3141"})))]
pub struct NewStaff {
    /// 1 to 100 characters, not only spaces.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 100, pattern = r"\S")
    )]
    pub name: String,
    pub role: Role,
    /// 4 to 8 digits, unique among active staff: signs in at a terminal. A PIN, a password or both.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[0-9]{4,8}$"))]
    pub pin: Option<String>,
    /// With `password` (both or neither): signs in with `POST /api/v1/auth/login`.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 254, pattern = r"^[^@\s]+@\S*\.\S*$")
    )]
    pub email: Option<String>,
    /// 10 to 1024 characters, with `email`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(min_length = 10, max_length = 1024))]
    pub password: Option<String>,
}

/// `PATCH /api/v1/staff/{id}`: only the fields present change.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"name": "Robin R.", "active": true})))]
pub struct StaffPatch {
    /// 1 to 100 characters, not only spaces.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 100, pattern = r"\S")
    )]
    pub name: Option<String>,
    #[serde(default)]
    pub role: Option<Role>,
    /// `false` deactivates: sessions end, PIN and password stop working.
    #[serde(default)]
    pub active: Option<bool>,
    /// 4 to 8 digits, unique among active staff.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[0-9]{4,8}$"))]
    pub pin: Option<String>,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 254, pattern = r"^[^@\s]+@\S*\.\S*$")
    )]
    pub email: Option<String>,
    /// 10 to 1024 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(min_length = 10, max_length = 1024))]
    pub password: Option<String>,
}

/// A staff member as managers see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffMember {
    pub id: Uuid,
    pub name: String,
    pub role: Role,
    pub permissions: Vec<Permission>,
    pub email: Option<String>,
    pub active: bool,
    pub has_pin: bool,
    pub has_password: bool,
}

/// `GET /api/v1/staff`: staff ordered by name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffList {
    pub staff: Vec<StaffMember>,
}

/// `POST /api/v1/api-keys`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"name": "ERP sync", "scopes": ["catalog:read", "sales:read"]})))]
pub struct NewApiKey {
    /// 1 to 100 characters, not only spaces.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 100, pattern = r"\S")
    )]
    pub name: String,
    /// At least one.
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub scopes: Vec<Scope>,
}

/// A new API key. `key` (starting `posk_`) is shown only here; send it as `Authorization: Bearer <key>`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedApiKey {
    pub id: Uuid,
    pub name: String,
    pub scopes: Vec<Scope>,
    pub key: String,
}

/// An API key (without the key).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKeyInfo {
    pub id: Uuid,
    pub name: String,
    pub scopes: Vec<Scope>,
    pub created_at: DateTime<Utc>,
    /// Set once the key is revoked: it no longer works.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// `GET /api/v1/api-keys`: keys, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKeyList {
    pub api_keys: Vec<ApiKeyInfo>,
}

/// What kind of caller an audit entry records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    Staff,
    ApiKey,
    Device,
    /// The server itself (e.g. the demo seed).
    System,
    /// No valid credentials (e.g. a failed sign-in with an unknown email).
    Anonymous,
}

/// Who did it: a staff member (id and name), an API key (id and name) or a device (id and name).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditActor {
    pub kind: ActorKind,
    pub id: Option<String>,
    pub name: Option<String>,
}

/// The outcomes an audit entry may record (the wire carries the name as a string).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuditOutcome {
    Success,
    Failure,
    Denied,
    Locked,
}

/// One entry of the append-only audit log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    /// Increasing with each entry.
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub actor: AuditActor,
    /// The terminal the action came from, if any.
    pub device_id: Option<Uuid>,
    /// e.g. `auth.login`, `auth.pin`, `auth.override`, `override.used`, `device.enroll`, `staff.update`, and on
    /// push `sale.refund`, `sale.void`, `sale.exchange`, `drawer.movement` (by the stamped cashier or the device;
    /// target: the document id; details: amount, cashier, approver, `approval_checked`, `flag`).
    pub action: String,
    /// What the action was about (a staff id, a device id, an email, a key id).
    pub target: Option<String>,
    /// `success`, `failure`, `denied` or `locked`.
    #[cfg_attr(feature = "openapi", schema(value_type = AuditOutcome))]
    pub outcome: String,
    /// More about the action, as a JSON object.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub details: serde_json::Value,
}

/// `GET /api/v1/audit`: entries, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// Pass as `before` for the next (older) page; absent on the last page.
    pub next_before: Option<u64>,
}
