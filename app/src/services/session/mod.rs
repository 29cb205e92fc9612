//! Who is at the till, against the server's auth API (`shared::auth`), one concern per file:
//!
//! - `enroll`: a manager's email and password enroll the terminal once; the identity and device token are kept
//!   in META (`db::session`) and every request then carries `X-Device-Token` (`api::Client`).
//! - `sign_in`: a PIN gives a staff session, kept in META, so a reload, even offline, keeps the cashier signed
//!   in until its `expires_at`; signing out and switching cashier never delete data. `unlock`: the lock
//!   screen's PIN (the signed-in cashier offline, anyone else as a sign-in).
//! - `logout`: telling the server a session ended, now or once it can be told.
//! - `keep_alive`: selling notes the session as used on the server.
//! - `approval`: a permission the signed-in staff lacks (refunds, discounts over the limit) needs a manager's
//!   PIN at this till; the override becomes the `Approval` stamped on the document it unlocked.
//!
//! A 401 to the device token means the enrollment was revoked: sync stops, all data stays (`note_revoked`).

pub mod approval;
pub mod enroll;
pub mod keep_alive;
pub mod logout;
pub mod sign_in;
pub mod unlock;

use super::state::AppState;
use crate::db;
use crate::error::REVOKED;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::document::StaffStamp;

/// Apply what was read at start: the enrollment (device token, name) and a session that has not expired.
pub fn restore(state: AppState, stored: db::session::StoredAuth) {
    if let Some(e) = stored.enrollment {
        state.api().set_device_token(Some(e.device_token));
        state.auth.terminal_name.set(Some(e.name));
    }
    match stored.session {
        Some(s) if s.expires_at > crate::ids::now_utc() => state.auth.session.set(Some(s)),
        Some(s) => {
            // Expired while the page was closed: nobody is signed in; tell the server when it can be told.
            let store = state.store();
            spawn_local(async move {
                if let Err(e) = db::session::end_session(&store, Some(&s.token)).await {
                    leptos::logging::error!("ending an expired session: {e}");
                }
            });
        }
        None => {}
    }
}

/// The server no longer accepts this terminal's device token: say so, stop syncing, keep everything.
pub fn note_revoked(state: AppState) {
    if !state.auth.revoked.get_untracked() {
        state.auth.revoked.set(true);
    }
    if state.sync_error.get_untracked().as_deref() != Some(REVOKED) {
        state.sync_error.set(Some(REVOKED.into()));
    }
}

/// The browser believes it has a network (the server may still be unreachable).
pub fn browser_online(state: AppState) -> bool {
    state.sync.browser_online.get_untracked()
}

/// The signed-in staff member, to stamp as the cashier on the documents this till makes now.
pub fn cashier_stamp(state: AppState) -> Option<StaffStamp> {
    state.auth.session.with_untracked(|s| {
        s.as_ref().map(|s| StaffStamp {
            id: s.staff.id,
            name: s.staff.name.clone(),
        })
    })
}
