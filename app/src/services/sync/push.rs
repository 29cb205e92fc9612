//! Push: send the outbox in seq order, in batches, and remove what the server acknowledged.
//!
//! Only one push runs at a time; a request while one runs makes it go round once more. A failure schedules a
//! retry after 1 s, 2 s, 5 s, then every 10 s, as long as something waits. Rows are only removed on the
//! server's word (200 `last_applied_seq`, or 409 `sequence_gap` naming the seq it expects), so a lost answer
//! just resends the same stored mutations, which the server applies once.

use super::{note_reachability, refresh_pending};
use crate::db;
use crate::error::AppError;
use crate::services::session;
use crate::services::state::AppState;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::sync::PushRequest;
use std::time::Duration;

/// Mutations per push request.
pub const BATCH: u32 = 100;
/// Retry delays after consecutive failures; the last one repeats.
pub const BACKOFF_SECS: [u64; 4] = [1, 2, 5, 10];

/// Push now (or right after the push that is running). Nothing happens before the terminal is enrolled or
/// after its enrollment was revoked.
pub fn request_push(state: AppState) {
    if !super::may_sync(state) {
        return;
    }
    let start = {
        let handles = state.handles();
        let mut p = handles.push.borrow_mut();
        if p.running {
            p.again = true;
            false
        } else {
            p.running = true;
            p.again = false;
            if let Some(t) = p.timer.take() {
                t.clear();
            }
            true
        }
    };
    if start {
        spawn_local(run(state));
    }
}

async fn run(state: AppState) {
    let result = push_outbox(state).await;
    refresh_pending(state).await;
    let (again, retry_in) = {
        let handles = state.handles();
        let mut p = handles.push.borrow_mut();
        p.running = false;
        let again = std::mem::take(&mut p.again);
        match &result {
            Ok(()) => {
                p.failures = 0;
                (again, None)
            }
            // A revoked enrollment is not retried: the sales stay in the outbox.
            Err(e) if e.is_unauthenticated() => (false, None),
            Err(_) => {
                let delay = BACKOFF_SECS[p.failures.min(BACKOFF_SECS.len() - 1)];
                p.failures += 1;
                (again, Some(Duration::from_secs(delay)))
            }
        }
    };
    match result {
        Ok(()) => {}
        Err(e) if e.is_network() => note_reachability(state, false),
        Err(e) if e.is_unauthenticated() => session::note_revoked(state),
        Err(e) => {
            leptos::logging::error!("push: {e}");
            state.sync_error.set(Some(e.cashier_message()));
        }
    }
    if again {
        request_push(state);
    } else if let Some(delay) = retry_in {
        let handle = set_timeout_with_handle(move || request_push(state), delay).ok();
        state.handles().push.borrow_mut().timer = handle;
    }
}

/// Send batches until the outbox is empty. Ok means nothing is left to push.
async fn push_outbox(state: AppState) -> Result<(), AppError> {
    let device_id = state
        .device_id
        .get_untracked()
        .ok_or_else(|| AppError::Storage("the terminal identity is not loaded".into()))?;
    let (store, api) = (state.store(), state.api());
    loop {
        let mutations = db::outbox::batch(&store, BATCH).await?;
        let (Some(first), Some(last)) = (
            mutations.first().map(|m| m.seq),
            mutations.last().map(|m| m.seq),
        ) else {
            return Ok(());
        };
        let request = PushRequest {
            device_id,
            mutations,
        };
        let acked = match api.push(&request).await {
            Ok(response) => response.last_applied_seq,
            // The server already has everything before `expected`: those rows are acknowledged.
            Err(AppError::Server {
                code,
                expected_seq: Some(expected),
                ..
            }) if code == "sequence_gap" => expected.saturating_sub(1),
            Err(e) => {
                if !e.is_network() {
                    note_reachability(state, true);
                }
                return Err(e);
            }
        };
        note_reachability(state, true);
        if acked < first {
            return Err(AppError::Data(format!(
                "the server acknowledged up to {acked}, but this till's oldest unsent sale is {first} (up to {last})"
            )));
        }
        db::outbox::acknowledge(&store, acked).await?;
        session::keep_alive::keep_alive(state);
        state.sales_rev.update(|r| *r += 1);
        if state.sync_error.get_untracked().is_some() {
            state.sync_error.set(None);
        }
        refresh_pending(state).await;
    }
}
