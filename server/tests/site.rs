//! The static app and response headers over real HTTP: content types, cache rules, security headers.

mod common;

use common::{expect_error, start, start_with};
use reqwest::header::{CACHE_CONTROL, CONTENT_TYPE};
use reqwest::{Response, StatusCode};
use std::fs;

const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

fn header(res: &Response, name: &str) -> String {
    res.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

fn assert_security_headers(res: &Response) {
    assert_eq!(
        header(res, "content-security-policy"),
        CSP,
        "CSP on {}",
        res.url()
    );
    assert_eq!(header(res, "x-content-type-options"), "nosniff");
    assert_eq!(header(res, "referrer-policy"), "no-referrer");
}

async fn site_server() -> common::TestServer {
    start_with(|config| {
        let site = config.site_dir.clone();
        fs::create_dir_all(site.join("pkg")).expect("site dir");
        fs::create_dir_all(site.join("icons")).expect("icons dir");
        fs::write(site.join("index.html"), "<!doctype html><title>POS</title>").expect("write");
        fs::write(
            site.join("sw.js"),
            "self.addEventListener('fetch', () => {});",
        )
        .expect("write");
        fs::write(site.join("manifest.webmanifest"), r#"{"name":"POS"}"#).expect("write");
        fs::write(site.join("style.css"), "body{}").expect("write");
        fs::write(site.join("icons/icon-192.png"), [0x89, b'P', b'N', b'G']).expect("write");
        fs::write(site.join("pkg/app-3f2a.js"), "export default 1;").expect("write");
        fs::write(
            site.join("pkg/app-3f2a_bg.wasm"),
            [0, b'a', b's', b'm', 1, 0, 0, 0],
        )
        .expect("write");
    })
    .await
}

#[tokio::test]
async fn files_have_the_right_types_and_cache_rules() {
    let srv = site_server().await;
    let cases = [
        ("/", "text/html", "no-cache"),
        ("/index.html", "text/html", "no-cache"),
        ("/sw.js", "text/javascript", "no-cache"),
        (
            "/manifest.webmanifest",
            "application/manifest+json",
            "no-cache",
        ),
        ("/style.css", "text/css", "no-cache"),
        ("/icons/icon-192.png", "image/png", "no-cache"),
        (
            "/pkg/app-3f2a.js",
            "text/javascript",
            "public, max-age=31536000, immutable",
        ),
        (
            "/pkg/app-3f2a_bg.wasm",
            "application/wasm",
            "public, max-age=31536000, immutable",
        ),
    ];
    for (path, content_type, cache) in cases {
        let res = srv.get(path).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert!(
            header(&res, CONTENT_TYPE.as_str()).starts_with(content_type),
            "{path}: {}",
            header(&res, "content-type")
        );
        assert_eq!(header(&res, CACHE_CONTROL.as_str()), cache, "{path}");
        assert_security_headers(&res);
    }
    let index = srv.get("/").await.text().await.expect("body");
    assert!(index.contains("<title>POS</title>"));
    let wasm = srv
        .get("/pkg/app-3f2a_bg.wasm")
        .await
        .bytes()
        .await
        .expect("body");
    assert_eq!(&wasm[..4], b"\0asm");
}

#[tokio::test]
async fn unknown_files_are_404_and_not_cached_forever() {
    let srv = site_server().await;
    for path in [
        "/nope.html",
        "/pkg/missing.wasm",
        "/../Cargo.toml",
        "/icons/",
    ] {
        let res = srv.get(path).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(header(&res, CACHE_CONTROL.as_str()), "no-cache", "{path}");
        assert_security_headers(&res);
    }
}

#[tokio::test]
async fn a_missing_site_dir_explains_how_to_build() {
    let srv = start().await;
    let res = srv.get("/").await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_security_headers(&res);
    let text = res.text().await.expect("body");
    assert!(text.contains("cargo xtask build"), "{text}");
    let res = srv.get("/other.js").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // The API works without the app.
    assert_eq!(srv.get("/healthz").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn api_and_health_answers_carry_security_headers_and_no_store() {
    let srv = start().await;
    let res = srv.get("/healthz").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_security_headers(&res);
    assert_eq!(header(&res, CACHE_CONTROL.as_str()), "no-store");
    assert_eq!(res.text().await.expect("body"), "ok");

    let res = srv.get("/api/v1/sync/pull?cursor=0&limit=1").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_security_headers(&res);
    assert_eq!(header(&res, CACHE_CONTROL.as_str()), "no-store");
    assert!(header(&res, CONTENT_TYPE.as_str()).starts_with("application/json"));

    let res = srv.get("/api/v1/missing").await;
    assert_security_headers(&res);
    expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
}
