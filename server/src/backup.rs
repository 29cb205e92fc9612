//! `server backup --to FILE` and `server restore --from FILE`: maintenance commands run instead of serving.
//!
//! SQLite (the default): an online backup (`VACUUM INTO`, safe while servers run) into a self-contained file,
//! and a restore that checks the file is a POS database this server can open and refuses while any server
//! holds the database. PostgreSQL: the database's own tools do this better; the commands say which and how.

pub mod error;

pub use error::BackupError;

use crate::store::postgres::{redact_url, PgStore};
use crate::store::sqlite::backup as sqlite_backup;
use crate::store::sqlite::SqliteStore;
use crate::store::{Store, StoreError};
use std::path::{Path, PathBuf};

/// The database a maintenance command works on, chosen as for serving.
#[derive(Clone, Debug)]
pub enum Database {
    /// `pos.sqlite3` in the data directory.
    Sqlite {
        data_dir: PathBuf,
    },
    Postgres {
        url: String,
    },
}

impl Database {
    /// The data directory and SQLite file, or the advice to use PostgreSQL's tools.
    fn sqlite_file(&self, command: &str) -> Result<(&Path, PathBuf), BackupError> {
        match self {
            Database::Sqlite { data_dir } => Ok((data_dir, data_dir.join("pos.sqlite3"))),
            Database::Postgres { url } => {
                Err(BackupError::UsePostgresTools(postgres_advice(url, command)))
            }
        }
    }
}

/// Why a maintenance command could not open the database.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("cannot create the data directory: {0}")]
    DataDir(std::io::Error),
    #[error("cannot open the database: {0}")]
    Store(#[from] StoreError),
}

impl Database {
    /// Open the store, as a server would (SQLite: creating the data directory first).
    pub async fn open(&self) -> Result<Box<dyn Store>, OpenError> {
        Ok(match self {
            Database::Sqlite { data_dir } => {
                std::fs::create_dir_all(data_dir).map_err(OpenError::DataDir)?;
                Box::new(SqliteStore::open(&data_dir.join("pos.sqlite3")).await?)
            }
            Database::Postgres { url } => Box::new(PgStore::connect(url).await?),
        })
    }
}

/// Back up the database into `to` (a new file). Returns a line saying what was done.
pub async fn backup(database: &Database, to: &Path) -> Result<String, BackupError> {
    let (_, db) = database.sqlite_file("backup")?;
    sqlite_backup::backup(&db, to).await?;
    Ok(format!("backed up {} to {}", db.display(), to.display()))
}

/// Replace the database with the backup `from`. Returns a line saying what was done.
pub async fn restore(database: &Database, from: &Path) -> Result<String, BackupError> {
    let (data_dir, db) = database.sqlite_file("restore")?;
    tokio::fs::create_dir_all(data_dir)
        .await
        .map_err(BackupError::io(data_dir))?;
    sqlite_backup::restore(&db, from).await?;
    Ok(format!("restored {} from {}", db.display(), from.display()))
}

fn postgres_advice(url: &str, command: &str) -> String {
    let url = redact_url(url);
    format!(
        "`server {command}` handles SQLite only; this server uses PostgreSQL ({url}). Use PostgreSQL's tools:\n  \
         backup:  pg_dump --format=custom --file=pos.dump '{url}'   (online, consistent; servers may run)\n  \
         restore: stop every server, then pg_restore --clean --if-exists --no-owner --dbname='{url}' pos.dump\n\
         (put the real password in PGPASSWORD or ~/.pgpass)"
    )
}
