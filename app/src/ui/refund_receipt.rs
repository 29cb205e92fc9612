//! The receipt of a refund: the original receipt, the reason, lines, taxes, what was paid back and how.

use super::format;
use super::receipt_parts::{head, row, staff_lines, tax_table};
use crate::model::commerce::payment_text;
use crate::model::receipt::{item_text, signed, Row};
use leptos::prelude::*;
use shared::basket::Unit;
use shared::catalog::StoreSettings;
use shared::document::Refund;

#[component]
pub fn RefundReceipt(
    refund: Refund,
    sale_receipt_no: Option<String>,
    /// The unit of each line of the refunded sale (empty when the sale is not on this terminal).
    sale_units: Vec<shared::basket::Unit>,
    settings: StoreSettings,
) -> impl IntoView {
    let s = settings;
    let lines = refund
        .lines
        .iter()
        .map(|l| {
            let unit = match sale_units.get(l.line) {
                Some(unit) => *unit,
                None if l.quantity.normalize().scale() > 0 => Unit::Kilogram,
                None => Unit::Each,
            };
            row(
                Row::new(
                    item_text(unit, l.quantity, &l.name),
                    format::amount(&s, l.gross),
                ),
                "",
            )
        })
        .collect_view();
    let payouts = refund
        .payouts
        .iter()
        .map(|p| view! { <p class="r-row">{format!("Paid back: {}", payment_text(&s.currency, &p.payment))}</p> })
        .collect_view();
    let rounding = refund.rounding;
    view! {
        <section class="receipt" aria-label="Receipt">
            {head(
                &s,
                format!("Refund {}", refund.receipt_no),
                refund.created_at.timestamp_millis() as f64,
                refund.created_at.to_rfc3339(),
            )}
            <p class="r-original">
                {format!("Refund of receipt {}", sale_receipt_no.unwrap_or_else(|| refund.sale_id.to_string()))}
            </p>
            <p class="r-reason">{format!("Reason: {}", refund.reason)}</p>
            {staff_lines(refund.cashier.as_ref(), refund.approval.as_ref())}
            <div class="r-lines">{lines}</div>
            {tax_table(&s, &refund.taxes)}
            <p class="r-row r-total">{format!("Refund total {}", format::money(&s, refund.total))}</p>
            {payouts}
            {(!rounding.is_zero())
                .then(|| {
                    view! { <p class="r-row">{format!("Cash rounding {}", signed(&s.currency, rounding))}</p> }
                })}
        </section>
    }
}
