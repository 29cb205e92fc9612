//! Park and hold at the till: put the open order aside with a name or note, start another, resume any
//! parked order — this till's from IndexedDB (offline too), another till's from the server (online: claimed
//! first, so one till at a time has it). Rules in `model::parked`, storage in `db::parked`, the server's side
//! in `api::held`.
//!
//! Moving the order: parking stores the record and deletes the open order in one IndexedDB transaction, and
//! resuming does the reverse, while the open-order keeper is held off (`open_order::Completing`), so a reload
//! at any moment finds the order in exactly one place.
//!
//! Sync (`request_sync`): records the server must hear of are sent one at a time while a cashier is signed
//! in: an upload by the record's id (a retry is the same upload) or, once the order is paid, discarded or
//! parked again, its close. A network failure stops the round; the next park, close, `online` event or
//! `SYNC_EVERY` tick tries again.

use super::open_order::Completing;
use super::session::cashier_stamp;
use super::state::{AppState, ParkView};
use super::sync::note_reachability;
use crate::db;
use crate::error::AppError;
use crate::model::open_order::OpenOrder;
use crate::model::parked::{self, ParkPhase, ParkedOrder};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::held::{CloseReason, HeldOrder, HeldStatus};
use std::time::Duration;
use uuid::Uuid;

/// How often records still owed to the server are retried.
pub const SYNC_EVERY: Duration = Duration::from_secs(15);

/// Watch the cart for a resumed order being cleared, and retry syncing on `online` and every `SYNC_EVERY`.
/// Called once at start, inside the app's owner.
pub fn watch(state: AppState) {
    // A resumed order whose cart is emptied without a sale was discarded.
    Effect::new(move |prev: Option<()>| {
        let blank = state.cart.with(|c| c.is_blank());
        if prev.is_some() && blank {
            finish_resumed(state, CloseReason::Discarded);
        }
    });
    let _ = window_event_listener(leptos::ev::online, move |_| request_sync(state));
    set_interval(move || request_sync(state), SYNC_EVERY);
}

/// Read the records and send what the server is owed. Called at start, after the open order is restored.
pub async fn start(state: AppState) {
    reload(state).await;
    request_sync(state);
}

/// Re-read this till's records into `state.parked.records`.
pub async fn reload(state: AppState) {
    match db::parked::all(&state.store()).await {
        Ok(records) => state.parked.records.set(records),
        Err(e) => leptos::logging::error!("reading parked orders: {e}"),
    }
}

fn session_token(state: AppState) -> Option<String> {
    state
        .auth
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.token.clone()))
}

fn resumed_record(state: AppState) -> Option<ParkedOrder> {
    state.parked.records.with_untracked(|rs| {
        rs.iter()
            .find(|r| matches!(r.phase, ParkPhase::Resumed { .. }))
            .cloned()
    })
}

/// Replace the record `id` in memory (`None`: drop it).
fn set_record(state: AppState, id: Uuid, record: Option<ParkedOrder>) {
    state.parked.records.update(|rs| {
        rs.retain(|r| r.id != id);
        rs.extend(record);
    });
}

/// Open the park dialog (or say why the order cannot be parked).
pub fn open_park(state: AppState) {
    let why = state
        .cart
        .with_untracked(|o| parked::cannot_park(o, state.exchange.with_untracked(Option::is_some)));
    match why {
        Some(why) => state.show_toast(why.into()),
        None => {
            state.parked.message.set(None);
            state.parked.view.set(Some(ParkView::Park));
        }
    }
}

/// Open the list of parked orders; online, ask the server for the store's.
pub fn open_list(state: AppState) {
    state.parked.message.set(None);
    state.parked.view.set(Some(ParkView::List));
    spawn_local(async move {
        reload(state).await;
        refresh_remote(state).await;
    });
}

pub fn close_view(state: AppState) {
    state.parked.view.set(None);
    state.focus_search_soon();
}

/// The store's parked orders from the server (kept as they were when offline).
async fn refresh_remote(state: AppState) {
    let Some(token) = session_token(state) else {
        return;
    };
    match state.api().held_orders(&token).await {
        Ok(list) => {
            note_reachability(state, true);
            state.parked.remote.set(list.orders);
        }
        Err(e) if e.is_network() => note_reachability(state, false),
        Err(e) => state.parked.message.set(Some(e.cashier_message())),
    }
}

