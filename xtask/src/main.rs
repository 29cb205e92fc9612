//! `cargo xtask`: the project's two commands (`serve`, `test`) and the build steps they share.
//!
//! Architecture Invariant: nothing here downloads a binary; tools come from crates (wasm-bindgen runs as a
//! library), rustup, npm and apt-get only.

mod circles;
mod commands;
mod compress;
mod paths;
mod setup;
mod site;
mod split;
mod wasm_opt;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  serve   build the app and start the server on http://127.0.0.1:3000 (data in ./data)
  test    everything CI runs: fmt, clippy, unit/property/integration tests, browser tests
  build   build the app into target/site (wasm + assets, service worker stamped)
  e2e     build, then run only the Playwright browser tests
  first-load  build, then measure the js + wasm bytes a new terminal downloads until the checkout is ready
  bench-import [ROWS]  time checking and committing a generated products CSV (50,000 rows) on SQLite and PostgreSQL
";

pub type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => commands::serve(&args[1..]),
        Some("test") => commands::test(),
        Some("build") => site::build().map(|_| ()),
        Some("e2e") => commands::e2e(),
        Some("first-load") => commands::first_load(),
        Some("bench-import") => commands::bench_import(args.get(1).map(String::as_str)),
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            Ok(())
        }
        _ => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
