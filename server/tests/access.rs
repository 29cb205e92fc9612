//! Who may call what, over real HTTP on both stores: every route of the router × every kind of caller (no
//! credentials, each role's session, a device token, an API key of each scope), against one declarative table.
//! A route missing from the table, or a table row without a route, fails the test, so new routes are covered.

mod common;

use common::{on_both_stores, start_on, Backend, TestServer};
use reqwest::header::CONTENT_TYPE;
use reqwest::{Method, StatusCode};
use shared::auth::Scope;
use std::collections::BTreeSet;

/// A kind of caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Nobody,
    Cashier,
    Supervisor,
    Manager,
    Admin,
    Device,
    Key(Scope),
}
use Who::*;

const EVERYONE: &[Who] = &[
    Nobody,
    Cashier,
    Supervisor,
    Manager,
    Admin,
    Device,
    Key(Scope::CatalogRead),
    Key(Scope::SalesRead),
    Key(Scope::Sync),
    Key(Scope::AuditRead),
    Key(Scope::Metrics),
];
const STAFF: &[Who] = &[Cashier, Supervisor, Manager, Admin];
const MANAGERS: &[Who] = &[Manager, Admin];
const TILL_STAFF: &[Who] = &[Cashier, Supervisor];
/// Stock: supervisors and managers.
const STOCK: &[Who] = &[Supervisor, Manager, Admin];
const SALES: &[Who] = &[Manager, Admin, Key(Scope::SalesRead)];
const SALES_OR_DEVICE: &[Who] = &[Manager, Admin, Key(Scope::SalesRead), Device];
/// A customer's record and purchases: staff at the till (the customer panel), the back office, a device or
/// `sales:read`.
const CUSTOMER_READ: &[Who] = &[
    Cashier,
    Supervisor,
    Manager,
    Admin,
    Key(Scope::SalesRead),
    Device,
];

