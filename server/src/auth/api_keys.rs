//! API keys for integrations: `posk_` + 32 random bytes, shown once, stored as SHA-256, limited to scopes.

use super::audit::{self, AuditExt};
use super::caller::Caller;
use super::devices::check_name;
use super::error::{AuthError, AuthResult};
use super::tokens;
use crate::state::AppState;
use crate::store::auth::ApiKeyRecord;
use serde_json::json;
use shared::auth::{ApiKeyInfo, CreatedApiKey, NewApiKey};
use uuid::Uuid;

pub async fn create(
    state: &AppState,
    caller: &Caller,
    req: &NewApiKey,
) -> AuthResult<CreatedApiKey> {
    let name = check_name(&req.name)?;
    let mut scopes = req.scopes.clone();
    scopes.sort();
    scopes.dedup();
    if scopes.is_empty() {
        return Err(AuthError::Invalid(
            "an API key needs at least one scope".into(),
        ));
    }
    let key = tokens::new_api_key()?;
    let now = state.clock.now();
    let record = ApiKeyRecord {
        id: Uuid::now_v7(),
        name,
        scopes,
        key_hash: tokens::hash(&key),
        created_at: now,
        revoked_at: None,
    };
    let entry = audit::entry(now, caller.actor(), "api_key.create", audit::SUCCESS)
        .device(caller.device_id())
        .target(record.id)
        .details(json!({ "name": record.name, "scopes": record.scopes }));
    state.store.create_api_key(&record, &entry).await?;
    Ok(CreatedApiKey {
        id: record.id,
        name: record.name,
        scopes: record.scopes,
        key,
    })
}

pub async fn list(state: &AppState) -> AuthResult<Vec<ApiKeyInfo>> {
    Ok(state
        .store
        .list_api_keys()
        .await?
        .into_iter()
        .map(|k| ApiKeyInfo {
            id: k.id,
            name: k.name,
            scopes: k.scopes,
            created_at: k.created_at,
            revoked_at: k.revoked_at,
        })
        .collect())
}

pub async fn revoke(state: &AppState, caller: &Caller, id: Uuid) -> AuthResult<()> {
    let entry = audit::entry(
        state.clock.now(),
        caller.actor(),
        "api_key.revoke",
        audit::SUCCESS,
    )
    .device(caller.device_id())
    .target(id);
    if state.store.revoke_api_key(id, &entry).await? {
        Ok(())
    } else {
        Err(AuthError::NotFound(format!("no API key {id}")))
    }
}
