//! Staff management: adding and changing staff members. PINs (4–8 digits, unique among active staff) and
//! passwords (10+ characters) are stored as argon2 hashes. Nobody may give a role above their own, nor change
//! someone whose role is above their own (a manager cannot make an admin).

use super::audit::{self, AuditExt};
use super::caller::Caller;
use super::devices::check_name;
use super::error::{AuthError, AuthResult};
use super::passwords::{check_password, check_pin, Hasher};
use super::permissions;
use super::signin::{normalise_email, pin_holder};
use crate::state::AppState;
use crate::store::auth::{StaffChange, StaffRecord};
use crate::store::{Store, StoreError};
use chrono::{DateTime, Utc};
use serde_json::json;
use shared::auth::AuditActor;
use shared::auth::{NewStaff, Role, StaffInfo, StaffMember, StaffPatch};
use uuid::Uuid;

pub fn member(s: StaffRecord) -> StaffMember {
    StaffMember {
        id: s.id,
        name: s.name,
        role: s.role,
        permissions: permissions::permissions(s.role).to_vec(),
        email: s.email,
        active: s.active,
        has_pin: s.pin_hash.is_some(),
        has_password: s.password_hash.is_some(),
    }
}

fn check_email(email: &str) -> AuthResult<String> {
    let email = normalise_email(email);
    let ok = email.len() <= 254
        && email
            .split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
        && !email.chars().any(char::is_whitespace);
    if ok {
        Ok(email)
    } else {
        Err(AuthError::Invalid(format!(
            "{email:?} is not an email address"
        )))
    }
}

/// The caller's role must be at least `role`.
fn within_own_role(caller: &Caller, role: Role) -> AuthResult<()> {
    let own = caller.session()?.staff.role;
    if role <= own {
        Ok(())
    } else {
        Err(AuthError::Forbidden(format!(
            "a role of at most {}",
            serde_json::to_value(own)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        )))
    }
}

/// 409 `pin_taken` when another active staff member has `pin`.
async fn ensure_pin_free(store: &dyn Store, pin: &str, except: Option<Uuid>) -> AuthResult<()> {
    match pin_holder(store, pin).await? {
        Some(other) if Some(other.id) != except => Err(AuthError::Taken {
            code: "pin_taken",
            message: "another active staff member has this PIN".into(),
        }),
        _ => Ok(()),
    }
}

fn email_taken(e: StoreError) -> AuthError {
    match e {
        StoreError::Conflict(_) => AuthError::Taken {
            code: "email_taken",
            message: "another staff member has this email".into(),
        },
        other => other.into(),
    }
}

pub async fn list(state: &AppState) -> AuthResult<Vec<StaffMember>> {
    Ok(state
        .store
        .list_staff()
        .await?
        .into_iter()
        .map(member)
        .collect())
}

pub async fn create(state: &AppState, caller: &Caller, req: &NewStaff) -> AuthResult<StaffInfo> {
    within_own_role(caller, req.role)?;
    let hasher = Hasher::from_config(&state.config)?;
    let record = create_as(
        &*state.store,
        &hasher,
        (caller.actor(), caller.device_id()),
        req,
        state.clock.now(),
    )
    .await?;
    Ok(super::sessions::info(&record))
}

/// Check and add a staff member on behalf of `actor` (an API caller allowed to give that role, or the system
/// for `server create-admin`) at the device it used, audited as `staff.create` at `now`.
pub async fn create_as(
    store: &dyn Store,
    hasher: &Hasher,
    (actor, device): (AuditActor, Option<Uuid>),
    req: &NewStaff,
    now: DateTime<Utc>,
) -> AuthResult<StaffRecord> {
    let name = check_name(&req.name)?;
    let email = req.email.as_deref().map(check_email).transpose()?;
    if req.password.is_some() != email.is_some() {
        return Err(AuthError::Invalid(
            "email and password go together (for signing in with them)".into(),
        ));
    }
    if let Some(pin) = &req.pin {
        check_pin(pin)?;
    }
    if let Some(password) = &req.password {
        check_password(password)?;
    }
    if req.pin.is_none() && req.password.is_none() {
        return Err(AuthError::Invalid(
            "a staff member needs a PIN or a password".into(),
        ));
    }
    if let Some(pin) = &req.pin {
        ensure_pin_free(store, pin, None).await?;
    }
    let record = StaffRecord {
        id: Uuid::now_v7(),
        name,
        role: req.role,
        email,
        password_hash: hash_opt(hasher, req.password.as_deref()).await?,
        pin_hash: hash_opt(hasher, req.pin.as_deref()).await?,
        active: true,
        created_at: now,
    };
    let entry = audit::entry(now, actor, "staff.create", audit::SUCCESS)
        .device(device)
        .target(record.id)
        .details(json!({ "name": record.name, "role": record.role, "email": record.email }));
    store
        .create_staff(&record, &entry)
        .await
        .map_err(email_taken)?;
    Ok(record)
}

async fn hash_opt(hasher: &Hasher, secret: Option<&str>) -> AuthResult<Option<String>> {
    match secret {
        Some(s) => Ok(Some(hasher.hash(s).await?)),
        None => Ok(None),
    }
}

pub async fn update(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    req: &StaffPatch,
) -> AuthResult<StaffInfo> {
    let current = state
        .store
        .staff(id)
        .await?
        .ok_or_else(|| AuthError::NotFound(format!("no staff member {id}")))?;
    within_own_role(caller, current.role)?;
    if let Some(role) = req.role {
        within_own_role(caller, role)?;
    }
    let name = req.name.as_deref().map(check_name).transpose()?;
    let email = req.email.as_deref().map(check_email).transpose()?;
    if let Some(pin) = &req.pin {
        check_pin(pin)?;
    }
    if let Some(password) = &req.password {
        check_password(password)?;
    }
    let active = req.active.unwrap_or(current.active);
    if let Some(pin) = req.pin.as_deref().filter(|_| active) {
        ensure_pin_free(&*state.store, pin, Some(id)).await?;
    }
    let hasher = Hasher::from_config(&state.config)?;
    let change = StaffChange {
        name,
        role: req.role,
        active: req.active,
        email,
        password_hash: hash_opt(&hasher, req.password.as_deref()).await?,
        pin_hash: hash_opt(&hasher, req.pin.as_deref()).await?,
    };
    let entry = audit::entry(
        state.clock.now(),
        caller.actor(),
        "staff.update",
        audit::SUCCESS,
    )
    .device(caller.device_id())
    .target(id)
    .details(json!({
        "name": change.name,
        "role": change.role,
        "active": change.active,
        "email": change.email,
        "pin_changed": req.pin.is_some(),
        "password_changed": req.password.is_some(),
    }));
    if !state
        .store
        .update_staff(id, &change, &entry)
        .await
        .map_err(email_taken)?
    {
        return Err(AuthError::NotFound(format!("no staff member {id}")));
    }
    let updated = state
        .store
        .staff(id)
        .await?
        .ok_or_else(|| AuthError::NotFound(format!("no staff member {id}")))?;
    Ok(super::sessions::info(&updated))
}
