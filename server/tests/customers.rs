//! Customers over real HTTP, on both stores: created (201) and changed with their version (409 when stale), a
//! malformed phone or email refused naming the field (422), the list searched by phone in any form and by
//! `updated_since`, the CSV export (the `csv` crate) with the `marketing_consent` filter, the JSON export of
//! everything held and the erasure, each audited.

mod common;

use common::{expect_error, on_both_stores, start_on, Backend, TestServer};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use shared::api::CustomerPage;
use shared::catalog::CustomerRecord;
use shared::customer::CustomerExport;

on_both_stores!(customers_are_kept_versioned_exported_and_erased_over_http);

async fn send(
    srv: &TestServer,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let mut req = srv.client.request(method, srv.url(path));
    if let Some(body) = body {
        req = req.json(&body);
    }
    req.send().await.expect("request")
}

async fn ok<T: serde::de::DeserializeOwned>(res: reqwest::Response, status: StatusCode) -> T {
    let code = res.status();
    let text = res.text().await.expect("body");
    assert_eq!(code, status, "{text}");
    serde_json::from_str(&text).expect("answer")
}

async fn customers_are_kept_versioned_exported_and_erased_over_http(backend: Backend) {
    let srv = start_on(backend).await;
    let bad = send(
        &srv,
        Method::POST,
        "/api/v1/customers",
        Some(json!({ "name": "Max", "email": "max@" })),
    )
    .await;
    let body = expect_error(bad, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
    assert_eq!(body.field.as_deref(), Some("email"));
    assert!(body.message.contains("email address"), "{}", body.message);

    let anna: CustomerRecord = ok(
        send(
            &srv,
            Method::POST,
            "/api/v1/customers",
            Some(json!({
                "name": "Anna Berg", "phone": "+44 20 7946 0958", "email": "anna@example.com",
                "consent": { "given": true, "at": "2026-12-07T10:00:00Z", "source": "web" },
            })),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        (anna.version, anna.phone.as_deref()),
        (1, Some("+442079460958"))
    );
    let _bo: CustomerRecord = ok(
        send(
            &srv,
            Method::POST,
            "/api/v1/customers",
            Some(json!({ "name": "Bo Nein", "note": "no mail please" })),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;

    let path = format!("/api/v1/customers/{}", anna.id);
    let mut edit = anna.edit();
    edit.company = Some("Berg Ltd".into());
    let changed: CustomerRecord = ok(
        send(
            &srv,
            Method::PUT,
            &path,
            Some(json!({ "version": 1, "customer": edit })),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(changed.version, 2);
    let stale = send(
        &srv,
        Method::PUT,
        &path,
        Some(json!({ "version": 1, "customer": edit })),
    )
    .await;
    expect_error(stale, StatusCode::CONFLICT, "stale_version").await;

    let page: CustomerPage = ok(
        send(
            &srv,
            Method::GET,
            "/api/v1/customers?q=0044%2020%207946%200958",
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        page.customers.iter().map(|c| &c.id).collect::<Vec<_>>(),
        [&anna.id]
    );
    let since: CustomerPage = ok(
        send(
            &srv,
            Method::GET,
            "/api/v1/customers?updated_since=2000-01-01T00:00:00Z&limit=1",
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    // The demo's seeded customers were never changed by anyone: only the two made here, one page each.
    assert_eq!(since.customers.len(), 1);
    assert!(since.next_after.is_some());

    let csv = send(
        &srv,
        Method::GET,
        "/api/v1/customers/export?marketing_consent=true",
        None,
    )
    .await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(csv.headers()["content-type"]
        .to_str()
        .expect("type")
        .starts_with("text/csv"));
    let text = csv.text().await.expect("csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 1, "{text}");
    assert_eq!(&rows[0][1], "Anna Berg");
    assert_eq!(&rows[0][10], "true");

    let export: CustomerExport = ok(
        send(&srv, Method::GET, &format!("{path}/export"), None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(export.customer.company.as_deref(), Some("Berg Ltd"));
    let erased: CustomerRecord = ok(
        send(
            &srv,
            Method::POST,
            &format!("{path}/erase"),
            Some(json!({})),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(erased.erased);
    assert_eq!((erased.email, erased.company), (None, None));
    let after = send(
        &srv,
        Method::GET,
        "/api/v1/customers/export?marketing_consent=true",
        None,
    )
    .await;
    let text = after.text().await.expect("csv");
    assert!(!text.contains("Anna"), "{text}");
    for action in [
        "customer.create",
        "customer.update",
        "customer.export",
        "customer.erase",
    ] {
        assert!(
            !common::auth::audit(&srv, action).await.is_empty(),
            "{action} audited"
        );
    }
}
