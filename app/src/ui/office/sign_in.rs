//! "Back office sign-in": a manager's email and password on a browser that is not an enrolled terminal. The
//! session is kept for this tab only and has nothing to do with enrolling the terminal.

use crate::office;
use crate::state::use_state;
use leptos::ev::SubmitEvent;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn RemoteSignIn() -> impl IntoView {
    let state = use_state();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let first = NodeRef::<Input>::new();
    Effect::new(move |_| {
        if let Some(el) = first.get() {
            let _ = el.focus();
        }
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        failure.set(None);
        spawn_local(async move {
            let result =
                office::sign_in_remote(state, email.get_untracked(), password.get_untracked())
                    .await;
            busy.set(false);
            if let Err(message) = result {
                failure.set(Some(message));
            }
        });
    };
    view! {
        <section class="auth-screen" aria-label="Back office sign-in">
            <form class="auth-card" on:submit=submit>
                <h1 class="auth-title">"Back office sign-in"</h1>
                <p class="muted">
                    "Managers read the audit log here from any browser. This sign-in lasts until the tab is closed or you sign out; it does not enroll this device."
                </p>
                <label class="field">
                    <span>"Email"</span>
                    <input
                        type="email"
                        autocomplete="username"
                        node_ref=first
                        required
                        on:input=move |ev| email.set(event_target_value(&ev))
                    />
                </label>
                <label class="field">
                    <span>"Password"</span>
                    <input
                        type="password"
                        autocomplete="current-password"
                        required
                        on:input=move |ev| password.set(event_target_value(&ev))
                    />
                </label>
                <p class="pay-hint" class:error=move || failure.with(Option::is_some) role="status" aria-live="polite">
                    {move || {
                        failure
                            .get()
                            .unwrap_or_else(|| {
                                if busy.get() { "Signing in\u{2026}".into() } else { String::new() }
                            })
                    }}
                </p>
                <div class="dialog-actions">
                    <button
                        type="button"
                        class="secondary"
                        on:click=move |_| state.office.signing_in.set(false)
                    >
                        "Cancel"
                    </button>
                    <button type="submit" class="primary" disabled=move || busy.get()>
                        "Sign in"
                    </button>
                </div>
            </form>
        </section>
    }
}
