//! The discount dialog: percent or amount off a line or the order, with a reason; over the limit it asks for a
//! manager's approval first (`services::session::approval`).

use super::modal::{autofocus, on_enter, DialogActions, Modal, TextField};
use crate::model::discount::{
    parse_discount, DiscountKind, DiscountTarget, DISCOUNT_LIMIT_PERCENT,
};
use crate::services::actions;
use crate::services::session::approval;
use crate::services::state::{use_state, AfterApproval};
use leptos::html::Input;
use leptos::prelude::*;
use shared::auth::Permission;

#[component]
pub fn DiscountDialog(target: DiscountTarget) -> impl IntoView {
    let state = use_state();
    let kind = RwSignal::new(DiscountKind::Percent);
    let value = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let value_input = NodeRef::<Input>::new();
    autofocus(value_input);
    let title = match &target {
        DiscountTarget::Line { name, .. } => format!("Discount on {name}"),
        DiscountTarget::Order => "Discount on the order".to_string(),
    };
    let target = StoredValue::new(target);
    let title_text = StoredValue::new(title.clone());
    let parsed = Memo::new(move |_| {
        let scale = state.settings.with(|s| s.currency.scale);
        parse_discount(kind.get(), &value.get(), &reason.get(), scale)
    });
    let apply = move || {
        let Ok(discount) = parsed.get_untracked() else {
            return;
        };
        let target = target.get_value();
        if approval::discount_over_limit(state, &target, &discount) {
            let what = format!(
                "{}: more than {}% off needs approval.",
                title_text.get_value(),
                DISCOUNT_LIMIT_PERCENT
            );
            approval::require(
                state,
                Permission::DiscountOverLimit,
                what,
                AfterApproval::Discount { target, discount },
            );
        } else {
            actions::apply_discount(state, &target, discount);
        }
    };
    let pressed = move |k: DiscountKind| move || if kind.get() == k { "true" } else { "false" };
    let currency = move || state.settings.with(|s| s.currency.code.clone());
    view! {
        <Modal label="Discount" title>
            <div class="methods" role="group" aria-label="Discount type">
                <button
                    type="button"
                    class="method"
                    aria-pressed=pressed(DiscountKind::Percent)
                    on:click=move |_| kind.set(DiscountKind::Percent)
                >
                    "Percent"
                </button>
                <button
                    type="button"
                    class="method"
                    aria-pressed=pressed(DiscountKind::Amount)
                    on:click=move |_| kind.set(DiscountKind::Amount)
                >
                    "Amount"
                </button>
            </div>
            <TextField
                label=Signal::derive(move || match kind.get() {
                    DiscountKind::Percent => "Percent off".to_string(),
                    DiscountKind::Amount => format!("Amount off ({})", currency()),
                })
                aria_label="Discount value"
                inputmode="decimal"
                node_ref=value_input
                on_input=move |v| value.set(v)
                on_enter=on_enter(apply)
            />
            <TextField
                label="Reason".to_string()
                aria_label="Reason"
                required=true
                placeholder="Why (printed on the receipt)"
                on_input=move |v| reason.set(v)
                on_enter=on_enter(apply)
            />
            <p class="pay-hint">
                {move || match parsed.get() {
                    Ok(_) => "Ready: press Enter or Apply.".to_string(),
                    Err(e) => e.to_string(),
                }}
            </p>
            <DialogActions
                confirm="Apply"
                disabled=Signal::derive(move || parsed.with(Result::is_err))
                on_confirm=apply
            />
        </Modal>
    }
}
