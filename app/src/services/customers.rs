//! Saving a customer at the till (offline too): the form's save is made inside the storing transaction
//! (`db::customers`: the customer held here and its outbox mutation together), THEN the customer is on the
//! order and in the till's list, then it is pushed.

use super::session::cashier_stamp;
use super::state::AppState;
use super::sync;
use crate::db;
use crate::error::AppError;
use crate::ids;
use crate::model::customer_form::CustomerForm;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::catalog::CustomerRecord;
use shared::customer::CustomerSummary;

/// The customer's purchases as the server counts them (lifetime spend, visits, last purchases, favourite
/// items); `None` offline or when the server cannot say (a customer made here and not pushed yet).
pub async fn summary(state: AppState, id: String) -> Option<CustomerSummary> {
    if !state.sync.online() {
        return None;
    }
    let token = state
        .auth
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.token.clone()));
    state
        .api()
        .customer_summary(&id, token.as_deref())
        .await
        .ok()
}

/// Store the customer of `form` with its mutation, put them on the order and push. `done` gets the stored
/// customer or the error (the form was checked before; a refusal here is a storage failure).
pub fn save(
    state: AppState,
    form: CustomerForm,
    done: impl FnOnce(Result<CustomerRecord, AppError>) + 'static,
) {
    let cashier = cashier_stamp(state);
    let store = state.store();
    spawn_local(async move {
        let now = ids::now_utc();
        let stored = match ids::uuid_v7() {
            Ok(id) => {
                db::customers::save(&store, |device| {
                    form.save(id, device, now, cashier).map_err(|errors| {
                        AppError::Data(format!("customer refused: {:?}", errors.0))
                    })
                })
                .await
            }
            Err(e) => Err(e),
        };
        match stored {
            Ok((saved, customers)) => {
                state.data.update(|d| d.customers = customers);
                state
                    .cart
                    .update(|c| c.customer = Some(saved.record.clone()));
                done(Ok(saved.record));
                sync::refresh_pending(state).await;
                sync::push::request_push(state);
            }
            Err(e) => done(Err(e)),
        }
    });
}
