//! A store's quick keys in the back office: the grid in the order the till shows it (`quick_key_tile.rs`
//! for each key and its controls), a product found by text and added, and Save with the version read (a
//! layout changed meanwhile is refused with the stores' conflict words). The rules are
//! `model::quick_key_editor`.

use super::quick_key_tile::QuickKeyTile;
use crate::model::quick_key_editor::QuickKeyEditor;
use crate::services::office::Access;
use crate::services::office_quick_keys;
use crate::services::state::use_state;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::catalog::Product;
use shared::stores::Store;
use std::collections::HashMap;

#[component]
pub fn QuickKeysEditor(
    access: Access,
    store: Store,
    done: Callback<Option<String>>,
) -> impl IntoView {
    let state = use_state();
    let store_id = store.id;
    let store_name = store.settings.name.clone();
    let editor = RwSignal::new(QuickKeyEditor::default());
    let loaded = RwSignal::new(false);
    let names = RwSignal::new(HashMap::<String, Product>::new());
    let found = RwSignal::new(Vec::<Product>::new());
    let message = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    spawn_local(async move {
        match office_quick_keys::load(state, access, store_id).await {
            Ok((read, products)) => {
                names.set(products);
                editor.set(QuickKeyEditor::of(&read));
                loaded.set(true);
            }
            Err(e) => message.set(Some(e)),
        }
    });
    let search = move |text: String| {
        if text.trim().is_empty() {
            found.set(Vec::new());
            return;
        }
        spawn_local(async move {
            match office_quick_keys::find(state, access, &text).await {
                Ok(list) => found.set(list),
                Err(e) => message.set(Some(e)),
            }
        });
    };
    let add = move |p: Product| {
        let mut refused = None;
        editor.update(|e| refused = e.add(&p.id).err());
        names.update(|n| {
            n.insert(p.id.clone(), p);
        });
        message.set(refused);
    };
    let save = move |_: leptos::ev::MouseEvent| {
        let e = editor.get_untracked();
        busy.set(true);
        spawn_local(async move {
            let answer = office_quick_keys::save(state, access, store_id, &e).await;
            busy.set(false);
            match answer {
                Ok(saved) => {
                    let n = saved.keys.len();
                    done.run(Some(format!("Quick keys saved: {n} keys.")));
                }
                Err(m) => message.set(Some(m)),
            }
        });
    };
    let tiles = move || {
        let e = editor.get();
        let count = e.keys.len();
        e.keys
            .into_iter()
            .enumerate()
            .map(|(index, qk)| {
                let name = names
                    .with(|n| n.get(&qk.product_id).map(|p| p.name.clone()))
                    .unwrap_or_else(|| qk.product_id.clone());
                view! { <QuickKeyTile index count qk name editor /> }
            })
            .collect_view()
    };
    let matches = move || {
        found
            .get()
            .into_iter()
            .map(|p| {
                let label = format!("Add {}", p.name);
                view! {
                    <li>
                        <button type="button" class="secondary" on:click=move |_| add(p.clone())>{label}</button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="office-form" aria-label=format!("Quick keys of {store_name}")>
            <h2>{format!("Quick keys of {store_name}")}</h2>
            <label class="field">
                <span>"Add a product"</span>
                <input type="search" aria-label="Find a product for a key" on:change=move |ev| search(event_target_value(&ev)) />
            </label>
            <ul class="qk-found" aria-label="Products found">{matches}</ul>
            <p class="office-status" role="status">
                {move || message.get().unwrap_or_else(|| if loaded.get() {
                    "Arrange the keys, then Save.".into()
                } else {
                    "Loading\u{2026}".into()
                })}
            </p>
            <ol class="quick-key-grid qk-editor" aria-label="Keys in till order">{tiles}</ol>
            <div class="dialog-actions">
                <button type="button" class="secondary" on:click=move |_| done.run(None)>"Cancel"</button>
                <button type="button" class="primary" disabled=move || busy.get() || !loaded.get() on:click=save>
                    "Save quick keys"
                </button>
            </div>
        </section>
    }
}
