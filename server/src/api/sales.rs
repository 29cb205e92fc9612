//! Sales handlers: `GET /api/v1/sales` (newest first), `GET /api/v1/sales/search` (across tills and days,
//! keyset-paged), `GET /api/v1/sales/{id}`, its refunds and its journal.

use super::{page_limit, DEFAULT_PAGE, MAX_PAGE};
use crate::auth::{AuthError, Caller};
use crate::error::ApiError;
use crate::extract::{Path, Query};
use crate::state::AppState;
use crate::store::SaleSearch;
use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use shared::api::{ErrorBody, RefundList, SaleDocumentList, SaleSearchPage};
use shared::auth::{Permission, Scope};
use shared::document::SaleDocument;
use shared::ledger::{sale_journal, ChartOfAccounts, Journal};
use utoipa::IntoParams;
use uuid::Uuid;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SalesQuery {
    /// Only sales of this device.
    device_id: Option<Uuid>,
    /// How many sales, 1 to 1000 (others are refused: 400 `invalid_query`); default 100.
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<u32>,
}

/// The one device whose sales the caller may read, or `None` for all (permission `reports`, scope
/// `sales:read`). A terminal reads only its own sales.
fn own_device_only(caller: &Caller) -> Option<Uuid> {
    if caller.permits(Permission::Reports) || caller.has_scope(Scope::SalesRead) {
        None
    } else {
        caller.device.as_ref().map(|d| d.id)
    }
}

/// Sales as priced documents, newest first. With only a device token: that device's sales (`device_id`, if
/// given, must be its own).
#[utoipa::path(
    get,
    path = "/api/v1/sales",
    tag = "sales",
    params(SalesQuery),
    responses(
        (status = 200, description = "Sales, newest first", body = SaleDocumentList),
        (status = 400, description = "`invalid_query`: a parameter is malformed or `limit` is 0", body = ErrorBody),
        (status = 403, description = "`forbidden`: a device token asking for another device's sales", body = ErrorBody),
        (status = 500, description = "`internal`: storage failure", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<SalesQuery>,
) -> Result<axum::Json<SaleDocumentList>, ApiError> {
    let limit = page_limit(q.limit, DEFAULT_PAGE, MAX_PAGE)?;
    let device = match own_device_only(&caller) {
        None => q.device_id,
        Some(own) if q.device_id.is_none_or(|d| d == own) => Some(own),
        Some(_) => {
            return Err(AuthError::Forbidden(
                "permission `reports` or scope `sales:read` to read another device's sales".into(),
            )
            .into())
        }
    };
    let sales = state.store.list_sales(device, limit).await?;
    Ok(axum::Json(SaleDocumentList { sales }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// A receipt number, exactly, in any case ("ABCD-000042"); what a scanned receipt barcode reads.
    receipt_no: Option<String>,
    /// Made at or after this instant (RFC 3339): a till sends the start of the store-local day searched.
    since: Option<DateTime<Utc>>,
    /// Made before this instant (RFC 3339).
    until: Option<DateTime<Utc>>,
    /// The sale's total, exactly ("12.50" equals "12.5").
    total: Option<String>,
    /// The customer: their id, or part of their name (any case).
    customer: Option<String>,
    /// The `next` of the previous page.
    after: Option<String>,
    /// How many sales, 1 to 1000 (others are refused: 400 `invalid_query`); default 100.
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<u32>,
}

/// The paging cursor of a sale: its `created_at` (RFC 3339, microseconds, UTC) and id, joined by `_`.
fn cursor_of(sale: &SaleDocument) -> String {
    format!(
        "{}_{}",
        sale.created_at
            .to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        sale.id
    )
}

fn parse_cursor(text: &str) -> Result<(DateTime<Utc>, Uuid), ApiError> {
    let bad = || ApiError::bad_query("`after` is not a cursor this search returned");
    let (at, id) = text.rsplit_once('_').ok_or_else(bad)?;
    let at = DateTime::parse_from_rfc3339(at).map_err(|_| bad())?;
    let id = Uuid::parse_str(id).map_err(|_| bad())?;
    Ok((at.with_timezone(&Utc), id))
}

/// Find sales across tills and days, newest first, one keyset page at a time: by receipt number (a scanned
/// receipt), the day (`since`/`until`), the total, or the customer. For refunds at any till of the store:
/// selling staff (a cashier finds the sale; a supervisor approves the refund after), `reports` or
/// `sales:read`.
#[utoipa::path(
    get,
    path = "/api/v1/sales/search",
    tag = "sales",
    params(SearchQuery),
    responses(
        (status = 200, description = "Sales found, newest first", body = SaleSearchPage),
        (status = 400, description = "`invalid_query`: a parameter is malformed, `total` is not an amount, \
`after` is not a cursor, or `limit` is 0", body = ErrorBody),
        (status = 401, description = "`unauthenticated`: no credentials", body = ErrorBody),
        (status = 403, description = "`forbidden`: neither selling staff, `reports` nor `sales:read`", body = ErrorBody),
        (status = 500, description = "`internal`: storage failure", body = ErrorBody),
    )
)]
pub async fn search(
    State(state): State<AppState>,
    Query(q): Query<SearchQuery>,
) -> Result<axum::Json<SaleSearchPage>, ApiError> {
    let limit = page_limit(q.limit, DEFAULT_PAGE, MAX_PAGE)?;
    let total = match q.total.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => None,
        Some(t) => Some(
            shared::money::parse_amount(t)
                .ok_or_else(|| ApiError::bad_query("`total` is not an amount"))?,
        ),
    };
    let search = SaleSearch {
        receipt_no: q.receipt_no,
        since: q.since,
        until: q.until,
        total,
        customer: q.customer,
        after: q.after.as_deref().map(parse_cursor).transpose()?,
    };
    let (sales, more) = state.store.search_sales(&search, limit).await?;
    let next = if more {
        sales.last().map(cursor_of)
    } else {
        None
    };
    Ok(axum::Json(SaleSearchPage { sales, next }))
}

