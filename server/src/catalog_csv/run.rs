//! Running an import: take the import turn, read the catalog, check the whole file (on a blocking thread),
//! then write the good rows and the audit entry in one transaction, or write nothing. The CLI and the API's
//! jobs both run this.

use super::existing::Existing;
use super::job::{Job, Jobs};
use super::validate::{check_file, Counters, ImportOptions};
use crate::auth::audit::{self, AuditExt};
use crate::clock::Clock;
use crate::store::{Store, StoreError};
use serde_json::json;
use shared::auth::AuditActor;
use shared::import::ImportState;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use uuid::Uuid;

/// The audit action of an import.
pub const ACTION: &str = "catalog.import";

/// Who runs an import (for the audit log).
#[derive(Clone, Debug)]
pub struct Runner {
    pub actor: AuditActor,
    pub device: Option<Uuid>,
}

/// Run `job` on `bytes` to its end; its state and counters say how it went.
pub async fn run(
    store: Arc<dyn Store>,
    jobs: Arc<Jobs>,
    job: Arc<Job>,
    bytes: Vec<u8>,
    runner: Runner,
    clock: Clock,
) {
    let _turn = jobs.turn.lock().await;
    if let Err(e) = check_and_write(&*store, &job, bytes, &runner, &clock).await {
        tracing::error!(job = %job.id, error = %e, "catalog import failed");
        let message = "the server could not finish the import; nothing was written".to_owned();
        job.finish(ImportState::Failed, Some(message), clock.now());
    }
}

/// One import of `bytes` outside the server's job list (the CLI, tests, the benchmark): the finished job.
pub async fn run_once(
    store: Arc<dyn Store>,
    bytes: Vec<u8>,
    options: ImportOptions,
    runner: Runner,
    clock: Clock,
) -> Arc<Job> {
    let job = Arc::new(Job::new(options, clock.now()));
    let jobs = Arc::new(Jobs::default());
    run(store, jobs, job.clone(), bytes, runner, clock).await;
    job
}

async fn check_and_write(
    store: &dyn Store,
    job: &Arc<Job>,
    bytes: Vec<u8>,
    runner: &Runner,
    clock: &Clock,
) -> Result<(), StoreError> {
    let existing = Existing::from_changes(store.pull(0, u32::MAX).await?.changes);
    let checking = job.clone();
    let checked = tokio::task::spawn_blocking(move || {
        let counters = Counters {
            total: &checking.total,
            validated: &checking.validated,
        };
        check_file(&bytes, &checking.options, &existing, counters)
    })
    .await
    .map_err(|e| StoreError::NotReady(format!("the check stopped: {e}")))?;
    let options = job.options;
    job.total.store(checked.total_rows, Ordering::Relaxed);
    let bad = checked.bad_rows();
    let refused =
        checked.problems.file_is_bad() || (!checked.problems.is_empty() && !options.only_good_rows);
    let writes = checked.write.products.len() as u64;
    let entry = |outcome: &str| {
        audit::entry(clock.now(), runner.actor.clone(), ACTION, outcome)
            .device(runner.device)
            .target(job.id)
            .details(json!({
                "rows": checked.total_rows,
                "bad_rows": bad,
                "problems": checked.problems.list().len(),
                "written": if refused || options.dry_run { 0 } else { writes },
                "dry_run": options.dry_run,
                "only_good_rows": options.only_good_rows,
                "update_existing": options.update_existing,
            }))
    };
    let problems = checked.problems.clone().into_sorted();
    if refused {
        store.append_audit(&entry(audit::FAILURE)).await?;
        job.checked(problems, bad);
        job.finish(ImportState::Rejected, None, clock.now());
        return Ok(());
    }
    if options.dry_run {
        store.append_audit(&entry(audit::SUCCESS)).await?;
        job.checked(problems, bad);
        job.finish(ImportState::Done, None, clock.now());
        return Ok(());
    }
    job.checked(problems, bad);
    let written = |n: u64| job.written.store(n, Ordering::Relaxed);
    store
        .import_catalog(&checked.write, &entry(audit::SUCCESS), &written)
        .await?;
    job.finish(ImportState::Done, None, clock.now());
    Ok(())
}
