//! Configuration of the server binary: `--help` documents every option, precedence is flags > environment >
//! file > defaults, unknown keys in the file are refused, and a file-configured server really runs that way.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn server() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_server"));
    // Nothing from the developer's environment leaks into the expectations.
    for (key, _) in std::env::vars() {
        if key.starts_with("POS_") {
            cmd.env_remove(key);
        }
    }
    cmd.env("RUST_LOG", "warn");
    cmd
}

fn printed(cmd: &mut Command) -> toml::Table {
    let out: Output = cmd.arg("--print-config").output().expect("server runs");
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.parse()
        .unwrap_or_else(|e| panic!("not TOML: {e}\n{text}"))
}

fn write_file(dir: &Path, text: &str) -> std::path::PathBuf {
    let path = dir.join("pos.toml");
    std::fs::write(&path, text).expect("write config");
    path
}

#[test]
fn help_documents_every_option() {
    let out = server().arg("--help").output().expect("server runs");
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for option in [
        "--bind",
        "--data-dir",
        "--database-url",
        "POS_DATABASE_URL",
        "--site-dir",
        "--no-demo",
        "--config",
        "--cors-origin",
        "--trust-proxy",
        "--rate-limit-per-sec",
        "--rate-limit-burst",
        "--auth-rate-limit-per-min",
        "--auth-rate-limit-burst",
        "--shutdown-grace-secs",
        "--print-config",
        "POS_CONFIG",
        "POS_CORS_ORIGINS",
        "POS_TRUST_PROXY",
        "Precedence",
        "create-admin",
    ] {
        assert!(
            help.contains(option),
            "--help does not mention {option}:\n{help}"
        );
    }
}

#[test]
fn flags_beat_environment_beat_file_beat_defaults() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write_file(
        dir.path(),
        r#"
bind = "127.0.0.1:4100"
rate_limit_per_sec = 7.5
rate_limit_burst = 11
cors_origins = ["https://file.example"]
trust_proxy = true
shutdown_grace_secs = 9
no_demo = true
database_url = "postgres://pos:file-secret@db.example/pos"
"#,
    );
    // File over defaults.
    let c = printed(server().arg("--config").arg(&file));
    assert_eq!(c["bind"].as_str(), Some("127.0.0.1:4100"));
    assert_eq!(c["rate_limit_per_sec"].as_float(), Some(7.5));
    assert_eq!(c["rate_limit_burst"].as_integer(), Some(11));
    assert_eq!(c["trust_proxy"].as_bool(), Some(true));
    assert_eq!(c["no_demo"].as_bool(), Some(true));
    assert_eq!(c["shutdown_grace_secs"].as_integer(), Some(9));
    assert_eq!(c["cors_origins"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        c["database_url"].as_str(),
        Some("postgres://pos:***@db.example/pos"),
        "the file's database, printed without its password"
    );
    // Untouched settings keep their defaults.
    assert_eq!(c["auth_rate_limit_burst"].as_integer(), Some(20));
    assert_eq!(c["site_dir"].as_str(), Some("target/site"));

    // Environment over the file (the file itself named by POS_CONFIG).
    let c = printed(
        server()
            .env("POS_CONFIG", &file)
            .env("POS_RATE_LIMIT_BURST", "22")
            .env("POS_CORS_ORIGINS", "https://a.example,https://b.example")
            .env("POS_TRUST_PROXY", "false"),
    );
    assert_eq!(c["rate_limit_burst"].as_integer(), Some(22));
    let origins: Vec<_> = c["cors_origins"]
        .as_array()
        .expect("origins")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(origins, ["https://a.example", "https://b.example"]);
    assert_eq!(c["trust_proxy"].as_bool(), Some(false));
    let c_env = printed(server().env("POS_CONFIG", &file).env(
        "POS_DATABASE_URL",
        "postgres://pos:env-secret@env.example/pos",
    ));
    assert_eq!(
        c_env["database_url"].as_str(),
        Some("postgres://pos:***@env.example/pos")
    );
    assert_eq!(
        c["rate_limit_per_sec"].as_float(),
        Some(7.5),
        "file value kept"
    );

    // Flags over the environment.
    let c = printed(
        server()
            .env("POS_CONFIG", &file)
            .env("POS_RATE_LIMIT_BURST", "22")
            .args([
                "--rate-limit-burst",
                "33",
                "--cors-origin",
                "https://flag.example",
            ])
            .args([
                "--cors-origin",
                "https://flag2.example",
                "--bind",
                "127.0.0.1:4200",
            ]),
    );
    assert_eq!(c["rate_limit_burst"].as_integer(), Some(33));
    assert_eq!(c["bind"].as_str(), Some("127.0.0.1:4200"));
    assert_eq!(c["cors_origins"].as_array().map(Vec::len), Some(2));

    // No file: defaults.
    let c = printed(&mut server());
    assert_eq!(c["rate_limit_burst"].as_integer(), Some(200));
    assert_eq!(c["rate_limit_per_sec"].as_float(), Some(50.0));
    assert_eq!(c["bind"].as_str(), Some("127.0.0.1:3000"));
}

#[test]
fn bad_files_and_values_are_refused_clearly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write_file(dir.path(), "bind = \"127.0.0.1:0\"\nrate_limt_burst = 3\n");
    let out = server().arg("--config").arg(&file).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("rate_limt_burst") && err.contains("pos.toml"),
        "{err}"
    );
    assert!(err.contains("unknown field"), "{err}");

    let file = write_file(dir.path(), "rate_limit_burst = \"many\"\n");
    let out = server().arg("--config").arg(&file).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("rate_limit_burst"));

    let out = server()
        .arg("--config")
        .arg(dir.path().join("missing.toml"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.toml"));

    let out = server()
        .args(["--cors-origin", "not an origin"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cors_origins"));
}

#[tokio::test]
async fn a_server_configured_by_file_runs_with_those_settings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("filedata");
    let file = write_file(
        dir.path(),
        &format!(
            "bind = \"127.0.0.1:0\"\ndata_dir = {:?}\nsite_dir = {:?}\nno_demo = true\nrate_limit_per_sec = 0.01\n\
             rate_limit_burst = 2\n",
            data.display().to_string(),
            dir.path().join("site").display().to_string()
        ),
    );
    let mut child = server()
        .arg("--config")
        .arg(&file)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("server starts");
    let stdout = child.stdout.take().expect("stdout");
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).map(|_| line)
    })
    .await
    .expect("reader")
    .expect("address line");
    let addr = line
        .trim()
        .trim_start_matches("POS server listening on ")
        .to_owned();
    let client = reqwest::Client::new();
    let mut statuses = Vec::new();
    for _ in 0..3 {
        let res = client
            .get(format!("{addr}/api/v1/openapi.json"))
            .send()
            .await
            .expect("answered");
        statuses.push(res.status().as_u16());
    }
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(statuses, [200, 200, 429], "burst of 2 from the file");
    assert!(data.join("pos.sqlite3").is_file(), "data_dir from the file");
}
