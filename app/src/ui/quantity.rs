//! The quantity keypad, opened by tapping a cart line's quantity: type how many pieces (0 removes the line,
//! with Undo), or weigh a weighed line again. The rules are `model::quantity`.

use super::keypad::Keypad;
use super::modal::{autofocus, on_enter, DialogActions, Modal};
use crate::model::pin::PinKey;
use crate::model::quantity::{self, again_title, parse_quantity, POINT};
use crate::services::cart_edits;
use crate::services::state::use_state;
use leptos::html::Input;
use leptos::prelude::*;
use shared::basket::Unit;

#[component]
pub fn QuantityDialog(product_id: String, name: String, unit: Unit) -> impl IntoView {
    let state = use_state();
    let text = RwSignal::new(String::new());
    let input = NodeRef::<Input>::new();
    autofocus(input);
    let parsed = Memo::new(move |_| parse_quantity(&text.get(), unit));
    let product_id = StoredValue::new(product_id);
    let set = move || {
        if let Ok(q) = parsed.get_untracked() {
            cart_edits::set_quantity(state, &product_id.get_value(), q);
        }
    };
    let press = move |key: PinKey| {
        text.update(|t| *t = quantity::press(t, key, unit));
        if let Some(el) = input.get_untracked() {
            let _ = el.focus();
        }
    };
    let (title, label, corner) = match unit {
        Unit::Each => (format!("Quantity of {name}"), "Quantity", None),
        Unit::Kilogram => (
            again_title(unit, &name).unwrap_or_default(),
            "Weight in kg",
            Some(POINT),
        ),
        Unit::Litre => (
            again_title(unit, &name).unwrap_or_default(),
            "Volume in litres",
            Some(POINT),
        ),
    };
    let hint = move || match parsed.get() {
        Ok(q) if q.is_zero() => "0 removes the line (you can undo it).".to_string(),
        Ok(_) => "Press Set or Enter.".to_string(),
        Err(e) => e.to_string(),
    };
    view! {
        <Modal label="Quantity" title>
            <input
                class="amount-input"
                type="text"
                inputmode=if unit == Unit::Kilogram { "decimal" } else { "numeric" }
                autocomplete="off"
                aria-label=label
                node_ref=input
                prop:value=move || text.get()
                on:input=move |ev| {
                    let typed = event_target_value(&ev);
                    text.set(typed.chars().fold(String::new(), |t, c| quantity::press(&t, PinKey::Digit(c), unit)));
                }
                on:keydown=on_enter(set)
            />
            <Keypad press corner />
            <p class="pay-hint">{hint}</p>
            <DialogActions confirm="Set" disabled=Signal::derive(move || parsed.with(Result::is_err)) on_confirm=set />
        </Modal>
    }
}
