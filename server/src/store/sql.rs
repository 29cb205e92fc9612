//! The row codec both stores share: SQL written once (numbered `$n` placeholders, which SQLite reads as well,
//! plus the tokens `{next_seq}` and `{bytewise}`), values bound through [`Value`] and columns read through
//! [`Columns`]. Each database encodes ids, times, decimals and JSON its own way (`sqlite/codec.rs`: TEXT;
//! `postgres/codec.rs`: UUID, TIMESTAMPTZ, NUMERIC, JSONB); the table modules never see the difference.
//!
//! A statement is plain data ([`Stmt`]); it runs on anything that is [`Exec`]: a pool or a connection
//! (`&mut *tx` inside a transaction). Every statement is one round trip, as with sqlx itself.

use super::codec::{parse_enum, parse_json};
use super::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use shared::Decimal;
use sqlx::{Database, Pool, Transaction};
use std::borrow::Cow;
use std::future::Future;
use uuid::Uuid;

/// A value to bind, typed even when NULL (PostgreSQL checks parameter types).
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'q> {
    Text(Option<Cow<'q, str>>),
    Int(Option<i64>),
    Bool(Option<bool>),
    Uuid(Option<Uuid>),
    Time(Option<DateTime<Utc>>),
    Decimal(Option<Decimal>),
    /// JSON text (a JSONB column on PostgreSQL).
    Json(Option<String>),
}

/// JSON text to bind into a JSON column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Json(pub String);

impl Json {
    pub fn of<T: serde::Serialize>(value: &T) -> StoreResult<Json> {
        super::codec::json_text(value).map(Json)
    }
}

/// A type that binds as one column value; `Option<T>` binds as a typed NULL when `None`.
pub trait Scalar<'q>: Sized {
    fn value(v: Option<Self>) -> Value<'q>;
}

/// What [`Stmt::bind`] takes: a [`Scalar`] or an `Option` of one.
pub trait Bind<'q> {
    fn into_value(self) -> Value<'q>;
}

impl<'q, T: Scalar<'q>> Bind<'q> for T {
    fn into_value(self) -> Value<'q> {
        T::value(Some(self))
    }
}

impl<'q, T: Scalar<'q>> Bind<'q> for Option<T> {
    fn into_value(self) -> Value<'q> {
        T::value(self)
    }
}

impl<'q> Scalar<'q> for &'q str {
    fn value(v: Option<Self>) -> Value<'q> {
        Value::Text(v.map(Cow::Borrowed))
    }
}

impl<'q> Scalar<'q> for &'q String {
    fn value(v: Option<Self>) -> Value<'q> {
        Value::Text(v.map(|s| Cow::Borrowed(s.as_str())))
    }
}

impl<'q> Scalar<'q> for String {
    fn value(v: Option<Self>) -> Value<'q> {
        Value::Text(v.map(Cow::Owned))
    }
}

impl<'q> Scalar<'q> for i64 {
    fn value(v: Option<Self>) -> Value<'q> {
        Value::Int(v)
    }
}

impl<'q> Scalar<'q> for i32 {
    fn value(v: Option<Self>) -> Value<'q> {
        Value::Int(v.map(i64::from))
    }
}

impl<'q> Scalar<'q> for bool {
    fn value(v: Option<Self>) -> Value<'q> {
        Value::Bool(v)
    }
}

impl<'q> Scalar<'q> for Uuid {
    fn value(v: Option<Self>) -> Value<'q> {
        Value::Uuid(v)
    }
}

impl<'q> Scalar<'q> for DateTime<Utc> {
    fn value(v: Option<Self>) -> Value<'q> {
        Value::Time(v)
    }
}

impl<'q> Scalar<'q> for Decimal {
    fn value(v: Option<Self>) -> Value<'q> {
        Value::Decimal(v)
    }
}

impl<'q> Scalar<'q> for Json {
    fn value(v: Option<Self>) -> Value<'q> {
        Value::Json(v.map(|j| j.0))
    }
}

/// A statement with its values, in placeholder order.
#[derive(Clone, Debug)]
pub struct Stmt<'q> {
    pub sql: &'q str,
    pub values: Vec<Value<'q>>,
}

/// Start a statement (see the module documentation for its placeholders and tokens).
pub fn sql(sql: &str) -> Stmt<'_> {
    Stmt {
        sql,
        values: Vec::new(),
    }
}

impl<'q> Stmt<'q> {
    pub fn bind(mut self, v: impl Bind<'q>) -> Self {
        self.values.push(v.into_value());
        self
    }

    /// Bind values already made (a filter's).
    pub fn bind_all(mut self, values: impl IntoIterator<Item = Value<'q>>) -> Self {
        self.values.extend(values);
        self
    }

    /// Run it; answers the rows it changed.
    pub async fn execute<E: Exec>(self, e: E) -> StoreResult<u64> {
        match e.fetch(self, Fetch::Count).await? {
            Fetched::Count(n) => Ok(n),
            Fetched::Rows(rows) => Ok(u64::try_from(rows.len()).unwrap_or(u64::MAX)),
        }
    }

