//! The OpenAPI document is the contract, checked against the running server (port 0, real HTTP):
//!
//! - every documented operation is sent its documented example request (a body built from the schema's
//!   examples where the operation has none of its own), and the answer's status must be one the operation
//!   documents and its JSON body must validate against the schema documented for that status (`jsonschema`);
//! - every operation is then sent what a client gets wrong (no credentials, a body that is not JSON, an array
//!   for an object, an empty object, a path parameter that is not one, out-of-range limits): every status that
//!   comes back must be documented too, with a body of the documented schema. A handler or layer answering an
//!   undocumented status fails here.

mod common;

use common::start;
use reqwest::header::CONTENT_TYPE;
use reqwest::Method;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];
/// An id that names nothing.
const NOBODY: &str = "0190a0a0-0000-7000-8000-0000000000ff";

/// `schema` with its `$ref`s followed.
fn resolve<'a>(doc: &'a Value, mut schema: &'a Value) -> &'a Value {
    for _ in 0..16 {
        let Some(r) = schema.get("$ref").and_then(Value::as_str) else {
            return schema;
        };
        let name = r.trim_start_matches("#/components/schemas/");
        schema = &doc["components"]["schemas"][name];
    }
    schema
}

/// A value of `schema`: its example, else its first enum value, else one built from its parts (required
/// properties only).
fn instance(doc: &Value, schema: &Value, depth: usize) -> Value {
    let schema = resolve(doc, schema);
    if let Some(example) = schema.get("example") {
        return example.clone();
    }
    if let Some(first) = schema.get("examples").and_then(|e| e.get(0)) {
        return first.clone();
    }
    if let Some(first) = schema.get("enum").and_then(|e| e.get(0)) {
        return first.clone();
    }
    if let Some(c) = schema.get("const") {
        return c.clone();
    }
    if depth > 12 {
        return Value::Null;
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(variants) = schema.get(key).and_then(Value::as_array) {
            let pick = variants
                .iter()
                .find(|v| resolve(doc, v).get("type") != Some(&json!("null")))
                .or(variants.first());
            if let Some(v) = pick {
                return instance(doc, v, depth + 1);
            }
        }
    }
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        let mut out = Map::new();
        for part in parts {
            if let Value::Object(o) = instance(doc, part, depth + 1) {
                out.extend(o);
            }
        }
        return Value::Object(out);
    }
    let ty = match &schema["type"] {
        Value::String(t) => t.as_str(),
        Value::Array(ts) => ts
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("null"),
        _ if schema.get("properties").is_some() => "object",
        _ => "null",
    };
    match ty {
        "object" => {
            let mut out = Map::new();
            let required = schema["required"].as_array().cloned().unwrap_or_default();
            for name in required.iter().filter_map(Value::as_str) {
                let prop = &schema["properties"][name];
                out.insert(name.to_owned(), instance(doc, prop, depth + 1));
            }
            Value::Object(out)
        }
        "array" => {
            let n = schema["minItems"].as_u64().unwrap_or(0);
            let item = instance(doc, &schema["items"], depth + 1);
            Value::Array((0..n).map(|_| item.clone()).collect())
        }
        "string" => match schema["format"].as_str() {
            Some("uuid") => json!(NOBODY),
            Some("date-time") => json!("2026-03-14T09:00:00Z"),
            Some("date") => json!("2026-03-14"),
            _ => {
                let n = schema["minLength"].as_u64().unwrap_or(1).max(1);
                json!("x".repeat(usize::try_from(n).unwrap_or(1)))
            }
        },
        "integer" | "number" => json!(schema["minimum"].as_i64().unwrap_or(1).max(0)),
        "boolean" => json!(false),
        _ => Value::Null,
    }
}

/// One documented operation.
struct Op {
    method: Method,
    path: String,
    op: Value,
}

impl Op {
    fn name(&self) -> String {
        format!("{} {}", self.method, self.path)
    }

    fn documented(&self) -> BTreeSet<String> {
        self.op["responses"]
            .as_object()
            .map(|r| r.keys().cloned().collect())
            .unwrap_or_default()
    }

    fn params(&self, place: &str) -> Vec<Value> {
        self.op["parameters"]
            .as_array()
            .map(|ps| ps.iter().filter(|p| p["in"] == place).cloned().collect())
            .unwrap_or_default()
    }

    /// The concrete path with each path parameter as `value(param)`.
    fn concrete(&self, value: impl Fn(&Value) -> String) -> String {
        let mut path = self.path.clone();
        for p in self.params("path") {
            let name = p["name"].as_str().unwrap_or_default();
            path = path.replace(&format!("{{{name}}}"), &value(&p));
        }
        path
    }

    /// The JSON request body schema, if the operation takes JSON.
    fn json_body(&self) -> Option<&Value> {
        self.op["requestBody"]["content"].get("application/json")
    }

    fn takes_csv(&self) -> bool {
        self.op["requestBody"]["content"].get("text/csv").is_some()
    }
}

