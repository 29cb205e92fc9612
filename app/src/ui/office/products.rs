//! The back office's product list: search (name, SKU or barcode), category and active filters, a table of
//! one page (name, SKU, barcode, price, active), "Next page" / "First page", and the product form
//! (`product_edit.rs`) for a new item or the one clicked.

use super::audit_parts::FilterSelect;
use super::list_parts::{Load, LoadFailure, OfficeTable};
use super::product_edit::ProductEditor;
use crate::services::office::Access;
use crate::services::office_catalog::{self, ProductFilters, ACTIVE_CHOICES};
use crate::services::state::use_state;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::catalog::Product;

/// What the form shows: nothing, a new item, or the item clicked.
#[derive(Clone, Debug, PartialEq)]
enum Editing {
    Closed,
    New,
    Existing(Box<Product>),
}

/// One row of the table, with its Edit button.
fn row(p: Product, editing: RwSignal<Editing>) -> impl IntoView {
    let name = p.name.clone();
    let label = format!("Edit {name}");
    let active = if p.active { "Active" } else { "Archived" };
    view! {
        <tr>
            <td>{name}</td>
            <td>{p.sku.clone()}</td>
            <td>{p.barcode.clone().unwrap_or_else(|| "\u{2014}".into())}</td>
            <td class="num">{p.price.to_string()}</td>
            <td>{active}</td>
            <td>
                <button
                    type="button"
                    class="secondary"
                    aria-label=label
                    on:click=move |_| editing.set(Editing::Existing(Box::new(p.clone())))
                >
                    "Edit"
                </button>
            </td>
        </tr>
    }
}

#[component]
pub fn ProductsScreen(access: Access) -> impl IntoView {
    let state = use_state();
    let filters = RwSignal::new(ProductFilters::default());
    let products = RwSignal::new(Vec::<Product>::new());
    let next_after = RwSignal::new(None::<String>);
    let on_later_page = RwSignal::new(false);
    let status = RwSignal::new(Load::Loading);
    let note = RwSignal::new(None::<String>);
    let editing = RwSignal::new(Editing::Closed);
    // Only the newest read may change the table (the search text changes while one is under way).
    let generation = StoredValue::new(0_u64);

    let load = move |after: Option<String>| {
        let query = office_catalog::product_query(&filters.get_untracked(), after.as_deref());
        generation.update_value(|g| *g += 1);
        let this = generation.get_value();
        status.set(Load::Loading);
        on_later_page.set(after.is_some());
        spawn_local(async move {
            let result = office_catalog::search(state, access, &query).await;
            if generation.try_get_value() != Some(this) {
                return;
            }
            match result {
                Ok(page) => {
                    products.set(page.products);
                    next_after.set(page.next_after);
                    status.set(Load::Ready);
                }
                Err(message) => status.set(Load::Failed(message)),
            }
        });
    };
    Effect::new(move |_| {
        filters.track();
        load(None);
    });
    let done = Callback::new(move |saved: Option<String>| {
        editing.set(Editing::Closed);
        if saved.is_some() {
            note.set(saved);
            load(None);
        }
    });
    let status_text = move || match status.get() {
        Load::Loading => "Loading\u{2026}".to_string(),
        Load::Failed(_) => String::new(),
        Load::Ready => match products.with(Vec::len) {
            0 => "No products match these filters.".into(),
            1 => "1 product shown.".into(),
            n if next_after.with(Option::is_some) => format!("{n} products shown; more follow."),
            n => format!("{n} products shown."),
        },
    };
    let rows = move || {
        products
            .get()
            .into_iter()
            .map(|p| row(p, editing))
            .collect_view()
    };
    let editor = move || match editing.get() {
        Editing::Closed => None,
        Editing::New => Some(view! { <ProductEditor access product=None done /> }),
        Editing::Existing(p) => Some(view! { <ProductEditor access product=Some(*p) done /> }),
    };
    view! {
        <section class="office" aria-label="Products">
            <div class="office-head">
                <h1 class="office-title">"Products"</h1>
                <div class="office-actions">
                    <button
                        type="button"
                        class="primary"
                        on:click=move |_| {
                            note.set(None);
                            editing.set(Editing::New);
                        }
                    >
                        "New product"
                    </button>
                </div>
            </div>
            {editor}
            <p class="office-note" role="status">{move || note.get()}</p>
            <form class="office-filters" role="search" aria-label="Product filters" on:submit=|ev| ev.prevent_default()>
                <label class="field">
                    <span>"Search"</span>
                    <input
                        type="search"
                        placeholder="Name, SKU or barcode"
                        prop:value=move || filters.with(|f| f.text.clone())
                        on:input=move |ev| filters.update(|f| f.text = event_target_value(&ev))
                    />
                </label>
                <label class="field">
                    <span>"Category"</span>
                    <input
                        type="text"
                        placeholder="Category id"
                        prop:value=move || filters.with(|f| f.category_id.clone())
                        on:change=move |ev| filters.update(|f| f.category_id = event_target_value(&ev))
                    />
                </label>
                <FilterSelect
                    label="Show"
                    options=&ACTIVE_CHOICES
                    value=Signal::derive(move || filters.with(|f| f.active.clone()))
                    set=Callback::new(move |v: String| filters.update(|f| f.active = v))
                />
            </form>
            <p class="office-status" role="status" aria-live="polite">{status_text}</p>
            <LoadFailure status retry=Callback::new(move |()| load(None)) />
            <OfficeTable caption="Products by name" heads=&["Name", "SKU", "Barcode", "Price", "Status", "Edit"]>
                {rows}
            </OfficeTable>
            <div class="office-actions">
                <Show when=move || on_later_page.get()>
                    <button type="button" class="secondary" on:click=move |_| load(None)>"First page"</button>
                </Show>
                <Show when=move || next_after.with(Option::is_some)>
                    <button
                        type="button"
                        class="secondary office-more"
                        disabled=move || status.get() == Load::Loading
                        on:click=move |_| load(next_after.get_untracked())
                    >
                        "Next page"
                    </button>
                </Show>
            </div>
        </section>
    }
}
