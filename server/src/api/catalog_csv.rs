//! The catalog as CSV for the back office: `POST /api/v1/catalog/imports` starts an import job with the file
//! as a `text/csv` body, `GET /api/v1/catalog/imports/{id}` reads its progress and problems (paged), and
//! `GET /api/v1/catalog/export` answers the catalog as `text/csv`.

use crate::auth::audit::{self, AuditExt};
use crate::auth::Caller;
use crate::catalog_csv::export;
use crate::catalog_csv::job::Job;
use crate::catalog_csv::number::DecimalSeparator;
use crate::catalog_csv::read::parse_delimiter;
use crate::catalog_csv::run::{run, Runner};
use crate::catalog_csv::validate::ImportOptions;
use crate::error::ApiError;
use crate::extract::{Path, Query};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, LOCATION};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use shared::api::ErrorBody;
use shared::import::ImportJob;
use std::sync::Arc;
use utoipa::IntoParams;
use uuid::Uuid;

/// Largest import file (a 50,000-row file is about 6 MiB).
pub const MAX_IMPORT_BYTES: usize = 32 * 1024 * 1024;
/// The media type of the import's body and the export's answer.
pub const CSV: &str = "text/csv";
/// Default and largest page of problems in a job answer.
const DEFAULT_PROBLEMS: u32 = 100;
const MAX_PROBLEMS: u32 = 1000;

/// How the file's numbers and cells are written.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FormatQuery {
    /// The decimal separator of the file's numbers: `.` (default) or `,`. The other one in a number is a
    /// problem (ambiguous), never guessed.
    #[param(value_type = Option<String>, example = ",")]
    decimal_separator: Option<DecimalSeparator>,
    /// Between cells: `,` (default), `;` or `tab`.
    #[param(example = ";")]
    delimiter: Option<String>,
}

/// The delimiter a query names: `,` when absent.
fn delimiter(named: Option<&str>) -> Result<u8, ApiError> {
    named
        .map_or(Ok(b','), parse_delimiter)
        .map_err(ApiError::bad_query)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// The decimal separator of the file's numbers: `.` (default) or `,`. The other one in a number is a
    /// problem (ambiguous), never guessed.
    #[param(value_type = Option<String>, example = ",")]
    decimal_separator: Option<DecimalSeparator>,
    /// Between cells: `,` (default), `;` or `tab`.
    #[param(example = ";")]
    delimiter: Option<String>,
    /// Only check the file; write nothing.
    #[serde(default)]
    dry_run: bool,
    /// Write the good rows even when some are bad (the bad ones are listed and skipped).
    #[serde(default)]
    only_good_rows: bool,
    /// A row whose SKU is already in the catalog replaces that item (otherwise it is a bad row).
    #[serde(default)]
    update_existing: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct JobQuery {
    /// The first problem to include (the previous answer's `next_problems_after`); default 0.
    problems_after: Option<u64>,
    /// How many problems, 1 to 1000 (others are refused: 400 `invalid_query`); default 100.
    #[param(minimum = 1, maximum = 1000)]
    problems_limit: Option<u32>,
}

fn is_csv(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case(CSV))
}

