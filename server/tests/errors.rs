//! Malformed requests over real HTTP: every refusal is a 4xx with a JSON `ErrorBody`, never a 5xx.

mod common;

use common::{expect_error, start};
use reqwest::header::{ALLOW, CONTENT_TYPE};
use reqwest::StatusCode;

const PUSH: &str = "/api/v1/sync/push";
/// The device the raw bodies below push as.
const DEVICE: uuid::Uuid = uuid::Uuid::from_u128(0x0190a0a0_0000_7000_8000_000000000001);

/// POST as the device [`DEVICE`].
async fn post_raw(
    srv: &common::TestServer,
    path: &str,
    content_type: &str,
    body: impl Into<reqwest::Body>,
) -> reqwest::Response {
    srv.client
        .post(srv.url(path))
        .header(common::auth::DEVICE_HEADER, srv.device_token(DEVICE).await)
        .header(CONTENT_TYPE, content_type)
        .body(body)
        .send()
        .await
        .expect("POST sent")
}

#[tokio::test]
async fn bad_json_is_400() {
    let srv = start().await;
    let res = post_raw(&srv, PUSH, "application/json", "{\"device_id\": ").await;
    expect_error(res, StatusCode::BAD_REQUEST, "invalid_body").await;
    let res = post_raw(&srv, PUSH, "application/json", "").await;
    let status = res.status();
    assert!(
        status == StatusCode::BAD_REQUEST,
        "empty body gave {status}"
    );
}

