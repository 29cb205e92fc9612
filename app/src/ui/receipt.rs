//! The receipt screen: a sale's receipt (`sale_receipt`, marked VOID once voided), a refund's
//! (`refund_receipt`) or a return without a receipt's (`return_receipt`); print it, refund or void the sale from it (a void: today's sales only), or go on. After a sale paid with cash, the change due above it, the largest thing on the screen.

use super::refund_receipt::RefundReceipt;
use super::return_receipt::ReturnReceipt;
use super::sale_receipt::SaleReceipt;
use crate::model::receipt::{change_due, change_due_text, gift_balances};
use crate::services::actions;
use crate::services::state::{use_state, Dialog, Document, Screen};
use leptos::html::Button;
use leptos::prelude::*;

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
                            Document::Sale(sale) => {
                                // The sale just made: its change due, big, and its gift cards' balances.
                                let (change, gift_balances) = if from_list {
                                    (None, Vec::new())
                                } else {
                                    (
                                        change_due(&sale),
                                        state.data.with_untracked(|d| gift_balances(&sale, d)),
                                    )
                                };
                                let change = change
                                    .map(|c| change_due_text(&settings.currency, c))
                                    .map(|(label, amount)| {
                                        view! {
                                            <div class="change-due" role="status" aria-label="Change due">
                                                <span class="change-due-label">{label}</span>
                                                " "
                                                <strong class="change-due-amount">{amount}</strong>
                                            </div>
                                        }
                                    });
                                view! {
                                    {change}
                                    <SaleReceipt sale settings gift_balances />
                                }
                                    .into_any()
                            }
                            Document::Void { void, sale } => {
                                view! { <SaleReceipt sale=*sale settings gift_balances=Vec::new() void=*void /> }
                                    .into_any()
                            }
                            Document::Refund { refund, sale_receipt_no, sale_units } => {
                                view! { <RefundReceipt refund sale_receipt_no sale_units settings /> }
                                    .into_any()
                            }
                            Document::Return(made) => {
                                view! { <ReturnReceipt made=*made settings /> }.into_any()
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
                            // Only this till's sales of today are voided here (others are refunded).
                            let today = sale.created_at.timestamp_millis() as f64
                                >= super::format::start_of_today_ms()
                                && state.device_id.get_untracked() == Some(sale.device_id);
                            let void_sale = sale.clone();
                            view! {
                                <button
                                    type="button"
                                    class="secondary"
                                    aria-label="Refund"
                                    on:click=move |_| {
                                        actions::open_dialog(state, Dialog::Refund(Box::new(sale.clone())))
                                    }
                                >
                                    "Refund"
                                </button>
                                {today
                                    .then(|| {
                                        view! {
                                            <button
                                                type="button"
                                                class="secondary"
                                                aria-label="Void"
                                                on:click=move |_| {
                                                    actions::open_dialog(
                                                        state,
                                                        Dialog::Void(Box::new(void_sale.clone())),
                                                    )
                                                }
                                            >
                                                "Void"
                                            </button>
                                        }
                                    })}
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