    pub async fn fetch_all<E: Exec>(self, e: E) -> StoreResult<Vec<E::Row>> {
        match e.fetch(self, Fetch::All).await? {
            Fetched::Rows(rows) => Ok(rows),
            Fetched::Count(_) => Ok(Vec::new()),
        }
    }

    pub async fn fetch_optional<E: Exec>(self, e: E) -> StoreResult<Option<E::Row>> {
        match e.fetch(self, Fetch::Optional).await? {
            Fetched::Rows(rows) => Ok(rows.into_iter().next()),
            Fetched::Count(_) => Ok(None),
        }
    }

    pub async fn fetch_one<E: Exec>(self, e: E) -> StoreResult<E::Row> {
        self.fetch_optional(e)
            .await?
            .ok_or(StoreError::Database(sqlx::Error::RowNotFound))
    }
}

/// `sql` for one database: its tokens replaced by that database's SQL.
pub fn expand<'a>(sql: &'a str, next_seq: &str, bytewise: &str) -> Cow<'a, str> {
    if sql.contains('{') {
        Cow::Owned(
            sql.replace("{next_seq}", next_seq)
                .replace("{bytewise}", bytewise),
        )
    } else {
        Cow::Borrowed(sql)
    }
}

/// What a statement is run for: the count of rows it changed, all rows it reads, or at most one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fetch {
    Count,
    All,
    Optional,
}

/// What a statement answered (see [`Fetch`]).
pub enum Fetched<R> {
    Count(u64),
    Rows(Vec<R>),
}

/// Run a bound sqlx query for `want` (each database's [`Conn::fetch`] binds, then calls this).
pub async fn fetch<'q, 'c, DB, E>(
    query: sqlx::query::Query<'q, DB, <DB as Database>::Arguments<'q>>,
    executor: E,
    want: Fetch,
    rows_affected: fn(&DB::QueryResult) -> u64,
) -> StoreResult<Fetched<DB::Row>>
where
    DB: Database,
    <DB as Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    E: sqlx::Executor<'c, Database = DB>,
{
    Ok(match want {
        Fetch::Count => Fetched::Count(rows_affected(&query.execute(executor).await?)),
        Fetch::All => Fetched::Rows(query.fetch_all(executor).await?),
        Fetch::Optional => {
            Fetched::Rows(query.fetch_optional(executor).await?.into_iter().collect())
        }
    })
}

/// A connection of one database: runs statements and knows its dialect.
pub trait Conn: Send {
    type Row: Columns + Send;

    /// `{next_seq}`: the next change sequence value.
    const NEXT_SEQ: &'static str;
    /// `{bytewise}`: the collation that orders text by its bytes.
    const BYTEWISE: &'static str;

    /// Run `sql` (tokens already replaced) with `values` bound.
    fn fetch(
        &mut self,
        sql: &str,
        values: Vec<Value<'_>>,
        want: Fetch,
    ) -> impl Future<Output = StoreResult<Fetched<Self::Row>>> + Send;

    /// Serialise catalog writers until the transaction ends (PostgreSQL: an advisory lock, so sequence values
    /// become visible in order; SQLite: nothing, its write transaction already excludes other writers).
    fn lock_catalog(&mut self) -> impl Future<Output = StoreResult<()>> + Send;

    /// Count `taken` values of the change sequence that statements took through `{next_seq}` (SQLite's
    /// counter row; PostgreSQL's `nextval` counted them itself).
    fn seq_taken(&mut self, taken: u64) -> impl Future<Output = StoreResult<()>> + Send;

    /// Take `n` values of the change sequence, ascending, for rows written with explicit values (many rows in
    /// one statement, where `{next_seq}` would give them all the same value on SQLite).
    fn take_seqs(&mut self, n: u64) -> impl Future<Output = StoreResult<Vec<i64>>> + Send;
}

/// Run a statement that takes one change sequence value (`{next_seq}`) for the row it writes, if any.
pub async fn write_change<C: Conn>(conn: &mut C, stmt: Stmt<'_>) -> StoreResult<()> {
    write_change_count(conn, stmt).await.map(drop)
}

/// [`write_change`], answering how many rows it wrote (0 or 1).
pub async fn write_change_count<C: Conn>(conn: &mut C, stmt: Stmt<'_>) -> StoreResult<u64> {
    let rows = stmt.execute(&mut *conn).await?;
    conn.seq_taken(rows).await?;
    Ok(rows)
}

/// A database both stores' table modules run on (SQLite or PostgreSQL).
pub trait Db: Database<Connection: Conn> {
    /// Opens a write transaction (SQLite takes the write lock up front).
    const BEGIN_WRITE: &'static str;
    /// Opens a read transaction in which every statement sees the same snapshot.
    const BEGIN_SNAPSHOT: &'static str;
    /// Whether text may hold U+0000 (PostgreSQL text cannot).
    const NUL_IN_TEXT: bool;
    /// Ends a `SELECT` whose rows the statement around it takes: PostgreSQL skips rows another transaction
    /// holds (`FOR UPDATE SKIP LOCKED`); SQLite has one writer at a time and needs nothing.
    const SKIP_LOCKED: &'static str;
}

