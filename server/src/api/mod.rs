//! The JSON API under `/api/v1`: route table and the paging limits shared by its handlers.

mod catalog;
mod sales;
mod sync;

use crate::error::{api_not_found, ApiError};
use crate::state::AppState;
use axum::extract::DefaultBodyLimit;
use axum::routing::{any, get, post};
use axum::Router;

/// Largest accepted push body.
pub const MAX_PUSH_BODY_BYTES: usize = 2 * 1024 * 1024;
/// Default and maximum page sizes of the list endpoints.
pub const DEFAULT_PAGE: u32 = 100;
pub const MAX_PAGE: u32 = 1000;
/// Default number of changes per pull.
pub const DEFAULT_PULL_LIMIT: u32 = 1000;

/// The API routes (full paths), with a JSON 404 for any other path under `/api`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/sync/pull", get(sync::pull))
        .route(
            "/api/v1/sync/push",
            post(sync::push).layer(DefaultBodyLimit::max(MAX_PUSH_BODY_BYTES)),
        )
        .route("/api/v1/products", get(catalog::products))
        .route("/api/v1/sales", get(sales::list))
        .route("/api/v1/sales/{id}", get(sales::one))
        .route("/api", any(api_not_found))
        .route("/api/", any(api_not_found))
        .route("/api/{*rest}", any(api_not_found))
}

/// The page size to use: the default when absent, at least 1, at most `max`.
fn page_limit(requested: Option<u32>, default: u32, max: u32) -> Result<u32, ApiError> {
    match requested {
        None => Ok(default),
        Some(0) => Err(ApiError::bad_query("limit must be at least 1")),
        Some(n) => Ok(n.min(max)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_default_clamp_and_refuse_zero() {
        assert_eq!(page_limit(None, 100, 1000).ok(), Some(100));
        assert_eq!(page_limit(Some(5000), 100, 1000).ok(), Some(1000));
        assert_eq!(page_limit(Some(7), 100, 1000).ok(), Some(7));
        assert!(page_limit(Some(0), 100, 1000).is_err());
    }
}
