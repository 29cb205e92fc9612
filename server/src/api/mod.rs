//! The JSON API under `/api/v1`: route table, its part of the OpenAPI document, and the paging limits shared
//! by its handlers.

mod api_keys;
mod audit;
mod auth;
mod catalog;
mod catalog_csv;
mod catalog_edit;
mod catalog_lists;
mod customers;
mod devices;
mod flags;
mod held;
mod inbound;
mod loyalty;
mod purchasing;
mod quick_keys;
mod refunds;
mod sales;
mod staff;
mod stock;
mod stores;
mod sync;
mod webhooks;

use crate::auth::{Access, Grant};
use crate::error::{api_not_found, ApiError};
use crate::route_table::RouteTable;
use crate::state::AppState;
use axum::routing::any;
use axum::Router;
use shared::auth::{Permission, Scope};
use utoipa::OpenApi;

/// The push route (it alone takes large bodies).
const PUSH_PATH: &str = "/api/v1/sync/push";
/// Largest accepted push body (recorded in the route table, which every body limit check reads).
const MAX_PUSH_BODY_BYTES: usize = 2 * 1024 * 1024;
/// Largest product group body (a group with many variants).
const MAX_GROUP_BODY_BYTES: usize = 1024 * 1024;
/// Default and maximum page sizes of the list endpoints.
pub const DEFAULT_PAGE: u32 = 100;
pub const MAX_PAGE: u32 = 1000;
/// Default number of changes per pull.
pub const DEFAULT_PULL_LIMIT: u32 = 1000;

/// Who may call what (see `ARCHITECTURE.md`, "Authentication").
pub mod access {
    use super::*;

    /// Terminal sync: pull by a device, or an API key with `sync` or `catalog:read`.
    pub const PULL: Access = Access::Any(&[
        Grant::Device,
        Grant::Scope(Scope::Sync),
        Grant::Scope(Scope::CatalogRead),
    ]);
    /// A device token only (push; PIN sign-in).
    pub const DEVICE: Access = Access::Any(&[Grant::Device]);
    /// Products: any staff session, a device, or `catalog:read`.
    pub const CATALOG: Access = Access::Any(&[
        Grant::AnyStaff,
        Grant::Device,
        Grant::Scope(Scope::CatalogRead),
    ]);
    /// Reports or `sales:read`.
    pub const SALES: Access = Access::Any(&[
        Grant::Staff(Permission::Reports),
        Grant::Scope(Scope::SalesRead),
    ]);
    /// Reports, `sales:read`, or a device (which sees only its own sales).
    pub const SALES_OR_DEVICE: Access = Access::Any(&[
        Grant::Staff(Permission::Reports),
        Grant::Scope(Scope::SalesRead),
        Grant::Device,
    ]);
    /// The sales search: selling staff (refunds start by finding the sale), reports or `sales:read`.
    pub const SALES_SEARCH: Access = Access::Any(&[
        Grant::Staff(Permission::Sell),
        Grant::Staff(Permission::Reports),
        Grant::Scope(Scope::SalesRead),
    ]);
    pub const SESSION: Access = Access::Any(&[Grant::AnyStaff]);
    pub const STAFF_MANAGE: Access = Access::Any(&[Grant::Staff(Permission::StaffManage)]);
    pub const DEVICE_ENROLL: Access = Access::Any(&[Grant::Staff(Permission::DeviceEnroll)]);
    pub const API_KEYS: Access = Access::Any(&[Grant::Staff(Permission::ApiKeys)]);
    /// The back office's catalog: products, groups, categories, tax rates, modifier groups, prices.
    pub const CATALOG_EDIT: Access = Access::Any(&[Grant::Staff(Permission::Catalog)]);
    pub const AUDIT: Access = Access::Any(&[
        Grant::Staff(Permission::AuditView),
        Grant::Scope(Scope::AuditRead),
    ]);
    /// Held orders: selling staff at a till (the handler also needs the till).
    pub const SELL: Access = Access::Any(&[Grant::Staff(Permission::Sell)]);
    pub const SETTINGS: Access = Access::Any(&[Grant::Staff(Permission::Settings)]);
    /// Stock: locations, levels, the ledger, adjustments, transfers, counts.
    pub const STOCK: Access = Access::Any(&[Grant::Staff(Permission::Stock)]);
    /// Loyalty: the programme, accounts, point adjustments, gift cards (managers).
    pub const LOYALTY: Access = Access::Any(&[Grant::Staff(Permission::Loyalty)]);
    /// Customers' writes, merges, exports and erasures: the back office.
    pub const CUSTOMERS: Access = Access::Any(&[Grant::Staff(Permission::Customers)]);
    /// A customer's record and purchases: the back office, selling staff (the till's panel), a device, or
    /// `sales:read`.
    pub const CUSTOMER_READ: Access = Access::Any(&[
        Grant::Staff(Permission::Customers),
        Grant::Staff(Permission::Sell),
        Grant::Staff(Permission::Reports),
        Grant::Scope(Scope::SalesRead),
        Grant::Device,
    ]);
    /// Webhook endpoints, their delivery logs and replays.
    pub const WEBHOOKS: Access = Access::Any(&[Grant::Staff(Permission::Webhooks)]);
}

