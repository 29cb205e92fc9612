//! The lock screen (`crate::lock`): the till's name, when it locked and who is signed in, and the PIN keypad.
//! Nothing of the order or the customer shows while it is up; the checkout waits, hidden, behind it.

use crate::format;
use crate::lock;
use crate::state::use_state;
use crate::ui::sign_in::PinPad;
use leptos::ev::SubmitEvent;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn LockScreen() -> impl IntoView {
    let state = use_state();
    let pin = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let input = NodeRef::<Input>::new();
    Effect::new(move |_| {
        if let Some(el) = input.get() {
            let _ = el.focus();
        }
    });
    let submit = move || {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        failure.set(None);
        let typed = pin.get_untracked();
        spawn_local(async move {
            let result = lock::unlock(state, typed).await;
            busy.set(false);
            pin.set(String::new());
            match result {
                Ok(()) => state.focus_search_soon(),
                Err(message) => {
                    failure.set(Some(message));
                    if let Some(el) = input.get_untracked() {
                        let _ = el.focus();
                    }
                }
            }
        });
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
    let cashier = move || {
        state
            .auth
            .session
            .with(|s| s.as_ref().map(|s| s.staff.name.clone()))
            .unwrap_or_default()
    };
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
                <PinPad pin label="PIN" node_ref=input on_enter=Callback::new(move |()| submit()) />
                <p class="pay-hint" class:error=move || failure.with(Option::is_some) role="status" aria-live="polite">
                    {move || {
                        failure
                            .get()
                            .unwrap_or_else(|| if busy.get() { "Checking\u{2026}".into() } else { String::new() })
                    }}
                </p>
                <button type="submit" class="primary sign-in-button" disabled=move || busy.get()>
                    "Unlock"
                </button>
            </form>
        </section>
    }
}
