//! In-process metrics: HTTP requests by route template, method and status with a latency histogram per route,
//! sync push counters, and the sync backlog. Rendered in the Prometheus text format by [`exposition`].
//!
//! Recording a request takes one short mutex; the push counters are atomics.

pub mod exposition;
pub mod middleware;

use axum::http::Method;
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Upper bounds (seconds) of the request latency histogram buckets.
pub const LATENCY_BUCKETS: [f64; 12] = [
    0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Route label for requests that never reached a route (refused by a guard such as the rate limiter).
pub const NO_ROUTE: &str = "(none)";
/// Route label for files of the browser app.
pub const STATIC_ROUTE: &str = "(static)";

/// Which limit refused a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    Api,
    Auth,
}

/// The method as a label: the standard ones by name, anything else as `OTHER` (bounded label values).
fn method_label(method: &Method) -> &'static str {
    const KNOWN: [Method; 9] = [
        Method::GET,
        Method::HEAD,
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
        Method::OPTIONS,
        Method::CONNECT,
        Method::TRACE,
    ];
    const NAMES: [&str; 9] = [
        "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE",
    ];
    KNOWN
        .iter()
        .position(|m| m == method)
        .map_or("OTHER", |i| NAMES[i])
}

#[derive(Clone, Debug, Default)]
struct Histogram {
    /// Cumulative counts are computed when rendering; these are per bucket (last one is +Inf).
    buckets: [u64; LATENCY_BUCKETS.len() + 1],
    sum: f64,
    count: u64,
}

/// Requests of one route: counts by (method, status) and the latency histogram.
#[derive(Clone, Debug, Default)]
struct RouteStats {
    requests: HashMap<(&'static str, u16), u64>,
    latency: Histogram,
}

#[derive(Debug, Default)]
struct HttpStats {
    /// By route template; a route's key is allocated once, on its first request.
    routes: HashMap<Arc<str>, RouteStats>,
}

/// Why a push was refused, as a metric label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PushRefusal {
    TooManyMutations,
    Conflict,
    Gap,
    InvalidSale,
    InvalidRefund,
    InvalidVoid,
    InvalidExchange,
    InvalidCashMovement,
    UnknownSale,
    CardNumber,
    Storage,
}

impl PushRefusal {
    pub const ALL: [PushRefusal; 11] = [
        PushRefusal::TooManyMutations,
        PushRefusal::Conflict,
        PushRefusal::Gap,
        PushRefusal::InvalidSale,
        PushRefusal::InvalidRefund,
        PushRefusal::InvalidVoid,
        PushRefusal::InvalidExchange,
        PushRefusal::InvalidCashMovement,
        PushRefusal::UnknownSale,
        PushRefusal::CardNumber,
        PushRefusal::Storage,
    ];

    pub fn label(self) -> &'static str {
        match self {
            PushRefusal::TooManyMutations => "too_many_mutations",
            PushRefusal::Conflict => "mutation_conflict",
            PushRefusal::Gap => "sequence_gap",
            PushRefusal::InvalidSale => "invalid_sale",
            PushRefusal::InvalidRefund => "invalid_refund",
            PushRefusal::InvalidVoid => "invalid_void",
            PushRefusal::InvalidExchange => "invalid_exchange",
            PushRefusal::InvalidCashMovement => "invalid_cash_movement",
            PushRefusal::UnknownSale => "unknown_sale",
            PushRefusal::CardNumber => "card_number_in_payload",
            PushRefusal::Storage => "storage",
        }
    }
}

/// Sync backlog state: when each device last pushed successfully, and recent applied mutations.
#[derive(Debug, Default)]
struct Backlog {
    last_push: HashMap<Uuid, Instant>,
    /// (when, how many mutations were applied), oldest first, at most one minute old.
    recent: VecDeque<(Instant, u64)>,
}

/// All metrics of one server.
#[derive(Debug, Default)]
pub struct Metrics {
    http: Mutex<HttpStats>,
    rate_limited_api: AtomicU64,
    rate_limited_auth: AtomicU64,
    push_batches: AtomicU64,
    push_refused: [AtomicU64; PushRefusal::ALL.len()],
    mutations_applied: AtomicU64,
    mutations_replayed: AtomicU64,
    backlog: Mutex<Backlog>,
}

