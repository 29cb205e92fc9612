//! The enrollment screen's second step, for a manager of several stores: which store this terminal sells for
//! (radio buttons, the first store chosen), and Back (the manager's session is logged out).

use crate::model::enroll_store::StoreChoice;
use leptos::prelude::*;
use uuid::Uuid;

/// The stores to choose from; `chosen` holds the one picked.
#[component]
pub fn StorePicker(stores: Vec<StoreChoice>, chosen: RwSignal<Option<Uuid>>) -> impl IntoView {
    let options = stores
        .into_iter()
        .map(|s| {
            let id = s.id;
            view! {
                <label class="field field-check">
                    <input
                        type="radio"
                        name="enroll-store"
                        prop:checked=move || chosen.get() == Some(id)
                        on:change=move |_| chosen.set(Some(id))
                    />
                    <span>{s.name}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="enroll-stores">
            <legend>"Store"</legend>
            <p class="muted">"This account manages several stores. Which one does this terminal sell for?"</p>
            {options}
        </fieldset>
    }
}
