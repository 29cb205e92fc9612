//! Today's sales and refunds on this terminal, newest first, with their sync state; each opens its receipt.

use super::format;
use crate::model::records::{RefundRecord, SaleRecord};
use crate::services::state::{use_state, Document};
use crate::services::{actions, history};
use leptos::prelude::*;
use leptos::task::spawn_local;
use rust_decimal::Decimal;

/// One row of the list.
#[derive(Clone)]
struct Row {
    ms: f64,
    receipt_no: String,
    kind: &'static str,
    /// Negative for refunds.
    amount: Decimal,
    synced: bool,
    document: Document,
}

fn rows_of(sales: Vec<SaleRecord>, refunds: Vec<RefundRecord>) -> Vec<Row> {
    let mut out: Vec<Row> = Vec::new();
    for r in &refunds {
        let sale = sales.iter().find(|s| s.sale.id == r.refund.sale_id);
        let sale_receipt_no = sale.map(|s| s.sale.receipt_no.clone());
        let sale_units = sale
            .map(|s| s.sale.priced.lines.iter().map(|l| l.unit).collect())
            .unwrap_or_default();
        out.push(Row {
            ms: r.refund.created_at.timestamp_millis() as f64,
            receipt_no: r.refund.receipt_no.clone(),
            kind: "Refund",
            amount: -r.refund.total,
            synced: r.synced,
            document: Document::Refund {
                refund: r.refund.clone(),
                sale_receipt_no,
                sale_units,
            },
        });
    }
    for s in sales {
        out.push(Row {
            ms: s.sale.created_at.timestamp_millis() as f64,
            receipt_no: s.sale.receipt_no.clone(),
            kind: "Sale",
            amount: s.sale.priced.total,
            synced: s.synced,
            document: Document::Sale(s.sale),
        });
    }
    out.sort_by(|a, b| {
        b.ms.total_cmp(&a.ms)
            .then_with(|| b.receipt_no.cmp(&a.receipt_no))
    });
    out
}

#[component]
pub fn TodaysSales() -> impl IntoView {
    let state = use_state();
    let rows = RwSignal::new(None::<Vec<Row>>);
    Effect::new(move |_| {
        state.sales_rev.track();
        spawn_local(async move {
            let since = format::start_of_today_ms();
            // Refunds of earlier days' sales still name their sale when it is in today's list only.
            match history::since(state, since).await {
                Ok((s, r)) => rows.set(Some(rows_of(s, r))),
                Err(e) => state.error.set(Some(e.cashier_message())),
            }
        });
    });
    let summary = move || {
        rows.with(|r| {
            r.as_ref().map(|list| {
                let total: Decimal = list.iter().map(|r| r.amount).sum();
                let sales = list.iter().filter(|r| r.kind == "Sale").count();
                let refunds = list.len() - sales;
                let pending = list.iter().filter(|r| !r.synced).count();
                let refunds = match refunds {
                    0 => String::new(),
                    1 => " \u{b7} 1 refund".into(),
                    n => format!(" \u{b7} {n} refunds"),
                };
                format!(
                    "{} sales{} \u{b7} {} \u{b7} {} pending",
                    sales,
                    refunds,
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
                    <tr class="sale-row" class:refund=row.kind == "Refund">
                        <td>
                            <button
                                type="button"
                                class="link-button"
                                on:click=move |_| actions::show_receipt(state, document.clone(), true)
                            >
                                {row.receipt_no}
                            </button>
                        </td>
                        <td>{row.kind}</td>
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
            {body}
        </section>
    }
}