fn operations(doc: &Value) -> Vec<Op> {
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for m in METHODS {
            if let Some(op) = item.get(m) {
                ops.push(Op {
                    method: Method::from_bytes(m.to_uppercase().as_bytes()).expect("method"),
                    path: path.clone(),
                    op: op.clone(),
                });
            }
        }
    }
    ops
}

/// Checks answers against the document and collects what disagrees.
struct Checker<'a> {
    doc: &'a Value,
    problems: Vec<String>,
    checked: usize,
}

impl Checker<'_> {
    async fn check(&mut self, op: &Op, what: &str, res: reqwest::Response) {
        self.checked += 1;
        let status = res.status();
        let code = status.as_str().to_owned();
        let ct = res
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let has_id = res.headers().contains_key("x-request-id");
        let text = res.text().await.unwrap_or_default();
        let name = op.name();
        if !has_id {
            self.problems
                .push(format!("{name} ({what}): no X-Request-Id"));
        }
        if !op.documented().contains(&code) {
            self.problems.push(format!(
                "{name} ({what}): {code} is not documented ({:?}): {text:.200}",
                op.documented()
            ));
            return;
        }
        let response = &op.op["responses"][&code];
        let media = ct.split(';').next().unwrap_or_default().trim().to_owned();
        if !media.ends_with("json") {
            return;
        }
        let Some(schema) = response["content"].get(&media).map(|c| &c["schema"]) else {
            self.problems.push(format!(
                "{name} ({what}): {code} answered {media}, documented {:?}",
                response["content"]
                    .as_object()
                    .map(|c| c.keys().cloned().collect::<Vec<_>>())
            ));
            return;
        };
        let body: Value = match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                self.problems
                    .push(format!("{name} ({what}): {code} body is not JSON: {e}"));
                return;
            }
        };
        let mut root = schema.clone();
        if let Value::Object(o) = &mut root {
            o.insert("components".into(), self.doc["components"].clone());
        }
        match jsonschema::validator_for(&root) {
            Ok(v) => {
                let errors: Vec<String> = v
                    .iter_errors(&body)
                    .take(3)
                    .map(|e| format!("{} at {}", e, e.instance_path()))
                    .collect();
                if !errors.is_empty() {
                    self.problems.push(format!(
                        "{name} ({what}): {code} body does not match its schema: {errors:?}; body {text:.300}"
                    ));
                }
            }
            Err(e) => self.problems.push(format!(
                "{name} ({what}): {code} schema does not compile: {e}"
            )),
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_operation_answers_as_documented() {
    let srv = start().await;
    let doc: Value = srv.get_json("/api/v1/openapi.json").await;
    let mut checker = Checker {
        doc: &doc,
        problems: Vec::new(),
        checked: 0,
    };
    let mut ops = operations(&doc);
    // Signing out ends the session the other requests use: last, with a session of its own.
    ops.sort_by_key(|o| o.path == "/api/v1/auth/logout");
    for op in &ops {
        let example_param = |p: &Value| match p["schema"]["format"].as_str() {
            Some("uuid") => NOBODY.to_owned(),
            _ => p["example"]
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| "x".to_owned()),
        };
        let path = op.concrete(example_param);
        let mut query: Vec<(String, String)> = Vec::new();
        for p in op.params("query") {
            if p["required"] == true {
                let v = instance(&doc, &p["schema"], 0);
                let v = match v {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                query.push((p["name"].as_str().unwrap_or_default().to_owned(), v));
            }
        }
        let client = if op.path == "/api/v1/auth/logout" {
            let session = srv
                .login(common::auth::MANAGER_EMAIL, common::auth::MANAGER_PASSWORD)
                .await;
            common::auth::client_with(&session.token, None)
        } else {
            srv.client.clone()
        };
        let request = || {
            client
                .request(op.method.clone(), srv.url(&path))
                .query(&query)
        };

        // The documented example.
        let example = if let Some(body) = op.json_body() {
            let ex = body
                .get("example")
                .cloned()
                .unwrap_or_else(|| instance(&doc, &body["schema"], 0));
            request().json(&ex).send().await
        } else if op.takes_csv() {
            request()
                .header(CONTENT_TYPE, "text/csv")
                .body("sku,name,category,tax_rate,price\n")
                .send()
                .await
        } else {
            request().send().await
        };
        checker.check(op, "example", example.expect("sent")).await;

        // What clients get wrong.
        let anon = srv
            .anon
            .request(op.method.clone(), srv.url(&path))
            .query(&query)
            .send()
            .await
            .expect("sent");
        checker.check(op, "no credentials", anon).await;
        if op.json_body().is_some() {
            for (what, body) in [
                ("not JSON", "{"),
                ("an array", "[null, null]"),
                ("an empty object", "{}"),
                ("wrong types", r#"{"name": 7, "id": [], "version": "x"}"#),
            ] {
                let res = request()
                    .header(CONTENT_TYPE, "application/json")
                    .body(body)
                    .send()
                    .await
                    .expect("sent");
                checker.check(op, what, res).await;
            }
        }
        if !op.params("path").is_empty() {
            let bad = op.concrete(|_| "not%20one".to_owned());
            let mut req = client.request(op.method.clone(), srv.url(&bad));
            if op.json_body().is_some() {
                req = req.json(&json!({}));
            }
            let res = req.send().await.expect("sent");
            checker.check(op, "a bad path parameter", res).await;
        }
        for p in op.params("query") {
            if p["name"] == "limit" || p["name"] == "problems_limit" {
                for limit in ["0", "2147483648", "-1"] {
                    let mut q = query.clone();
                    q.push((
                        p["name"].as_str().unwrap_or_default().to_owned(),
                        limit.into(),
                    ));
                    let res = client
                        .request(op.method.clone(), srv.url(&path))
                        .query(&q)
                        .send()
                        .await
                        .expect("sent");
                    checker.check(op, "a limit out of range", res).await;
                }
            }
        }
    }
    let checked = checker.checked;
    eprintln!("{checked} answers of {} operations checked", ops.len());
    assert!(checked > ops.len() * 2, "{checked} answers checked");
    assert!(
        checker.problems.is_empty(),
        "{} of {checked} answers disagree with the document:\n{}",
        checker.problems.len(),
        checker.problems.join("\n")
    );
}

/// The checker itself fails on an undocumented status, on a body that does not match its schema, and on an
/// answer of another media type than documented.
#[tokio::test]
async fn the_checker_catches_what_disagrees() {
    let srv = start().await;
    let doc: Value = srv.get_json("/api/v1/openapi.json").await;
    let ops = operations(&doc);
    let healthz = ops
        .iter()
        .find(|o| o.path == "/healthz")
        .expect("healthz documented");
    let mut checker = Checker {
        doc: &doc,
        problems: Vec::new(),
        checked: 0,
    };
    checker
        .check(healthz, "as documented", srv.get("/healthz").await)
        .await;
    assert!(checker.problems.is_empty(), "{:?}", checker.problems);
    // Only 200 documented: a 404 from elsewhere is an undocumented status.
    let narrowed = Op {
        method: Method::GET,
        path: "/api/v1/sales/{id}".into(),
        op: json!({ "responses": { "200": doc["paths"]["/api/v1/sales/{id}"]["get"]["responses"]["200"] } }),
    };
    let res = srv.get(&format!("/api/v1/sales/{NOBODY}")).await;
    checker.check(&narrowed, "a 404", res).await;
    assert_eq!(checker.problems.len(), 1, "{:?}", checker.problems);
    // A documented status whose body is not of its schema: the products page answered where an error body is
    // documented.
    let wrong_schema = Op {
        method: Method::GET,
        path: "/api/v1/products".into(),
        op: json!({ "responses": { "200": { "description": "wrong on purpose", "content": {
            "application/json": { "schema": { "$ref": "#/components/schemas/ErrorBody" } } } } } }),
    };
    let res = srv.get("/api/v1/products?limit=1").await;
    checker.check(&wrong_schema, "another schema", res).await;
    assert_eq!(checker.problems.len(), 2, "{:?}", checker.problems);
    assert!(
        checker.problems[1].contains("does not match its schema"),
        "{:?}",
        checker.problems
    );
    // Another media type than documented.
    let wrong_media = Op {
        method: Method::GET,
        path: "/api/v1/products".into(),
        op: json!({ "responses": { "200": doc["paths"]["/api/v1/sales/{id}"]["get"]["responses"]["404"] } }),
    };
    let res = srv.get("/api/v1/products?limit=1").await;
    checker.check(&wrong_media, "another media type", res).await;
    assert_eq!(checker.problems.len(), 3, "{:?}", checker.problems);
}

/// Every example in the document validates against the schema it illustrates.
#[tokio::test]
async fn every_example_validates_against_its_schema() {
    let srv = start().await;
    let doc: Value = srv.get_json("/api/v1/openapi.json").await;
    let mut problems = Vec::new();
    let mut seen = 0;
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    for (name, schema) in schemas {
        let examples: Vec<Value> = schema
            .get("example")
            .cloned()
            .into_iter()
            .chain(schema["examples"].as_array().cloned().unwrap_or_default())
            .collect();
        let root = json!({
            "$ref": format!("#/components/schemas/{name}"),
            "components": doc["components"].clone(),
        });
        let validator = jsonschema::validator_for(&root).expect("schema compiles");
        for example in examples {
            seen += 1;
            let errors: Vec<String> = validator
                .iter_errors(&example)
                .map(|e| e.to_string())
                .collect();
            if !errors.is_empty() {
                problems.push(format!("{name}: {example} — {errors:?}"));
            }
        }
    }
    assert!(seen >= 8, "{seen} examples");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
