//! The parts of an email-and-password form that enrollment and the back-office sign-in share: the two fields
//! (the first takes the focus), the status line under them, and submitting once at a time.

use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;

/// Submit a form: unless it is already busy, run `work`, busy meanwhile; its error (a sentence) becomes the
/// failure shown.
pub fn submit<F>(busy: RwSignal<bool>, failure: RwSignal<Option<String>>, work: impl FnOnce() -> F)
where
    F: Future<Output = Result<(), String>> + 'static,
{
    if busy.get_untracked() {
        return;
    }
    busy.set(true);
    failure.set(None);
    let running = work();
    spawn_local(async move {
        let result = running.await;
        busy.set(false);
        if let Err(message) = result {
            failure.set(Some(message));
        }
    });
}

/// Labelled email and password fields writing into `email` and `password`.
#[component]
pub fn CredentialFields(
    email_label: &'static str,
    email: RwSignal<String>,
    password: RwSignal<String>,
) -> impl IntoView {
    let first = NodeRef::<Input>::new();
    Effect::new(move |_| {
        if let Some(el) = first.get() {
            let _ = el.focus();
        }
    });
    view! {
        <label class="field">
            <span>{email_label}</span>
            <input
                type="email"
                autocomplete="username"
                aria-label=email_label
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
                aria-label="Password"
                required
                on:input=move |ev| password.set(event_target_value(&ev))
            />
        </label>
    }
}

/// The form's status: the failure, else `busy_text` while it works, else nothing.
#[component]
pub fn FormStatus(
    failure: RwSignal<Option<String>>,
    busy: RwSignal<bool>,
    busy_text: &'static str,
) -> impl IntoView {
    view! {
        <p class="pay-hint" class:error=move || failure.with(Option::is_some) role="status" aria-live="polite">
            {move || {
                failure
                    .get()
                    .unwrap_or_else(|| if busy.get() { busy_text.into() } else { String::new() })
            }}
        </p>
    }
}
