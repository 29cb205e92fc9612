//! The back office's catalog (permission `catalog`): the searchable product list, creating, changing and
//! archiving items, a product group with its variants in one call, and bulk price changes. Every write is one
//! transaction with its audit entry and takes change sequence values, so terminals pull it; a rule broken
//! answers 422 `invalid_field` with the `field`, a stale `version` 409 `stale_version`.

use super::{page_limit, DEFAULT_PAGE, MAX_PAGE};
use crate::auth::audit::{self, AuditExt};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::{Json, Path, Query};
use crate::state::AppState;
use crate::store::{CatalogEdit, ProductQuery};
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use shared::api::{ErrorBody, ProductPage};
use shared::catalog::edit::{Archive, PriceChange, PriceChangeResult, ProductGroupWithVariants};
use shared::catalog::Product;
use shared::sync::Change;
use utoipa::IntoParams;

/// Apply `edit` for `caller`, audited as `action` on `target` with `details`; answers what was written.
pub(super) async fn write(
    state: &AppState,
    caller: &Caller,
    edit: CatalogEdit,
    (action, target): (&str, &str),
    details: serde_json::Value,
) -> Result<Vec<Change>, ApiError> {
    let entry = audit::entry(state.clock.now(), caller.actor(), action, audit::SUCCESS)
        .device(caller.device_id())
        .target(target)
        .details(details);
    Ok(state.store.edit_catalog(&edit, &entry).await?)
}

/// The one product a write answers.
fn the_product(written: Vec<Change>) -> Result<Product, ApiError> {
    written
        .into_iter()
        .find_map(|c| match c {
            Change::Product(p) => Some(p),
            _ => None,
        })
        .ok_or_else(|| ApiError::NotFound("the product was not written".into()))
}

/// A path id and the body's must agree.
pub(super) fn same_id(path: &str, body: &str) -> Result<(), ApiError> {
    if path == body {
        return Ok(());
    }
    Err(
        crate::store::StoreError::Invalid(vec![shared::catalog::validate::FieldError::new(
            "id",
            shared::catalog::validate::Problem::Mismatch(path.to_owned()),
        )])
        .into(),
    )
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Text found (case-insensitively) in the name, the SKU or a barcode.
    q: Option<String>,
    /// Only this category's products.
    category_id: Option<String>,
    /// Only active (`true`) or archived (`false`) products.
    active: Option<bool>,
    /// The previous page's `next_after`.
    after: Option<String>,
    /// Page size, 1 to 1000 (others are refused: 400 `invalid_query`); default 100.
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<u32>,
}

/// Products by name (byte order, then id), filtered; keyset paged, so pages stay fast at 100,000 products.
#[utoipa::path(
    get,
    path = "/api/v1/catalog/products",
    tag = "catalog",
    params(SearchQuery),
    responses(
        (status = 200, description = "One page of products", body = ProductPage),
        (status = 400, description = "`invalid_query`: a parameter is malformed or `limit` is 0", body = ErrorBody),
    )
)]
pub async fn search(
    State(state): State<AppState>,
    Query(q): Query<SearchQuery>,
) -> Result<axum::Json<ProductPage>, ApiError> {
    let limit = page_limit(q.limit, DEFAULT_PAGE, MAX_PAGE)?;
    let query = ProductQuery {
        text: q.q,
        category_id: q.category_id,
        active: q.active,
        after: q.after,
    };
    Ok(axum::Json(
        state.store.search_products(&query, limit).await?,
    ))
}

/// Add an item. An empty `id` gets a new one; `version` is ignored (a new item is at 1).
#[utoipa::path(
    post,
    path = "/api/v1/catalog/products",
    tag = "catalog",
    request_body = Product,
    responses(
        (status = 201, description = "Added, as stored", body = Product),
        (status = 422, description = "`invalid_field`: a rule broken, e.g. an empty name, a bad GTIN check \
digit, a negative price, a SKU or barcode another item has, an unknown category; `field` names it", body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Json(p): Json<Product>,
) -> Result<(StatusCode, axum::Json<Product>), ApiError> {
    let target = p.sku.clone();
    let details = serde_json::json!({ "sku": p.sku });
    let edit = CatalogEdit::CreateProduct(p);
    let written = write(
        &state,
        &caller,
        edit,
        ("catalog.product.create", &target),
        details,
    )
    .await?;
    Ok((StatusCode::CREATED, axum::Json(the_product(written)?)))
}

/// Change an item: the whole item as it should be, with the `version` read (a stale one: 409).
#[utoipa::path(
    put,
    path = "/api/v1/catalog/products/{id}",
    tag = "catalog",
    params(("id" = String, Path, description = "The product's id")),
    request_body = Product,
    responses(
        (status = 200, description = "Changed, as stored (one version more)", body = Product),
        (status = 404, description = "`not_found`: no such product", body = ErrorBody),
        (status = 409, description = "`stale_version`: changed since it was read", body = ErrorBody),
        (status = 422, description = "`invalid_field`: a rule broken; `field` names it", body = ErrorBody),
    )
)]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(p): Json<Product>,
) -> Result<axum::Json<Product>, ApiError> {
    same_id(&id, &p.id)?;
    let details = serde_json::json!({ "sku": p.sku, "version": p.version });
    let edit = CatalogEdit::UpdateProduct(p);
    let written = write(
        &state,
        &caller,
        edit,
        ("catalog.product.update", &id),
        details,
    )
    .await?;
    Ok(axum::Json(the_product(written)?))
}

