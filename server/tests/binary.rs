//! The server binary end to end: flags, the stdout address line on port 0, and a clean stop on SIGTERM.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

#[tokio::test]
async fn prints_the_real_address_serves_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["--bind", "127.0.0.1:0", "--no-demo"])
        .arg("--data-dir")
        .arg(dir.path().join("data"))
        .arg("--site-dir")
        .arg(dir.path().join("site"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("server starts");
    let stdout = child.stdout.take().expect("stdout piped");
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).map(|_| line)
    })
    .await
    .expect("reader task")
    .expect("a line on stdout");

    let addr = line
        .trim()
        .strip_prefix("POS server listening on http://")
        .unwrap_or_else(|| panic!("unexpected line {line:?}"))
        .to_owned();
    assert!(!addr.ends_with(":0"), "the real port is printed: {addr}");
    let health = reqwest::get(format!("http://{addr}/healthz"))
        .await
        .expect("health answered");
    assert_eq!(health.status(), reqwest::StatusCode::OK);
    assert!(dir.path().join("data/pos.sqlite3").is_file());

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    // Wait for the exit itself (on a blocking thread), for at most 10 s.
    let exited = tokio::task::spawn_blocking(move || child.wait());
    let exit = tokio::time::timeout(Duration::from_secs(10), exited)
        .await
        .expect("server did not stop within 10 s of SIGTERM")
        .expect("waiter")
        .expect("wait");
    assert!(exit.success(), "clean exit, got {exit:?}");
}

/// Run the server with the demo store on `data` until it listens, stop it, and return all it printed.
async fn demo_run(data: &std::path::Path) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["--bind", "127.0.0.1:0"])
        .args([
            "--password-hash-memory-kib",
            "64",
            "--password-hash-iterations",
            "1",
        ])
        .arg("--data-dir")
        .arg(data)
        .arg("--site-dir")
        .arg(data.join("site"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("server starts");
    let stdout = child.stdout.take().expect("stdout piped");
    let (first, mut reader) = tokio::task::spawn_blocking(move || {
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        reader.read_line(&mut line).map(|_| (line, reader))
    })
    .await
    .expect("reader task")
    .expect("a line on stdout");
    assert!(
        first.starts_with("POS server listening on http://"),
        "{first:?}"
    );
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let rest = tokio::task::spawn_blocking(move || {
        let mut rest = String::new();
        std::io::Read::read_to_string(&mut reader, &mut rest).map(|_| rest)
    })
    .await
    .expect("reader task")
    .expect("the rest of stdout");
    assert!(child.wait().expect("wait").success());
    format!("{first}{rest}")
}

#[tokio::test]
async fn demo_credentials_are_printed_once_after_the_listening_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let first = demo_run(&data).await;
    for needle in [
        "admin@demo.store / demo-admin-2026",
        "manager@demo.store / demo-manager-2026",
        "Maria Manager",
        "PIN 9999",
        "Sam Supervisor",
        "PIN 5678",
        "Chris Cashier",
        "PIN 1234",
        "Alex Cashier",
        "PIN 2468",
    ] {
        assert!(first.contains(needle), "{needle} not printed:\n{first}");
    }
    let again = demo_run(&data).await;
    assert_eq!(again.lines().count(), 1, "printed again:\n{again}");
}
