//! "Find a sale" on Today's sales: one box for a scanned or typed receipt number, a day, a total or a customer
//! (`model::sale_search`), searched on the server across tills and days (online only), newest first, 20 at a
//! time with "More"; a found sale opens its receipt, to refund it, and Back comes to the same list (kept in
//! `AppState::found_sales`).

use super::format;
use crate::model::sale_search::{FoundSales, SaleTerm};
use crate::services::state::{use_state, Document};
use crate::services::{actions, history};
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn FindSale() -> impl IntoView {
    let state = use_state();
    // Kept in the state: Back from a found sale's receipt shows the same list.
    let found = state.found_sales;
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let fetch = move |term: SaleTerm, after: Option<String>| {
        busy.set(true);
        failure.set(None);
        spawn_local(async move {
            match history::search_sales(state, &term, after.clone()).await {
                Ok(page) => found.update(|f| f.page(term, after.is_none(), page.sales, page.next)),
                Err(e) => failure.set(Some(e.cashier_message())),
            }
            busy.set(false);
        });
    };
    let find = move || {
        if let Some(term) = SaleTerm::parse(&found.with_untracked(|f| f.text.clone())) {
            fetch(term, None);
        }
    };
    let on_key = move |ev: KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            find();
        }
    };
    let online = move || state.sync.online();
    let rows = move || {
        found
            .with(|f| f.sales.clone())
            .into_iter()
            .map(|sale| {
                let when = format::local_date_time(sale.created_at.timestamp_millis() as f64);
                let total = state.settings.with(|s| format::money(s, sale.priced.total));
                let customer = sale.customer_id.clone().map(|id| {
                    state
                        .data
                        .with(|d| d.customers.iter().find(|c| c.id == id).map(|c| c.name.clone()))
                        .unwrap_or(id)
                });
                let no = sale.receipt_no.clone();
                view! {
                    <tr class="sale-row">
                        <td>
                            <button
                                type="button"
                                class="link-button"
                                on:click=move |_| actions::show_receipt(state, Document::Sale(sale.clone()), true)
                            >
                                {no}
                            </button>
                        </td>
                        <td>{when}</td>
                        <td class="num">{total}</td>
                        <td>{customer.unwrap_or_default()}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let summary = move || found.with(FoundSales::summary);
    view! {
        <section class="find-sale" aria-label="Find a sale">
            <div class="find-sale-bar">
                <input
                    type="search"
                    autocomplete="off"
                    aria-label="Find a sale"
                    placeholder="Receipt no., date, total or customer"
                    disabled=move || !online()
                    prop:value=move || found.with(|f| f.text.clone())
                    on:input=move |ev| found.update(|f| f.text = event_target_value(&ev))
                    on:keydown=on_key
                />
                <button
                    type="button"
                    class="secondary"
                    disabled=move || busy.get() || !online() || found.with(|f| f.text.trim().is_empty())
                    on:click=move |_| find()
                >
                    "Find"
                </button>
            </div>
            <Show when=move || !online()>
                <p class="muted">"Finding sales of other tills and days needs the network."</p>
            </Show>
            {move || failure.get().map(|f| view! { <p class="pay-hint error" role="alert">{f}</p> })}
            {move || summary().map(|s| view! { <p class="muted" role="status">{s}</p> })}
            <Show when=move || found.with(|f| !f.sales.is_empty())>
                <table class="sales-table" aria-label="Sales found">
                    <thead>
                        <tr>
                            <th scope="col">"Receipt"</th>
                            <th scope="col">"Time"</th>
                            <th scope="col" class="num">"Total"</th>
                            <th scope="col">"Customer"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </Show>
            <Show when=move || found.with(|f| f.next.is_some())>
                <button
                    type="button"
                    class="secondary"
                    disabled=move || busy.get()
                    on:click=move |_| {
                        let (term, after) = found.with_untracked(|f| (f.searched.clone(), f.next.clone()));
                        if let (Some(term), Some(after)) = (term, after) {
                            fetch(term, Some(after));
                        }
                    }
                >
                    "More"
                </button>
            </Show>
        </section>
    }
}
