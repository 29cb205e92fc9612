//! The receipt of a sale: lines with their promotions and discounts, order discounts, what the customer saved,
//! tax per rate, total, every payment, cash rounding, change when cash was paid, gift cards' balances
//! (`model::receipt`); a voided sale's receipt says VOID at the top, with the void's number and reason.

use super::format::{self, minus};
use super::receipt_parts::{head, row, rows, staff_lines, tax_table};
use crate::model::commerce::{self, adjustment_label, is_line_level};
use crate::model::receipt::{item_text, settlement_rows, GiftBalance, Row};
use crate::services::state::use_state;
use leptos::prelude::*;
use rust_decimal::Decimal;
use shared::catalog::StoreSettings;
use shared::document::{SaleDocument, Void};

#[component]
pub fn SaleReceipt(
    sale: SaleDocument,
    settings: StoreSettings,
    /// The balances of the gift cards it was paid with (the receipt of the sale just made), else empty.
    gift_balances: Vec<GiftBalance>,
    /// The void of the sale, when it was voided: the receipt says VOID, with the void's number and reason.
    #[prop(optional)]
    void: Option<Void>,
) -> impl IntoView {
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
                .map(|(name, amount)| row(Row::new(name, amount), "r-adjustment"))
                .collect_view();
            view! {
                <div class="r-line">
                    {row(
                        Row::new(item_text(l.unit, l.quantity, &l.name), format::amount(&s, l.base)),
                        "r-item",
                    )}
                    {unit.map(|u| view! { <p class="r-unit">{u}</p> })}
                    {adjustments}
                </div>
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
            row(Row::new(name, minus(scale, a.amount)), "r-adjustment")
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
    let settlement = settlement_rows(
        &s.currency,
        &sale.payments,
        sale.settlement.rounding,
        sale.settlement.change,
        &gift_balances,
    );
    view! {
        <section class="receipt" aria-label="Receipt">
            {head(
                &s,
                format!("Receipt {}", sale.receipt_no),
                sale.created_at.timestamp_millis() as f64,
                sale.created_at.to_rfc3339(),
            )}
            {void
                .map(|v| {
                    view! {
                        <div class="r-void" role="note" aria-label="Voided">
                            <p class="r-void-stamp">"VOID"</p>
                            <p>{format!("Void {}", v.receipt_no)}</p>
                            <p class="r-reason">{format!("Reason: {}", v.reason)}</p>
                            {staff_lines(v.cashier.as_ref(), v.approval.as_ref())}
                        </div>
                    }
                })}
            {staff_lines(sale.cashier.as_ref(), sale.approval.as_ref())}
            {customer.map(|c| view! { <p class="r-customer">{format!("Customer: {c}")}</p> })}
            <div class="r-lines">{lines}</div>
            <div class="r-order">{order_level}</div>
            {(saved > Decimal::ZERO)
                .then(|| view! { <p class="r-row r-saved">{format!("You saved {}", format::money(&s, saved))}</p> })}
            {tax_table(&s, &p.taxes)}
            <p class="r-row r-total">{format!("Total {}", format::money(&s, p.total))}</p>
            {(sale.tip > Decimal::ZERO)
                .then(|| view! { <p class="r-row">{format!("Tip {}", format::money(&s, sale.tip))}</p> })}
            {rows(settlement)}
            <p class="r-thanks">"Thank you!"</p>
        </section>
    }
}
