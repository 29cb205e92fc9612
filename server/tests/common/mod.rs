//! Test harness: the real server in-process on 127.0.0.1:0 with a temporary data dir, plus terminal-like
//! helpers (pull the catalog, ring up a sale with the commerce engine, refund it, push mutations).
#![allow(dead_code)] // Each test binary uses a different subset of the helpers.

use chrono::{DateTime, Duration, TimeZone, Utc};
use reqwest::{Response, StatusCode};
use server::Config;
use shared::api::ErrorBody;
use shared::sync::{Change, Mutation, MutationBody, PullResponse, PushRequest};
use tempfile::TempDir;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use uuid::Uuid;

// Credentials: the admin session and device every test server starts with, and helpers for others.
pub mod auth;
// Running a test on both stores (SQLite, and PostgreSQL when POS_TEST_DATABASE_URL is set; else skipped).
mod backend;
pub mod pg;
// The catalog as a terminal holds it, and documents made from it with the commerce engine.
mod terminal;
#[allow(unused_imports)]
pub(crate) use backend::on_both_stores;
#[allow(unused_imports)]
pub use backend::{Backend, TestDb};
#[allow(unused_imports)]
pub use terminal::{Catalog, SaleSpec};

pub struct TestServer {
    pub base: String,
    /// Sends the admin's session (`Authorization`) and the default device's token (`X-Device-Token`) with
    /// every request, so tests of other things are not about credentials.
    pub client: reqwest::Client,
    /// Sends no credentials.
    pub anon: reqwest::Client,
    /// The seeded admin's session token.
    pub admin_token: String,
    /// The device enrolled at start (over HTTP); its token goes with `client`'s requests.
    pub device: shared::auth::Enrollment,
    /// The server's store, to register test devices with chosen ids (see [`TestServer::device_token`]);
    /// dropped when the server stops (an open SQLite store holds the database's lock).
    store: Option<std::sync::Arc<dyn server::store::Store>>,
    pub dir: TempDir,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
    /// The PostgreSQL database of a server from [`start_on`], dropped after the server stops.
    pub db: Option<TestDb>,
}

/// A server with the demo catalog and no site directory.
pub async fn start() -> TestServer {
    start_with(|_| {}).await
}

/// A server whose configuration the caller may adjust (directories live in the returned server's `dir`).
/// Rate limits are off (very high) unless the caller sets them.
pub async fn start_with(configure: impl FnOnce(&mut Config)) -> TestServer {
    start_custom(configure, |_| {}).await
}

/// The test configuration: directories inside `dir`, rate limits high enough never to interfere.
pub fn test_config(dir: &std::path::Path) -> Config {
    let mut config = Config::new(dir.join("data"), dir.join("site"));
    config.rate_limit_per_sec = 1_000_000.0;
    config.rate_limit_burst = 1_000_000;
    config.auth_rate_limit_per_min = 1_000_000.0;
    config.auth_rate_limit_burst = 1_000_000;
    // Cheap argon2 parameters keep sign-ins fast; hashes carry their parameters, so they still verify.
    config.password_hash_memory_kib = 64;
    config.password_hash_iterations = 1;
    config
}

/// As [`start_with`], and the opened state may be adjusted (e.g. test hooks) before serving.
pub async fn start_custom(
    configure: impl FnOnce(&mut Config),
    adjust: impl FnOnce(&mut server::AppState),
) -> TestServer {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = test_config(dir.path());
    configure(&mut config);
    let mut state = server::open_state(&config)
        .await
        .expect("server state opens");
    adjust(&mut state);
    let store = state.store.clone();
    let hasher = server::auth::passwords::Hasher::from_config(&state.config).expect("hasher");
    auth::ensure_admin(store.as_ref(), &hasher).await;
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind port 0");
    let addr = listener.local_addr().expect("local addr");
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(server::serve(listener, state, async {
        let _ = stopped.await;
    }));
    let base = format!("http://{addr}");
    let anon = reqwest::Client::new();
    let admin_token = auth::login(&anon, &base, auth::ADMIN_EMAIL, auth::ADMIN_PASSWORD)
        .await
        .token;
    let device = auth::enroll(&anon, &base, &admin_token, "Test till").await;
    TestServer {
        client: auth::client_with(&admin_token, Some(&device.device_token)),
        anon,
        admin_token,
        device,
        store: Some(store),
        base,
        dir,
        stop: Some(stop),
        task: Some(task),
        db: None,
    }
}

