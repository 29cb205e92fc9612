//! Events and webhooks over real HTTP, on both stores: every kind of fact writes its events once (a replayed
//! push none) and they reach a subscribed endpoint signed under the Standard Webhooks specification; the
//! endpoints API (bad and internal targets refused, secret rotation signing with both secrets, test event,
//! delivery log, replay, 410 disabling the endpoint); inbound webhooks verified (bad signature, stale
//! timestamp, replayed id refused) moving stock; and the proof of delivery: a receiver failing at random (500s,
//! resets, timeouts, slow heads and bodies) and a dispatcher aborted mid-run, after which every event was
//! delivered, none twice at once, and the counts are exact.

mod common;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode as AxumStatus};
use common::{at_minute, expect_error, mutation, mutation_of, on_both_stores, push_request};
use common::{refund_mutation, start_with_on, Backend, TestDb, TestServer};
use reqwest::StatusCode;
use serde_json::json;
use server::clock::Clock;
use server::events::dispatcher::{
    DispatchConfig, Dispatcher, HttpTransport, Request, SendFuture, Transport,
};
use server::events::signing::{decode_secret, sign, verify, Signed};
use server::events::ssrf::AllowList;
use server::events::{Event, EventType};
use shared::catalog::Product;
use shared::document::RefundMethod;
use shared::sync::MutationBody;
use shared::webhooks::{
    DeliveryPage, DeliveryState, Endpoint, EndpointSecret, InboundAccepted, NewEndpoint,
    ReplayResult, TestEvent,
};
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

on_both_stores!(
    flavor = "multi_thread";
    facts_write_their_events_once_and_a_subscribed_endpoint_gets_them_signed,
    endpoints_are_checked_rotated_tested_logged_and_replayed,
    inbound_orders_are_verified_and_move_stock,
    a_failing_receiver_and_an_aborted_dispatcher_lose_and_double_nothing,
    a_server_process_killed_mid_delivery_loses_nothing,
);

