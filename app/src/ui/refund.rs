//! The refund dialog of a sale: a quantity per line (up to what is not refunded yet), the refund method, a
//! reason, and the refund total `Refund::create` computes, live. Earlier refunds are this terminal's, plus
//! the server's when it answers (the dialog never waits for it).

use super::dialogs::Modal;
use crate::actions;
use crate::db;
use crate::format;
use crate::state::use_state;
use crate::sync::http::get_json;
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rust_decimal::Decimal;
use shared::basket::Unit;
use shared::document::refund::refunded_quantities;
use shared::document::{Refund, RefundLineRequest, RefundMethod, RefundRequest, SaleDocument};
use shared::money::{format_amount, parse_amount};
use shared::sale::SaleHeader;
use uuid::Uuid;
use wasm_bindgen::JsCast;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Method {
    Original,
    StoreCredit,
}

#[component]
pub fn RefundDialog(sale: SaleDocument) -> impl IntoView {
    let state = use_state();
    let sale = StoredValue::new(sale);
    let n_lines = sale.with_value(|s| s.priced.lines.len());
    let quantities = RwSignal::new(vec![String::new(); n_lines]);
    let method = RwSignal::new(Method::Original);
    let reason = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    // Earlier refunds made here, and those the server knows (from any terminal).
    let local = RwSignal::new(None::<Vec<Refund>>);
    let remote = RwSignal::new(Vec::<Refund>::new());

    let sale_id = sale.with_value(|s| s.id);
    spawn_local(async move {
        match db::refunds::of_sale(sale_id).await {
            Ok(list) => local.set(Some(list.into_iter().map(|r| r.refund).collect())),
            Err(e) => {
                failure.set(Some(e.cashier_message()));
                local.set(Some(Vec::new()));
            }
        }
    });
    if state.sync.online() {
        spawn_local(async move {
            if let Ok(list) =
                get_json::<shared::api::RefundList>(&format!("/api/v1/sales/{sale_id}/refunds"))
                    .await
            {
                remote.set(list.refunds);
            }
        });
    }
    let previous = Memo::new(move |_| {
        let mut all = local.get().unwrap_or_default();
        for r in remote.get() {
            if r.sale_id == sale_id && !all.iter().any(|o| o.id == r.id) {
                all.push(r);
            }
        }
        all
    });
    let done = Memo::new(move |_| {
        previous.with(|p| sale.with_value(|s| refunded_quantities(s, p).unwrap_or_default()))
    });
    let customer = sale.with_value(|s| s.customer_id.clone());
    let no_customer = customer.is_none();

    let request = Memo::new(move |_| -> Result<RefundRequest, String> {
        let mut lines = Vec::new();
        for (i, text) in quantities.get().iter().enumerate() {
            if text.trim().is_empty() {
                continue;
            }
            let Some(q) = parse_amount(text) else {
                return Err("A refund quantity is not a number.".into());
            };
            if q.is_zero() {
                continue;
            }
            lines.push(RefundLineRequest {
                line: i,
                quantity: q.normalize(),
            });
        }
        if lines.is_empty() {
            return Err("Enter how many of which item come back.".into());
        }
        if reason.with(|r| r.trim().is_empty()) {
            return Err("Enter the reason for the refund.".into());
        }
        let method = match method.get() {
            Method::Original => RefundMethod::OriginalTenders,
            Method::StoreCredit => match &customer {
                Some(c) => RefundMethod::StoreCredit { account: c.clone() },
                None => return Err("Store credit needs the sale's customer.".into()),
            },
        };
        Ok(RefundRequest {
            lines,
            method,
            reason: reason.get().trim().to_string(),
        })
    });
    // The refund as it would be made now (a stand-in header; the real one is made when it is stored).
    let preview = Memo::new(move |_| -> Result<Refund, String> {
        if local.with(Option::is_none) {
            return Err("Reading earlier refunds\u{2026}".into());
        }
        let request = request.get()?;
        let policy = state.data.with(|d| d.policy.clone());
        let header = SaleHeader {
            id: Uuid::nil(),
            device_id: Uuid::nil(),
            receipt_no: String::new(),
            created_at: chrono::DateTime::default(),
        };
        previous.with(|p| {
            sale.with_value(|s| {
                Refund::create(header, s, p, &request, &policy)
                    .map_err(|e| format!("This refund is not possible: {e}."))
            })
        })
    });
    let total_text = move || {
        let total = preview.with(|p| p.as_ref().map(|r| r.total).unwrap_or(Decimal::ZERO));
        state.settings.with(|s| format::money(s, total))
    };
    let complete = move || {
        if busy.get_untracked() || preview.with_untracked(Result::is_err) {
            return;
        }
        let Ok(request) = request.get_untracked() else {
            return;
        };
        busy.set(true);
        failure.set(None);
        actions::complete_refund(
            state,
            sale.get_value(),
            remote.get_untracked(),
            request,
            move |result| {
                busy.set(false);
                if let Err(e) = result {
                    failure.set(Some(e.cashier_message()));
                }
            },
        );
    };
    let exchange = move || {
        let (Ok(request), Ok(refund)) = (request.get_untracked(), preview.get_untracked()) else {
            return;
        };
        actions::start_exchange(
            state,
            sale.get_value(),
            remote.get_untracked(),
            request,
            refund.total,
        );
    };
    let on_enter = move |ev: KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            complete();
        }
    };

    let rows = sale.with_value(|s| {
        s.priced
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let name = l.name.clone();
                let unit = l.unit;
                let sold = l.quantity;
                let scale = s.priced.currency.scale;
                let remaining = move || done.with(|d| sold - d.get(i).copied().unwrap_or_default());
                let shown = move |q: Decimal| match unit {
                    Unit::Kilogram => format!("{} kg", format_amount(q, 3)),
                    Unit::Each => format::quantity(q),
                };
                let gross = format_amount(l.gross, scale);
                view! {
                    <tr>
                        <td>{name.clone()}</td>
                        <td class="num">{shown(sold)}</td>
                        <td class="num">{move || shown(sold - remaining())}</td>
                        <td class="num">{gross}</td>
                        <td>
                            <input
                                class="qty-input"
                                type="number"
                                min="0"
                                step=if unit == Unit::Kilogram { "0.001" } else { "1" }
                                max=move || remaining().normalize().to_string()
                                inputmode="decimal"
                                aria-label=format!("Refund quantity of {name}")
                                on:input=move |ev| {
                                    let v = event_target_value(&ev);
                                    quantities.update(|q| q[i] = v);
                                }
                                on:keydown=on_enter
                            />
                        </td>
                    </tr>
                }
            })
            .collect_view()
    });
    let title = sale.with_value(|s| format!("Refund from receipt {}", s.receipt_no));
    // The first quantity field takes the caret.
    let table = NodeRef::<leptos::html::Table>::new();
    Effect::new(move |_| {
        let first = table
            .get()
            .and_then(|t| t.query_selector("input").ok().flatten())
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(el) = first {
            let _ = el.focus();
        }
    });
    let radio = move |m: Method, label: &'static str, disabled: bool| {
        view! {
            <label class="radio">
                <input
                    type="radio"
                    name="refund-method"
                    prop:checked=move || method.get() == m
                    disabled=disabled
                    on:change=move |_| method.set(m)
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
            <table class="refund-lines" node_ref=table>
                <thead>
                    <tr>
                        <th scope="col">"Item"</th>
                        <th scope="col" class="num">"Sold"</th>
                        <th scope="col" class="num">"Refunded"</th>
                        <th scope="col" class="num">"Paid"</th>
                        <th scope="col">"Back"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <div class="refund-method" role="radiogroup" aria-label="Refund method">
                {radio(Method::Original, "Original payment", false)}
                {radio(Method::StoreCredit, "Store credit", no_customer)}
            </div>
            <label class="field">
                <span>"Reason"</span>
                <input
                    type="text"
                    autocomplete="off"
                    aria-label="Reason"
                    required
                    on:input=move |ev| reason.set(event_target_value(&ev))
                    on:keydown=on_enter
                />
            </label>
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
