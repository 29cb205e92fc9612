//! Benchmark: sync ingest against plain inserts of the very same rows, on each store.
//!
//! - `sqlite_ingest`: `Store::push` of prepared batches (every sync rule, group commit) next to a raw batched
//!   insert (multi-row `INSERT … VALUES`, one transaction) of the rows that ingest wrote, into the same schema.
//! - `postgres_ingest` (when `POS_TEST_DATABASE_URL` is set): `Store::push` (the UNNEST bulk path) next to
//!   row-by-row inserts of the same rows (one `INSERT` statement per row, one transaction).
//!
//! The rows are captured once from a database after a real ingest: every table that was empty before the
//! push and holds rows after it, in creation order (so foreign keys are satisfied). Each iteration starts from
//! a fresh database holding the demo catalog; preparing it is not measured.
//!
//! Workloads, 500 sales each: `outbox` — one terminal pushing 500 sales in one push (the largest push allowed,
//! a till back after a long outage; one transaction, like the raw insert); `catch_up` — 10 terminals each
//! pushing 5 batches of 10 sales at once; `live` — 50 terminals each pushing 10 single-sale pushes at once (a
//! busy store online: 500 acknowledged pushes against one transaction of the raw insert).

#[path = "../tests/common/mod.rs"]
#[allow(unused_imports, unused_macros)]
mod common;

use common::{at_minute, mutation, push_request, Backend, Catalog, TestDb};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use server::push::{prepare, PushBatch};
use server::seed::demo_catalog;
use server::store::Store;
use sqlx::postgres::PgPool;
use sqlx::sqlite::{SqlitePool, SqliteRow};
use sqlx::{Column, Row, TypeInfo, ValueRef};
use std::sync::Arc;
use tokio::runtime::Runtime;
use tokio::task::JoinSet;
use uuid::Uuid;

/// One workload: how many terminals push how many batches of how many sales, all terminals at once.
#[derive(Clone, Copy)]
struct Workload {
    name: &'static str,
    terminals: usize,
    pushes: u64,
    sales_per_push: u64,
}

const WORKLOADS: [Workload; 3] = [
    Workload {
        name: "outbox",
        terminals: 1,
        pushes: 1,
        sales_per_push: 500,
    },
    Workload {
        name: "catch_up",
        terminals: 10,
        pushes: 5,
        sales_per_push: 10,
    },
    Workload {
        name: "live",
        terminals: 50,
        pushes: 10,
        sales_per_push: 1,
    },
];

impl Workload {
    fn sales(self) -> u64 {
        self.terminals as u64 * self.pushes * self.sales_per_push
    }
}

/// The pushes of each terminal, in order, ready for `Store::push`.
fn batches(catalog: &Catalog, w: Workload) -> Vec<Vec<PushBatch>> {
    (0..w.terminals)
        .map(|t| {
            let device = Uuid::now_v7();
            (0..w.pushes)
                .map(|p| {
                    let first = p * w.sales_per_push + 1;
                    let mutations = (first..first + w.sales_per_push)
                        .map(|seq| {
                            let n = i64::try_from(seq).unwrap_or(0);
                            // 1–4 lines of different products per sale.
                            let len = (seq as usize + t) % 4 + 1;
                            let indexes: Vec<usize> = (0..len)
                                .map(|i| (t * 37 + seq as usize * 7 + i * 11) % 300)
                                .collect();
                            let receipt = format!("T{t}-{seq}");
                            mutation(seq, catalog.sale(device, &receipt, at_minute(n), &indexes))
                        })
                        .collect();
                    prepare(push_request(device, mutations)).expect("valid push")
                })
                .collect()
        })
        .collect()
}

/// A fresh database of `backend` with the demo catalog, its store, and the catalog as a terminal holds it.
async fn fresh(backend: Backend) -> (TestDb, Arc<dyn Store>) {
    let db = TestDb::create(backend).await;
    let store = db.open().await;
    store
        .write_catalog(&demo_catalog())
        .await
        .expect("demo catalog");
    (db, store)
}

/// Every terminal pushes its batches in order; terminals run concurrently.
async fn ingest(store: Arc<dyn Store>, work: Vec<Vec<PushBatch>>) {
    let mut tasks = JoinSet::new();
    for terminal in work {
        let store = store.clone();
        tasks.spawn(async move {
            for batch in terminal {
                store.push(batch).await.expect("push applied");
            }
        });
    }
    for done in tasks.join_all().await {
        let () = done;
    }
}

