//! The items of a return without a receipt: each with its quantity, the price given back (blank: the current
//! price, shown as the placeholder) and Remove; edits go to the dialog's `ReturnForm`.

use super::format;
use crate::model::return_form::ReturnForm;
use crate::services::state::use_state;
use leptos::prelude::*;

#[component]
pub fn ReturnLines(form: RwSignal<ReturnForm>) -> impl IntoView {
    let state = use_state();
    let rows = move || {
        form.with(|f| {
            f.lines
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let name = l.product.name.clone();
                    let current = state
                        .settings
                        .with_untracked(|s| format::amount(s, l.product.price));
                    let per = l
                        .product
                        .unit
                        .symbol()
                        .map(|s| format!(" / {s}"))
                        .unwrap_or_default();
                    let (quantity, price) = (l.quantity.clone(), l.price.clone());
                    view! {
                        <li class="return-line">
                            <span class="return-name">{name.clone()}</span>
                            <label class="return-field">
                                <span>"Qty"</span>
                                <input
                                    type="text"
                                    inputmode="decimal"
                                    aria-label=format!("Quantity of {name}")
                                    prop:value=quantity
                                    on:change=move |ev| {
                                        let v = event_target_value(&ev);
                                        form.update(|f| {
                                            if let Some(l) = f.lines.get_mut(i) {
                                                l.quantity = v;
                                            }
                                        });
                                    }
                                />
                            </label>
                            <label class="return-field">
                                <span>{format!("Price back{per}")}</span>
                                <input
                                    type="text"
                                    inputmode="decimal"
                                    aria-label=format!("Price given back for {name}")
                                    placeholder=current
                                    prop:value=price
                                    on:input=move |ev| {
                                        let v = event_target_value(&ev);
                                        form.update(|f| {
                                            if let Some(l) = f.lines.get_mut(i) {
                                                l.price = v;
                                            }
                                        });
                                    }
                                />
                            </label>
                            <button
                                type="button"
                                class="secondary"
                                aria-label=format!("Remove {name}")
                                on:click=move |_| form.update(|f| f.remove(i))
                            >
                                "Remove"
                            </button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <ul class="return-lines" aria-label="Items coming back">
            {rows}
        </ul>
    }
}