/// Start importing products from the CSV body (columns: see `ARCHITECTURE.md`, "Catalog CSV"). The whole
/// file is checked first; nothing is written unless every row is good, or `only_good_rows` is set. Answers at
/// once with the job; poll it for progress and problems.
#[utoipa::path(
    post,
    path = "/api/v1/catalog/imports",
    tag = "catalog",
    params(ImportQuery),
    request_body(content = String, content_type = "text/csv", description = "The products file, UTF-8, \
one row per sellable item, the header first"),
    responses(
        (status = 202, description = "Started; `Location` is the job", body = ImportJob),
        (status = 400, description = "`invalid_query`: a bad `decimal_separator`, `delimiter` or flag; \
`invalid_body`: the body could not be read", body = ErrorBody),
        (status = 413, description = "`payload_too_large`: the file is over 32 MiB", body = ErrorBody),
        (status = 415, description = "`unsupported_media_type`: the body is not `text/csv`", body = ErrorBody),
    )
)]
pub async fn start(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ImportQuery>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let options = ImportOptions {
        decimal_separator: q.decimal_separator.unwrap_or_default(),
        delimiter: delimiter(q.delimiter.as_deref())?,
        dry_run: q.dry_run,
        only_good_rows: q.only_good_rows,
        update_existing: q.update_existing,
    };
    if !is_csv(&headers) {
        return Err(ApiError::Request {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            code: "unsupported_media_type",
            message: format!("send the file as Content-Type: {CSV}"),
        });
    }
    let bytes = body.map_err(|r| match r.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::too_large(MAX_IMPORT_BYTES),
        _ => ApiError::Request {
            status: StatusCode::BAD_REQUEST,
            code: "invalid_body",
            message: r.body_text(),
        },
    })?;
    let job = Arc::new(Job::new(options, state.clock.now()));
    state.imports.add(job.clone());
    let runner = Runner {
        actor: caller.actor(),
        device: caller.device_id(),
    };
    tokio::spawn(run(
        state.store.clone(),
        state.imports.clone(),
        job.clone(),
        bytes.to_vec(),
        runner,
        state.clock.clone(),
    ));
    let location = format!("/api/v1/catalog/imports/{}", job.id);
    let view = job.view(0, DEFAULT_PROBLEMS);
    Ok((
        StatusCode::ACCEPTED,
        [(LOCATION, location)],
        axum::Json(view),
    )
        .into_response())
}

/// An import job: its state, progress (rows checked and written of the total) and one page of its problems,
/// in row order.
#[utoipa::path(
    get,
    path = "/api/v1/catalog/imports/{id}",
    tag = "catalog",
    params(("id" = Uuid, Path, description = "The job's id"), JobQuery),
    responses(
        (status = 200, description = "The job", body = ImportJob),
        (status = 400, description = "`invalid_path`: the id is not a UUID; `invalid_query`", body = ErrorBody),
        (status = 404, description = "`not_found`: no such job on this server (jobs are kept in the server \
that runs them, the last 20)", body = ErrorBody),
    )
)]
pub async fn job(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    Query(q): Query<JobQuery>,
) -> Result<axum::Json<ImportJob>, ApiError> {
    let limit = super::page_limit(q.problems_limit, DEFAULT_PROBLEMS, MAX_PROBLEMS)?;
    let job = state
        .imports
        .get(id)
        .ok_or_else(|| ApiError::NotFound(format!("no import job {id}")))?;
    Ok(axum::Json(job.view(q.problems_after.unwrap_or(0), limit)))
}

/// The catalog's products (with variants) as CSV, in the columns an import reads.
#[utoipa::path(
    get,
    path = "/api/v1/catalog/export",
    tag = "catalog",
    params(FormatQuery),
    responses(
        (status = 200, description = "The products file", content_type = "text/csv", body = String),
        (status = 400, description = "`invalid_query`: a bad `decimal_separator` or `delimiter`", body = ErrorBody),
        (status = 500, description = "`internal`: storage failure", body = ErrorBody),
    )
)]
pub async fn export(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<FormatQuery>,
) -> Result<Response, ApiError> {
    let delimiter = delimiter(q.delimiter.as_deref())?;
    let sep = q.decimal_separator.unwrap_or_default();
    let (products, groups) = export::from_changes(state.store.pull(0, u32::MAX).await?.changes);
    let mut out = Vec::new();
    export::write(&mut out, &products, &groups, sep, delimiter).map_err(|e| ApiError::Request {
        status: StatusCode::INTERNAL_SERVER_ERROR,
        code: "internal",
        message: e.to_string(),
    })?;
    let entry = audit::entry(
        state.clock.now(),
        caller.actor(),
        "catalog.export",
        audit::SUCCESS,
    )
    .device(caller.device_id())
    .details(json!({ "items": products.len() }));
    state.store.append_audit(&entry).await?;
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8"),
            (CONTENT_DISPOSITION, "attachment; filename=\"products.csv\""),
        ],
        out,
    )
        .into_response())
}