/// The ingest side of a group: `Store::push` of `w` into a fresh database of `backend` (setup not measured).
fn bench_store_push(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    rt: &Runtime,
    catalog: &Catalog,
    w: Workload,
    backend: Backend,
    name: &str,
) {
    group.bench_function(format!("{}/{name}", w.name), |b| {
        b.iter_batched(
            || rt.block_on(async { (fresh(backend).await, batches(catalog, w)) }),
            |((db, store), work)| {
                rt.block_on(ingest(store.clone(), work));
                (db, store)
            },
            BatchSize::PerIteration,
        );
    });
}

// ---- SQLite ------------------------------------------------------------------------------------------------

/// A column value as read back from SQLite.
#[derive(Clone, Debug)]
enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// The rows of one table, in insertion order.
struct TableRows {
    table: String,
    columns: Vec<String>,
    rows: Vec<Vec<Value>>,
}

fn value_of(row: &SqliteRow, i: usize) -> Value {
    let raw = row.try_get_raw(i).expect("column");
    if raw.is_null() {
        return Value::Null;
    }
    match raw.type_info().name() {
        "INTEGER" => Value::Int(row.get(i)),
        "REAL" => Value::Real(row.get(i)),
        "BLOB" => Value::Blob(row.get(i)),
        _ => Value::Text(row.get(i)),
    }
}

async fn sqlite_tables(pool: &SqlitePool) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name NOT LIKE '_sqlx%' ORDER BY rowid",
    )
    .fetch_all(pool)
    .await
    .expect("tables")
}

async fn sqlite_count(pool: &SqlitePool, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT count(*) FROM \"{table}\""))
        .fetch_one(pool)
        .await
        .expect("count")
}

/// Ingest `w` once and read back what it wrote: the tables empty before and filled after.
async fn sqlite_rows(catalog: &Catalog, w: Workload) -> Vec<TableRows> {
    let (db, store) = fresh(Backend::Sqlite).await;
    let TestDb::Sqlite(dir) = &db else {
        unreachable!("an SQLite database")
    };
    let pool = SqlitePool::connect(&format!(
        "sqlite://{}",
        dir.path().join("pos.sqlite3").display()
    ))
    .await
    .expect("second connection");
    let tables = sqlite_tables(&pool).await;
    let mut empty = Vec::new();
    for t in &tables {
        if sqlite_count(&pool, t).await == 0 {
            empty.push(t.clone());
        }
    }
    ingest(store.clone(), batches(catalog, w)).await;
    let mut captured = Vec::new();
    for table in empty {
        let rows = sqlx::query(&format!("SELECT * FROM \"{table}\" ORDER BY rowid"))
            .fetch_all(&pool)
            .await
            .expect("rows");
        let Some(first) = rows.first() else { continue };
        let columns = first
            .columns()
            .iter()
            .map(|c| c.name().to_string())
            .collect();
        let rows = rows
            .iter()
            .map(|r| (0..r.columns().len()).map(|i| value_of(r, i)).collect())
            .collect();
        captured.push(TableRows {
            table,
            columns,
            rows,
        });
    }
    pool.close().await;
    store.close().await.expect("close");
    captured
}

/// The raw batched insert: multi-row `INSERT … VALUES` per table (as many rows as SQLite's 32,766 bound
/// parameters allow), all in one transaction.
async fn sqlite_raw_insert(pool: &SqlitePool, tables: &[TableRows]) {
    let mut tx = pool.begin().await.expect("begin");
    for t in tables {
        let per_row = t.columns.len();
        let placeholders = format!("({})", vec!["?"; per_row].join(", "));
        for chunk in t.rows.chunks(32_766 / per_row) {
            let sql = format!(
                "INSERT INTO \"{}\" ({}) VALUES {}",
                t.table,
                t.columns.join(", "),
                vec![placeholders.as_str(); chunk.len()].join(", ")
            );
            let mut q = sqlx::query(&sql);
            for v in chunk.iter().flatten() {
                q = match v.clone() {
                    Value::Null => q.bind(None::<String>),
                    Value::Int(i) => q.bind(i),
                    Value::Real(r) => q.bind(r),
                    Value::Text(s) => q.bind(s),
                    Value::Blob(b) => q.bind(b),
                };
            }
            q.execute(&mut *tx).await.expect("raw insert");
        }
    }
    tx.commit().await.expect("commit");
}

/// The catalog the benchmark rings sales up from.
async fn terminal_catalog() -> Catalog {
    let (_db, store) = fresh(Backend::Sqlite).await;
    let catalog = Catalog::from_changes(store.pull(0, 5000).await.expect("pull").changes);
    store.close().await.expect("close");
    catalog
}