/// (method, path, who is let in). Everyone else must get 401 (no credentials) or 403.
const TABLE: &[(&str, &str, &[Who])] = &[
    (
        "GET",
        "/api/v1/sync/pull",
        &[Device, Key(Scope::Sync), Key(Scope::CatalogRead)],
    ),
    ("POST", "/api/v1/sync/push", &[Device]),
    (
        "GET",
        "/api/v1/products",
        &[
            Cashier,
            Supervisor,
            Manager,
            Admin,
            Device,
            Key(Scope::CatalogRead),
        ],
    ),
    ("GET", "/api/v1/sales", SALES_OR_DEVICE),
    // Selling staff find sales of any till to refund them.
    (
        "GET",
        "/api/v1/sales/search",
        &[Cashier, Supervisor, Manager, Admin, Key(Scope::SalesRead)],
    ),
    ("GET", "/api/v1/sales/{id}", SALES_OR_DEVICE),
    ("GET", "/api/v1/sales/{id}/refunds", SALES_OR_DEVICE),
    ("GET", "/api/v1/sales/{id}/journal", SALES_OR_DEVICE),
    ("GET", "/api/v1/refunds", SALES),
    ("GET", "/api/v1/customers", CUSTOMER_READ),
    ("POST", "/api/v1/customers", MANAGERS),
    ("GET", "/api/v1/customers/duplicates", MANAGERS),
    ("GET", "/api/v1/customers/export", MANAGERS),
    ("POST", "/api/v1/customers/merge", MANAGERS),
    ("GET", "/api/v1/customers/{id}", CUSTOMER_READ),
    ("PUT", "/api/v1/customers/{id}", MANAGERS),
    ("GET", "/api/v1/customers/{id}/summary", CUSTOMER_READ),
    ("GET", "/api/v1/customers/{id}/export", MANAGERS),
    ("POST", "/api/v1/customers/{id}/erase", MANAGERS),
    ("GET", "/api/v1/gift-cards/{code}", SALES_OR_DEVICE),
    ("GET", "/api/v1/ingest-flags", SALES),
    ("POST", "/api/v1/auth/login", EVERYONE),
    ("POST", "/api/v1/auth/pin", &[Device]),
    ("POST", "/api/v1/auth/override", STAFF),
    ("POST", "/api/v1/auth/logout", STAFF),
    ("GET", "/api/v1/auth/me", STAFF),
    ("GET", "/api/v1/devices", MANAGERS),
    ("POST", "/api/v1/devices", MANAGERS),
    ("DELETE", "/api/v1/devices/{id}", MANAGERS),
    ("GET", "/api/v1/staff", MANAGERS),
    ("POST", "/api/v1/staff", MANAGERS),
    ("PATCH", "/api/v1/staff/{id}", MANAGERS),
    ("GET", "/api/v1/api-keys", &[Admin]),
    ("POST", "/api/v1/api-keys", &[Admin]),
    ("DELETE", "/api/v1/api-keys/{id}", &[Admin]),
    (
        "GET",
        "/api/v1/audit",
        &[Manager, Admin, Key(Scope::AuditRead)],
    ),
    ("GET", "/api/v1/catalog/products", MANAGERS),
    ("POST", "/api/v1/catalog/products", MANAGERS),
    ("PUT", "/api/v1/catalog/products/{id}", MANAGERS),
    ("POST", "/api/v1/catalog/products/{id}/archive", MANAGERS),
    ("POST", "/api/v1/catalog/product-groups", MANAGERS),
    ("POST", "/api/v1/catalog/price-changes", MANAGERS),
    ("PUT", "/api/v1/catalog/categories/{id}", MANAGERS),
    ("PUT", "/api/v1/catalog/tax-rates/{id}", MANAGERS),
    ("POST", "/api/v1/catalog/modifier-groups", MANAGERS),
    ("PUT", "/api/v1/catalog/modifier-groups/{id}", MANAGERS),
    ("POST", "/api/v1/catalog/imports", MANAGERS),
    ("GET", "/api/v1/catalog/imports/{id}", MANAGERS),
    ("GET", "/api/v1/catalog/export", MANAGERS),
    // Held orders belong to tills: PIN sessions (bound to the till) of selling staff; a password session
    // names no till and is refused with 403 `device_required`.
    ("GET", "/api/v1/held-orders", TILL_STAFF),
    ("PUT", "/api/v1/held-orders/{id}", TILL_STAFF),
    ("POST", "/api/v1/held-orders/{id}/claim", TILL_STAFF),
    ("POST", "/api/v1/held-orders/{id}/close", TILL_STAFF),
    ("PUT", "/api/v1/settings/till", MANAGERS),
    ("GET", "/api/v1/stores", MANAGERS),
    ("POST", "/api/v1/stores", MANAGERS),
    ("GET", "/api/v1/stores/{id}", MANAGERS),
    ("PUT", "/api/v1/stores/{id}", MANAGERS),
    ("GET", "/api/v1/stores/{id}/prices", MANAGERS),
    ("GET", "/api/v1/loyalty/settings", MANAGERS),
    ("PUT", "/api/v1/loyalty/settings", MANAGERS),
    ("GET", "/api/v1/loyalty/liability", MANAGERS),
    ("POST", "/api/v1/loyalty/expire", MANAGERS),
    ("GET", "/api/v1/loyalty/customers/{id}", MANAGERS),
    ("POST", "/api/v1/loyalty/customers/{id}/adjust", MANAGERS),
    ("POST", "/api/v1/gift-cards", MANAGERS),
    ("GET", "/api/v1/gift-cards/{code}/ledger", MANAGERS),
    ("POST", "/api/v1/gift-cards/{code}/reload", MANAGERS),
    ("POST", "/api/v1/gift-cards/{code}/cash-out", MANAGERS),
    ("GET", "/api/v1/stores/{id}/quick-keys", MANAGERS),
    ("PUT", "/api/v1/stores/{id}/quick-keys", MANAGERS),
    ("PUT", "/api/v1/stores/{id}/prices/{product_id}", MANAGERS),
    (
        "DELETE",
        "/api/v1/stores/{id}/prices/{product_id}",
        MANAGERS,
    ),
    ("PUT", "/api/v1/staff/{id}/stores", MANAGERS),
    ("GET", "/api/v1/stock/locations", STOCK),
    ("POST", "/api/v1/stock/locations", STOCK),
    ("GET", "/api/v1/stock/levels", STOCK),
    ("GET", "/api/v1/stock/ledger", STOCK),
    ("PUT", "/api/v1/stock/thresholds", STOCK),
    ("POST", "/api/v1/stock/adjustments", STOCK),
    ("POST", "/api/v1/stock/transfers", STOCK),
    ("GET", "/api/v1/stock/transfers/{id}", STOCK),
    ("POST", "/api/v1/stock/transfers/{id}/receive", STOCK),
    ("GET", "/api/v1/stock/suppliers", STOCK),
    ("POST", "/api/v1/stock/suppliers", STOCK),
    ("GET", "/api/v1/stock/purchase-orders", STOCK),
    ("POST", "/api/v1/stock/purchase-orders", STOCK),
    ("GET", "/api/v1/stock/purchase-orders/{id}", STOCK),
    ("POST", "/api/v1/stock/purchase-orders/{id}/receipts", STOCK),
    ("POST", "/api/v1/stock/counts", STOCK),
    ("PUT", "/api/v1/stock/counts/{id}/lines", STOCK),
    ("POST", "/api/v1/stock/counts/{id}/post", STOCK),
    ("GET", "/api/v1/webhooks/event-types", MANAGERS),
    ("GET", "/api/v1/webhooks/endpoints", MANAGERS),
    ("POST", "/api/v1/webhooks/endpoints", MANAGERS),
    ("GET", "/api/v1/webhooks/endpoints/{id}", MANAGERS),
    ("PATCH", "/api/v1/webhooks/endpoints/{id}", MANAGERS),
    ("DELETE", "/api/v1/webhooks/endpoints/{id}", MANAGERS),
    (
        "POST",
        "/api/v1/webhooks/endpoints/{id}/rotate-secret",
        MANAGERS,
    ),
    ("POST", "/api/v1/webhooks/endpoints/{id}/test", MANAGERS),
    (
        "GET",
        "/api/v1/webhooks/endpoints/{id}/deliveries",
        MANAGERS,
    ),
    ("POST", "/api/v1/webhooks/endpoints/{id}/replay", MANAGERS),
    // Public: the signature is the credential (an unconfigured source is 404).
    ("POST", "/api/v1/inbound/{source}", EVERYONE),
    ("GET", "/healthz", EVERYONE),
    ("GET", "/readyz", EVERYONE),
    // Public because the test server listens on loopback (see `metrics_need_a_key_when_not_public`).
    ("GET", "/metrics", EVERYONE),
    ("GET", "/api/v1/openapi.json", EVERYONE),
    ("GET", "/api/docs", EVERYONE),
    ("GET", "/api/docs/docs.js", EVERYONE),
    ("GET", "/api/docs/docs.css", EVERYONE),
];

