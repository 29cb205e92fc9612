//! The OpenAPI 3.1 document of the whole HTTP surface, generated from the handlers' annotations, plus the
//! answers every operation can get from the layers around it (rate limit, CSRF guard, body limit).

use crate::api;
use crate::auth::{Access, Grant};
use crate::csrf::changes_state;
use crate::error::PROBLEM_JSON;
use crate::idempotency::{takes_key, MAX_KEY_LEN};
use crate::request_log::MAX_REQUEST_ID_LEN;
use axum::http::header::CONTENT_TYPE;
use axum::http::Method;
use axum::response::{IntoResponse, Response};
use shared::api::ErrorBody;
use std::sync::OnceLock;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{Operation, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{
    ComponentsBuilder, ContentBuilder, Ref, RefOr, Required, Response as DocResponse,
    ResponseBuilder,
};
use utoipa::OpenApi;

/// Where the document is served.
pub const OPENAPI_PATH: &str = "/api/v1/openapi.json";

/// The operational endpoints and the documentation itself.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "POS server",
        description = "Offline-first point of sale: terminals pull the catalog and push completed sales \
exactly once. Every 4xx/5xx answer is RFC 9457 problem details (`application/problem+json`, the `ErrorBody` \
schema) whose `code` is a stable machine code, also the end of its `type` (`urn:pos:problem:<code>`). Every \
answer carries an `X-Request-Id` (the request's own when it sent a sane one, else a new UUID). Every POST and \
PATCH that takes credentials accepts an `Idempotency-Key`: the first answer is kept 24 hours and given again for \
the same key and request. Money, quantities and \
percents are decimal strings (`Decimal`). Any other method on a documented path answers 405 \
`method_not_allowed` with an `Allow` header; any other path under `/api` answers 404 `not_found`. \
State-changing requests with a body must send `Content-Type: application/json` (the catalog import: `text/csv`); \
a request without a body needs none. If they carry an `Origin`, they must come from this server or an allowed \
origin. Credentials: `Authorization: Bearer <token>` carries a \
staff session token or an API key (`posk_…`); `X-Device-Token` identifies an enrolled terminal; \
`X-Override-Token` stands in once for a permission the session lacks. Each operation says what it requires; \
no credentials answer 401 `unauthenticated` (with `WWW-Authenticate: Bearer`), a credential without the \
permission or scope 403 `forbidden`.",
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later")
    ),
    paths(
        crate::health::healthz,
        crate::health::readyz,
        crate::metrics::middleware::scrape,
        openapi_json,
        crate::docs_ui::page,
        crate::docs_ui::script,
        crate::docs_ui::style,
    ),
    components(schemas(ErrorBody)),
    tags(
        (name = "operations", description = "Health, readiness and metrics"),
        (name = "documentation", description = "This document and its browsable view"),
    )
)]
struct OpsDoc;

/// The OpenAPI document (built once).
pub fn document() -> &'static utoipa::openapi::OpenApi {
    static DOC: OnceLock<utoipa::openapi::OpenApi> = OnceLock::new();
    DOC.get_or_init(|| {
        let mut doc = OpsDoc::openapi();
        doc.merge(api::ApiDoc::openapi());
        add_event_payloads(&mut doc);
        add_layer_responses(&mut doc);
        add_security(&mut doc);
        add_request_rules(&mut doc);
        add_idempotency(&mut doc);
        add_problem_details_and_request_ids(&mut doc);
        doc
    })
}

/// The payload schema of every event type (`components.schemas`), so integrators can generate them.
fn add_event_payloads(doc: &mut utoipa::openapi::OpenApi) {
    let mut schemas = Vec::new();
    crate::events::payload_schemas(&mut schemas);
    let components = doc.components.get_or_insert_with(Default::default);
    for (name, schema) in schemas {
        components.schemas.entry(name).or_insert(schema);
    }
}

fn document_json() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| {
        document()
            .to_pretty_json()
            .unwrap_or_else(|e| format!("{{\"error\":\"cannot render the document: {e}\"}}"))
    })
}

/// This OpenAPI document.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "documentation",
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json",
        body = Object))
)]
pub async fn openapi_json() -> Response {
    ([(CONTENT_TYPE, "application/json")], document_json()).into_response()
}