fn sqlite_ingest(c: &mut Criterion) {
    let rt = Runtime::new().expect("runtime");
    let catalog = rt.block_on(terminal_catalog());
    let mut group = c.benchmark_group("sqlite_ingest");
    group.sample_size(10);
    for w in WORKLOADS {
        let rows = rt.block_on(sqlite_rows(&catalog, w));
        let row_count: usize = rows.iter().map(|t| t.rows.len()).sum();
        eprintln!(
            "{}: {} sales, {row_count} rows in {}",
            w.name,
            w.sales(),
            rows.iter()
                .map(|t| t.table.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
        group.throughput(Throughput::Elements(w.sales()));
        bench_store_push(&mut group, &rt, &catalog, w, Backend::Sqlite, "push");
        group.bench_function(format!("{}/raw_batched_insert", w.name), |b| {
            b.iter_batched(
                || {
                    rt.block_on(async {
                        let (db, store) = fresh(Backend::Sqlite).await;
                        let TestDb::Sqlite(dir) = &db else {
                            unreachable!("an SQLite database")
                        };
                        // The same connection settings as the store: WAL, synchronous FULL.
                        let options = sqlx::sqlite::SqliteConnectOptions::new()
                            .filename(dir.path().join("pos.sqlite3"))
                            .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
                            .synchronous(sqlx::sqlite::SqliteSynchronous::Full)
                            .foreign_keys(true);
                        let pool = SqlitePool::connect_with(options).await.expect("pool");
                        (db, store, pool)
                    })
                },
                |(db, store, pool)| {
                    rt.block_on(sqlite_raw_insert(&pool, &rows));
                    (db, store, pool)
                },
                BatchSize::PerIteration,
            );
        });
    }
    group.finish();
}

// ---- PostgreSQL --------------------------------------------------------------------------------------------

/// Tables in creation order (foreign keys point backwards).
async fn pg_tables(pool: &PgPool) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname NOT LIKE '_sqlx%' ORDER BY c.oid",
    )
    .fetch_all(pool)
    .await
    .expect("tables")
}

async fn pg_count(pool: &PgPool, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT count(*) FROM \"{table}\""))
        .fetch_one(pool)
        .await
        .expect("count")
}

/// Ingest `w` once and read back each written row as JSON (`row_to_json`), table by table.
async fn pg_rows(catalog: &Catalog, w: Workload) -> Vec<(String, Vec<serde_json::Value>)> {
    let (db, store) = fresh(Backend::Postgres).await;
    let url = db.database_url().expect("a PostgreSQL database");
    let pool = PgPool::connect(&url).await.expect("second connection");
    let mut empty = Vec::new();
    for t in pg_tables(&pool).await {
        if pg_count(&pool, &t).await == 0 {
            empty.push(t);
        }
    }
    ingest(store.clone(), batches(catalog, w)).await;
    let mut captured = Vec::new();
    for table in empty {
        let rows: Vec<serde_json::Value> =
            sqlx::query_scalar(&format!("SELECT row_to_json(t) FROM \"{table}\" t"))
                .fetch_all(&pool)
                .await
                .expect("rows");
        if !rows.is_empty() {
            captured.push((table, rows));
        }
    }
    pool.close().await;
    store.close().await.expect("close");
    captured
}

/// Row by row: one `INSERT` statement (one round trip) per row, all in one transaction.
async fn pg_row_by_row(pool: &PgPool, tables: &[(String, Vec<serde_json::Value>)]) {
    let mut tx = pool.begin().await.expect("begin");
    for (table, rows) in tables {
        let sql = format!(
            "INSERT INTO \"{table}\" SELECT * FROM jsonb_populate_record(NULL::\"{table}\", $1)"
        );
        for row in rows {
            sqlx::query(&sql)
                .bind(row)
                .execute(&mut *tx)
                .await
                .expect("row insert");
        }
    }
    tx.commit().await.expect("commit");
}

