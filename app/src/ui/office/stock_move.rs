//! The Stock tab's panel for one item at one location: adjust it (a signed quantity with a reason), or send a
//! quantity to another location and receive it there (the transfer shows in transit until received).

use crate::model::stock_form::{read_quantity, read_reason};
use crate::services::office::Access;
use crate::services::office_stock;
use crate::services::state::use_state;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::stock::{Location, StockLevel, Transfer};
use uuid::Uuid;

#[component]
pub fn MovePanel(
    access: Access,
    level: StockLevel,
    here: Uuid,
    locations: Vec<Location>,
    done: Callback<()>,
    close: Callback<()>,
) -> impl IntoView {
    let state = use_state();
    let quantity = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let moved = RwSignal::new(String::new());
    let to = RwSignal::new(locations.iter().find(|l| l.id != here).map(|l| l.id));
    let sent = RwSignal::new(None::<Transfer>);
    let message = RwSignal::new(None::<String>);
    let product = StoredValue::new(level.product_id.clone());
    let names: Vec<(Uuid, String)> = locations.iter().map(|l| (l.id, l.name.clone())).collect();
    let name_of = StoredValue::new(names);
    let adjust = move |_| {
        let parsed = read_quantity(&quantity.get_untracked(), true)
            .and_then(|q| Ok((q, read_reason(&reason.get_untracked())?)));
        let (q, why) = match parsed {
            Ok(v) => v,
            Err(e) => return message.set(Some(e.to_string())),
        };
        spawn_local(async move {
            let answer =
                office_stock::adjust(state, access, (here, &product.get_value()), q, &why).await;
            message.set(Some(
                answer.map_or_else(|e| e, |()| "Adjusted.".to_string()),
            ));
            done.run(());
        });
    };
    let send = move |_| {
        let Some(dest) = to.get_untracked() else {
            return;
        };
        let q = match read_quantity(&moved.get_untracked(), false) {
            Ok(q) => q,
            Err(e) => return message.set(Some(e.to_string())),
        };
        spawn_local(async move {
            match office_stock::send(state, access, (here, dest), &product.get_value(), q).await {
                Ok(t) => {
                    message.set(Some("Sent: in transit until received.".into()));
                    sent.set(Some(t));
                }
                Err(e) => message.set(Some(e)),
            }
            done.run(());
        });
    };
    let receive = move |_| {
        let Some(id) = sent.with_untracked(|t| t.as_ref().map(|t| t.id)) else {
            return;
        };
        spawn_local(async move {
            match office_stock::receive(state, access, id).await {
                Ok(t) => {
                    message.set(Some("Received.".into()));
                    sent.set(Some(t));
                }
                Err(e) => message.set(Some(e)),
            }
            done.run(());
        });
    };
    let destinations = locations
        .into_iter()
        .filter(|l| l.id != here)
        .map(|l| view! { <option value=l.id.to_string()>{l.name}</option> })
        .collect_view();
    let in_transit = move || {
        let t = sent.get()?;
        let dest = name_of.with_value(|n| {
            n.iter()
                .find(|(id, _)| *id == t.to_location)
                .map(|(_, n)| n.clone())
        });
        let waiting = t.received_at.is_none();
        Some(view! {
            <p class="office-note">
                {format!("Transfer to {}: {}", dest.unwrap_or_default(), if waiting { "in transit" } else { "received" })}
                <Show when=move || waiting>
                    <button type="button" class="primary" on:click=receive>"Receive"</button>
                </Show>
            </p>
        })
    };
    view! {
        <section class="office-panel" aria-label=format!("Move {}", level.name)>
            <h2>{level.name.clone()}</h2>
            <div class="office-filters">
                <label class="field">
                    <span>"Adjust by"</span>
                    <input type="text" inputmode="decimal" placeholder="-2 or 5" prop:value=move || quantity.get()
                        on:input=move |ev| quantity.set(event_target_value(&ev)) />
                </label>
                <label class="field">
                    <span>"Reason"</span>
                    <input type="text" placeholder="Damaged, found, lost\u{2026}" prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev)) />
                </label>
                <button type="button" class="primary" on:click=adjust>"Save adjustment"</button>
            </div>
            <div class="office-filters">
                <label class="field">
                    <span>"Transfer to"</span>
                    <select on:change=move |ev| to.set(event_target_value(&ev).parse().ok())>{destinations}</select>
                </label>
                <label class="field">
                    <span>"Quantity"</span>
                    <input type="text" inputmode="decimal" prop:value=move || moved.get()
                        on:input=move |ev| moved.set(event_target_value(&ev)) />
                </label>
                <button type="button" class="primary" on:click=send>"Send"</button>
            </div>
            {in_transit}
            <p class="office-note" role="status">{move || message.get()}</p>
            <button type="button" class="secondary" on:click=move |_| close.run(())>"Close"</button>
        </section>
    }
}
