//! The till locks itself: after the store's idle-lock delay (`TillSettings::lock_after_secs`, pulled; until
//! then `shared::lock::DEFAULT_LOCK_AFTER_SECS`) without input (a key, which is also
//! what a barcode scanner sends, a pointer press, a touch, a wheel turn), or at once with "Lock" in the header
//! or F9, the PIN lock screen covers the till (`ui::lock`); unlocking is `services::session::unlock`.
//!
//! - Nothing is lost: the checkout, and any dialog open at the time (payment included), stay mounted behind
//!   the lock screen, hidden and inert, with the order untouched; the same cashier's PIN returns exactly there.
//!   The till locks over a payment rather than waiting for it to end: a payment left open is exactly the
//!   unattended till this is for, and nothing of it is torn down.
//! - Unlocking: the signed-in cashier's PIN is checked against an in-memory verifier made at sign-in
//!   (`shared::lock::PinVerifier`, never stored), so it works offline. Any other PIN goes to the server as a
//!   PIN sign-in: another cashier's switches cashier (their session replaces the old one, which is logged
//!   out, and open dialogs close, as "Switch cashier" does; the order stays). Offline, only the signed-in
//!   cashier can unlock.
//! - A reload keeps the till locked (the lock is noted in localStorage), but forgets the verifier: unlocking
//!   after a reload needs the server.
//! - The delay is a store setting (`PUT /api/v1/settings/till`), read at every check, so a pulled change
//!   applies at once. It can be shortened, never lengthened or switched off, with `?lock_after=SECONDS` in the
//!   address (the end-to-end tests use it).

use super::state::{AppState, Phase};
use leptos::prelude::*;
use shared::lock::{lock_due, store_lock_after_secs, PinVerifier};
use std::time::Duration;
use uuid::Uuid;

/// localStorage key noting that the till is locked (the time it locked, in ms), so a reload stays locked.
const LOCKED_KEY: &str = "pos.locked_at";

/// How often the idle deadline is checked.
const CHECK_EVERY: Duration = Duration::from_millis(500);

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The delay asked for with `?lock_after=SECONDS`, if any.
fn requested_secs() -> Option<u64> {
    let search = web_sys::window()?.location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("lock_after="))
        .and_then(|v| v.parse().ok())
}

/// Watch for input and lock once the till has been idle long enough; restore a lock from before a reload.
pub fn install(state: AppState) {
    if let Some(at) = storage()
        .and_then(|s| s.get_item(LOCKED_KEY).ok().flatten())
        .and_then(|v| v.parse::<f64>().ok())
    {
        state.auth.locked.set(Some(at));
    }
    let touch = move || state.handles().lock.borrow_mut().last_input_ms = crate::ids::now_ms();
    let _ = window_event_listener(leptos::ev::keydown, move |_| touch());
    let _ = window_event_listener(leptos::ev::pointerdown, move |_| touch());
    let _ = window_event_listener(leptos::ev::touchstart, move |_| touch());
    let _ = window_event_listener(leptos::ev::wheel, move |_| touch());
    let requested = requested_secs();
    set_interval(
        move || {
            if state.auth.phase.get_untracked() != Phase::SignedIn
                || state.auth.locked.with_untracked(Option::is_some)
            {
                return;
            }
            // The store's delay (pulled: `Change::TillSettings`), which `?lock_after=` may only shorten.
            let store_secs = state
                .data
                .with_untracked(|d| u64::from(d.till.lock_after_secs));
            let after_ms = store_lock_after_secs(store_secs, requested) * 1000;
            let last = state.handles().lock.borrow().last_input_ms;
            let now = crate::ids::now_ms();
            if lock_due(last.max(0.0) as u64, now.max(0.0) as u64, after_ms) {
                lock(state);
            }
        },
        CHECK_EVERY,
    );
}

/// Lock the till now (only while someone is signed in).
pub fn lock(state: AppState) {
    if state.auth.phase.get_untracked() != Phase::SignedIn
        || state.auth.locked.with_untracked(Option::is_some)
    {
        return;
    }
    let at = crate::ids::now_ms();
    if let Some(s) = storage() {
        let _ = s.set_item(LOCKED_KEY, &at.to_string());
    }
    state.auth.locked.set(Some(at));
}

/// Take the lock off (after a PIN was accepted, or when nobody is signed in any more).
pub fn clear(state: AppState) {
    if let Some(s) = storage() {
        let _ = s.remove_item(LOCKED_KEY);
    }
    state.handles().lock.borrow_mut().last_input_ms = crate::ids::now_ms();
    if state.auth.locked.with_untracked(Option::is_some) {
        state.auth.locked.set(None);
    }
}

/// Keep a verifier of the PIN `staff` just signed in with, for this session only.
pub fn remember(state: AppState, staff: Uuid, pin: &str) {
    let verifier = crate::ids::random_bytes::<16>()
        .ok()
        .map(|salt| (staff, PinVerifier::new(salt, pin)));
    state.handles().lock.borrow_mut().verifier = verifier;
}

/// Forget the verifier (signed out).
pub fn forget(state: AppState) {
    state.handles().lock.borrow_mut().verifier = None;
}

/// `pin` is the signed-in cashier's (checked in memory, without the server).
pub fn is_current_cashier(state: AppState, pin: &str) -> bool {
    let staff = state
        .auth
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.staff.id));
    state
        .handles()
        .lock
        .borrow()
        .verifier
        .as_ref()
        .is_some_and(|(id, verifier)| Some(*id) == staff && verifier.matches(pin))
}
