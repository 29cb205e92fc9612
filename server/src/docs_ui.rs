//! The browsable API documentation at `/api/docs`: a small static page and script, embedded in the binary,
//! that render `/api/v1/openapi.json` (no inline script or style, so the page satisfies the CSP).

use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};

const PAGE: &str = include_str!("../assets/api-docs/index.html");
const SCRIPT: &str = include_str!("../assets/api-docs/docs.js");
const STYLE: &str = include_str!("../assets/api-docs/docs.css");

/// The documentation page.
#[utoipa::path(
    get,
    path = "/api/docs",
    tag = "documentation",
    responses((status = 200, description = "HTML page that renders the OpenAPI document", body = String,
        content_type = "text/html"))
)]
pub async fn page() -> Response {
    ([(CONTENT_TYPE, "text/html; charset=utf-8")], PAGE).into_response()
}

/// The page's script.
#[utoipa::path(
    get,
    path = "/api/docs/docs.js",
    tag = "documentation",
    responses((status = 200, description = "JavaScript of the documentation page", body = String,
        content_type = "text/javascript"))
)]
pub async fn script() -> Response {
    ([(CONTENT_TYPE, "text/javascript; charset=utf-8")], SCRIPT).into_response()
}

/// The page's style sheet.
#[utoipa::path(
    get,
    path = "/api/docs/docs.css",
    tag = "documentation",
    responses((status = 200, description = "Style sheet of the documentation page", body = String,
        content_type = "text/css"))
)]
pub async fn style() -> Response {
    ([(CONTENT_TYPE, "text/css; charset=utf-8")], STYLE).into_response()
}