/// The sale, if the caller may read it (a terminal: only its own, another's is "not found"; selling staff
/// signed in at it: any, as the sales search finds them).
async fn find(state: &AppState, caller: &Caller, id: Uuid) -> Result<SaleDocument, ApiError> {
    let store_staff = caller.permits(Permission::Sell);
    state
        .store
        .sale(id)
        .await?
        .filter(|s| store_staff || own_device_only(caller).is_none_or(|own| own == s.device_id))
        .ok_or_else(|| ApiError::NotFound(format!("no sale {id}")))
}

/// One sale by id.
#[utoipa::path(
    get,
    path = "/api/v1/sales/{id}",
    tag = "sales",
    params(("id" = Uuid, Path, description = "The sale's id")),
    responses(
        (status = 200, description = "The sale", body = SaleDocument),
        (status = 400, description = "`invalid_path`: the id is not a UUID", body = ErrorBody),
        (status = 404, description = "`not_found`: no sale with this id", body = ErrorBody),
        (status = 500, description = "`internal`: storage failure", body = ErrorBody),
    )
)]
pub async fn one(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<SaleDocument>, ApiError> {
    Ok(axum::Json(find(&state, &caller, id).await?))
}

/// The refunds of a sale (exchange returns included), oldest first, and its void when it was voided (at any
/// till: nothing of it is refundable then).
#[utoipa::path(
    get,
    path = "/api/v1/sales/{id}/refunds",
    tag = "sales",
    params(("id" = Uuid, Path, description = "The sale's id")),
    responses(
        (status = 200, description = "The sale's refunds, oldest first, and its void if any", body = RefundList),
        (status = 400, description = "`invalid_path`: the id is not a UUID", body = ErrorBody),
        (status = 404, description = "`not_found`: no sale with this id", body = ErrorBody),
        (status = 500, description = "`internal`: storage failure", body = ErrorBody),
    )
)]
pub async fn refunds(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<RefundList>, ApiError> {
    if own_device_only(&caller).is_some() {
        find(&state, &caller, id).await?;
    }
    match state.store.sale_refunds(id).await? {
        Some(refunds) => {
            let void = state.store.sale_void(id).await?;
            Ok(axum::Json(RefundList { refunds, void }))
        }
        None => Err(ApiError::NotFound(format!("no sale {id}"))),
    }
}

/// The sale's ledger journal: balanced double-entry postings with the default chart of accounts.
#[utoipa::path(
    get,
    path = "/api/v1/sales/{id}/journal",
    tag = "sales",
    params(("id" = Uuid, Path, description = "The sale's id")),
    responses(
        (status = 200, description = "The sale's journal (debits equal credits)", body = Journal),
        (status = 400, description = "`invalid_path`: the id is not a UUID", body = ErrorBody),
        (status = 404, description = "`not_found`: no sale with this id", body = ErrorBody),
        (status = 500, description = "`internal`: storage failure", body = ErrorBody),
    )
)]
pub async fn journal(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<Journal>, ApiError> {
    let sale = find(&state, &caller, id).await?;
    Ok(axum::Json(sale_journal(&sale, &ChartOfAccounts::default())))
}
