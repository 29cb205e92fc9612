//! The payment dialog's fields per method: cash (`payment_cash`), card (reference and amount), gift card
//! (number, balance, amount), store credit (the customer's credit, amount), points (the customer's points as
//! this till sees them, the points to redeem).

use super::payment_cash::cash;
use super::payment_parts::{amount_field, money, Pay};
use crate::model::payment::Method;
use crate::services::state::AppState;
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;

/// The fields of `method`.
pub fn method_body<F: Fn(KeyboardEvent) + Copy + 'static>(
    state: AppState,
    pay: Pay<F>,
    method: Method,
) -> AnyView {
    match method {
        Method::Cash => cash(state, pay).into_any(),
        Method::Card => card(state, pay).into_any(),
        Method::GiftCard => gift_card(state, pay).into_any(),
        Method::StoreCredit => store_credit(state, pay).into_any(),
        Method::Loyalty => points(state, pay).into_any(),
    }
}

fn card<F: Fn(KeyboardEvent) + Copy + 'static>(state: AppState, pay: Pay<F>) -> impl IntoView {
    let entry = pay.entry;
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
                    value=entry.with_untracked(|e| e.card_ref.clone())
                    node_ref=pay.fields.card
                    on:input=move |ev| entry.update(|e| e.card_ref = event_target_value(&ev))
                    on:keydown=pay.on_field_key
                />
            </label>
            {amount_field(state, pay)}
        </div>
    }
}

fn gift_card<F: Fn(KeyboardEvent) + Copy + 'static>(state: AppState, pay: Pay<F>) -> impl IntoView {
    let Pay { entry, form, .. } = pay;
    view! {
        <div class="pay-method-body">
            <label class="field">
                <span>"Gift card number"</span>
                <input
                    class="card-input"
                    type="text"
                    aria-label="Gift card number"
                    autocomplete="off"
                    autocapitalize="characters"
                    spellcheck="false"
                    value=entry.with_untracked(|e| e.gift_no.clone())
                    node_ref=pay.fields.gift
                    on:input=move |ev| {
                        entry.update(|e| {
                            e.gift_no = event_target_value(&ev);
                            e.amount = None;
                        })
                    }
                    on:keydown=pay.on_field_key
                />
            </label>
            <p class="card-amount">
                {move || {
                    form.with(|f| {
                        f.gift_card
                            .as_ref()
                            .map(|g| format!("Balance {}", money(state, g.balance)))
                            .unwrap_or_default()
                    })
                }}
            </p>
            {amount_field(state, pay)}
        </div>
    }
}

fn store_credit<F: Fn(KeyboardEvent) + Copy + 'static>(
    state: AppState,
    pay: Pay<F>,
) -> impl IntoView {
    let form = pay.form;
    view! {
        <div class="pay-method-body">
            <p class="card-amount">
                {move || form.with(|f| match &f.customer {
                    Some(c) => format!("Store credit of {}: {}", c.name, money(state, c.store_credit)),
                    None => "Choose a customer in the cart to pay with store credit.".into(),
                })}
            </p>
            {amount_field(state, pay)}
        </div>
    }
}

fn points<F: Fn(KeyboardEvent) + Copy + 'static>(state: AppState, pay: Pay<F>) -> impl IntoView {
    let Pay { entry, form, .. } = pay;
    let worth = move || {
        form.with(|f| {
            let Ok(Some(p)) = f.pending() else {
                return String::new();
            };
            format!("Redeems {}", money(state, p.amount()))
        })
    };
    view! {
        <div class="pay-method-body">
            <p class="card-amount">
                {move || form.with(|f| match &f.customer {
                    Some(c) => format!("Points of {}: {}", c.name, f.points_balance()),
                    None => "Choose a customer in the cart to redeem points.".into(),
                })}
            </p>
            <label class="field">
                <span>"Points to redeem"</span>
                <input
                    class="amount-input"
                    type="text"
                    inputmode="numeric"
                    aria-label="Points to redeem"
                    autocomplete="off"
                    placeholder="As many as fit"
                    value=entry.with_untracked(|e| e.points.clone())
                    node_ref=pay.fields.amount
                    on:input=move |ev| entry.update(|e| e.points = event_target_value(&ev))
                    on:keydown=pay.on_field_key
                />
            </label>
            <p class="card-amount">{worth}</p>
        </div>
    }
}
