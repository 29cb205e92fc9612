//! An endpoint's delivery log in the back office: the newest deliveries (event type, state with attempts,
//! last answer, the answer's first bytes) with a Replay button each, and Reload.

use crate::model::webhook_form::{answer_words, state_words};
use crate::services::office::Access;
use crate::services::office_webhooks;
use crate::services::state::use_state;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::webhooks::{Delivery, Endpoint};

/// The log of `endpoint`; `close` hides it.
#[component]
pub fn WebhookLog(access: Access, endpoint: Endpoint, close: Callback<()>) -> impl IntoView {
    let state = use_state();
    let id = endpoint.id;
    let items = RwSignal::new(Vec::<Delivery>::new());
    let note = RwSignal::new(None::<String>);
    let load = move || {
        spawn_local(async move {
            match office_webhooks::deliveries(state, access, id).await {
                Ok(list) => {
                    note.set(Some(match list.len() {
                        0 => "No deliveries yet.".to_owned(),
                        n => format!("{n} newest deliveries."),
                    }));
                    items.set(list);
                }
                Err(message) => note.set(Some(message)),
            }
        });
    };
    load();
    let replay = move |event_id| {
        spawn_local(async move {
            let said = office_webhooks::replay(state, access, id, event_id).await;
            note.set(Some(said.unwrap_or_else(|e| e)));
            load();
        });
    };
    let row = move |d: Delivery| {
        let event_id = d.event_id;
        let excerpt = d.response_excerpt.clone().unwrap_or_default();
        let title = excerpt.clone();
        view! {
            <tr>
                <td>{d.event_type.clone()}</td>
                <td>{state_words(&d)}</td>
                <td>{answer_words(&d)}</td>
                <td class="audit-details" title=title>{excerpt}</td>
                <td>
                    <button type="button" class="secondary" on:click=move |_| replay(event_id)>
                        "Replay"
                    </button>
                </td>
            </tr>
        }
    };
    view! {
        <section class="office-form" aria-label="Delivery log">
            <h2>{format!("Deliveries to {}", endpoint.url)}</h2>
            <p class="office-status" role="status" aria-live="polite">{move || note.get()}</p>
            <div class="office-table-wrap">
                <table class="audit-table">
                    <caption>"Newest first"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Event"</th>
                            <th scope="col">"State"</th>
                            <th scope="col">"Last answer"</th>
                            <th scope="col">"Answer's first bytes"</th>
                            <th scope="col">"Replay"</th>
                        </tr>
                    </thead>
                    <tbody>{move || items.get().into_iter().map(row).collect_view()}</tbody>
                </table>
            </div>
            <div class="office-actions">
                <button type="button" class="secondary" on:click=move |_| load()>"Reload"</button>
                <button type="button" class="secondary" on:click=move |_| close.run(())>"Close"</button>
            </div>
        </section>
    }
}
