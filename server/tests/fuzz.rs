//! Fuzz-style robustness over real HTTP: random bytes and random JSON at every documented POST route, random
//! query strings and path segments at every documented GET route; the server must never answer 5xx.

mod common;

use common::{at_minute, mutation, push_request, refund_mutation, start};
use reqwest::header::CONTENT_TYPE;
use reqwest::StatusCode;
use serde_json::{json, Value};
use shared::document::RefundMethod;
use uuid::Uuid;

/// A small deterministic generator (xorshift64*), so a failure can be reproduced from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn bytes(&mut self, max: usize) -> Vec<u8> {
        let len = self.below(max + 1);
        (0..len).map(|_| self.next() as u8).collect()
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn text(&mut self) -> String {
        let pieces = [
            "",
            "0",
            "-1",
            "1",
            "18446744073709551616",
            "1e308",
            "NaN",
            "null",
            "true",
            "a",
            "é",
            "\u{0}",
            "0190a0a0-0000-7000-8000-000000000001",
            "12.50",
            "-0.01",
            "99999999999999999999999999999.9",
            "4111111111111111",
            "' OR 1=1 --",
            "%",
            "%ZZ",
            "../../etc/passwd",
            "🙂",
        ];
        let mut s = String::new();
        for _ in 0..self.below(3) + 1 {
            s.push_str(self.pick(&pieces));
        }
        s
    }

    /// Random JSON, biased towards the shapes of the API's bodies.
    fn json(&mut self, depth: u32) -> Value {
        let keys = [
            "device_id",
            "mutations",
            "id",
            "seq",
            "body",
            "type",
            "sale",
            "lines",
            "tenders",
            "kind",
            "amount",
            "reference",
            "total",
            "net",
            "tax",
            "change",
            "currency",
            "receipt_no",
            "quantity",
        ];
        match if depth > 3 {
            self.below(5)
        } else {
            self.below(8)
        } {
            0 => Value::Null,
            1 => json!(self.next().is_multiple_of(3)),
            2 => json!(self.next() as i64),
            3 => json!(self.text()),
            4 => json!((self.next() as f64) / 7.0),
            5 | 6 => {
                let mut map = serde_json::Map::new();
                for _ in 0..self.below(5) {
                    map.insert(self.pick(&keys).to_owned(), self.json(depth + 1));
                }
                Value::Object(map)
            }
            _ => Value::Array((0..self.below(4)).map(|_| self.json(depth + 1)).collect()),
        }
    }

    fn query(&mut self) -> String {
        let names = [
            "cursor",
            "limit",
            "after",
            "device_id",
            "x",
            "",
            "limit[]",
            "cursor",
        ];
        let mut parts = Vec::new();
        for _ in 0..self.below(4) {
            let value: String = self
                .text()
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect();
            parts.push(format!("{}={value}", self.pick(&names)));
        }
        parts.join("&")
    }
}

/// Valid push bodies made by the commerce engine: a sale, and a refund of a sale already recorded.
struct Templates {
    sale: Value,
    refund: Value,
}

async fn templates(srv: &common::TestServer) -> Templates {
    let catalog = srv.catalog().await;
    let seller = Uuid::from_u128(0x0190a0a0_0000_7000_8000_000000000001);
    let refunder = Uuid::from_u128(0x0190a0a0_0000_7000_8000_0000000000a1);
    let recorded = catalog.sale(seller, "F-1", at_minute(1), &[3, 3, 40]);
    let other = Uuid::now_v7();
    let pushed = srv
        .push_ok(&push_request(
            other,
            vec![mutation(1, catalog.sale(other, "F-0", at_minute(0), &[1]))],
        ))
        .await;
    assert_eq!(pushed, 1);
    let seed = catalog.sale(other, "F-2", at_minute(2), &[5, 5, 6]);
    assert_eq!(
        srv.push_ok(&push_request(other, vec![mutation(2, seed.clone())]))
            .await,
        2
    );
    let refund = catalog.refund(
        refunder,
        &seed,
        &[],
        &[(0, 1)],
        RefundMethod::OriginalTenders,
    );
    let json = |device, m| serde_json::to_value(push_request(device, vec![m])).expect("json");
    Templates {
        sale: json(seller, mutation(1, recorded)),
        refund: json(refunder, refund_mutation(1, refund)),
    }
}

