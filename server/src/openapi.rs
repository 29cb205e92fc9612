//! The OpenAPI 3.1 document of the whole HTTP surface, generated from the handlers' annotations, plus the
//! answers every operation can get from the layers around it (rate limit, CSRF guard, body limit).

use crate::api;
use crate::csrf::changes_state;
use axum::http::header::CONTENT_TYPE;
use axum::http::Method;
use axum::response::{IntoResponse, Response};
use shared::api::ErrorBody;
use std::sync::OnceLock;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::Operation;
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response as DocResponse, ResponseBuilder};
use utoipa::OpenApi;

/// Where the document is served.
pub const OPENAPI_PATH: &str = "/api/v1/openapi.json";

/// The operational endpoints and the documentation itself.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "POS server",
        description = "Offline-first point of sale: terminals pull the catalog and push completed sales \
exactly once. Every 4xx/5xx answer carries an `ErrorBody` whose `error` is a stable code. Money, quantities and \
percents are decimal strings (`Decimal`). Any other method on a documented path answers 405 \
`method_not_allowed` with an `Allow` header; any other path under `/api` answers 404 `not_found`. \
State-changing requests must send `Content-Type: application/json` and, if they carry an `Origin`, come \
from this server or an allowed origin.",
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
        add_layer_responses(&mut doc);
        doc
    })
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
            "application/json",
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
    for (path, item) in doc.paths.paths.iter_mut() {
        let under_api = path == "/api" || path.starts_with("/api/");
        let ops = [
            (Method::GET, item.get.as_mut()),
            (Method::POST, item.post.as_mut()),
            (Method::PUT, item.put.as_mut()),
            (Method::PATCH, item.patch.as_mut()),
            (Method::DELETE, item.delete.as_mut()),
        ];
        for (method, op) in ops {
            let Some(op) = op else { continue };
            add(op, "413", || {
                error_response("`payload_too_large`: the declared body is over the limit")
            });
            if !under_api {
                continue;
            }
            add(op, "429", || {
                let mut r = error_response(
                    "`rate_limited`: too many requests from this client; retry after `Retry-After` seconds",
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
            if changes_state(&method) {
                add(op, "403", || {
                    error_response(
                        "`forbidden_origin`: the `Origin` is neither this server nor an allowed origin",
                    )
                });
                add(op, "415", || {
                    error_response(
                        "`unsupported_media_type`: `Content-Type` is not `application/json`",
                    )
                });
            }
        }
    }
}
