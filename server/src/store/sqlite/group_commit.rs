//! Group commit of pushes on SQLite: concurrent pushes share one write transaction and one `fsync`.
//!
//! SQLite has one writer at a time, and with `synchronous = FULL` every commit waits for the disk. Applying each
//! push in its own transaction makes fifty terminals wait for fifty disk flushes in a row. Instead, pushes go
//! to one writer task through a queue: it takes every push waiting (up to [`MAX_GROUP`]), opens one
//! `BEGIN IMMEDIATE` transaction, reads what the rules need for all of them at once, decides each push in
//! arrival order ([`crate::push::plan_group`]), writes the rows of every accepted push with one multi-row
//! statement per table, commits once, and only then answers each caller.
//!
//! What each push still gets on its own:
//! - Atomicity and order: pushes are decided in arrival order, each as if applied in its own transaction right
//!   after the ones before it (a later push sees an earlier one's mutations, sequences and sales); a push
//!   refused by a rule writes nothing and leaves no trace for the pushes after it.
//! - Durability before acknowledgement: no caller hears "applied" before the group's commit returned.
//! - Isolation from other terminals' failures: if the database fails the group (not a push rule), nothing of it
//!   is stored and each push is tried again in a transaction of its own, so only the failing push is answered
//!   with the error (its terminal retries; the rules make a retry safe).

use super::sales;
use crate::push::PushBatch;
use crate::store::{StoreError, StoreResult};
use sqlx::sqlite::SqlitePool;
use std::sync::{Arc, Mutex};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

/// At most this many pushes share one transaction (a push holds at most `MAX_PUSH_MUTATIONS` mutations).
pub const MAX_GROUP: usize = 32;

/// Pushes waiting for the writer; beyond this, callers wait to enqueue (back-pressure).
const QUEUE: usize = 1024;

type Reply = oneshot::Sender<StoreResult<u64>>;

/// The running writer: the signal that stops it, and its task.
type Running = (oneshot::Sender<()>, JoinHandle<()>);

/// The sending side of the writer's queue. Cheap to clone; the writer stops on [`GroupWriter::stop`] or when the
/// last clone is dropped.
#[derive(Clone, Debug)]
pub struct GroupWriter {
    queue: mpsc::Sender<(PushBatch, Reply)>,
    task: Arc<Mutex<Option<Running>>>,
}

impl GroupWriter {
    /// Start the writer task on the current Tokio runtime.
    pub fn start(pool: SqlitePool) -> GroupWriter {
        let (queue, rx) = mpsc::channel(QUEUE);
        let (stop, stopping) = oneshot::channel();
        let handle = tokio::spawn(run(pool, rx, stopping));
        GroupWriter {
            queue,
            task: Arc::new(Mutex::new(Some((stop, handle)))),
        }
    }

    /// Finish the group being written, then end the writer and release its connection pool (the pool holds the
    /// database's lock file, which `server restore` waits for). Pushes still queued are answered "stopped".
    pub async fn stop(&self) {
        let task = self
            .task
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        if let Some((stop, handle)) = task {
            let _ = stop.send(());
            if let Err(e) = handle.await {
                tracing::error!(error = %e, "the push writer task failed");
            }
        }
    }

    /// Apply `batch` in the next group and answer the device's last applied sequence once it is committed.
    pub async fn push(&self, batch: PushBatch) -> StoreResult<u64> {
        let (reply, answer) = oneshot::channel();
        self.queue
            .send((batch, reply))
            .await
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

fn stopped() -> StoreError {
    StoreError::NotReady("the database writer has stopped".into())
}

/// The writer: one group at a time, each group everything that queued while the previous one was written.
async fn run(
    pool: SqlitePool,
    mut rx: mpsc::Receiver<(PushBatch, Reply)>,
    mut stopping: oneshot::Receiver<()>,
) {
    let mut group = Vec::with_capacity(MAX_GROUP);
    loop {
        tokio::select! {
            biased;
            _ = &mut stopping => break,
            received = rx.recv_many(&mut group, MAX_GROUP) => if received == 0 { break },
        }
        let (batches, replies): (Vec<_>, Vec<_>) = group.drain(..).unzip();
        let size = batches.len();
        let answers = apply_group(&pool, batches).await;
        tracing::trace!(size, "push group committed");
        for (reply, answer) in replies.into_iter().zip(answers) {
            // The caller may have gone (request cancelled); its push is stored all the same.
            let _ = reply.send(answer);
        }
    }
}

/// Apply `batches` in one transaction; one answer per batch, in order. When the database fails the group (not a
/// push rule: e.g. a constraint a damaged database enforces), each batch is retried in a transaction of its own,
/// so one bad push cannot keep failing the pushes of every other terminal that shares its group.
async fn apply_group(pool: &SqlitePool, batches: Vec<PushBatch>) -> Vec<StoreResult<u64>> {
    match write(pool, &batches).await {
        Ok(answers) => answers,
        Err(e) if batches.len() == 1 => vec![Err(e)],
        Err(e) => {
            tracing::warn!(error = %e, size = batches.len(), "push group failed; applying its pushes one by one");
            let mut answers = Vec::with_capacity(batches.len());
            for batch in batches.chunks(1) {
                match write(pool, batch).await {
                    Ok(mut one) => answers.append(&mut one),
                    Err(e) => answers.push(Err(e)),
                }
            }
            answers
        }
    }
}

/// One transaction for `batches`: the rule answers, committed; or the database failure, nothing written.
async fn write(pool: &SqlitePool, batches: &[PushBatch]) -> StoreResult<Vec<StoreResult<u64>>> {
    let mut tx = pool.begin_with(super::BEGIN_WRITE).await?;
    let answers = match sales::apply_group(&mut tx, batches).await {
        Ok(answers) => answers,
        Err(e) => {
            if let Err(r) = tx.rollback().await {
                tracing::warn!(error = %r, "rolling back a failed push group");
            }
            return Err(e);
        }
    };
    if answers.iter().any(Result::is_ok) {
        tx.commit().await?;
    } else if let Err(e) = tx.rollback().await {
        // Nothing to keep: ended without a disk flush.
        tracing::warn!(error = %e, "rolling back a refused push group");
    }
    Ok(answers
        .into_iter()
        .map(|a| a.map_err(StoreError::Rejected))
        .collect())
}
