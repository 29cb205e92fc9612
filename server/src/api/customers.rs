//! Customer and balance handlers: `GET /api/v1/customers` (keyset pages by id; `q`, `updated_since` and
//! `marketing_consent` filters), one customer, create, change with its `version` (a stale one is 409
//! `stale_version`), duplicates and merge, the purchase summary, the privacy export and erasure, and
//! `GET /api/v1/gift-cards/{code}`. Writes, exports and erasures need the permission `customers` and are
//! audited (`customer.create`, `customer.update`, `customer.merge`, `customer.export`, `customer.erase`); the
//! audit entries name the customer by id only, so an erasure leaves no personal field behind.

use super::{page_limit, DEFAULT_PAGE, MAX_PAGE};
use crate::auth::audit::{self, AuditExt};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::{Json, Path, Query};
use crate::state::AppState;
use crate::store::auth::NewAudit;
use crate::store::customers::CustomerSearch;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::json;
use shared::api::{CustomerPage, ErrorBody};
use shared::catalog::{CustomerRecord, GiftCardBalance};
use shared::customer::{
    CustomerEdit, CustomerExport, CustomerSummary, DuplicateGroup, MergeRequest,
};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CustomersQuery {
    /// Customer id to start after (the previous page's `next_after`).
    after: Option<String>,
    /// Page size, 1 to 1000 (others are refused: 400 `invalid_query`); default 100.
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<u32>,
    /// Part of a name, company, email or loyalty card, or a phone number with its country code.
    q: Option<String>,
    /// Only customers changed at or after this time (RFC 3339).
    updated_since: Option<DateTime<Utc>>,
    /// Only customers who gave (`true`) or did not give (`false`) marketing consent.
    marketing_consent: Option<bool>,
}

/// Customers ordered by id, with the store credit and loyalty points the server counts.
#[utoipa::path(
    get,
    path = "/api/v1/customers",
    tag = "customers",
    params(CustomersQuery),
    responses(
        (status = 200, description = "One page of customers", body = CustomerPage),
        (status = 400, description = "`invalid_query`: a parameter is malformed or `limit` is 0", body = ErrorBody),
        (status = 500, description = "`internal`: storage failure", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<CustomersQuery>,
) -> Result<axum::Json<CustomerPage>, ApiError> {
    let limit = page_limit(q.limit, DEFAULT_PAGE, MAX_PAGE)?;
    let search = CustomerSearch {
        q: q.q,
        updated_since: q.updated_since,
        marketing_consent: q.marketing_consent,
        after: q.after,
    };
    let (customers, next_after) = state.store.search_customers(&search, limit).await?;
    Ok(axum::Json(CustomerPage {
        customers,
        next_after,
    }))
}

/// A customer change with the version it was read at.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CustomerUpdate {
    pub version: u64,
    pub customer: CustomerEdit,
}

fn entry(state: &AppState, caller: &Caller, action: &str, id: &str) -> NewAudit {
    audit::entry(state.clock.now(), caller.actor(), action, audit::SUCCESS)
        .device(caller.device_id())
        .target(id)
}

/// One customer (erased ones as "Anonymised customer", merged ones naming `merged_into`).
#[utoipa::path(
    get,
    path = "/api/v1/customers/{id}",
    tag = "customers",
    params(("id" = String, Path, description = "The customer's id")),
    responses(
        (status = 200, description = "The customer", body = CustomerRecord),
        (status = 404, description = "`not_found`: no such customer", body = ErrorBody),
    )
)]
pub async fn one(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<axum::Json<CustomerRecord>, ApiError> {
    match state.store.customer(&id).await? {
        Some(c) => Ok(axum::Json(c)),
        None => Err(ApiError::NotFound("no customer with this id".into())),
    }
}

/// Create a customer (version 1); tills pull it.
#[utoipa::path(
    post,
    path = "/api/v1/customers",
    tag = "customers",
    request_body = CustomerEdit,
    responses(
        (status = 201, description = "Created", body = CustomerRecord),
        (status = 422, description = "`invalid_field`: a bad name, phone or email; `field` names it", body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Json(edit): Json<CustomerEdit>,
) -> Result<(StatusCode, axum::Json<CustomerRecord>), ApiError> {
    let id = Uuid::now_v7().to_string();
    let entry = entry(&state, &caller, "customer.create", &id);
    let stored = state.store.create_customer(&id, &edit, &entry).await?;
    Ok((StatusCode::CREATED, axum::Json(stored)))
}

/// Change a customer from the version read (one version more); tills pull it.
#[utoipa::path(
    put,
    path = "/api/v1/customers/{id}",
    tag = "customers",
    params(("id" = String, Path, description = "The customer's id")),
    request_body = CustomerUpdate,
    responses(
        (status = 200, description = "Stored", body = CustomerRecord),
        (status = 404, description = "`not_found`: no such customer", body = ErrorBody),
        (status = 409, description = "`stale_version`: changed since it was read; `conflict`: erased or \
merged", body = ErrorBody),
        (status = 422, description = "`invalid_field`: a bad name, phone or email; `field` names it", body = ErrorBody),
    )
)]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(upd): Json<CustomerUpdate>,
) -> Result<axum::Json<CustomerRecord>, ApiError> {
    let entry =
        entry(&state, &caller, "customer.update", &id).details(json!({ "version": upd.version }));
    Ok(axum::Json(
        state
            .store
            .change_customer(&id, upd.version, &upd.customer, &entry)
            .await?,
    ))
}