#[tokio::test]
async fn wrong_content_type_is_415() {
    let srv = start().await;
    let body = r#"{"device_id":"0190a0a0-0000-7000-8000-000000000001","mutations":[]}"#;
    let res = post_raw(&srv, PUSH, "text/plain", body).await;
    expect_error(
        res,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
    let res = srv
        .client
        .post(srv.url(PUSH))
        .header(common::auth::DEVICE_HEADER, srv.device_token(DEVICE).await)
        .body(body)
        .send()
        .await
        .expect("sent");
    expect_error(
        res,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
    // The same body with the right type is fine: an empty push answers the device's sequence, 0.
    let res = post_raw(&srv, PUSH, "application/json", body).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.text().await.expect("body"), r#"{"last_applied_seq":0}"#);
}

#[tokio::test]
async fn missing_fields_and_wrong_types_are_422() {
    let srv = start().await;
    for body in [
        r#"{"mutations":[]}"#,
        r#"{"device_id":"not-a-uuid","mutations":[]}"#,
        r#"{"device_id":"0190a0a0-0000-7000-8000-000000000001","mutations":[{"id":"0190a0a0-0000-7000-8000-000000000002","seq":-1,"body":{"type":"complete_sale"}}]}"#,
        r#"{"device_id":"0190a0a0-0000-7000-8000-000000000001","mutations":[{"id":"0190a0a0-0000-7000-8000-000000000002","seq":1,"body":{"type":"refund"}}]}"#,
        r#"[1,2,3]"#,
    ] {
        let res = post_raw(&srv, PUSH, "application/json", body).await;
        expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body").await;
    }
}

#[tokio::test]
async fn oversized_bodies_are_413() {
    let srv = start().await;
    let filler = "x".repeat(3 * 1024 * 1024);
    let body = format!(
        r#"{{"device_id":"0190a0a0-0000-7000-8000-000000000001","mutations":[],"pad":"{filler}"}}"#
    );
    let res = post_raw(&srv, PUSH, "application/json", body).await;
    expect_error(res, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
}

#[tokio::test]
async fn bad_query_parameters_are_400() {
    let srv = start().await;
    for path in [
        "/api/v1/sync/pull?cursor=abc",
        "/api/v1/sync/pull?cursor=-1",
        "/api/v1/sync/pull?limit=lots",
        "/api/v1/sales?device_id=nope",
        "/api/v1/sales?limit=0",
        "/api/v1/products?limit=-5",
    ] {
        let res = srv.get(path).await;
        expect_error(res, StatusCode::BAD_REQUEST, "invalid_query").await;
    }
}

#[tokio::test]
async fn bad_and_unknown_sale_ids() {
    let srv = start().await;
    let res = srv.get("/api/v1/sales/not-a-uuid").await;
    expect_error(res, StatusCode::BAD_REQUEST, "invalid_path").await;
    let res = srv
        .get("/api/v1/sales/0190a0a0-0000-7000-8000-000000000009")
        .await;
    expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn unknown_api_routes_are_404_json() {
    let srv = start().await;
    for path in ["/api/v1/nothing", "/api/v2/sync/pull", "/api", "/api/"] {
        let res = srv.get(path).await;
        expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
    }
    let res = post_raw(&srv, "/api/v1/whatever", "application/json", "{}").await;
    expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn wrong_method_is_405_with_allow_and_json() {
    let srv = start().await;
    let res = srv.get(PUSH).await;
    let allow = res
        .headers()
        .get(ALLOW)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(allow.contains("POST"), "Allow: {allow}");
    expect_error(res, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;

    let res = srv
        .client
        .delete(srv.url("/api/v1/sync/pull"))
        .send()
        .await
        .expect("sent");
    let allow = res
        .headers()
        .get(ALLOW)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(allow.contains("GET"), "Allow: {allow}");
    expect_error(res, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;
}

/// The disagreements a contract-testing tool found between the document and the server (issue 14) are gone.
#[tokio::test]
async fn what_the_document_says_is_what_the_server_does() {
    let srv = start().await;
    let nobody = uuid::Uuid::from_u128(0x0190a0a0_0000_7000_8000_0000000000ff);
    // A JSON array is not an object.
    let admin = srv.get_json::<serde_json::Value>("/api/v1/auth/me").await;
    let id = admin["id"].as_str().unwrap_or_default().to_owned();
    let res = srv
        .client
        .patch(srv.url(&format!("/api/v1/staff/{id}")))
        .header(CONTENT_TYPE, "application/json")
        .body("[null, null]")
        .send()
        .await
        .expect("sent");
    expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body").await;
    // Unparsable JSON is 400, wrong types 422, on every JSON route named in the issue.
    for path in [
        "/api/v1/auth/login",
        "/api/v1/auth/override",
        "/api/v1/api-keys",
        "/api/v1/staff",
    ] {
        for (body, status) in [
            ("{", StatusCode::BAD_REQUEST),
            (
                r#"{"email": 1, "pin": 2, "name": 3, "password": 4}"#,
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
        ] {
            let res = srv
                .client
                .post(srv.url(path))
                .header(CONTENT_TYPE, "application/json")
                .body(body)
                .send()
                .await
                .expect("sent");
            expect_error(res, status, "invalid_body").await;
        }
    }
    // Requests without a body need no Content-Type, and no credentials is 401 before anything else.
    for path in [
        format!("/api/v1/devices/{nobody}"),
        format!("/api/v1/api-keys/{nobody}"),
    ] {
        let res = srv
            .client
            .delete(srv.url(&path))
            .send()
            .await
            .expect("sent");
        expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
        let res = srv.anon.delete(srv.url(&path)).send().await.expect("sent");
        expect_error(res, StatusCode::UNAUTHORIZED, "unauthenticated").await;
        let res = srv
            .anon
            .delete(srv.url(&path))
            .header(CONTENT_TYPE, "text/plain")
            .body("x")
            .send()
            .await
            .expect("sent");
        expect_error(res, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    }
    let res = srv
        .anon
        .post(srv.url("/api/v1/auth/logout"))
        .send()
        .await
        .expect("sent");
    expect_error(res, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    let session = srv
        .login(common::auth::MANAGER_EMAIL, common::auth::MANAGER_PASSWORD)
        .await;
    let res = srv
        .anon
        .post(srv.url("/api/v1/auth/logout"))
        .bearer_auth(&session.token)
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    // A body of another type is still refused.
    let res = srv
        .client
        .post(srv.url("/api/v1/auth/logout"))
        .header(CONTENT_TYPE, "text/plain")
        .body("bye")
        .send()
        .await
        .expect("sent");
    expect_error(
        res,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
    // Limits outside the documented range are refused, not clamped.
    for path in ["/api/v1/refunds", "/api/v1/ingest-flags", "/api/v1/audit"] {
        for limit in ["2147483648", "1001", "0"] {
            let res = srv.get(&format!("{path}?limit={limit}")).await;
            expect_error(res, StatusCode::BAD_REQUEST, "invalid_query").await;
        }
        assert_eq!(
            srv.get(&format!("{path}?limit=1000")).await.status(),
            StatusCode::OK
        );
    }
}

/// Every answer names its request: the id the request sent when it is sane, else a new UUID.
#[tokio::test]
async fn every_answer_has_a_request_id() {
    let srv = start().await;
    let id_of = |res: &reqwest::Response| {
        common::header(
            res,
            reqwest::header::HeaderName::from_static("x-request-id"),
        )
    };
    for path in [
        "/healthz",
        "/api/v1/products",
        "/api/v1/nothing",
        "/index.html",
    ] {
        let res = srv.get(path).await;
        let id = id_of(&res);
        assert!(uuid::Uuid::parse_str(&id).is_ok(), "{path}: {id:?}");
        let res = srv
            .client
            .get(srv.url(path))
            .header("x-request-id", "trace-42.a:b")
            .send()
            .await
            .expect("sent");
        assert_eq!(id_of(&res), "trace-42.a:b", "{path}");
        let res = srv
            .client
            .get(srv.url(path))
            .header("x-request-id", "no spaces, please")
            .send()
            .await
            .expect("sent");
        assert!(
            uuid::Uuid::parse_str(&id_of(&res)).is_ok(),
            "{path}: a bad id is replaced"
        );
    }
}