/// The credentials of each caller on one server.
struct Callers {
    cashier: String,
    supervisor: String,
    manager: String,
    device: String,
    keys: Vec<(Scope, String)>,
}

impl Callers {
    async fn new(srv: &TestServer) -> Callers {
        let mut keys = Vec::new();
        for scope in [
            Scope::CatalogRead,
            Scope::SalesRead,
            Scope::Sync,
            Scope::AuditRead,
            Scope::Metrics,
        ] {
            keys.push((scope, srv.api_key(&[scope]).await.key));
        }
        Callers {
            cashier: srv.pin_session(common::auth::CASHIER_PIN).await.token,
            supervisor: srv.pin_session(common::auth::SUPERVISOR_PIN).await.token,
            manager: srv
                .login(common::auth::MANAGER_EMAIL, common::auth::MANAGER_PASSWORD)
                .await
                .token,
            device: srv.device.device_token.clone(),
            keys,
        }
    }

    /// (header, value) to send as `who`; a fresh session when `fresh` (for sign-out, which ends it).
    async fn header(
        &self,
        srv: &TestServer,
        who: Who,
        fresh: bool,
    ) -> Option<(&'static str, String)> {
        let bearer = |t: &str| Some(("authorization", format!("Bearer {t}")));
        match (who, fresh) {
            (Nobody, _) => None,
            (Device, _) => Some((common::auth::DEVICE_HEADER, self.device.clone())),
            (Key(scope), _) => self
                .keys
                .iter()
                .find(|(s, _)| *s == scope)
                .and_then(|(_, k)| bearer(k)),
            (Cashier, false) => bearer(&self.cashier),
            (Supervisor, false) => bearer(&self.supervisor),
            (Manager, false) => bearer(&self.manager),
            (Admin, false) => bearer(&srv.admin_token),
            (Cashier, true) => bearer(&srv.pin_session(common::auth::CASHIER_PIN).await.token),
            (Supervisor, true) => {
                bearer(&srv.pin_session(common::auth::SUPERVISOR_PIN).await.token)
            }
            (Manager, true) => bearer(
                &srv.login(common::auth::MANAGER_EMAIL, common::auth::MANAGER_PASSWORD)
                    .await
                    .token,
            ),
            (Admin, true) => bearer(
                &srv.login(common::auth::ADMIN_EMAIL, common::auth::ADMIN_PASSWORD)
                    .await
                    .token,
            ),
        }
    }
}

