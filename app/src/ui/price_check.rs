//! The price check dialog: scan or type, see each match's price per piece, kg or litre, add nothing
//! (`model::price_check`). Stock shows here once the catalog carries it.

use super::format;
use super::modal::{autofocus, cancel_button, Modal};
use crate::model::price_check::PriceCheck;
use crate::services::state::use_state;
use leptos::ev::KeyboardEvent;
use leptos::html::Input;
use leptos::prelude::*;

#[component]
pub fn PriceCheckDialog() -> impl IntoView {
    let state = use_state();
    let text = RwSignal::new(String::new());
    let input = NodeRef::<Input>::new();
    autofocus(input);
    let check = Memo::new(move |_| text.with(|t| state.catalog.with(|c| PriceCheck::of(c, t))));
    // A scanner ends with Enter: keep the code shown and select it, so the next scan replaces it.
    let on_key = move |ev: KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            if let Some(el) = input.get_untracked() {
                text.set(el.value());
                el.select();
            }
        }
    };
    let rows = move || match check.get() {
        PriceCheck::Found(list) => list
            .into_iter()
            .map(|p| {
                let price = state.settings.with(|s| format::money(s, p.price));
                let per = match p.unit.symbol() {
                    Some(sym) => format!("{price} / {sym}"),
                    None => format!("{price} each"),
                };
                view! {
                    <li class="price-check-row">
                        <span class="price-check-name">{p.name.clone()}</span>
                        <strong class="price-check-price">{per}</strong>
                    </li>
                }
            })
            .collect_view()
            .into_any(),
        other => other
            .problem()
            .map(|p| view! { <li class="muted">{p}</li> })
            .into_any(),
    };
    view! {
        <Modal label="Price check" title="Price check".to_string()>
            <label class="field">
                <span>"Scan or search"</span>
                <input
                    type="search"
                    autocomplete="off"
                    aria-label="Price check"
                    node_ref=input
                    on:input=move |ev| text.set(event_target_value(&ev))
                    on:keydown=on_key
                />
            </label>
            <ul class="price-check-list" aria-label="Prices">{rows}</ul>
            <p class="pay-hint">"Nothing is added to the order."</p>
            <div class="dialog-actions">{cancel_button(state)}</div>
        </Modal>
    }
}