/// Park the open order under `label`, leaving an empty order on screen.
pub fn park(state: AppState, label: String) {
    let order = state.cart.get_untracked();
    if let Some(why) = parked::cannot_park(&order, state.exchange.with_untracked(Option::is_some)) {
        state.parked.message.set(Some(why.into()));
        return;
    }
    let id = match crate::ids::uuid_v7() {
        Ok(id) => id,
        Err(e) => return state.parked.message.set(Some(e.cashier_message())),
    };
    let record = ParkedOrder::new(
        id,
        &label,
        order,
        cashier_stamp(state),
        crate::ids::now_utc(),
    );
    // An order resumed here and parked again: the old record becomes its close (a new id goes on the shelf).
    let previous = resumed_record(state).map(|r| (r.id, r.closing(CloseReason::ParkedAgain)));
    let completing = Completing::start(state);
    spawn_local(async move {
        match db::parked::park(&state.store(), &record, previous.clone()).await {
            Ok(()) => {
                completing.committed();
                if let Some((old, prev)) = previous {
                    set_record(state, old, prev);
                }
                set_record(state, record.id, Some(record.clone()));
                state.cart.set(Default::default());
                state.notice.set(None);
                state.parked.view.set(None);
                state.show_toast(format!("Parked \u{201c}{}\u{201d}", record.label));
                state.focus_search_soon();
                request_sync(state);
            }
            Err(e) => state.parked.message.set(Some(e.cashier_message())),
        }
        drop(completing);
    });
}

/// Resume a parked order of this till. One the server has is claimed first when the server answers; if it
/// does not, this till takes it back (it parked it), and the server hears of it with the close.
pub fn resume_own(state: AppState, id: Uuid) {
    let Some(record) = state
        .parked
        .records
        .with_untracked(|rs| rs.iter().find(|r| r.id == id).cloned())
    else {
        return;
    };
    if let Some(why) = blocked(state) {
        return state.parked.message.set(Some(why.into()));
    }
    spawn_local(async move {
        if record.uploaded() {
            if let Some(token) = session_token(state) {
                match state.api().claim_held(&token, id).await {
                    Ok(_) => note_reachability(state, true),
                    Err(e) if e.is_network() => note_reachability(state, false),
                    Err(e) => return refused(state, id, e).await,
                }
            }
        }
        take(state, record.resumed()).await;
    });
}

/// Resume an order another till parked: claimed on the server first (online only).
pub fn resume_remote(state: AppState, held: HeldOrder) {
    if let Some(why) = blocked(state) {
        return state.parked.message.set(Some(why.into()));
    }
    let Some(token) = session_token(state) else {
        return;
    };
    spawn_local(async move {
        match state.api().claim_held(&token, held.id).await {
            Ok(claimed) => {
                note_reachability(state, true);
                take(state, ParkedOrder::claimed(&claimed)).await;
            }
            Err(e) if e.is_network() => {
                note_reachability(state, false);
                state.parked.message.set(Some(
                    "No connection to the server: an order parked on another till can only be resumed online."
                        .into(),
                ));
            }
            Err(e) => refused(state, held.id, e).await,
        }
    });
}

fn blocked(state: AppState) -> Option<&'static str> {
    state.cart.with_untracked(|o| {
        parked::cannot_resume(o, state.exchange.with_untracked(Option::is_some))
    })
}

/// The server refused a claim: another till has the order (or it is closed or expired). This till's copy is
/// dropped and the message names who holds it.
async fn refused(state: AppState, id: Uuid, e: AppError) {
    note_reachability(state, true);
    let message = match &e {
        AppError::Server {
            status: 404 | 409,
            message,
            ..
        } => {
            if let Err(e) = db::parked::put(&state.store(), id, None).await {
                leptos::logging::error!("dropping a parked order: {e}");
            }
            set_record(state, id, None);
            state.parked.remote.update(|r| r.retain(|h| h.id != id));
            format!("This order cannot be resumed here: {message}.")
        }
        _ => e.cashier_message(),
    };
    state.parked.message.set(Some(message));
}

