//! A purchase order's printable page: supplier, delivery date, lines (ordered, cost, line total) and the total;
//! the print CSS (`style/main.css`, `@media print`) prints only this page.

use crate::model::quantity;
use crate::model::stock_sheet::{Sheet, SheetLine};
use leptos::prelude::*;
use rust_decimal::Decimal;
use shared::purchasing::PurchaseOrder;

/// An amount at cost, to 2 decimals (no currency: costs are the supplier's).
pub(super) fn money(d: Decimal) -> String {
    format!("{:.2}", d.round_dp(2))
}

#[component]
pub fn OrderPrint(order: PurchaseOrder, sheet: Sheet, supplier: String) -> impl IntoView {
    let ordered = Sheet {
        lines: order
            .lines
            .iter()
            .map(|o| {
                let known = sheet.lines.iter().find(|l| l.product_id == o.product_id);
                SheetLine {
                    product_id: o.product_id.clone(),
                    sku: known.map(|l| l.sku.clone()).unwrap_or_default(),
                    name: known
                        .map(|l| l.name.clone())
                        .unwrap_or_else(|| o.product_id.clone()),
                    barcodes: Vec::new(),
                    cost: Some(o.unit_cost),
                    expected: o.received,
                    quantity: o.ordered,
                }
            })
            .collect(),
    };
    let total = money(ordered.total());
    let rows = ordered
        .lines
        .iter()
        .map(|l| {
            let line_total = money(l.quantity * l.cost.unwrap_or_default());
            view! {
                <tr>
                    <td>{l.sku.clone()}</td>
                    <td>{l.name.clone()}</td>
                    <td class="num">{quantity(l.quantity)}</td>
                    <td class="num">{money(l.cost.unwrap_or_default())}</td>
                    <td class="num">{line_total}</td>
                </tr>
            }
        })
        .collect_view();
    let print = |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <article class="po-print" aria-label="Purchase order">
            <h2>"Purchase order"</h2>
            <p>{format!("Supplier: {supplier}")}</p>
            <p>{format!("Order {}", order.id)}</p>
            <p>{format!("Expected {}", order.expected_at.format("%Y-%m-%d"))}</p>
            <table class="audit-table">
                <thead>
                    <tr>
                        <th scope="col">"SKU"</th>
                        <th scope="col">"Item"</th>
                        <th scope="col">"Quantity"</th>
                        <th scope="col">"Unit cost"</th>
                        <th scope="col">"Line total"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
                <tfoot>
                    <tr><th scope="row" colspan="4">"Total"</th><td class="num">{total}</td></tr>
                </tfoot>
            </table>
            <button type="button" class="secondary no-print" on:click=print>"Print"</button>
        </article>
    }
}
