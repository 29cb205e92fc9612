//! The discount dialog: percent or amount off a line or the order, with a reason; over the limit it asks for a
//! manager's approval first (`services::session::approval`).

use super::modal::{autofocus, cancel_button, on_enter, Modal};
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
            <label class="field">
                <span>
                    {move || match kind.get() {
                        DiscountKind::Percent => "Percent off".to_string(),
                        DiscountKind::Amount => format!("Amount off ({})", currency()),
                    }}
                </span>
                <input
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    aria-label="Discount value"
                    node_ref=value_input
                    on:input=move |ev| value.set(event_target_value(&ev))
                    on:keydown=on_enter(apply)
                />
            </label>
            <label class="field">
                <span>"Reason"</span>
                <input
                    type="text"
                    autocomplete="off"
                    aria-label="Reason"
                    required
                    placeholder="Why (printed on the receipt)"
                    on:input=move |ev| reason.set(event_target_value(&ev))
                    on:keydown=on_enter(apply)
                />
            </label>
            <p class="pay-hint">
                {move || match parsed.get() {
                    Ok(_) => "Ready: press Enter or Apply.".to_string(),
                    Err(e) => e.to_string(),
                }}
            </p>
            <div class="dialog-actions">
                {cancel_button(state)}
                <button
                    type="button"
                    class="primary"
                    disabled=move || parsed.with(Result::is_err)
                    on:click=move |_| apply()
                >
                    "Apply"
                </button>
            </div>
        </Modal>
    }
}
