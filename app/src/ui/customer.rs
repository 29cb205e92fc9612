//! The customer picker: find a customer by name, phone, email, group or a scanned loyalty card
//! (`model::customer_search`, an index built once per pulled list) and put them on the order; or make a new
//! customer, or edit the one on the order (`customer_form`), offline too; the one on the order is shown with
//! their note, balances and purchases (`customer_panel`).

use super::customer_form::CustomerFormView;
use super::customer_panel::CustomerPanel;
use super::modal::{autofocus, cancel_button, Modal};
use crate::model::customer_form::CustomerForm;
use crate::model::customer_search::CustomerIndex;
use crate::services::actions;
use crate::services::state::use_state;
use leptos::ev::KeyboardEvent;
use leptos::html::Input;
use leptos::prelude::*;

/// The most customers listed at once.
const SHOWN: usize = 50;

#[component]
pub fn CustomerDialog() -> impl IntoView {
    let state = use_state();
    let query = RwSignal::new(String::new());
    let editing = RwSignal::new(None::<CustomerForm>);
    let input = NodeRef::<Input>::new();
    autofocus(input);
    // Rebuilt only when the pulled customers change, not per keystroke.
    let index = Memo::new(move |_| state.data.with(|d| CustomerIndex::build(&d.customers)));
    let found = Memo::new(move |_| {
        let q = query.get();
        let at = index.with(|i| i.find(&q, SHOWN));
        state.data.with(|d| {
            at.into_iter()
                .filter_map(|i| d.customers.get(i).cloned())
                .collect::<Vec<_>>()
        })
    });
    let pick = move |id: String| {
        let customer = state
            .data
            .with_untracked(|d| d.customers.iter().find(|c| c.id == id).cloned());
        state.cart.update(|c| c.customer = customer);
        actions::close_dialog(state);
    };
    let on_key = move |ev: KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            if let Some(first) = found.with_untracked(|f| f.first().map(|c| c.id.clone())) {
                pick(first);
            }
        }
    };
    let on_order = move || {
        state
            .cart
            .with(|c| c.customer.clone())
            .filter(|c| !c.erased)
    };
    let back = Callback::new(move |()| editing.set(None));
    view! {
        <Modal label="Customer" title="Customer".to_string()>
            <Show
                when=move || editing.with(Option::is_none)
                fallback=move || {
                    let start = editing.get_untracked().unwrap_or_default();
                    view! { <CustomerFormView start=start on_back=back /> }
                }
            >
                {move || on_order().map(|c| view! { <CustomerPanel customer=c /> })}
                <input
                    type="search"
                    class="search-input"
                    aria-label="Find customer"
                    placeholder="Name, phone, email or card"
                    autocomplete="off"
                    node_ref=input
                    on:input=move |ev| query.set(event_target_value(&ev))
                    on:keydown=on_key
                />
                <ul class="customer-list">
                    {move || {
                        let list = found.get();
                        if list.is_empty() {
                            return view! { <li class="empty">"No customer matches."</li> }.into_any();
                        }
                        list.into_iter()
                            .map(|c| {
                                let id = c.id.clone();
                                let detail = [c.phone.clone(), c.email.clone(), c.group.clone()]
                                    .into_iter()
                                    .flatten()
                                    .collect::<Vec<_>>()
                                    .join(" · ");
                                view! {
                                    <li>
                                        <button type="button" class="customer-pick" on:click=move |_| pick(id.clone())>
                                            <span class="customer-name">{c.name.clone()}</span>
                                            " "
                                            <span class="muted">{detail}</span>
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()
                            .into_any()
                    }}
                </ul>
                <div class="dialog-actions">
                    {cancel_button(state)}
                    {move || on_order().map(|c| view! {
                        <button type="button" class="secondary" on:click=move |_| editing.set(Some(CustomerForm::edit(&c)))>
                            "Edit customer"
                        </button>
                    })}
                    <button
                        type="button"
                        class="primary"
                        on:click=move |_| editing.set(Some(CustomerForm {
                            name: query.get_untracked(),
                            ..CustomerForm::default()
                        }))
                    >
                        "New customer"
                    </button>
                </div>
            </Show>
        </Modal>
    }
}