fn postgres_ingest(c: &mut Criterion) {
    if common::pg::admin_url().is_none() {
        eprintln!("postgres_ingest skipped: set POS_TEST_DATABASE_URL");
        return;
    }
    let rt = Runtime::new().expect("runtime");
    let catalog = rt.block_on(terminal_catalog());
    let mut group = c.benchmark_group("postgres_ingest");
    group.sample_size(10);
    for w in WORKLOADS {
        let rows = rt.block_on(pg_rows(&catalog, w));
        let row_count: usize = rows.iter().map(|(_, r)| r.len()).sum();
        eprintln!("{}: {} sales, {row_count} rows", w.name, w.sales());
        group.throughput(Throughput::Elements(w.sales()));
        bench_store_push(&mut group, &rt, &catalog, w, Backend::Postgres, "bulk_push");
        group.bench_function(format!("{}/row_by_row", w.name), |b| {
            b.iter_batched(
                || {
                    rt.block_on(async {
                        let (db, store) = fresh(Backend::Postgres).await;
                        let url = db.database_url().expect("a PostgreSQL database");
                        let pool = PgPool::connect(&url).await.expect("pool");
                        (db, store, pool)
                    })
                },
                |(db, store, pool)| {
                    rt.block_on(pg_row_by_row(&pool, &rows));
                    (db, store, pool)
                },
                BatchSize::PerIteration,
            );
        });
    }
    group.finish();
}

// ---- The cost of stock movements ---------------------------------------------------------------------------

/// `Store::push` of each workload with and without its stock movements, same run, on each store
/// (`server::push::stock::MOVES_STOCK` off for the "without" side only).
fn stock_cost(c: &mut Criterion) {
    use std::sync::atomic::Ordering;
    let moves = &server::push::stock::MOVES_STOCK;
    let rt = Runtime::new().expect("runtime");
    let catalog = rt.block_on(terminal_catalog());
    let mut group = c.benchmark_group("stock_cost");
    group.sample_size(10);
    for (backend, store) in backends() {
        for w in WORKLOADS {
            group.throughput(Throughput::Elements(w.sales()));
            moves.store(true, Ordering::Relaxed);
            bench_store_push(
                &mut group,
                &rt,
                &catalog,
                w,
                backend,
                &format!("{store}/with_stock"),
            );
            moves.store(false, Ordering::Relaxed);
            bench_store_push(
                &mut group,
                &rt,
                &catalog,
                w,
                backend,
                &format!("{store}/without_stock"),
            );
            moves.store(true, Ordering::Relaxed);
        }
    }
    group.finish();
}

/// `Store::push` with the events every accepted document and moved stock level writes (one endpoint subscribed
/// to every type: its deliveries are made later by a dispatcher, off the push path), and with
/// `server::events::WRITES_EVENTS` off, in the same run.
fn event_cost(c: &mut Criterion) {
    use std::sync::atomic::Ordering;
    let writes = &server::events::WRITES_EVENTS;
    let rt = Runtime::new().expect("runtime");
    let catalog = rt.block_on(terminal_catalog());
    let mut group = c.benchmark_group("event_cost");
    group.sample_size(10);
    for (backend, store) in backends() {
        for w in WORKLOADS {
            group.throughput(Throughput::Elements(w.sales()));
            for (on, name) in [(true, "with_events"), (false, "without_events")] {
                writes.store(on, Ordering::Relaxed);
                group.bench_function(format!("{}/{store}/{name}", w.name), |b| {
                    b.iter_batched(
                        || {
                            rt.block_on(async {
                                let (db, store) = fresh(backend).await;
                                subscribe_all(store.as_ref()).await;
                                ((db, store), batches(&catalog, w))
                            })
                        },
                        |((db, store), work)| {
                            rt.block_on(ingest(store.clone(), work));
                            (db, store)
                        },
                        BatchSize::PerIteration,
                    );
                });
            }
            writes.store(true, Ordering::Relaxed);
        }
    }
    group.finish();
}

/// SQLite, and PostgreSQL when `POS_TEST_DATABASE_URL` is set, with their names.
fn backends() -> Vec<(Backend, &'static str)> {
    let mut backends = vec![(Backend::Sqlite, "sqlite")];
    if common::pg::admin_url().is_some() {
        backends.push((Backend::Postgres, "postgres"));
    }
    backends
}

/// One webhook endpoint subscribed to every event type (so each event also gets its delivery row).
async fn subscribe_all(store: &dyn Store) {
    let audit = server::auth::audit::entry(
        chrono::Utc::now(),
        server::auth::audit::system(),
        "webhook.endpoint.create",
        server::auth::audit::SUCCESS,
    );
    let new = shared::webhooks::NewEndpoint {
        url: "https://hooks.example.com/pos".into(),
        description: String::new(),
        event_types: vec!["*".into()],
    };
    store
        .create_webhook_endpoint(
            Uuid::now_v7(),
            &new,
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            chrono::Utc::now(),
            &audit,
        )
        .await
        .expect("endpoint");
}

criterion_group!(
    benches,
    sqlite_ingest,
    postgres_ingest,
    stock_cost,
    event_cost
);
criterion_main!(benches);
