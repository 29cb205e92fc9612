//! Unlocking the locked till with a PIN: the signed-in cashier's is checked in memory (`services::lock`, works
//! offline); any other PIN is a PIN sign-in on the server, and another cashier's switches cashier (open
//! dialogs close, the order stays, the old session is logged out).

use super::logout::log_out_later;
use super::sign_in::sign_in;
use crate::services::lock;
use crate::services::state::AppState;
use leptos::prelude::*;

/// Unlock with a PIN; the error is a sentence for the lock screen.
pub async fn unlock(state: AppState, pin: String) -> Result<(), String> {
    let pin = pin.trim().to_string();
    if pin.is_empty() {
        return Err("Enter your PIN.".into());
    }
    if lock::is_current_cashier(state, &pin) {
        lock::clear(state);
        return Ok(());
    }
    if !state.sync.online() {
        let name = state
            .auth
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.staff.name.clone()))
            .unwrap_or_default();
        return Err(format!(
            "That PIN is not {name}\u{2019}s. While the till is offline, only {name} can unlock it."
        ));
    }
    let before = state.auth.session.get_untracked();
    sign_in(state, pin).await?;
    let after = state
        .auth
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.staff.id));
    if let Some(before) = before {
        if Some(before.staff.id) != after {
            // Another cashier: as "Switch cashier" does, open dialogs close; the order stays.
            state.payment_open.set(false);
            state.dialog.set(None);
            state.auth.approval.set(None);
            state.auth.approved.set(None);
        }
        log_out_later(state, before.token);
    }
    lock::clear(state);
    Ok(())
}