/// The API resource routes (full paths) with what each requires. Every route here must be documented (see
/// [`ApiDoc`]).
pub fn routes() -> RouteTable<AppState> {
    use access::*;
    RouteTable::new()
        .get("/api/v1/sync/pull", PULL, sync::pull)
        .post_with_body_limit(PUSH_PATH, DEVICE, sync::push, MAX_PUSH_BODY_BYTES)
        .get("/api/v1/products", CATALOG, catalog::products)
        .get("/api/v1/sales", SALES_OR_DEVICE, sales::list)
        .get("/api/v1/sales/search", SALES_SEARCH, sales::search)
        .get("/api/v1/sales/{id}", SALES_OR_DEVICE, sales::one)
        .get(
            "/api/v1/sales/{id}/refunds",
            SALES_OR_DEVICE,
            sales::refunds,
        )
        .get(
            "/api/v1/sales/{id}/journal",
            SALES_OR_DEVICE,
            sales::journal,
        )
        .get("/api/v1/refunds", SALES, refunds::list)
        .get("/api/v1/customers", CUSTOMER_READ, customers::list)
        .post("/api/v1/customers", CUSTOMERS, customers::create)
        .get(
            "/api/v1/customers/duplicates",
            CUSTOMERS,
            customers::duplicates,
        )
        .get("/api/v1/customers/export", CUSTOMERS, customers::export_csv)
        .post("/api/v1/customers/merge", CUSTOMERS, customers::merge)
        .get("/api/v1/customers/{id}", CUSTOMER_READ, customers::one)
        .put("/api/v1/customers/{id}", CUSTOMERS, customers::update)
        .get(
            "/api/v1/customers/{id}/summary",
            CUSTOMER_READ,
            customers::summary,
        )
        .get(
            "/api/v1/customers/{id}/export",
            CUSTOMERS,
            customers::export,
        )
        .post("/api/v1/customers/{id}/erase", CUSTOMERS, customers::erase)
        .get(
            "/api/v1/gift-cards/{code}",
            SALES_OR_DEVICE,
            customers::gift_card,
        )
        .get("/api/v1/ingest-flags", SALES, flags::list)
        .get("/api/v1/loyalty/settings", LOYALTY, loyalty::settings)
        .put("/api/v1/loyalty/settings", LOYALTY, loyalty::put_settings)
        .get("/api/v1/loyalty/liability", LOYALTY, loyalty::liability)
        .post("/api/v1/loyalty/expire", LOYALTY, loyalty::expire)
        .get("/api/v1/loyalty/customers/{id}", LOYALTY, loyalty::account)
        .post(
            "/api/v1/loyalty/customers/{id}/adjust",
            LOYALTY,
            loyalty::adjust,
        )
        .post("/api/v1/gift-cards", LOYALTY, loyalty::sell)
        .get("/api/v1/gift-cards/{code}/ledger", LOYALTY, loyalty::ledger)
        .post("/api/v1/gift-cards/{code}/reload", LOYALTY, loyalty::reload)
        .post(
            "/api/v1/gift-cards/{code}/cash-out",
            LOYALTY,
            loyalty::cash_out,
        )
        .post("/api/v1/auth/login", Access::Public, auth::login)
        .post("/api/v1/auth/pin", DEVICE, auth::pin)
        .post("/api/v1/auth/override", SESSION, auth::approve)
        .post("/api/v1/auth/logout", SESSION, auth::logout)
        .get("/api/v1/auth/me", SESSION, auth::me)
        .get("/api/v1/devices", DEVICE_ENROLL, devices::list)
        .post("/api/v1/devices", DEVICE_ENROLL, devices::enroll)
        .delete("/api/v1/devices/{id}", DEVICE_ENROLL, devices::revoke)
        .get("/api/v1/staff", STAFF_MANAGE, staff::list)
        .post("/api/v1/staff", STAFF_MANAGE, staff::create)
        .patch("/api/v1/staff/{id}", STAFF_MANAGE, staff::update)
        .get("/api/v1/api-keys", API_KEYS, api_keys::list)
        .post("/api/v1/api-keys", API_KEYS, api_keys::create)
        .delete("/api/v1/api-keys/{id}", API_KEYS, api_keys::revoke)
        .get("/api/v1/audit", AUDIT, audit::list)
        .get("/api/v1/held-orders", SELL, held::list)
        .put_with_body_limit(
            "/api/v1/held-orders/{id}",
            SELL,
            held::park,
            held::MAX_HELD_BODY_BYTES,
        )
        .post("/api/v1/held-orders/{id}/claim", SELL, held::claim)
        .post("/api/v1/held-orders/{id}/close", SELL, held::close)
        .put_with_body_limit(
            "/api/v1/settings/till",
            SETTINGS,
            held::put_settings,
            crate::body_limit::DEFAULT_BODY_BYTES,
        )
        .merge(catalog_routes())
        .merge(store_routes())
        .merge(stock_routes())
        .merge(webhook_routes())
}

