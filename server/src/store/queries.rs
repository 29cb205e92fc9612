//! Reads of recorded documents, on both stores: sales, refunds and ingest flags, for the API.

use super::legacy::parse_sale;
use super::sql::{sql, Columns, Db, Value};
use super::{IngestFlag, StoreResult};
use chrono::{DateTime, Utc};
use shared::document::{Refund, SaleDocument, Void};
use shared::Decimal;
use sqlx::Pool;
use uuid::Uuid;

/// Which sales a search finds (every filter given must hold), across tills and days: a receipt number
/// (exactly, any case), made in `[since, until)`, a total (exactly, at any scale), a customer (their id, or
/// part of their name, any case); one page after `after` (the last sale of the previous page: its
/// `created_at` and id).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SaleSearch {
    pub receipt_no: Option<String>,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    pub total: Option<Decimal>,
    pub customer: Option<String>,
    pub after: Option<(DateTime<Utc>, Uuid)>,
}

/// One page (at most `limit`) of the sales `q` finds, newest first (`created_at`, then id, both descending),
/// and whether more follow. Keyset paging over `(created_at, id)`: a page starts after the previous page's
/// last sale, so sales pushed meanwhile never shift a page. Only the filters given are in the SQL.
pub async fn search_sales<D: Db>(
    pool: &Pool<D>,
    q: &SaleSearch,
    limit: u32,
) -> StoreResult<(Vec<SaleDocument>, bool)> {
    let mut clauses: Vec<String> = Vec::new();
    let mut values: Vec<Value<'static>> = Vec::new();
    let param = |v: Value<'static>, values: &mut Vec<Value<'static>>| {
        values.push(v);
        format!("${}", values.len())
    };
    if let Some(no) = q
        .receipt_no
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        let n = param(Value::Text(Some(no.to_uppercase().into())), &mut values);
        clauses.push(format!("upper(s.receipt_no) = {n}"));
    }
    if let Some(t) = q.since {
        let n = param(Value::Time(Some(t)), &mut values);
        clauses.push(format!("s.created_at >= {n}"));
    }
    if let Some(t) = q.until {
        let n = param(Value::Time(Some(t)), &mut values);
        clauses.push(format!("s.created_at < {n}"));
    }
    if let Some(total) = q.total {
        let n = param(Value::Decimal(Some(total)), &mut values);
        clauses.push(format!("CAST(s.total AS NUMERIC) = CAST({n} AS NUMERIC)"));
    }
    if let Some(c) = q
        .customer
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        let id = param(Value::Text(Some(c.to_string().into())), &mut values);
        let name = param(
            Value::Text(Some(super::products::like_pattern(c).into())),
            &mut values,
        );
        clauses.push(format!(
            "(s.customer_id = {id} OR s.customer_id IN (SELECT c.id FROM customers c \
             WHERE c.merged_into = {id} OR lower(c.name) LIKE {name} ESCAPE '\\'))"
        ));
    }
    if let Some((at, id)) = q.after {
        let at = param(Value::Time(Some(at)), &mut values);
        let id = param(Value::Uuid(Some(id)), &mut values);
        clauses.push(format!(
            "(s.created_at < {at} OR (s.created_at = {at} AND s.id < {id}))"
        ));
    }
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    let query = format!(
        "SELECT s.body FROM sales s {filter} ORDER BY s.created_at DESC, s.id DESC LIMIT {}",
        i64::from(limit) + 1
    );
    let rows = sql(&query).bind_all(values).fetch_all(pool).await?;
    let mut sales = rows
        .iter()
        .map(|row| parse_sale(&row.json_text("body")?))
        .collect::<StoreResult<Vec<_>>>()?;
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let more = sales.len() > limit;
    sales.truncate(limit);
    Ok((sales, more))
}

pub async fn list_sales<D: Db>(
    pool: &Pool<D>,
    device_id: Option<Uuid>,
    limit: u32,
) -> StoreResult<Vec<SaleDocument>> {
    let rows = sql(
        "SELECT body FROM sales WHERE ($1 IS NULL OR device_id = $1) \
         ORDER BY created_at DESC, id DESC LIMIT $2",
    )
    .bind(device_id)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| parse_sale(&row.json_text("body")?))
        .collect()
}

pub async fn sale<D: Db>(pool: &Pool<D>, id: Uuid) -> StoreResult<Option<SaleDocument>> {
    let row = sql("SELECT body FROM sales WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?;
    row.map(|row| parse_sale(&row.json_text("body")?))
        .transpose()
}

pub async fn sale_refunds<D: Db>(
    pool: &Pool<D>,
    sale_id: Uuid,
) -> StoreResult<Option<Vec<Refund>>> {
    // One statement: the sale's existence and its refunds from the same snapshot.
    let rows = sql(
        "SELECT r.body AS body FROM sales s LEFT JOIN refunds r ON r.sale_id = s.id \
         WHERE s.id = $1 ORDER BY r.created_at, r.id",
    )
    .bind(sale_id)
    .fetch_all(pool)
    .await?;
    if rows.is_empty() {
        return Ok(None);
    }
    let mut refunds = Vec::new();
    for row in &rows {
        refunds.extend(row.opt_json::<Refund>("body")?);
    }
    Ok(Some(refunds))
}

/// The void of sale `sale_id`, when it was voided (a sale has at most one).
pub async fn sale_void<D: Db>(pool: &Pool<D>, sale_id: Uuid) -> StoreResult<Option<Void>> {
    let row = sql("SELECT body FROM voids WHERE sale_id = $1")
        .bind(sale_id)
        .fetch_optional(pool)
        .await?;
    row.map(|row| row.json("body")).transpose()
}

pub async fn list_refunds<D: Db>(pool: &Pool<D>, limit: u32) -> StoreResult<Vec<Refund>> {
    let rows = sql("SELECT body FROM refunds ORDER BY created_at DESC, id DESC LIMIT $1")
        .bind(i64::from(limit))
        .fetch_all(pool)
        .await?;
    rows.iter().map(|row| row.json("body")).collect()
}

pub async fn flags<D: Db>(pool: &Pool<D>, limit: u32) -> StoreResult<Vec<IngestFlag>> {
    let rows = sql(
        "SELECT mutation_id, kind, subject, detail FROM ingest_flags ORDER BY id DESC LIMIT $1",
    )
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(IngestFlag {
                mutation_id: row.uuid("mutation_id")?,
                kind: row.text("kind")?,
                subject: row.text("subject")?,
                detail: row.text("detail")?,
            })
        })
        .collect()
}
