//! The static app and response headers over real HTTP: content types, cache rules, security headers, and the
//! precompressed copies chosen by `Accept-Encoding`.

mod common;

use common::{expect_error, start, start_with};
use reqwest::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, VARY};
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
        // What `cargo xtask build` writes beside them (here distinct bytes, to see which file was sent); the
        // wasm has no gzip copy, index.html both.
        fs::write(site.join("pkg/app-3f2a.js.br"), JS_BR).expect("write");
        fs::write(site.join("pkg/app-3f2a.js.gz"), JS_GZ).expect("write");
        fs::write(site.join("pkg/app-3f2a_bg.wasm.br"), WASM_BR).expect("write");
        fs::write(site.join("index.html.br"), b"index-br").expect("write");
        fs::write(site.join("index.html.gz"), b"index-gz").expect("write");
    })
    .await
}

const JS_BR: &[u8] = b"\x1b\x10\x00js-as-brotli";
const JS_GZ: &[u8] = b"\x1f\x8b\x08js-as-gzip";
const WASM_BR: &[u8] = b"\x1b\x07\x00wasm-as-brotli";

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

/// (path, Accept-Encoding sent, Content-Encoding expected, body expected)
type Negotiation<'a> = (&'a str, Option<&'a str>, Option<&'a str>, &'a [u8]);

async fn get_encoded(srv: &common::TestServer, path: &str, accept: Option<&str>) -> Response {
    let mut req = srv.anon.get(srv.url(path));
    if let Some(accept) = accept {
        req = req.header(ACCEPT_ENCODING, accept);
    }
    req.send().await.expect("GET sent")
}

#[tokio::test]
async fn precompressed_copies_are_sent_by_accept_encoding() {
    let srv = site_server().await;
    let js: &[u8] = b"export default 1;";
    let wasm: &[u8] = &[0, b'a', b's', b'm', 1, 0, 0, 0];
    let cases: [Negotiation; 12] = [
        // What Chromium sends: brotli wins over gzip at equal weight.
        (
            "/pkg/app-3f2a.js",
            Some("gzip, deflate, br, zstd"),
            Some("br"),
            JS_BR,
        ),
        ("/pkg/app-3f2a.js", Some("gzip"), Some("gzip"), JS_GZ),
        (
            "/pkg/app-3f2a.js",
            Some("br;q=0.5, gzip"),
            Some("gzip"),
            JS_GZ,
        ),
        ("/pkg/app-3f2a.js", Some("identity"), None, js),
        ("/pkg/app-3f2a.js", None, None, js),
        ("/pkg/app-3f2a.js", Some("br;q=0, gzip;q=0"), None, js),
        (
            "/pkg/app-3f2a_bg.wasm",
            Some("gzip, br"),
            Some("br"),
            WASM_BR,
        ),
        // No gzip copy of the wasm: the plain file.
        ("/pkg/app-3f2a_bg.wasm", Some("gzip"), None, wasm),
        ("/", Some("br"), Some("br"), b"index-br"),
        ("/index.html", Some("gzip"), Some("gzip"), b"index-gz"),
        // A file without copies, whatever the browser accepts.
        ("/style.css", Some("gzip, br"), None, b"body{}"),
        (
            "/sw.js",
            Some("br"),
            None,
            b"self.addEventListener('fetch', () => {});",
        ),
    ];
    for (path, accept, encoding, body) in cases {
        let res = get_encoded(&srv, path, accept).await;
        assert_eq!(res.status(), StatusCode::OK, "{path} {accept:?}");
        assert_eq!(
            res.headers()
                .get(CONTENT_ENCODING)
                .and_then(|v| v.to_str().ok()),
            encoding,
            "{path} {accept:?}"
        );
        assert!(
            header(&res, VARY.as_str())
                .to_ascii_lowercase()
                .contains("accept-encoding"),
            "Vary on {path} {accept:?}: {}",
            header(&res, VARY.as_str())
        );
        let expected_type = match path {
            "/" | "/index.html" => "text/html",
            p if p.ends_with(".wasm") => "application/wasm",
            p if p.ends_with(".css") => "text/css",
            _ => "text/javascript",
        };
        assert!(
            header(&res, CONTENT_TYPE.as_str()).starts_with(expected_type),
            "{path} {accept:?}: the type of the file, not of its copy: {}",
            header(&res, CONTENT_TYPE.as_str())
        );
        let cache = if path.starts_with("/pkg/") {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        assert_eq!(header(&res, CACHE_CONTROL.as_str()), cache, "{path}");
        assert_security_headers(&res);
        assert_eq!(
            header(&res, "content-length"),
            body.len().to_string(),
            "{path} {accept:?}"
        );
        let got = res.bytes().await.expect("body");
        assert_eq!(&got[..], body, "{path} {accept:?}");
    }
}

#[tokio::test]
async fn compressed_copies_are_not_files_of_their_own_type() {
    let srv = site_server().await;
    // A copy asked for by name is a file like any other (it is public), never the file it encodes.
    let res = get_encoded(&srv, "/pkg/app-3f2a.js.br", Some("br")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers().get(CONTENT_ENCODING), None);
    assert!(!header(&res, CONTENT_TYPE.as_str()).starts_with("text/javascript"));
    // An unknown file has no copy to fall back on.
    let res = get_encoded(&srv, "/pkg/missing.js", Some("br, gzip")).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(res.headers().get(CONTENT_ENCODING), None);
}
