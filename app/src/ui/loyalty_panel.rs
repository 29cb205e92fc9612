//! The customer's loyalty at the till: points and store credit as this till sees them (the synced balances less
//! what its outbox spent, rule **till balance**), and what the points are worth at the store's point value. Its
//! own component so any customer panel can host it.

use super::format;
use crate::model::commerce::customer_balances;
use crate::services::state::use_state;
use leptos::prelude::*;
use rust_decimal::Decimal;

/// The order's customer's points and store credit; nothing without a customer.
#[component]
pub fn LoyaltyPanel() -> impl IntoView {
    let state = use_state();
    let shown = Memo::new(move |_| {
        state.cart.with(|o| {
            o.customer.as_ref().map(|c| {
                state.data.with(|d| {
                    let (points, credit) = customer_balances(d, c);
                    let worth = d
                        .policy
                        .loyalty_point_value
                        .map(|v| d.policy.round(v * Decimal::from(points)));
                    (points, credit, worth)
                })
            })
        })
    });
    let money = move |a: Decimal| state.settings.with(|s| format::money(s, a));
    move || {
        // Nothing to show with no points and no credit: the cart keeps its lines.
        shown
            .get()
            .filter(|(points, credit, _)| *points != 0 || !credit.is_zero())
            .map(|(points, credit, worth)| {
                view! {
                    <span class="loyalty-panel" aria-label="Loyalty">
                        <span class="muted">" \u{b7} "</span>
                        <span class="loyalty-points">{format!("{points} points")}</span>
                        {worth.map(|w| view! { <span class="muted">{format!(" (worth {})", money(w))}</span> })}
                        {(!credit.is_zero()).then(|| view! {
                            <span class="loyalty-credit">{format!(" \u{b7} store credit {}", money(credit))}</span>
                        })}
                    </span>
                }
            })
    }
}
