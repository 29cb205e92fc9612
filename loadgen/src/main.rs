//! `loadgen`: simulates terminals that sell and push to a POS server on loopback, and reports push latency.
//!
//! `cargo run --release -p loadgen -- --url http://127.0.0.1:3000 --terminals 50 --rate 20 --seconds 600`
//! It signs in as a manager (`--email`/`--password`, the demo admin by default) and enrolls one device per
//! simulated terminal, as a manager would at each till. Each terminal pulls the catalog once, then completes sales of 1–5 random products (priced by the shared
//! engine, paid exact cash) at its share of the total rate and pushes each one as the app does. At the end it
//! prints counts and p50/p95/p99/max push latency, and exits non-zero on any error.

mod catalog;
mod terminal;

use std::process::ExitCode;
use std::time::Duration;

pub struct Options {
    pub url: String,
    pub email: String,
    pub password: String,
    pub terminals: u32,
    /// Sales per second over all terminals.
    pub rate: f64,
    pub seconds: u64,
}

fn parse() -> Result<Options, String> {
    let mut o = Options {
        url: "http://127.0.0.1:3000".into(),
        email: "admin@demo.store".into(),
        password: "demo-admin-2026".into(),
        terminals: 50,
        rate: 20.0,
        seconds: 60,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--url" => o.url = value()?,
            "--email" => o.email = value()?,
            "--password" => o.password = value()?,
            "--terminals" => {
                o.terminals = value()?.parse().map_err(|e| format!("--terminals: {e}"))?
            }
            "--rate" => o.rate = value()?.parse().map_err(|e| format!("--rate: {e}"))?,
            "--seconds" => o.seconds = value()?.parse().map_err(|e| format!("--seconds: {e}"))?,
            "-h" | "--help" => return Err(
                "usage: loadgen [--url URL] [--terminals N] [--rate SALES_PER_SEC] [--seconds S]"
                    .into(),
            ),
            other => return Err(format!("unknown option {other}")),
        }
    }
    if o.terminals == 0 || o.rate <= 0.0 || o.seconds == 0 {
        return Err("--terminals, --rate and --seconds must be positive".into());
    }
    Ok(o)
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = match parse() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("an HTTP client");
    let devices = match catalog::enroll(&client, &options, options.terminals).await {
        Ok(d) => d,
        Err(e) => {
            eprintln!("could not enroll the simulated terminals: {e}");
            return ExitCode::FAILURE;
        }
    };
    let catalog = match catalog::pull(&client, &options.url, &devices[0].device_token).await {
        Ok(c) => c,
        Err(e) => {
            eprintln!("could not pull the catalog: {e}");
            return ExitCode::FAILURE;
        }
    };
    eprintln!(
        "loadgen: {} terminals, {} sales/s, {} s against {} ({} products)",
        options.terminals,
        options.rate,
        options.seconds,
        options.url,
        catalog.products.len()
    );
    let interval = Duration::from_secs_f64(f64::from(options.terminals) / options.rate);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(options.seconds);
    let catalog = std::sync::Arc::new(catalog);
    let mut tasks = Vec::new();
    for (i, device) in (0..options.terminals).zip(devices) {
        let t =
            terminal::Terminal::new(client.clone(), options.url.clone(), catalog.clone(), device);
        // Stagger the terminals over one interval so the load is even.
        let offset = interval.mul_f64(f64::from(i) / f64::from(options.terminals));
        tasks.push(tokio::spawn(t.run(offset, interval, deadline)));
    }
    let mut latencies = Vec::new();
    let mut errors = Vec::new();
    for task in tasks {
        match task.await {
            Ok(report) => {
                latencies.extend(report.latencies);
                errors.extend(report.errors);
            }
            Err(e) => errors.push(format!("terminal task failed: {e}")),
        }
    }
    latencies.sort();
    let pct = |p: f64| -> f64 {
        if latencies.is_empty() {
            return 0.0;
        }
        let idx = ((p * latencies.len() as f64).ceil() as usize).clamp(1, latencies.len()) - 1;
        latencies[idx].as_secs_f64() * 1000.0
    };
    println!(
        "pushes: {} ok, {} errors; push latency ms: p50 {:.1}, p95 {:.1}, p99 {:.1}, max {:.1}; achieved {:.1} sales/s",
        latencies.len(),
        errors.len(),
        pct(0.50),
        pct(0.95),
        pct(0.99),
        pct(1.0),
        latencies.len() as f64 / options.seconds as f64
    );
    for e in errors.iter().take(10) {
        eprintln!("error: {e}");
    }
    if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
