//! `server backup` / `server restore` through the real binary: an online SQLite backup, a restore refused
//! while a server runs and refused for files that are not POS databases, and a round trip that brings the
//! backed-up state back; for PostgreSQL the commands point to pg_dump / pg_restore.

mod common;

use common::{at_minute, maintenance as server, mutation, push_request, start_with, text};
use shared::sync::Mutation;
use sqlx::{ConnectOptions, Connection};
use std::path::Path;
use std::process::Command;
use uuid::Uuid;

fn path_arg(path: &Path) -> &str {
    path.to_str().expect("UTF-8 temp path")
}

#[tokio::test]
async fn backup_then_restore_brings_back_the_backed_up_state() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let backup = dir.path().join("pos-backup.sqlite3");
    let mut srv = start_with(|c| c.data_dir = data.clone()).await;
    let catalog = srv.catalog().await;
    let device = Uuid::now_v7();
    let outbox: Vec<Mutation> = (1..=5u64)
        .map(|seq| {
            let n = i64::try_from(seq).expect("small");
            mutation(
                seq,
                catalog.sale(device, &format!("R-{seq}"), at_minute(n), &[n as usize]),
            )
        })
        .collect();
    assert_eq!(
        srv.push_ok(&push_request(device, outbox[..3].to_vec()))
            .await,
        3
    );

    // Online: the server keeps running.
    let out = server(&["backup", "--to", path_arg(&backup)], &data);
    assert!(out.status.success(), "backup failed: {}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("backed up"),
        "{}",
        text(&out.stdout)
    );
    assert!(backup.is_file());
    assert!(
        !dir.path().join("pos-backup.sqlite3-wal").exists(),
        "one self-contained file"
    );
    let again = server(&["backup", "--to", path_arg(&backup)], &data);
    assert!(!again.status.success());
    assert!(
        text(&again.stderr).contains("already exists"),
        "{}",
        text(&again.stderr)
    );

    assert_eq!(
        srv.push_ok(&push_request(device, outbox[3..].to_vec()))
            .await,
        5
    );
    let refused = server(&["restore", "--from", path_arg(&backup)], &data);
    assert!(
        !refused.status.success(),
        "restore must not replace a database in use"
    );
    assert!(
        text(&refused.stderr).contains("in use"),
        "{}",
        text(&refused.stderr)
    );
    assert_eq!(srv.sales_count().await, 5);
    srv.stop().await;

    let out = server(&["restore", "--from", path_arg(&backup)], &data);
    assert!(
        out.status.success(),
        "restore failed: {}",
        text(&out.stderr)
    );
    assert!(
        text(&out.stdout).contains("restored"),
        "{}",
        text(&out.stdout)
    );

    let mut srv = start_with(|c| c.data_dir = data.clone()).await;
    assert_eq!(srv.sales_count().await, 3, "the state of the backup");
    assert_eq!(srv.push_ok(&push_request(device, vec![])).await, 3);
    let catalog = srv.pull_all(0, 1000).await.0;
    assert_eq!(
        catalog
            .iter()
            .filter(|c| !matches!(c, shared::sync::Change::StockLevel(_)))
            .count(),
        server::seed::DEMO_TILL_CHANGES,
        "seeded once, not again (the sold items' stock levels come on top)"
    );
    // The terminal's outbox still holds what was lost; replaying it brings the sales back exactly once.
    assert_eq!(srv.push_ok(&push_request(device, outbox.clone())).await, 5);
    assert_eq!(srv.sales_count().await, 5);
    srv.stop().await;

    // A restore into an empty data directory works as well.
    let fresh = dir.path().join("fresh");
    let out = server(&["restore", "--from", path_arg(&backup)], &fresh);
    assert!(
        out.status.success(),
        "restore failed: {}",
        text(&out.stderr)
    );
    let srv = start_with(|c| c.data_dir = fresh.clone()).await;
    assert_eq!(srv.sales_count().await, 3);
}

#[tokio::test]
async fn restore_refuses_files_that_are_not_pos_databases() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let mut srv = start_with(|c| c.data_dir = data.clone()).await;
    srv.stop().await;
    let db = data.join("pos.sqlite3");
    let before = std::fs::read(&db).expect("database");

    let refuse = |file: &Path, expected: &str| {
        let out = server(&["restore", "--from", path_arg(file)], &data);
        assert!(
            !out.status.success(),
            "restore of {} was accepted",
            file.display()
        );
        let err = text(&out.stderr);
        assert!(err.contains(expected), "expected '{expected}' in: {err}");
    };
    refuse(&dir.path().join("missing.sqlite3"), "does not exist");

    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "not a database at all, just some text").expect("write");
    refuse(&notes, "not an SQLite database file");

    let other = dir.path().join("other.sqlite3");
    let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&other)
        .create_if_missing(true)
        .connect()
        .await
        .expect("create");
    sqlx::query("CREATE TABLE things (x INTEGER)")
        .execute(&mut conn)
        .await
        .expect("create table");
    conn.close().await.expect("close");
    refuse(&other, "no tax_rates table");

    // A POS database made by a newer server (a migration this one does not know).
    let newer = dir.path().join("newer.sqlite3");
    let out = server(&["backup", "--to", path_arg(&newer)], &data);
    assert!(out.status.success(), "backup failed: {}", text(&out.stderr));
    let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&newer)
        .connect()
        .await
        .expect("open");
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (9999, 'future', 1, x'00', 0)",
    )
    .execute(&mut conn)
    .await
    .expect("insert");
    conn.close().await.expect("close");
    refuse(&newer, "does not know");

    assert_eq!(
        std::fs::read(&db).expect("database"),
        before,
        "the database is untouched"
    );
}

#[test]
fn with_postgresql_the_commands_point_to_pg_dump_and_pg_restore() {
    let dir = tempfile::tempdir().expect("temp dir");
    for args in [
        ["backup", "--to", "x.dump"],
        ["restore", "--from", "x.dump"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_server"))
            .args(args)
            .args(["--database-url", "postgres://pos:secret@127.0.0.1:1/pos"])
            .current_dir(dir.path())
            .output()
            .expect("server binary runs");
        assert!(!out.status.success(), "nothing was done, so no success");
        let err = text(&out.stderr);
        assert!(
            err.contains("pg_dump") && err.contains("pg_restore"),
            "{err}"
        );
        assert!(
            !err.contains("secret"),
            "the password is not printed: {err}"
        );
        assert!(!dir.path().join("x.dump").exists());
    }
}
