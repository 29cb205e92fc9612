//! The till's customer form (new or edit): name, phone, email, note, marketing consent, and the business
//! fields (company, tax id, address, tax exemption asked for); each refused field's sentence under it
//! (`model::customer_form`). Saved offline too (`services::customers`), then the customer is on the order.

use crate::model::customer_form::{CustomerForm, FormErrors};
use crate::services::customers;
use crate::services::state::use_state;
use leptos::prelude::*;
use uuid::Uuid;

/// One labelled text input bound to a field of the form, with its error line.
fn field(
    form: RwSignal<CustomerForm>,
    errors: RwSignal<FormErrors>,
    name: &'static str,
    label: &'static str,
    kind: &'static str,
    get: fn(&CustomerForm) -> String,
    set: fn(&mut CustomerForm, String),
) -> impl IntoView {
    let error = move || errors.with(|e| e.of(name));
    view! {
        <label class="field">
            <span>{label}</span>
            <input
                type=kind
                autocomplete="off"
                aria-label=label
                prop:value=move || form.with(get)
                on:input=move |ev| form.update(|f| set(f, event_target_value(&ev)))
            />
            <Show when=move || error().is_some()>
                <span class="field-error" role="alert">{error}</span>
            </Show>
        </label>
    }
}

#[component]
pub fn CustomerFormView(start: CustomerForm, on_back: Callback<()>) -> impl IntoView {
    let state = use_state();
    let title = if start.editing.is_some() {
        "Edit customer"
    } else {
        "New customer"
    };
    let form = RwSignal::new(start);
    let errors = RwSignal::new(FormErrors::default());
    let busy = RwSignal::new(false);
    // `novalidate`: the browser's own checks (type=email) would stop the form before the till's rules say
    // what is wrong in their words.
    let save = move || {
        let current = form.get_untracked();
        // The same check the save makes; the ids do not change what is refused.
        if let Err(e) = current.save(Uuid::nil(), Uuid::nil(), crate::ids::now_utc(), None) {
            errors.set(e);
            return;
        }
        errors.set(FormErrors::default());
        busy.set(true);
        customers::save(state, current, move |result| {
            busy.set(false);
            match result {
                Ok(_) => crate::services::actions::close_dialog(state),
                Err(e) => state.error.set(Some(e.cashier_message())),
            }
        });
    };
    view! {
        <form class="customer-form" aria-label=title novalidate=true on:submit=move |ev| { ev.prevent_default(); save(); }>
            <h3>{title}</h3>
            {field(form, errors, "name", "Name", "text", |f| f.name.clone(), |f, v| f.name = v)}
            {field(form, errors, "phone", "Phone", "tel", |f| f.phone.clone(), |f, v| f.phone = v)}
            {field(form, errors, "email", "Email", "email", |f| f.email.clone(), |f, v| f.email = v)}
            {field(form, errors, "note", "Note", "text", |f| f.note.clone(), |f, v| f.note = v)}
            <label class="field-check">
                <input
                    type="checkbox"
                    prop:checked=move || form.with(|f| f.marketing)
                    on:change=move |ev| form.update(|f| f.marketing = event_target_checked(&ev))
                />
                " Agrees to marketing"
            </label>
            <details open=form.with_untracked(|f| !f.company.is_empty() || !f.tax_id.is_empty())>
                <summary>"Business customer"</summary>
                {field(form, errors, "company", "Company", "text", |f| f.company.clone(), |f, v| f.company = v)}
                {field(form, errors, "tax_id", "Tax id", "text", |f| f.tax_id.clone(), |f, v| f.tax_id = v)}
                {field(form, errors, "address", "Address", "text", |f| f.address.clone(), |f, v| f.address = v)}
                <label class="field-check">
                    <input
                        type="checkbox"
                        prop:checked=move || form.with(|f| f.tax_exempt)
                        on:change=move |ev| form.update(|f| f.tax_exempt = event_target_checked(&ev))
                    />
                    " Tax exempt (where the store allows it)"
                </label>
            </details>
            <div class="dialog-actions">
                <button type="button" class="secondary" on:click=move |_| on_back.run(())>"Back"</button>
                <button type="submit" class="primary" disabled=move || busy.get()>"Save customer"</button>
            </div>
        </form>
    }
}
