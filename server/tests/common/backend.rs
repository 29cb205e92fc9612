//! The two stores a test can run on, a throw-away store of either kind, and the macro that runs one generic
//! test function once per store. Without `POS_TEST_DATABASE_URL` when the tests were built, the PostgreSQL
//! variants are ignored, so the harness reports each as `ignored, SKIPPED (no POS_TEST_DATABASE_URL)` and counts
//! them (`build.rs`); with `POS_REQUIRE_POSTGRES=1` they never are, and fail without a database.

use super::pg::TestDatabase;
use server::store::postgres::PgStore;
use server::store::sqlite::SqliteStore;
use server::store::Store;
use server::Config;
use std::sync::Arc;
use tempfile::TempDir;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Where a test's database lives; dropping it removes the database.
pub enum TestDb {
    Sqlite(TempDir),
    Postgres(TestDatabase),
}

impl TestDb {
    /// A fresh, empty database of the given kind (not yet migrated).
    pub async fn create(backend: Backend) -> TestDb {
        match backend {
            Backend::Sqlite => TestDb::Sqlite(tempfile::tempdir().expect("temp dir")),
            Backend::Postgres => {
                let admin = super::pg::admin_url().unwrap_or_else(|| {
                    panic!(
                        "the PostgreSQL variants need {}: export {}=\"$(bash server/tests/pg-setup.sh)\"",
                        super::pg::ENV,
                        super::pg::ENV
                    )
                });
                TestDb::Postgres(TestDatabase::create(&admin).await)
            }
        }
    }

    /// Open a store on this database (again: each call is a new connection pool, like another instance).
    pub async fn open(&self) -> Arc<dyn Store> {
        match self {
            TestDb::Sqlite(dir) => Arc::new(
                SqliteStore::open(&dir.path().join("pos.sqlite3"))
                    .await
                    .expect("SQLite store opens"),
            ),
            TestDb::Postgres(db) => Arc::new(
                PgStore::connect(&db.url)
                    .await
                    .expect("PostgreSQL store connects"),
            ),
        }
    }

    /// The `--database-url` for a server on this database (`None`: SQLite in a data dir).
    pub fn database_url(&self) -> Option<String> {
        match self {
            TestDb::Sqlite(_) => None,
            TestDb::Postgres(db) => Some(db.url.clone()),
        }
    }

    /// Point a server's configuration at this database.
    pub fn configure(&self, config: &mut Config) {
        match self {
            TestDb::Sqlite(dir) => config.data_dir = dir.path().to_path_buf(),
            TestDb::Postgres(db) => config.database_url = Some(db.url.clone()),
        }
    }
}

/// For each named `async fn name(backend: Backend)`, generate `sqlite::name` and `postgres::name` tests.
/// An optional leading `flavor = "multi_thread"` picks the tokio runtime of the generated tests.
#[allow(unused_macros)]
macro_rules! on_both_stores {
    ($($name:ident),* $(,)?) => {
        $crate::common::on_both_stores!(@flavor "current_thread"; $($name),*);
    };
    (flavor = $flavor:tt; $($name:ident),* $(,)?) => {
        $crate::common::on_both_stores!(@flavor $flavor; $($name),*);
    };
    (@flavor $flavor:tt; $($name:ident),*) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = $flavor)]
                async fn $name() {
                    super::$name($crate::common::Backend::Sqlite).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = $flavor)]
                #[cfg_attr(pos_no_test_database, ignore = "SKIPPED (no POS_TEST_DATABASE_URL)")]
                async fn $name() {
                    super::$name($crate::common::Backend::Postgres).await;
                }
            )*
        }
    };
}
pub(crate) use on_both_stores;
