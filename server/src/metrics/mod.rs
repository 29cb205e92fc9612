//! In-process metrics on the `prometheus-client` crate: HTTP requests by route template, method and status with
//! a latency histogram per route, sync push counters, and the sync [`backlog`] (computed at each scrape).
//! [`Metrics::render`] writes them in the Prometheus text format (version 0.0.4); every name starts `pos_`.

pub mod backlog;
pub mod labels;
pub mod middleware;

pub use labels::{Limit, PushRefusal};

use axum::http::Method;
use backlog::Backlog;
use labels::{method_label, LimitLabels, ReasonLabels, RequestLabels, RouteLabels};
use prometheus_client::encoding::prometheus_text;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;
use std::sync::Arc;
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

fn latency_histogram() -> Histogram {
    Histogram::new(LATENCY_BUCKETS)
}

/// All metrics of one server, registered once in its registry (help texts get their full stop from it).
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    rate_limited: Family<LimitLabels, Counter>,
    push_batches: Counter,
    push_refused: Family<ReasonLabels, Counter>,
    mutations_applied: Counter,
    mutations_replayed: Counter,
    conflicts: Counter,
    gaps: Counter,
    backlog: Arc<Backlog>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let m = Metrics {
            registry: Registry::with_prefix("pos"),
            requests: Family::default(),
            latency: Family::new_with_constructor(latency_histogram),
            rate_limited: Family::default(),
            push_batches: Counter::default(),
            push_refused: Family::default(),
            mutations_applied: Counter::default(),
            mutations_replayed: Counter::default(),
            conflicts: Counter::default(),
            gaps: Counter::default(),
            backlog: Arc::default(),
        };
        // Every limit and refusal reason shows from the start, at 0 (creating a series hands out a guard).
        for limit in Limit::ALL {
            drop(m.rate_limited.get_or_create(&LimitLabels {
                limit: limit.label(),
            }));
        }
        for why in PushRefusal::ALL {
            drop(m.push_refused.get_or_create(&ReasonLabels {
                reason: why.label(),
            }));
        }
        m.register()
    }

    fn register(mut self) -> Self {
        let r = &mut self.registry;
        r.register(
            "http_requests",
            "HTTP requests answered, by route template, method and status",
            self.requests.clone(),
        );
        r.register(
            "http_request_duration_seconds",
            "Time from receiving a request to its answer, by route template",
            self.latency.clone(),
        );
        r.register(
            "http_rate_limited",
            "Requests refused with 429, by limit (api: all of /api; auth: sign-in routes)",
            self.rate_limited.clone(),
        );
        r.register(
            "sync_push_refused",
            "Push batches refused (nothing of the batch applied), by reason",
            self.push_refused.clone(),
        );
        for (name, help, counter) in [
            (
                "sync_push_batches",
                "Push batches received with a well-formed body",
                &self.push_batches,
            ),
            (
                "sync_mutations_applied",
                "Mutations applied (each one a new sale)",
                &self.mutations_applied,
            ),
            (
                "sync_mutations_replayed",
                "Mutations received again after they were applied (answered, changed nothing)",
                &self.mutations_replayed,
            ),
            (
                "sync_conflicts",
                "Pushes refused because a mutation id was applied with another body or device",
                &self.conflicts,
            ),
            (
                "sync_gaps",
                "Pushes refused because of a gap in a device's sequence",
                &self.gaps,
            ),
        ] {
            r.register(name, help, counter.clone());
        }
        r.register(
            "outbox_depth",
            "Messages waiting in the server's outbox for delivery upstream (the server has no outbox yet)",
            Gauge::<i64>::default(),
        );
        r.register_collector(Box::new(Arc::clone(&self.backlog)));
        self
    }

    /// Count one answered request and its latency.
    pub fn observe_request(&self, route: &str, method: &Method, status: u16, took: Duration) {
        self.requests
            .get_or_create(&RequestLabels {
                route: route.to_owned(),
                method: method_label(method),
                status,
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabels {
                route: route.to_owned(),
            })
            .observe(took.as_secs_f64());
    }

    pub fn rate_limited(&self, limit: Limit) {
        self.rate_limited
            .get_or_create(&LimitLabels {
                limit: limit.label(),
            })
            .inc();
    }

    /// A push batch reached the handler with a well-formed body.
    pub fn push_received(&self) {
        self.push_batches.inc();
    }

    pub fn push_refused(&self, why: PushRefusal) {
        self.push_refused
            .get_or_create(&ReasonLabels {
                reason: why.label(),
            })
            .inc();
        if why == PushRefusal::Conflict {
            self.conflicts.inc();
        } else if why == PushRefusal::Gap {
            self.gaps.inc();
        }
    }

    /// A push succeeded: `applied` new mutations, `replayed` already-applied ones.
    pub fn push_applied(&self, device: Uuid, applied: u64, replayed: u64) {
        self.mutations_applied.inc_by(applied);
        self.mutations_replayed.inc_by(replayed);
        self.backlog.pushed(device, applied, Instant::now());
    }

    /// Everything in the Prometheus text exposition format (version 0.0.4).
    pub fn render(&self) -> Result<String, std::fmt::Error> {
        let mut text = String::with_capacity(4096);
        prometheus_text::encode(&mut text, &self.registry)?;
        Ok(text)
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
        m.rate_limited(Limit::Auth);
        let text = m.render().expect("rendered");
        for line in [
            "# TYPE pos_http_requests_total counter",
            "# HELP pos_http_requests_total HTTP requests answered, by route template, method and status.",
            r#"pos_http_requests_total{route="/api/v1/sales/{id}",method="GET",status="200"} 1"#,
            "# TYPE pos_http_request_duration_seconds histogram",
            r#"pos_http_request_duration_seconds_bucket{route="/api/v1/sales/{id}",le="0.005"} 1"#,
            r#"pos_http_request_duration_seconds_bucket{route="/api/v1/sales/{id}",le="10"} 1"#,
            r#"pos_http_request_duration_seconds_bucket{route="/api/v1/sales/{id}",le="+Inf"} 2"#,
            r#"pos_http_request_duration_seconds_count{route="/api/v1/sales/{id}"} 2"#,
            r#"pos_http_rate_limited_total{limit="api"} 0"#,
            r#"pos_http_rate_limited_total{limit="auth"} 1"#,
            "pos_sync_push_batches_total 1",
            r#"pos_sync_push_refused_total{reason="sequence_gap"} 1"#,
            r#"pos_sync_push_refused_total{reason="storage"} 0"#,
            "pos_sync_mutations_applied_total 3",
            "pos_sync_mutations_replayed_total 1",
            "pos_sync_gaps_total 1",
            "pos_sync_conflicts_total 0",
            "# TYPE pos_sync_mutations_last_minute gauge",
            "pos_sync_mutations_last_minute 3",
            "pos_sync_devices 1",
            "pos_outbox_depth 0",
            r#"pos_http_requests_total{route="(none)",method="OTHER",status="405"} 1"#,
        ] {
            assert!(
                text.lines().any(|l| l == line),
                "missing {line} in\n{text}"
            );
        }
        assert!(!text.contains(".."), "a help text ends twice:\n{text}");
    }
}
