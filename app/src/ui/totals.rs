//! Totals, always visible: order-level promotions, tax per rate, net, what the customer saves, and the total
//! due. A cart the engine refuses says why instead.

use super::format::{self, minus};
use crate::model::commerce::{self, adjustment_label};
use crate::services::state::use_state;
use leptos::prelude::*;
use rust_decimal::Decimal;
use shared::pricing::priced::AdjustmentKind;

#[component]
pub fn TotalsView() -> impl IntoView {
    let state = use_state();
    let scale = move || state.settings.with(|s| s.currency.scale);
    // Order-level promotions (coupons, spend thresholds); the cashier's order discounts are listed in the cart.
    let promotions = move || {
        state.priced.with(|p| {
            let Ok(p) = p else { return Vec::new() };
            let kinds: Vec<(String, AdjustmentKind)> = p
                .lines
                .iter()
                .flat_map(|l| &l.adjustments)
                .map(|a| (a.rule_id.clone(), a.kind))
                .collect();
            commerce::order_adjustments(p)
                .into_iter()
                .filter(|a| {
                    kinds
                        .iter()
                        .any(|(id, k)| *id == a.rule_id && *k == AdjustmentKind::OrderPromotion)
                })
                .map(|a| {
                    let name = match &a.coupon {
                        Some(c) => adjustment_label(&a.name, Some(c)),
                        None => a.name.clone(),
                    };
                    (name, minus(scale(), a.amount))
                })
                .collect::<Vec<_>>()
        })
    };
    let taxes = move || {
        state.priced.with(|p| {
            let Ok(p) = p else { return Vec::new() };
            state.settings.with(|s| {
                p.taxes
                    .iter()
                    .map(|r| (r.name.clone(), format::amount(s, r.tax)))
                    .collect::<Vec<_>>()
            })
        })
    };
    let net = move || {
        state.priced.with(|p| {
            p.as_ref()
                .map(|p| state.settings.with(|s| format::amount(s, p.net)))
                .unwrap_or_default()
        })
    };
    let saved = move || {
        state.priced.with(|p| {
            p.as_ref()
                .ok()
                .map(|p| state.data.with(|d| commerce::savings(p, &d.policy)))
                .filter(|s| *s > Decimal::ZERO)
        })
    };
    let total = move || {
        state.priced.with(|p| {
            let total = p.as_ref().map(|p| p.total).unwrap_or(Decimal::ZERO);
            state.settings.with(|s| format::money(s, total))
        })
    };
    let problem = move || {
        state.priced.with(|p| {
            p.as_ref()
                .err()
                .map(|e| format!("This cart cannot be priced: {e}."))
        })
    };
    view! {
        <div class="totals">
            {move || problem().map(|m| view! { <p class="pay-hint error">{m}</p> })}
            <dl class="totals-list">
                {move || {
                    promotions()
                        .into_iter()
                        .map(|(name, amount)| {
                            view! {
                                <div class="totals-row promo">
                                    <dt>{name}</dt>
                                    " "
                                    <dd>{amount}</dd>
                                </div>
                            }
                        })
                        .collect_view()
                }}
                {move || {
                    taxes()
                        .into_iter()
                        .map(|(name, tax)| {
                            view! {
                                <div class="totals-row">
                                    <dt>{name}</dt>
                                    " "
                                    <dd>{tax}</dd>
                                </div>
                            }
                        })
                        .collect_view()
                }}
                <div class="totals-row">
                    <dt>"Net"</dt>
                    " "
                    <dd>{net}</dd>
                </div>
            </dl>
            {move || {
                saved()
                    .map(|s| {
                        let text = state.settings.with(|st| format::money(st, s));
                        view! {
                            <div class="totals-saved">
                                <span>"You save"</span>
                                " "
                                <output aria-label="You save">{text}</output>
                            </div>
                        }
                    })
            }}
            <div class="totals-total">
                <span>"Total"</span>
                " "
                <output aria-label="Total">{total}</output>
            </div>
        </div>
    }
}
