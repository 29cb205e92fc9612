//! The Prometheus exposition of a real server (127.0.0.1:0): scraped before and after requests and pushes, it
//! declares every metric with its type, labels carry route templates and bounded values, and counters move by
//! exactly what happened in between.

mod common;

use common::{at_minute, expect_error, mutation, push_request, start};
use reqwest::header::CONTENT_TYPE;
use reqwest::StatusCode;
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

/// Every metric family the server exposes, with its type.
const FAMILIES: [(&str, &str); 13] = [
    ("pos_http_requests_total", "counter"),
    ("pos_http_request_duration_seconds", "histogram"),
    ("pos_http_rate_limited_total", "counter"),
    ("pos_sync_push_batches_total", "counter"),
    ("pos_sync_push_refused_total", "counter"),
    ("pos_sync_mutations_applied_total", "counter"),
    ("pos_sync_mutations_replayed_total", "counter"),
    ("pos_sync_conflicts_total", "counter"),
    ("pos_sync_gaps_total", "counter"),
    ("pos_outbox_depth", "gauge"),
    ("pos_sync_mutations_last_minute", "gauge"),
    ("pos_sync_devices", "gauge"),
    ("pos_sync_device_push_age_max_seconds", "gauge"),
];

const REASONS: [&str; 13] = [
    "too_many_mutations",
    "mutation_conflict",
    "sequence_gap",
    "invalid_sale",
    "invalid_refund",
    "invalid_void",
    "invalid_exchange",
    "invalid_cash_movement",
    "invalid_customer",
    "unknown_sale",
    "card_number_in_payload",
    "storage",
    "invalid_unreceipted_return",
];

type Labels = BTreeMap<String, String>;

/// One scrape: the declared type of each family and every sample by (name, labels).
struct Scrape {
    types: BTreeMap<String, String>,
    samples: BTreeMap<(String, Labels), f64>,
}

impl Scrape {
    fn value(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        let key = (name.to_owned(), label_map(labels));
        *self
            .samples
            .get(&key)
            .unwrap_or_else(|| panic!("no sample {key:?}"))
    }

    /// How much a sample grew since `before` (a series `before` lacks counts from 0).
    fn growth(&self, before: &Scrape, name: &str, labels: &[(&str, &str)]) -> f64 {
        let key = (name.to_owned(), label_map(labels));
        self.value(name, labels) - before.samples.get(&key).copied().unwrap_or(0.0)
    }

    /// The family a sample belongs to (a histogram's `_bucket`, `_sum` and `_count` belong to it).
    fn family_of<'a>(&self, name: &'a str) -> Option<&'a str> {
        if self.types.contains_key(name) {
            return Some(name);
        }
        ["_bucket", "_sum", "_count"]
            .iter()
            .filter_map(|suffix| name.strip_suffix(suffix))
            .find(|f| self.types.get(*f).is_some_and(|t| t == "histogram"))
    }
}

fn label_map(labels: &[(&str, &str)]) -> Labels {
    labels
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// Parse `name{key="value",...} number` (label values may hold `{`, `}`, `,` and escapes).
fn parse_sample(line: &str) -> (String, Labels, f64) {
    let name_end = line.find(['{', ' ']).unwrap_or(line.len());
    let name = line[..name_end].to_owned();
    let mut labels = Labels::new();
    let mut rest = &line[name_end..];
    if let Some(mut inner) = rest.strip_prefix('{') {
        while !inner.starts_with('}') {
            let eq = inner
                .find("=\"")
                .unwrap_or_else(|| panic!("bad labels: {line}"));
            let key = inner[..eq].to_owned();
            let mut value = String::new();
            let mut chars = inner[eq + 2..].char_indices();
            let end = loop {
                match chars.next() {
                    Some((_, '\\')) => match chars.next() {
                        Some((_, 'n')) => value.push('\n'),
                        Some((_, c)) => value.push(c),
                        None => panic!("bad escape: {line}"),
                    },
                    Some((i, '"')) => break eq + 2 + i + 1,
                    Some((_, c)) => value.push(c),
                    None => panic!("unterminated label value: {line}"),
                }
            };
            labels.insert(key, value);
            inner = inner[end..].strip_prefix(',').unwrap_or(&inner[end..]);
        }
        rest = &inner[1..];
    }
    let value = rest
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("bad sample value: {line}"));
    (name, labels, value)
}

