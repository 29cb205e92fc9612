//! What the payment dialog's fields share: their inputs (`Fields`), what they read and write (`Pay`), amounts
//! as text, the amount field of the non-cash tenders, and the list of payments entered.

use super::format;
use crate::model::commerce::payment_text;
use crate::model::payment::{Entry, Method, PaymentForm};
use crate::services::state::AppState;
use leptos::ev::KeyboardEvent;
use leptos::html::Input;
use leptos::prelude::*;
use rust_decimal::Decimal;
use shared::tender::Payment;

/// The dialog's text inputs.
#[derive(Clone, Copy)]
pub struct Fields {
    pub cash: NodeRef<Input>,
    pub card: NodeRef<Input>,
    pub gift: NodeRef<Input>,
    pub amount: NodeRef<Input>,
}

impl Fields {
    pub fn new() -> Self {
        Fields {
            cash: NodeRef::new(),
            card: NodeRef::new(),
            gift: NodeRef::new(),
            amount: NodeRef::new(),
        }
    }

    fn of(self, method: Method) -> NodeRef<Input> {
        match method {
            Method::Cash => self.cash,
            Method::Card => self.card,
            Method::GiftCard => self.gift,
            Method::StoreCredit | Method::Loyalty => self.amount,
        }
    }

    /// Empty the typed fields (after a payment went on the list).
    pub fn clear(self) {
        for input in [self.cash, self.card, self.gift] {
            if let Some(el) = input.get_untracked() {
                el.set_value("");
            }
        }
    }

    /// Put the caret in `method`'s field.
    pub fn focus(self, method: Method) {
        if let Some(el) = self.of(method).get_untracked() {
            let _ = el.focus();
        }
    }

    /// As `focus`, tracking the field, so an effect focuses it once it is in the page.
    pub fn focus_tracked(self, method: Method) {
        if let Some(el) = self.of(method).get() {
            let _ = el.focus();
        }
    }
}

/// What the method fields read and write.
#[derive(Clone, Copy)]
pub struct Pay<F: Fn(KeyboardEvent) + Copy + 'static> {
    pub entry: RwSignal<Entry>,
    pub form: Memo<PaymentForm>,
    pub fields: Fields,
    /// Enter in a field.
    pub on_field_key: F,
}

pub fn amount_text(state: AppState, d: Decimal) -> String {
    state.settings.with(|s| format::amount(s, d))
}

pub fn money(state: AppState, d: Decimal) -> String {
    state.settings.with(|s| format::money(s, d))
}

/// The amount field (card, gift card, store credit): shows its default, the remaining due, until typed in.
pub fn amount_field<F: Fn(KeyboardEvent) + Copy + 'static>(
    state: AppState,
    pay: Pay<F>,
) -> impl IntoView {
    let Pay { entry, form, .. } = pay;
    view! {
        <label class="field">
            <span>"Amount"</span>
            <input
                class="amount-input"
                type="text"
                aria-label="Amount"
                inputmode="decimal"
                autocomplete="off"
                node_ref=pay.fields.amount
                prop:value=move || {
                    entry
                        .with(|e| e.amount.clone())
                        .unwrap_or_else(|| amount_text(state, form.with(PaymentForm::default_amount)))
                }
                on:input=move |ev| entry.update(|e| e.amount = Some(event_target_value(&ev)))
                on:keydown=pay.on_field_key
            />
        </label>
    }
}

/// The payments put on the list, each with its Remove button (which also resets the amount field).
pub fn tender_list(
    state: AppState,
    listed: RwSignal<Vec<Payment>>,
    entry: RwSignal<Entry>,
) -> impl IntoView {
    let currency = state.settings.with(|s| s.currency.clone());
    listed
        .get()
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let text = payment_text(&currency, &p);
            view! {
                <li class="tender">
                    <span>{text}</span>
                    <button
                        type="button"
                        class="link-button small"
                        aria-label=format!("Remove payment {}", i + 1)
                        on:click=move |_| {
                            listed
                                .update(|l| {
                                    if i < l.len() {
                                        l.remove(i);
                                    }
                                });
                            entry.update(|e| e.amount = None);
                        }
                    >
                        "Remove"
                    </button>
                </li>
            }
        })
        .collect_view()
}