/// Make `record`'s order the open order (record and open order written together).
async fn take(state: AppState, record: ParkedOrder) {
    let open = OpenOrder {
        order: record.order.clone(),
        exchange: None,
    };
    let completing = Completing::start(state);
    match db::parked::resume(&state.store(), &record, &open).await {
        Ok(()) => {
            completing.committed();
            set_record(state, record.id, Some(record.clone()));
            state
                .parked
                .remote
                .update(|r| r.retain(|h| h.id != record.id));
            state.cart.set(record.order);
            state.parked.view.set(None);
            state.show_toast(format!("Resumed \u{201c}{}\u{201d}", record.label));
            state.focus_search_soon();
        }
        Err(e) => state.parked.message.set(Some(e.cashier_message())),
    }
    drop(completing);
}

/// The sale of the order on screen is stored: a resumed order is closed as paid. Called before the cart is
/// emptied.
pub fn sale_completed(state: AppState) {
    finish_resumed(state, CloseReason::Paid);
}

/// The resumed order is done: its record becomes the close to send (or goes, if the server never had it).
fn finish_resumed(state: AppState, reason: CloseReason) {
    let Some(record) = resumed_record(state) else {
        return;
    };
    let id = record.id;
    let next = record.closing(reason);
    set_record(state, id, next.clone());
    spawn_local(async move {
        if let Err(e) = db::parked::put(&state.store(), id, next.as_ref()).await {
            leptos::logging::error!("closing a resumed order: {e}");
        }
        request_sync(state);
    });
}

/// Send what the server must hear of, unless a round runs (then it goes round once more).
pub fn request_sync(state: AppState) {
    if !super::sync::may_sync(state) || session_token(state).is_none() {
        return;
    }
    let start = {
        let handles = state.handles();
        let mut s = handles.parked.borrow_mut();
        s.again = s.running;
        !std::mem::replace(&mut s.running, true)
    };
    if start {
        spawn_local(async move {
            loop {
                if let Err(e) = sync_round(state).await {
                    if e.is_network() {
                        note_reachability(state, false);
                    } else {
                        state.sync_error.set(Some(e.cashier_message()));
                    }
                }
                let handles = state.handles();
                let mut s = handles.parked.borrow_mut();
                if !std::mem::take(&mut s.again) {
                    s.running = false;
                    break;
                }
            }
        });
    }
}

/// One pass over the records owed to the server.
async fn sync_round(state: AppState) -> Result<(), AppError> {
    let store = state.store();
    for record in db::parked::all(&store).await? {
        if !record.sync_due() {
            continue;
        }
        let Some(token) = session_token(state) else {
            return Ok(());
        };
        let api = state.api();
        let next = match record.phase {
            ParkPhase::Closing { reason } => {
                match api.close_held(&token, record.id, reason).await {
                    Ok(_) => None,
                    Err(AppError::Server {
                        status: 404 | 409,
                        message,
                        ..
                    }) => {
                        state.sync_error.set(Some(format!(
                            "\u{201c}{}\u{201d} was also taken up on another till: {message}.",
                            record.label
                        )));
                        None
                    }
                    Err(e) => return Err(e),
                }
            }
            _ => {
                let held = api.park_held(&token, record.id, &record.request()).await?;
                uploaded(&store, record.id, &held).await?
            }
        };
        note_reachability(state, true);
        if next.is_none() {
            db::parked::put(&store, record.id, None).await?;
        }
        set_record(state, record.id, next);
    }
    Ok(())
}

/// The record after the server stored it, read again (it may have been resumed meanwhile). Stored orders
/// another till took (claimed, closed, expired) leave this till's shelf.
async fn uploaded(
    store: &db::Store,
    id: Uuid,
    held: &HeldOrder,
) -> Result<Option<ParkedOrder>, AppError> {
    let Some(mut record) = db::parked::all(store)
        .await?
        .into_iter()
        .find(|r| r.id == id)
    else {
        return Ok(None);
    };
    record.phase = match record.phase {
        ParkPhase::Parked { .. } if held.status != HeldStatus::Parked => {
            db::parked::put(store, id, None).await?;
            return Ok(None);
        }
        ParkPhase::Parked { .. } => ParkPhase::Parked { uploaded: true },
        ParkPhase::Resumed { .. } => ParkPhase::Resumed { uploaded: true },
        closing => closing,
    };
    db::parked::put(store, id, Some(&record)).await?;
    Ok(Some(record))
}