async fn scrape(srv: &common::TestServer) -> Scrape {
    let res = srv.get("/metrics").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok()),
        Some("text/plain; version=0.0.4; charset=utf-8")
    );
    let text = res.text().await.expect("text");
    let mut scrape = Scrape {
        types: BTreeMap::new(),
        samples: BTreeMap::new(),
    };
    let mut helped = BTreeSet::new();
    for line in text.lines() {
        if let Some(help) = line.strip_prefix("# HELP ") {
            let (name, text) = help.split_once(' ').expect("HELP name text");
            assert!(!text.trim().is_empty(), "empty help for {name}");
            helped.insert(name.to_owned());
        } else if let Some(declared) = line.strip_prefix("# TYPE ") {
            let (name, kind) = declared.split_once(' ').expect("TYPE name kind");
            let previous = scrape.types.insert(name.to_owned(), kind.to_owned());
            assert!(previous.is_none(), "{name} declared twice");
        } else if !line.starts_with('#') && !line.is_empty() {
            let (name, labels, value) = parse_sample(line);
            let family = scrape
                .family_of(&name)
                .unwrap_or_else(|| panic!("sample of an undeclared metric: {line}"));
            assert!(helped.contains(family), "no HELP before {line}");
            let previous = scrape.samples.insert((name, labels), value);
            assert!(previous.is_none(), "duplicate series: {line}");
        }
    }
    scrape
}

