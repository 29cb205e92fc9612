//! The catalog CSV over HTTP on both stores, as the back office uses it: start an import job with a `text/csv`
//! body, follow its progress to the end, read its problems page by page; export as `text/csv`; audited.

mod common;

use common::{expect_error, header, on_both_stores, start_on, Backend, TestServer};
use reqwest::header::{CONTENT_TYPE, LOCATION};
use reqwest::StatusCode;
use server::catalog_csv::number::DecimalSeparator;
use server::catalog_csv::sample;
use shared::auth::AuditPage;
use shared::import::{ImportJob, ImportState};
use shared::sync::Change;

on_both_stores!(
    a_bad_file_is_rejected_with_its_rows_then_a_good_one_is_pulled,
    export_is_csv_in_the_chosen_locale,
);

/// Start an import; answers the job's URL.
async fn start(srv: &TestServer, query: &str, body: Vec<u8>) -> String {
    let res = srv
        .client
        .post(srv.url(&format!("/api/v1/catalog/imports?{query}")))
        .header(CONTENT_TYPE, "text/csv; charset=utf-8")
        .body(body)
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let location = header(&res, LOCATION);
    let job: ImportJob = res.json().await.expect("job");
    assert!(location.ends_with(&job.id.to_string()));
    location
}

/// Read the job until it has finished (the progress only ever grows meanwhile).
async fn finished(srv: &TestServer, url: &str) -> ImportJob {
    let mut last = (0, 0);
    for _ in 0..100_000 {
        let job: ImportJob = srv.get_json(url).await;
        assert!((job.rows_validated, job.rows_written) >= last, "{job:?}");
        last = (job.rows_validated, job.rows_written);
        if job.state.is_finished() {
            return job;
        }
        tokio::task::yield_now().await;
    }
    panic!("the import did not finish");
}

fn file(rows: usize) -> String {
    String::from_utf8(sample::csv(rows, "WEB", DecimalSeparator::Dot, b',').expect("sample"))
        .expect("utf-8")
}

async fn a_bad_file_is_rejected_with_its_rows_then_a_good_one_is_pulled(backend: Backend) {
    let srv = start_on(backend).await;
    let (_, cursor, _) = srv.pull_all(0, 1000).await;
    let good = file(150);
    // The same file in the `,` locale, read as `.`: every price is ambiguous.
    let bad = sample::csv(150, "WEB", DecimalSeparator::Comma, b';').expect("sample");
    let url = start(&srv, "delimiter=%3B", bad).await;
    let job = finished(&srv, &url).await;
    assert_eq!(job.state, ImportState::Rejected);
    assert_eq!(job.rows_written, 0);
    let first = &job.problems[0];
    assert_eq!(
        (first.row, first.column.as_deref(), first.code.as_str()),
        (2, Some("price"), "ambiguous_number")
    );
    // Paged: the rest of the problems after the first.
    let rest: ImportJob = srv
        .get_json(&format!("{url}?problems_after=1&problems_limit=2"))
        .await;
    assert_eq!(rest.problems.len(), 2);
    assert_eq!(rest.problems[0], job.problems[1]);
    assert_eq!(rest.next_problems_after, Some(3));
    assert_eq!(
        srv.pull_all(cursor, 1000).await.0.len(),
        0,
        "nothing written"
    );

    let dry = start(&srv, "dry_run=true", good.clone().into_bytes()).await;
    let job = finished(&srv, &dry).await;
    assert_eq!(
        (job.state, job.rows_validated, job.rows_written),
        (ImportState::Done, 150, 0)
    );
    assert_eq!(
        srv.pull_all(cursor, 1000).await.0.len(),
        0,
        "a dry run writes nothing"
    );

    let url = start(&srv, "decimal_separator=.", good.into_bytes()).await;
    let job = finished(&srv, &url).await;
    assert_eq!(
        (job.state, job.total_rows, job.rows_written),
        (ImportState::Done, 150, 150)
    );
    let (changes, _, _) = srv.pull_all(cursor, 1000).await;
    let items = changes
        .iter()
        .filter(|c| matches!(c, Change::Product(p) if p.sku.starts_with("WEB-")))
        .count();
    assert_eq!(items, 150);
    let audit: AuditPage = srv.get_json("/api/v1/audit?action=catalog.import").await;
    let outcomes: Vec<&str> = audit.entries.iter().map(|e| e.outcome.as_str()).collect();
    assert_eq!(outcomes, vec!["success", "success", "failure"]);
    assert_eq!(audit.entries[0].details["written"], 150);
}

async fn export_is_csv_in_the_chosen_locale(backend: Backend) {
    let srv = start_on(backend).await;
    let res = srv
        .get("/api/v1/catalog/export?decimal_separator=%2C&delimiter=%3B")
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let ct = header(&res, CONTENT_TYPE);
    assert!(ct.starts_with("text/csv"), "{ct}");
    let text = res.text().await.expect("text");
    assert!(text.starts_with(&sample::header(b';')), "{text}");
    let demo = srv.catalog().await;
    assert_eq!(text.lines().count(), demo.products.len() + 1);
    assert!(text.contains(";1,"), "comma decimals");
    let refused = srv
        .client
        .post(srv.url("/api/v1/catalog/imports"))
        .json(&serde_json::json!({"csv": "sku"}))
        .send()
        .await
        .expect("sent");
    expect_error(
        refused,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
    let res = srv.get("/api/v1/catalog/export?decimal_separator=x").await;
    expect_error(res, StatusCode::BAD_REQUEST, "invalid_query").await;
    let missing = srv
        .get("/api/v1/catalog/imports/0190a0a0-0000-7000-8000-000000000009")
        .await;
    expect_error(missing, StatusCode::NOT_FOUND, "not_found").await;
}