/// Customers sharing a normalised phone or email: merge candidates.
#[utoipa::path(
    get,
    path = "/api/v1/customers/duplicates",
    tag = "customers",
    responses(
        (status = 200, description = "Groups of customers with the same phone or email", body = [DuplicateGroup]),
    )
)]
pub async fn duplicates(
    State(state): State<AppState>,
) -> Result<axum::Json<Vec<DuplicateGroup>>, ApiError> {
    Ok(axum::Json(state.store.duplicate_customers(MAX_PAGE).await?))
}

/// Merge duplicates into one customer: their sales count for it (no document changes), their balances move.
#[utoipa::path(
    post,
    path = "/api/v1/customers/merge",
    tag = "customers",
    request_body = MergeRequest,
    responses(
        (status = 200, description = "The customer merged into", body = CustomerRecord),
        (status = 404, description = "`not_found`: a customer named is unknown", body = ErrorBody),
        (status = 409, description = "`conflict`: a customer named is erased or merged already", body = ErrorBody),
    )
)]
pub async fn merge(
    State(state): State<AppState>,
    caller: Caller,
    Json(req): Json<MergeRequest>,
) -> Result<axum::Json<CustomerRecord>, ApiError> {
    let entry =
        entry(&state, &caller, "customer.merge", &req.into).details(json!({ "from": req.from }));
    Ok(axum::Json(
        state
            .store
            .merge_customers(&req.into, &req.from, &entry)
            .await?,
    ))
}