fn error_response(description: &str) -> DocResponse {
    ResponseBuilder::new()
        .description(description)
        .content(
            PROBLEM_JSON,
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build()
}

/// Add `response` under `status` unless the operation already documents that status.
fn add(op: &mut Operation, status: &str, response: impl FnOnce() -> DocResponse) {
    op.responses
        .responses
        .entry(status.to_owned())
        .or_insert_with(|| RefOr::T(response()));
}

/// Answers produced by the layers around the handlers, added to each operation they can happen to.
fn add_layer_responses(doc: &mut utoipa::openapi::OpenApi) {
    each_operation(doc, |method, path, op| {
        let under_api = path == "/api" || path.starts_with("/api/");
        add(op, "413", || {
            error_response("`payload_too_large`: the declared body is over the limit")
        });
        if !under_api {
            return;
        }
        add(op, "429", || {
            let mut r = error_response(
                "`rate_limited`: too many unauthenticated requests (public routes, or no credentials) from this \
address; signed-in staff and enrolled devices are never limited. Retry after `Retry-After` seconds",
            );
            let seconds = HeaderBuilder::new()
                .schema(
                    ObjectBuilder::new()
                        .schema_type(Type::Integer)
                        .minimum(Some(1)),
                )
                .description(Some("Seconds to wait before retrying"))
                .build();
            r.headers.insert("Retry-After".into(), seconds);
            r
        });
        if changes_state(method) {
            add_or_extend(
                op,
                "403",
                "`forbidden_origin`: the `Origin` is neither this server nor an allowed origin",
            );
            add(op, "415", || {
                error_response(
                    "`unsupported_media_type`: a body whose `Content-Type` is not `application/json`",
                )
            });
        }
    });
}

/// Security scheme names in the document.
pub const BEARER_SCHEME: &str = "bearer";
pub const DEVICE_SCHEME: &str = "deviceToken";

fn operation<'a>(
    doc: &'a mut utoipa::openapi::OpenApi,
    method: &str,
    path: &str,
) -> Option<&'a mut Operation> {
    let item = doc.paths.paths.get_mut(path)?;
    match method {
        "GET" => item.get.as_mut(),
        "POST" => item.post.as_mut(),
        "PUT" => item.put.as_mut(),
        "PATCH" => item.patch.as_mut(),
        "DELETE" => item.delete.as_mut(),
        _ => None,
    }
}

/// Add `text` to the answer under `status` (unless it already names the text's code), or add the answer.
fn add_or_extend(op: &mut Operation, status: &str, text: &str) {
    let code = text.split('`').nth(1).map(|c| format!("`{c}`"));
    match op.responses.responses.get_mut(status) {
        Some(RefOr::T(existing)) => {
            if code.is_some_and(|c| existing.description.contains(&c)) {
                return;
            }
            existing.description = format!("{}; {text}", existing.description);
        }
        Some(RefOr::Ref(_)) => {}
        None => {
            op.responses
                .responses
                .insert(status.to_owned(), RefOr::T(error_response(text)));
        }
    }
}

/// The security schemes, and on each operation what it requires (from the route table): its security
/// requirements, a sentence in its description, and its 401 and 403 answers.
fn add_security(doc: &mut utoipa::openapi::OpenApi) {
    let bearer = HttpBuilder::new()
        .scheme(HttpAuthScheme::Bearer)
        .description(Some(
            "A staff session token (from `/api/v1/auth/login` or `/api/v1/auth/pin`) or an API key (`posk_…`)",
        ))
        .build();
    let device = ApiKey::Header(ApiKeyValue::with_description(
        "X-Device-Token",
        "The token of an enrolled terminal (from `POST /api/v1/devices`)",
    ));
    let components = doc
        .components
        .get_or_insert_with(|| ComponentsBuilder::new().build());
    components.add_security_scheme(BEARER_SCHEME, SecurityScheme::Http(bearer));
    components.add_security_scheme(DEVICE_SCHEME, SecurityScheme::ApiKey(device));
    for entry in crate::route_entries() {
        let Some(op) = operation(doc, entry.method, entry.path) else {
            continue;
        };
        let grants: &[Grant] = match entry.access {
            Access::Public => continue,
            Access::Metrics => &[Grant::Scope(shared::auth::Scope::Metrics)],
            Access::Any(grants) => grants,
        };
        let mut schemes = Vec::new();
        if entry.access.takes_bearer() {
            schemes.push(SecurityRequirement::new(
                BEARER_SCHEME,
                Vec::<String>::new(),
            ));
        }
        if grants.contains(&Grant::Device) {
            schemes.push(SecurityRequirement::new(
                DEVICE_SCHEME,
                Vec::<String>::new(),
            ));
        }
        if entry.access == Access::Metrics {
            // Public unless configured otherwise: no credentials is also a way in.
            schemes.push(SecurityRequirement::default());
        }
        op.security = Some(schemes);
        let requires = format!("Requires {}.", entry.access);
        op.description = Some(match op.description.take() {
            Some(d) if !d.is_empty() => format!("{d}\n\n{requires}"),
            _ => requires,
        });
        add_or_extend(
            op,
            "401",
            "`unauthenticated`: no credentials; `invalid_token`: an unknown, ended or revoked bearer token; \
`session_expired`; `invalid_device_token`; `device_revoked`",
        );
        add_or_extend(
            op,
            "403",
            "`forbidden`: the credentials lack the permission or scope",
        );
    }
}

