//! The search box: live filtering while typing; Enter scans or adds the first result; Escape clears. A
//! multiplier ("3*" + Enter) shows as a chip before the box until the next product is added.
//!
//! Enter reads the input's own value, never the signal, so a scanner typing digits and Enter in a burst
//! loses nothing. The box's value is written only imperatively (to clear it), never bound to the signal.

use crate::services::actions;
use crate::services::state::{use_state, Dialog};
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;

#[component]
pub fn SearchBox() -> impl IntoView {
    let state = use_state();
    let input = state.search_input;
    // Focus on mount (load, back from a receipt or today's sales).
    Effect::new(move |_| {
        if let Some(el) = input.get() {
            let _ = el.focus();
        }
    });
    let on_keydown = move |ev: KeyboardEvent| match ev.key().as_str() {
        "Enter" if !(ev.ctrl_key() || ev.meta_key()) => {
            ev.prevent_default();
            let text = input
                .get_untracked()
                .map(|el| el.value())
                .unwrap_or_default();
            actions::submit_search(state, &text);
        }
        "Escape" => {
            ev.prevent_default();
            state.clear_search();
            state.multiplier.set(None);
            state.notice.set(None);
            state.toast.set(None);
        }
        _ => {}
    };
    let multiplier = move || {
        state.multiplier.get().map(|n| {
            view! {
                <button
                    type="button"
                    class="multiplier-chip"
                    aria-label=format!("Next item \u{d7} {n}: tap to cancel")
                    on:click=move |_| {
                        state.multiplier.set(None);
                        state.focus_search();
                    }
                >
                    {format!("{n} \u{d7}")}
                </button>
            }
        })
    };
    view! {
        <div class="search">
            {multiplier}
            <input
                type="search"
                class="search-input"
                aria-label="Search products"
                placeholder="Scan or search products"
                autocomplete="off"
                autocapitalize="off"
                spellcheck="false"
                enterkeyhint="enter"
                value=state.query.get_untracked()
                node_ref=input
                on:input=move |ev| state.query.set(event_target_value(&ev))
                on:keydown=on_keydown
            />
            <button
                type="button"
                class="secondary price-check-button"
                title="See a price without adding it"
                on:click=move |_| actions::open_dialog(state, Dialog::PriceCheck)
            >
                "Price check"
            </button>
            <button
                type="button"
                class="secondary price-check-button"
                aria-label="Custom amount"
                title="Sell an amount typed here (open price)"
                on:click=move |_| actions::open_dialog(state, Dialog::CustomAmount)
            >
                "Amount"
            </button>
            <button
                type="button"
                class="secondary price-check-button"
                aria-label="Return without receipt"
                title="Take goods back without a receipt"
                on:click=move |_| actions::open_dialog(state, Dialog::ReturnNoReceipt)
            >
                "Return"
            </button>
        </div>
    }
}
