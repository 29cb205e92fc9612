//! Signing in: email and password (back office), PIN at an enrolled terminal (a session bound to it), and a
//! supervisor's PIN approving one action for the signed-in cashier (an override token). Every attempt is
//! audited; repeated failures lock the email or the device (see [`super::lockout`]), and each attempt holds its
//! email's or device's turn ([`super::attempts`]) until its failure is counted.

use super::audit::{self, AuditExt};
use super::caller::Caller;
use super::error::{AuthError, AuthResult};
use super::lockout::{self, ensure_unlocked, fail};
use super::passwords::{self, Hasher};
use super::permissions;
use super::sessions::{self, info};
use super::tokens;
use crate::state::AppState;
use crate::store::auth::{OverrideRecord, StaffRecord};
use crate::store::Store;
use chrono::Duration;
use serde_json::json;
use shared::auth::{LoginRequest, Override, OverrideRequest, PinRequest, Session};

/// How long an override token is valid.
pub const OVERRIDE_SECS: i64 = 120;

pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// `POST /api/v1/auth/login`.
pub async fn login(state: &AppState, req: &LoginRequest) -> AuthResult<Session> {
    let email = normalise_email(&req.email);
    let subject = lockout::login_subject(&email);
    let _turn = state.attempts.turn(&subject).await;
    let now = state.clock.now();
    let attempt =
        |outcome| audit::entry(now, audit::anonymous(), "auth.login", outcome).target(&email);
    if let Err(locked) = ensure_unlocked(state, &subject, now).await {
        state.store.append_audit(&attempt(audit::LOCKED)).await?;
        return Err(locked);
    }
    let staff = state
        .store
        .staff_by_email(&email)
        .await?
        .filter(|s| s.active);
    let matched = match staff.as_ref().and_then(|s| s.password_hash.as_deref()) {
        Some(phc) => passwords::verify(&req.password, phc).await?,
        None => {
            // Spend the same time as a check, so the answer does not tell which emails exist.
            Hasher::from_config(&state.config)?
                .hash(&req.password)
                .await?;
            false
        }
    };
    match staff {
        Some(staff) if matched => {
            state.store.clear_failures(&subject).await?;
            let entry = audit::entry(now, audit::staff(&staff), "auth.login", audit::SUCCESS)
                .target(&email);
            sessions::issue(state, &staff, None, &entry).await
        }
        _ => Err(fail(
            state,
            &subject,
            &attempt(audit::FAILURE),
            AuthError::InvalidCredentials,
        )
        .await),
    }
}

/// The active staff member whose PIN is `pin`.
pub async fn pin_holder(store: &dyn Store, pin: &str) -> AuthResult<Option<StaffRecord>> {
    if passwords::check_pin(pin).is_err() {
        return Ok(None);
    }
    let mut holders = store.pin_holders().await?;
    let hashes = holders
        .iter()
        .map(|s| s.pin_hash.clone().unwrap_or_default())
        .collect();
    Ok(passwords::first_match(pin, hashes)
        .await?
        .map(|i| holders.swap_remove(i)))
}

/// `POST /api/v1/auth/pin` from an enrolled device.
pub async fn pin(state: &AppState, caller: &Caller, req: &PinRequest) -> AuthResult<Session> {
    let device = caller.enrolled_device()?;
    let subject = lockout::pin_subject(device.id);
    let _turn = state.attempts.turn(&subject).await;
    let now = state.clock.now();
    let attempt = |outcome| {
        audit::entry(now, audit::device(device), "auth.pin", outcome).device(Some(device.id))
    };
    if let Err(locked) = ensure_unlocked(state, &subject, now).await {
        state.store.append_audit(&attempt(audit::LOCKED)).await?;
        return Err(locked);
    }
    match pin_holder(&*state.store, &req.pin).await? {
        Some(staff) => {
            state.store.clear_failures(&subject).await?;
            let entry = audit::entry(now, audit::staff(&staff), "auth.pin", audit::SUCCESS)
                .device(Some(device.id))
                .target(staff.id);
            sessions::issue(state, &staff, Some(device.id), &entry).await
        }
        None => Err(fail(
            state,
            &subject,
            &attempt(audit::FAILURE),
            AuthError::InvalidPin,
        )
        .await),
    }
}

/// `POST /api/v1/auth/override`: the cashier's session and device, the approver's PIN.
pub async fn approve(
    state: &AppState,
    caller: &Caller,
    req: &OverrideRequest,
) -> AuthResult<Override> {
    let device = caller.enrolled_device()?;
    let cashier = caller.session()?;
    if cashier.session.device_id.is_some_and(|d| d != device.id) {
        return Err(AuthError::DeviceMismatch(
            "the session was started on another device".into(),
        ));
    }
    let subject = lockout::pin_subject(device.id);
    let _turn = state.attempts.turn(&subject).await;
    let now = state.clock.now();
    let attempt = |actor, outcome| {
        audit::entry(now, actor, "auth.override", outcome)
            .device(Some(device.id))
            .target(cashier.staff.id)
            .details(json!({ "permission": req.permission }))
    };
    if let Err(locked) = ensure_unlocked(state, &subject, now).await {
        let entry = attempt(audit::staff(&cashier.staff), audit::LOCKED);
        state.store.append_audit(&entry).await?;
        return Err(locked);
    }
    let Some(approver) = pin_holder(&*state.store, &req.pin).await? else {
        let entry = attempt(audit::staff(&cashier.staff), audit::FAILURE);
        return Err(fail(state, &subject, &entry, AuthError::InvalidPin).await);
    };
    state.store.clear_failures(&subject).await?;
    let permission_name = serde_json::to_value(req.permission)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    if !permissions::allows(approver.role, req.permission) {
        state
            .store
            .append_audit(&attempt(audit::staff(&approver), audit::DENIED))
            .await?;
        return Err(AuthError::NotPermitted(permission_name));
    }
    let token = tokens::new_token()?;
    let record = OverrideRecord {
        token_hash: tokens::hash(&token),
        permission: req.permission,
        approver_id: approver.id,
        requested_by: cashier.staff.id,
        device_id: device.id,
        created_at: now,
        expires_at: now + Duration::seconds(OVERRIDE_SECS),
    };
    let entry = attempt(audit::staff(&approver), audit::SUCCESS);
    state.store.create_override(&record, &entry).await?;
    Ok(Override {
        override_token: token,
        approver: info(&approver),
        permission: req.permission,
        expires_at: record.expires_at,
    })
}

/// `POST /api/v1/auth/logout`.
pub async fn logout(state: &AppState, caller: &Caller) -> AuthResult<()> {
    let s = caller.session()?;
    let entry = audit::entry(
        state.clock.now(),
        audit::staff(&s.staff),
        "auth.logout",
        audit::SUCCESS,
    )
    .device(caller.device_id());
    state
        .store
        .end_session(&s.session.token_hash, Some(&entry))
        .await?;
    Ok(())
}