/// Archive an item: inactive, never deleted (sales name it); terminals drop it on their next pull.
#[utoipa::path(
    post,
    path = "/api/v1/catalog/products/{id}/archive",
    tag = "catalog",
    params(("id" = String, Path, description = "The product's id")),
    request_body = Archive,
    responses(
        (status = 200, description = "Archived, as stored", body = Product),
        (status = 404, description = "`not_found`: no such product", body = ErrorBody),
        (status = 409, description = "`stale_version`: changed since it was read", body = ErrorBody),
    )
)]
pub async fn archive(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(req): Json<Archive>,
) -> Result<axum::Json<Product>, ApiError> {
    let details = serde_json::json!({ "version": req.version });
    let edit = CatalogEdit::ArchiveProduct {
        id: id.clone(),
        version: req.version,
    };
    let written = write(
        &state,
        &caller,
        edit,
        ("catalog.product.archive", &id),
        details,
    )
    .await?;
    Ok(axum::Json(the_product(written)?))
}

/// Add a product group with its variants, all or nothing (empty ids get new ones; a variant's empty
/// `variant.group_id` is the group's).
#[utoipa::path(
    post,
    path = "/api/v1/catalog/product-groups",
    tag = "catalog",
    request_body = ProductGroupWithVariants,
    responses(
        (status = 201, description = "Added, as stored", body = ProductGroupWithVariants),
        (status = 422, description = "`invalid_field`: a rule broken, e.g. a variant's options not the \
group's, two variants with the same options, a duplicate SKU or barcode; `field` names it (e.g. \
`variants[1].sku`); nothing is written", body = ErrorBody),
    )
)]
pub async fn create_group(
    State(state): State<AppState>,
    caller: Caller,
    Json(req): Json<ProductGroupWithVariants>,
) -> Result<(StatusCode, axum::Json<ProductGroupWithVariants>), ApiError> {
    let target = req.group.name.clone();
    let details = serde_json::json!({ "variants": req.variants.len() });
    let edit = CatalogEdit::CreateProductGroup(req);
    let action = ("catalog.product_group.create", target.as_str());
    let mut answer = ProductGroupWithVariants::default();
    for change in write(&state, &caller, edit, action, details).await? {
        match change {
            Change::ProductGroup(g) => answer.group = g,
            Change::Product(p) => answer.variants.push(p),
            _ => {}
        }
    }
    Ok((StatusCode::CREATED, axum::Json(answer)))
}

/// Change the price of every active product of a category (or of all) by a percentage and/or an amount,
/// rounded to the currency's scale by the named rule (`half_up` or `half_even`), in one transaction.
#[utoipa::path(
    post,
    path = "/api/v1/catalog/price-changes",
    tag = "catalog",
    request_body = PriceChange,
    responses(
        (status = 200, description = "Prices changed", body = PriceChangeResult),
        (status = 422, description = "`invalid_field`: neither `percent` nor `amount`, an unknown category, \
a price that would become negative or too large; nothing is changed", body = ErrorBody),
    )
)]
pub async fn change_prices(
    State(state): State<AppState>,
    caller: Caller,
    Json(req): Json<PriceChange>,
) -> Result<axum::Json<PriceChangeResult>, ApiError> {
    let target = req.category_id.clone().unwrap_or_else(|| "*".into());
    let details = serde_json::to_value(&req).unwrap_or_default();
    let edit = CatalogEdit::ChangePrices(req);
    let written = write(
        &state,
        &caller,
        edit,
        ("catalog.price_change", &target),
        details,
    )
    .await?;
    Ok(axum::Json(PriceChangeResult {
        changed: u64::try_from(written.len()).unwrap_or(u64::MAX),
    }))
}
