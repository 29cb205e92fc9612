//! Selling keeps the cashier's session alive on the server: a sale reaching the server notes the session as
//! used (`GET /auth/me`), at most every `KEEP_ALIVE_EVERY_MS`, so its idle timeout does not end it while the
//! cashier is selling.

use crate::services::state::AppState;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// At most this often, activity at the till tells the server the signed-in session is still in use.
pub const KEEP_ALIVE_EVERY_MS: f64 = 10.0 * 60.0 * 1000.0;

/// Note the session as used, at most every `KEEP_ALIVE_EVERY_MS`. Failures change nothing here: the cashier
/// stays signed in on this till (an approval would then ask them to sign in again).
pub fn keep_alive(state: AppState) {
    let Some(token) = state
        .auth
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.token.clone()))
    else {
        return;
    };
    let now = crate::ids::now_ms();
    let handles = state.handles();
    if now - handles.last_touch_ms.get() < KEEP_ALIVE_EVERY_MS {
        return;
    }
    handles.last_touch_ms.set(now);
    let api = state.api();
    spawn_local(async move {
        if let Err(e) = api.touch_session(&token).await {
            leptos::logging::log!("session keep-alive: {e}");
        }
    });
}

/// A sign-in just happened: the session is fresh on the server.
pub fn touched(state: AppState) {
    state.handles().last_touch_ms.set(crate::ids::now_ms());
}
