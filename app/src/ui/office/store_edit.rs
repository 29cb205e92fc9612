//! The back office's store form: name, time zone, tax mode, tax rounding, rounding rule, cash rounding,
//! receipt header and footer, active. A field the form or the server refuses shows its sentence under that
//! field; any other failure under the form.

use super::form_parts::{error_line, form_error, FormCheck, FormText};
use crate::model::product_form::FieldError;
use crate::model::store_form::{choice, value_of, StoreForm, ROUNDINGS, TAX_MODES, TAX_ROUNDINGS};
use crate::services::office::Access;
use crate::services::office_stores;
use crate::services::state::use_state;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::stores::Store;

/// A labelled choice among `choices` (value, label) with its error under it.
#[component]
fn StoreChoice(
    label: &'static str,
    name: &'static str,
    choices: Vec<(&'static str, &'static str)>,
    value: Signal<&'static str>,
    set: Callback<String>,
    error: RwSignal<Option<FieldError>>,
) -> impl IntoView {
    let options = choices
        .into_iter()
        .map(
            |(v, text)| view! { <option value=v selected=move || value.get() == v>{text}</option> },
        )
        .collect_view();
    view! {
        <div class="field">
            <label class="field">
                <span>{label}</span>
                <select name=name prop:value=move || value.get() on:change=move |ev| set.run(event_target_value(&ev))>
                    {options}
                </select>
            </label>
            {error_line(error, "store", name)}
        </div>
    }
}

fn pairs<T>(choices: &[(T, &'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    choices.iter().map(|(_, v, l)| (*v, *l)).collect()
}

/// The form for `store`; `done` runs after a save with a sentence for the list's status.
#[component]
pub fn StoreEditor(access: Access, store: Store, done: Callback<Option<String>>) -> impl IntoView {
    let state = use_state();
    let form = RwSignal::new(StoreForm::from_store(&store));
    let error = RwSignal::new(None::<FieldError>);
    let busy = RwSignal::new(false);
    let base = StoredValue::new(store);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let typed = form.get_untracked();
        let base = base.get_value();
        spawn_local(async move {
            let result = office_stores::save(state, access, &typed, &base).await;
            busy.set(false);
            match result {
                Ok(s) => done.run(Some(format!("Saved \u{201c}{}\u{201d}.", s.settings.name))),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <form class="office-form" aria-label="Edit store" on:submit=save novalidate>
            <h2>"Edit store"</h2>
            <div class="office-form-grid">
                <FormText prefix="store" label="Name" name="name" form error get=|f| &f.name put=|f, v| f.name = v />
                <FormText
                    prefix="store"
                    label="Time zone"
                    name="time_zone"
                    form
                    error
                    get=|f| &f.time_zone
                    put=|f, v| f.time_zone = v
                />
                <StoreChoice
                    label="Tax mode"
                    name="tax_mode"
                    choices=pairs(&TAX_MODES)
                    value=Signal::derive(move || form.with(|f| value_of(&TAX_MODES, f.tax_mode)))
                    set=Callback::new(move |v: String| form.update(|f| f.tax_mode = choice(&TAX_MODES, &v)))
                    error
                />
                <StoreChoice
                    label="Tax rounding"
                    name="tax_rounding"
                    choices=pairs(&TAX_ROUNDINGS)
                    value=Signal::derive(move || form.with(|f| value_of(&TAX_ROUNDINGS, f.tax_rounding)))
                    set=Callback::new(move |v: String| {
                        form.update(|f| f.tax_rounding = choice(&TAX_ROUNDINGS, &v))
                    })
                    error
                />
                <StoreChoice
                    label="Rounding"
                    name="rounding"
                    choices=pairs(&ROUNDINGS)
                    value=Signal::derive(move || form.with(|f| value_of(&ROUNDINGS, f.rounding)))
                    set=Callback::new(move |v: String| form.update(|f| f.rounding = choice(&ROUNDINGS, &v)))
                    error
                />
                <FormText
                    prefix="store"
                    label="Cash rounding (smallest coin, empty: none)"
                    name="cash_increment"
                    form
                    error
                    get=|f| &f.cash_increment
                    put=|f, v| f.cash_increment = v
                />
                <FormText
                    prefix="store"
                    label="Receipt header"
                    name="receipt_header"
                    form
                    error
                    lines=true
                    get=|f| &f.receipt_header
                    put=|f, v| f.receipt_header = v
                />
                <FormText
                    prefix="store"
                    label="Receipt footer"
                    name="receipt_footer"
                    form
                    error
                    lines=true
                    get=|f| &f.receipt_footer
                    put=|f, v| f.receipt_footer = v
                />
                <FormCheck label="Active (open for business)" name="active" form get=|f| f.active put=|f, v| f.active = v />
            </div>
            {form_error(error)}
            <div class="office-actions">
                <button type="submit" class="primary" disabled=move || busy.get()>"Save"</button>
                <button type="button" class="secondary" on:click=move |_| done.run(None)>"Cancel"</button>
            </div>
        </form>
    }
}
