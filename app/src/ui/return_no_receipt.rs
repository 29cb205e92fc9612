//! The "Return without receipt" dialog: scan or search the items coming back (`return_lines`: quantity, the
//! price given back — never more than the current price), a reason, cash or store credit to the order's
//! customer, and "Return"; a cashier without `return_without_receipt` gets a supervisor's approval of exactly
//! that after choosing (`approval::confirm`). The rules are `model::return_form`.

use super::format;
use super::modal::{autofocus, on_enter, DialogActions, Modal, TextField};
use super::return_lines::ReturnLines;
use crate::model::price_check::PriceCheck;
use crate::model::return_form::{approval_needed, ReturnForm};
use crate::services::returns::complete_return;
use crate::services::session::approval;
use crate::services::state::use_state;
use leptos::ev::KeyboardEvent;
use leptos::html::Input;
use leptos::prelude::*;
use shared::auth::Permission;
use shared::document::Approval;
use shared::sale::SaleHeader;

#[component]
pub fn ReturnNoReceiptDialog() -> impl IntoView {
    let state = use_state();
    let form = RwSignal::new(ReturnForm::default());
    let text = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let input = NodeRef::<Input>::new();
    autofocus(input);
    let customer = state.cart.with_untracked(|o| o.customer.clone());
    let customer_id = customer.as_ref().map(|c| c.id.clone());
    let found = Memo::new(move |_| text.with(|t| state.catalog.with(|c| PriceCheck::of(c, t))));
    let preview = Memo::new(move |_| {
        let rates = state.tax_rates.get();
        let header = SaleHeader {
            id: uuid::Uuid::nil(),
            device_id: uuid::Uuid::nil(),
            receipt_no: String::new(),
            created_at: crate::ids::now_utc(),
        };
        state
            .data
            .with(|d| form.with(|f| f.build(header, &rates, customer_id.as_deref(), &d.policy)))
    });
    let add = move |p: &shared::catalog::Product| {
        form.update(|f| f.add(p));
        text.set(String::new());
        if let Some(el) = input.get_untracked() {
            el.set_value("");
            let _ = el.focus();
        }
    };
    // A scanner ends with Enter: a barcode (or a single match) is added at once.
    let on_key = move |ev: KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            if let PriceCheck::Found(list) = found.get_untracked() {
                if let Some(p) = list.first() {
                    add(p);
                }
            }
        }
    };
    let matches = move || {
        match found.get() {
        PriceCheck::Found(list) => list
            .into_iter()
            .map(|p| {
                let label = state.settings.with(|s| format!("{} \u{b7} {}", p.name, format::money(s, p.price)));
                view! {
                    <li>
                        <button type="button" class="link-button" on:click=move |_| add(&p)>{label}</button>
                    </li>
                }
            })
            .collect_view()
            .into_any(),
        other => other.problem().map(|p| view! { <li class="muted">{p}</li> }).into_any(),
    }
    };
    let run = move |approval: Option<Approval>| {
        busy.set(true);
        failure.set(None);
        complete_return(state, form.get_untracked(), approval, move |result| {
            busy.set(false);
            if let Err(e) = result {
                failure.set(Some(e.cashier_message()));
            }
        });
    };
    let confirm = move || {
        if busy.get_untracked() {
            return;
        }
        let Ok(made) = preview.get_untracked() else {
            return;
        };
        let what = state
            .settings
            .with_untracked(|s| format!("Return {} without receipt", format::money(s, made.total)));
        approval::confirm(
            state,
            Permission::ReturnWithoutReceipt,
            what,
            Callback::new(run),
        );
    };
    let needs_approval = state.auth.session.with_untracked(|s| {
        s.as_ref()
            .and_then(|s| approval_needed(&s.staff.permissions))
            .is_some()
    });
    let credit_label = customer
        .as_ref()
        .map(|c| format!("Store credit to {}", c.name))
        .unwrap_or_else(|| "Store credit (choose a customer on the order first)".into());
    let has_customer = customer.is_some();
    view! {
        <Modal label="Return without receipt" title="Return without receipt".to_string()>
            <label class="field">
                <span>"Scan or search the items"</span>
                <input
                    type="search"
                    autocomplete="off"
                    aria-label="Find item to return"
                    node_ref=input
                    on:input=move |ev| text.set(event_target_value(&ev))
                    on:keydown=on_key
                />
            </label>
            <ul class="price-check-list" aria-label="Matches">{matches}</ul>
            <ReturnLines form />
            <TextField label="Reason".to_string() aria_label="Return reason" required=true on_input=move |v| form.update(|f| f.reason = v) on_enter=on_enter(confirm) />
            <label class="field">
                <span>"Pay back"</span>
                <select aria-label="Pay back" on:change=move |ev| form.update(|f| f.store_credit = event_target_value(&ev) == "credit")>
                    <option value="cash" selected=true>"Cash"</option>
                    <option value="credit" disabled=!has_customer>{credit_label}</option>
                </select>
            </label>
            {needs_approval
                .then(|| view! { <p class="muted">"A supervisor or manager approves a return without receipt with their PIN."</p> })}
            <p class="pay-hint" class:error=move || failure.with(Option::is_some) || form.with(|f| !f.lines.is_empty()) && preview.with(Result::is_err) role="status">
                {move || {
                    failure.get().unwrap_or_else(|| match preview.get() {
                        Ok(made) => state.settings.with(|s| format!("Pay back {}: press Return.", format::money(s, made.total + made.rounding))),
                        Err(e) => e.to_string(),
                    })
                }}
            </p>
            <DialogActions
                confirm="Return"
                disabled=Signal::derive(move || busy.get() || preview.with(Result::is_err))
                on_confirm=confirm
            />
        </Modal>
    }
}
