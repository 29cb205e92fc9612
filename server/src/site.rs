//! The built browser app served from the site directory, with a clear answer when it has not been built.
//! `cargo xtask build` writes a brotli (`.br`) and a gzip (`.gz`) copy beside every text file; the one the
//! browser accepts is sent with its `Content-Encoding` (the plain file otherwise), always with
//! `Vary: Accept-Encoding`.

use axum::extract::State;
use axum::handler::Handler;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::path::{Path, PathBuf};
use tower_http::services::ServeDir;

#[derive(Clone)]
struct SiteDir(PathBuf);

/// Static file service for the site directory: `/` is `index.html`; unknown paths are 404; precompressed
/// copies by negotiation (brotli preferred at equal weight).
pub fn router(site_dir: &Path) -> Router {
    let files = ServeDir::new(site_dir)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(true)
        .fallback(missing.with_state(SiteDir(site_dir.to_path_buf())));
    Router::new().fallback_service(files)
}

/// No such file: 404, or 503 for the start page when the app has not been built at all.
async fn missing(State(SiteDir(dir)): State<SiteDir>, uri: Uri) -> Response {
    let start_page = matches!(uri.path(), "/" | "/index.html");
    if start_page && tokio::fs::metadata(dir.join("index.html")).await.is_err() {
        let message = format!(
            "The POS app is not built: no index.html in {}.\nRun `cargo xtask build`, then reload.\n",
            dir.display()
        );
        return (StatusCode::SERVICE_UNAVAILABLE, message).into_response();
    }
    (StatusCode::NOT_FOUND, "not found\n").into_response()
}
