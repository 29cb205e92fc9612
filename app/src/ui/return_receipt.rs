//! The receipt of a return without a receipt: "Return without receipt", the reason, the lines with the price
//! given back (and the current price when lower was given), taxes, what was paid back and how.

use super::format;
use super::receipt_parts::{head, row, staff_lines, tax_table};
use crate::model::commerce::payment_text;
use crate::model::receipt::{item_text, signed, Row};
use leptos::prelude::*;
use shared::catalog::StoreSettings;
use shared::document::UnreceiptedReturn;

#[component]
pub fn ReturnReceipt(made: UnreceiptedReturn, settings: StoreSettings) -> impl IntoView {
    let s = settings;
    let lines = made
        .lines
        .iter()
        .map(|l| {
            let lower = (l.unit_price < l.list_unit_price).then(|| {
                view! {
                    <p class="r-row r-note">
                        {format!(
                            "  at {} (now {})",
                            format::money(&s, l.unit_price),
                            format::money(&s, l.list_unit_price),
                        )}
                    </p>
                }
            });
            view! {
                {row(Row::new(item_text(l.unit, l.quantity, &l.name), format::amount(&s, l.gross)), "")}
                {lower}
            }
        })
        .collect_view();
    let payouts = made
        .payouts
        .iter()
        .map(|p| view! { <p class="r-row">{format!("Paid back: {}", payment_text(&s.currency, p))}</p> })
        .collect_view();
    let rounding = made.rounding;
    view! {
        <section class="receipt" aria-label="Receipt">
            {head(
                &s,
                format!("Return {}", made.receipt_no),
                made.created_at.timestamp_millis() as f64,
                made.created_at.to_rfc3339(),
            )}
            <p class="r-original">"Return without receipt"</p>
            <p class="r-reason">{format!("Reason: {}", made.reason)}</p>
            {staff_lines(made.cashier.as_ref(), made.approval.as_ref())}
            <div class="r-lines">{lines}</div>
            {tax_table(&s, &made.taxes)}
            <p class="r-row r-total">{format!("Return total {}", format::money(&s, made.total))}</p>
            {payouts}
            {(!rounding.is_zero())
                .then(|| {
                    view! { <p class="r-row">{format!("Cash rounding {}", signed(&s.currency, rounding))}</p> }
                })}
        </section>
    }
}
