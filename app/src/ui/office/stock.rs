//! The back office's Stock tab: a location's levels (search by name, SKU or barcode; keyset pages) with each
//! item's last movement, and for the item chosen the panel that adjusts it or transfers it (`stock_move.rs`);
//! the location's purchase orders (`purchase_orders.rs`) and count (`stock_count.rs`) open above the list.

use super::list_parts::OfficeTable;
use super::purchase_orders::PurchaseOrders;
use super::stock_count::StockCount;
use super::stock_move::MovePanel;
use crate::services::office::Access;
use crate::services::office_stock;
use crate::services::state::use_state;
use crate::ui::format;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::stock::{Location, StockLevel};
use uuid::Uuid;

fn last_movement(l: &StockLevel) -> String {
    match &l.last_movement {
        Some(m) => format!(
            "{} {} \u{b7} {}",
            serde_json::to_value(m.kind)
                .ok()
                .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
                .unwrap_or_default(),
            crate::model::quantity(m.quantity),
            format::local_timestamp(m.created_at.timestamp_millis() as f64)
        ),
        None => "\u{2014}".into(),
    }
}

fn row(l: StockLevel, chosen: RwSignal<Option<StockLevel>>) -> impl IntoView {
    let label = format!("Move stock of {}", l.name);
    let on_hand = crate::model::quantity(l.on_hand);
    let negative = l.on_hand.is_sign_negative();
    view! {
        <tr>
            <td>{l.name.clone()}</td>
            <td>{l.sku.clone()}</td>
            <td class="num" class:negative=negative>{on_hand}</td>
            <td>{last_movement(&l)}</td>
            <td>
                <button type="button" class="secondary" aria-label=label on:click=move |_| chosen.set(Some(l.clone()))>
                    "Adjust or transfer"
                </button>
            </td>
        </tr>
    }
}

#[component]
pub fn StockScreen(access: Access) -> impl IntoView {
    let state = use_state();
    let locations = RwSignal::new(Vec::<Location>::new());
    let location = RwSignal::new(None::<Uuid>);
    let text = RwSignal::new(String::new());
    let levels = RwSignal::new(Vec::<StockLevel>::new());
    let next_after = RwSignal::new(None::<String>);
    let status = RwSignal::new(String::from("Loading\u{2026}"));
    let chosen = RwSignal::new(None::<StockLevel>);
    let generation = StoredValue::new(0_u64);
    let sheet = RwSignal::new(None::<&'static str>);

    spawn_local(async move {
        match office_stock::locations(state, access).await {
            Ok(list) => {
                location.set(list.iter().find(|l| l.sells).or(list.first()).map(|l| l.id));
                locations.set(list);
            }
            Err(message) => status.set(message),
        }
    });
    let load = move |after: Option<String>| {
        let Some(at) = location.get_untracked() else {
            return;
        };
        let query = office_stock::levels_query(at, &text.get_untracked(), after.as_deref());
        generation.update_value(|g| *g += 1);
        let this = generation.get_value();
        spawn_local(async move {
            let result = office_stock::levels(state, access, &query).await;
            if generation.try_get_value() != Some(this) {
                return;
            }
            match result {
                Ok(page) => {
                    status.set(format!("{} items shown.", page.levels.len()));
                    levels.set(page.levels);
                    next_after.set(page.next_after);
                }
                Err(message) => status.set(message),
            }
        });
    };
    Effect::new(move |_| {
        location.track();
        text.track();
        load(None);
    });
    let done = Callback::new(move |()| load(None));
    let options = move || {
        locations
            .get()
            .into_iter()
            .map(|l| {
                let id = l.id;
                view! { <option value=id.to_string() selected=move || location.get() == Some(id)>{l.name}</option> }
            })
            .collect_view()
    };
    let panel = move || {
        let level = chosen.get()?;
        let here = location.get()?;
        Some(
            view! { <MovePanel access level here locations=locations.get() done close=Callback::new(move |()| chosen.set(None)) /> },
        )
    };
    let sheets = move || {
        let here = location.get()?;
        Some(match sheet.get()? {
            "orders" => view! { <PurchaseOrders access location=here /> }.into_any(),
            _ => view! { <StockCount access location=here done /> }.into_any(),
        })
    };
    let toggle = move |which: &'static str| {
        sheet.update(|s| *s = if *s == Some(which) { None } else { Some(which) })
    };
    view! {
        <section class="office" aria-label="Stock">
            <div class="office-head no-print">
                <h1 class="office-title">"Stock"</h1>
                <button type="button" class="secondary" aria-pressed=move || (sheet.get() == Some("orders")).to_string()
                    on:click=move |_| toggle("orders")>"Purchase orders"</button>
                <button type="button" class="secondary" aria-pressed=move || (sheet.get() == Some("count")).to_string()
                    on:click=move |_| toggle("count")>"Count"</button>
            </div>
            {sheets}
            <form class="office-filters no-print" role="search" aria-label="Stock filters" on:submit=|ev| ev.prevent_default()>
                <label class="field">
                    <span>"Location"</span>
                    <select on:change=move |ev| location.set(event_target_value(&ev).parse().ok())>{options}</select>
                </label>
                <label class="field">
                    <span>"Search"</span>
                    <input
                        type="search"
                        placeholder="Name, SKU or barcode"
                        prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))
                    />
                </label>
            </form>
            {panel}
            <p class="office-status no-print" role="status" aria-live="polite">{move || status.get()}</p>
            <OfficeTable caption="Stock by name" heads=&["Name", "SKU", "On hand", "Last movement", "Move"] class="no-print">
                {move || levels.get().into_iter().map(|l| row(l, chosen)).collect_view()}
            </OfficeTable>
            <div class="office-actions">
                <Show when=move || next_after.with(Option::is_some)>
                    <button type="button" class="secondary office-more" on:click=move |_| load(next_after.get_untracked())>
                        "Next page"
                    </button>
                </Show>
            </div>
        </section>
    }
}
