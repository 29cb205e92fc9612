//! The OpenAPI document over real HTTP: it lists exactly the routes the router serves, every error answer is
//! an `ErrorBody`, decimals are patterned strings; the browsable page obeys the CSP; wrong methods are 405.

mod common;

use common::{expect_error, start};
use reqwest::header::{ALLOW, CONTENT_TYPE};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use std::collections::BTreeSet;

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

async fn document(srv: &common::TestServer) -> Value {
    let res = srv.get("/api/v1/openapi.json").await;
    assert_eq!(res.status(), StatusCode::OK);
    let ct = res
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(ct.starts_with("application/json"), "{ct}");
    res.json().await.expect("the document is JSON")
}

/// (METHOD, path) of every operation in the document.
fn operations(doc: &Value) -> BTreeSet<(String, String)> {
    let mut ops = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for m in METHODS {
            if item.get(m).is_some() {
                ops.insert((m.to_uppercase(), path.clone()));
            }
        }
    }
    ops
}

#[tokio::test]
async fn the_document_lists_exactly_the_routes_of_the_router() {
    let srv = start().await;
    let doc = document(&srv).await;
    assert_eq!(doc["openapi"], "3.1.0");
    let documented = operations(&doc);
    let routed: BTreeSet<(String, String)> = server::route_entries()
        .into_iter()
        .map(|e| (e.method.to_owned(), e.path.to_owned()))
        .collect();
    let undocumented: Vec<_> = routed.difference(&documented).collect();
    assert!(
        undocumented.is_empty(),
        "routes missing from the document: {undocumented:?}"
    );
    let phantom: Vec<_> = documented.difference(&routed).collect();
    assert!(phantom.is_empty(), "documented but not routed: {phantom:?}");
    for expected in [
        ("GET", "/api/v1/sync/pull"),
        ("POST", "/api/v1/sync/push"),
        ("GET", "/api/v1/products"),
        ("GET", "/api/v1/sales"),
        ("GET", "/api/v1/sales/{id}"),
        ("GET", "/api/v1/sales/{id}/refunds"),
        ("GET", "/api/v1/sales/{id}/journal"),
        ("GET", "/api/v1/refunds"),
        ("GET", "/api/v1/customers"),
        ("GET", "/api/v1/gift-cards/{code}"),
        ("POST", "/api/v1/gift-cards"),
        ("GET", "/api/v1/gift-cards/{code}/ledger"),
        ("POST", "/api/v1/gift-cards/{code}/reload"),
        ("POST", "/api/v1/gift-cards/{code}/cash-out"),
        ("GET", "/api/v1/loyalty/settings"),
        ("PUT", "/api/v1/loyalty/settings"),
        ("GET", "/api/v1/loyalty/liability"),
        ("POST", "/api/v1/loyalty/expire"),
        ("GET", "/api/v1/loyalty/customers/{id}"),
        ("POST", "/api/v1/loyalty/customers/{id}/adjust"),
        ("GET", "/api/v1/ingest-flags"),
        ("GET", "/healthz"),
        ("GET", "/readyz"),
        ("GET", "/metrics"),
        ("GET", "/api/v1/openapi.json"),
        ("GET", "/api/docs"),
        ("POST", "/api/v1/auth/login"),
        ("POST", "/api/v1/auth/pin"),
        ("POST", "/api/v1/auth/override"),
        ("POST", "/api/v1/auth/logout"),
        ("GET", "/api/v1/auth/me"),
        ("POST", "/api/v1/devices"),
        ("DELETE", "/api/v1/devices/{id}"),
        ("PATCH", "/api/v1/staff/{id}"),
        ("POST", "/api/v1/api-keys"),
        ("GET", "/api/v1/audit"),
        ("POST", "/api/v1/catalog/imports"),
        ("GET", "/api/v1/catalog/imports/{id}"),
        ("GET", "/api/v1/catalog/export"),
    ] {
        let key = (expected.0.to_owned(), expected.1.to_owned());
        assert!(routed.contains(&key), "{expected:?} is not routed");
    }
}

#[tokio::test]
async fn every_documented_operation_is_really_served() {
    let srv = start().await;
    let doc = document(&srv).await;
    for (method, path) in operations(&doc) {
        let concrete = path
            .replace("{id}", "0190a0a0-0000-7000-8000-000000000009")
            .replace("{code}", "GC-0000-0000");
        let method = Method::from_bytes(method.as_bytes()).expect("method");
        let res = srv
            .client
            .request(method.clone(), srv.url(&concrete))
            .header(CONTENT_TYPE, "application/json")
            .body("{}")
            .send()
            .await
            .expect("sent");
        let status = res.status();
        assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        if status == StatusCode::NOT_FOUND {
            let body: shared::api::ErrorBody = res.json().await.expect("ErrorBody");
            assert_ne!(
                body.message, "no such API route",
                "{method} {path} is not routed"
            );
        }
    }
}

