//! The back office's catalog lists (permission `catalog`; tax rates too: they are the catalog's tax
//! categories, while the store's tax mode and rounding are `settings`): categories and tax rates (put by id),
//! modifier groups (added, then changed with their `version`). Audited and pulled like every catalog write.

use super::catalog_edit::{same_id, write};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::{Json, Path};
use crate::state::AppState;
use crate::store::CatalogEdit;
use axum::extract::State;
use axum::http::StatusCode;
use shared::api::ErrorBody;
use shared::catalog::{Category, ModifierGroup, TaxRate};
use shared::sync::Change;

/// Add or change a category.
#[utoipa::path(
    put,
    path = "/api/v1/catalog/categories/{id}",
    tag = "catalog",
    params(("id" = String, Path, description = "The category's id (the body's)")),
    request_body = Category,
    responses(
        (status = 200, description = "Stored", body = Category),
        (status = 422, description = "`invalid_field`: an empty name, an id unlike the path's", body = ErrorBody),
    )
)]
pub async fn put_category(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(c): Json<Category>,
) -> Result<axum::Json<Category>, ApiError> {
    same_id(&id, &c.id)?;
    let details = serde_json::json!({ "name": c.name });
    write(
        &state,
        &caller,
        CatalogEdit::PutCategory(c.clone()),
        ("catalog.category.put", &id),
        details,
    )
    .await?;
    Ok(axum::Json(c))
}

/// Add or change a tax rate (products name it as their tax category).
#[utoipa::path(
    put,
    path = "/api/v1/catalog/tax-rates/{id}",
    tag = "catalog",
    params(("id" = String, Path, description = "The rate's id (the body's)")),
    request_body = TaxRate,
    responses(
        (status = 200, description = "Stored", body = TaxRate),
        (status = 422, description = "`invalid_field`: an empty name, a percent outside 0–100, an id unlike \
the path's", body = ErrorBody),
    )
)]
pub async fn put_tax_rate(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(r): Json<TaxRate>,
) -> Result<axum::Json<TaxRate>, ApiError> {
    same_id(&id, &r.id)?;
    let details = serde_json::json!({ "name": r.name, "percent": r.percent });
    write(
        &state,
        &caller,
        CatalogEdit::PutTaxRate(r.clone()),
        ("catalog.tax_rate.put", &id),
        details,
    )
    .await?;
    Ok(axum::Json(r))
}

fn the_group(written: Vec<Change>) -> Result<ModifierGroup, ApiError> {
    written
        .into_iter()
        .find_map(|c| match c {
            Change::ModifierGroup(g) => Some(g),
            _ => None,
        })
        .ok_or_else(|| ApiError::NotFound("the modifier group was not written".into()))
}

/// Add a modifier group (an empty id gets a new one; it starts at version 1).
#[utoipa::path(
    post,
    path = "/api/v1/catalog/modifier-groups",
    tag = "catalog",
    request_body = ModifierGroup,
    responses(
        (status = 201, description = "Added, as stored", body = ModifierGroup),
        (status = 422, description = "`invalid_field`: no options, `min_choices` above `max_choices`, \
`max_choices` above the options, a delta out of range or too precise; `field` names it", body = ErrorBody),
    )
)]
pub async fn create_modifier_group(
    State(state): State<AppState>,
    caller: Caller,
    Json(g): Json<ModifierGroup>,
) -> Result<(StatusCode, axum::Json<ModifierGroup>), ApiError> {
    let target = g.name.clone();
    let details = serde_json::json!({ "options": g.options.len() });
    let edit = CatalogEdit::CreateModifierGroup(g);
    let written = write(
        &state,
        &caller,
        edit,
        ("catalog.modifier_group.create", &target),
        details,
    )
    .await?;
    Ok((StatusCode::CREATED, axum::Json(the_group(written)?)))
}

/// Change a modifier group: the whole group as it should be, with the `version` read (a stale one: 409).
#[utoipa::path(
    put,
    path = "/api/v1/catalog/modifier-groups/{id}",
    tag = "catalog",
    params(("id" = String, Path, description = "The modifier group's id")),
    request_body = ModifierGroup,
    responses(
        (status = 200, description = "Changed, as stored", body = ModifierGroup),
        (status = 404, description = "`not_found`: no such modifier group", body = ErrorBody),
        (status = 409, description = "`stale_version`: changed since it was read", body = ErrorBody),
        (status = 422, description = "`invalid_field`: a rule broken; `field` names it", body = ErrorBody),
    )
)]
pub async fn update_modifier_group(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(g): Json<ModifierGroup>,
) -> Result<axum::Json<ModifierGroup>, ApiError> {
    same_id(&id, &g.id)?;
    let details = serde_json::json!({ "version": g.version });
    let edit = CatalogEdit::UpdateModifierGroup(g);
    let written = write(
        &state,
        &caller,
        edit,
        ("catalog.modifier_group.update", &id),
        details,
    )
    .await?;
    Ok(axum::Json(the_group(written)?))
}
