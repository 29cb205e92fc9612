//! PIN sign-in at this terminal, signing out, and the end of a session's lifetime. The session is kept in META
//! (`db::session`); losing the network never signs anyone out.

use super::keep_alive;
use super::logout::flush_logouts;
use crate::db;
use crate::error::{AppError, Ask};
use crate::services::lock;
use crate::services::state::AppState;
use crate::services::sync::{self, note_reachability};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::auth::PinRequest;

/// The sentence for a failed `ask` at this till, noting what the failure says: no connection, or a terminal
/// whose enrollment was revoked.
pub(super) fn failed(state: AppState, e: &AppError, ask: Ask) -> String {
    if e.is_network() {
        note_reachability(state, false);
    }
    if e.revokes_device(ask) {
        super::note_revoked(state);
    }
    e.words(ask)
}

/// Sign in with a PIN at this terminal; the error is a sentence for the PIN screen.
pub async fn sign_in(state: AppState, pin: String) -> Result<(), String> {
    let pin = pin.trim().to_string();
    if pin.is_empty() {
        return Err("Enter your PIN.".into());
    }
    let session = state
        .api()
        .pin_sign_in(&PinRequest { pin: pin.clone() })
        .await
        .map_err(|e| failed(state, &e, Ask::Pin))?;
    note_reachability(state, true);
    if state.auth.revoked.get_untracked() {
        // The device token works again.
        state.auth.revoked.set(false);
        state.sync_error.set(None);
        sync::push::request_push(state);
    }
    db::session::save_session(&state.store(), &session)
        .await
        .map_err(|e| e.cashier_message())?;
    state.notice.set(None);
    lock::remember(state, session.staff.id, &pin);
    lock::clear(state);
    state.auth.session.set(Some(session));
    keep_alive::touched(state);
    Ok(())
}

/// Back to the PIN screen: nobody is signed in. Sales, the outbox and the order being rung up stay; the
/// session is logged out on the server now when online, else later (`flush_logouts`).
pub fn sign_out(state: AppState) {
    let Some(session) = state.auth.session.get_untracked() else {
        return;
    };
    state.payment_open.set(false);
    state.dialog.set(None);
    state.auth.approval.set(None);
    state.auth.approved.set(None);
    state.auth.session.set(None);
    // The next cashier starts with no other's search of past sales.
    state.found_sales.set(Default::default());
    lock::forget(state);
    lock::clear(state);
    spawn_local(async move {
        // Forget the session first, so a reload right now does not sign the cashier back in.
        if let Err(e) = db::session::end_session(&state.store(), Some(&session.token)).await {
            state.error.set(Some(e.cashier_message()));
            return;
        }
        if super::browser_online(state) {
            flush_logouts(state).await;
        }
    });
}

/// Sign out once the session's lifetime is over, but never in the middle of a payment or a dialog.
pub fn check_expiry(state: AppState) {
    let expired = state.auth.session.with_untracked(|s| {
        s.as_ref()
            .is_some_and(|s| s.expires_at <= crate::ids::now_utc())
    });
    if expired && !state.modal_open_untracked() {
        sign_out(state);
        state.notice.set(Some(
            "Your session has ended. Sign in again with your PIN.".into(),
        ));
    }
}
