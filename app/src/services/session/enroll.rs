//! Enrolling this terminal: a manager's email and password sign in once (`/auth/login`), enroll the terminal
//! (`/devices`) — for the store the manager picks when they manage several (`model::enroll_store`) —, and that
//! session is logged out again. A till holding unsent documents is not re-enrolled.

use super::logout::flush_logouts;
use crate::db;
use crate::db::session::Enrolled;
use crate::error::Ask;
use crate::model::enroll_store::{store_choices, StoreChoice};
use crate::services::state::AppState;
use crate::services::sync::{self, note_reachability};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::auth::{EnrollRequest, LoginRequest};
use uuid::Uuid;

fn unsynced_message(n: u32) -> String {
    let sales = if n == 1 {
        "1 sale or refund".to_string()
    } else {
        format!("{n} sales or refunds")
    };
    format!(
        "This till still holds {sales} that did not reach the server. Enrolling gives the till a new \
         identity, under which those could no longer be sent, so it cannot be enrolled now. Nothing has been \
         deleted: ask a supervisor to get these sales to the server first."
    )
}

/// What the first step of enrolling came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Begun {
    /// The terminal is enrolled (for the only store the manager manages, or the first store).
    Enrolled,
    /// The manager manages several stores: enroll for the one chosen with `enroll_for` (or `abandon`).
    ChooseStore {
        manager: String,
        stores: Vec<StoreChoice>,
    },
}

/// Enroll this terminal with a manager's credentials, asking for the store first when the manager manages
/// several; the error is a sentence for the enrollment screen.
pub async fn enroll(
    state: AppState,
    email: String,
    password: String,
    name: String,
) -> Result<Begun, String> {
    let name = name.trim().to_string();
    if email.trim().is_empty() || password.is_empty() {
        return Err("Enter the manager's email address and password.".into());
    }
    if name.is_empty() {
        return Err("Give the terminal a name, e.g. \u{201c}Till 1\u{201d}.".into());
    }
    if !super::browser_online(state) {
        return Err(
            "This till is offline. Enrolling needs a connection to the server: connect it, then try again."
                .into(),
        );
    }
    let (store, api) = (state.store(), state.api());
    // Check before anyone's password is sent: a till with unsent sales is not re-enrolled.
    let waiting = db::session::unsynced(&store)
        .await
        .map_err(|e| e.cashier_message())?;
    if waiting > 0 {
        return Err(unsynced_message(waiting));
    }
    let login = api
        .login(&LoginRequest {
            email: email.trim().to_string(),
            password,
        })
        .await
        .map_err(|e| e.words(Ask::EnrollLogin))?;
    note_reachability(state, true);
    // Which stores this manager may enroll terminals for; none readable: the server's default store.
    let choices = api
        .stores_to_enroll(&login.token)
        .await
        .ok()
        .and_then(|l| store_choices(&l.stores));
    match choices {
        Some(stores) => Ok(Begun::ChooseStore {
            manager: login.token,
            stores,
        }),
        None => enroll_for(state, login.token, name, None)
            .await
            .map(|()| Begun::Enrolled),
    }
}

/// The manager's session `manager` is not needed any more: log it out (now, or once online).
pub fn abandon(state: AppState, manager: String) {
    let queue = state.store();
    spawn_local(async move {
        match db::session::queue_logout(&queue, &manager).await {
            Ok(()) => flush_logouts(state).await,
            Err(e) => leptos::logging::error!("queueing the manager's logout: {e}"),
        }
    });
}

/// Enroll this terminal as `name` for `store` (`None`: the first store) with the manager's session `manager`,
/// which is logged out after, whatever happened.
pub async fn enroll_for(
    state: AppState,
    manager: String,
    name: String,
    store_id: Option<Uuid>,
) -> Result<(), String> {
    let (store, api) = (state.store(), state.api());
    let enrolled = api
        .enroll(
            &manager,
            &EnrollRequest {
                name: name.trim().to_string(),
                store_id,
            },
        )
        .await;
    // The manager's session was only for this: end it, whatever happened.
    abandon(state, manager);
    let enrollment = enrolled.map_err(|e| e.words(Ask::EnrollDevice))?;
    let terminal = match db::session::enroll(&store, &enrollment).await {
        Ok(Enrolled::Done(t)) => t,
        Ok(Enrolled::Unsynced(n)) => return Err(unsynced_message(n)),
        Err(e) => return Err(e.cashier_message()),
    };
    api.set_device_token(Some(enrollment.device_token.clone()));
    state.device_id.set(Some(terminal.device_id));
    state.auth.session.set(None);
    state.auth.revoked.set(false);
    state.auth.re_enroll.set(false);
    state.auth.terminal_name.set(Some(enrollment.name));
    state.sync_error.set(None);
    sync::start(state);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsynced_sales_are_counted_in_words() {
        assert!(unsynced_message(1).contains("1 sale or refund that"));
        assert!(unsynced_message(3).contains("3 sales or refunds that"));
    }
}
