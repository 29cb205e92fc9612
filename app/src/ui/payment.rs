//! The payment dialog: cash (amount tendered, quick tenders, change) or card (reference from the terminal).

use crate::actions;
use crate::format;
use crate::state::use_state;
use leptos::ev::KeyboardEvent;
use leptos::html::Input;
use leptos::prelude::*;
use rust_decimal::Decimal;
use shared::money::parse_amount;
use shared::sale::{check_tenders, Tender};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Method {
    Cash,
    Card,
}

/// Notes offered as quick tenders when they are above the total.
const NOTES: [i64; 5] = [5, 10, 20, 50, 100];

#[component]
pub fn PaymentDialog() -> impl IntoView {
    let state = use_state();
    let method = RwSignal::new(Method::Cash);
    let tendered = RwSignal::new(String::new());
    let card_ref = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let amount_input = NodeRef::<Input>::new();
    let card_input = NodeRef::<Input>::new();

    let total = Memo::new(move |_| state.totals.with(|t| t.total));
    let money = move |d: Decimal| state.settings.with(|s| format::money(s, d));
    let amount_text = move |d: Decimal| state.settings.with(|s| format::amount(s, d));

    // Focus the field of the chosen method when it appears.
    Effect::new(move |_| {
        let el = match method.get() {
            Method::Cash => amount_input.get(),
            Method::Card => card_input.get(),
        };
        if let Some(el) = el {
            let _ = el.focus();
        }
    });

    // The tenders if the payment is valid, otherwise what the cashier still has to do.
    let tenders = Memo::new(move |_| -> Result<Vec<Tender>, String> {
        let total = total.get();
        let tenders = match method.get() {
            Method::Cash => {
                let text = tendered.get();
                if text.trim().is_empty() {
                    return Err("Enter the amount tendered, or choose Exact.".into());
                }
                let Some(amount) = parse_amount(&text) else {
                    return Err("The amount tendered is not a number.".into());
                };
                let scale = state.settings.with(|s| s.currency.scale);
                if amount.normalize().scale() > scale {
                    return Err(format!(
                        "Use at most {scale} decimals for the amount tendered."
                    ));
                }
                vec![Tender::Cash { amount }]
            }
            Method::Card => {
                let reference = card_ref.get().trim().to_string();
                if reference.is_empty() {
                    return Err("Enter the reference shown by the card terminal.".into());
                }
                vec![Tender::Card {
                    amount: total,
                    reference,
                }]
            }
        };
        match check_tenders(total, &tenders) {
            Ok(_) => Ok(tenders),
            Err(shared::sale::SaleError::Underpaid { remaining }) => {
                Err(format!("{} still to pay.", money(remaining)))
            }
            Err(e) => Err(format!("{e}.")),
        }
    });

    let change_text = move || {
        let total = total.get();
        let paid = parse_amount(&tendered.get()).unwrap_or(Decimal::ZERO);
        if paid >= total {
            money(paid - total)
        } else {
            format!("{} still to pay", money(total - paid))
        }
    };

    let complete = move || {
        if busy.get_untracked() {
            return;
        }
        let Ok(list) = tenders.get_untracked() else {
            return;
        };
        busy.set(true);
        failure.set(None);
        actions::complete_sale(state, list, move |result| {
            busy.set(false);
            if let Err(e) = result {
                failure.set(Some(e.cashier_message()));
            }
        });
    };
    let on_field_key = move |ev: KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            complete();
        }
    };
    let on_dialog_key = move |ev: KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            actions::close_payment(state);
        }
    };
    let quick = move |amount: Decimal| {
        let text = amount_text(amount);
        tendered.set(text.clone());
        if let Some(el) = amount_input.get_untracked() {
            el.set_value(&text);
            let _ = el.focus();
        }
    };
    let notes = move || {
        let t = total.get();
        NOTES
            .iter()
            .map(|&n| Decimal::from(n))
            .filter(|n| *n > t)
            .collect::<Vec<_>>()
    };

    let cash_view = move || {
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
                        placeholder="0.00"
                        value=tendered.get_untracked()
                        node_ref=amount_input
                        on:input=move |ev| tendered.set(event_target_value(&ev))
                        on:keydown=on_field_key
                    />
                </label>
                <div class="quick-tenders" role="group" aria-label="Quick amounts">
                    <button type="button" class="secondary" on:click=move |_| quick(total.get_untracked())>
                        "Exact"
                    </button>
                    {move || {
                        notes()
                            .into_iter()
                            .map(|n| {
                                view! {
                                    <button type="button" class="secondary" on:click=move |_| quick(n)>
                                        {amount_text(n)}
                                    </button>
                                }
                            })
                            .collect_view()
                    }}
                </div>
                <div class="change-row">
                    <span>"Change"</span>
                    " "
                    <output aria-label="Change" class="change">{change_text}</output>
                </div>
            </div>
        }
    };
    let card_view = move || {
        view! {
            <div class="pay-method-body">
                <label class="field">
                    <span>"Card reference"</span>
                    <input
                        class="card-input"
                        type="text"
                        aria-label="Card reference"
                        autocomplete="off"
                        autocapitalize="characters"
                        spellcheck="false"
                        placeholder="Approval code from the card terminal"
                        value=card_ref.get_untracked()
                        node_ref=card_input
                        on:input=move |ev| card_ref.set(event_target_value(&ev))
                        on:keydown=on_field_key
                    />
                </label>
                <p class="card-amount">"Amount on card: " {move || money(total.get())}</p>
            </div>
        }
    };

    view! {
        <div class="modal-backdrop">
            <div class="dialog" role="dialog" aria-modal="true" aria-label="Payment" on:keydown=on_dialog_key>
                <h2 class="dialog-title">"Payment"</h2>
                <div class="due">
                    <span>"Total due"</span>
                    " "
                    <strong class="due-amount">{move || money(total.get())}</strong>
                </div>
                <div class="methods" role="group" aria-label="Payment method">
                    <button
                        type="button"
                        class="method"
                        aria-pressed=move || if method.get() == Method::Cash { "true" } else { "false" }
                        on:click=move |_| method.set(Method::Cash)
                    >
                        "Cash"
                    </button>
                    <button
                        type="button"
                        class="method"
                        aria-pressed=move || if method.get() == Method::Card { "true" } else { "false" }
                        on:click=move |_| method.set(Method::Card)
                    >
                        "Card"
                    </button>
                </div>
                {move || match method.get() {
                    Method::Cash => cash_view().into_any(),
                    Method::Card => card_view().into_any(),
                }}
                <p class="pay-hint" class:error=move || failure.with(Option::is_some)>
                    {move || {
                        failure
                            .get()
                            .or_else(|| tenders.get().err())
                            .unwrap_or_else(|| "Ready: press Enter or Complete sale.".into())
                    }}
                </p>
                <div class="dialog-actions">
                    <button type="button" class="secondary" on:click=move |_| actions::close_payment(state)>
                        "Cancel"
                    </button>
                    <button
                        type="button"
                        class="primary"
                        disabled=move || busy.get() || tenders.with(Result::is_err)
                        on:click=move |_| complete()
                    >
                        "Complete sale"
                    </button>
                </div>
            </div>
        </div>
    }
}
