//! Import jobs: each import's progress (rows checked and written of the total), state and problems, read by
//! the back office while it runs. Jobs live in the server process that runs them (the last
//! [`KEPT_JOBS`] are kept); one import at a time checks and writes, so two files never pass their checks
//! against the same catalog and then both write.

use super::validate::ImportOptions;
use chrono::{DateTime, Utc};
use shared::import::{ImportJob, ImportState, RowProblem};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use uuid::Uuid;

/// How many jobs are kept for reading back (the oldest finished ones go first).
pub const KEPT_JOBS: usize = 20;

/// One import: counters the import updates as it goes, and how it ended.
#[derive(Debug)]
pub struct Job {
    pub id: Uuid,
    pub options: ImportOptions,
    pub started_at: DateTime<Utc>,
    pub total: AtomicU64,
    pub validated: AtomicU64,
    pub written: AtomicU64,
    status: Mutex<Status>,
}

#[derive(Debug)]
struct Status {
    state: ImportState,
    problems: Vec<RowProblem>,
    rows_bad: u64,
    message: Option<String>,
    finished_at: Option<DateTime<Utc>>,
}

impl Job {
    pub fn new(options: ImportOptions, started_at: DateTime<Utc>) -> Job {
        Job {
            id: Uuid::now_v7(),
            options,
            started_at,
            total: AtomicU64::new(0),
            validated: AtomicU64::new(0),
            written: AtomicU64::new(0),
            status: Mutex::new(Status {
                state: ImportState::Validating,
                problems: Vec::new(),
                rows_bad: 0,
                message: None,
                finished_at: None,
            }),
        }
    }

    fn status(&self) -> MutexGuard<'_, Status> {
        // A panic while holding the lock leaves plain data behind; reading it is still sound.
        self.status.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn state(&self) -> ImportState {
        self.status().state
    }

    /// The file is checked: its problems are known, writing may start.
    pub fn checked(&self, problems: Vec<RowProblem>, rows_bad: u64) {
        let mut s = self.status();
        s.problems = problems;
        s.rows_bad = rows_bad;
        s.state = ImportState::Writing;
    }

    pub fn finish(&self, state: ImportState, message: Option<String>, at: DateTime<Utc>) {
        let mut s = self.status();
        s.state = state;
        s.message = message;
        s.finished_at = Some(at);
    }

    /// The problems found (all of them).
    pub fn problems(&self) -> Vec<RowProblem> {
        self.status().problems.clone()
    }

    /// The job as the API shows it, with the problems from index `after` on, at most `limit`.
    pub fn view(&self, after: u64, limit: u32) -> ImportJob {
        let s = self.status();
        let start = usize::try_from(after)
            .unwrap_or(usize::MAX)
            .min(s.problems.len());
        let end = start.saturating_add(limit as usize).min(s.problems.len());
        ImportJob {
            id: self.id,
            state: s.state,
            dry_run: self.options.dry_run,
            only_good_rows: self.options.only_good_rows,
            decimal_separator: self.options.decimal_separator,
            total_rows: self.total.load(Ordering::Relaxed),
            rows_validated: self.validated.load(Ordering::Relaxed),
            rows_written: self.written.load(Ordering::Relaxed),
            rows_bad: s.rows_bad,
            problem_count: s.problems.len() as u64,
            problems: s.problems[start..end].to_vec(),
            next_problems_after: (end < s.problems.len()).then_some(end as u64),
            message: s.message.clone(),
            started_at: self.started_at,
            finished_at: s.finished_at,
        }
    }
}

/// The jobs of this server process, and the turn each import waits for.
#[derive(Debug, Default)]
pub struct Jobs {
    jobs: Mutex<VecDeque<Arc<Job>>>,
    /// Held by the import that is checking and writing.
    pub turn: tokio::sync::Mutex<()>,
}

impl Jobs {
    fn list(&self) -> MutexGuard<'_, VecDeque<Arc<Job>>> {
        self.jobs.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Keep `job`, dropping the oldest finished jobs beyond [`KEPT_JOBS`].
    pub fn add(&self, job: Arc<Job>) {
        let mut jobs = self.list();
        jobs.push_back(job);
        while jobs.len() > KEPT_JOBS {
            match jobs.iter().position(|j| j.state().is_finished()) {
                Some(i) => {
                    jobs.remove(i);
                }
                None => break,
            }
        }
    }

    pub fn get(&self, id: Uuid) -> Option<Arc<Job>> {
        self.list().iter().find(|j| j.id == id).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(row: u64) -> RowProblem {
        RowProblem {
            row,
            column: None,
            code: "x".into(),
            message: "y".into(),
        }
    }

    #[test]
    fn problems_are_paged() {
        let job = Job::new(ImportOptions::default(), DateTime::UNIX_EPOCH);
        job.checked((2..7).map(problem).collect(), 5);
        let first = job.view(0, 2);
        assert_eq!(first.problems.len(), 2);
        assert_eq!(first.next_problems_after, Some(2));
        let last = job.view(4, 2);
        assert_eq!(last.problems, vec![problem(6)]);
        assert_eq!(last.next_problems_after, None);
        assert!(job.view(99, 2).problems.is_empty());
    }

    #[test]
    fn only_finished_jobs_are_dropped() {
        let jobs = Jobs::default();
        let running = Arc::new(Job::new(ImportOptions::default(), DateTime::UNIX_EPOCH));
        jobs.add(running.clone());
        for _ in 0..KEPT_JOBS + 3 {
            let job = Arc::new(Job::new(ImportOptions::default(), DateTime::UNIX_EPOCH));
            job.finish(ImportState::Done, None, DateTime::UNIX_EPOCH);
            jobs.add(job);
        }
        assert!(jobs.get(running.id).is_some());
        assert_eq!(jobs.list().len(), KEPT_JOBS);
    }
}
