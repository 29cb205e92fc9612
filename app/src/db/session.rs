//! Sign-in data in the META store: the terminal's enrollment (its server-issued identity and device token),
//! the signed-in staff session, and session tokens still to be logged out on the server.
//!
//! Values go through `meta::get` / `meta::put`, like every other META key.

use super::meta::{self, Terminal, KEY_TERMINAL};
use super::{Store, META, OUTBOX};
use crate::error::AppError;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use shared::auth::{Enrollment, Session};

/// `Enrollment`: the identity the server issued (device id, device token, receipt prefix, name). Absent until
/// the terminal is enrolled; the `KEY_TERMINAL` identity then carries the same device id and prefix.
pub const KEY_ENROLLMENT: &str = "enrollment";
/// `Option<Session>`: who is signed in (token, staff, expiry). `None` (or absent): nobody.
pub const KEY_SESSION: &str = "staff_session";
/// `Vec<String>`: session tokens signed out while the server could not be told; logged out once online.
pub const KEY_PENDING_LOGOUTS: &str = "pending_logouts";

/// The sign-in data read at start.
#[derive(Debug, Default)]
pub struct StoredAuth {
    pub enrollment: Option<Enrollment>,
    pub session: Option<Session>,
}

pub async fn load(store: &Store) -> Result<StoredAuth, AppError> {
    let db = store.db().await?;
    let tx = db.transaction(META).build()?;
    let store = tx.object_store(META)?;
    let enrollment = meta::get::<Enrollment>(&store, KEY_ENROLLMENT).await?;
    let session = meta::get::<Option<Session>>(&store, KEY_SESSION)
        .await?
        .flatten();
    drop(store);
    tx.commit().await?;
    Ok(StoredAuth {
        enrollment,
        session,
    })
}

/// What storing an enrollment did.
#[derive(Debug)]
pub enum Enrolled {
    /// The terminal is now this identity, its counters starting again at 1.
    Done(Terminal),
    /// Refused: this many mutations of the old identity still wait in the outbox.
    Unsynced(u32),
}

async fn outbox_count(store: &ObjectStore<'_>) -> Result<u32, AppError> {
    Ok(store.count().primitive()?.await?)
}

/// Make `enrollment` the terminal's identity, in ONE transaction over META and OUTBOX: refused while the
/// outbox holds anything (those mutations carry the old device id and its sequence numbers). Any stored
/// session is dropped.
pub async fn enroll(store: &Store, enrollment: &Enrollment) -> Result<Enrolled, AppError> {
    let db = store.db().await?;
    let tx = db
        .transaction([META, OUTBOX])
        .with_mode(TransactionMode::Readwrite)
        .build()?;
    let outbox = tx.object_store(OUTBOX)?;
    let waiting = outbox_count(&outbox).await?;
    if waiting > 0 {
        drop(outbox);
        tx.commit().await?;
        return Ok(Enrolled::Unsynced(waiting));
    }
    let store = tx.object_store(META)?;
    let terminal = Terminal {
        device_id: enrollment.device_id,
        receipt_prefix: enrollment.receipt_prefix.clone(),
        next_seq: 1,
        next_receipt_no: 1,
    };
    meta::put(&store, KEY_TERMINAL, &terminal).await?;
    meta::put(&store, KEY_ENROLLMENT, enrollment).await?;
    meta::put(&store, KEY_SESSION, &None::<Session>).await?;
    drop((outbox, store));
    tx.commit().await?;
    Ok(Enrolled::Done(terminal))
}

/// How many mutations wait in the outbox (enrollment is refused while any do).
pub async fn unsynced(store: &Store) -> Result<u32, AppError> {
    let db = store.db().await?;
    let tx = db.transaction(OUTBOX).build()?;
    let store = tx.object_store(OUTBOX)?;
    let n = outbox_count(&store).await?;
    drop(store);
    tx.commit().await?;
    Ok(n)
}

pub async fn save_session(store: &Store, session: &Session) -> Result<(), AppError> {
    let db = store.db().await?;
    let tx = db
        .transaction(META)
        .with_mode(TransactionMode::Readwrite)
        .build()?;
    let store = tx.object_store(META)?;
    meta::put(&store, KEY_SESSION, &Some(session.clone())).await?;
    drop(store);
    tx.commit().await?;
    Ok(())
}

/// Nobody is signed in any more; `log_out_later` is a token the server still has to be told about.
pub async fn end_session(store: &Store, log_out_later: Option<&str>) -> Result<(), AppError> {
    let db = store.db().await?;
    let tx = db
        .transaction(META)
        .with_mode(TransactionMode::Readwrite)
        .build()?;
    let store = tx.object_store(META)?;
    meta::put(&store, KEY_SESSION, &None::<Session>).await?;
    if let Some(token) = log_out_later {
        let mut pending: Vec<String> = meta::get(&store, KEY_PENDING_LOGOUTS)
            .await?
            .unwrap_or_default();
        if !pending.iter().any(|t| t == token) {
            pending.push(token.to_string());
        }
        meta::put(&store, KEY_PENDING_LOGOUTS, &pending).await?;
    }
    drop(store);
    tx.commit().await?;
    Ok(())
}

/// Remember to log `token` out on the server (it may be told right away by `auth::flush_logouts`).
pub async fn queue_logout(store: &Store, token: &str) -> Result<(), AppError> {
    let db = store.db().await?;
    let tx = db
        .transaction(META)
        .with_mode(TransactionMode::Readwrite)
        .build()?;
    let store = tx.object_store(META)?;
    let mut pending: Vec<String> = meta::get(&store, KEY_PENDING_LOGOUTS)
        .await?
        .unwrap_or_default();
    if !pending.iter().any(|t| t == token) {
        pending.push(token.to_string());
        meta::put(&store, KEY_PENDING_LOGOUTS, &pending).await?;
    }
    drop(store);
    tx.commit().await?;
    Ok(())
}

/// Session tokens waiting to be logged out on the server.
pub async fn pending_logouts(store: &Store) -> Result<Vec<String>, AppError> {
    let db = store.db().await?;
    let tx = db.transaction(META).build()?;
    let store = tx.object_store(META)?;
    let pending = meta::get(&store, KEY_PENDING_LOGOUTS)
        .await?
        .unwrap_or_default();
    drop(store);
    tx.commit().await?;
    Ok(pending)
}

/// The server has been told about these tokens (or no longer knows them).
pub async fn forget_logouts(store: &Store, done: &[String]) -> Result<(), AppError> {
    if done.is_empty() {
        return Ok(());
    }
    let db = store.db().await?;
    let tx = db
        .transaction(META)
        .with_mode(TransactionMode::Readwrite)
        .build()?;
    let store = tx.object_store(META)?;
    let mut pending: Vec<String> = meta::get(&store, KEY_PENDING_LOGOUTS)
        .await?
        .unwrap_or_default();
    pending.retain(|t| !done.contains(t));
    meta::put(&store, KEY_PENDING_LOGOUTS, &pending).await?;
    drop(store);
    tx.commit().await?;
    Ok(())
}
