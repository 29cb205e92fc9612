//! The customer picker: find a customer by name or group and put them on the order.

use super::modal::{autofocus, cancel_button, Modal};
use crate::services::actions;
use crate::services::state::use_state;
use leptos::ev::KeyboardEvent;
use leptos::html::Input;
use leptos::prelude::*;

#[component]
pub fn CustomerDialog() -> impl IntoView {
    let state = use_state();
    let query = RwSignal::new(String::new());
    let input = NodeRef::<Input>::new();
    autofocus(input);
    let found = Memo::new(move |_| {
        let q = query.get();
        state.data.with(|d| d.find_customers(&q))
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
    view! {
        <Modal label="Customer" title="Customer".to_string()>
            <input
                type="search"
                class="search-input"
                aria-label="Find customer"
                placeholder="Name or group"
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
                        .take(50)
                        .map(|c| {
                            let id = c.id.clone();
                            let detail = c.group.clone().unwrap_or_default();
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
            <div class="dialog-actions">{cancel_button(state)}</div>
        </Modal>
    }
}
