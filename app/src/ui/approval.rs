//! "Manager approval": a supervisor's or manager's PIN for one action the signed-in staff may not do, and
//! the sign-out confirmation.

use super::modal::Modal;
use super::sign_in::{PinEntry, PinPad};
use crate::services::actions;
use crate::services::session::{approval, sign_in};
use crate::services::state::{use_state, ApprovalRequest};
use leptos::prelude::*;

#[component]
pub fn ApprovalDialog(request: ApprovalRequest) -> impl IntoView {
    let state = use_state();
    let entry = PinEntry::new();
    let PinEntry { busy, .. } = entry;
    let permission = request.permission;
    let what = request.what.clone();
    let then = StoredValue::new(request.then);
    let approve = move || {
        entry.submit(
            move |typed| approval::approve(state, typed, permission),
            move |approval| approval::proceed(state, then.get_value(), Some(approval)),
        )
    };
    let cancel = move |_| {
        state.auth.approval.set(None);
    };
    let offline = move || !state.sync.online();
    view! {
        <Modal label="Manager approval" title="Manager approval".to_string()>
            <p>{what}</p>
            <p class="muted">"Your role may not do this on its own. A supervisor or manager enters their PIN to approve it."</p>
            <Show when=offline>
                <p class="auth-note" role="note">
                    "Manager approval needs the network. A supervisor can also sign in at this till and do it themselves."
                </p>
            </Show>
            <PinPad entry label="Manager PIN" on_enter=Callback::new(move |()| approve()) />
            {entry.status("Checking\u{2026}")}
            <div class="dialog-actions">
                <button type="button" class="secondary" on:click=cancel>
                    "Cancel"
                </button>
                <button type="button" class="primary" disabled=move || busy.get() on:click=move |_| approve()>
                    "Approve"
                </button>
            </div>
        </Modal>
    }
}

/// Confirm signing out (or switching cashier while offline): nothing is deleted; unsynced sales are counted.
#[component]
pub fn SignOutDialog(switch: bool) -> impl IntoView {
    let state = use_state();
    let name = state
        .auth
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.staff.name.clone()))
        .unwrap_or_default();
    let unsynced = move || {
        let n = state.sync.pending.get().count;
        match n {
            0 => "Every sale has reached the server.".to_string(),
            1 => "1 sale has not reached the server yet. It stays on this till and syncs later."
                .to_string(),
            n => format!(
                "{n} sales have not reached the server yet. They stay on this till and sync later."
            ),
        }
    };
    let waiting = move || state.cart.with(|c| c.waiting_note());
    let offline = move || !state.sync.online();
    let (label, title, button) = if switch {
        (
            "Switch cashier",
            format!("Switch cashier from {name}?"),
            "Switch cashier",
        )
    } else {
        ("Sign out", format!("Sign out {name}?"), "Sign out")
    };
    view! {
        <Modal label title>
            {move || waiting().map(|note| view! { <p class="waiting-order" role="note">{note}</p> })}
            <p>{unsynced}</p>
            <Show when=offline>
                <p class="auth-note" role="note">
                    "This till is offline: nobody can sign in again until it is back online."
                </p>
            </Show>
            <div class="dialog-actions">
                <button type="button" class="secondary" on:click=move |_| actions::close_dialog(state)>
                    "Cancel"
                </button>
                <button type="button" class="primary" on:click=move |_| sign_in::sign_out(state)>
                    {button}
                </button>
            </div>
        </Modal>
    }
}
