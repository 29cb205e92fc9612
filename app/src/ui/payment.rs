//! The payment dialog: one tender (cash with amount tendered, quick tenders and change; card with its
//! reference; a gift card; store credit) or several: "Add payment" puts the entered amount of the chosen method
//! on a list, one balance line shows what remains or the change (`model::payment_balance`), and "Complete
//! sale" settles the list plus what is entered now (cash last gives change). The rules are `model::payment::PaymentForm`; the fields are `payment_fields`.

use super::format;
use super::payment_fields::method_body;
use super::payment_parts::{tender_list, Fields, Pay};
use crate::model::commerce;
use crate::model::payment::{Entry, ExchangeValue, Method, PaymentForm};
use crate::services::state::use_state;
use crate::services::{actions, checkout};
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use rust_decimal::Decimal;
use shared::tender::Payment;

#[component]
pub fn PaymentDialog() -> impl IntoView {
    let state = use_state();
    let entry = RwSignal::new(Entry::default());
    let listed = RwSignal::new(Vec::<Payment>::new());
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let fields = Fields::new();

    let total = Memo::new(move |_| {
        state
            .priced
            .with(|p| p.as_ref().map(|p| p.total).unwrap_or(Decimal::ZERO))
    });
    let customer = Memo::new(move |_| state.cart.with(|c| c.customer.clone()));
    let gift_card =
        Memo::new(move |_| entry.with(|e| state.data.with(|d| d.gift_card(&e.gift_no).cloned())));
    let form = Memo::new(move |_| PaymentForm {
        total: total.get(),
        policy: state.data.with(|d| d.policy.clone()),
        balances: customer.with(|c| state.data.with(|d| commerce::balances(d, c.as_ref()))),
        customer: customer.get(),
        gift_card: gift_card.get(),
        exchange: state.exchange.with(|e| {
            e.as_ref().map(|e| ExchangeValue {
                id: e.id,
                value: e.value,
            })
        }),
        listed: listed.get(),
        entry: entry.get(),
    });
    let method = Memo::new(move |_| entry.with(|e| e.method));
    let settled = Memo::new(move |_| form.with(PaymentForm::settle));
    let addable = Memo::new(move |_| form.with(PaymentForm::addable));
    let balance = Memo::new(move |_| form.with(PaymentForm::balance));
    let money = move |d: Decimal| state.settings.with(|s| format::money(s, d));

    let add_payment = move || {
        if let Ok(p) = addable.get_untracked() {
            listed.update(|l| l.push(p));
            failure.set(None);
            entry.update(|e| {
                *e = Entry {
                    method: e.method,
                    ..Entry::default()
                }
            });
            fields.clear();
            fields.focus(method.get_untracked());
        }
    };
    // Focus the field of the chosen method when it appears.
    Effect::new(move |_| fields.focus_tracked(method.get()));

    let complete = move || {
        if busy.get_untracked() {
            return;
        }
        let Ok((list, _)) = settled.get_untracked() else {
            return;
        };
        busy.set(true);
        failure.set(None);
        checkout::complete_sale(state, list, move |result| {
            busy.set(false);
            if let Err(e) = result {
                failure.set(Some(e.cashier_message()));
            }
        });
    };
    // Enter completes when the payment settles, otherwise adds what is entered to the list.
    let on_field_key = move |ev: KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            if settled.with_untracked(Result::is_ok) {
                complete();
            } else if listed.with_untracked(|l| !l.is_empty())
                || method.get_untracked() != Method::Cash
            {
                add_payment();
            }
        }
    };
    let on_dialog_key = move |ev: KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            actions::close_payment(state);
        }
    };
    let pay = Pay {
        entry,
        form,
        fields,
        on_field_key,
    };
    let method_button = move |m: Method, label: &'static str| {
        let no_points = move || state.data.with(|d| d.policy.loyalty_point_value.is_none());
        let disabled = move || match m {
            Method::StoreCredit => customer.with(Option::is_none),
            Method::Loyalty => customer.with(Option::is_none) || no_points(),
            _ => false,
        };
        view! {
            <button
                type="button"
                class="method"
                aria-pressed=move || if method.get() == m { "true" } else { "false" }
                disabled=disabled
                on:click=move |_| {
                    entry.update(|e| {
                        e.method = m;
                        e.amount = None;
                    })
                }
            >
                {label}
            </button>
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
                {move || form.with(PaymentForm::exchange_credit).map(|c| view! {
                    <div class="change-row">
                        <span>"Exchange credit"</span>
                        " "
                        <strong>{format!("\u{2212}{}", money(c.amount()))}</strong>
                    </div>
                })}
                {move || form.with(PaymentForm::paid_back).map(|d| view! {
                    <p class="card-amount">
                        {format!("The customer gets {} back for the returned items.", money(d))}
                    </p>
                })}
                <div class="methods" role="group" aria-label="Payment method">
                    {method_button(Method::Cash, "Cash")}
                    {method_button(Method::Card, "Card")}
                    {method_button(Method::GiftCard, "Gift card")}
                    {method_button(Method::StoreCredit, "Store credit")}
                    {method_button(Method::Loyalty, "Points")}
                </div>
                {move || method_body(state, pay, method.get())}
                <div class="split">
                    <ul class="tenders" aria-label="Payments">{move || tender_list(state, listed, entry)}</ul>
                    <div class="split-row">
                        <button
                            type="button"
                            class="secondary"
                            disabled=move || addable.with(Result::is_err)
                            on:click=move |_| add_payment()
                        >
                            "Add payment"
                        </button>
                    </div>
                </div>
                <div class="change-row balance">
                    <span>{move || balance.get().label()}</span>
                    " "
                    <output aria-label=move || balance.get().label() class="change">
                        {move || money(balance.get().amount())}
                    </output>
                </div>
                <p class="pay-hint" class:error=move || failure.with(Option::is_some)>
                    {move || {
                        failure
                            .get()
                            .or_else(|| settled.with(|s| s.as_ref().err().map(ToString::to_string)))
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
                        disabled=move || busy.get() || settled.with(Result::is_err)
                        on:click=move |_| complete()
                    >
                        "Complete sale"
                    </button>
                </div>
            </div>
        </div>
    }
}
