//! The payment dialog: one tender (cash with amount tendered, quick tenders and change; card with its
//! reference; a gift card; store credit) or several: "Add payment" puts the entered amount of the chosen method
//! on a list, "Remaining" shows what is left, and "Complete sale" settles the list plus what is entered now
//! (cash last gives change). Cash rounding, when the store has it, rounds the amount due in cash.

use crate::actions;
use crate::commerce::{self, mask_card, payment_text};
use crate::format;
use crate::state::use_state;
use leptos::ev::KeyboardEvent;
use leptos::html::Input;
use leptos::prelude::*;
use rust_decimal::Decimal;
use shared::money::parse_amount;
use shared::tender::{settle, Payment, Settlement, TenderError};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Method {
    Cash,
    Card,
    GiftCard,
    StoreCredit,
}

/// Notes offered as quick tenders when they are above the cash due.
const NOTES: [i64; 5] = [5, 10, 20, 50, 100];

/// "a card payment needs …" → "A card payment needs ….".
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

#[component]
pub fn PaymentDialog() -> impl IntoView {
    let state = use_state();
    let method = RwSignal::new(Method::Cash);
    let tendered = RwSignal::new(String::new());
    let card_ref = RwSignal::new(String::new());
    let gift_no = RwSignal::new(String::new());
    // `None`: the amount field shows (and means) its default, the remaining due.
    let amount_entry = RwSignal::new(None::<String>);
    let listed = RwSignal::new(Vec::<Payment>::new());
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let cash_input = NodeRef::<Input>::new();
    let card_input = NodeRef::<Input>::new();
    let gift_input = NodeRef::<Input>::new();
    let amount_input = NodeRef::<Input>::new();

    let total = Memo::new(move |_| {
        state
            .priced
            .with(|p| p.as_ref().map(|p| p.total).unwrap_or(Decimal::ZERO))
    });
    let policy = Memo::new(move |_| state.data.with(|d| d.policy.clone()));
    let scale = move || policy.with(|p| p.scale());
    let customer = Memo::new(move |_| state.cart.with(|c| c.customer.clone()));
    let balances = Memo::new(move |_| {
        customer.with(|c| state.data.with(|d| commerce::balances(d, c.as_ref())))
    });
    let money = move |d: Decimal| state.settings.with(|s| format::money(s, d));
    let amount_text = move |d: Decimal| state.settings.with(|s| format::amount(s, d));

    // With an exchange under way: the credit the returned goods give this sale (up to its total), as the
    // payment `Exchange::create` will add, and what the customer gets back beyond the total.
    let exchange_credit = Memo::new(move |_| -> Option<Payment> {
        state.exchange.with(|e| {
            e.as_ref().and_then(|e| {
                let amount = e.value.min(total.get());
                (amount > Decimal::ZERO).then_some(Payment::ExchangeCredit {
                    amount,
                    exchange_id: e.id,
                })
            })
        })
    });
    let paid_back = Memo::new(move |_| {
        state.exchange.with(|e| {
            e.as_ref()
                .map(|e| (e.value - total.get()).max(Decimal::ZERO))
                .filter(|d| *d > Decimal::ZERO)
        })
    });
    let credit =
        move || exchange_credit.with(|c| c.as_ref().map(Payment::amount).unwrap_or(Decimal::ZERO));
    // What is left after the exchange credit and the listed payments (never below zero).
    let remaining = Memo::new(move |_| {
        let paid: Decimal = listed.with(|l| l.iter().map(Payment::amount).sum());
        policy.with(|p| p.round((total.get() - credit() - paid).max(Decimal::ZERO)))
    });
    // What is due in cash after the listed payments, rounded to the cash increment when the store rounds cash.
    let cash_due = Memo::new(move |_| {
        let non_cash: Decimal =
            listed.with(|l| l.iter().filter(|p| !p.is_cash()).map(Payment::amount).sum());
        let cash: Decimal =
            listed.with(|l| l.iter().filter(|p| p.is_cash()).map(Payment::amount).sum());
        policy.with(|p| {
            let left = (total.get() - credit() - non_cash).max(Decimal::ZERO);
            let rounded = match &p.cash_rounding {
                Some(r) => r.round(left, p.scale()),
                None => p.round(left),
            };
            p.round((rounded - cash).max(Decimal::ZERO))
        })
    });
    let gift_card = Memo::new(move |_| {
        let no = gift_no.get();
        state.data.with(|d| d.gift_card(&no).cloned())
    });
    // The default of the amount field: the remaining due, capped by the gift card's or store credit's balance.
    let default_amount = Memo::new(move |_| {
        let left = remaining.get();
        match method.get() {
            Method::GiftCard => gift_card
                .with(|g| g.as_ref().map(|g| g.balance.min(left)))
                .unwrap_or(left),
            Method::StoreCredit => customer
                .with(|c| c.as_ref().map(|c| c.store_credit.min(left)))
                .unwrap_or(left),
            _ => left,
        }
        .max(Decimal::ZERO)
    });

    let parse_money = move |text: &str, what: &str| -> Result<Decimal, String> {
        let Some(amount) = parse_amount(text) else {
            return Err(format!("The {what} is not a number."));
        };
        let scale = scale();
        if amount.normalize().scale() > scale {
            return Err(format!("Use at most {scale} decimals for the {what}."));
        }
        Ok(amount)
    };
    let entered_amount = move || -> Result<Decimal, String> {
        match amount_entry.get() {
            Some(text) if !text.trim().is_empty() => parse_money(&text, "amount"),
            _ => Ok(default_amount.get()),
        }
    };

    // The payment being entered with the chosen method: `Ok(None)` when nothing is entered yet.
    let pending = Memo::new(move |_| -> Result<Option<Payment>, String> {
        match method.get() {
            Method::Cash => {
                let text = tendered.get();
                if text.trim().is_empty() {
                    return Ok(None);
                }
                let amount = parse_money(&text, "amount tendered")?;
                Ok(Some(Payment::Cash { amount }))
            }
            Method::Card => {
                let reference = card_ref.get().trim().to_string();
                if reference.is_empty() {
                    return Ok(None);
                }
                Ok(Some(Payment::Card {
                    amount: entered_amount()?,
                    reference,
                }))
            }
            Method::GiftCard => {
                let number = gift_no.get();
                if number.trim().is_empty() {
                    return Ok(None);
                }
                let Some(card) = gift_card.get() else {
                    return Err(format!("Unknown gift card {}.", mask_card(&number)));
                };
                Ok(Some(Payment::GiftCard {
                    amount: entered_amount()?,
                    card: card.code,
                }))
            }
            Method::StoreCredit => {
                let Some(c) = customer.get() else {
                    return Err("Choose a customer to pay with store credit.".into());
                };
                Ok(Some(Payment::StoreCredit {
                    amount: entered_amount()?,
                    account: c.id,
                }))
            }
        }
    });
    let nothing_entered = move || match method.get() {
        Method::Cash => "Enter the amount tendered, or choose Exact.",
        Method::Card => "Enter the reference shown by the card terminal.",
        Method::GiftCard => "Enter the gift card number.",
        Method::StoreCredit => "Choose a customer to pay with store credit.",
    };
    let tender_error = move |e: TenderError| -> String {
        match e {
            TenderError::Underpaid { remaining } => format!("{} still to pay.", money(remaining)),
            other => sentence(&other.to_string()),
        }
    };

    // The payments to complete with, if they settle the total; otherwise what the cashier still has to do.
    let payments = Memo::new(move |_| -> Result<(Vec<Payment>, Settlement), String> {
        let mut all = listed.get();
        let credit = exchange_credit.get();
        match pending.get()? {
            Some(p) => all.push(p),
            None if all.is_empty() && credit.is_none() => return Err(nothing_entered().into()),
            None => {}
        }
        // Cash last: it is the one that gives change.
        all.sort_by_key(Payment::is_cash);
        // Settled as `Exchange::create` will: the exchange credit first.
        let with_credit: Vec<Payment> = credit.into_iter().chain(all.iter().cloned()).collect();
        let settlement = policy.with(|p| {
            balances.with(|b| settle(total.get(), Decimal::ZERO, &with_credit, p, Some(b)))
        });
        match settlement {
            Ok(s) => Ok((all, s)),
            Err(TenderError::Underpaid { .. }) if pending.with(|p| matches!(p, Ok(None))) => {
                Err(format!(
                    "{} still to pay. {}",
                    money(remaining.get()),
                    nothing_entered()
                ))
            }
            Err(e) => Err(tender_error(e)),
        }
    });

    let change_text = move || match payments.get() {
        Ok((_, s)) => money(s.change),
        Err(_) => {
            let paid = parse_amount(&tendered.get()).unwrap_or(Decimal::ZERO);
            let due = cash_due.get();
            if paid >= due {
                money(paid - due)
            } else {
                format!("{} still to pay", money(due - paid))
            }
        }
    };

    let clear_entry = move || {
        tendered.set(String::new());
        card_ref.set(String::new());
        gift_no.set(String::new());
        amount_entry.set(None);
        for input in [cash_input, card_input, gift_input] {
            if let Some(el) = input.get_untracked() {
                el.set_value("");
            }
        }
    };
    // A payment that can go on the list: entered, valid on its own, and (unless cash) within what is left.
    // Cash with nothing typed adds the cash due.
    let addable = Memo::new(move |_| -> Result<Payment, String> {
        let p = match pending.get()? {
            Some(p) => p,
            None if method.get() == Method::Cash => Payment::Cash {
                amount: cash_due.get(),
            },
            None => return Err(nothing_entered().to_string()),
        };
        if p.amount() <= Decimal::ZERO {
            return Err("Payment amounts must be positive.".into());
        }
        if !p.is_cash() && p.amount() > remaining.get() {
            return Err(format!(
                "Only {} is left to pay; only cash can be more.",
                money(remaining.get())
            ));
        }
        Ok(p)
    });
    let add_payment = move || {
        if let Ok(p) = addable.get_untracked() {
            listed.update(|l| l.push(p));
            failure.set(None);
            clear_entry();
            let focus = match method.get_untracked() {
                Method::Cash => cash_input,
                Method::Card => card_input,
                Method::GiftCard => gift_input,
                Method::StoreCredit => amount_input,
            };
            if let Some(el) = focus.get_untracked() {
                let _ = el.focus();
            }
        }
    };

    // Focus the field of the chosen method when it appears.
    Effect::new(move |_| {
        let el = match method.get() {
            Method::Cash => cash_input.get(),
            Method::Card => card_input.get(),
            Method::GiftCard => gift_input.get(),
            Method::StoreCredit => amount_input.get(),
        };
        if let Some(el) = el {
            let _ = el.focus();
        }
    });

    let complete = move || {
        if busy.get_untracked() {
            return;
        }
        let Ok((list, _)) = payments.get_untracked() else {
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
    // Enter completes when the payment settles, otherwise adds what is entered to the list.
    let on_field_key = move |ev: KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            if payments.with_untracked(Result::is_ok) {
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
    let quick = move |amount: Decimal| {
        let text = amount_text(amount);
        tendered.set(text.clone());
        if let Some(el) = cash_input.get_untracked() {
            el.set_value(&text);
            let _ = el.focus();
        }
    };
    let notes = move || {
        let t = cash_due.get();
        NOTES
            .iter()
            .map(|&n| Decimal::from(n))
            .filter(|n| *n > t)
            .collect::<Vec<_>>()
    };

    let amount_field = move || {
        view! {
            <label class="field">
                <span>"Amount"</span>
                <input
                    class="amount-input"
                    type="text"
                    aria-label="Amount"
                    inputmode="decimal"
                    autocomplete="off"
                    node_ref=amount_input
                    prop:value=move || amount_entry.get().unwrap_or_else(|| amount_text(default_amount.get()))
                    on:input=move |ev| amount_entry.set(Some(event_target_value(&ev)))
                    on:keydown=on_field_key
                />
            </label>
        }
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
                        placeholder=move || amount_text(cash_due.get())
                        value=tendered.get_untracked()
                        node_ref=cash_input
                        on:input=move |ev| tendered.set(event_target_value(&ev))
                        on:keydown=on_field_key
                    />
                </label>
                <div class="quick-tenders" role="group" aria-label="Quick amounts">
                    <button type="button" class="secondary" on:click=move |_| quick(cash_due.get_untracked())>
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
                {move || {
                    policy
                        .with(|p| p.cash_rounding.is_some())
                        .then(|| {
                            view! {
                                <div class="change-row cash-due">
                                    <span>"Cash due (rounded)"</span>
                                    " "
                                    <output aria-label="Cash due">{move || money(cash_due.get())}</output>
                                </div>
                            }
                        })
                }}
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
                {amount_field()}
            </div>
        }
    };
    let gift_view = move || {
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
                        value=gift_no.get_untracked()
                        node_ref=gift_input
                        on:input=move |ev| {
                            gift_no.set(event_target_value(&ev));
                            amount_entry.set(None);
                        }
                        on:keydown=on_field_key
                    />
                </label>
                <p class="card-amount">
                    {move || {
                        gift_card
                            .get()
                            .map(|g| format!("Balance {}", money(g.balance)))
                            .unwrap_or_default()
                    }}
                </p>
                {amount_field()}
            </div>
        }
    };
    let credit_view = move || {
        view! {
            <div class="pay-method-body">
                <p class="card-amount">
                    {move || match customer.get() {
                        Some(c) => format!("Store credit of {}: {}", c.name, money(c.store_credit)),
                        None => "Choose a customer in the cart to pay with store credit.".into(),
                    }}
                </p>
                {amount_field()}
            </div>
        }
    };
    let method_button = move |m: Method, label: &'static str| {
        let disabled = move || m == Method::StoreCredit && customer.with(Option::is_none);
        view! {
            <button
                type="button"
                class="method"
                aria-pressed=move || if method.get() == m { "true" } else { "false" }
                disabled=disabled
                on:click=move |_| {
                    method.set(m);
                    amount_entry.set(None);
                }
            >
                {label}
            </button>
        }
    };
    let listed_view = move || {
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
                                amount_entry.set(None);
                            }
                        >
                            "Remove"
                        </button>
                    </li>
                }
            })
            .collect_view()
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
                {move || {
                    exchange_credit
                        .get()
                        .map(|c| {
                            view! {
                                <div class="change-row">
                                    <span>"Exchange credit"</span>
                                    " "
                                    <strong>{format!("\u{2212}{}", money(c.amount()))}</strong>
                                </div>
                            }
                        })
                }}
                {move || {
                    paid_back
                        .get()
                        .map(|d| {
                            view! {
                                <p class="card-amount">
                                    {format!("The customer gets {} back for the returned items.", money(d))}
                                </p>
                            }
                        })
                }}
                <div class="methods" role="group" aria-label="Payment method">
                    {method_button(Method::Cash, "Cash")}
                    {method_button(Method::Card, "Card")}
                    {method_button(Method::GiftCard, "Gift card")}
                    {method_button(Method::StoreCredit, "Store credit")}
                </div>
                {move || match method.get() {
                    Method::Cash => cash_view().into_any(),
                    Method::Card => card_view().into_any(),
                    Method::GiftCard => gift_view().into_any(),
                    Method::StoreCredit => credit_view().into_any(),
                }}
                <div class="split">
                    <ul class="tenders" aria-label="Payments">{listed_view}</ul>
                    <div class="split-row">
                        <button
                            type="button"
                            class="secondary"
                            disabled=move || addable.with(Result::is_err)
                            on:click=move |_| add_payment()
                        >
                            "Add payment"
                        </button>
                        <span class="remaining">
                            "Remaining "
                            <output aria-label="Remaining">{move || money(remaining.get())}</output>
                        </span>
                    </div>
                </div>
                <p class="pay-hint" class:error=move || failure.with(Option::is_some)>
                    {move || {
                        failure
                            .get()
                            .or_else(|| payments.get().err())
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
                        disabled=move || busy.get() || payments.with(Result::is_err)
                        on:click=move |_| complete()
                    >
                        "Complete sale"
                    </button>
                </div>
            </div>
        </div>
    }
}
