//! The PIN screen: a password field for the PIN, a big keypad (0–9, Clear, Backspace), and "Sign in" (Enter too).
//! Shown while the terminal is enrolled and nobody is signed in.

use super::keypad::Keypad;
use crate::model::pin::{self, PinKey};
use crate::services::session::sign_in;
use crate::services::state::use_state;
use leptos::ev::{KeyboardEvent, SubmitEvent};
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// A PIN being entered on a keypad screen or dialog: what is typed, a check under way, the last refusal, and
/// the field (focused when it appears).
#[derive(Clone, Copy)]
pub struct PinEntry {
    pub pin: RwSignal<String>,
    pub busy: RwSignal<bool>,
    pub failure: RwSignal<Option<String>>,
    pub input: NodeRef<Input>,
}

impl PinEntry {
    pub fn new() -> Self {
        let input = NodeRef::<Input>::new();
        Effect::new(move |_| {
            if let Some(el) = input.get() {
                let _ = el.focus();
            }
        });
        PinEntry {
            pin: RwSignal::new(String::new()),
            busy: RwSignal::new(false),
            failure: RwSignal::new(None),
            input,
        }
    }

    /// Check the typed PIN with `attempt` (one at a time); `done` gets what it gives, a refusal is shown and
    /// the field cleared and focused for another try.
    pub fn submit<T: 'static, Fut>(
        self,
        attempt: impl FnOnce(String) -> Fut + 'static,
        done: impl FnOnce(T) + 'static,
    ) where
        Fut: std::future::Future<Output = Result<T, String>> + 'static,
    {
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        self.failure.set(None);
        let typed = self.pin.get_untracked();
        spawn_local(async move {
            let result = attempt(typed).await;
            self.busy.set(false);
            match result {
                Ok(value) => done(value),
                Err(message) => {
                    self.pin.set(String::new());
                    self.failure.set(Some(message));
                    if let Some(el) = self.input.get_untracked() {
                        let _ = el.focus();
                    }
                }
            }
        });
    }

    /// The line under the keypad: the refusal, or `working` while the PIN is checked.
    pub fn status(self, working: &'static str) -> impl IntoView {
        let PinEntry { busy, failure, .. } = self;
        view! {
            <p class="pay-hint" class:error=move || failure.with(Option::is_some) role="status" aria-live="polite">
                {move || {
                    failure
                        .get()
                        .unwrap_or_else(|| if busy.get() { working.to_string() } else { String::new() })
                }}
            </p>
        }
    }
}

/// The keypad: a PIN field and its digit buttons, Clear and Backspace (no empty corner). Any edit clears the
/// last refusal, so a wrong-PIN message never stays under a new PIN.
#[component]
pub fn PinPad(entry: PinEntry, label: &'static str, on_enter: Callback<()>) -> impl IntoView {
    let PinEntry {
        pin,
        failure,
        input: node_ref,
        ..
    } = entry;
    let edit = move |next: String| {
        pin.set(next);
        if failure.with_untracked(Option::is_some) {
            failure.set(None);
        }
    };
    let press = move |key: PinKey| {
        edit(pin::press(&pin.get_untracked(), key));
        if let Some(el) = node_ref.get_untracked() {
            let _ = el.focus();
        }
    };
    let on_key = move |ev: KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            on_enter.run(());
        }
    };
    view! {
        <input
            class="pin-input"
            type="password"
            inputmode="numeric"
            autocomplete="off"
            maxlength="8"
            aria-label=label
            node_ref=node_ref
            prop:value=move || pin.get()
            on:input=move |ev| edit(pin::typed(&event_target_value(&ev)))
            on:keydown=on_key
        />
        <Keypad press />
    }
}

#[component]
pub fn SignInScreen() -> impl IntoView {
    let state = use_state();
    let entry = PinEntry::new();
    let PinEntry { busy, .. } = entry;
    let submit = move || entry.submit(move |typed| sign_in::sign_in(state, typed), |()| {});
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        submit();
    };
    let terminal = move || state.auth.terminal_name.get().unwrap_or_default();
    let offline = move || !state.sync.online();
    let revoked = state.auth.revoked;
    view! {
        <section class="auth-screen" aria-label="Sign in">
            <form class="auth-card pin-card" on:submit=on_submit>
                <h1 class="auth-title">"Sign in"</h1>
                <p class="muted">{move || format!("{} \u{b7} enter your PIN", terminal())}</p>
                <Show when=offline>
                    <p class="auth-note" role="note">
                        "This till is offline. Signing in needs a connection to the server."
                    </p>
                </Show>
                <PinPad entry label="PIN" on_enter=Callback::new(move |()| submit()) />
                {entry.status("Signing in\u{2026}")}
                <button type="submit" class="primary sign-in-button" disabled=move || busy.get()>
                    "Sign in"
                </button>
                <Show when=move || revoked.get()>
                    <button
                        type="button"
                        class="secondary"
                        on:click=move |_| state.auth.re_enroll.set(true)
                    >
                        "Enroll this terminal again"
                    </button>
                </Show>
            </form>
        </section>
    }
}
