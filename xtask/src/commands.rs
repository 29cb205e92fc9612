//! The top-level commands: `serve` (build and run the demo store), `test` (everything CI runs), `e2e`,
//! `first-load` (the checkout's download measured in a browser), `bench-import` (the products CSV import).

use crate::setup::{
    ensure_chromium, ensure_npm_packages, ensure_wasm_target, postgres_test_url, run,
};
use crate::{paths, site, Result};
use std::process::Command;

fn cargo() -> Command {
    let mut c = Command::new(env!("CARGO"));
    c.current_dir(paths::root());
    c
}

/// Build everything and run the server on 127.0.0.1:3000 with its database in ./data. Extra arguments go to
/// the server (`cargo xtask serve -- --bind 127.0.0.1:8080`).
pub fn serve(extra: &[String]) -> Result {
    site::build()?;
    run(cargo().args(["build", "-p", "server"]))?;
    let root = paths::root();
    let mut server = Command::new(paths::server_bin());
    server
        .arg("--bind")
        .arg("127.0.0.1:3000")
        .arg("--data-dir")
        .arg(root.join("data"))
        .arg("--site-dir")
        .arg(paths::site_dir())
        .args(extra.iter().filter(|a| a.as_str() != "--"))
        .current_dir(&root);
    exec(server)
}

/// Replace this process with the server, so Ctrl-C reaches the server alone and it shuts down cleanly.
#[cfg(unix)]
fn exec(mut cmd: Command) -> Result {
    use std::os::unix::process::CommandExt;
    Err(format!("could not start the server: {}", cmd.exec()).into())
}

#[cfg(not(unix))]
fn exec(mut cmd: Command) -> Result {
    run(&mut cmd)
}

/// Everything CI runs, in order of cost: formatting, lints, unit + property + server tests (and the app's unit
/// tests, natively), browser tests.
pub fn test() -> Result {
    // First, so a machine without PostgreSQL fails at once. Every cargo command below inherits both variables
    // (the server's build script reads them: one value for all keeps its build fresh between the commands), and
    // `POS_REQUIRE_POSTGRES` makes a PostgreSQL test without its database a failure, never a skip.
    let url = postgres_test_url(&paths::root())?;
    std::env::set_var("POS_TEST_DATABASE_URL", url);
    std::env::set_var("POS_REQUIRE_POSTGRES", "1");
    ensure_wasm_target()?;
    run(cargo().args(["fmt", "--all", "--", "--check"]))?;
    // No import circles between the files of any crate.
    for krate in ["app", "server", "shared"] {
        crate::circles::check(&paths::root().join(krate))?;
    }
    let native =
        "clippy -p shared -p server -p xtask -p loadgen -p app --all-targets -- -D warnings";
    run(cargo().args(native.split(' ')))?;
    let wasm = "clippy -p app --target wasm32-unknown-unknown -- -D warnings";
    run(cargo().args(wasm.split(' ')))?;
    // The back office's wasm is the same crate with feature `office`.
    let office = "clippy -p app --features office --all-targets -- -D warnings";
    run(cargo().args(office.split(' ')))?;
    let office_wasm =
        "clippy -p app --features office --target wasm32-unknown-unknown -- -D warnings";
    run(cargo().args(office_wasm.split(' ')))?;
    let mut tests = cargo();
    // The app's pure logic (order, commerce, formatting) is unit-tested natively too.
    tests.args([
        "test", "-p", "shared", "-p", "server", "-p", "xtask", "-p", "app",
    ]);
    run(&mut tests)?;
    run(cargo().args(["test", "-p", "app", "--features", "office"]))?;
    e2e()
}

/// Build the app and the server, then run the Playwright suite in Debian's Chromium.
pub fn e2e() -> Result {
    build_for_browser()?;
    run(&mut playwright(&[])?)
}

/// Build, then measure the checkout's first load in Chromium (`end2end/bench/first-load.spec.ts`): the js +
/// wasm bytes on the wire from opening the app to a signed-in checkout, printed per file and in total.
pub fn first_load() -> Result {
    build_for_browser()?;
    run(&mut playwright(&["--config", "bench.config.ts"])?)
}

/// Time the products CSV import of `rows` generated rows (default 50,000) on SQLite and PostgreSQL, in release
/// mode (`server/benches/import.rs`).
pub fn bench_import(rows: Option<&str>) -> Result {
    let url = postgres_test_url(&paths::root())?;
    let rows = rows.unwrap_or("50000");
    run(cargo()
        .args(["bench", "-p", "server", "--bench", "import", "--", rows])
        .env("POS_TEST_DATABASE_URL", url))
}

fn build_for_browser() -> Result {
    let report = site::build()?;
    eprintln!(
        "xtask: app size wasm {} B raw / {} B brotli, js {} B raw / {} B brotli; lazy modules {} B raw / {} B \
         brotli",
        report.wasm_raw,
        report.wasm_brotli,
        report.js_raw,
        report.js_brotli,
        report.lazy_raw,
        report.lazy_brotli
    );
    run(cargo().args(["build", "-p", "server"]))
}

/// `npx playwright test` in end2end/ against the built server and site, in Debian's Chromium.
fn playwright(args: &[&str]) -> Result<Command> {
    let chromium = ensure_chromium()?;
    let end2end = paths::root().join("end2end");
    ensure_npm_packages(&end2end)?;
    let mut cmd = Command::new("npx");
    cmd.args(["playwright", "test"])
        .args(args)
        .current_dir(&end2end)
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
        .env("CHROMIUM_PATH", chromium)
        .env("POS_SERVER_BIN", paths::server_bin())
        .env("POS_SITE_DIR", paths::site_dir());
    Ok(cmd)
}