/// A customer's purchases: lifetime spend, visits, last purchases and favourite items, across stores.
#[utoipa::path(
    get,
    path = "/api/v1/customers/{id}/summary",
    tag = "customers",
    params(("id" = String, Path, description = "The customer's id")),
    responses(
        (status = 200, description = "As counted now", body = CustomerSummary),
        (status = 404, description = "`not_found`: no such customer", body = ErrorBody),
    )
)]
pub async fn summary(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<axum::Json<CustomerSummary>, ApiError> {
    if state.store.customer(&id).await?.is_none() {
        return Err(ApiError::NotFound("no customer with this id".into()));
    }
    Ok(axum::Json(
        state.store.customer_summary(&id, state.clock.now()).await?,
    ))
}

/// Everything held about a customer (right of access): the record, those merged into it, their sales and
/// refunds. Audited.
#[utoipa::path(
    get,
    path = "/api/v1/customers/{id}/export",
    tag = "customers",
    params(("id" = String, Path, description = "The customer's id")),
    responses(
        (status = 200, description = "Everything held", body = CustomerExport),
        (status = 404, description = "`not_found`: no such customer", body = ErrorBody),
    )
)]
pub async fn export(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<axum::Json<CustomerExport>, ApiError> {
    let Some(found) = state.store.export_customer(&id, state.clock.now()).await? else {
        return Err(ApiError::NotFound("no customer with this id".into()));
    };
    let entry = entry(&state, &caller, "customer.export", &id).details(json!({
        "sales": found.sales.len(), "refunds": found.refunds.len(),
    }));
    state.store.append_audit(&entry).await?;
    Ok(axum::Json(found))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// Only customers who gave (`true`) or did not give (`false`) marketing consent: a marketing list is
    /// exported with `true`.
    marketing_consent: Option<bool>,
}

/// The CSV columns of the customer export, in order.
pub const CSV_COLUMNS: [&str; 14] = [
    "id",
    "name",
    "phone",
    "email",
    "company",
    "tax_id",
    "address",
    "group",
    "tags",
    "loyalty_card",
    "marketing_consent",
    "consent_at",
    "consent_source",
    "note",
];

fn csv_row(c: &CustomerRecord) -> [String; 14] {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    [
        c.id.clone(),
        c.name.clone(),
        text(&c.phone),
        text(&c.email),
        text(&c.company),
        text(&c.tax_id),
        text(&c.address),
        text(&c.group),
        c.tags.join("|"),
        text(&c.loyalty_card),
        c.consent.as_ref().is_some_and(|k| k.given).to_string(),
        c.consent
            .as_ref()
            .map(|k| k.at.to_rfc3339())
            .unwrap_or_default(),
        c.consent
            .as_ref()
            .map(|k| k.source.clone())
            .unwrap_or_default(),
        c.note.clone(),
    ]
}

/// Every customer (neither erased nor merged) as CSV, written with the `csv` crate; `marketing_consent=true`
/// gives the marketing list. Audited `customer.export` with the number of rows.
#[utoipa::path(
    get,
    path = "/api/v1/customers/export",
    tag = "customers",
    params(ExportQuery),
    responses(
        (status = 200, description = "The customers file", content_type = "text/csv", body = String),
        (status = 400, description = "`invalid_query`: a malformed parameter", body = ErrorBody),
    )
)]
pub async fn export_csv(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ExportQuery>,
) -> Result<Response, ApiError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let failed = |e: &dyn std::fmt::Display| ApiError::Request {
        status: StatusCode::INTERNAL_SERVER_ERROR,
        code: "internal",
        message: e.to_string(),
    };
    writer.write_record(CSV_COLUMNS).map_err(|e| failed(&e))?;
    let mut search = CustomerSearch {
        marketing_consent: q.marketing_consent,
        ..CustomerSearch::default()
    };
    let mut rows = 0usize;
    loop {
        let (page, next) = state.store.search_customers(&search, MAX_PAGE).await?;
        for c in page.iter().filter(|c| !c.erased && c.merged_into.is_none()) {
            writer.write_record(csv_row(c)).map_err(|e| failed(&e))?;
            rows += 1;
        }
        match next {
            Some(after) => search.after = Some(after),
            None => break,
        }
    }
    let out = writer.into_inner().map_err(|e| failed(&e))?;
    let entry = audit::entry(
        state.clock.now(),
        caller.actor(),
        "customer.export",
        audit::SUCCESS,
    )
    .device(caller.device_id())
    .details(json!({ "format": "csv", "rows": rows, "marketing_consent": q.marketing_consent }));
    state.store.append_audit(&entry).await?;
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"customers.csv\"",
            ),
        ],
        out,
    )
        .into_response())
}

/// Erase a customer (right to erasure): every personal field removed, the sales kept and shown anonymised;
/// every till drops its copy's personal fields on its next pull. Audited.
#[utoipa::path(
    post,
    path = "/api/v1/customers/{id}/erase",
    tag = "customers",
    params(("id" = String, Path, description = "The customer's id")),
    responses(
        (status = 200, description = "Erased (erasing again changes nothing)", body = CustomerRecord),
        (status = 404, description = "`not_found`: no such customer", body = ErrorBody),
    )
)]
pub async fn erase(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<axum::Json<CustomerRecord>, ApiError> {
    let entry = entry(&state, &caller, "customer.erase", &id);
    Ok(axum::Json(state.store.erase_customer(&id, &entry).await?))
}

/// A gift card's balance as the server counts it (negative after offline overspending).
#[utoipa::path(
    get,
    path = "/api/v1/gift-cards/{code}",
    tag = "customers",
    params(("code" = String, Path, description = "The gift card's code, e.g. `GC-1000-0001`")),
    responses(
        (status = 200, description = "The gift card's balance", body = GiftCardBalance),
        (status = 400, description = "`invalid_path`: the code is not valid UTF-8", body = ErrorBody),
        (status = 404, description = "`not_found`: no gift card with this code", body = ErrorBody),
        (status = 500, description = "`internal`: storage failure", body = ErrorBody),
    )
)]
pub async fn gift_card(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<axum::Json<GiftCardBalance>, ApiError> {
    match state.store.gift_card(&code).await? {
        Some(card) => Ok(axum::Json(card)),
        None => Err(ApiError::NotFound("no gift card with this code".into())),
    }
}
