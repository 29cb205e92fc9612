//! The refund dialog of a sale, lines first: a quantity per line (up to what is not refunded yet), the refund
//! method, a reason, and the refund total `Refund::create` computes, live; then, for a cashier without
//! `refund`, a manager approves what was chosen (`approval::confirm`). Earlier refunds are this terminal's, plus
//! the server's when it answers (the dialog never waits for it).

use super::format;
use super::modal::{Modal, TextField};
use super::refund_lines::refund_lines;
use crate::model::refund::{merge_refunds, refundable, RefundEntry, RefundForm, RefundTo};
use crate::services::session::approval;
use crate::services::state::use_state;
use crate::services::{actions, checkout, history};
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rust_decimal::Decimal;
use shared::auth::Permission;
use shared::document::{Approval, Refund, SaleDocument};

#[component]
pub fn RefundDialog(sale: SaleDocument) -> impl IntoView {
    let state = use_state();
    let sale = StoredValue::new(sale);
    let n_lines = sale.with_value(|s| s.priced.lines.len());
    let entry = RwSignal::new(RefundEntry {
        quantities: vec![String::new(); n_lines],
        ..Default::default()
    });
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    // Earlier refunds made here (`None` while they are read), and those the server knows (from any terminal).
    let local = RwSignal::new(None::<Vec<Refund>>);
    let remote = RwSignal::new(Vec::<Refund>::new());

    let sale_id = sale.with_value(|s| s.id);
    // A void of it, made here or (the server says) at another till: a sale found by the search may have been
    // voided since.
    let voided = RwSignal::new(false);
    spawn_local(async move {
        if let Ok(voids) = history::voids(state).await {
            if voids.iter().any(|v| v.void.sale_id == sale_id) {
                voided.set(true);
            }
        }
    });
    spawn_local(async move {
        match history::local_refunds(state, sale_id).await {
            Ok(list) => local.set(Some(list)),
            Err(e) => {
                failure.set(Some(e.cashier_message()));
                local.set(Some(Vec::new()));
            }
        }
    });
    spawn_local(async move {
        if let Some(list) = history::server_refunds(state, sale_id).await {
            if list.void.is_some() {
                voided.set(true);
            }
            remote.set(list.refunds);
        }
    });
    let previous = Memo::new(move |_| {
        local
            .get()
            .map(|l| remote.with(|r| merge_refunds(l, r, sale_id)))
    });
    let policy = Memo::new(move |_| state.data.with(|d| d.policy.clone()));
    // Per line, what may still come back; and the refund as it would be made now.
    let left = Memo::new(move |_| {
        previous.with(|p| sale.with_value(|s| refundable(s, p.as_deref().unwrap_or_default())))
    });
    let preview = Memo::new(move |_| {
        previous.with(|p| {
            sale.with_value(|s| {
                policy.with(|policy| {
                    entry.with(|entry| {
                        RefundForm {
                            sale: s,
                            previous: p.as_deref(),
                            policy,
                            entry,
                            voided: voided.get(),
                        }
                        .preview()
                        .map_err(|e| e.to_string())
                    })
                })
            })
        })
    });
    let no_customer = sale.with_value(|s| s.customer_id.is_none());
    let total_text = move || {
        let total = preview.with(|p| p.as_ref().map(|(_, r)| r.total).unwrap_or(Decimal::ZERO));
        state.settings.with(|s| format::money(s, total))
    };
    // Lines first, then (for a cashier without `refund`) the manager approves exactly what was chosen.
    let approve_then = move |verb: &str, then: Callback<Option<Approval>>| {
        let what =
            sale.with_value(|s| format!("{verb} {} from receipt {}", total_text(), s.receipt_no));
        approval::confirm(state, Permission::Refund, what, then);
    };
    let complete = move || {
        if busy.get_untracked() || preview.with_untracked(Result::is_err) {
            return;
        }
        approve_then(
            "Refund",
            Callback::new(move |approval: Option<Approval>| {
                let Ok((request, _)) = preview.get_untracked() else {
                    return;
                };
                busy.set(true);
                failure.set(None);
                checkout::complete_refund(
                    state,
                    sale.get_value(),
                    remote.get_untracked(),
                    request,
                    approval,
                    move |result| {
                        busy.set(false);
                        if let Err(e) = result {
                            failure.set(Some(e.cashier_message()));
                        }
                    },
                );
            }),
        );
    };
    let exchange = move || {
        if preview.with_untracked(Result::is_err) {
            return;
        }
        approve_then(
            "Exchange",
            Callback::new(move |approval: Option<Approval>| {
                let Ok((request, refund)) = preview.get_untracked() else {
                    return;
                };
                checkout::start_exchange(
                    state,
                    sale.get_value(),
                    remote.get_untracked(),
                    request,
                    refund.total,
                    approval,
                );
            }),
        );
    };
    let on_enter = move |ev: KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            complete();
        }
    };

    let title = sale.with_value(|s| format!("Refund from receipt {}", s.receipt_no));
    let radio = move |m: RefundTo, label: &'static str, disabled: bool| {
        view! {
            <label class="radio">
                <input
                    type="radio"
                    name="refund-method"
                    prop:checked=move || entry.with(|e| e.to == m)
                    disabled=disabled
                    on:change=move |_| entry.update(|e| e.to = m)
                />
                " "
                {label}
            </label>
        }
    };
    view! {
        <Modal label="Refund" title>
            {move || {
                state
                    .auth
                    .approved
                    .get()
                    .map(|a| {
                        view! { <p class="approved">{format!("Approved by {}", a.approver.name)}</p> }
                    })
            }}
            {sale.with_value(|s| refund_lines(s, left, entry, on_enter))}
            <div class="refund-method" role="radiogroup" aria-label="Refund method">
                {radio(RefundTo::Original, "Original payment", false)}
                {radio(RefundTo::StoreCredit, "Store credit", no_customer)}
            </div>
            <TextField
                label="Reason".to_string()
                aria_label="Reason"
                required=true
                on_input=move |v| entry.update(|e| e.reason = v)
                on_enter=on_enter
            />
            <div class="due">
                <span>"Refund total"</span>
                " "
                <output class="due-amount" aria-label="Refund total">{total_text}</output>
            </div>
            <p class="pay-hint" class:error=move || failure.with(Option::is_some)>
                {move || {
                    failure
                        .get()
                        .or_else(|| preview.with(|p| p.as_ref().err().cloned()))
                        .unwrap_or_else(|| "Ready: press Enter or Complete refund.".into())
                }}
            </p>
            <div class="dialog-actions">
                <button type="button" class="secondary" on:click=move |_| actions::close_dialog(state)>
                    "Cancel"
                </button>
                <button
                    type="button"
                    class="secondary"
                    title="Take other items instead: the returned value pays for them"
                    disabled=move || busy.get() || preview.with(Result::is_err)
                    on:click=move |_| exchange()
                >
                    "Exchange"
                </button>
                <button
                    type="button"
                    class="primary"
                    disabled=move || busy.get() || preview.with(Result::is_err)
                    on:click=move |_| complete()
                >
                    "Complete refund"
                </button>
            </div>
        </Modal>
    }
}