/// Wait (polling) until `check` holds, at most `limit`.
async fn wait_until<F, Fut>(limit: Duration, what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    while !check().await {
        assert!(start.elapsed() < limit, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// One request as a receiver got it.
#[derive(Clone, Debug)]
struct Got {
    id: String,
    timestamp: String,
    signature: String,
    body: Vec<u8>,
}

/// A receiver that answers every request with `status` and keeps what it got.
#[derive(Default)]
struct Receiver {
    got: Mutex<Vec<Got>>,
    status: AtomicU64,
    /// Milliseconds to wait before answering.
    delay_ms: AtomicU64,
}

impl Receiver {
    fn got(&self) -> Vec<Got> {
        self.got.lock().expect("lock").clone()
    }
}

async fn hook(State(r): State<Arc<Receiver>>, headers: HeaderMap, body: Bytes) -> AxumStatus {
    let delay = r.delay_ms.load(Ordering::SeqCst);
    if delay > 0 {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    let h = |n: &str| {
        headers
            .get(n)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    r.got.lock().expect("lock").push(Got {
        id: h("webhook-id"),
        timestamp: h("webhook-timestamp"),
        signature: h("webhook-signature"),
        body: body.to_vec(),
    });
    let status = u16::try_from(r.status.load(Ordering::SeqCst)).unwrap_or(500);
    AxumStatus::from_u16(status).unwrap_or(AxumStatus::OK)
}

/// An in-process receiver on 127.0.0.1:0; answers 200 until told otherwise.
async fn receiver() -> (Arc<Receiver>, String) {
    let r = Arc::new(Receiver::default());
    r.status.store(200, Ordering::SeqCst);
    let app = axum::Router::new()
        .route("/hook", axum::routing::post(hook))
        .with_state(r.clone());
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    (r, url)
}

async fn allowed_server(
    backend: Backend,
    configure: impl FnOnce(&mut server::Config),
) -> TestServer {
    start_with_on(backend, |c| {
        c.webhook_allow_hosts = vec!["127.0.0.1".into()];
        configure(c);
    })
    .await
}

async fn call(
    srv: &TestServer,
    method: reqwest::Method,
    path: &str,
    body: Option<serde_json::Value>,
) -> reqwest::Response {
    let req = srv.client.request(method, srv.url(path));
    let req = match body {
        Some(b) => req.json(&b),
        None => req.header("content-type", "application/json"),
    };
    req.send().await.expect("sent")
}

async fn add_endpoint(srv: &TestServer, url: &str, types: &[&str]) -> EndpointSecret {
    let res = call(
        srv,
        reqwest::Method::POST,
        "/api/v1/webhooks/endpoints",
        Some(json!({ "url": url, "event_types": types, "description": "test" })),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json().await.expect("EndpointSecret")
}

async fn all_events(srv: &TestServer) -> Vec<Event> {
    srv.store().events_after(0, 10_000).await.expect("events")
}

fn count(events: &[Event], kind: EventType) -> usize {
    events.iter().filter(|e| e.kind == kind).count()
}

/// Check a delivery's signature with `secret` (at its own timestamp).
fn verified(got: &Got, secret: &str) -> bool {
    let key = decode_secret(secret).expect("secret");
    let ts: i64 = got.timestamp.parse().expect("timestamp");
    verify(
        &[key],
        Signed {
            id: Some(&got.id),
            timestamp: Some(&got.timestamp),
            signature: Some(&got.signature),
        },
        &got.body,
        ts,
    )
    .is_ok()
}

async fn facts_write_their_events_once_and_a_subscribed_endpoint_gets_them_signed(
    backend: Backend,
) {
    let srv = allowed_server(backend, |_| {}).await;
    let (rx, url) = receiver().await;
    let endpoint = add_endpoint(&srv, &url, &["*"]).await;
    let before = all_events(&srv).await.len();
    assert_eq!(before, 0, "the demo seed writes no events");

    let cat = srv.catalog().await;
    let device = srv.device.device_id;
    let sale = cat.sale(device, "R-1", at_minute(1), &[0, 1]);
    let other = cat.sale(device, "R-2", at_minute(2), &[2]);
    let refund = cat.refund(device, &sale, &[], &[(0, 1)], RefundMethod::OriginalTenders);
    let void = cat.void(device, &other);
    let batch = push_request(
        device,
        vec![
            mutation(1, sale.clone()),
            mutation(2, other.clone()),
            refund_mutation(3, refund.clone()),
            mutation_of(4, MutationBody::Void { void }),
        ],
    );
    assert_eq!(srv.push_ok(&batch).await, 4);
    let after_push = all_events(&srv).await;
    assert_eq!(count(&after_push, EventType::SaleCompleted), 2);
    assert_eq!(count(&after_push, EventType::RefundCreated), 1);
    assert_eq!(count(&after_push, EventType::SaleVoided), 1);
    let stock = count(&after_push, EventType::StockChanged);
    assert!(stock >= 3, "each moved level has its event: {stock}");
    // A replayed push writes nothing.
    assert_eq!(srv.push_ok(&batch).await, 4);
    assert_eq!(all_events(&srv).await.len(), after_push.len());

    // Catalog writes: created, then updated with its version.
    let new = Product {
        sku: "EVT-1".into(),
        name: "Event item".into(),
        category_id: cat.products[0].category_id.clone(),
        tax_rate_id: cat.products[0].tax_rate_id.clone(),
        price: shared::Decimal::from(3),
        active: true,
        ..Product::default()
    };
    let res = call(
        &srv,
        reqwest::Method::POST,
        "/api/v1/catalog/products",
        Some(serde_json::to_value(&new).expect("json")),
    )
    .await;
    assert!(res.status().is_success(), "{}", res.status());
    let mut made: Product = res.json().await.expect("product");
    made.price = shared::Decimal::from(4);
    let res = call(
        &srv,
        reqwest::Method::PUT,
        &format!("/api/v1/catalog/products/{}", made.id),
        Some(serde_json::to_value(&made).expect("json")),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let events = all_events(&srv).await;
    let product: Vec<&Event> = events.iter().filter(|e| e.resource_id == made.id).collect();
    assert_eq!(
        product
            .iter()
            .map(|e| (e.kind, e.resource_version))
            .collect::<Vec<_>>(),
        vec![
            (EventType::ProductCreated, 1),
            (EventType::ProductUpdated, 2)
        ]
    );
    let sale_event = events
        .iter()
        .find(|e| e.kind == EventType::SaleCompleted && e.resource_id == sale.id.to_string())
        .expect("the sale's event");
    assert_eq!(sale_event.data["sale"]["id"], json!(sale.id));
    assert_eq!(sale_event.version, "v1");

    // Every event reaches the endpoint, signed with its secret, and its body names the event.
    let ids: HashSet<String> = events.iter().map(|e| e.id.to_string()).collect();
    wait_until(Duration::from_secs(30), "every event delivered", || async {
        let got: HashSet<String> = rx.got().into_iter().map(|g| g.id).collect();
        ids.is_subset(&got)
    })
    .await;
    for got in rx.got() {
        assert!(verified(&got, &endpoint.secret), "signature of {}", got.id);
        let body: serde_json::Value = serde_json::from_slice(&got.body).expect("JSON body");
        assert_eq!(body["id"], json!(got.id));
        assert!(body["resource"]["version"].is_i64());
    }
}

async fn endpoints_are_checked_rotated_tested_logged_and_replayed(backend: Backend) {
    let srv = allowed_server(backend, |_| {}).await;
    let post = reqwest::Method::POST;
    // Internal targets (not allow-listed), other schemes and unknown event types are refused by field.
    for (url, types, field) in [
        ("http://10.0.0.7/hook", json!(["*"]), "url"),
        ("http://169.254.169.254/latest", json!(["*"]), "url"),
        ("ftp://hooks.example.com/", json!(["*"]), "url"),
        (
            "https://hooks.example.com/",
            json!(["sale.exploded"]),
            "event_types[0]",
        ),
        ("https://hooks.example.com/", json!([]), "event_types"),
    ] {
        let res = call(
            &srv,
            post.clone(),
            "/api/v1/webhooks/endpoints",
            Some(json!({ "url": url, "event_types": types })),
        )
        .await;
        let body = expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
        assert_eq!(body.field.as_deref(), Some(field), "{url}");
    }

    let (rx, url) = receiver().await;
    let made = add_endpoint(&srv, &url, &["sale.completed"]).await;
    assert!(made.secret.starts_with("whsec_"));
    let id = made.endpoint.id;
    let listed: Vec<Endpoint> = srv.get_json("/api/v1/webhooks/endpoints").await;
    assert_eq!(listed, vec![made.endpoint.clone()]);
    let types: Vec<String> = srv.get_json("/api/v1/webhooks/event-types").await;
    assert!(types.contains(&"stock.changed".to_owned()));

    // Rotation: deliveries carry a signature with each secret for the overlap.
    let res = call(
        &srv,
        post.clone(),
        &format!("/api/v1/webhooks/endpoints/{id}/rotate-secret"),
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let rotated: EndpointSecret = res.json().await.expect("rotated");
    assert_ne!(rotated.secret, made.secret);
    assert!(rotated.endpoint.previous_secret_until.is_some());

    // A test event goes to this endpoint only, signed with both secrets, and shows in the log.
    let res = call(
        &srv,
        post.clone(),
        &format!("/api/v1/webhooks/endpoints/{id}/test"),
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let test: TestEvent = res.json().await.expect("test event");
    wait_until(Duration::from_secs(30), "the test event", || async {
        rx.got().iter().any(|g| g.id == test.event_id.to_string())
    })
    .await;
    let got = rx
        .got()
        .into_iter()
        .find(|g| g.id == test.event_id.to_string())
        .expect("got");
    assert_eq!(got.signature.split(' ').count(), 2);
    assert!(verified(&got, &made.secret) && verified(&got, &rotated.secret));
    let log_path = format!("/api/v1/webhooks/endpoints/{id}/deliveries");
    wait_until(
        Duration::from_secs(30),
        "the log to show it delivered",
        || async {
            let log: DeliveryPage = srv.get_json(&log_path).await;
            log.items
                .first()
                .is_some_and(|d| d.state == DeliveryState::Delivered)
        },
    )
    .await;
    let log: DeliveryPage = srv.get_json(&log_path).await;
    let d = &log.items[0];
    assert_eq!(
        (d.event_id, d.attempts, d.last_status, d.event_type.as_str()),
        (test.event_id, 1, Some(200), "webhook.test")
    );
    assert!(d.last_latency_ms.is_some() && d.delivered_at.is_some());

    // Replay of that event sends it again (same id: the receiver de-duplicates).
    let res = call(
        &srv,
        post.clone(),
        &format!("/api/v1/webhooks/endpoints/{id}/replay"),
        Some(json!({ "event_id": test.event_id })),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let replayed: ReplayResult = res.json().await.expect("replayed");
    assert_eq!(replayed.queued, 1);
    wait_until(Duration::from_secs(30), "the replayed delivery", || async {
        rx.got()
            .iter()
            .filter(|g| g.id == test.event_id.to_string())
            .count()
            == 2
    })
    .await;

    // 410 Gone disables the endpoint; nothing more is sent until it is enabled again.
    rx.status.store(410, Ordering::SeqCst);
    let res = call(
        &srv,
        post.clone(),
        &format!("/api/v1/webhooks/endpoints/{id}/test"),
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let path = format!("/api/v1/webhooks/endpoints/{id}");
    wait_until(
        Duration::from_secs(30),
        "the endpoint disabled by 410",
        || async {
            let e: Endpoint = srv.get_json(&path).await;
            !e.enabled
        },
    )
    .await;
    let e: Endpoint = srv.get_json(&path).await;
    assert!(e
        .disabled_reason
        .as_deref()
        .is_some_and(|r| r.contains("410")));
    let log: DeliveryPage = srv.get_json(&log_path).await;
    assert_eq!(log.items[0].state, DeliveryState::Dead);
    assert_eq!(log.items[0].last_status, Some(410));
    let res = call(
        &srv,
        reqwest::Method::PATCH,
        &path,
        Some(json!({ "enabled": true })),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let e: Endpoint = res.json().await.expect("endpoint");
    assert!(e.enabled && e.disabled_reason.is_none());

    // Every write is audited.
    for action in [
        "webhook.endpoint.create",
        "webhook.endpoint.rotate_secret",
        "webhook.endpoint.test",
        "webhook.endpoint.replay",
        "webhook.endpoint.update",
    ] {
        assert!(
            !common::auth::audit(&srv, action).await.is_empty(),
            "{action}"
        );
    }
    let res = call(&srv, reqwest::Method::DELETE, &path, None).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = call(&srv, reqwest::Method::GET, &path, None).await;
    expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
}

const INBOUND_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

async fn inbound(
    srv: &TestServer,
    source: &str,
    id: &str,
    timestamp: i64,
    body: &str,
    secret: &str,
) -> reqwest::Response {
    let key = decode_secret(secret).expect("secret");
    srv.anon
        .post(srv.url(&format!("/api/v1/inbound/{source}")))
        .header("content-type", "application/json")
        .header("webhook-id", id)
        .header("webhook-timestamp", timestamp.to_string())
        .header(
            "webhook-signature",
            sign(&key, id, timestamp, body.as_bytes()),
        )
        .body(body.to_owned())
        .send()
        .await
        .expect("sent")
}

async fn inbound_orders_are_verified_and_move_stock(backend: Backend) {
    let srv = allowed_server(backend, |c| {
        c.inbound_secrets = vec![format!("storefront={INBOUND_SECRET}")];
    })
    .await;
    let cat = srv.catalog().await;
    let item = cat.products[0].id.clone();
    let now = chrono::Utc::now().timestamp();
    let order = json!({ "id": "WEB-1001", "lines": [{ "product_id": item, "quantity": "2" }],
        "details": { "customer": "ann@example.com" } })
    .to_string();
    let other = "whsec_c2VjcmV0LW9mLWEtcm90YXRlZC1lbmRwb2ludA==";

    let res = inbound(&srv, "storefront", "msg_1", now, &order, other).await;
    expect_error(res, StatusCode::UNAUTHORIZED, "invalid_signature").await;
    let res = inbound(
        &srv,
        "storefront",
        "msg_1",
        now - 301,
        &order,
        INBOUND_SECRET,
    )
    .await;
    expect_error(res, StatusCode::UNAUTHORIZED, "stale_timestamp").await;
    let res = inbound(&srv, "elsewhere", "msg_1", now, &order, INBOUND_SECRET).await;
    expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
    let res = inbound(
        &srv,
        "storefront",
        "msg_0",
        now,
        "{\"id\":\"\"}",
        INBOUND_SECRET,
    )
    .await;
    expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_order").await;

    let res = inbound(&srv, "storefront", "msg_1", now, &order, INBOUND_SECRET).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let accepted: InboundAccepted = res.json().await.expect("accepted");
    let res = inbound(&srv, "storefront", "msg_1", now, &order, INBOUND_SECRET).await;
    expect_error(res, StatusCode::CONFLICT, "replayed_message").await;

    let events = all_events(&srv).await;
    let received = events
        .iter()
        .find(|e| e.id == accepted.event_id)
        .expect("the order's event");
    assert_eq!(received.kind, EventType::OnlineOrderReceived);
    assert_eq!(received.data["order"]["id"], json!("WEB-1001"));
    let moved = events
        .iter()
        .find(|e| e.kind == EventType::StockChanged && e.data["product_id"] == json!(item))
        .expect("its stock moved");
    assert_eq!(moved.data["change"], json!("-2"));
}

/// The proof's receiver: a raw HTTP/1.1 server that, by a fixed pseudo-random sequence, answers 200 (half the
/// time), 500, 503 with `Retry-After`, resets the connection, answers late (after the dispatcher's timeout)
/// or sends its body slowly. It records each id it acknowledged with a 2xx, and how often.
#[derive(Default)]
struct Flaky {
    acked: Mutex<HashMap<String, usize>>,
    calls: AtomicU64,
    secret: Mutex<Option<String>>,
    bad_signatures: AtomicU64,
}

const SLOW: Duration = Duration::from_millis(500);

async fn flaky_connection(flaky: Arc<Flaky>, mut socket: tokio::net::TcpStream) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        match socket.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let header = |name: &str| {
        head.lines()
            .find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.trim()
                    .eq_ignore_ascii_case(name)
                    .then(|| v.trim().to_owned())
            })
            .unwrap_or_default()
    };
    let length: usize = header("content-length").parse().unwrap_or(0);
    while buf.len() < head_end + length {
        match socket.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let body = &buf[head_end..head_end + length];
    let (id, ts, sig) = (
        header("webhook-id"),
        header("webhook-timestamp"),
        header("webhook-signature"),
    );
    if let Some(secret) = flaky.secret.lock().expect("lock").clone() {
        let got = Got {
            id: id.clone(),
            timestamp: ts,
            signature: sig,
            body: body.to_vec(),
        };
        if !verified(&got, &secret) {
            flaky.bad_signatures.fetch_add(1, Ordering::SeqCst);
        }
    }
    let n = flaky.calls.fetch_add(1, Ordering::SeqCst);
    let ack = |flaky: &Flaky| {
        *flaky
            .acked
            .lock()
            .expect("lock")
            .entry(id.clone())
            .or_default() += 1;
    };
    let ok = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok".as_slice();
    match n.wrapping_mul(2_654_435_761) % 10 {
        0..=4 => {
            ack(&flaky);
            let _ = socket.write_all(ok).await;
        }
        5 => {
            let _ = socket
                .write_all(b"HTTP/1.1 500 Internal Server Error\r\ncontent-length: 4\r\nconnection: close\r\n\r\nboom")
                .await;
        }
        6 => {
            let _ = socket
                .write_all(b"HTTP/1.1 503 Service Unavailable\r\nretry-after: 0\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                .await;
        }
        7 => {
            // A reset: close with SO_LINGER 0, so the peer gets RST instead of an answer (a zero linger
            // does not block on drop, which is what the deprecation warns about).
            #[allow(deprecated)]
            let _ = socket.set_linger(Some(Duration::ZERO));
            drop(socket);
        }
        8 => {
            // Too late: the dispatcher has given up; it acknowledges all the same (a duplicate to come).
            tokio::time::sleep(SLOW).await;
            ack(&flaky);
            let _ = socket.write_all(ok).await;
        }
        _ => {
            // A slow body after a 200 head.
            ack(&flaky);
            let _ = socket
                .write_all(
                    b"HTTP/1.1 200 OK\r\ncontent-length: 20\r\nconnection: close\r\n\r\nslow",
                )
                .await;
            tokio::time::sleep(SLOW).await;
            let _ = socket.write_all(b" body, very slow..").await;
        }
    }
}

async fn flaky_receiver() -> (Arc<Flaky>, String) {
    let flaky = Arc::new(Flaky::default());
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    let f = flaky.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            tokio::spawn(flaky_connection(f.clone(), socket));
        }
    });
    (flaky, url)
}

/// The dispatchers' client, watching that no delivery is ever being sent twice at the same time.
struct Watched {
    inner: HttpTransport,
    in_flight: Arc<Mutex<HashSet<String>>>,
    overlaps: AtomicU64,
}

struct InFlight(Arc<Mutex<HashSet<String>>>, String);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.lock().expect("lock").remove(&self.1);
    }
}

impl Transport for Watched {
    fn send(&self, req: Request) -> SendFuture<'_> {
        Box::pin(async move {
            let id = req
                .headers
                .iter()
                .find(|(k, _)| *k == "webhook-id")
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            if !self.in_flight.lock().expect("lock").insert(id.clone()) {
                self.overlaps.fetch_add(1, Ordering::SeqCst);
            }
            let _guard = InFlight(self.in_flight.clone(), id);
            self.inner.send(req).await
        })
    }
}

async fn write_events(store: &dyn server::store::Store, from: usize, to: usize) -> Vec<String> {
    let mut ids = Vec::new();
    for i in from..to {
        let ev = server::store::events::event(
            EventType::OnlineOrderReceived,
            format!("chaos:{i}"),
            1,
            &json!({ "i": i }),
            chrono::Utc::now(),
        )
        .expect("event");
        assert!(store
            .inbound_message("chaos", &format!("m{i}"), &ev, Vec::new())
            .await
            .expect("stored"));
        ids.push(ev.id.to_string());
    }
    ids
}

async fn a_failing_receiver_and_an_aborted_dispatcher_lose_and_double_nothing(backend: Backend) {
    const N: usize = 150;
    // Several server instances share one database on PostgreSQL only: there the second pool is a second
    // instance's; an SQLite database has one server process, whose dispatchers share its pool.
    let several_instances = matches!(backend, Backend::Postgres);
    let db = TestDb::create(backend).await;
    let one = db.open().await;
    let two = if several_instances {
        db.open().await
    } else {
        one.clone()
    };
    let (flaky, url) = flaky_receiver().await;
    let secret = subscribe_all(one.as_ref(), url).await;
    *flaky.secret.lock().expect("lock") = Some(secret.clone());
    let mut expected = write_events(one.as_ref(), 0, N).await;

    let config = DispatchConfig {
        schedule: vec![Duration::from_millis(20); 200],
        timeout: Duration::from_millis(300),
        lease: Duration::from_millis(1500),
        batch: 16,
        idle_poll: Duration::from_millis(20),
        max_retry_after: Duration::from_secs(1),
    };
    let transport = Arc::new(Watched {
        inner: HttpTransport::new(AllowList::new(&["127.0.0.1".into()]), config.timeout)
            .expect("client"),
        in_flight: Arc::default(),
        overlaps: AtomicU64::new(0),
    });
    let dispatcher = |store: &Arc<dyn server::store::Store>| {
        Dispatcher::new(
            store.clone(),
            transport.clone(),
            Clock::system(),
            config.clone(),
        )
        .spawn()
    };
    let delivered = |store: Arc<dyn server::store::Store>, n: i64| async move {
        store.delivery_counts().await.expect("counts")[1] >= n
    };

    // A first dispatcher runs a while and is aborted mid-run, leases held.
    let first = dispatcher(&one);
    wait_until(Duration::from_secs(60), "a quarter delivered", || {
        delivered(one.clone(), (N / 4) as i64)
    })
    .await;
    first.abort();
    expected.extend(write_events(two.as_ref(), N, 2 * N).await);

    // Two dispatchers on two pools take over (expired leases included) and finish.
    let (second, third) = (dispatcher(&one), dispatcher(&two));
    wait_until(Duration::from_secs(120), "every event delivered", || {
        delivered(two.clone(), (2 * N) as i64)
    })
    .await;
    second.stop().await;
    third.stop().await;

    let counts = two.delivery_counts().await.expect("counts");
    assert_eq!(counts, [0, (2 * N) as i64, 0], "pending, delivered, dead");
    let acked = flaky.acked.lock().expect("lock").clone();
    let got: HashSet<&String> = acked.keys().collect();
    let want: HashSet<&String> = expected.iter().collect();
    assert_eq!(got, want, "every event acknowledged, no other");
    let duplicates: usize = acked.values().map(|n| n - 1).sum();
    let calls = flaky.calls.load(Ordering::SeqCst);
    assert!(
        calls > (2 * N) as u64,
        "the receiver failed some: {calls} calls"
    );
    assert_eq!(
        transport.overlaps.load(Ordering::SeqCst),
        0,
        "a delivery sent twice at once"
    );
    assert_eq!(flaky.bad_signatures.load(Ordering::SeqCst), 0);
    println!(
        "{backend:?}: {} events, {calls} requests, {duplicates} duplicates de-duplicated by id",
        2 * N
    );
}

/// One endpoint at `url` subscribed to every type, made through the store; answers its secret.
async fn subscribe_all(store: &dyn server::store::Store, url: String) -> String {
    let audit = server::auth::audit::entry(
        chrono::Utc::now(),
        server::auth::audit::system(),
        "webhook.endpoint.create",
        server::auth::audit::SUCCESS,
    );
    let new = NewEndpoint {
        url,
        description: String::new(),
        event_types: vec!["*".into()],
    };
    let secret = server::events::signing::new_secret().expect("secret");
    store
        .create_webhook_endpoint(
            uuid::Uuid::now_v7(),
            &new,
            &secret,
            chrono::Utc::now(),
            &audit,
        )
        .await
        .expect("endpoint");
    secret
}

/// `n` `stock.changed` events of resources `{prefix}:{i}`.
fn stock_events(prefix: &str, n: usize) -> Vec<server::events::NewEvent> {
    (0..n)
        .map(|i| {
            server::store::events::event(
                EventType::StockChanged,
                format!("{prefix}:{i}"),
                1,
                &json!({ "product_id": format!("p-{i}"), "on_hand": "3", "change": "-1" }),
                chrono::Utc::now(),
            )
            .expect("event")
        })
        .collect()
}

/// The server binary on `db` (no demo data), delivering to 127.0.0.1 with a 1 s timeout (so a 2 s lease).
fn server_process(db: &TestDb, site: &std::path::Path) -> std::process::Child {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_server"));
    cmd.args(["--bind", "127.0.0.1:0", "--no-demo"])
        .args([
            "--webhook-allow-host",
            "127.0.0.1",
            "--webhook-timeout-secs",
            "1",
        ])
        .arg("--site-dir")
        .arg(site)
        .env("RUST_LOG", "error")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    match db {
        TestDb::Sqlite(dir) => cmd.arg("--data-dir").arg(dir.path()),
        TestDb::Postgres(pg) => cmd.arg("--database-url").arg(&pg.url),
    };
    cmd.spawn().expect("server starts")
}

/// Send `signal` to `child` and wait (at most 20 s) until it has exited.
async fn signal(mut child: std::process::Child, signal: &str) {
    let sent = std::process::Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    let exited = tokio::task::spawn_blocking(move || child.wait());
    tokio::time::timeout(Duration::from_secs(20), exited)
        .await
        .expect("the server exits")
        .expect("waiter")
        .expect("wait");
}

async fn a_server_process_killed_mid_delivery_loses_nothing(backend: Backend) {
    const N: usize = 300;
    let db = TestDb::create(backend).await;
    let store = db.open().await;
    let site = tempfile::tempdir().expect("site dir");
    let (rx, url) = receiver().await;
    rx.delay_ms.store(30, Ordering::SeqCst);
    let secret = subscribe_all(store.as_ref(), url).await;
    let events = stock_events("kill", N);
    store.append_events(&events).await.expect("events");

    // The first server delivers a while and is killed (SIGKILL) with deliveries in flight.
    let first = server_process(&db, site.path());
    wait_until(Duration::from_secs(60), "some deliveries", || {
        let rx = rx.clone();
        async move {
            rx.got()
                .into_iter()
                .map(|g| g.id)
                .collect::<HashSet<_>>()
                .len()
                >= N / 5
        }
    })
    .await;
    signal(first, "-KILL").await;
    let delivered_at_kill = store.delivery_counts().await.expect("counts")[1];
    assert!(delivered_at_kill < N as i64, "killed before the end");

    // A second server takes over the dead one's leases once they expire, and finishes.
    let second = server_process(&db, site.path());
    let s = store.clone();
    wait_until(Duration::from_secs(90), "every delivery", || {
        let s = s.clone();
        async move { s.delivery_counts().await.expect("counts")[1] == N as i64 }
    })
    .await;
    signal(second, "-TERM").await;
    assert_eq!(
        store.delivery_counts().await.expect("counts"),
        [0, N as i64, 0]
    );
    let got = rx.got();
    let ids: HashSet<String> = got.iter().map(|g| g.id.clone()).collect();
    let want: HashSet<String> = events.iter().map(|e| e.id.to_string()).collect();
    assert_eq!(ids, want, "every event received, no other");
    assert!(got.iter().all(|g| verified(g, &secret)));
    println!(
        "{backend:?}: killed with {delivered_at_kill}/{N} recorded as delivered; {} requests, {} duplicates",
        got.len(),
        got.len() - N
    );
}

/// A receiver that answers 204 to everything and counts; keep-alive connections.
async fn counting_receiver() -> (Arc<AtomicU64>, String) {
    let count = Arc::new(AtomicU64::new(0));
    let c = count.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move || {
            let c = c.clone();
            async move {
                c.fetch_add(1, Ordering::Relaxed);
                AxumStatus::NO_CONTENT
            }
        }),
    );
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    (count, url)
}

/// Benchmark (run by hand, figures in BENCHMARKS.md): deliveries per second of one dispatcher to a local
/// receiver, `DispatchConfig::default()` (256 sends in flight), on each store; fan-out included.
/// `cargo test -p server --test webhooks dispatch_throughput -- --ignored --nocapture`.
async fn dispatch_throughput(backend: Backend) {
    const N: usize = 5_000;
    let db = TestDb::create(backend).await;
    let store = db.open().await;
    let (count, url) = counting_receiver().await;
    subscribe_all(store.as_ref(), url).await;
    let events = stock_events("bench", N);
    for chunk in events.chunks(1000) {
        store.append_events(chunk).await.expect("events");
    }
    let config = DispatchConfig {
        idle_poll: Duration::from_millis(5),
        ..DispatchConfig::default()
    };
    let transport = Arc::new(
        HttpTransport::new(AllowList::new(&["127.0.0.1".into()]), config.timeout).expect("client"),
    );
    let started = Instant::now();
    let running = Dispatcher::new(store.clone(), transport, Clock::system(), config).spawn();
    let s = store.clone();
    wait_until(Duration::from_secs(600), "every delivery", || {
        let s = s.clone();
        async move { s.delivery_counts().await.expect("counts")[1] == N as i64 }
    })
    .await;
    let elapsed = started.elapsed();
    running.stop().await;
    assert_eq!(count.load(Ordering::Relaxed), N as u64);
    println!(
        "{backend:?}: {N} deliveries in {:.2} s = {:.0} deliveries/s",
        elapsed.as_secs_f64(),
        N as f64 / elapsed.as_secs_f64()
    );
}

mod bench {
    use super::*;

    #[tokio::test(flavor = "multi_thread")]
    #[ignore = "benchmark: run by hand"]
    async fn dispatch_throughput_sqlite() {
        dispatch_throughput(Backend::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread")]
    #[ignore = "benchmark: run by hand (needs POS_TEST_DATABASE_URL)"]
    async fn dispatch_throughput_postgres() {
        dispatch_throughput(Backend::Postgres).await;
    }
}
