//! Request guards over real HTTP: CSRF origin check, CORS for configured origins only, HSTS behind a trusted
//! proxy, per-address flood guards for unauthenticated requests (and password sign-ins), and body size limits.

mod common;

use common::{expect_error, start, start_with};
use reqwest::header::{CONTENT_TYPE, ORIGIN, RETRY_AFTER};
use reqwest::{Method, Response, StatusCode};
use std::net::{IpAddr, Ipv4Addr};

const PUSH: &str = "/api/v1/sync/push";
const EMPTY_PUSH: &str = r#"{"device_id":"0190a0a0-0000-7000-8000-000000000001","mutations":[]}"#;
/// The device of the pushes below.
const DEVICE: uuid::Uuid = uuid::Uuid::from_u128(0x0190a0a0_0000_7000_8000_000000000001);

fn header(res: &Response, name: &str) -> Option<String> {
    res.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

async fn push_from(srv: &common::TestServer, origin: Option<&str>, content_type: &str) -> Response {
    let mut req = srv
        .client
        .post(srv.url(PUSH))
        .header(common::auth::DEVICE_HEADER, srv.device_token(DEVICE).await)
        .header(CONTENT_TYPE, content_type)
        .body(EMPTY_PUSH);
    if let Some(o) = origin {
        req = req.header(ORIGIN, o);
    }
    req.send().await.expect("sent")
}

#[tokio::test]
async fn state_changes_need_json_and_an_allowed_origin() {
    let srv = start_with(|c| c.cors_origins = vec!["https://admin.example".into()]).await;
    let own = srv.base.clone();
    for origin in [None, Some(own.as_str()), Some("https://admin.example")] {
        let res = push_from(&srv, origin, "application/json").await;
        assert_eq!(res.status(), StatusCode::OK, "origin {origin:?}");
    }
    for origin in [
        "https://evil.example",
        "null",
        "http://admin.example",
        "https://admin.example.evil.example",
    ] {
        let res = push_from(&srv, Some(origin), "application/json").await;
        let body = expect_error(res, StatusCode::FORBIDDEN, "forbidden_origin").await;
        assert!(body.message.contains("origin"), "{}", body.message);
    }
    // A form-like content type is refused even from our own origin.
    for ct in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ] {
        let res = push_from(&srv, Some(&own), ct).await;
        expect_error(
            res,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        )
        .await;
    }
    // Reads are not affected by the origin.
    let res = srv
        .client
        .get(srv.url("/api/v1/products?limit=1"))
        .header(ORIGIN, "https://evil.example")
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), StatusCode::OK);
}

async fn preflight(srv: &common::TestServer, origin: &str) -> Response {
    srv.client
        .request(Method::OPTIONS, srv.url(PUSH))
        .header(ORIGIN, origin)
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .send()
        .await
        .expect("sent")
}

#[tokio::test]
async fn cors_only_for_configured_origins() {
    let srv = start().await;
    let res = preflight(&srv, "https://admin.example").await;
    assert_eq!(header(&res, "access-control-allow-origin"), None);

    let srv = start_with(|c| c.cors_origins = vec!["https://admin.example".into()]).await;
    let res = preflight(&srv, "https://admin.example").await;
    assert!(res.status().is_success(), "{}", res.status());
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some("https://admin.example")
    );
    let methods = header(&res, "access-control-allow-methods").unwrap_or_default();
    assert!(methods.contains("POST"), "{methods}");
    let res = preflight(&srv, "https://evil.example").await;
    assert_eq!(header(&res, "access-control-allow-origin"), None);

    let res = push_from(&srv, Some("https://admin.example"), "application/json").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some("https://admin.example")
    );
}

async fn get_with(srv: &common::TestServer, path: &str, headers: &[(&str, &str)]) -> Response {
    let mut req = srv.client.get(srv.url(path));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.send().await.expect("sent")
}

