//! The JSON API under `/api/v1`: route table, its part of the OpenAPI document, and the paging limits shared
//! by its handlers.

mod catalog;
mod customers;
mod flags;
mod refunds;
mod sales;
mod sync;

use crate::error::{api_not_found, ApiError};
use crate::route_table::RouteTable;
use crate::state::AppState;
use axum::routing::any;
use axum::Router;
use utoipa::OpenApi;

/// The push route (it alone takes large bodies).
pub const PUSH_PATH: &str = "/api/v1/sync/push";
/// Largest accepted push body.
pub const MAX_PUSH_BODY_BYTES: usize = 2 * 1024 * 1024;
/// Default and maximum page sizes of the list endpoints.
pub const DEFAULT_PAGE: u32 = 100;
pub const MAX_PAGE: u32 = 1000;
/// Default number of changes per pull.
pub const DEFAULT_PULL_LIMIT: u32 = 1000;

/// The API resource routes (full paths). Every route here must be documented (see [`ApiDoc`]).
pub fn routes() -> RouteTable<AppState> {
    RouteTable::new()
        .get("/api/v1/sync/pull", sync::pull)
        .post_with_body_limit(PUSH_PATH, sync::push, MAX_PUSH_BODY_BYTES)
        .get("/api/v1/products", catalog::products)
        .get("/api/v1/sales", sales::list)
        .get("/api/v1/sales/{id}", sales::one)
        .get("/api/v1/sales/{id}/refunds", sales::refunds)
        .get("/api/v1/sales/{id}/journal", sales::journal)
        .get("/api/v1/refunds", refunds::list)
        .get("/api/v1/customers", customers::list)
        .get("/api/v1/gift-cards/{code}", customers::gift_card)
        .get("/api/v1/ingest-flags", flags::list)
}

/// A JSON 404 for any other path under `/api` (not part of the document: these are the "no such route" answers).
pub fn not_found_routes() -> Router<AppState> {
    Router::new()
        .route("/api", any(api_not_found))
        .route("/api/", any(api_not_found))
        .route("/api/{*rest}", any(api_not_found))
}

/// The API resources' part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(
        sync::pull,
        sync::push,
        flags::list,
        catalog::products,
        sales::list,
        sales::one,
        sales::refunds,
        sales::journal,
        refunds::list,
        customers::list,
        customers::gift_card,
    ),
    tags(
        (name = "sync", description = "Terminal sync: catalog pull and exactly-once push of sales, refunds, \
voids, exchanges and cash movements"),
        (name = "catalog", description = "Catalog for integrators"),
        (name = "sales", description = "Completed sales, their refunds and ledger journals"),
        (name = "customers", description = "Customers and gift card balances"),
    )
)]
pub struct ApiDoc;

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
