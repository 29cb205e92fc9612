//! The back office's product form: add an item or change one (name, SKU, barcodes, category, tax rate, unit,
//! price, cost, active), and archive it. A field the form or the server refuses shows its sentence under
//! that field; any other failure under the form.

use super::form_parts::{form_error, FormCheck, FormText};
use crate::model::product_form::{unit_from_value, unit_value, FieldError, ProductForm, UNITS};
use crate::services::office::Access;
use crate::services::office_catalog;
use crate::services::state::use_state;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::catalog::Product;

/// The form for a new item (`product` `None`) or for `product`; `done` runs after a save or an archive with
/// a sentence for the list's status.
#[component]
pub fn ProductEditor(
    access: Access,
    product: Option<Product>,
    done: Callback<Option<String>>,
) -> impl IntoView {
    let state = use_state();
    let form = RwSignal::new(
        product
            .as_ref()
            .map_or_else(ProductForm::new_product, ProductForm::from_product),
    );
    let error = RwSignal::new(None::<FieldError>);
    let busy = RwSignal::new(false);
    let base = StoredValue::new(product.clone());
    let title = if product.is_some() {
        "Edit product"
    } else {
        "New product"
    };
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
            let result = office_catalog::save(state, access, &typed, base.as_ref()).await;
            busy.set(false);
            match result {
                Ok(p) => done.run(Some(format!("Saved \u{201c}{}\u{201d}.", p.name))),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let archive = move |_| {
        let Some(p) = base.get_value() else {
            return;
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = office_catalog::archive(state, access, &p).await;
            busy.set(false);
            match result {
                Ok(p) => done.run(Some(format!("Archived \u{201c}{}\u{201d}.", p.name))),
                Err(message) => error.set(Some(FieldError::new("", message))),
            }
        });
    };
    let archivable = product.as_ref().is_some_and(|p| p.active);
    let units = UNITS
        .iter()
        .map(|(unit, value, label)| {
            let unit = *unit;
            view! {
                <option value=*value selected=move || form.with(|f| f.unit == unit)>{*label}</option>
            }
        })
        .collect_view();
    view! {
        <form class="office-form" aria-label=title on:submit=save novalidate>
            <h2>{title}</h2>
            <div class="office-form-grid">
                <FormText prefix="product" label="Name" name="name" form error get=|f| &f.name put=|f, v| f.name = v />
                <FormText prefix="product" label="SKU" name="sku" form error get=|f| &f.sku put=|f, v| f.sku = v />
                <FormText
                    prefix="product"
                    label="Barcodes (one per line)"
                    name="barcodes"
                    form
                    error
                    lines=true
                    get=|f| &f.barcodes
                    put=|f, v| f.barcodes = v
                />
                <FormText
                    prefix="product"
                    label="Category"
                    name="category_id"
                    form
                    error
                    get=|f| &f.category_id
                    put=|f, v| f.category_id = v
                />
                <FormText
                    prefix="product"
                    label="Tax rate"
                    name="tax_rate_id"
                    form
                    error
                    get=|f| &f.tax_rate_id
                    put=|f, v| f.tax_rate_id = v
                />
                <label class="field">
                    <span>"Unit"</span>
                    <select
                        name="unit"
                        on:change=move |ev| form.update(|f| f.unit = unit_from_value(&event_target_value(&ev)))
                        prop:value=move || form.with(|f| unit_value(f.unit))
                    >
                        {units}
                    </select>
                </label>
                <FormText
                    prefix="product"
                    label="Price"
                    name="price"
                    form
                    error
                    inputmode="decimal"
                    get=|f| &f.price
                    put=|f, v| f.price = v
                />
                <FormText
                    prefix="product"
                    label="Cost"
                    name="cost"
                    form
                    error
                    inputmode="decimal"
                    get=|f| &f.cost
                    put=|f, v| f.cost = v
                />
                <FormCheck label="Active (sold at the tills)" name="active" form get=|f| f.active put=|f, v| f.active = v />
            </div>
            {form_error(error)}
            <div class="office-actions">
                <button type="submit" class="primary" disabled=move || busy.get()>"Save"</button>
                <Show when=move || archivable>
                    <button type="button" class="secondary" disabled=move || busy.get() on:click=archive>
                        "Archive"
                    </button>
                </Show>
                <button type="button" class="secondary" on:click=move |_| done.run(None)>"Cancel"</button>
            </div>
        </form>
    }
}
