//! The parts every receipt shares: the store's head with the document number and time, who made and who
//! approved it, the tax table, and rows of text and amount (`model::receipt::Row`).

use super::format;
use crate::model::receipt::Row;
use leptos::prelude::*;
use shared::catalog::StoreSettings;
use shared::document::{Approval, StaffStamp};
use shared::pricing::priced::RateTotal;

/// Who made the document ("Cashier: NAME") and who approved it ("Approved by NAME"), when stamped.
pub fn staff_lines(cashier: Option<&StaffStamp>, approval: Option<&Approval>) -> impl IntoView {
    let cashier = cashier.map(|c| format!("Cashier: {}", c.name));
    let approver = approval.map(|a| format!("Approved by {}", a.approver.name));
    view! {
        {cashier.map(|t| view! { <p class="r-cashier">{t}</p> })}
        {approver.map(|t| view! { <p class="r-approver">{t}</p> })}
    }
}

/// Store name and address, the document's number and time.
pub fn head(s: &StoreSettings, number: String, created_ms: f64, rfc3339: String) -> impl IntoView {
    view! {
        <header class="r-head">
            <h2 class="r-store">{s.name.clone()}</h2>
            {s.address.iter().map(|a| view! { <p class="r-address">{a.clone()}</p> }).collect_view()}
        </header>
        <p class="r-number">{number}</p>
        <p class="r-time">
            <time datetime=rfc3339>{format::local_date_time(created_ms)}</time>
        </p>
    }
}

pub fn tax_table(s: &StoreSettings, taxes: &[RateTotal]) -> impl IntoView {
    let rows = taxes
        .iter()
        .map(|t| {
            view! {
                <tr>
                    <td>{t.name.clone()}</td>
                    " "
                    <td class="num">{format::amount(s, t.net)}</td>
                    " "
                    <td class="num">{format::amount(s, t.tax)}</td>
                    " "
                    <td class="num">{format::amount(s, t.gross)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
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
            <tbody>{rows}</tbody>
        </table>
    }
}

/// One receipt row: its text, a space, its amount (kept on one line at the right).
pub fn row(row: Row, class: &'static str) -> impl IntoView {
    view! {
        <p class=format!("r-row r-pair {class}")>
            <span class="r-text">{row.text}</span>
            " "
            <span class="r-amount">{row.amount}</span>
        </p>
    }
}

pub fn rows(rows: Vec<Row>) -> impl IntoView {
    rows.into_iter().map(|r| row(r, "")).collect_view()
}