/// Webhook endpoints (permission `webhooks`) and inbound webhooks (public: their signature is the credential).
fn webhook_routes() -> RouteTable<AppState> {
    use access::WEBHOOKS;
    RouteTable::new()
        .get(
            "/api/v1/webhooks/event-types",
            WEBHOOKS,
            webhooks::event_types,
        )
        .get("/api/v1/webhooks/endpoints", WEBHOOKS, webhooks::list)
        .post("/api/v1/webhooks/endpoints", WEBHOOKS, webhooks::create)
        .get("/api/v1/webhooks/endpoints/{id}", WEBHOOKS, webhooks::one)
        .patch(
            "/api/v1/webhooks/endpoints/{id}",
            WEBHOOKS,
            webhooks::update,
        )
        .delete(
            "/api/v1/webhooks/endpoints/{id}",
            WEBHOOKS,
            webhooks::delete,
        )
        .post(
            "/api/v1/webhooks/endpoints/{id}/rotate-secret",
            WEBHOOKS,
            webhooks::rotate,
        )
        .post(
            "/api/v1/webhooks/endpoints/{id}/test",
            WEBHOOKS,
            webhooks::test,
        )
        .get(
            "/api/v1/webhooks/endpoints/{id}/deliveries",
            WEBHOOKS,
            webhooks::deliveries,
        )
        .post(
            "/api/v1/webhooks/endpoints/{id}/replay",
            WEBHOOKS,
            webhooks::replay,
        )
        .post("/api/v1/inbound/{source}", Access::Public, inbound::receive)
}

/// Stores, their price overrides and staff members' store limits.
fn store_routes() -> RouteTable<AppState> {
    use access::{SETTINGS, STAFF_MANAGE};
    RouteTable::new()
        .get("/api/v1/stores", SETTINGS, stores::list)
        .post("/api/v1/stores", SETTINGS, stores::create)
        .get("/api/v1/stores/{id}", SETTINGS, stores::one)
        .put("/api/v1/stores/{id}", SETTINGS, stores::update)
        .get("/api/v1/stores/{id}/prices", SETTINGS, stores::prices)
        .get("/api/v1/stores/{id}/quick-keys", SETTINGS, quick_keys::get)
        .put("/api/v1/stores/{id}/quick-keys", SETTINGS, quick_keys::put)
        .put(
            "/api/v1/stores/{id}/prices/{product_id}",
            SETTINGS,
            stores::put_price,
        )
        .delete(
            "/api/v1/stores/{id}/prices/{product_id}",
            SETTINGS,
            stores::delete_price,
        )
        .put(
            "/api/v1/staff/{id}/stores",
            STAFF_MANAGE,
            stores::put_staff_stores,
        )
}

