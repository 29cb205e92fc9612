//! Benchmark: the products CSV import of a generated file (`catalog_csv::sample`, 50,000 rows unless the first
//! number argument says otherwise) into a fresh database holding the demo catalog, on SQLite and (when
//! `POS_TEST_DATABASE_URL` is set) PostgreSQL. Prints, per store, the time to check the whole file (a dry
//! run: the catalog read, every row checked) and to check and commit it (one transaction).
//!
//! `cargo xtask bench-import [ROWS]`, or `cargo bench -p server --bench import -- 50000`.

#[path = "../tests/common/mod.rs"]
#[allow(unused_imports, unused_macros)]
mod common;

use common::{at_minute, Backend, TestDb};
use server::auth::audit;
use server::catalog_csv::number::DecimalSeparator;
use server::catalog_csv::run::{run_once, Runner};
use server::catalog_csv::sample;
use server::catalog_csv::validate::ImportOptions;
use server::clock::Clock;
use server::seed::demo_catalog;
use server::store::Store;
use shared::import::ImportState;
use std::sync::Arc;
use std::time::{Duration, Instant};

const DEFAULT_ROWS: usize = 50_000;

async fn timed(store: &Arc<dyn Store>, bytes: &[u8], options: ImportOptions) -> (Duration, u64) {
    let runner = Runner {
        actor: audit::system(),
        device: None,
    };
    let clock = Clock::manual(at_minute(0));
    let started = Instant::now();
    let job = run_once(store.clone(), bytes.to_vec(), options, runner, clock).await;
    let took = started.elapsed();
    let view = job.view(0, 5);
    assert_eq!(view.state, ImportState::Done, "{:?}", view.problems);
    (took, view.rows_written)
}

async fn bench(backend: Backend, bytes: &[u8], rows: usize) {
    let db = TestDb::create(backend).await;
    let store = db.open().await;
    store.write_catalog(&demo_catalog()).await.expect("demo");
    let dry = ImportOptions {
        dry_run: true,
        ..ImportOptions::default()
    };
    let (check, _) = timed(&store, bytes, dry).await;
    let (all, written) = timed(&store, bytes, ImportOptions::default()).await;
    assert_eq!(written, rows as u64);
    let pulled = store.pull(0, u32::MAX).await.expect("pull").changes.len();
    println!(
        "{backend:?}: {rows} rows ({} KiB): checked in {:.2} s; checked and committed in {:.2} s \
         (commit {:.2} s); {pulled} changes to pull",
        bytes.len() / 1024,
        check.as_secs_f64(),
        all.as_secs_f64(),
        all.saturating_sub(check).as_secs_f64(),
    );
    store.close().await.expect("close");
}

fn main() {
    let rows = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(DEFAULT_ROWS);
    let bytes = sample::csv(rows, "BENCH", DecimalSeparator::Dot, b',').expect("sample");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(bench(Backend::Sqlite, &bytes, rows));
    if common::pg::admin_url().is_some() {
        runtime.block_on(bench(Backend::Postgres, &bytes, rows));
    } else {
        println!("Postgres: skipped (no POS_TEST_DATABASE_URL)");
    }
}