const MINUTE: Duration = Duration::from_secs(60);

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // Metrics are plain counters: a panic elsewhere while holding the lock leaves them usable.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Metrics {
    pub fn new() -> Self {
        Self::default()
    }

    /// Count one answered request and its latency.
    pub fn observe_request(&self, route: &str, method: &Method, status: u16, took: Duration) {
        let secs = took.as_secs_f64();
        let bucket = LATENCY_BUCKETS
            .iter()
            .position(|&le| secs <= le)
            .unwrap_or(LATENCY_BUCKETS.len());
        let mut http = lock(&self.http);
        let stats = match http.routes.get_mut(route) {
            Some(stats) => stats,
            None => http.routes.entry(Arc::from(route)).or_default(),
        };
        stats.latency.buckets[bucket] += 1;
        stats.latency.sum += secs;
        stats.latency.count += 1;
        *stats
            .requests
            .entry((method_label(method), status))
            .or_insert(0) += 1;
    }

    pub fn rate_limited(&self, limit: Limit) {
        match limit {
            Limit::Api => &self.rate_limited_api,
            Limit::Auth => &self.rate_limited_auth,
        }
        .fetch_add(1, Ordering::Relaxed);
    }

    /// A push batch reached the handler with a well-formed body.
    pub fn push_received(&self) {
        self.push_batches.fetch_add(1, Ordering::Relaxed);
    }

    pub fn push_refused(&self, why: PushRefusal) {
        let i = PushRefusal::ALL
            .iter()
            .position(|&r| r == why)
            .unwrap_or_default();
        self.push_refused[i].fetch_add(1, Ordering::Relaxed);
    }

    /// A push succeeded: `applied` new mutations, `replayed` already-applied ones.
    pub fn push_applied(&self, device: Uuid, applied: u64, replayed: u64) {
        self.mutations_applied.fetch_add(applied, Ordering::Relaxed);
        self.mutations_replayed
            .fetch_add(replayed, Ordering::Relaxed);
        let now = Instant::now();
        let mut backlog = lock(&self.backlog);
        backlog.last_push.insert(device, now);
        if applied > 0 {
            backlog.recent.push_back((now, applied));
        }
        prune(&mut backlog.recent, now);
    }

    /// Render everything in the Prometheus text exposition format.
    pub fn render(&self) -> String {
        exposition::render(self)
    }
}

fn prune(recent: &mut VecDeque<(Instant, u64)>, now: Instant) {
    while recent
        .front()
        .is_some_and(|(at, _)| now.duration_since(*at) > MINUTE)
    {
        recent.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_and_pushes_show_up_in_the_text() {
        let m = Metrics::new();
        m.observe_request(
            "/api/v1/sales/{id}",
            &Method::GET,
            200,
            Duration::from_millis(3),
        );
        m.observe_request(
            "/api/v1/sales/{id}",
            &Method::GET,
            404,
            Duration::from_secs(20),
        );
        let odd = Method::from_bytes(b"BREW").expect("extension method");
        m.observe_request("(none)", &odd, 405, Duration::from_millis(1));
        m.push_received();
        m.push_applied(Uuid::from_u128(1), 3, 1);
        m.push_refused(PushRefusal::Gap);
        let text = m.render();
        for line in [
            r#"pos_http_requests_total{route="/api/v1/sales/{id}",method="GET",status="200"} 1"#,
            r#"pos_http_request_duration_seconds_bucket{route="/api/v1/sales/{id}",le="0.005"} 1"#,
            r#"pos_http_request_duration_seconds_bucket{route="/api/v1/sales/{id}",le="+Inf"} 2"#,
            r#"pos_http_request_duration_seconds_count{route="/api/v1/sales/{id}"} 2"#,
            "pos_sync_push_batches_total 1",
            "pos_sync_mutations_applied_total 3",
            "pos_sync_mutations_replayed_total 1",
            "pos_sync_gaps_total 1",
            "pos_sync_conflicts_total 0",
            "pos_sync_mutations_last_minute 3",
            "pos_sync_devices 1",
            "pos_outbox_depth 0",
            r#"pos_http_requests_total{route="(none)",method="OTHER",status="405"} 1"#,
        ] {
            assert!(text.contains(line), "missing {line} in\n{text}");
        }
    }
}
