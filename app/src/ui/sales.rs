//! Today's sales, refunds and voids on this terminal (a voided sale says VOID), newest first, with their sync state; each opens its receipt.

use super::format;
use super::sale_search::FindSale;
use crate::model::records::{RefundRecord, SaleRecord, VoidRecord};
use crate::services::state::{use_state, Document};
use crate::services::{actions, history};
use leptos::prelude::*;
use leptos::task::spawn_local;
use rust_decimal::Decimal;
use shared::document::SaleDocument;

/// One row of the list.
#[derive(Clone)]
struct Row {
    ms: f64,
    receipt_no: String,
    kind: &'static str,
    /// Negative for refunds and voids.
    amount: Decimal,
    synced: bool,
    /// A sale that was voided (its row says VOID).
    voided: bool,
    document: Document,
}

fn rows_of(sales: Vec<SaleRecord>, refunds: Vec<RefundRecord>, voids: Vec<VoidRecord>) -> Vec<Row> {
    let mut out: Vec<Row> = Vec::new();
    let void_of = |sale: &SaleDocument| voids.iter().find(|v| v.void.sale_id == sale.id);
    for v in &voids {
        // A void is of a sale of today, so its sale is in the list.
        let Some(sale) = sales.iter().find(|s| s.sale.id == v.void.sale_id) else {
            continue;
        };
        out.push(Row {
            ms: v.void.created_at.timestamp_millis() as f64,
            receipt_no: v.void.receipt_no.clone(),
            kind: "Void",
            amount: -(sale.sale.priced.total + sale.sale.tip),
            synced: v.synced,
            voided: false,
            document: Document::Void {
                void: Box::new(v.void.clone()),
                sale: Box::new(sale.sale.clone()),
            },
        });
    }
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
            voided: false,
            document: Document::Refund {
                refund: r.refund.clone(),
                sale_receipt_no,
                sale_units,
            },
        });
    }
    for s in &sales {
        let void = void_of(&s.sale);
        out.push(Row {
            ms: s.sale.created_at.timestamp_millis() as f64,
            receipt_no: s.sale.receipt_no.clone(),
            kind: "Sale",
            amount: s.sale.priced.total + s.sale.tip,
            synced: s.synced,
            voided: void.is_some(),
            document: match void {
                Some(v) => Document::Void {
                    void: Box::new(v.void.clone()),
                    sale: Box::new(s.sale.clone()),
                },
                None => Document::Sale(s.sale.clone()),
            },
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
            let listed = match (
                history::since(state, since).await,
                history::voids(state).await,
            ) {
                (Ok((s, r)), Ok(v)) => Ok((s, r, v)),
                (Err(e), _) | (_, Err(e)) => Err(e),
            };
            match listed {
                Ok((s, r, v)) => rows.set(Some(rows_of(s, r, v))),
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
                let refunds = list.len() - sales - voids;
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
                format!(
                    "{} sales{}{} \u{b7} {} \u{b7} {} pending",
                    sales,
                    refunds,
                    voids,
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
