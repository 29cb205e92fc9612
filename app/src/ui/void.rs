//! The void dialog of a sale of today: what is cancelled (the whole sale, its total), a reason, and "Void sale";
//! a cashier without the `void` permission gets a supervisor's approval after choosing (`approval::confirm`).
//! Whether it may be voided is `model::void`: refunds are this terminal's plus the server's when it answers.

use super::format;
use super::modal::{autofocus, DialogActions, Modal, TextField};
use crate::model::refund::merge_refunds;
use crate::model::void::{approval_needed, VoidForm};
use crate::services::history;
use crate::services::session::approval;
use crate::services::state::use_state;
use crate::services::voids::{complete_void, VoidParts};
use leptos::ev::KeyboardEvent;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::auth::Permission;
use shared::document::{Approval, Refund, SaleDocument};

/// The start of the local day, as a UTC instant.
fn start_of_today() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(format::start_of_today_ms() as i64).unwrap_or_default()
}

#[component]
pub fn VoidDialog(sale: SaleDocument) -> impl IntoView {
    let state = use_state();
    let sale = StoredValue::new(sale);
    let sale_id = sale.with_value(|s| s.id);
    let reason = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    // This terminal's refunds (`None` while read) and voids of the sale, and the server's refunds of it.
    let local = RwSignal::new(None::<Vec<Refund>>);
    let remote = RwSignal::new(Vec::<Refund>::new());
    let voided = RwSignal::new(false);
    spawn_local(async move {
        let refunds = history::local_refunds(state, sale_id).await;
        let voids = history::voids(state).await;
        match (refunds, voids) {
            (Ok(r), Ok(v)) => {
                if v.iter().any(|v| v.void.sale_id == sale_id) {
                    voided.set(true);
                }
                local.set(Some(r));
            }
            (Err(e), _) | (_, Err(e)) => failure.set(Some(e.cashier_message())),
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
    let start = start_of_today();
    let check = Memo::new(move |_| {
        let refunds = local
            .get()
            .map(|l| remote.with(|r| merge_refunds(l, r, sale_id)));
        sale.with_value(|s| {
            reason.with(|reason| {
                VoidForm {
                    sale: s,
                    refunds: refunds.as_deref(),
                    voided: voided.get(),
                    start_of_today: start,
                    reason,
                }
                .preview()
                .map(|_| ())
                .map_err(|e| e.to_string())
            })
        })
    });
    let needs_approval = state.auth.session.with_untracked(|s| {
        s.as_ref()
            .and_then(|s| approval_needed(&s.staff.permissions))
            .is_some()
    });
    let run = move |approval: Option<Approval>| {
        busy.set(true);
        failure.set(None);
        let parts = VoidParts {
            sale: sale.get_value(),
            known: remote.get_untracked(),
            reason: reason.get_untracked(),
            start_of_today: start,
            approval,
        };
        complete_void(state, parts, move |result| {
            busy.set(false);
            if let Err(e) = result {
                failure.set(Some(e.cashier_message()));
            }
        });
    };
    let confirm = move || {
        if busy.get_untracked() || check.with_untracked(Result::is_err) {
            return;
        }
        let what = sale.with_value(|s| format!("Void receipt {}", s.receipt_no));
        approval::confirm(state, Permission::Void, what, Callback::new(run));
    };
    let on_enter = move |ev: KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            confirm();
        }
    };
    let input = NodeRef::<Input>::new();
    autofocus(input);
    let (title, total) = sale.with_value(|s| {
        let total = s.priced.total + s.tip;
        (
            format!("Void receipt {}", s.receipt_no),
            state
                .settings
                .with_untracked(|set| format::money(set, total)),
        )
    });
    view! {
        <Modal label="Void sale" title>
            <p>"The whole sale is cancelled and every payment of it is reversed."</p>
            <div class="due">
                <span>"Sale total"</span>
                " "
                <output class="due-amount" aria-label="Sale total">{total}</output>
            </div>
            {needs_approval
                .then(|| view! { <p class="muted">"A supervisor or manager approves the void with their PIN."</p> })}
            <TextField label="Reason".to_string() aria_label="Void reason" required=true node_ref=input on_input=move |v| reason.set(v) on_enter=on_enter />
            <p class="pay-hint" class:error=move || failure.with(Option::is_some)>
                {move || {
                    failure
                        .get()
                        .or_else(|| check.with(|c| c.as_ref().err().cloned()))
                        .unwrap_or_else(|| "Ready: press Enter or Void sale.".into())
                }}
            </p>
            <DialogActions
                confirm="Void sale"
                disabled=Signal::derive(move || busy.get() || check.with(Result::is_err))
                on_confirm=confirm
            />
        </Modal>
    }
}