#[tokio::test]
async fn every_error_status_is_an_error_body_and_inputs_are_described() {
    let srv = start().await;
    let doc = document(&srv).await;
    let paths = doc["paths"].as_object().expect("paths");
    for (path, item) in paths {
        for m in METHODS {
            let Some(op) = item.get(m) else { continue };
            let responses = op["responses"].as_object().expect("responses");
            assert!(
                responses.keys().any(|s| s.starts_with('2')),
                "{m} {path}: no success"
            );
            for (status, response) in responses {
                if status.as_str() < "400" {
                    continue;
                }
                let schema = &response["content"]["application/problem+json"]["schema"]["$ref"];
                assert_eq!(
                    schema, "#/components/schemas/ErrorBody",
                    "{m} {path} {status} is not an ErrorBody"
                );
            }
            if path.starts_with("/api/") {
                let retry = &responses["429"]["headers"]["Retry-After"];
                assert!(retry.is_object(), "{m} {path}: 429 without Retry-After");
            }
        }
    }

    let push = &paths["/api/v1/sync/push"]["post"];
    assert_eq!(
        push["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/PushRequest"
    );
    let statuses: BTreeSet<&str> = push["responses"]
        .as_object()
        .expect("responses")
        .keys()
        .map(String::as_str)
        .collect();
    for s in [
        "200", "400", "403", "409", "413", "415", "422", "429", "500",
    ] {
        assert!(
            statuses.contains(s),
            "push does not document {s}: {statuses:?}"
        );
    }

    let params = |path: &str| -> BTreeSet<(String, String)> {
        paths[path]["get"]["parameters"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|p| {
                        (
                            p["name"].as_str().unwrap_or_default().to_owned(),
                            p["in"].as_str().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let q = |names: &[&str]| -> BTreeSet<(String, String)> {
        names
            .iter()
            .map(|n| (n.to_string(), "query".to_string()))
            .collect()
    };
    assert_eq!(
        params("/api/v1/sync/pull"),
        q(&["cursor", "limit", "store_id"])
    );
    assert_eq!(params("/api/v1/sales"), q(&["device_id", "limit"]));
    assert_eq!(params("/api/v1/products"), q(&["after", "limit"]));
    assert_eq!(
        params("/api/v1/customers"),
        q(&["after", "limit", "q", "updated_since", "marketing_consent"])
    );
    assert_eq!(params("/api/v1/refunds"), q(&["limit"]));
    assert_eq!(params("/api/v1/ingest-flags"), q(&["limit"]));
    assert_eq!(
        params("/api/v1/audit"),
        q(&[
            "before",
            "limit",
            "action",
            "outcome",
            "device_id",
            "actor_id",
            "since",
            "until"
        ])
    );
    for path in ["/api/v1/sales/{id}/refunds", "/api/v1/sales/{id}/journal"] {
        assert_eq!(
            params(path),
            [("id".to_string(), "path".to_string())].into()
        );
    }
    assert_eq!(
        params("/api/v1/gift-cards/{code}"),
        [("code".to_string(), "path".to_string())].into()
    );
    assert_eq!(
        params("/api/v1/sales/{id}"),
        [("id".to_string(), "path".to_string())].into()
    );
}

#[tokio::test]
async fn decimals_are_strings_with_a_pattern() {
    let srv = start().await;
    let doc = document(&srv).await;
    let schemas = &doc["components"]["schemas"];
    let decimal = &schemas["Decimal"];
    assert_eq!(decimal["type"], "string");
    let pattern = decimal["pattern"].as_str().expect("pattern");
    assert!(
        pattern.starts_with('^') && pattern.ends_with('$'),
        "{pattern}"
    );
    for (schema, field) in [
        ("SaleDocument", "tip"),
        ("PricedCart", "net"),
        ("PricedCart", "tax"),
        ("PricedCart", "total"),
        ("Settlement", "change"),
        ("Refund", "total"),
        ("Posting", "debit"),
        ("GiftCardBalance", "balance"),
    ] {
        assert_eq!(
            schemas[schema]["properties"][field]["$ref"], "#/components/schemas/Decimal",
            "{schema}.{field}"
        );
    }
    assert_eq!(
        schemas["Product"]["properties"]["price"]["$ref"],
        "#/components/schemas/Decimal"
    );
    let text = serde_json::to_string(&doc).expect("text");
    assert!(
        !text.contains("\"format\":\"double\""),
        "a float in the document"
    );
    for name in [
        "ErrorBody",
        "PushRequest",
        "PullResponse",
        "Payment",
        "Change",
        "SaleDocument",
        "SaleDocumentList",
        "Refund",
        "RefundList",
        "Void",
        "Exchange",
        "CashMovement",
        "Journal",
        "CustomerPage",
        "StorePolicy",
        "Promotion",
        "PriceList",
    ] {
        assert!(schemas[name].is_object(), "schema {name} missing");
    }
}

#[tokio::test]
async fn the_docs_page_loads_its_own_script_and_style_only() {
    let srv = start().await;
    let res = srv.get("/api/docs").await;
    assert_eq!(res.status(), StatusCode::OK);
    let csp = res
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(csp.starts_with("default-src 'self'"), "{csp}");
    let html = res.text().await.expect("html");
    assert!(html.contains(r#"<script src="/api/docs/docs.js" defer></script>"#));
    assert!(html.contains(r#"<link rel="stylesheet" href="/api/docs/docs.css">"#));
    // No inline script, style element, style attribute or event handler, and nothing from another host.
    assert_eq!(html.matches("<script").count(), 1, "{html}");
    for forbidden in [
        "<style", "style=", "onload=", "onclick=", "http://", "https://",
    ] {
        assert!(!html.contains(forbidden), "{forbidden} in the page");
    }
    for (path, ct, needle) in [
        (
            "/api/docs/docs.js",
            "text/javascript",
            "/api/v1/openapi.json",
        ),
        ("/api/docs/docs.css", "text/css", ".method"),
    ] {
        let res = srv.get(path).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let got = res
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert!(got.starts_with(ct), "{path}: {got}");
        let body = res.text().await.expect("body");
        assert!(body.contains(needle), "{path}");
        assert!(!body.contains("innerHTML"), "{path} parses HTML");
    }
}

#[tokio::test]
async fn wrong_methods_on_new_routes_are_405_with_allow() {
    let srv = start().await;
    for (method, path, allowed) in [
        (Method::POST, "/metrics", "GET"),
        (Method::POST, "/readyz", "GET"),
        (Method::DELETE, "/healthz", "GET"),
        (Method::PUT, "/api/v1/openapi.json", "GET"),
        (Method::GET, "/api/v1/sync/push", "POST"),
    ] {
        let res = srv
            .client
            .request(method.clone(), srv.url(path))
            .header(CONTENT_TYPE, "application/json")
            .send()
            .await
            .expect("sent");
        let allow = res
            .headers()
            .get(ALLOW)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert!(allow.contains(allowed), "{method} {path}: Allow {allow:?}");
        expect_error(res, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;
    }
}

#[tokio::test]
async fn operations_name_their_credentials() {
    let srv = start().await;
    let doc = document(&srv).await;
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["bearer"]["scheme"], "bearer");
    assert_eq!(schemes["deviceToken"]["in"], "header");
    assert_eq!(schemes["deviceToken"]["name"], "X-Device-Token");
    let security = |method: &str, path: &str| -> BTreeSet<String> {
        doc["paths"][path][method]["security"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|r| r.as_object())
                    .flat_map(|r| r.keys().cloned())
                    .collect()
            })
            .unwrap_or_default()
    };
    let set = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<BTreeSet<_>>();
    assert_eq!(security("post", "/api/v1/sync/push"), set(&["deviceToken"]));
    assert_eq!(
        security("get", "/api/v1/sales"),
        set(&["bearer", "deviceToken"])
    );
    assert_eq!(security("get", "/api/v1/audit"), set(&["bearer"]));
    assert!(security("get", "/healthz").is_empty());
    assert!(security("post", "/api/v1/auth/login").is_empty());
    let sales = &doc["paths"]["/api/v1/sales"]["get"];
    let description = sales["description"].as_str().unwrap_or_default();
    assert!(
        description.contains("permission `reports`"),
        "{description}"
    );
    for status in ["401", "403"] {
        assert!(sales["responses"][status].is_object(), "{status}");
    }
    let login = &doc["paths"]["/api/v1/auth/login"]["post"]["responses"];
    assert!(login["423"]["headers"]["Retry-After"].is_object());
    assert!(doc["components"]["schemas"]["Session"].is_object());
    assert!(doc["components"]["schemas"]["AuditEntry"].is_object());
}

/// Documents show who made them and who approved them; every schema they refer to is in the document.
#[tokio::test]
async fn staff_stamps_are_documented_and_every_reference_resolves() {
    let srv = start().await;
    let doc = document(&srv).await;
    let schemas = &doc["components"]["schemas"];
    for (schema, field, target) in [
        ("SaleDocument", "cashier", "StaffStamp"),
        ("SaleDocument", "approval", "Approval"),
        ("Refund", "cashier", "StaffStamp"),
        ("Refund", "approval", "Approval"),
        ("Void", "cashier", "StaffStamp"),
        ("Void", "approval", "Approval"),
        ("CashMovement", "cashier", "StaffStamp"),
    ] {
        let text = serde_json::to_string(&schemas[schema]["properties"][field]).expect("text");
        assert!(
            text.contains(&format!("#/components/schemas/{target}")),
            "{schema}.{field}: {text}"
        );
        let required = schemas[schema]["required"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(
            !required.contains(&Value::from(field)),
            "{schema}.{field} is optional"
        );
    }
    assert!(schemas["Approval"]["properties"]["approver"].is_object());
    let text = serde_json::to_string(&doc).expect("text");
    for piece in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
        let name = piece.split('"').next().unwrap_or_default();
        assert!(schemas[name].is_object(), "unresolved reference to {name}");
    }
}
