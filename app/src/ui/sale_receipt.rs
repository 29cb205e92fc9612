//! The receipt of a sale: lines with their promotions and discounts, order discounts, what the customer saved,
//! tax per rate, total, every payment, cash rounding and change.

use super::format::{self, minus};
use super::receipt_parts::{head, signed, staff_lines, tax_table};
use crate::model::commerce::{self, adjustment_label, is_line_level, payment_text};
use crate::services::state::use_state;
use leptos::prelude::*;
use rust_decimal::Decimal;
use shared::catalog::StoreSettings;
use shared::document::SaleDocument;

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
                shared::basket::Unit::Kilogram | shared::basket::Unit::Litre => l.name.clone(),
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
