//! The receipt: store, number, time, lines, tax table, total, tenders and change; print or start a new sale.

use crate::actions;
use crate::format;
use crate::state::{use_state, Screen};
use leptos::html::Button;
use leptos::prelude::*;
use shared::catalog::StoreSettings;
use shared::sale::{Sale, Tender};

#[component]
pub fn ReceiptScreen(from_list: bool) -> impl IntoView {
    let state = use_state();
    let primary = NodeRef::<Button>::new();
    Effect::new(move |_| {
        if let Some(el) = primary.get() {
            let _ = el.focus();
        }
    });
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <div class="receipt-screen">
            {move || {
                state
                    .receipt
                    .get()
                    .map(|sale| {
                        let settings = state.settings.get_untracked();
                        view! { <Receipt sale settings /> }
                    })
            }}
            <div class="receipt-actions">
                <button type="button" class="secondary" on:click=print>
                    "Print receipt"
                </button>
                {if from_list {
                    view! {
                        <button
                            type="button"
                            class="primary"
                            node_ref=primary
                            on:click=move |_| state.screen.set(Screen::Sales)
                        >
                            "Back to today's sales"
                        </button>
                    }
                        .into_any()
                } else {
                    view! {
                        <button
                            type="button"
                            class="primary"
                            node_ref=primary
                            on:click=move |_| actions::new_sale(state)
                        >
                            "New sale"
                        </button>
                    }
                        .into_any()
                }}
            </div>
        </div>
    }
}

fn tender_text(settings: &StoreSettings, tender: &Tender) -> String {
    match tender {
        Tender::Cash { amount } => format!("Cash {}", format::money(settings, *amount)),
        Tender::Card { amount, reference } => {
            format!("Card ref {reference} {}", format::money(settings, *amount))
        }
    }
}

#[component]
pub fn Receipt(sale: Sale, settings: StoreSettings) -> impl IntoView {
    // Amounts are shown in the sale's own currency.
    let s = StoreSettings {
        currency: sale.currency.clone(),
        ..settings
    };
    let when = format::local_date_time(sale.created_at.timestamp_millis() as f64);
    let lines = sale
        .lines
        .iter()
        .map(|l| {
            let unit = (l.quantity != rust_decimal::Decimal::ONE).then(|| {
                format!(
                    "{} \u{d7} {}",
                    format::quantity(l.quantity),
                    format::amount(&s, l.unit_price)
                )
            });
            view! {
                <tr>
                    <td class="r-item">
                        {format!("{} \u{d7} {}", format::quantity(l.quantity), l.name)}
                        {unit.map(|u| view! { <span class="r-unit">{u}</span> })}
                    </td>
                    " "
                    <td class="num">{format::amount(&s, l.gross)}</td>
                </tr>
            }
        })
        .collect_view();
    let taxes = sale
        .taxes
        .iter()
        .map(|t| {
            view! {
                <tr>
                    <td>{t.name.clone()}</td>
                    " "
                    <td class="num">{format::amount(&s, t.net)}</td>
                    " "
                    <td class="num">{format::amount(&s, t.tax)}</td>
                    " "
                    <td class="num">{format::amount(&s, t.gross)}</td>
                </tr>
            }
        })
        .collect_view();
    let tenders = sale
        .tenders
        .iter()
        .map(|t| view! { <p class="r-row">{tender_text(&s, t)}</p> })
        .collect_view();
    view! {
        <section class="receipt" aria-label="Receipt">
            <header class="r-head">
                <h2 class="r-store">{s.name.clone()}</h2>
                {s.address.iter().map(|a| view! { <p class="r-address">{a.clone()}</p> }).collect_view()}
            </header>
            <p class="r-number">{format!("Receipt {}", sale.receipt_no)}</p>
            <p class="r-time">
                <time datetime=sale.created_at.to_rfc3339()>{when}</time>
            </p>
            <table class="r-lines">
                <tbody>{lines}</tbody>
            </table>
            <table class="r-taxes">
                <thead>
                    <tr>
                        <th scope="col">"Rate"</th>
                        " "
                        <th scope="col" class="num">"Net"</th>
                        " "
                        <th scope="col" class="num">"Tax"</th>
                        " "
                        <th scope="col" class="num">"Gross"</th>
                    </tr>
                </thead>
                <tbody>{taxes}</tbody>
            </table>
            <p class="r-row r-total">{format!("Total {}", format::money(&s, sale.total))}</p>
            {tenders}
            <p class="r-row">{format!("Change {}", format::money(&s, sale.change))}</p>
            <p class="r-thanks">"Thank you!"</p>
        </section>
    }
}
