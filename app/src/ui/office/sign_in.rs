//! "Back office sign-in": a manager's email and password on a browser that is not an enrolled terminal. The
//! session is kept for this tab only and has nothing to do with enrolling the terminal.

use crate::services::office;
use crate::services::state::use_state;
use crate::ui::credentials::{self, CredentialFields, FormStatus};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

#[component]
pub fn RemoteSignIn() -> impl IntoView {
    let state = use_state();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        credentials::submit(busy, failure, || {
            office::sign_in_remote(state, email.get_untracked(), password.get_untracked())
        });
    };
    view! {
        <section class="auth-screen" aria-label="Back office sign-in">
            <form class="auth-card" on:submit=submit>
                <h1 class="auth-title">"Back office sign-in"</h1>
                <p class="muted">
                    "Managers read the audit log here from any browser. This sign-in lasts until the tab is closed or you sign out; it does not enroll this device."
                </p>
                <CredentialFields email_label="Email" email password />
                <FormStatus failure busy busy_text="Signing in\u{2026}" />
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
