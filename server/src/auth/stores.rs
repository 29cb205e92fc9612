//! Store limits: a staff member with rows in `staff_stores` manages only those stores (no rows: every store).
//! Every store-scoped route asks here before it reads or writes a store's data; devices and API keys are not
//! limited by it (a device reaches only its own store through pull).

use super::caller::Caller;
use super::error::{AuthError, AuthResult};
use crate::state::AppState;
use shared::stores::StaffStores;
use uuid::Uuid;

/// The stores the caller's staff member is limited to (none: every store).
pub async fn limits(state: &AppState, caller: &Caller) -> AuthResult<StaffStores> {
    let stores = match &caller.staff {
        Some(s) => state.store.staff_stores(s.staff.id).await?,
        None => Vec::new(),
    };
    Ok(StaffStores { stores })
}

/// The caller may manage `store` (else 403 naming it).
pub async fn require_allowed(state: &AppState, caller: &Caller, store: Uuid) -> AuthResult<()> {
    if limits(state, caller).await?.allows(store) {
        return Ok(());
    }
    Err(AuthError::Forbidden(format!(
        "store {store}: this staff member manages other stores only"
    )))
}

/// [`require_allowed`], and the store must exist (an unknown one is refused as invalid input).
pub async fn require_store(state: &AppState, caller: &Caller, store: Uuid) -> AuthResult<()> {
    if state.store.get_store(store).await?.is_none() {
        return Err(AuthError::Invalid(format!("no store {store}")));
    }
    require_allowed(state, caller, store).await
}
