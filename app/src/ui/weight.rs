//! The weight dialog of a weighed product: the weight in kg, the price it comes to, then it is added.

use super::format;
use super::modal::{autofocus, on_enter, DialogActions, Modal, TextField};
use crate::model::discount::parse_weight;
use crate::services::actions;
use crate::services::state::use_state;
use leptos::html::Input;
use leptos::prelude::*;
use shared::catalog::Product;

#[component]
pub fn WeightDialog(product: Product) -> impl IntoView {
    let state = use_state();
    let text = RwSignal::new(String::new());
    let input = NodeRef::<Input>::new();
    autofocus(input);
    let parsed = Memo::new(move |_| parse_weight(&text.get()));
    let product = StoredValue::new(product);
    let per_kg = product.with_value(|p| {
        state
            .settings
            .with_untracked(|s| format::amount(s, p.price))
    });
    let name = product.with_value(|p| p.name.clone());
    let add = move || {
        let Ok(w) = parsed.get_untracked() else {
            return;
        };
        state.dialog.set(None);
        product.with_value(|p| actions::add_quantity(state, p, w));
        state.focus_search_soon();
    };
    let preview = move || match parsed.get() {
        Ok(w) => {
            let price = product.with_value(|p| p.price);
            state.settings.with(|s| {
                format!(
                    "{} kg \u{d7} {}/kg \u{2248} {}",
                    shared::money::format_amount(w, 3),
                    format::amount(s, price),
                    format::money(
                        s,
                        shared::money::round(price * w, s.currency.scale, s.rounding)
                    )
                )
            })
        }
        Err(e) => e.to_string(),
    };
    view! {
        <Modal label="Weight" title=format!("Weight of {name}")>
            <p class="muted">{format!("{per_kg} per kg")}</p>
            <TextField
                label="Weight in kg".to_string()
                aria_label="Weight in kg"
                inputmode="decimal"
                placeholder="0.000"
                node_ref=input
                on_input=move |v| text.set(v)
                on_enter=on_enter(add)
            />
            <p class="pay-hint">{preview}</p>
            <DialogActions confirm="Add" disabled=Signal::derive(move || parsed.with(Result::is_err)) on_confirm=add />
        </Modal>
    }
}
