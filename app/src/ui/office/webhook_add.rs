//! The back office's "Add endpoint" form: URL and event types (empty for every type), each refused field's
//! sentence under it; once added, its signing secret is shown this once.

use super::form_parts::{error_for, FormText};
use crate::model::product_form::FieldError;
use crate::model::webhook_form::WebhookForm;
use crate::services::office::Access;
use crate::services::office_webhooks;
use crate::services::state::use_state;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The form; `added` runs with a sentence (holding the secret) after an endpoint was added.
#[component]
pub fn WebhookAdd(access: Access, added: Callback<String>) -> impl IntoView {
    let state = use_state();
    let form = RwSignal::new(WebhookForm::default());
    let error = RwSignal::new(None::<FieldError>);
    let busy = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let typed = form.get_untracked();
        spawn_local(async move {
            let result = office_webhooks::add(state, access, &typed).await;
            busy.set(false);
            match result {
                Ok(made) => {
                    form.set(WebhookForm::default());
                    added.run(format!(
                        "Added {}. Its signing secret, shown only now: {}",
                        made.endpoint.url, made.secret
                    ));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <form class="office-form" aria-label="Add endpoint" on:submit=save novalidate>
            <h2>"Add endpoint"</h2>
            <div class="office-form-grid">
                <FormText
                    prefix="webhook"
                    label="URL"
                    name="url"
                    form
                    error
                    get=|f| &f.url
                    put=|f, v| f.url = v
                />
                <FormText
                    prefix="webhook"
                    label="Event types (empty: all)"
                    name="event_types"
                    form
                    error
                    get=|f| &f.event_types
                    put=|f, v| f.event_types = v
                />
            </div>
            {move || error_for(error, "").map(|message| view! {
                <p class="office-error" role="alert">{message}</p>
            })}
            <div class="office-actions">
                <button type="submit" class="primary" disabled=move || busy.get()>"Add endpoint"</button>
            </div>
        </form>
    }
}