#[tokio::test]
async fn the_exposition_declares_every_metric_and_counts_what_happened() {
    let srv = start().await;
    let catalog = srv.catalog().await;
    let before = scrape(&srv).await;

    let device = Uuid::now_v7();
    let batch = push_request(
        device,
        vec![
            mutation(1, catalog.sale(device, "R-1", at_minute(1), &[1])),
            mutation(2, catalog.sale(device, "R-2", at_minute(2), &[2])),
        ],
    );
    assert_eq!(srv.push_ok(&batch).await, 2);
    assert_eq!(srv.push_ok(&batch).await, 2, "a replay answers the same");
    let gap = mutation(9, catalog.sale(device, "R-9", at_minute(9), &[3]));
    let res = srv.push(&push_request(device, vec![gap])).await;
    expect_error(res, StatusCode::CONFLICT, "sequence_gap").await;
    let mut altered = batch.mutations[0].clone();
    altered.body = mutation(1, catalog.sale(device, "R-1", at_minute(1), &[4])).body;
    let res = srv.push(&push_request(device, vec![altered])).await;
    expect_error(res, StatusCode::CONFLICT, "mutation_conflict").await;
    let sale_id = match &batch.mutations[0].body {
        shared::sync::MutationBody::CompleteSale { sale } => sale.id,
        other => panic!("not a sale: {other:?}"),
    };
    let one_sale = format!("/api/v1/sales/{sale_id}");
    assert_eq!(srv.get(&one_sale).await.status(), StatusCode::OK);
    assert_eq!(
        srv.get("/api/v1/nowhere").await.status(),
        StatusCode::NOT_FOUND
    );
    let after = scrape(&srv).await;

    // Names and types: exactly the expected families, each declared once.
    let expected: BTreeMap<String, String> = FAMILIES
        .iter()
        .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
        .collect();
    assert_eq!(after.types, expected);

    // Label values: route templates, bounded methods, statuses, limits and reasons.
    let known_routes: BTreeSet<String> = server::route_entries()
        .into_iter()
        .map(|e| e.path.to_owned())
        // The JSON 404s under /api, requests no route took, and the app's files.
        .chain(["/api", "/api/", "/api/{*rest}", "(none)", "(static)"].map(str::to_owned))
        .collect();
    for ((name, labels), value) in &after.samples {
        assert!(
            value.is_finite() && *value >= 0.0,
            "{name} {labels:?} {value}"
        );
        if let Some(route) = labels.get("route") {
            assert!(
                known_routes.contains(route),
                "{name}: route {route:?} is no template"
            );
        }
        if let Some(status) = labels.get("status") {
            assert!(
                status.parse::<u16>().is_ok_and(|s| (100..600).contains(&s)),
                "{name}: status {status:?}"
            );
        }
        if let Some(method) = labels.get("method") {
            assert!(
                ["GET", "POST", "PATCH", "DELETE", "OTHER"].contains(&method.as_str()),
                "{name}: method {method:?}"
            );
        }
    }
    let label_values = |family: &str, key: &str| -> BTreeSet<String> {
        after
            .samples
            .keys()
            .filter(|(n, _)| n == family)
            .filter_map(|(_, l)| l.get(key).cloned())
            .collect()
    };
    assert_eq!(
        label_values("pos_http_rate_limited_total", "limit"),
        BTreeSet::from(["api".to_owned(), "auth".to_owned()])
    );
    assert_eq!(
        label_values("pos_sync_push_refused_total", "reason"),
        REASONS.iter().map(|r| (*r).to_owned()).collect()
    );
    assert!(!label_values("pos_http_requests_total", "route")
        .iter()
        .any(|r| r.contains(&sale_id.to_string())));

    // Counters never go back, and moved by exactly what happened.
    for ((name, labels), was) in &before.samples {
        let family = before.family_of(name).unwrap_or(name);
        if before.types.get(family).is_some_and(|t| t != "gauge") {
            let now = after.samples.get(&(name.clone(), labels.clone()));
            assert!(now.is_some_and(|n| n >= was), "{name} {labels:?} went back");
        }
    }
    let push = "/api/v1/sync/push";
    let grew = |name: &str, labels: &[(&str, &str)]| after.growth(&before, name, labels);
    let requests = "pos_http_requests_total";
    assert_eq!(
        grew(
            requests,
            &[("route", push), ("method", "POST"), ("status", "200")]
        ),
        2.0
    );
    assert_eq!(
        grew(
            requests,
            &[("route", push), ("method", "POST"), ("status", "409")]
        ),
        2.0
    );
    let sales_one = [
        ("route", "/api/v1/sales/{id}"),
        ("method", "GET"),
        ("status", "200"),
    ];
    assert_eq!(grew(requests, &sales_one), 1.0);
    let metrics_route = [("route", "/metrics"), ("method", "GET"), ("status", "200")];
    assert_eq!(grew(requests, &metrics_route), 1.0, "the first scrape");
    let nowhere = [
        ("route", "/api/{*rest}"),
        ("method", "GET"),
        ("status", "404"),
    ];
    assert_eq!(grew(requests, &nowhere), 1.0);
    let latency = "pos_http_request_duration_seconds";
    assert_eq!(grew(&format!("{latency}_count"), &[("route", push)]), 4.0);
    let mut buckets: Vec<(f64, f64)> = after
        .samples
        .iter()
        .filter(|((n, l), _)| *n == format!("{latency}_bucket") && l["route"] == push)
        .map(|((_, l), v)| (l["le"].parse::<f64>().expect("le is a number"), *v))
        .collect();
    buckets.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert_eq!(buckets.len(), 13, "12 bounds and +Inf: {buckets:?}");
    assert!(buckets.windows(2).all(|w| w[0].1 <= w[1].1), "cumulative");
    assert_eq!(
        buckets.last().map(|b| b.1),
        Some(after.value(&format!("{latency}_count"), &[("route", push)]))
    );
    assert_eq!(grew("pos_sync_push_batches_total", &[]), 4.0);
    assert_eq!(grew("pos_sync_mutations_applied_total", &[]), 2.0);
    assert_eq!(grew("pos_sync_mutations_replayed_total", &[]), 2.0);
    assert_eq!(grew("pos_sync_gaps_total", &[]), 1.0);
    assert_eq!(grew("pos_sync_conflicts_total", &[]), 1.0);
    assert_eq!(
        grew("pos_sync_push_refused_total", &[("reason", "sequence_gap")]),
        1.0
    );
    assert_eq!(
        grew(
            "pos_sync_push_refused_total",
            &[("reason", "mutation_conflict")]
        ),
        1.0
    );
    assert_eq!(
        grew("pos_sync_push_refused_total", &[("reason", "invalid_sale")]),
        0.0
    );
    assert_eq!(
        grew("pos_http_rate_limited_total", &[("limit", "api")]),
        0.0
    );
    // Gauges: what the server holds now.
    assert_eq!(after.value("pos_sync_mutations_last_minute", &[]), 2.0);
    assert_eq!(after.value("pos_sync_devices", &[]), 1.0);
    assert!(after.value("pos_sync_device_push_age_max_seconds", &[]) < 60.0);
    assert_eq!(after.value("pos_outbox_depth", &[]), 0.0);
}
