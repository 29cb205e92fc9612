//! Sync with the server: pull the catalog on start and every 30 s while online, push the outbox after each
//! sale, when the browser comes back online, and on a back-off timer while anything waits.

pub mod pull;
pub mod push;

use super::state::AppState;
use crate::db;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

pub const PULL_EVERY: Duration = Duration::from_secs(30);

/// Sync may talk to the server: the terminal is enrolled and its enrollment was not revoked.
pub fn may_sync(state: AppState) -> bool {
    state.handles().api.has_device_token() && !state.auth.revoked.get_untracked()
}

/// Start listening to connectivity, the periodic pull, and the first pull and push (once the terminal is
/// enrolled; a second call only pulls and pushes).
pub fn start(state: AppState) {
    if state.handles().sync_started.replace(true) {
        spawn_local(pull::pull_all(state));
        push::request_push(state);
        return;
    }
    let online = state.sync.browser_online;
    // The handles live as long as the page: the listeners are never removed.
    let _ = window_event_listener(leptos::ev::online, move |_| {
        online.set(true);
        push::request_push(state);
        spawn_local(pull::pull_all(state));
        spawn_local(super::session::logout::flush_logouts(state));
    });
    let _ = window_event_listener(leptos::ev::offline, move |_| {
        online.set(false);
        state.sync.reachable.set(false);
    });
    set_interval(
        move || {
            if online.get_untracked() {
                spawn_local(pull::pull_all(state));
            }
        },
        PULL_EVERY,
    );
    spawn_local(pull::pull_all(state));
    push::request_push(state);
}

/// Note the outcome of talking to the server: an answer means reachable, a network failure means offline-ish.
/// An answer read after the browser went offline (a request that was already on its way) does not undo the
/// browser's `offline`: only the browser's `online` or an answer while it says it is online does.
pub fn note_reachability(state: AppState, reachable: bool) {
    if state.sync.reachable.get_untracked() != reachable {
        state.sync.reachable.set(reachable);
    }
    let browser_says_online = web_sys::window().is_none_or(|w| w.navigator().on_line());
    if reachable && browser_says_online && !state.sync.browser_online.get_untracked() {
        state.sync.browser_online.set(true);
    }
}

/// Re-read the outbox size and oldest entry into the header's status, and what its sales spent from balances
/// (the till shows balances less it).
pub async fn refresh_pending(state: AppState) {
    match db::outbox::pending(&state.store()).await {
        Ok(p) => state.sync.pending.set(p),
        Err(e) => leptos::logging::error!("reading the outbox: {e}"),
    }
    match db::outbox::spent(&state.store()).await {
        Ok(spent) => {
            if state.data.with_untracked(|d| d.outbox_spent != spent) {
                state.data.update(|d| d.outbox_spent = spent);
            }
        }
        Err(e) => leptos::logging::error!("reading the outbox: {e}"),
    }
}
