//! Today's sales, refunds, voids and returns without a receipt on this terminal (a voided sale says VOID), newest first, with their sync state; each opens its receipt.

use super::format;
use super::sale_search::FindSale;
use super::sales_rows::{rows_of, Row};
use crate::services::state::use_state;
use crate::services::{actions, history};
use leptos::prelude::*;
use leptos::task::spawn_local;
use rust_decimal::Decimal;

#[component]
pub fn TodaysSales() -> impl IntoView {
    let state = use_state();
    let rows = RwSignal::new(None::<Vec<Row>>);
    Effect::new(move |_| {
        state.sales_rev.track();
        spawn_local(async move {
            let since = format::start_of_today_ms();
            // Refunds of earlier days' sales still name their sale when it is in today's list only.
            let listed = match (
                history::since(state, since).await,
                history::voids(state).await,
                history::returns_since(state, since).await,
            ) {
                (Ok((s, r)), Ok(v), Ok(u)) => Ok((s, r, v, u)),
                (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => Err(e),
            };
            match listed {
                Ok((s, r, v, u)) => rows.set(Some(rows_of(s, r, v, u))),
                Err(e) => state.error.set(Some(e.cashier_message())),
            }
        });
    });
    let summary = move || {
        rows.with(|r| {
            r.as_ref().map(|list| {
                let total: Decimal = list.iter().map(|r| r.amount).sum();
                let sales = list.iter().filter(|r| r.kind == "Sale").count();
                let voids = list.iter().filter(|r| r.kind == "Void").count();
                let returns = list.iter().filter(|r| r.kind == "Return").count();
                let refunds = list.len() - sales - voids - returns;
                let pending = list.iter().filter(|r| !r.synced).count();
                let refunds = match refunds {
                    0 => String::new(),
                    1 => " \u{b7} 1 refund".into(),
                    n => format!(" \u{b7} {n} refunds"),
                };
                let voids = match voids {
                    0 => String::new(),
                    1 => " \u{b7} 1 void".into(),
                    n => format!(" \u{b7} {n} voids"),
                };
                let returns = match returns {
                    0 => String::new(),
                    1 => " \u{b7} 1 return".into(),
                    n => format!(" \u{b7} {n} returns"),
                };
                format!(
                    "{} sales{}{}{} \u{b7} {} \u{b7} {} pending",
                    sales,
                    refunds,
                    voids,
                    returns,
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
            .map(|row| {
                let time = format::local_time(row.ms);
                let total = state.settings.with(|s| {
                    if row.amount < Decimal::ZERO {
                        format!("\u{2212}{}", format::money(s, -row.amount))
                    } else {
                        format::money(s, row.amount)
                    }
                });
                let state_text = if row.synced { "synced" } else { "pending" };
                let document = row.document;
                view! {
                    <tr class="sale-row" class:refund=row.kind != "Sale" class:voided=row.voided>
                        <td>
                            <button
                                type="button"
                                class="link-button"
                                on:click=move |_| actions::show_receipt(state, document.clone(), true)
                            >
                                {row.receipt_no}
                            </button>
                        </td>
                        <td>
                        {row.kind}
                        {row.voided.then(|| view! { " " <span class="badge void-badge">"VOID"</span> })}
                    </td>
                        <td>{time}</td>
                        <td class="num">{total}</td>
                        <td>
                            <span class="badge" class:synced=row.synced>
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
                        <th scope="col">"Type"</th>
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
            <FindSale />
            {body}
        </section>
    }
}
