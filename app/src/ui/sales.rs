//! Today's sales on this terminal, newest first, with their sync state; a sale opens its receipt.

use crate::actions;
use crate::db::sales::SaleRecord;
use crate::format;
use crate::state::use_state;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn TodaysSales() -> impl IntoView {
    let state = use_state();
    let rows = RwSignal::new(None::<Vec<SaleRecord>>);
    Effect::new(move |_| {
        state.sales_rev.track();
        spawn_local(async move {
            match crate::db::sales::list_since(format::start_of_today_ms()).await {
                Ok(list) => rows.set(Some(list)),
                Err(e) => state.error.set(Some(e.cashier_message())),
            }
        });
    });
    let summary = move || {
        rows.with(|r| {
            r.as_ref().map(|list| {
                let total = list.iter().map(|r| r.sale.total).sum();
                let pending = list.iter().filter(|r| !r.synced).count();
                format!(
                    "{} sales \u{b7} {} \u{b7} {} pending",
                    list.len(),
                    state.settings.with(|s| format::money(s, total)),
                    pending
                )
            })
        })
    };
    let body = move || {
        let Some(list) = rows.get() else {
            return view! { <p class="empty">"Loading\u{2026}"</p> }.into_any();
        };
        if list.is_empty() {
            return view! { <p class="empty">"No sales yet today."</p> }.into_any();
        }
        let items = list
            .into_iter()
            .map(|record| {
                let sale = record.sale;
                let time = format::local_time(sale.created_at.timestamp_millis() as f64);
                let total = state.settings.with(|s| format::money(s, sale.total));
                let receipt_no = sale.receipt_no.clone();
                let state_text = if record.synced { "synced" } else { "pending" };
                view! {
                    <tr class="sale-row">
                        <td>
                            <button
                                type="button"
                                class="link-button"
                                on:click=move |_| actions::show_receipt(state, sale.clone(), true)
                            >
                                {receipt_no}
                            </button>
                        </td>
                        <td>{time}</td>
                        <td class="num">{total}</td>
                        <td>
                            <span class="badge" class:synced=record.synced>
                                {state_text}
                            </span>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="sales-table">
                <thead>
                    <tr>
                        <th scope="col">"Receipt"</th>
                        <th scope="col">"Time"</th>
                        <th scope="col" class="num">"Total"</th>
                        <th scope="col">"State"</th>
                    </tr>
                </thead>
                <tbody>{items}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <section class="sales" aria-label="Today's sales">
            <div class="sales-head">
                <h2>"Today's sales"</h2>
                <p class="sales-summary">{summary}</p>
            </div>
            {body}
        </section>
    }
}