/// Every operation of the document, with its method and path.
fn each_operation(
    doc: &mut utoipa::openapi::OpenApi,
    mut f: impl FnMut(&Method, &str, &mut Operation),
) {
    for (path, item) in doc.paths.paths.iter_mut() {
        let ops = [
            (Method::GET, item.get.as_mut()),
            (Method::POST, item.post.as_mut()),
            (Method::PUT, item.put.as_mut()),
            (Method::PATCH, item.patch.as_mut()),
            (Method::DELETE, item.delete.as_mut()),
        ];
        for (method, op) in ops {
            if let Some(op) = op {
                f(&method, path, op);
            }
        }
    }
}

/// The answers the extractors give: a JSON body that is not JSON (400) or of the wrong shape or types (422),
/// a malformed query (400) or path parameter (400).
fn add_request_rules(doc: &mut utoipa::openapi::OpenApi) {
    each_operation(doc, |_, _, op| {
        let json_body = op
            .request_body
            .as_ref()
            .is_some_and(|b| b.content.contains_key("application/json"));
        if json_body {
            add_or_extend(op, "400", "`invalid_body`: the body is not JSON");
            add_or_extend(
                op,
                "422",
                "`invalid_body`: JSON of the wrong shape or types (an array where an object is expected, a \
string where a number is, a value outside the schema's rules)",
            );
        }
        let params = op.parameters.as_deref().unwrap_or_default();
        let has = |kind: ParameterIn| params.iter().any(|p| p.parameter_in == kind);
        let (query, path) = (has(ParameterIn::Query), has(ParameterIn::Path));
        if query {
            add_or_extend(
                op,
                "400",
                "`invalid_query`: a query parameter is malformed or out of its range",
            );
        }
        if path {
            add_or_extend(op, "400", "`invalid_path`: a path parameter is malformed");
        }
    });
}

/// The `Idempotency-Key` header on every POST and PATCH that takes credentials (`idempotency.rs`), with the
/// answers it adds.
fn add_idempotency(doc: &mut utoipa::openapi::OpenApi) {
    for entry in crate::route_entries() {
        let method = Method::from_bytes(entry.method.as_bytes()).unwrap_or(Method::GET);
        if !takes_key(&method) || entry.access == Access::Public {
            continue;
        }
        let Some(op) = operation(doc, entry.method, entry.path) else {
            continue;
        };
        let key = ParameterBuilder::new()
            .name("Idempotency-Key")
            .parameter_in(ParameterIn::Header)
            .required(Required::False)
            .description(Some(
                "Makes a retry safe: the first answer to this key (for this caller) is kept 24 hours and \
given again, with `Idempotency-Replayed: true`, to a request with the same key, method, path and body. A 5xx \
answer is not kept.",
            ))
            .schema(Some(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .min_length(Some(1))
                    .max_length(Some(MAX_KEY_LEN))
                    .pattern(Some("^[!-~]+$")),
            ))
            .example(Some(serde_json::json!("0190a0a0-0000-7000-8000-00000000abcd")))
            .build();
        op.parameters.get_or_insert_with(Vec::new).push(key);
        add_or_extend(
            op,
            "400",
            "`invalid_idempotency_key`: the `Idempotency-Key` is empty, too long or not visible ASCII",
        );
        add_or_extend(
            op,
            "409",
            "`idempotency_in_flight`: the first request with this `Idempotency-Key` is still running; retry later",
        );
        add_or_extend(
            op,
            "422",
            "`idempotency_key_reused`: this `Idempotency-Key` was used for another method, path or body",
        );
        for (status, response) in op.responses.responses.iter_mut() {
            if let (true, RefOr::T(r)) = (status.starts_with('2'), response) {
                let replayed = HeaderBuilder::new()
                    .schema(
                        ObjectBuilder::new()
                            .schema_type(Type::String)
                            .enum_values(Some(["true"])),
                    )
                    .description(Some(
                        "Present on an answer given again for an `Idempotency-Key`",
                    ))
                    .build();
                r.headers.insert("Idempotency-Replayed".into(), replayed);
            }
        }
    }
}

/// Every error answer is problem details (`application/problem+json`), and every answer names its
/// `X-Request-Id`.
fn add_problem_details_and_request_ids(doc: &mut utoipa::openapi::OpenApi) {
    each_operation(doc, |_, _, op| {
        for (status, response) in op.responses.responses.iter_mut() {
            let RefOr::T(r) = response else { continue };
            if status.as_str() >= "400" {
                if let Some(content) = r.content.shift_remove("application/json") {
                    r.content.insert(PROBLEM_JSON.to_owned(), content);
                }
            }
            let id = HeaderBuilder::new()
                .schema(
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .min_length(Some(1))
                        .max_length(Some(MAX_REQUEST_ID_LEN)),
                )
                .description(Some(
                    "The request's id: the `X-Request-Id` it sent (1 to 128 letters, digits and `-_.:/+=@`), \
else a new UUID; logged with the request",
                ))
                .build();
            r.headers.insert("X-Request-Id".into(), id);
        }
    });
}
