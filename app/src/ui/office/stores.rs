//! The back office's stores: a table of the stores the signed-in staff may manage (name, tax mode, time zone,
//! status) and the store form (`store_edit.rs`) or its quick keys (`quick_keys_edit.rs`) for the one clicked.

use super::list_parts::{Load, LoadFailure, OfficeTable};
use super::quick_keys_edit::QuickKeysEditor;
use super::store_edit::StoreEditor;
use crate::model::store_form::tax_mode_words;
use crate::services::office::Access;
use crate::services::office_stores;
use crate::services::state::use_state;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::stores::Store;

/// One row of the table, with its Edit button.
fn row(
    s: Store,
    editing: RwSignal<Option<Store>>,
    arranging: RwSignal<Option<Store>>,
) -> impl IntoView {
    let name = s.settings.name.clone();
    let label = format!("Edit {name}");
    let keys_label = format!("Quick keys of {name}");
    let keys_store = s.clone();
    let zone = if s.settings.time_zone.is_empty() {
        "\u{2014}".to_string()
    } else {
        s.settings.time_zone.clone()
    };
    let active = if s.active { "Active" } else { "Closed" };
    view! {
        <tr>
            <td>{name}</td>
            <td>{tax_mode_words(s.settings.tax_mode)}</td>
            <td>{zone}</td>
            <td>{active}</td>
            <td>
                <button
                    type="button"
                    class="secondary"
                    aria-label=label
                    on:click=move |_| editing.set(Some(s.clone()))
                >
                    "Edit"
                </button>
                " "
                <button
                    type="button"
                    class="secondary"
                    aria-label=keys_label
                    on:click=move |_| arranging.set(Some(keys_store.clone()))
                >
                    "Quick keys"
                </button>
            </td>
        </tr>
    }
}

#[component]
pub fn StoresScreen(access: Access) -> impl IntoView {
    let state = use_state();
    let stores = RwSignal::new(Vec::<Store>::new());
    let status = RwSignal::new(Load::Loading);
    let note = RwSignal::new(None::<String>);
    let editing = RwSignal::new(None::<Store>);
    let arranging = RwSignal::new(None::<Store>);
    let load = move || {
        status.set(Load::Loading);
        spawn_local(async move {
            match office_stores::list(state, access).await {
                Ok(list) => {
                    stores.set(list);
                    status.set(Load::Ready);
                }
                Err(message) => status.set(Load::Failed(message)),
            }
        });
    };
    load();
    let done = Callback::new(move |saved: Option<String>| {
        editing.set(None);
        arranging.set(None);
        if saved.is_some() {
            note.set(saved);
            load();
        }
    });
    let status_text = move || match status.get() {
        Load::Loading => "Loading\u{2026}".to_string(),
        Load::Failed(_) => String::new(),
        Load::Ready => match stores.with(Vec::len) {
            0 => "No stores to manage.".into(),
            1 => "1 store.".into(),
            n => format!("{n} stores."),
        },
    };
    let rows = move || {
        stores
            .get()
            .into_iter()
            .map(|s| row(s, editing, arranging))
            .collect_view()
    };
    let editor = move || {
        editing
            .get()
            .map(|store| view! { <StoreEditor access store done /> })
    };
    let keys = move || {
        arranging
            .get()
            .map(|store| view! { <QuickKeysEditor access store done /> })
    };
    view! {
        <section class="office" aria-label="Stores">
            <div class="office-head">
                <h1 class="office-title">"Stores"</h1>
            </div>
            {editor}
            {keys}
            <p class="office-note" role="status">{move || note.get()}</p>
            <p class="office-status" role="status" aria-live="polite">{status_text}</p>
            <LoadFailure status retry=Callback::new(move |()| load()) />
            <OfficeTable caption="Stores by name" heads=&["Name", "Tax", "Time zone", "Status", "Edit"]>
                {rows}
            </OfficeTable>
        </section>
    }
}
