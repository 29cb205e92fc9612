//! The back office's Loyalty tab: the programme's form (points per currency unit, expiry, excluded categories,
//! the point value tills redeem at; saved with the version read) and a gift card lookup (balance and its newest ledger lines).

use super::form_parts::{error_for, FormText};
use crate::model::loyalty_form::{kind_words, LoyaltyForm};
use crate::model::product_form::FieldError;
use crate::services::office::Access;
use crate::services::office_loyalty;
use crate::services::state::use_state;
use crate::ui::format;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::loyalty::wire::{GiftCardLedger, LoyaltySettings};

#[component]
pub fn LoyaltyScreen(access: Access) -> impl IntoView {
    view! {
        <section class="office" aria-label="Loyalty">
            <div class="office-head">
                <h1 class="office-title">"Loyalty"</h1>
            </div>
            <ProgrammeForm access />
            <GiftCardLookup access />
        </section>
    }
}

#[component]
fn ProgrammeForm(access: Access) -> impl IntoView {
    let state = use_state();
    let base = RwSignal::new(None::<LoyaltySettings>);
    let form = RwSignal::new(LoyaltyForm::default());
    let error = RwSignal::new(None::<FieldError>);
    let note = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let load = move || {
        spawn_local(async move {
            match office_loyalty::load(state, access).await {
                Ok(s) => {
                    form.set(LoyaltyForm::of(&s));
                    base.set(Some(s));
                }
                Err(message) => error.set(Some(FieldError::new("", message))),
            }
        });
    };
    load();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(read) = base.get_untracked() else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        note.set(None);
        let typed = form.get_untracked();
        spawn_local(async move {
            let result = office_loyalty::save(state, access, &typed, &read).await;
            busy.set(false);
            match result {
                Ok(s) => {
                    form.set(LoyaltyForm::of(&s));
                    base.set(Some(s));
                    note.set(Some("Programme saved.".into()));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <form class="office-form" aria-label="Loyalty programme" on:submit=save novalidate>
            <h2>"Programme"</h2>
            <div class="office-form-grid">
                <FormText
                    prefix="loyalty"
                    label="Points per currency unit"
                    name="points_per_unit"
                    form
                    error
                    get=|f| &f.points_per_unit
                    put=|f, v| f.points_per_unit = v
                />
                <FormText
                    prefix="loyalty"
                    label="Points expire after (days, empty: never)"
                    name="expiry_days"
                    form
                    error
                    get=|f| &f.expiry_days
                    put=|f, v| f.expiry_days = v
                />
                <FormText
                    prefix="loyalty"
                    label="Categories that earn nothing (ids, comma-separated)"
                    name="excluded"
                    form
                    error
                    get=|f| &f.excluded
                    put=|f, v| f.excluded = v
                />
                <FormText
                    prefix="loyalty"
                    label="One point is worth (empty: tills do not redeem points)"
                    name="point_value"
                    form
                    error
                    get=|f| &f.point_value
                    put=|f, v| f.point_value = v
                />
            </div>
            {move || error_for(error, "").map(|message| view! {
                <p class="office-error" role="alert">{message}</p>
            })}
            <p class="office-note" role="status">{move || note.get()}</p>
            <div class="office-actions">
                <button type="submit" class="primary" disabled=move || busy.get() || base.with(Option::is_none)>
                    "Save"
                </button>
            </div>
        </form>
    }
}

#[component]
fn GiftCardLookup(access: Access) -> impl IntoView {
    let state = use_state();
    let code = RwSignal::new(String::new());
    let found = RwSignal::new(None::<Result<GiftCardLedger, String>>);
    let look = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = code.get_untracked();
        if typed.trim().is_empty() {
            return;
        }
        spawn_local(async move {
            found.set(Some(office_loyalty::gift_card(state, access, &typed).await));
        });
    };
    let money = move |a| state.settings.with(|s| format::money(s, a));
    let result = move || {
        found.get().map(|r| match r {
            Err(message) => view! { <p class="office-error" role="alert">{message}</p> }.into_any(),
            Ok(card) => {
                let rows = card
                    .entries
                    .iter()
                    .map(|e| {
                        let when = format::local_date_time(e.at.timestamp_millis() as f64);
                        view! {
                            <tr>
                                <td>{when}</td>
                                <td>{kind_words(e)}</td>
                                <td class="num">{money(e.amount)}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <p class="gift-card-balance" role="status">
                        {format!("{}: balance {}", card.code, money(card.balance))}
                    </p>
                    <div class="office-table-wrap">
                        <table class="audit-table">
                            <caption>"Gift card ledger, newest first"</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"When"</th>
                                    <th scope="col">"What"</th>
                                    <th scope="col">"Amount"</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            }
        })
    };
    view! {
        <form class="office-form" aria-label="Gift card lookup" on:submit=look>
            <h2>"Gift card"</h2>
            <label class="field">
                <span>"Card number"</span>
                <input
                    type="search"
                    name="gift_card"
                    autocomplete="off"
                    autocapitalize="characters"
                    spellcheck="false"
                    on:input=move |ev| code.set(event_target_value(&ev))
                />
            </label>
            <div class="office-actions">
                <button type="submit" class="secondary">"Look up"</button>
            </div>
        </form>
        {result}
    }
}
