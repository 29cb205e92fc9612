//! The lock screen (`services::lock`): the till's name, when it locked and who is signed in, and the PIN keypad.
//! Nothing of the order or the customer shows while it is up; the checkout waits, hidden, behind it.

use super::format;
use crate::services::session::unlock;
use crate::services::state::use_state;
use crate::ui::sign_in::{PinEntry, PinPad};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

#[component]
pub fn LockScreen() -> impl IntoView {
    let state = use_state();
    let entry = PinEntry::new();
    let PinEntry { busy, .. } = entry;
    let submit = move || {
        entry.submit(
            move |typed| unlock::unlock(state, typed),
            move |()| state.focus_search_soon(),
        )
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        submit();
    };
    let terminal = move || state.auth.terminal_name.get().unwrap_or_default();
    let since = move || {
        state
            .auth
            .locked
            .get()
            .map(|at| format!("Locked at {}", format::local_time(at)))
            .unwrap_or_default()
    };
    let cashier = move || state.auth.staff_name();
    let offline = move || !state.sync.online();
    view! {
        <section class="auth-screen" aria-label="Till locked">
            <form class="auth-card pin-card" on:submit=on_submit>
                <h1 class="auth-title">"Till locked"</h1>
                <p class="muted">{terminal}</p>
                <p class="muted lock-since">{since}</p>
                <p>
                    {move || {
                        format!(
                            "{} is signed in. Enter your PIN to carry on, or another cashier\u{2019}s PIN to switch.",
                            cashier(),
                        )
                    }}
                </p>
                <Show when=offline>
                    <p class="auth-note" role="note">
                        {move || format!("This till is offline: only {} can unlock it.", cashier())}
                    </p>
                </Show>
                <PinPad entry label="PIN" on_enter=Callback::new(move |()| submit()) />
                {entry.status("Checking\u{2026}")}
                <button type="submit" class="primary sign-in-button" disabled=move || busy.get()>
                    "Unlock"
                </button>
            </form>
        </section>
    }
}
