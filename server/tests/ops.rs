//! Operations endpoints over real HTTP: liveness, readiness (database and migrations), Prometheus metrics.

mod common;

use common::{at_minute, expect_error, mutation, push_request, start, start_custom};
use reqwest::header::CONTENT_TYPE;
use reqwest::StatusCode;
use uuid::Uuid;

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

/// The value of the sample `name{labels}` (exact text before the value), if present.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

#[tokio::test]
async fn metrics_count_requests_latency_and_sync() {
    let srv = start().await;
    let catalog = srv.catalog().await;
    let device = Uuid::now_v7();
    let batch = push_request(
        device,
        vec![
            mutation(1, catalog.sale(device, "R-1", at_minute(1), &[1])),
            mutation(2, catalog.sale(device, "R-2", at_minute(2), &[2])),
        ],
    );
    assert_eq!(srv.push_ok(&batch).await, 2);
    // The same batch again: two replays.
    assert_eq!(srv.push_ok(&batch).await, 2);
    // A gap and a conflict.
    let gap = mutation(9, catalog.sale(device, "R-9", at_minute(9), &[3]));
    let res = srv.push(&push_request(device, vec![gap])).await;
    expect_error(res, StatusCode::CONFLICT, "sequence_gap").await;
    let mut altered = batch.mutations[0].clone();
    altered.body = mutation(1, catalog.sale(device, "R-1", at_minute(1), &[4])).body;
    let res = srv.push(&push_request(device, vec![altered])).await;
    expect_error(res, StatusCode::CONFLICT, "mutation_conflict").await;
    let sale_id = match &batch.mutations[0].body {
        shared::sync::MutationBody::CompleteSale { sale } => sale.id,
        other => panic!("not a sale: {other:?}"),
    };
    assert_eq!(
        srv.get(&format!("/api/v1/sales/{sale_id}")).await.status(),
        StatusCode::OK
    );

    let res = srv.get("/metrics").await;
    assert_eq!(res.status(), StatusCode::OK);
    let ct = res
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(ct.starts_with("text/plain; version=0.0.4"), "{ct}");
    let text = res.text().await.expect("text");

    let get =
        |series: &str| sample(&text, series).unwrap_or_else(|| panic!("no {series} in\n{text}"));
    assert_eq!(
        get(r#"pos_http_requests_total{route="/api/v1/sync/push",method="POST",status="200"}"#),
        2.0
    );
    assert_eq!(
        get(r#"pos_http_requests_total{route="/api/v1/sync/push",method="POST",status="409"}"#),
        2.0
    );
    // The route template, not the concrete path, is the label.
    assert_eq!(
        get(r#"pos_http_requests_total{route="/api/v1/sales/{id}",method="GET",status="200"}"#),
        1.0
    );
    assert!(
        !text.contains(&sale_id.to_string()),
        "a concrete path leaked into a label"
    );
    assert!(get(r#"pos_http_request_duration_seconds_count{route="/api/v1/sync/push"}"#) >= 4.0);
    assert_eq!(
        get(r#"pos_http_request_duration_seconds_bucket{route="/api/v1/sync/push",le="+Inf"}"#),
        get(r#"pos_http_request_duration_seconds_count{route="/api/v1/sync/push"}"#)
    );
    assert_eq!(get("pos_sync_push_batches_total"), 4.0);
    assert_eq!(get("pos_sync_mutations_applied_total"), 2.0);
    assert_eq!(get("pos_sync_mutations_replayed_total"), 2.0);
    assert_eq!(get("pos_sync_gaps_total"), 1.0);
    assert_eq!(get("pos_sync_conflicts_total"), 1.0);
    assert_eq!(get("pos_sync_mutations_last_minute"), 2.0);
    assert_eq!(get("pos_sync_devices"), 1.0);
    assert!(get("pos_sync_device_push_age_max_seconds") < 60.0);
    assert_eq!(get("pos_outbox_depth"), 0.0);
    for kind in ["counter", "histogram", "gauge"] {
        assert!(text.contains(&format!(" {kind}\n")), "no {kind} metric");
    }
    // Every sample line is `name{labels} value` or `name value` with a number.
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let value = line.rsplit(' ').next().unwrap_or_default();
        assert!(value.parse::<f64>().is_ok(), "bad sample line {line:?}");
    }
}