/// The stock routes.
fn stock_routes() -> RouteTable<AppState> {
    use access::STOCK;
    RouteTable::new()
        .get("/api/v1/stock/locations", STOCK, stock::locations)
        .post("/api/v1/stock/locations", STOCK, stock::create_location)
        .get("/api/v1/stock/levels", STOCK, stock::levels)
        .get("/api/v1/stock/ledger", STOCK, stock::ledger)
        .put("/api/v1/stock/thresholds", STOCK, stock::set_threshold)
        .post("/api/v1/stock/adjustments", STOCK, stock::adjust)
        .post("/api/v1/stock/transfers", STOCK, stock::send_transfer)
        .get("/api/v1/stock/transfers/{id}", STOCK, stock::transfer)
        .post(
            "/api/v1/stock/transfers/{id}/receive",
            STOCK,
            stock::receive_transfer,
        )
        .get("/api/v1/stock/suppliers", STOCK, purchasing::suppliers)
        .post(
            "/api/v1/stock/suppliers",
            STOCK,
            purchasing::create_supplier,
        )
        .get("/api/v1/stock/purchase-orders", STOCK, purchasing::orders)
        .post(
            "/api/v1/stock/purchase-orders",
            STOCK,
            purchasing::create_order,
        )
        .get(
            "/api/v1/stock/purchase-orders/{id}",
            STOCK,
            purchasing::order,
        )
        .post(
            "/api/v1/stock/purchase-orders/{id}/receipts",
            STOCK,
            purchasing::receive,
        )
        .post("/api/v1/stock/counts", STOCK, stock::start_count)
        .put("/api/v1/stock/counts/{id}/lines", STOCK, stock::set_counted)
        .post("/api/v1/stock/counts/{id}/post", STOCK, stock::post_count)
}

