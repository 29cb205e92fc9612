//! "Enroll this terminal": a manager's email and password, and the terminal's name; then, for a manager of
//! several stores, which store it sells for (`enroll_store.rs`). Shown while the terminal
//! has no server-issued identity (or when a revoked terminal is being enrolled again). A manager may instead
//! open the back office with a sign-in of its own (`ui::office`, in the back office's wasm).

use super::credentials::{self, CredentialFields, FormStatus};
use super::enroll_store::StorePicker;
use crate::model::enroll_store::StoreChoice;
use crate::services::navigate;
use crate::services::session::enroll::{self, Begun};
use crate::services::state::use_state;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use uuid::Uuid;

#[component]
pub fn EnrollScreen() -> impl IntoView {
    let state = use_state();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let name = RwSignal::new("Till 1".to_string());
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let offline = move || !state.sync.browser_online.get();
    let waiting = move || state.sync.pending.get().count;
    // The second step, for a manager of several stores: their session and the stores offered.
    let choosing = RwSignal::new(None::<(String, Vec<StoreChoice>)>);
    let chosen = RwSignal::new(None::<Uuid>);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if let Some((manager, _)) = choosing.get_untracked() {
            let store = chosen.get_untracked();
            credentials::submit(busy, failure, move || async move {
                // The manager's session ends either way: a failure starts again from the first step.
                choosing.set(None);
                enroll::enroll_for(state, manager, name.get_untracked(), store).await
            });
            return;
        }
        credentials::submit(busy, failure, move || async move {
            let begun = enroll::enroll(
                state,
                email.get_untracked(),
                password.get_untracked(),
                name.get_untracked(),
            )
            .await?;
            if let Begun::ChooseStore { manager, stores } = begun {
                chosen.set(stores.first().map(|s| s.id));
                choosing.set(Some((manager, stores)));
            }
            Ok(())
        });
    };
    let back = move |_| {
        if let Some((manager, _)) = choosing.get_untracked() {
            enroll::abandon(state, manager);
        }
        choosing.set(None);
    };
    let picking = move || choosing.with(Option::is_some);
    let again = state.auth.re_enroll;
    view! {
        <section class="auth-screen" aria-label="Enroll terminal">
            <form class="auth-card" on:submit=submit>
                <h1 class="auth-title">"Enroll this terminal"</h1>
                <p class="muted">
                    "A manager signs in once to connect this till to the store. After that, cashiers sign in with their PIN."
                </p>
                <Show when=offline>
                    <p class="auth-note" role="note">
                        "This till is offline. Enrolling needs a connection to the server."
                    </p>
                </Show>
                <Show when=move || { waiting() > 0 }>
                    <p class="auth-note" role="note">
                        {move || match waiting() {
                            1 => "1 sale or refund on this till has not reached the server yet; the till cannot be enrolled until it has.".to_string(),
                            n => format!("{n} sales or refunds on this till have not reached the server yet; the till cannot be enrolled until they have."),
                        }}
                    </p>
                </Show>
                {move || choosing.get().map(|(_, stores)| view! { <StorePicker stores chosen /> })}
                <div class="enroll-fields" hidden=picking>
                <CredentialFields email_label="Manager email" email password />
                <label class="field">
                    <span>"Terminal name"</span>
                    <input
                        type="text"
                        autocomplete="off"
                        aria-label="Terminal name"
                        required
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                </label>
                </div>
                <FormStatus failure busy busy_text="Enrolling\u{2026}" />
                <div class="dialog-actions">
                    <Show when=move || again.get()>
                        <button type="button" class="secondary" on:click=move |_| again.set(false)>
                            "Cancel"
                        </button>
                    </Show>
                    <Show when=picking>
                        <button type="button" class="secondary" on:click=back>"Back"</button>
                    </Show>
                    <button type="submit" class="primary" disabled=move || busy.get()>
                        {move || if picking() { "Enroll for this store" } else { "Enroll terminal" }}
                    </button>
                </div>
                <p class="muted">"Managers away from the store can read the audit log without enrolling this device."</p>
                <button type="button" class="secondary" on:click=move |_| navigate::open_office_sign_in(state)>
                    "Back office sign-in"
                </button>
            </form>
        </section>
    }
}
