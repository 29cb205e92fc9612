//! The store contract: every behaviour the HTTP layer relies on, checked directly on the `Store` trait, once on
//! SQLite and once on PostgreSQL (`POS_TEST_DATABASE_URL`; without it reported ignored, as skipped). Each test gets a
//! database of its own.

#[path = "../common/mod.rs"]
mod common;

mod audit;
mod auth;
mod balances;
mod catalog;
mod catalog_csv;
mod catalog_edit;
mod commerce;
mod concurrency;
mod customers;
mod loyalty;
mod push;
mod refunds;
mod returns;
mod sales;
mod stamps;
mod stock;

use common::{at_minute, mutation, push_request, Backend, Catalog, TestDb};
use server::push::{prepare, PushRejection};
use server::seed::demo_catalog;
use server::store::{Store, StoreError, StoreResult};
use shared::document::SaleDocument;
use shared::sync::{Mutation, MutationBody};
use std::sync::Arc;
use uuid::Uuid;

/// A fresh store of the given kind with the demo catalog, and that catalog as a terminal holds it.
pub struct Seeded {
    pub db: TestDb,
    pub store: Arc<dyn Store>,
    pub catalog: Catalog,
}

pub async fn seeded(backend: Backend) -> Seeded {
    let db = TestDb::create(backend).await;
    let store = db.open().await;
    store
        .write_catalog(&demo_catalog())
        .await
        .expect("demo catalog written");
    let catalog = Catalog::from_changes(store.pull(0, 5000).await.expect("pull").changes);
    Seeded { db, store, catalog }
}

impl Seeded {
    /// Pull again, after a catalog write.
    pub async fn refresh(&mut self) {
        self.catalog = Catalog::from_changes(self.store.pull(0, 5000).await.expect("pull").changes);
    }

    /// A valid sale of `device` with the products at `indexes`, created at minute `n`.
    pub fn sale(&self, device: Uuid, n: i64, indexes: &[usize]) -> SaleDocument {
        self.catalog
            .sale(device, &format!("R-{n}"), at_minute(n), indexes)
    }

    /// `count` consecutive mutations from sequence `first`, one small sale each.
    pub fn mutations(&self, device: Uuid, first: u64, count: u64) -> Vec<Mutation> {
        (first..first + count)
            .map(|seq| {
                let n = i64::try_from(seq).expect("small sequence");
                mutation(
                    seq,
                    self.sale(device, n, &[usize::try_from(seq % 300).expect("index")]),
                )
            })
            .collect()
    }
}

/// Push through the same preparation the HTTP handler does.
pub async fn push(store: &dyn Store, device: Uuid, mutations: Vec<Mutation>) -> StoreResult<u64> {
    let batch = prepare(push_request(device, mutations)).map_err(StoreError::Rejected)?;
    store.push(batch).await
}

/// The push must be refused by a push rule (not fail otherwise); returns the rule.
pub fn refused(answer: StoreResult<u64>) -> PushRejection {
    match answer {
        Err(StoreError::Rejected(r)) => r,
        other => panic!("expected a push rejection, got {other:?}"),
    }
}

pub fn sale_of(m: &Mutation) -> &SaleDocument {
    match &m.body {
        MutationBody::CompleteSale { sale } => sale,
        other => panic!("not a sale: {other:?}"),
    }
}

pub async fn sales_count(store: &dyn Store) -> usize {
    store.list_sales(None, 10_000).await.expect("list").len()
}

#[test]
fn test_database_urls_keep_everything_but_the_database() {
    use common::pg::with_database;
    assert_eq!(
        with_database("postgres://u:p@h:5432/postgres", "x"),
        "postgres://u:p@h:5432/x"
    );
    assert_eq!(
        with_database("postgres://u:p@h:5432/postgres?sslmode=disable", "x"),
        "postgres://u:p@h:5432/x?sslmode=disable"
    );
    assert_eq!(with_database("postgres://h", "x"), "postgres://h/x");
}
