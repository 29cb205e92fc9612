//! The back office's webhooks: the endpoints (URL, event types, enabled or why not) with Enable/Disable, Send
//! test and Deliveries (the log in `webhook_log.rs`), and the "Add endpoint" form (`webhook_add.rs`).

use super::webhook_add::WebhookAdd;
use super::webhook_log::WebhookLog;
use crate::services::office::Access;
use crate::services::office_webhooks;
use crate::services::state::use_state;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::webhooks::Endpoint;

#[component]
pub fn WebhooksScreen(access: Access) -> impl IntoView {
    let state = use_state();
    let endpoints = RwSignal::new(Vec::<Endpoint>::new());
    let note = RwSignal::new(None::<String>);
    let showing = RwSignal::new(None::<Endpoint>);
    let load = move || {
        spawn_local(async move {
            match office_webhooks::list(state, access).await {
                Ok(list) => endpoints.set(list),
                Err(message) => note.set(Some(message)),
            }
        });
    };
    load();
    let added = Callback::new(move |said: String| {
        note.set(Some(said));
        load();
    });
    let toggle = move |e: Endpoint| {
        spawn_local(async move {
            match office_webhooks::set_enabled(state, access, e.id, !e.enabled).await {
                Ok(now) => note.set(Some(if now.enabled {
                    format!("{} enabled.", now.url)
                } else {
                    format!("{} disabled.", now.url)
                })),
                Err(message) => note.set(Some(message)),
            }
            load();
        });
    };
    let test = move |id| {
        spawn_local(async move {
            let said = office_webhooks::test(state, access, id).await;
            note.set(Some(said.unwrap_or_else(|e| e)));
        });
    };
    let row = move |e: Endpoint| {
        let status = if e.enabled {
            "Enabled".to_owned()
        } else {
            format!(
                "Disabled: {}",
                e.disabled_reason.clone().unwrap_or_default()
            )
        };
        let switch = if e.enabled { "Disable" } else { "Enable" };
        let (id, for_toggle, for_log) = (e.id, e.clone(), e.clone());
        view! {
            <tr>
                <td>{e.url.clone()}</td>
                <td>{e.event_types.join(", ")}</td>
                <td>{status}</td>
                <td class="office-row-actions">
                    <button type="button" class="secondary" on:click=move |_| toggle(for_toggle.clone())>
                        {switch}
                    </button>
                    <button type="button" class="secondary" on:click=move |_| test(id)>"Send test"</button>
                    <button
                        type="button"
                        class="secondary"
                        on:click=move |_| showing.set(Some(for_log.clone()))
                    >
                        "Deliveries"
                    </button>
                </td>
            </tr>
        }
    };
    let close = Callback::new(move |()| showing.set(None));
    view! {
        <section class="office" aria-label="Webhooks">
            <div class="office-head">
                <h1 class="office-title">"Webhooks"</h1>
            </div>
            <p class="office-note" role="status">{move || note.get()}</p>
            <div class="office-table-wrap">
                <table class="audit-table">
                    <caption>"Endpoints, oldest first"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"URL"</th>
                            <th scope="col">"Event types"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col">"Actions"</th>
                        </tr>
                    </thead>
                    <tbody>{move || endpoints.get().into_iter().map(row).collect_view()}</tbody>
                </table>
            </div>
            {move || showing.get().map(|endpoint| view! { <WebhookLog access endpoint close /> })}
            <WebhookAdd access added />
        </section>
    }
}
