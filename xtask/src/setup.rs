//! Installs what a fresh machine lacks: the wasm32 target, npm packages, Debian's Chromium.

use crate::Result;
use std::path::Path;
use std::process::Command;

/// Run a command, echoing it; fail with its name when it exits non-zero.
pub fn run(cmd: &mut Command) -> Result {
    eprintln!("xtask: $ {}", describe(cmd));
    let status = cmd
        .status()
        .map_err(|e| format!("could not start {}: {e}", describe(cmd)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(cmd)).into())
    }
}

fn describe(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

fn output_of(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

pub fn ensure_wasm_target() -> Result {
    let installed = output_of("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

/// Path of a Chromium to drive, installing Debian's package when running as root.
pub fn ensure_chromium() -> Result<String> {
    for candidate in ["/usr/bin/chromium", "/usr/bin/chromium-browser"] {
        if Path::new(candidate).exists() {
            return Ok(candidate.to_string());
        }
    }
    let is_root = output_of("id", &["-u"])
        .map(|s| s.trim() == "0")
        .unwrap_or(false);
    if !is_root {
        return Err(
            "Chromium is missing: install it with `sudo apt-get install -y chromium` and run again"
                .into(),
        );
    }
    run(Command::new("apt-get").arg("update").arg("-q"))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "-q", "chromium"])
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    Ok("/usr/bin/chromium".to_string())
}

/// `npm ci` in end2end/ when its node_modules is missing or older than its lock file.
pub fn ensure_npm_packages(end2end: &Path) -> Result {
    let lock = end2end.join("package-lock.json");
    let stamp = end2end.join("node_modules").join(".package-lock.json");
    let fresh = match (std::fs::metadata(&lock), std::fs::metadata(&stamp)) {
        (Ok(l), Ok(s)) => match (l.modified(), s.modified()) {
            (Ok(l), Ok(s)) => s >= l,
            _ => false,
        },
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(end2end)
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"))
}

/// A PostgreSQL URL for the server's PostgreSQL test runs: `POS_TEST_DATABASE_URL` if set, else a local
/// PostgreSQL set up (installed from Debian's packages when missing, started, given a test role) by
/// `server/tests/pg-setup.sh`. There is no fallback: when neither works this fails, so a run of the whole suite
/// never skips the PostgreSQL variants.
pub fn postgres_test_url(root: &Path) -> Result<String> {
    if let Ok(url) = std::env::var("POS_TEST_DATABASE_URL") {
        if !url.trim().is_empty() {
            return Ok(url);
        }
    }
    let script = root.join("server").join("tests").join("pg-setup.sh");
    eprintln!("xtask: $ bash {}", script.display());
    let out = Command::new("bash")
        .arg(&script)
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("could not run {}: {e}", script.display()))?;
    let url = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if out.status.success() && !url.is_empty() {
        return Ok(url);
    }
    Err(format!(
        "PostgreSQL could not be set up for the tests ({}, see above). The suite always runs the PostgreSQL \
         variants: run it as root (pg-setup.sh installs and starts PostgreSQL) or set POS_TEST_DATABASE_URL to \
         a role with CREATEDB",
        out.status
    )
    .into())
}
