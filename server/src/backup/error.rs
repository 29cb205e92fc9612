//! `BackupError`: why a backup or restore did not happen (the maintenance commands' one error enum).

use std::path::{Path, PathBuf};
use thiserror::Error;

/// Why a backup or restore did not happen. Nothing is changed when one of these is returned.
#[derive(Debug, Error)]
pub enum BackupError {
    #[error("there is no database at {0}")]
    NoDatabase(PathBuf),
    #[error("{0} already exists; choose a new file name")]
    TargetExists(PathBuf),
    #[error("{0} does not exist")]
    SourceMissing(PathBuf),
    #[error("{path} is not a POS database: {reason}")]
    NotAPosDatabase { path: PathBuf, reason: String },
    #[error(
        "the database {0} is in use by a running server; stop every server using it, then restore"
    )]
    InUse(PathBuf),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// The server uses PostgreSQL: the message says how to do it with pg_dump / pg_restore.
    #[error("{0}")]
    UsePostgresTools(String),
}

impl BackupError {
    pub fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
        move |source| BackupError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}