/// The back office's catalog routes.
fn catalog_routes() -> RouteTable<AppState> {
    use access::CATALOG_EDIT;
    RouteTable::new()
        .get(
            "/api/v1/catalog/products",
            CATALOG_EDIT,
            catalog_edit::search,
        )
        .post(
            "/api/v1/catalog/products",
            CATALOG_EDIT,
            catalog_edit::create,
        )
        .put(
            "/api/v1/catalog/products/{id}",
            CATALOG_EDIT,
            catalog_edit::update,
        )
        .post(
            "/api/v1/catalog/products/{id}/archive",
            CATALOG_EDIT,
            catalog_edit::archive,
        )
        .post_with_body_limit(
            "/api/v1/catalog/product-groups",
            CATALOG_EDIT,
            catalog_edit::create_group,
            MAX_GROUP_BODY_BYTES,
        )
        .post(
            "/api/v1/catalog/price-changes",
            CATALOG_EDIT,
            catalog_edit::change_prices,
        )
        .put(
            "/api/v1/catalog/categories/{id}",
            CATALOG_EDIT,
            catalog_lists::put_category,
        )
        .put(
            "/api/v1/catalog/tax-rates/{id}",
            CATALOG_EDIT,
            catalog_lists::put_tax_rate,
        )
        .post(
            "/api/v1/catalog/modifier-groups",
            CATALOG_EDIT,
            catalog_lists::create_modifier_group,
        )
        .put(
            "/api/v1/catalog/modifier-groups/{id}",
            CATALOG_EDIT,
            catalog_lists::update_modifier_group,
        )
        .post_with_body_limit(
            "/api/v1/catalog/imports",
            CATALOG_EDIT,
            catalog_csv::start,
            catalog_csv::MAX_IMPORT_BYTES,
        )
        .get(
            "/api/v1/catalog/imports/{id}",
            CATALOG_EDIT,
            catalog_csv::job,
        )
        .get("/api/v1/catalog/export", CATALOG_EDIT, catalog_csv::export)
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
        sales::search,
        sales::one,
        sales::refunds,
        sales::journal,
        refunds::list,
        customers::list,
        customers::one,
        customers::create,
        customers::update,
        customers::duplicates,
        customers::export_csv,
        customers::merge,
        customers::summary,
        customers::export,
        customers::erase,
        customers::gift_card,
        loyalty::settings,
        loyalty::put_settings,
        loyalty::liability,
        loyalty::expire,
        loyalty::account,
        loyalty::adjust,
        loyalty::sell,
        loyalty::ledger,
        loyalty::reload,
        loyalty::cash_out,
        auth::login,
        auth::pin,
        auth::approve,
        auth::logout,
        auth::me,
        devices::list,
        devices::enroll,
        devices::revoke,
        staff::list,
        staff::create,
        staff::update,
        api_keys::list,
        api_keys::create,
        api_keys::revoke,
        audit::list,
        catalog_edit::search,
        catalog_edit::create,
        catalog_edit::update,
        catalog_edit::archive,
        catalog_edit::create_group,
        catalog_edit::change_prices,
        catalog_lists::put_category,
        catalog_lists::put_tax_rate,
        catalog_lists::create_modifier_group,
        catalog_lists::update_modifier_group,
        catalog_csv::start,
        catalog_csv::job,
        catalog_csv::export,
        held::park,
        held::list,
        held::claim,
        held::close,
        held::put_settings,
        stores::list,
        stores::create,
        stores::one,
        stores::update,
        stores::prices,
        stores::put_price,
        stores::delete_price,
        stores::put_staff_stores,
        quick_keys::get,
        quick_keys::put,
        stock::locations,
        stock::create_location,
        stock::levels,
        stock::ledger,
        stock::set_threshold,
        stock::adjust,
        stock::send_transfer,
        stock::transfer,
        stock::receive_transfer,
        purchasing::suppliers,
        purchasing::create_supplier,
        purchasing::orders,
        purchasing::create_order,
        purchasing::order,
        purchasing::receive,
        stock::start_count,
        stock::set_counted,
        stock::post_count,
        webhooks::event_types,
        webhooks::list,
        webhooks::create,
        webhooks::one,
        webhooks::update,
        webhooks::delete,
        webhooks::rotate,
        webhooks::test,
        webhooks::deliveries,
        webhooks::replay,
        inbound::receive,
    ),
    components(schemas(crate::events::Event, crate::events::EventType)),
    tags(
        (name = "sync", description = "Terminal sync: catalog pull and exactly-once push of sales, refunds, \
voids, exchanges and cash movements"),
        (name = "catalog", description = "The catalog: products for integrators, and the back office's \
writes and CSV import and export (permission `catalog`)"),
        (name = "sales", description = "Completed sales, their refunds and ledger journals"),
        (name = "customers", description = "Customers (create, change, duplicates and merge, purchases, \
privacy export and erasure) and gift card balances"),
        (name = "loyalty", description = "The loyalty programme, customers' points and store credit ledgers, \
gift cards sold, reloaded and cashed out, and the liability (permission `loyalty`)"),
        (name = "auth", description = "Signing in (password or PIN), overrides, signing out"),
        (name = "devices", description = "Enrolled terminals and their tokens"),
        (name = "staff", description = "Staff members, roles, PINs and passwords"),
        (name = "api-keys", description = "API keys for integrations"),
        (name = "audit", description = "The append-only audit log"),
        (name = "held-orders", description = "Orders parked at one till and resumed at any till of the store, \
one till at a time; the tills' settings"),
        (name = "stores", description = "Stores: their settings, per-store prices and who may manage them \
(permission `settings`)"),
        (name = "stock", description = "Stock per location: levels, the movement ledger every sale moves, \
adjustments, transfers, purchasing and counts (permission `stock`)"),
        (name = "webhooks", description = "Events out to webhook endpoints under the Standard Webhooks \
specification (permission `webhooks`): endpoints, secrets, test events, delivery logs, replays; and signed \
inbound webhooks (an online order from a storefront). Each delivery's body is an `Event` whose `data` has the \
schema its type names (`SaleCompleted`, `StockChanged`, …, payload version `v1`)"),
    )
)]
pub struct ApiDoc;

/// The page size to use: the default when absent; 1 to `max` as asked; anything else is refused (400
/// `invalid_query`), never clamped, so what the document says (`minimum`, `maximum`) is what the server does.
fn page_limit(requested: Option<u32>, default: u32, max: u32) -> Result<u32, ApiError> {
    match requested {
        None => Ok(default),
        Some(n) if (1..=max).contains(&n) => Ok(n),
        Some(n) => Err(ApiError::bad_query(format!(
            "limit {n} is not between 1 and {max}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_default_and_refuse_what_is_out_of_range() {
        assert_eq!(page_limit(None, 100, 1000).ok(), Some(100));
        assert!(page_limit(Some(1001), 100, 1000).is_err());
        assert!(page_limit(Some(2_147_483_648), 100, 1000).is_err());
        assert_eq!(page_limit(Some(1000), 100, 1000).ok(), Some(1000));
        assert_eq!(page_limit(Some(7), 100, 1000).ok(), Some(7));
        assert!(page_limit(Some(0), 100, 1000).is_err());
    }
}
