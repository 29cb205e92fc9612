//! The custom-amount dialog (open price): an amount, a name, and the tax rate to sell it under
//! (`model::custom_amount`); a cashier without `price_override` gets a supervisor's approval after entering it.

use super::format;
use super::modal::{autofocus, on_enter, DialogActions, Modal, TextField};
use crate::model::custom_amount::{approval_needed, CustomAmountForm};
use crate::services::actions;
use crate::services::session::approval;
use crate::services::state::use_state;
use leptos::html::Input;
use leptos::prelude::*;
use shared::auth::Permission;
use shared::document::Approval;

#[component]
pub fn CustomAmountDialog() -> impl IntoView {
    let state = use_state();
    let amount = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let rates = state.tax_rates.get_untracked();
    let rate = RwSignal::new(rates.first().map(|r| r.id.clone()).unwrap_or_default());
    let input = NodeRef::<Input>::new();
    autofocus(input);
    let scale = state.settings.with_untracked(|s| s.currency.scale);
    let preview = Memo::new(move |_| {
        let rates = state.tax_rates.get();
        amount.with(|a| {
            name.with(|n| {
                rate.with(|r| {
                    CustomAmountForm {
                        amount: a,
                        name: n,
                        tax_rate_id: r,
                        rates: &rates,
                        scale,
                    }
                    .product(String::new())
                })
            })
        })
    });
    let needs_approval = state.auth.session.with_untracked(|s| {
        s.as_ref()
            .and_then(|s| approval_needed(&s.staff.permissions))
            .is_some()
    });
    let add = move || {
        let Ok(product) = preview.get_untracked() else {
            return;
        };
        let what = format!(
            "Sell \u{201c}{}\u{201d} at {}",
            product.name,
            state
                .settings
                .with_untracked(|s| format::money(s, product.price))
        );
        approval::confirm(
            state,
            Permission::PriceOverride,
            what,
            Callback::new(move |approval: Option<Approval>| {
                actions::add_custom_amount(state, product.clone(), approval)
            }),
        );
    };
    let options = rates
        .iter()
        .map(|r| {
            let id = r.id.clone();
            let value = id.clone();
            let label = format!("{} ({}%)", r.name, r.percent.normalize());
            view! { <option value=value selected=move || rate.with(|x| *x == id)>{label}</option> }
        })
        .collect_view();
    view! {
        <Modal label="Custom amount" title="Custom amount".to_string()>
            <TextField
                label="Amount".to_string()
                aria_label="Amount"
                inputmode="decimal"
                required=true
                node_ref=input
                on_input=move |v| amount.set(v)
                on_enter=on_enter(add)
            />
            <TextField
                label="Name on the receipt".to_string()
                aria_label="Name on the receipt"
                placeholder="Custom amount"
                maxlength=60
                on_input=move |v| name.set(v)
                on_enter=on_enter(add)
            />
            <label class="field">
                <span>"Tax rate"</span>
                <select aria-label="Tax rate" on:change=move |ev| rate.set(event_target_value(&ev))>
                    {options}
                </select>
            </label>
            {needs_approval
                .then(|| view! { <p class="muted">"A supervisor or manager approves an open price with their PIN."</p> })}
            <p class="pay-hint" class:error=move || preview.with(Result::is_err)>
                {move || match preview.get() {
                    Ok(_) => "Press Add or Enter.".to_string(),
                    Err(e) => e.to_string(),
                }}
            </p>
            <DialogActions
                confirm="Add"
                disabled=Signal::derive(move || preview.with(Result::is_err))
                on_confirm=add
            />
        </Modal>
    }
}
