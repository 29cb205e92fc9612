//! The row codec on SQLite: ids, times, decimals and JSON are TEXT (hyphenated UUIDs, fixed-width RFC 3339
//! UTC times, exact decimal strings), flags are 0/1. Implements [`Conn`] and [`Columns`] for the shared table
//! modules, and the conversions the push path uses directly.

pub use crate::store::codec::{enum_text, json_text, parse_json, seq_from_db, seq_to_db};
use crate::store::sql::{fetch, Columns, Conn, Db, Fetch, Fetched, Value};
use crate::store::{StoreError, StoreResult};
use chrono::{DateTime, SecondsFormat, Utc};
use shared::Decimal;
use sqlx::query::Query;
use sqlx::sqlite::{SqliteArguments, SqliteConnection, SqliteQueryResult, SqliteRow};
use sqlx::{Row, Sqlite};
use std::str::FromStr;

impl Db for Sqlite {
    const BEGIN_WRITE: &'static str = super::BEGIN_WRITE;
    const BEGIN_SNAPSHOT: &'static str = "BEGIN";
    const NUL_IN_TEXT: bool = true;
    const SKIP_LOCKED: &'static str = "";
}

/// The next change sequence value, taken by a statement and counted afterwards ([`Conn::seq_taken`]).
const NEXT_SEQ: &str = "(SELECT last_seq + 1 FROM change_counter WHERE id = 1)";
/// SQLite's default collation, named.
const BYTEWISE: &str = "COLLATE BINARY";

fn bind<'q>(sql: &'q str, values: Vec<Value<'q>>) -> Query<'q, Sqlite, SqliteArguments<'q>> {
    values
        .into_iter()
        .fold(sqlx::query(sql), |q, value| match value {
            Value::Text(v) => q.bind(v),
            Value::Int(v) => q.bind(v),
            Value::Bool(v) => q.bind(v),
            Value::Uuid(v) => q.bind(v.map(|u| u.to_string())),
            Value::Time(v) => q.bind(v.map(time_text)),
            Value::Decimal(v) => q.bind(v.map(decimal_text)),
            Value::Json(v) => q.bind(v),
        })
}

impl Conn for SqliteConnection {
    type Row = SqliteRow;

    const NEXT_SEQ: &'static str = NEXT_SEQ;
    const BYTEWISE: &'static str = BYTEWISE;

    async fn fetch(
        &mut self,
        sql: &str,
        values: Vec<Value<'_>>,
        want: Fetch,
    ) -> StoreResult<Fetched<SqliteRow>> {
        fetch(
            bind(sql, values),
            self,
            want,
            SqliteQueryResult::rows_affected,
        )
        .await
    }

    async fn lock_catalog(&mut self) -> StoreResult<()> {
        Ok(())
    }

    async fn seq_taken(&mut self, taken: u64) -> StoreResult<()> {
        if taken > 0 {
            sqlx::query("UPDATE change_counter SET last_seq = last_seq + ? WHERE id = 1")
                .bind(seq_to_db(taken, "change sequence")?)
                .execute(self)
                .await?;
        }
        Ok(())
    }

    async fn take_seqs(&mut self, n: u64) -> StoreResult<Vec<i64>> {
        if n == 0 {
            return Ok(Vec::new());
        }
        let n = seq_to_db(n, "change sequence")?;
        let last: i64 = sqlx::query_scalar(
            "UPDATE change_counter SET last_seq = last_seq + ? WHERE id = 1 RETURNING last_seq",
        )
        .bind(n)
        .fetch_one(self)
        .await?;
        Ok((last - n + 1..=last).collect())
    }
}

impl Columns for SqliteRow {
    fn opt_text(&self, col: &str) -> StoreResult<Option<String>> {
        Ok(self.try_get(col)?)
    }

    fn opt_int(&self, col: &str) -> StoreResult<Option<i64>> {
        Ok(self.try_get(col)?)
    }

    fn opt_flag(&self, col: &str) -> StoreResult<Option<bool>> {
        Ok(self.try_get(col)?)
    }

    fn opt_uuid(&self, col: &str) -> StoreResult<Option<uuid::Uuid>> {
        self.opt_text(col)?.map(|t| parse_uuid(&t, col)).transpose()
    }

    fn opt_time(&self, col: &str) -> StoreResult<Option<DateTime<Utc>>> {
        self.opt_text(col)?.map(|t| parse_time(&t, col)).transpose()
    }

    fn opt_decimal(&self, col: &str) -> StoreResult<Option<Decimal>> {
        self.opt_text(col)?
            .map(|t| parse_decimal(&t, col))
            .transpose()
    }

    fn opt_json_text(&self, col: &str) -> StoreResult<Option<String>> {
        self.opt_text(col)
    }
}

/// Take the next value of the global change sequence (inside the caller's write transaction).
pub async fn next_seq(conn: &mut SqliteConnection) -> StoreResult<i64> {
    let seq = sqlx::query_scalar(
        "UPDATE change_counter SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq",
    )
    .fetch_one(conn)
    .await?;
    Ok(seq)
}

/// Decimals are stored as their exact string form ("12.50").
pub fn decimal_text(d: Decimal) -> String {
    d.to_string()
}

pub fn parse_decimal(s: &str, what: &str) -> StoreResult<Decimal> {
    Decimal::from_str(s)
        .map_err(|e| StoreError::Corrupt(format!("{what} '{s}' is not a decimal: {e}")))
}

/// Timestamps are RFC 3339 UTC with microseconds: fixed width, so text order is time order.
pub fn time_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// A timestamp written by [`time_text`].
pub fn parse_time(s: &str, what: &str) -> StoreResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Corrupt(format!("{what} '{s}' is not a time: {e}")))
}

/// A UUID stored as text.
pub fn parse_uuid(s: &str, what: &str) -> StoreResult<uuid::Uuid> {
    uuid::Uuid::parse_str(s).map_err(|e| StoreError::Corrupt(format!("{what} '{s}': {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn decimals_keep_their_scale() {
        let d = Decimal::new(1250, 2);
        assert_eq!(decimal_text(d), "12.50");
        assert_eq!(
            parse_decimal("12.50", "price").map(decimal_text).ok(),
            Some("12.50".into())
        );
        assert!(parse_decimal("x", "price").is_err());
    }

    #[test]
    fn times_are_fixed_width() {
        let t = Utc
            .with_ymd_and_hms(2026, 1, 2, 3, 4, 5)
            .single()
            .expect("valid date");
        assert_eq!(time_text(t), "2026-01-02T03:04:05.000000Z");
    }
}
