//! The Prometheus text exposition format (version 0.0.4) of [`Metrics`].

use super::{lock, prune, Metrics, PushRefusal, LATENCY_BUCKETS};
use std::fmt::Write;
use std::sync::atomic::Ordering;
use std::time::Instant;

/// Content type of the exposition.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// A label value with `\`, `"` and newlines escaped.
fn escape(value: &str) -> String {
    value
        .replace('\\', r"\\")
        .replace('"', "\\\"")
        .replace('\n', r"\n")
}

fn header(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

fn simple(out: &mut String, name: &str, kind: &str, help: &str, value: impl std::fmt::Display) {
    header(out, name, kind, help);
    let _ = writeln!(out, "{name} {value}");
}

pub fn render(m: &Metrics) -> String {
    let mut out = String::with_capacity(4096);
    render_http(m, &mut out);
    render_sync(m, &mut out);
    simple(
        &mut out,
        "pos_outbox_depth",
        "gauge",
        "Messages waiting in the server's outbox for delivery upstream (the server has no outbox yet).",
        0,
    );
    out
}

fn render_http(m: &Metrics, out: &mut String) {
    let mut routes: Vec<_> = {
        let http = lock(&m.http);
        http.routes
            .iter()
            .map(|(route, stats)| (route.clone(), stats.clone()))
            .collect()
    };
    routes.sort_by(|(a, _), (b, _)| a.cmp(b));

    header(
        out,
        "pos_http_requests_total",
        "counter",
        "HTTP requests answered, by route template, method and status.",
    );
    for (route, stats) in &routes {
        let route = escape(route);
        let mut counts: Vec<_> = stats.requests.iter().collect();
        counts.sort();
        for ((method, status), n) in counts {
            let _ = writeln!(
                out,
                "pos_http_requests_total{{route=\"{route}\",method=\"{method}\",status=\"{status}\"}} {n}"
            );
        }
    }
    header(
        out,
        "pos_http_request_duration_seconds",
        "histogram",
        "Time from receiving a request to its answer, by route template.",
    );
    for (route, stats) in &routes {
        let route = escape(route);
        let h = &stats.latency;
        let mut cumulative = 0;
        for (i, count) in h.buckets.iter().enumerate() {
            cumulative += count;
            let le = LATENCY_BUCKETS
                .get(i)
                .map_or_else(|| "+Inf".to_owned(), |b| b.to_string());
            let _ = writeln!(
                out,
                "pos_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{le}\"}} {cumulative}"
            );
        }
        let _ = writeln!(
            out,
            "pos_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
            h.sum
        );
        let _ = writeln!(
            out,
            "pos_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
            h.count
        );
    }
    header(
        out,
        "pos_http_rate_limited_total",
        "counter",
        "Requests refused with 429, by limit (api: all of /api; auth: sign-in routes).",
    );
    let _ = writeln!(
        out,
        "pos_http_rate_limited_total{{limit=\"api\"}} {}",
        m.rate_limited_api.load(Ordering::Relaxed)
    );
    let _ = writeln!(
        out,
        "pos_http_rate_limited_total{{limit=\"auth\"}} {}",
        m.rate_limited_auth.load(Ordering::Relaxed)
    );
}

fn render_sync(m: &Metrics, out: &mut String) {
    let refused = |r: PushRefusal| {
        PushRefusal::ALL
            .iter()
            .position(|&x| x == r)
            .map_or(0, |i| m.push_refused[i].load(Ordering::Relaxed))
    };
    simple(
        out,
        "pos_sync_push_batches_total",
        "counter",
        "Push batches received with a well-formed body.",
        m.push_batches.load(Ordering::Relaxed),
    );
    header(
        out,
        "pos_sync_push_refused_total",
        "counter",
        "Push batches refused (nothing of the batch applied), by reason.",
    );
    for r in PushRefusal::ALL {
        let _ = writeln!(
            out,
            "pos_sync_push_refused_total{{reason=\"{}\"}} {}",
            r.label(),
            refused(r)
        );
    }
    simple(
        out,
        "pos_sync_mutations_applied_total",
        "counter",
        "Mutations applied (each one a new sale).",
        m.mutations_applied.load(Ordering::Relaxed),
    );
    simple(
        out,
        "pos_sync_mutations_replayed_total",
        "counter",
        "Mutations received again after they were applied (answered, changed nothing).",
        m.mutations_replayed.load(Ordering::Relaxed),
    );
    simple(
        out,
        "pos_sync_conflicts_total",
        "counter",
        "Pushes refused because a mutation id was applied with another body or device.",
        refused(PushRefusal::Conflict),
    );
    simple(
        out,
        "pos_sync_gaps_total",
        "counter",
        "Pushes refused because of a gap in a device's sequence.",
        refused(PushRefusal::Gap),
    );

    let now = Instant::now();
    let (last_minute, devices, oldest) = {
        let mut backlog = lock(&m.backlog);
        prune(&mut backlog.recent, now);
        let last_minute: u64 = backlog.recent.iter().map(|(_, n)| n).sum();
        let oldest = backlog
            .last_push
            .values()
            .map(|at| now.duration_since(*at).as_secs_f64())
            .fold(0.0, f64::max);
        (last_minute, backlog.last_push.len(), oldest)
    };
    simple(
        out,
        "pos_sync_mutations_last_minute",
        "gauge",
        "Mutations applied in the last 60 seconds (incoming sync load).",
        last_minute,
    );
    simple(
        out,
        "pos_sync_devices",
        "gauge",
        "Devices that pushed successfully since the server started.",
        devices,
    );
    simple(
        out,
        "pos_sync_device_push_age_max_seconds",
        "gauge",
        "Seconds since the stalest of those devices last pushed successfully (a terminal that stops \
syncing makes this grow).",
        format!("{oldest:.3}"),
    );
}