#[tokio::test]
async fn hsts_only_over_https_behind_a_trusted_proxy() {
    const HSTS: &str = "max-age=63072000; includeSubDomains";
    let https = [("x-forwarded-proto", "https")];
    let direct = start().await;
    let res = get_with(&direct, "/healthz", &https).await;
    assert_eq!(
        header(&res, "strict-transport-security"),
        None,
        "proxy not trusted"
    );

    let proxied = start_with(|c| c.trust_proxy = true).await;
    for path in ["/healthz", "/api/v1/products?limit=1", "/nothing-here"] {
        let res = get_with(&proxied, path, &https).await;
        assert_eq!(
            header(&res, "strict-transport-security").as_deref(),
            Some(HSTS),
            "{path}"
        );
    }
    let res = get_with(&proxied, "/healthz", &[("x-forwarded-proto", "http")]).await;
    assert_eq!(header(&res, "strict-transport-security"), None);
    let res = get_with(&proxied, "/healthz", &[]).await;
    assert_eq!(header(&res, "strict-transport-security"), None);
}

/// A client from another loopback address (the test server itself signed in from 127.0.0.1); with
/// `credentials` it sends the server's admin session and the token of the device [`DEVICE`].
async fn client_from(srv: &common::TestServer, ip: [u8; 4], credentials: bool) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    if credentials {
        let bearer = format!("Bearer {}", srv.admin_token);
        let device = srv.device_token(DEVICE).await;
        for (name, value) in [
            ("authorization", bearer.as_str()),
            (common::auth::DEVICE_HEADER, device.as_str()),
        ] {
            headers.insert(name, value.parse().expect("header"));
        }
    }
    reqwest::Client::builder()
        .local_address(IpAddr::V4(Ipv4Addr::from(ip)))
        .default_headers(headers)
        .build()
        .expect("client")
}

async fn retry_after(res: Response) -> u64 {
    let secs = header(&res, RETRY_AFTER.as_str())
        .and_then(|v| v.parse::<u64>().ok())
        .expect("Retry-After in seconds");
    expect_error(res, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    secs
}

async fn get_from(client: &reqwest::Client, srv: &common::TestServer, path: &str) -> Response {
    client.get(srv.url(path)).send().await.expect("sent")
}

async fn rate_limited(srv: &common::TestServer, limit: &str) -> String {
    let text = srv.get("/metrics").await.text().await.expect("text");
    text.lines()
        .find(|l| l.starts_with(&format!("pos_http_rate_limited_total{{limit=\"{limit}\"}}")))
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn unauthenticated_requests_are_limited_per_address_and_signed_in_ones_never() {
    let srv = start_with(|c| {
        c.rate_limit_per_sec = 0.1;
        c.rate_limit_burst = 3;
    })
    .await;
    let anon = client_from(&srv, [127, 0, 0, 3], false).await;
    for i in 0..3 {
        let res = get_from(&anon, &srv, "/api/v1/openapi.json").await;
        assert_eq!(res.status(), StatusCode::OK, "request {i}");
    }
    // Over the limit: public routes, unknown routes and guarded routes called without credentials alike.
    for path in [
        "/api/v1/openapi.json",
        "/api/v1/nothing",
        "/api/v1/products?limit=1",
    ] {
        let secs = retry_after(get_from(&anon, &srv, path).await).await;
        assert!((1..=10).contains(&secs), "{path}: Retry-After {secs}");
    }
    // Another address has its own allowance.
    let other = client_from(&srv, [127, 0, 0, 4], false).await;
    let res = get_from(&other, &srv, "/api/v1/openapi.json").await;
    assert_eq!(res.status(), StatusCode::OK);
    // Staff and enrolled devices behind the same address are never limited: reads, pushes, PIN sign-ins.
    let till = client_from(&srv, [127, 0, 0, 3], true).await;
    for i in 0..20 {
        let res = get_from(&till, &srv, "/api/v1/products?limit=1").await;
        assert_eq!(res.status(), StatusCode::OK, "read {i}");
        let res = till
            .post(srv.url(PUSH))
            .header(CONTENT_TYPE, "application/json")
            .body(EMPTY_PUSH)
            .send()
            .await
            .expect("sent");
        assert_eq!(res.status(), StatusCode::OK, "push {i}");
    }
    let pin = till
        .post(srv.url("/api/v1/auth/pin"))
        .json(&serde_json::json!({ "pin": common::auth::CASHIER_PIN }))
        .send()
        .await
        .expect("sent");
    assert_eq!(pin.status(), StatusCode::OK);
    // Health and metrics are not API routes: never limited.
    for path in ["/healthz", "/readyz", "/metrics"] {
        let res = get_from(&anon, &srv, path).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
    }
    assert_eq!(
        rate_limited(&srv, "api").await,
        r#"pos_http_rate_limited_total{limit="api"} 3"#
    );
}

#[tokio::test]
async fn password_sign_ins_have_a_limit_per_address_and_a_refusal_is_audited() {
    let srv = start_with(|c| {
        c.auth_rate_limit_per_min = 5.0;
        c.auth_rate_limit_burst = 5;
    })
    .await;
    let a = client_from(&srv, [127, 0, 0, 6], false).await;
    let login = |email: String, password: &'static str| {
        a.post(srv.url("/api/v1/auth/login"))
            .json(&serde_json::json!({ "email": email, "password": password }))
            .send()
    };
    for i in 0..5 {
        // A different unknown email each time: the answer is the sign-in's own, not a lockout.
        let res = login(format!("nobody{i}@demo.store"), "0123456789")
            .await
            .expect("sent");
        expect_error(res, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    }
    for _ in 0..2 {
        let res = login("admin@demo.store".into(), "demo-admin-2026")
            .await
            .expect("sent");
        let secs = retry_after(res).await;
        assert!((1..=12).contains(&secs), "Retry-After {secs} for 5/min");
    }
    // One audit entry for the refusals of this minute, naming the address.
    let page: shared::auth::AuditPage = srv
        .get_json("/api/v1/audit?action=auth.login&outcome=denied")
        .await;
    assert_eq!(page.entries.len(), 1, "{:?}", page.entries);
    assert_eq!(page.entries[0].details["reason"], "rate_limited");
    assert_eq!(page.entries[0].details["client"], "127.0.0.6");
    // PIN sign-in at an enrolled device from the same address is not a password sign-in: not limited.
    let res = a
        .post(srv.url("/api/v1/auth/pin"))
        .header(common::auth::DEVICE_HEADER, srv.device_token(DEVICE).await)
        .json(&serde_json::json!({ "pin": common::auth::CASHIER_PIN }))
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), StatusCode::OK);
    let res = get_from(&a, &srv, "/api/v1/openapi.json").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        rate_limited(&srv, "auth").await,
        r#"pos_http_rate_limited_total{limit="auth"} 2"#
    );
}

