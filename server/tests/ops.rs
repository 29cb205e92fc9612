//! Operations endpoints over real HTTP: liveness and readiness (database and migrations); the metrics are in
//! `metrics.rs`.

mod common;

use common::{expect_error, start, start_custom};
use reqwest::StatusCode;

#[tokio::test]
async fn ready_when_the_database_is_migrated() {
    let srv = start().await;
    assert_eq!(srv.get("/healthz").await.status(), StatusCode::OK);
    let res = srv.get("/readyz").await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["status"], "ready");
}

#[tokio::test]
async fn not_ready_when_a_migration_is_missing() {
    let srv = start().await;
    let db = srv.dir.path().join("data/pos.sqlite3");
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&db);
    let pool = sqlx::SqlitePool::connect_with(options)
        .await
        .expect("open db");
    sqlx::query("DELETE FROM _sqlx_migrations")
        .execute(&pool)
        .await
        .expect("forget migrations");
    pool.close().await;
    let body = expect_error(
        srv.get("/readyz").await,
        StatusCode::SERVICE_UNAVAILABLE,
        "not_ready",
    )
    .await;
    assert!(body.message.contains("migrations"), "{}", body.message);
    // Liveness does not depend on the database.
    assert_eq!(srv.get("/healthz").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn not_ready_when_the_database_is_unreachable() {
    let mut store = None;
    let srv = start_custom(|_| {}, |state| store = Some(state.store.clone())).await;
    let store = store.expect("store captured");
    assert_eq!(srv.get("/readyz").await.status(), StatusCode::OK);
    store.close().await.expect("closed");
    expect_error(
        srv.get("/readyz").await,
        StatusCode::SERVICE_UNAVAILABLE,
        "not_ready",
    )
    .await;
}
