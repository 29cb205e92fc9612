//! The cash fields of the payment dialog: amount tendered, quick amounts (exact and notes above the cash due),
//! and the cash due when the store rounds cash (the change is the dialog's balance line).

use super::payment_parts::{amount_text, money, Pay};
use crate::model::payment::PaymentForm;
use crate::services::state::AppState;
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use rust_decimal::Decimal;

pub fn cash<F: Fn(KeyboardEvent) + Copy + 'static>(state: AppState, pay: Pay<F>) -> impl IntoView {
    let Pay { entry, form, .. } = pay;
    let cash_input = pay.fields.cash;
    let cash_due = Memo::new(move |_| form.with(PaymentForm::cash_due));
    let quick = move |amount: Decimal| {
        let text = amount_text(state, amount);
        entry.update(|e| e.tendered = text.clone());
        if let Some(el) = cash_input.get_untracked() {
            el.set_value(&text);
            let _ = el.focus();
        }
    };
    let rounds_cash = move || form.with(|f| f.policy.cash_rounding.is_some());
    view! {
        <div class="pay-method-body">
            <label class="field">
                <span>"Amount tendered"</span>
                <input
                    class="amount-input"
                    type="text"
                    aria-label="Amount tendered"
                    inputmode="decimal"
                    autocomplete="off"
                    placeholder=move || amount_text(state, cash_due.get())
                    value=entry.with_untracked(|e| e.tendered.clone())
                    node_ref=cash_input
                    on:input=move |ev| entry.update(|e| e.tendered = event_target_value(&ev))
                    on:keydown=pay.on_field_key
                />
            </label>
            <div class="quick-tenders" role="group" aria-label="Quick amounts">
                <button type="button" class="secondary" on:click=move |_| quick(cash_due.get_untracked())>
                    "Exact"
                </button>
                {move || {
                    form.with(PaymentForm::notes)
                        .into_iter()
                        .map(|n| {
                            view! {
                                <button type="button" class="secondary" on:click=move |_| quick(n)>
                                    {amount_text(state, n)}
                                </button>
                            }
                        })
                        .collect_view()
                }}
            </div>
            <Show when=rounds_cash>
                <div class="change-row cash-due">
                    <span>"Cash due (rounded)"</span>
                    " "
                    <output aria-label="Cash due">{move || money(state, cash_due.get())}</output>
                </div>
            </Show>
        </div>
    }
}
