//! The PIN screen: a password field for the PIN, a big keypad (0–9, Clear), and "Sign in" (Enter too).
//! Shown while the terminal is enrolled and nobody is signed in.

use crate::auth;
use crate::state::use_state;
use leptos::ev::{KeyboardEvent, SubmitEvent};
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The keypad: a PIN field and its digit buttons. `pin` holds what is typed or tapped.
#[component]
pub fn PinPad(
    pin: RwSignal<String>,
    label: &'static str,
    node_ref: NodeRef<Input>,
    on_enter: Callback<()>,
) -> impl IntoView {
    let tap = move |d: char| {
        pin.update(|p| {
            if p.len() < 8 {
                p.push(d);
            }
        });
        if let Some(el) = node_ref.get_untracked() {
            let _ = el.focus();
        }
    };
    let clear = move |_| {
        pin.set(String::new());
        if let Some(el) = node_ref.get_untracked() {
            let _ = el.focus();
        }
    };
    let keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9']
        .into_iter()
        .map(|d| {
            view! {
                <button type="button" class="key" on:click=move |_| tap(d)>
                    {d.to_string()}
                </button>
            }
        })
        .collect_view();
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
            on:input=move |ev| {
                let digits: String = event_target_value(&ev).chars().filter(char::is_ascii_digit).take(8).collect();
                pin.set(digits);
            }
            on:keydown=on_key
        />
        <div class="keypad" role="group" aria-label="Keypad">
            {keys}
            <button type="button" class="key secondary" on:click=clear>
                "Clear"
            </button>
            <button type="button" class="key" on:click=move |_| tap('0')>
                "0"
            </button>
        </div>
    }
}

#[component]
pub fn SignInScreen() -> impl IntoView {
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
            let result = auth::sign_in(state, typed).await;
            busy.set(false);
            if let Err(message) = result {
                pin.set(String::new());
                failure.set(Some(message));
                if let Some(el) = input.get_untracked() {
                    let _ = el.focus();
                }
            }
        });
    };
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
                <PinPad pin label="PIN" node_ref=input on_enter=Callback::new(move |()| submit()) />
                <p class="pay-hint" class:error=move || failure.with(Option::is_some) role="status" aria-live="polite">
                    {move || {
                        failure
                            .get()
                            .unwrap_or_else(|| if busy.get() { "Signing in\u{2026}".into() } else { String::new() })
                    }}
                </p>
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