on_both_stores!(every_route_admits_exactly_the_callers_of_the_table);

async fn every_route_admits_exactly_the_callers_of_the_table(backend: Backend) {
    let srv = start_on(backend).await;
    let routed: BTreeSet<(&str, &str)> = server::route_entries()
        .iter()
        .map(|e| (e.method, e.path))
        .collect();
    let table: BTreeSet<(&str, &str)> = TABLE.iter().map(|(m, p, _)| (*m, *p)).collect();
    let untabled: Vec<_> = routed.difference(&table).collect();
    assert!(
        untabled.is_empty(),
        "routes missing from TABLE: {untabled:?}"
    );
    let unrouted: Vec<_> = table.difference(&routed).collect();
    assert!(
        unrouted.is_empty(),
        "TABLE rows without a route: {unrouted:?}"
    );

    let callers = Callers::new(&srv).await;
    let mut wrong = Vec::new();
    let mut admitted = 0;
    for (method, path, allowed) in TABLE {
        let concrete = path
            .replace("{id}", "0190a0a0-0000-7000-8000-00000000dead")
            .replace("{code}", "GC-1000-0001")
            .replace("{source}", "storefront");
        for who in EVERYONE {
            let fresh = path.ends_with("/logout");
            let mut req = srv
                .anon
                .request(
                    Method::from_bytes(method.as_bytes()).expect("method"),
                    srv.url(&concrete),
                )
                .header(CONTENT_TYPE, "application/json");
            if *method != "GET" {
                req = req.body("{}");
            }
            if let Some((name, value)) = callers.header(&srv, *who, fresh).await {
                req = req.header(name, value);
            }
            let status = req.send().await.expect("sent").status();
            let let_in = allowed.contains(who);
            let expected_refusal = if *who == Nobody {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::FORBIDDEN
            };
            if status.is_server_error() {
                wrong.push(format!("{method} {path} as {who:?}: {status}"));
            } else if let_in {
                admitted += 1;
                if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
                    wrong.push(format!("{method} {path} as {who:?}: refused with {status}"));
                }
            } else if status != expected_refusal {
                wrong.push(format!(
                    "{method} {path} as {who:?}: {status}, expected {expected_refusal}"
                ));
            }
        }
    }
    assert!(admitted > 100, "only {admitted} admitted cells");
    assert!(
        wrong.is_empty(),
        "{} wrong answers:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[tokio::test]
async fn metrics_need_a_key_when_not_public() {
    let srv = common::start_with(|c| c.metrics_public = Some(false)).await;
    let res = srv
        .anon
        .get(srv.url("/metrics"))
        .send()
        .await
        .expect("sent");
    common::expect_error(res, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    let res = srv
        .client
        .get(srv.url("/metrics"))
        .send()
        .await
        .expect("sent");
    common::expect_error(res, StatusCode::FORBIDDEN, "forbidden").await;
    let key = srv.api_key(&[Scope::Metrics]).await.key;
    let res = srv
        .anon
        .get(srv.url("/metrics"))
        .bearer_auth(&key)
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn unauthenticated_answers_carry_a_bearer_challenge() {
    let srv = common::start().await;
    let res = srv
        .anon
        .get(srv.url("/api/v1/sales"))
        .send()
        .await
        .expect("sent");
    let challenge = res
        .headers()
        .get("www-authenticate")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    assert_eq!(challenge.as_deref(), Some("Bearer"));
    common::expect_error(res, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    let res = srv
        .anon
        .get(srv.url("/api/v1/sales"))
        .bearer_auth("not-a-session")
        .send()
        .await
        .expect("sent");
    assert!(res.headers().get("www-authenticate").is_some());
    common::expect_error(res, StatusCode::UNAUTHORIZED, "invalid_token").await;
}
