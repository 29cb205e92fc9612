//! Backup and restore of the SQLite database file.
//!
//! Backup: `VACUUM INTO` writes a consistent, compacted copy while servers keep running; the copy is switched
//! to rollback-journal mode so it is one self-contained file. Restore: the file must be an SQLite database
//! whose applied migrations are all known to this server (same checksums) and that has the POS tables; then,
//! holding the exclusive lock (no server running), it is copied beside the database, the old WAL files are
//! removed, and the copy is renamed over the database.

use super::in_use::InUse;
use crate::backup::error::BackupError;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions, Connection, Row};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The migrations this server applies (the same files `SqliteStore::open` runs), to check a backup against.
static MIGRATOR: Migrator = sqlx::migrate!("./migrations/sqlite");

/// The tables a POS database has, whatever its migration level (the settings moved from `store_settings`
/// to `stores` in migration 7).
const REQUIRED_TABLES: [&str; 6] = [
    "tax_rates",
    "categories",
    "products",
    "devices",
    "mutations",
    "sales",
];

pub async fn backup(db: &Path, to: &Path) -> Result<(), BackupError> {
    if !tokio::fs::try_exists(db)
        .await
        .map_err(BackupError::io(db))?
    {
        return Err(BackupError::NoDatabase(db.to_path_buf()));
    }
    if tokio::fs::try_exists(to)
        .await
        .map_err(BackupError::io(to))?
    {
        return Err(BackupError::TargetExists(to.to_path_buf()));
    }
    let target = to.to_str().ok_or_else(|| BackupError::Io {
        path: to.to_path_buf(),
        source: std::io::Error::other("the path is not valid UTF-8"),
    })?;
    let mut conn = SqliteConnectOptions::new()
        .filename(db)
        .busy_timeout(Duration::from_secs(10))
        .connect()
        .await?;
    let written = sqlx::query("VACUUM INTO ?")
        .bind(target)
        .execute(&mut conn)
        .await;
    conn.close().await?;
    if let Err(e) = written {
        let _ = tokio::fs::remove_file(to).await;
        return Err(e.into());
    }
    let mut copy = SqliteConnectOptions::new().filename(to).connect().await?;
    sqlx::query("PRAGMA journal_mode = DELETE")
        .execute(&mut copy)
        .await?;
    copy.close().await?;
    Ok(())
}

pub async fn restore(db: &Path, from: &Path) -> Result<(), BackupError> {
    if !tokio::fs::try_exists(from)
        .await
        .map_err(BackupError::io(from))?
    {
        return Err(BackupError::SourceMissing(from.to_path_buf()));
    }
    let Some(lock) = InUse::exclusive(db).map_err(BackupError::io(db))? else {
        return Err(BackupError::InUse(db.to_path_buf()));
    };
    check_pos_database(from).await?;

    let staged = sibling(db, ".restoring");
    tokio::fs::copy(from, &staged)
        .await
        .map_err(BackupError::io(&staged))?;
    sync(&staged).await?;
    // The old database's WAL must not be applied to the restored file.
    for suffix in ["-wal", "-shm"] {
        let stale = sibling(db, suffix);
        match tokio::fs::remove_file(&stale).await {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(BackupError::io(&stale)(e)),
        }
    }
    tokio::fs::rename(&staged, db)
        .await
        .map_err(BackupError::io(db))?;
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        sync(dir).await?;
    }
    drop(lock);
    Ok(())
}

/// `db` with `suffix` appended to its file name.
fn sibling(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

async fn sync(path: &Path) -> Result<(), BackupError> {
    let file = tokio::fs::File::open(path)
        .await
        .map_err(BackupError::io(path))?;
    file.sync_all().await.map_err(BackupError::io(path))
}

/// Refuse anything but an intact SQLite file with the POS tables and only migrations this server knows.
pub async fn check_pos_database(path: &Path) -> Result<(), BackupError> {
    let not_pos = |reason: String| BackupError::NotAPosDatabase {
        path: path.to_path_buf(),
        reason,
    };
    let mut header = [0u8; 16];
    let mut file = tokio::fs::File::open(path)
        .await
        .map_err(BackupError::io(path))?;
    use tokio::io::AsyncReadExt;
    if file.read_exact(&mut header).await.is_err() || &header != b"SQLite format 3\0" {
        return Err(not_pos("it is not an SQLite database file".into()));
    }
    let mut conn = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .immutable(true)
        .connect()
        .await
        .map_err(|e| not_pos(format!("it cannot be opened: {e}")))?;
    let verdict = inspect(&mut conn).await;
    let _ = conn.close().await;
    verdict.map_err(not_pos)
}

/// What is wrong with the open database, if anything.
async fn inspect(conn: &mut SqliteConnection) -> Result<(), String> {
    let check: String = sqlx::query_scalar("PRAGMA quick_check")
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| format!("it cannot be read: {e}"))?;
    if check != "ok" {
        return Err(format!("it is damaged: {check}"));
    }
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
            .fetch_all(&mut *conn)
            .await
            .map_err(|e| format!("it cannot be read: {e}"))?;
    if let Some(missing) = REQUIRED_TABLES
        .iter()
        .find(|t| !tables.iter().any(|name| name == *t))
    {
        return Err(format!("it has no {missing} table"));
    }
    if !tables.iter().any(|t| t == "_sqlx_migrations") {
        return Err("it has no migration history".into());
    }
    let applied = sqlx::query("SELECT version, checksum, success FROM _sqlx_migrations")
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| format!("its migration history cannot be read: {e}"))?;
    for row in &applied {
        let version: i64 = row.try_get("version").map_err(|e| e.to_string())?;
        let checksum: Vec<u8> = row.try_get("checksum").map_err(|e| e.to_string())?;
        let success: bool = row.try_get("success").map_err(|e| e.to_string())?;
        let known = MIGRATOR.iter().find(|m| m.version == version);
        match known {
            None => {
                return Err(format!(
                    "it has migration {version}, which this server does not know (a newer version made it)"
                ))
            }
            Some(m) if *m.checksum != *checksum => {
                return Err(format!("its migration {version} differs from this server's"))
            }
            Some(_) if !success => return Err(format!("its migration {version} did not complete")),
            Some(_) => {}
        }
    }
    Ok(())
}
