//! Taking goods back without a receipt: the return is built with `UnreceiptedReturn::create` (through
//! `model::return_form`'s rules) from the header the storing transaction hands over, stamped with who made it
//! and who approved it, stored with its outbox mutation in ONE IndexedDB transaction (`db::returns`), THEN its
//! receipt shows, then it is pushed.

use super::checkout::stored_from_dialog;
use super::session::cashier_stamp;
use super::state::{AppState, Document};
use crate::db;
use crate::error::AppError;
use crate::model::return_form::ReturnForm;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::document::Approval;

/// Store the return (one transaction), THEN show its receipt, then push. `done` gets the error when the
/// return was refused or storing failed.
pub fn complete_return(
    state: AppState,
    form: ReturnForm,
    approval: Option<Approval>,
    done: impl FnOnce(Result<(), AppError>) + 'static,
) {
    let cashier = cashier_stamp(state);
    let store = state.store();
    let rates = state.tax_rates.get_untracked();
    let policy = state.data.with_untracked(|d| d.policy.clone());
    let customer = state
        .cart
        .with_untracked(|o| o.customer.as_ref().map(|c| c.id.clone()));
    spawn_local(async move {
        let stored = db::returns::complete_return(&store, |header| {
            let mut made = form.build(header, &rates, customer.as_deref(), &policy)?;
            made.cashier = cashier;
            made.approval = approval;
            Ok(made)
        })
        .await;
        match stored {
            Ok(made) => {
                stored_from_dialog(state, Document::Return(Box::new(made)), done).await;
            }
            Err(e) => done(Err(e)),
        }
    });
}
