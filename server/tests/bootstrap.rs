//! `server create-admin` through the real binary: the first administrator of a database started without the
//! demo store signs in to the back office; the password never comes from a flag; bad input fails cleanly and
//! changes nothing.

mod common;

use common::auth::login;
use common::start_with;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Run `server create-admin` on `data_dir` with `args`, the password given through `env` or `stdin`.
fn create_admin(data_dir: &Path, args: &[&str], env: Option<&str>, stdin: &str) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_server"));
    cmd.arg("create-admin")
        .args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .env_remove("POS_DATABASE_URL")
        .env_remove("POS_ADMIN_PASSWORD")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(password) = env {
        cmd.env("POS_ADMIN_PASSWORD", password);
    }
    let mut child = cmd.spawn().expect("server binary runs");
    if let Some(mut input) = child.stdin.take() {
        input.write_all(stdin.as_bytes()).expect("stdin");
    }
    child.wait_with_output().expect("exits")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test]
async fn the_first_admin_of_an_empty_database_signs_in() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let out = create_admin(
        &data,
        &["--email", "Owner@Shop.example", "--name", "Olivia Owner"],
        None,
        "correct horse battery\n",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("created administrator Olivia Owner"));

    // Refused, and nothing changes: the same email again, a short password, no password at all.
    let again = create_admin(
        &data,
        &["--email", "owner@shop.example", "--name", "Twin"],
        Some("another long password"),
        "",
    );
    assert!(!again.status.success());
    assert!(
        text(&again.stderr).contains("email"),
        "{}",
        text(&again.stderr)
    );
    let short = create_admin(
        &data,
        &["--email", "x@shop.example", "--name", "X"],
        Some("short"),
        "",
    );
    assert!(!short.status.success());
    assert!(
        text(&short.stderr).contains("10"),
        "{}",
        text(&short.stderr)
    );
    let none = create_admin(
        &data,
        &["--email", "y@shop.example", "--name", "Y"],
        None,
        "",
    );
    assert!(!none.status.success());
    assert!(
        text(&none.stderr).contains("POS_ADMIN_PASSWORD"),
        "{}",
        text(&none.stderr)
    );
    let flag = create_admin(
        &data,
        &[
            "--email",
            "z@shop.example",
            "--name",
            "Z",
            "--password",
            "on the command line",
        ],
        None,
        "",
    );
    assert!(!flag.status.success(), "a --password flag does not exist");

    // A server on that database, without the demo store: the new admin signs in and is an admin.
    let srv = start_with(|c| {
        c.data_dir = data.clone();
        c.no_demo = true;
    })
    .await;
    let session = login(
        &srv.anon,
        &srv.base,
        "owner@shop.example",
        "correct horse battery",
    )
    .await;
    assert_eq!(session.staff.name, "Olivia Owner");
    assert_eq!(session.staff.role, shared::auth::Role::Admin);
    let page: shared::auth::AuditPage = srv.get_json("/api/v1/audit?action=staff.create").await;
    assert!(
        page.entries
            .iter()
            .any(|e| e.details["name"] == "Olivia Owner"
                && e.actor.kind == shared::auth::ActorKind::System),
        "{:?}",
        page.entries
    );
}