/// A mutation body close to a real one, with one random field replaced: reaches deeper validation.
fn near_valid_push(rng: &mut Rng, t: &Templates) -> Value {
    let refund = rng.below(3) == 0;
    let mut v = if refund {
        t.refund.clone()
    } else {
        t.sale.clone()
    };
    let body = &mut v["mutations"][0]["body"];
    let (doc, fields): (&mut Value, &[&str]) = if refund {
        let fields = &[
            "id",
            "sale_id",
            "receipt_no",
            "reason",
            "lines",
            "taxes",
            "net",
            "tax",
            "total",
            "payouts",
            "rounding",
            "created_at",
        ];
        (&mut body["refund"], fields)
    } else if rng.below(2) == 0 {
        let fields = &[
            "lines",
            "taxes",
            "net",
            "tax",
            "total",
            "subtotal",
            "coupons",
            "promotions",
            "currency",
        ];
        (&mut body["sale"]["priced"], fields)
    } else {
        let fields = &[
            "id",
            "receipt_no",
            "created_at",
            "customer_id",
            "tip",
            "payments",
            "settlement",
        ];
        (&mut body["sale"], fields)
    };
    let field = fields[rng.below(fields.len())];
    doc[field] = rng.json(2);
    if rng.below(3) == 0 {
        v["mutations"][0]["seq"] = rng.json(3);
    }
    v
}

#[tokio::test]
async fn random_input_never_gets_a_5xx() {
    let srv = start().await;
    let doc: Value = srv.get_json("/api/v1/openapi.json").await;
    let mut posts = Vec::new();
    let mut gets = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        if item.get("post").is_some() {
            posts.push(path.clone());
        }
        if item.get("get").is_some() {
            gets.push(path.clone());
        }
    }
    assert!(posts.contains(&"/api/v1/sync/push".to_owned()) && gets.len() >= 5);
    let templates = templates(&srv).await;

    let mut rng = Rng(0x5EED_0FF0_2222);
    let mut failures = Vec::new();
    for path in &posts {
        for round in 0..150 {
            let (content_type, body): (&str, Vec<u8>) = match round % 4 {
                0 => ("application/json", rng.bytes(300)),
                1 => (
                    "application/json",
                    serde_json::to_vec(&rng.json(0)).expect("json"),
                ),
                2 => (
                    "application/json",
                    serde_json::to_vec(&near_valid_push(&mut rng, &templates)).expect("json"),
                ),
                _ => (
                    rng.pick(&[
                        "text/plain",
                        "application/json; charset=latin1",
                        "",
                        "application/xml",
                        "text/csv",
                    ]),
                    rng.bytes(100),
                ),
            };
            // Credentials as a terminal and a back office send them: the admin's session (a throw-away one
            // for sign-out) and the token of the device the body names, if it names one.
            let bearer = if path.ends_with("/auth/logout") {
                srv.login(common::auth::ADMIN_EMAIL, common::auth::ADMIN_PASSWORD)
                    .await
                    .token
            } else {
                srv.admin_token.clone()
            };
            let device = serde_json::from_slice::<Value>(&body)
                .ok()
                .and_then(|v| {
                    v["device_id"]
                        .as_str()
                        .and_then(|d| Uuid::parse_str(d).ok())
                })
                .unwrap_or(srv.device.device_id);
            let res = srv
                .anon
                .post(srv.url(path))
                .bearer_auth(bearer)
                .header(common::auth::DEVICE_HEADER, srv.device_token(device).await)
                .header(CONTENT_TYPE, content_type)
                .body(body.clone())
                .send()
                .await
                .expect("sent");
            if res.status().is_server_error() {
                failures.push(format!(
                    "POST {path} {:?} -> {}",
                    String::from_utf8_lossy(&body),
                    res.status()
                ));
            }
        }
    }
    for path in &gets {
        for _ in 0..60 {
            let segment: String = rng
                .text()
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b == b'-' {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect();
            let segment = if segment.is_empty() { "x" } else { &segment };
            let concrete = path.replace("{id}", segment).replace("{code}", segment);
            let url = format!("{}?{}", srv.url(&concrete), rng.query());
            let res = srv.client.get(&url).send().await.expect("sent");
            if res.status().is_server_error() {
                failures.push(format!("GET {url} -> {}", res.status()));
            }
            if res.status() == StatusCode::OK {
                continue;
            }
            let ct = res
                .headers()
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            if !ct.starts_with("application/problem+json") {
                failures.push(format!(
                    "GET {url} -> {} without a JSON error",
                    res.status()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // A mutation of the near-valid body may still be a valid sale; whatever was stored must verify.
    let stored: shared::api::SaleDocumentList = srv.get_json("/api/v1/sales?limit=1000").await;
    for sale in &stored.sales {
        assert_eq!(
            sale.verify(),
            Ok(()),
            "an invalid sale was stored: {sale:?}"
        );
    }
}
