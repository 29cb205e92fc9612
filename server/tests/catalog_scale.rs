//! The back office's product list with 100,000 products (run by hand, figures in BENCHMARKS.md):
//! `cargo test -p server --test catalog_scale -- --ignored --nocapture` (the PostgreSQL one needs
//! `POS_TEST_DATABASE_URL`). Each search is timed 15 times after one warm-up; the median must stay under
//! [`BUDGET_MS`] (a debug build, dependencies at opt-level 1).

mod common;

use common::{Backend, TestDb};
use server::seed::demo_catalog;
use server::store::{CatalogWrite, ProductQuery, Store};
use shared::barcode::ean13_from_body;
use shared::catalog::Product;
use shared::Decimal;
use std::time::{Duration, Instant};

/// How many products the store holds besides the demo's.
const PRODUCTS: usize = 100_000;
/// The slowest median a search may take.
const BUDGET_MS: u128 = 250;

const WORDS: [&str; 12] = [
    "Apple", "Bread", "Cheese", "Dark", "Espresso", "Fresh", "Green", "Honey", "Iced", "Jam",
    "Kale", "Lemon",
];

fn product(n: usize, categories: &[String]) -> Product {
    let name = format!(
        "{} {} {} {n}",
        WORDS[n % 12],
        WORDS[(n / 12) % 12],
        WORDS[(n / 144) % 12]
    );
    Product {
        id: format!("x{n:06}"),
        sku: format!("X-{n:06}"),
        name,
        barcode: ean13_from_body(&format!("20{n:010}")),
        category_id: categories[n % categories.len()].clone(),
        price: Decimal::new(99 + (n as i64 % 5000), 2),
        tax_rate_id: "std".into(),
        active: !n.is_multiple_of(10),
        version: 1,
        ..Product::default()
    }
}

async fn filled(backend: Backend) -> (TestDb, std::sync::Arc<dyn Store>) {
    let db = TestDb::create(backend).await;
    let store = db.open().await;
    let demo = demo_catalog();
    let categories: Vec<String> = demo.categories.iter().map(|c| c.id.clone()).collect();
    store.write_catalog(&demo).await.expect("demo");
    let started = Instant::now();
    for chunk in (0..PRODUCTS).collect::<Vec<_>>().chunks(10_000) {
        let write = CatalogWrite {
            products: chunk.iter().map(|&n| product(n, &categories)).collect(),
            ..CatalogWrite::default()
        };
        store.write_catalog(&write).await.expect("products");
    }
    println!(
        "{backend:?}: wrote {PRODUCTS} products in {:?}",
        started.elapsed()
    );
    (db, store)
}

/// The median time of `query` (15 runs after a warm-up), and its first page's size.
async fn median(store: &dyn Store, query: &ProductQuery) -> (Duration, usize) {
    let found = store
        .search_products(query, 50)
        .await
        .expect("search")
        .products
        .len();
    let mut times = Vec::new();
    for _ in 0..15 {
        let started = Instant::now();
        store.search_products(query, 50).await.expect("search");
        times.push(started.elapsed());
    }
    times.sort();
    (times[7], found)
}

async fn search_stays_fast(backend: Backend) {
    let (_db, store) = filled(backend).await;
    // A page deep into the list: the last product of page 1,000 (of 50) as the cursor.
    let mut deep = ProductQuery::default();
    for _ in 0..1000 {
        deep.after = store
            .search_products(&deep, 50)
            .await
            .expect("page")
            .next_after;
    }
    let text = |t: &str| ProductQuery {
        text: Some(t.into()),
        ..ProductQuery::default()
    };
    let cases = [
        ("first page, no filter", ProductQuery::default()),
        ("page 1,001 (keyset)", deep),
        ("name substring, many hits (\"honey\")", text("honey")),
        (
            "name substring, one hit (\"lemon lemon lemon 1727\")",
            text("lemon lemon lemon 1727"),
        ),
        ("SKU substring (\"X-04242\")", text("X-04242")),
        ("barcode substring (\"0000077777\")", text("0000077777")),
        ("no hit (\"zzz\")", text("zzz")),
        (
            "category + active",
            ProductQuery {
                category_id: Some("drinks".into()),
                active: Some(true),
                ..ProductQuery::default()
            },
        ),
        (
            "category + text",
            ProductQuery {
                category_id: Some("bakery".into()),
                text: Some("jam".into()),
                ..ProductQuery::default()
            },
        ),
    ];
    for (what, query) in cases {
        let (time, found) = median(store.as_ref(), &query).await;
        println!("{backend:?}: {what}: {found} on the page, median {time:?}");
        assert!(time.as_millis() < BUDGET_MS, "{what}: {time:?}");
    }
}

#[tokio::test]
#[ignore = "a measurement: run by hand with --ignored --nocapture"]
async fn search_stays_fast_with_100k_products_on_sqlite() {
    search_stays_fast(Backend::Sqlite).await;
}

#[tokio::test]
#[ignore = "a measurement: run by hand with --ignored --nocapture (needs POS_TEST_DATABASE_URL)"]
async fn search_stays_fast_with_100k_products_on_postgres() {
    search_stays_fast(Backend::Postgres).await;
}
