//! Enrolling terminals: a token shown once (stored as SHA-256) and a unique four-letter receipt prefix;
//! listing and revoking them.

use super::audit::{self, AuditExt};
use super::caller::Caller;
use super::error::{AuthError, AuthResult};
use super::tokens;
use crate::state::AppState;
use crate::store::auth::{DeviceRecord, NewDevice};
use crate::store::StoreError;
use serde_json::json;
use shared::auth::{DeviceInfo, EnrollRequest, Enrollment};
use shared::stores::DEFAULT_STORE_ID;
use uuid::Uuid;

/// Tries at a free receipt prefix before giving up (26⁴ prefixes: only a full store runs out).
const PREFIX_TRIES: usize = 50;
/// Longest device name.
pub const MAX_NAME_CHARS: usize = 100;

pub fn check_name(name: &str) -> AuthResult<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        return Err(AuthError::Invalid(format!(
            "a name has 1 to {MAX_NAME_CHARS} characters"
        )));
    }
    Ok(name.to_owned())
}

pub fn info(d: DeviceRecord) -> DeviceInfo {
    DeviceInfo {
        id: d.id,
        name: d.name,
        receipt_prefix: d.receipt_prefix,
        enrolled_at: d.enrolled_at,
        revoked_at: d.revoked_at,
        store_id: d.store_id,
    }
}

pub async fn enroll(
    state: &AppState,
    caller: &Caller,
    req: &EnrollRequest,
) -> AuthResult<Enrollment> {
    let name = check_name(&req.name)?;
    // A named store must exist; the first store is the default even before a database holds its row.
    let store_id = match req.store_id {
        Some(store) => {
            super::stores::require_store(state, caller, store).await?;
            store
        }
        None => {
            super::stores::require_allowed(state, caller, DEFAULT_STORE_ID).await?;
            DEFAULT_STORE_ID
        }
    };
    let token = tokens::new_token()?;
    let id = Uuid::now_v7();
    for _ in 0..PREFIX_TRIES {
        let now = state.clock.now();
        let device = NewDevice {
            id,
            name: name.clone(),
            receipt_prefix: tokens::receipt_prefix()?,
            token_hash: tokens::hash(&token),
            at: now,
            store_id,
        };
        let entry = audit::entry(now, caller.actor(), "device.enroll", audit::SUCCESS)
            .device(caller.device_id())
            .target(id)
            .details(json!({
                "name": name,
                "receipt_prefix": device.receipt_prefix,
                "store_id": store_id,
            }));
        match state.store.enroll_device(&device, &entry).await {
            Ok(()) => {
                return Ok(Enrollment {
                    device_id: id,
                    device_token: token,
                    receipt_prefix: device.receipt_prefix,
                    name,
                })
            }
            Err(StoreError::Conflict(_)) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(AuthError::Taken {
        code: "receipt_prefix_taken",
        message: "no free receipt prefix was found; try again".into(),
    })
}

pub async fn list(state: &AppState) -> AuthResult<Vec<DeviceInfo>> {
    Ok(state
        .store
        .list_devices()
        .await?
        .into_iter()
        .map(info)
        .collect())
}

pub async fn revoke(state: &AppState, caller: &Caller, id: Uuid) -> AuthResult<()> {
    let entry = audit::entry(
        state.clock.now(),
        caller.actor(),
        "device.revoke",
        audit::SUCCESS,
    )
    .device(caller.device_id())
    .target(id);
    if state.store.revoke_device(id, &entry).await? {
        Ok(())
    } else {
        Err(AuthError::NotFound(format!("no enrolled device {id}")))
    }
}