/// The row type of database `D`.
pub type RowOf<D> = <<D as Database>::Connection as Conn>::Row;

pub async fn begin_write<D: Db>(pool: &Pool<D>) -> StoreResult<Transaction<'static, D>> {
    Ok(pool.begin_with(D::BEGIN_WRITE).await?)
}

pub async fn begin_snapshot<D: Db>(pool: &Pool<D>) -> StoreResult<Transaction<'static, D>> {
    Ok(pool.begin_with(D::BEGIN_SNAPSHOT).await?)
}

/// A text key compared with stored ones: where text cannot hold U+0000 no stored key does, so "after a\0b"
/// is exactly "after a".
pub fn text_key<D: Db>(key: String) -> String {
    match key.split_once('\0') {
        Some((head, _)) if !D::NUL_IN_TEXT => head.to_owned(),
        _ => key,
    }
}

/// Where a statement runs: a pool (one connection for the statement) or a connection.
pub trait Exec: Send + Sized {
    type Row: Columns + Send;

    fn fetch(
        self,
        s: Stmt<'_>,
        want: Fetch,
    ) -> impl Future<Output = StoreResult<Fetched<Self::Row>>> + Send;
}

impl<C: Conn> Exec for &mut C {
    type Row = C::Row;

    async fn fetch(self, s: Stmt<'_>, want: Fetch) -> StoreResult<Fetched<Self::Row>> {
        let sql = expand(s.sql, C::NEXT_SEQ, C::BYTEWISE);
        Conn::fetch(self, &sql, s.values, want).await
    }
}

impl<D: Db> Exec for &Pool<D> {
    type Row = RowOf<D>;

    async fn fetch(self, s: Stmt<'_>, want: Fetch) -> StoreResult<Fetched<Self::Row>> {
        Exec::fetch(&mut *self.acquire().await?, s, want).await
    }
}

/// Reading a row's columns by name. Each database implements the `opt_*` readers; a NULL where a value is
/// required is corrupt data.
pub trait Columns {
    fn opt_text(&self, col: &str) -> StoreResult<Option<String>>;
    /// Any integer column width.
    fn opt_int(&self, col: &str) -> StoreResult<Option<i64>>;
    fn opt_flag(&self, col: &str) -> StoreResult<Option<bool>>;
    fn opt_uuid(&self, col: &str) -> StoreResult<Option<Uuid>>;
    fn opt_time(&self, col: &str) -> StoreResult<Option<DateTime<Utc>>>;
    fn opt_decimal(&self, col: &str) -> StoreResult<Option<Decimal>>;
    /// A JSON column's text.
    fn opt_json_text(&self, col: &str) -> StoreResult<Option<String>>;

    fn text(&self, col: &str) -> StoreResult<String> {
        required(self.opt_text(col)?, col)
    }
    fn int(&self, col: &str) -> StoreResult<i64> {
        required(self.opt_int(col)?, col)
    }
    fn flag(&self, col: &str) -> StoreResult<bool> {
        required(self.opt_flag(col)?, col)
    }
    fn uuid(&self, col: &str) -> StoreResult<Uuid> {
        required(self.opt_uuid(col)?, col)
    }
    fn time(&self, col: &str) -> StoreResult<DateTime<Utc>> {
        required(self.opt_time(col)?, col)
    }
    fn decimal(&self, col: &str) -> StoreResult<Decimal> {
        required(self.opt_decimal(col)?, col)
    }
    fn json_text(&self, col: &str) -> StoreResult<String> {
        required(self.opt_json_text(col)?, col)
    }
    /// A JSON column, parsed.
    fn json<T: DeserializeOwned>(&self, col: &str) -> StoreResult<T> {
        parse_json(&self.json_text(col)?, col)
    }
    fn opt_json<T: DeserializeOwned>(&self, col: &str) -> StoreResult<Option<T>> {
        self.opt_json_text(col)?
            .map(|t| parse_json(&t, col))
            .transpose()
    }
    /// A unit enum stored as its serde name.
    fn enumerated<T: DeserializeOwned>(&self, col: &str) -> StoreResult<T> {
        parse_enum(self.text(col)?, col)
    }
}

fn required<T>(value: Option<T>, col: &str) -> StoreResult<T> {
    value.ok_or_else(|| StoreError::Corrupt(format!("{col} is NULL")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_expand_and_plain_sql_is_borrowed() {
        assert!(matches!(
            expand("SELECT 1", "nextval('s')", ""),
            Cow::Borrowed(_)
        ));
        assert_eq!(
            expand(
                "UPDATE t SET s = {next_seq} ORDER BY n {bytewise}",
                "N",
                "B"
            ),
            "UPDATE t SET s = N ORDER BY n B"
        );
    }

    #[test]
    fn values_keep_their_type_when_null() {
        let s = sql("$1 $2 $3")
            .bind(None::<Uuid>)
            .bind(Some("a"))
            .bind(Json("[]".into()));
        assert_eq!(
            s.values,
            vec![
                Value::Uuid(None),
                Value::Text(Some(Cow::Borrowed("a"))),
                Value::Json(Some("[]".into()))
            ]
        );
    }
}
