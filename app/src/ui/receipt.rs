//! The receipt of a sale (lines with their promotions and discounts, order discounts, what the customer saved,
//! tax per rate, total, every payment, cash rounding, change) or of a refund (the original receipt, lines,
//! taxes, payouts); print it, refund from it, or go on.

use super::cart::minus;
use crate::actions;
use crate::auth;
use crate::commerce::{self, adjustment_label, is_line_level, payment_text};
use crate::format;
use crate::state::{use_state, AfterApproval, Document, Screen};
use leptos::html::Button;
use leptos::prelude::*;
use rust_decimal::Decimal;
use shared::auth::Permission;
use shared::catalog::StoreSettings;
use shared::document::{Approval, Refund, SaleDocument, StaffStamp};
use shared::money::Currency;
use shared::pricing::priced::RateTotal;

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
    let refundable = move || match state.receipt.get() {
        Some(Document::Sale(sale)) if from_list => Some(sale),
        _ => None,
    };
    view! {
        <div class="receipt-screen">
            {move || {
                state
                    .receipt
                    .get()
                    .map(|doc| {
                        let settings = state.settings.get_untracked();
                        match doc {
                            Document::Sale(sale) => view! { <SaleReceipt sale settings /> }.into_any(),
                            Document::Refund { refund, sale_receipt_no, sale_units } => {
                                view! { <RefundReceipt refund sale_receipt_no sale_units settings /> }
                                    .into_any()
                            }
                        }
                    })
            }}
            <div class="receipt-actions">
                <button type="button" class="secondary" on:click=print>
                    "Print receipt"
                </button>
                {move || {
                    refundable()
                        .map(|sale| {
                            view! {
                                <button
                                    type="button"
                                    class="secondary"
                                    aria-label="Refund"
                                    on:click=move |_| {
                                        auth::require(
                                            state,
                                            Permission::Refund,
                                            format!("Refund from receipt {}", sale.receipt_no),
                                            AfterApproval::Refund(Box::new(sale.clone())),
                                        )
                                    }
                                >
                                    "Refund"
                                </button>
                            }
                        })
                }}
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

/// Who made the document ("Cashier: NAME") and who approved it ("Approved by NAME"), when stamped.
fn staff_lines(cashier: Option<&StaffStamp>, approval: Option<&Approval>) -> impl IntoView {
    let cashier = cashier.map(|c| format!("Cashier: {}", c.name));
    let approver = approval.map(|a| format!("Approved by {}", a.approver.name));
    view! {
        {cashier.map(|t| view! { <p class="r-cashier">{t}</p> })}
        {approver.map(|t| view! { <p class="r-approver">{t}</p> })}
    }
}

/// Store name and address, the document's number and time.
fn head(s: &StoreSettings, number: String, created_ms: f64, rfc3339: String) -> impl IntoView {
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

fn tax_table(s: &StoreSettings, taxes: &[RateTotal]) -> impl IntoView {
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

/// "+0.02 EUR" / "−0.02 EUR".
fn signed(currency: &Currency, d: Decimal) -> String {
    if d < Decimal::ZERO {
        format!("\u{2212}{}", currency.format(-d))
    } else {
        format!("+{}", currency.format(d))
    }
}

#[component]
pub fn SaleReceipt(sale: SaleDocument, settings: StoreSettings) -> impl IntoView {
    let state = use_state();
    // Amounts are shown in the sale's own currency.
    let s = StoreSettings {
        currency: sale.priced.currency.clone(),
        ..settings
    };
    let scale = s.currency.scale;
    let policy = state.data.with_untracked(|d| shared::policy::StorePolicy {
        settings: s.clone(),
        ..d.policy.clone()
    });
    let p = &sale.priced;
    let lines = p
        .lines
        .iter()
        .map(|l| {
            let unit = commerce::unit_text(l.unit, l.quantity, l.unit_price, scale);
            let item = match l.unit {
                shared::basket::Unit::Kilogram => l.name.clone(),
                shared::basket::Unit::Each => {
                    format!("{} \u{d7} {}", format::quantity(l.quantity), l.name)
                }
            };
            let mut adjustments: Vec<(String, String)> = Vec::new();
            if let Some(list) = &l.price_list {
                let saved = commerce::price_list_saving(l, &policy);
                if saved > Decimal::ZERO {
                    adjustments.push((list.name.clone(), minus(scale, saved)));
                }
            }
            for a in l.adjustments.iter().filter(|a| is_line_level(a.kind)) {
                adjustments.push((
                    adjustment_label(&a.name, a.reason.as_deref()),
                    minus(scale, a.amount),
                ));
            }
            let adjustments = adjustments
                .into_iter()
                .map(|(name, amount)| {
                    view! {
                        <tr class="r-adjustment">
                            <td class="r-adj-name">{name}</td>
                            " "
                            <td class="num">{amount}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <tr>
                    <td class="r-item">
                        {item}
                        {unit.map(|u| view! { <span class="r-unit">{u}</span> })}
                    </td>
                    " "
                    <td class="num">{format::amount(&s, l.base)}</td>
                </tr>
                {adjustments}
            }
        })
        .collect_view();
    let order_level = commerce::order_adjustments(p)
        .into_iter()
        .map(|a| {
            let name = match (&a.reason, &a.coupon) {
                (Some(r), _) => adjustment_label(&a.name, Some(r)),
                (None, Some(c)) => adjustment_label(&a.name, Some(c)),
                (None, None) => a.name.clone(),
            };
            view! {
                <tr class="r-adjustment">
                    <td>{name}</td>
                    " "
                    <td class="num">{minus(scale, a.amount)}</td>
                </tr>
            }
        })
        .collect_view();
    let saved = commerce::savings(p, &policy);
    let customer = sale.customer_id.as_ref().map(|id| {
        state
            .data
            .with_untracked(|d| {
                d.customers
                    .iter()
                    .find(|c| &c.id == id)
                    .map(|c| c.name.clone())
            })
            .unwrap_or_else(|| id.clone())
    });
    let payments = sale
        .payments
        .iter()
        .map(|t| view! { <p class="r-row">{payment_text(&s.currency, t)}</p> })
        .collect_view();
    let rounding = sale.settlement.rounding;
    view! {
        <section class="receipt" aria-label="Receipt">
            {head(
                &s,
                format!("Receipt {}", sale.receipt_no),
                sale.created_at.timestamp_millis() as f64,
                sale.created_at.to_rfc3339(),
            )}
            {staff_lines(sale.cashier.as_ref(), sale.approval.as_ref())}
            {customer.map(|c| view! { <p class="r-customer">{format!("Customer: {c}")}</p> })}
            <table class="r-lines">
                <tbody>{lines}</tbody>
            </table>
            <table class="r-order">
                <tbody>{order_level}</tbody>
            </table>
            {(saved > Decimal::ZERO)
                .then(|| view! { <p class="r-row r-saved">{format!("You saved {}", format::money(&s, saved))}</p> })}
            {tax_table(&s, &p.taxes)}
            <p class="r-row r-total">{format!("Total {}", format::money(&s, p.total))}</p>
            {(sale.tip > Decimal::ZERO)
                .then(|| view! { <p class="r-row">{format!("Tip {}", format::money(&s, sale.tip))}</p> })}
            {payments}
            {(!rounding.is_zero())
                .then(|| {
                    view! { <p class="r-row">{format!("Cash rounding {}", signed(&s.currency, rounding))}</p> }
                })}
            <p class="r-row">{format!("Change {}", format::money(&s, sale.settlement.change))}</p>
            <p class="r-thanks">"Thank you!"</p>
        </section>
    }
}

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
            let weighed = match sale_units.get(l.line) {
                Some(unit) => *unit == shared::basket::Unit::Kilogram,
                None => l.quantity.normalize().scale() > 0,
            };
            let q = if weighed {
                format!("{} kg", shared::money::format_amount(l.quantity, 3))
            } else {
                format::quantity(l.quantity)
            };
            view! {
                <tr>
                    <td class="r-item">{format!("{q} \u{d7} {}", l.name)}</td>
                    " "
                    <td class="num">{format::amount(&s, l.gross)}</td>
                </tr>
            }
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
            <table class="r-lines">
                <tbody>{lines}</tbody>
            </table>
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
