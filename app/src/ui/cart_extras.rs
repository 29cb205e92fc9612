//! Below the cart's lines: the order's customer, coupons and order discounts; in the cart's head, the buttons
//! that add them (`OrderActions`).

use super::format::minus;
use super::loyalty_panel::LoyaltyPanel;
use crate::model::commerce::{self, adjustment_label, coupon_outcome, coupon_text};
use crate::model::discount::DiscountTarget;
use crate::model::order::Order;
use crate::services::actions;
use crate::services::state::{use_state, AppState, Dialog};
use leptos::prelude::*;
use rust_decimal::Decimal;

/// The customer, coupons and order discounts of the order, each with its Remove.
#[component]
pub fn OrderExtras() -> impl IntoView {
    let state = use_state();
    let scale = move || state.settings.with(|s| s.currency.scale);
    let customer = move || {
        state.cart.with(|c| {
            c.customer
                .as_ref()
                .map(|c| (c.name.clone(), c.group.clone()))
        })
    };
    let coupons = move || state.cart.with(|c| c.coupons.clone());
    let order_discounts = move || {
        let amounts = state.priced.with(|p| {
            p.as_ref()
                .map(commerce::order_adjustments)
                .unwrap_or_default()
        });
        state.cart.with(|c| {
            c.order_discounts
                .iter()
                .enumerate()
                .map(|(k, d)| {
                    let rule = format!("manual-order-{}", k + 1);
                    let amount = amounts
                        .iter()
                        .find(|a| a.rule_id == rule)
                        .map(|a| a.amount)
                        .unwrap_or(Decimal::ZERO);
                    (k, d.reason.clone(), amount)
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="order-extras">
            {move || {
                customer()
                    .map(|(name, group)| {
                        view! {
                            <p class="order-customer">
                                <span>"Customer: "</span>
                                <strong>{name}</strong>
                                {group.map(|g| view! { <span class="muted">{format!(" \u{b7} {g}")}</span> })}
                                <LoyaltyPanel />
                                " "
                                <RemoveButton label="Remove customer".to_string() remove=|c| c.customer = None />
                            </p>
                        }
                    })
            }}
            <ul class="order-coupons" aria-label="Coupons">
                {move || {
                    coupons()
                        .into_iter()
                        .map(|code| {
                            let outcome = {
                                let code = code.clone();
                                move || {
                                    state
                                        .priced
                                        .with(|p| {
                                            p.as_ref()
                                                .ok()
                                                .and_then(|p| coupon_outcome(p, &code).map(coupon_text))
                                        })
                                        .unwrap_or_else(|| format!("Coupon {code}"))
                                }
                            };
                            let applied = {
                                let code = code.clone();
                                move || {
                                    state
                                        .priced
                                        .with(|p| {
                                            p.as_ref()
                                                .ok()
                                                .and_then(|p| coupon_outcome(p, &code))
                                                .is_some_and(|o| {
                                                    matches!(o, shared::promotion::CouponOutcome::Applied { .. })
                                                })
                                        })
                                }
                            };
                            let remove_code = code.clone();
                            view! {
                                <li class="coupon" class:applied=applied>
                                    <span>{outcome}</span>
                                    " "
                                    <RemoveButton
                                        label=format!("Remove coupon {code}")
                                        remove=move |c| c.remove_coupon(&remove_code)
                                    />
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <ul class="order-discounts" aria-label="Order discounts">
                {move || {
                    order_discounts()
                        .into_iter()
                        .map(|(k, reason, amount)| {
                            view! {
                                <li class="adjustment">
                                    <span class="adj-name">{adjustment_label("Order discount", Some(&reason))}</span>
                                    " "
                                    <span class="adj-amount">{minus(scale(), amount)}</span>
                                    <RemoveButton
                                        label=format!("Remove order discount {reason}")
                                        remove=move |c| c.remove_order_discount(k)
                                    />
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}

/// The buttons that put a customer, a coupon or an order discount on the order (in the cart's head, so they
/// never push the lines down).
#[component]
pub fn OrderActions() -> impl IntoView {
    let state = use_state();
    let empty = move || state.cart.with(|c| c.is_empty());
    view! {
        <div class="order-actions" role="group" aria-label="Order">
            {action(state, "Customer", None, Dialog::Customer, Signal::stored(false))}
            {action(state, "Coupon", None, Dialog::Coupon, Signal::stored(false))}
            {action(
                state,
                "Discount",
                Some("Order discount"),
                Dialog::Discount(DiscountTarget::Order),
                Signal::derive(empty),
            )}
        </div>
    }
}

/// One of the order's buttons: opens `dialog`.
fn action(
    state: AppState,
    text: &'static str,
    label: Option<&'static str>,
    dialog: Dialog,
    disabled: Signal<bool>,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class="secondary small"
            aria-label=label
            disabled=disabled
            on:click=move |_| actions::open_dialog(state, dialog.clone())
        >
            {text}
        </button>
    }
}

/// A small "Remove" link that takes something off the order, then hands the keyboard back to the search box.
#[component]
fn RemoveButton(
    /// What the button removes, for screen readers ("Remove coupon SAVE10").
    label: String,
    remove: impl Fn(&mut Order) + Send + Sync + 'static,
) -> impl IntoView {
    let state = use_state();
    view! {
        <button
            type="button"
            class="link-button small"
            aria-label=label
            on:click=move |_| {
                state.cart.update(|c| remove(c));
                state.focus_search();
            }
        >
            "Remove"
        </button>
    }
}
