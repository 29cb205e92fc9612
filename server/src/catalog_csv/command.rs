//! `server import products FILE.csv` and `server export products [FILE]`: the same import and export as the
//! back office's, run on the machine that holds the database, audited as the system.

use super::export::{self, ExportError};
use super::job::Job;
use super::number::DecimalSeparator;
use super::report::lines;
use super::run::{run_once, Runner};
use super::validate::ImportOptions;
use crate::auth::audit;
use crate::backup::{Database, OpenError};
use crate::clock::Clock;
use crate::store::{Store, StoreError};
use shared::import::ImportState;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Why an import or export command failed; [`CsvCommandError::exit_code`] is what the process answers.
#[derive(Debug, thiserror::Error)]
pub enum CsvCommandError {
    #[error(transparent)]
    Open(#[from] OpenError),
    #[error("database error: {0}")]
    Store(#[from] StoreError),
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Export(#[from] ExportError),
    /// Bad rows: nothing was written (`partial`: the good rows were written, as asked).
    #[error("{summary}\n{list}")]
    BadRows {
        summary: String,
        list: String,
        partial: bool,
    },
    #[error("{0}")]
    Failed(String),
}

impl CsvCommandError {
    /// 3 when the good rows were written but some were bad; 1 for every other failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            CsvCommandError::BadRows { partial: true, .. } => 3,
            _ => 1,
        }
    }
}

/// Import `file` into the catalog of `database`. Returns the line to print.
pub async fn import_products(
    database: &Database,
    file: &Path,
    options: ImportOptions,
) -> Result<String, CsvCommandError> {
    let bytes = std::fs::read(file).map_err(|source| CsvCommandError::Read {
        path: file.to_owned(),
        source,
    })?;
    let store: Arc<dyn Store> = Arc::from(database.open().await?);
    let runner = Runner {
        actor: audit::system(),
        device: None,
    };
    let job = run_once(store.clone(), bytes, options, runner, Clock::system()).await;
    store.close().await?;
    outcome(&job, file)
}

fn outcome(job: &Job, file: &Path) -> Result<String, CsvCommandError> {
    let view = job.view(0, 0);
    let written = view.rows_written;
    let (total, bad) = (view.total_rows, view.rows_bad);
    let list = || lines(&job.problems()).collect::<Vec<_>>().join("\n");
    let file = file.display();
    match view.state {
        ImportState::Done if view.problem_count == 0 && job.options.dry_run => {
            Ok(format!("{file}: all {total} rows are good (dry run: nothing written)"))
        }
        ImportState::Done if view.problem_count == 0 => {
            Ok(format!("{file}: imported {written} of {total} rows"))
        }
        ImportState::Done => Err(CsvCommandError::BadRows {
            summary: if job.options.dry_run {
                format!("{file}: {bad} of {total} rows are bad (dry run: nothing written):")
            } else {
                format!("{file}: imported the {written} good rows; {bad} of {total} rows are bad and were skipped:")
            },
            list: list(),
            partial: !job.options.dry_run,
        }),
        ImportState::Rejected => Err(CsvCommandError::BadRows {
            summary: format!(
                "{file}: {} problems in {bad} of {total} rows; nothing was written (fix them, or import with \
                 --only-good-rows):",
                view.problem_count
            ),
            list: list(),
            partial: false,
        }),
        _ => Err(CsvCommandError::Failed(view.message.unwrap_or_else(|| {
            "the import did not finish; nothing was written".into()
        }))),
    }
}

/// Export the catalog of `database` into `file`, or to standard output (then the count goes to standard
/// error). Returns the line to print (empty after standard output).
pub async fn export_products(
    database: &Database,
    file: Option<&Path>,
    sep: DecimalSeparator,
    delimiter: u8,
) -> Result<String, CsvCommandError> {
    let store = database.open().await?;
    let pulled = store.pull(0, u32::MAX).await;
    store.close().await?;
    let (products, groups) = export::from_changes(pulled?.changes);
    let count = products.len();
    match file {
        Some(path) => {
            let failed = |source| CsvCommandError::Write {
                path: path.to_owned(),
                source,
            };
            let out = std::fs::File::create(path).map_err(failed)?;
            export::write(
                std::io::BufWriter::new(out),
                &products,
                &groups,
                sep,
                delimiter,
            )?;
            Ok(format!("exported {count} items to {}", path.display()))
        }
        None => {
            export::write(std::io::stdout().lock(), &products, &groups, sep, delimiter)?;
            eprintln!("exported {count} items");
            Ok(String::new())
        }
    }
}
