//! Telling the server a session is over: at once when online, else queued in META (`db::session`) and sent
//! when the network is back (`flush_logouts`, after every pull and on the `online` event).

use crate::api::Creds;
use crate::db;
use crate::services::state::AppState;
use leptos::task::spawn_local;

/// Tell the server a session is over. True when there is nothing left to tell (logged out now, or a token it
/// refuses anyway); false when it should be tried again later (no connection, server trouble).
async fn log_out_on_server(state: AppState, token: &str) -> bool {
    match state.api().logout(Creds::DeviceAndStaff(token)).await {
        Ok(()) => true,
        // The server will never take this token (ended, revoked, refused): nothing is left to tell it.
        Err(e) if e.is_final_refusal() => true,
        Err(e) => {
            if !e.is_network() {
                leptos::logging::error!("logout: {e}");
            }
            false
        }
    }
}

/// Log out an ended session on the server: now when online, else later (`flush_logouts`).
pub fn log_out_later(state: AppState, token: String) {
    spawn_local(async move {
        if let Err(e) = db::session::queue_logout(&state.store(), &token).await {
            leptos::logging::error!("queueing a logout: {e}");
            return;
        }
        if super::browser_online(state) {
            flush_logouts(state).await;
        }
    });
}

/// Log out, on the server, the sessions signed out while it could not be told.
pub async fn flush_logouts(state: AppState) {
    let store = state.store();
    let pending = match db::session::pending_logouts(&store).await {
        Ok(p) => p,
        Err(e) => {
            leptos::logging::error!("reading pending logouts: {e}");
            return;
        }
    };
    let mut done = Vec::new();
    for token in pending {
        if log_out_on_server(state, &token).await {
            done.push(token);
        }
    }
    if let Err(e) = db::session::forget_logouts(&store, &done).await {
        leptos::logging::error!("storing logouts: {e}");
    }
}