#[tokio::test]
async fn bodies_over_the_limit_are_413_json_everywhere() {
    let srv = start().await;
    let big = vec![b'x'; 65 * 1024];
    for (method, path) in [
        (Method::GET, "/api/v1/products"),
        (Method::GET, "/healthz"),
        (Method::POST, "/api/v1/nothing"),
        (Method::GET, "/index.html"),
    ] {
        let res = srv
            .client
            .request(method.clone(), srv.url(path))
            .header(CONTENT_TYPE, "application/json")
            .body(big.clone())
            .send()
            .await
            .expect("sent");
        expect_error(res, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
    }
    // A push may be larger than 64 KiB (up to 2 MiB).
    let filler = "x".repeat(1024 * 1024);
    let body = format!(
        r#"{{"device_id":"0190a0a0-0000-7000-8000-000000000001","mutations":[],"pad":"{filler}"}}"#
    );
    let res = srv
        .client
        .post(srv.url(PUSH))
        .header(common::auth::DEVICE_HEADER, srv.device_token(DEVICE).await)
        .header(CONTENT_TYPE, "application/json")
        .body(body)
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), StatusCode::OK);
    // A streamed (chunked, no Content-Length) push over 2 MiB is cut off while it is read.
    let (status, body) = chunked_post(&srv, PUSH, 40, 64 * 1024).await;
    assert_eq!(status, 413, "{body}");
    assert!(body.contains(r#""code":"payload_too_large""#), "{body}");
}

/// POST `chunks` chunks of `size` spaces with `Transfer-Encoding: chunked` over a raw connection; returns the
/// status and the response text.
async fn chunked_post(
    srv: &common::TestServer,
    path: &str,
    chunks: usize,
    size: usize,
) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = srv.base.trim_start_matches("http://");
    let mut conn = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let token = srv.device.device_token.clone();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         X-Device-Token: {token}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    conn.write_all(head.as_bytes()).await.expect("head");
    let chunk = format!("{size:x}\r\n{}\r\n", " ".repeat(size));
    for _ in 0..chunks {
        // The server may answer and close before everything is sent.
        if conn.write_all(chunk.as_bytes()).await.is_err() {
            break;
        }
    }
    let _ = conn.write_all(b"0\r\n\r\n").await;
    let mut answer = Vec::new();
    let _ = conn.read_to_end(&mut answer).await;
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"));
    (status, text)
}