impl TestServer {
    /// Stop the server gracefully and wait until it has stopped (store closed).
    pub async fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.expect("server task").expect("server ran");
        }
        self.store = None;
    }

    /// The server's store (while it runs).
    pub fn store(&self) -> &dyn server::store::Store {
        self.store.as_deref().expect("the server is running")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("GET sent")
    }

    /// GET that must answer 200 with JSON of type `T`.
    pub async fn get_json<T: serde::de::DeserializeOwned>(&self, path: &str) -> T {
        let res = self.get(path).await;
        assert_eq!(res.status(), StatusCode::OK, "GET {path}");
        res.json().await.expect("JSON body")
    }

    /// Push as the device the request names (registered on first use, see [`TestServer::device_token`]).
    pub async fn push(&self, request: &PushRequest) -> Response {
        let token = self.device_token(request.device_id).await;
        self.client
            .post(self.url("/api/v1/sync/push"))
            .header(auth::DEVICE_HEADER, token)
            .json(request)
            .send()
            .await
            .expect("push sent")
    }

    /// Push that must answer 200; returns `last_applied_seq`.
    pub async fn push_ok(&self, request: &PushRequest) -> u64 {
        let res = self.push(request).await;
        let status = res.status();
        let text = res.text().await.expect("body");
        assert_eq!(status, StatusCode::OK, "push answered {text}");
        let body: shared::sync::PushResponse = serde_json::from_str(&text).expect("PushResponse");
        body.last_applied_seq
    }

    /// Pull everything from `cursor` in pages of `limit`; returns the changes, final cursor and page count.
    pub async fn pull_all(&self, cursor: u64, limit: u32) -> (Vec<Change>, u64, usize) {
        let mut changes = Vec::new();
        let mut cursor = cursor;
        let mut pages = 0;
        loop {
            let page: PullResponse = self
                .get_json(&format!("/api/v1/sync/pull?cursor={cursor}&limit={limit}"))
                .await;
            pages += 1;
            assert!(
                page.changes.len() <= limit as usize,
                "page larger than the limit"
            );
            assert!(page.cursor >= cursor, "cursor went backwards");
            changes.extend(page.changes);
            cursor = page.cursor;
            if !page.has_more {
                return (changes, cursor, pages);
            }
            assert!(pages < 10_000, "pull does not end");
        }
    }

    /// The catalog as a terminal would hold it after a full pull.
    pub async fn catalog(&self) -> Catalog {
        let (changes, _, _) = self.pull_all(0, 1000).await;
        Catalog::from_changes(changes)
    }

    pub async fn sales_count(&self) -> usize {
        let list: shared::api::SaleDocumentList = self.get_json("/api/v1/sales?limit=1000").await;
        list.sales.len()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// A fixed, increasing timestamp: the n-th minute of a business day.
pub fn at_minute(n: i64) -> DateTime<Utc> {
    let day = Utc
        .with_ymd_and_hms(2026, 3, 14, 9, 0, 0)
        .single()
        .expect("valid date");
    day + Duration::minutes(n)
}

/// A new mutation (fresh UUIDv7) completing `sale`.
pub fn mutation(seq: u64, sale: shared::document::SaleDocument) -> Mutation {
    mutation_of(seq, MutationBody::CompleteSale { sale })
}

/// A new mutation (fresh UUIDv7) carrying `body`.
pub fn mutation_of(seq: u64, body: MutationBody) -> Mutation {
    Mutation {
        id: Uuid::now_v7(),
        seq,
        body,
    }
}

/// A new mutation (fresh UUIDv7) carrying `refund`.
pub fn refund_mutation(seq: u64, refund: shared::document::Refund) -> Mutation {
    mutation_of(seq, MutationBody::Refund { refund })
}

pub fn push_request(device: Uuid, mutations: Vec<Mutation>) -> PushRequest {
    PushRequest {
        device_id: device,
        mutations,
    }
}

/// Run the server binary with `args` on the SQLite database in `data_dir` (a maintenance command); its output.
pub fn maintenance(args: &[&str], data_dir: &std::path::Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .env_remove("POS_DATABASE_URL")
        .env("RUST_LOG", "warn")
        .output()
        .expect("server binary runs")
}

/// A command's output as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A header of an answer as text ("" when absent or not text).
pub fn header(res: &Response, name: reqwest::header::HeaderName) -> String {
    res.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// Assert an error answer: status, problem details (`ErrorBody`) with the given code, its `type` and `status`,
/// and an `X-Request-Id`. Returns the body.
pub async fn expect_error(res: Response, status: StatusCode, code: &str) -> ErrorBody {
    assert_eq!(res.status(), status, "status");
    let content_type = header(&res, reqwest::header::CONTENT_TYPE);
    assert!(
        content_type.starts_with("application/problem+json"),
        "content type {content_type}"
    );
    assert!(
        !header(
            &res,
            reqwest::header::HeaderName::from_static("x-request-id")
        )
        .is_empty(),
        "X-Request-Id"
    );
    let body: ErrorBody = res.json().await.expect("ErrorBody JSON");
    assert_eq!(body.error, code, "error code; message: {}", body.message);
    assert!(!body.message.is_empty(), "error message present");
    assert_eq!(body.status, status.as_u16(), "status member");
    assert_eq!(body.problem_type, format!("urn:pos:problem:{code}"), "type");
    assert!(!body.title.is_empty(), "title");
    body
}

/// A server with the demo catalog on the given store (PostgreSQL: a fresh database of its own).
pub async fn start_on(backend: Backend) -> TestServer {
    start_with_on(backend, |_| {}).await
}

/// A server on the given store whose configuration the caller may adjust.
pub async fn start_with_on(backend: Backend, configure: impl FnOnce(&mut Config)) -> TestServer {
    start_custom_on(backend, configure, |_| {}).await
}

/// A server on the given store that reads every time from `clock` (a manual clock the test moves).
pub async fn start_clocked_on(
    backend: Backend,
    clock: server::clock::Clock,
    configure: impl FnOnce(&mut Config),
) -> TestServer {
    start_custom_on(backend, configure, |state| {
        *state = state.clone().with_clock(clock);
    })
    .await
}

/// As [`start_custom`], on the given store.
pub async fn start_custom_on(
    backend: Backend,
    configure: impl FnOnce(&mut Config),
    adjust: impl FnOnce(&mut server::AppState),
) -> TestServer {
    let db = match backend {
        Backend::Sqlite => None,
        Backend::Postgres => Some(TestDb::create(backend).await),
    };
    let url = db.as_ref().and_then(TestDb::database_url);
    let mut server = start_custom(
        |config| {
            config.database_url = url;
            configure(config);
        },
        adjust,
    )
    .await;
    server.db = db;
    server
}
