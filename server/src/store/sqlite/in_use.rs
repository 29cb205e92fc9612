//! The lock file beside an SQLite database (`pos.sqlite3.lock`): every open store holds a shared lock on it,
//! and `server restore` takes it exclusively, so a database is never replaced under a running server.
//!
//! The locks are advisory (`flock` on Unix), released by the OS when the process ends, even on a crash.

use crate::store::{StoreError, StoreResult};
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// The lock file of the database at `db`.
pub fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

fn open_lock_file(db: &Path) -> std::io::Result<(PathBuf, File)> {
    let path = lock_path(db);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)?;
    Ok((path, file))
}

/// A lock on a database's lock file, held while this value lives.
#[derive(Debug)]
pub struct InUse {
    _file: File,
}

impl InUse {
    /// The shared lock of a server using the database. Refused while a restore holds the exclusive lock.
    pub fn share(db: &Path) -> StoreResult<InUse> {
        let fail = |path: PathBuf, source| StoreError::Lock { path, source };
        let (path, file) = open_lock_file(db).map_err(|e| fail(lock_path(db), e))?;
        match file.try_lock_shared() {
            Ok(()) => Ok(InUse { _file: file }),
            Err(TryLockError::WouldBlock) => Err(fail(
                path,
                std::io::Error::other(
                    "the database is being restored; start the server when that is done",
                ),
            )),
            Err(TryLockError::Error(e)) => Err(fail(path, e)),
        }
    }

    /// The exclusive lock for replacing the database: `Ok(None)` while any server holds the database.
    pub fn exclusive(db: &Path) -> std::io::Result<Option<InUse>> {
        let (_, file) = open_lock_file(db)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(InUse { _file: file })),
            Err(TryLockError::WouldBlock) => Ok(None),
            Err(TryLockError::Error(e)) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn servers_share_and_a_restore_excludes_them() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("pos.sqlite3");
        let a = InUse::share(&db).expect("first server");
        let b = InUse::share(&db).expect("second server");
        assert!(InUse::exclusive(&db).expect("lockable").is_none());
        drop((a, b));
        let restore = InUse::exclusive(&db).expect("lockable");
        assert!(restore.is_some());
        assert!(
            InUse::share(&db).is_err(),
            "no server starts during a restore"
        );
        drop(restore);
        assert!(InUse::share(&db).is_ok());
        assert_eq!(lock_path(&db), dir.path().join("pos.sqlite3.lock"));
    }
}
