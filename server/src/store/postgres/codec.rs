//! The row codec on PostgreSQL: native UUID, TIMESTAMPTZ, NUMERIC, BOOLEAN and JSONB columns. Implements
//! [`Conn`] and [`Columns`] for the shared table modules.

use super::CATALOG_LOCK;
use crate::store::sql::{fetch, Columns, Conn, Db, Fetch, Fetched, Value};
use crate::store::StoreResult;
use chrono::{DateTime, Utc};
use shared::Decimal;
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::{
    PgArgumentBuffer, PgArguments, PgConnection, PgQueryResult, PgRow, PgTypeInfo, PgValueFormat,
    PgValueRef,
};
use sqlx::query::Query;
use sqlx::{Column, Decode, Encode, Postgres, Row, Type, TypeInfo, ValueRef};
use uuid::Uuid;

impl Db for Postgres {
    const BEGIN_WRITE: &'static str = "BEGIN";
    const BEGIN_SNAPSHOT: &'static str = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
    const NUL_IN_TEXT: bool = false;
    const SKIP_LOCKED: &'static str = " FOR UPDATE SKIP LOCKED";
}

const NEXT_SEQ: &str = "nextval('change_seq')";
const BYTEWISE: &str = "COLLATE \"C\"";

/// JSON as text, bound to and read from JSONB (or JSON) columns.
struct JsonText(String);

impl Type<Postgres> for JsonText {
    fn type_info() -> PgTypeInfo {
        PgTypeInfo::with_name("jsonb")
    }

    fn compatible(ty: &PgTypeInfo) -> bool {
        matches!(ty.name(), "JSONB" | "JSON")
    }
}

impl Encode<'_, Postgres> for JsonText {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        // JSONB's binary format: version 1, then the text.
        buf.push(1);
        buf.extend_from_slice(self.0.as_bytes());
        Ok(IsNull::No)
    }
}

impl<'r> Decode<'r, Postgres> for JsonText {
    fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
        let binary_jsonb =
            value.format() == PgValueFormat::Binary && value.type_info().name() == "JSONB";
        let mut bytes = value.as_bytes()?;
        if binary_jsonb {
            match bytes.split_first() {
                Some((1, rest)) => bytes = rest,
                _ => return Err("unsupported JSONB format version".into()),
            }
        }
        Ok(JsonText(std::str::from_utf8(bytes)?.to_owned()))
    }
}

fn bind<'q>(sql: &'q str, values: Vec<Value<'q>>) -> Query<'q, Postgres, PgArguments> {
    values
        .into_iter()
        .fold(sqlx::query(sql), |q, value| match value {
            Value::Text(v) => q.bind(v),
            Value::Int(v) => q.bind(v),
            Value::Bool(v) => q.bind(v),
            Value::Uuid(v) => q.bind(v),
            Value::Time(v) => q.bind(v),
            Value::Decimal(v) => q.bind(v),
            Value::Json(v) => q.bind(v.map(JsonText)),
        })
}

impl Conn for PgConnection {
    type Row = PgRow;

    const NEXT_SEQ: &'static str = NEXT_SEQ;
    const BYTEWISE: &'static str = BYTEWISE;

    async fn fetch(
        &mut self,
        sql: &str,
        values: Vec<Value<'_>>,
        want: Fetch,
    ) -> StoreResult<Fetched<PgRow>> {
        fetch(bind(sql, values), self, want, PgQueryResult::rows_affected).await
    }

    async fn lock_catalog(&mut self) -> StoreResult<()> {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(CATALOG_LOCK)
            .execute(self)
            .await?;
        Ok(())
    }

    async fn seq_taken(&mut self, _taken: u64) -> StoreResult<()> {
        Ok(())
    }

    async fn take_seqs(&mut self, n: u64) -> StoreResult<Vec<i64>> {
        let n = i64::try_from(n).unwrap_or(i64::MAX);
        let mut seqs: Vec<i64> =
            sqlx::query_scalar("SELECT nextval('change_seq') FROM generate_series(1, $1::BIGINT)")
                .bind(n)
                .fetch_all(self)
                .await?;
        seqs.sort_unstable();
        Ok(seqs)
    }
}

impl Columns for PgRow {
    fn opt_text(&self, col: &str) -> StoreResult<Option<String>> {
        Ok(self.try_get(col)?)
    }

    fn opt_int(&self, col: &str) -> StoreResult<Option<i64>> {
        Ok(match self.try_column(col)?.type_info().name() {
            "INT2" => self.try_get::<Option<i16>, _>(col)?.map(i64::from),
            "INT4" => self.try_get::<Option<i32>, _>(col)?.map(i64::from),
            _ => self.try_get(col)?,
        })
    }

    fn opt_flag(&self, col: &str) -> StoreResult<Option<bool>> {
        Ok(self.try_get(col)?)
    }

    fn opt_uuid(&self, col: &str) -> StoreResult<Option<Uuid>> {
        Ok(self.try_get(col)?)
    }

    fn opt_time(&self, col: &str) -> StoreResult<Option<DateTime<Utc>>> {
        Ok(self.try_get(col)?)
    }

    fn opt_decimal(&self, col: &str) -> StoreResult<Option<Decimal>> {
        Ok(self.try_get(col)?)
    }

    fn opt_json_text(&self, col: &str) -> StoreResult<Option<String>> {
        Ok(self.try_get::<Option<JsonText>, _>(col)?.map(|j| j.0))
    }
}
