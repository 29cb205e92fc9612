//! Idempotency keys on both databases (migration `0013_idempotency`): a request's first answer, stored under
//! (caller, key) so a retry gets it again. [`begin`] claims the key in one transaction (`INSERT … ON CONFLICT
//! DO NOTHING`: of two concurrent requests exactly one inserts); [`finish`] stores the answer; [`abandon`]
//! frees a key whose request failed on the server's side; [`sweep`] deletes keys older than a time.

use super::sql::{begin_write, sql, Columns};
use super::{StoreFuture, StoreResult};
use crate::store::backend::Backend;
use chrono::{DateTime, Utc};
use sqlx::Pool;

/// A request sent with an idempotency key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyedRequest {
    /// Who sent it (`staff:<id>`, `api_key:<id>`, `device:<id>`, with `@<device>` when at a till).
    pub principal: String,
    pub key: String,
    /// Method, path and query.
    pub request: String,
    /// SHA-256 of the body, hex.
    pub body_hash: String,
}

/// A stored answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredAnswer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    /// The body, base64.
    pub body: String,
}

/// What [`begin`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Begun {
    /// The key is new (or its old use expired): the request runs, then [`finish`] or [`abandon`].
    Started,
    /// The first request with this key is still running.
    InFlight,
    /// The key was used for another request (method, path or body).
    Mismatch,
    /// The key's first answer, to replay.
    Done(StoredAnswer),
}

/// Claim `req.key` for `req.principal` at `now`. A use created before `expired_before` counts as absent, and so
/// does an unfinished one created before `stale_before` (its server stopped mid-request).
pub async fn begin<D: super::sql::Db>(
    pool: &Pool<D>,
    req: &KeyedRequest,
    now: DateTime<Utc>,
    expired_before: DateTime<Utc>,
    stale_before: DateTime<Utc>,
) -> StoreResult<Begun> {
    let mut tx = begin_write(pool).await?;
    sql(
        "DELETE FROM idempotency_keys WHERE principal = $1 AND idem_key = $2 \
         AND (created_at < $3 OR (state = 'in_flight' AND created_at < $4))",
    )
    .bind(req.principal.as_str())
    .bind(req.key.as_str())
    .bind(expired_before)
    .bind(stale_before)
    .execute(&mut *tx)
    .await?;
    let inserted = sql(
        "INSERT INTO idempotency_keys (principal, idem_key, request, body_hash, state, created_at) \
         VALUES ($1, $2, $3, $4, 'in_flight', $5) ON CONFLICT (principal, idem_key) DO NOTHING",
    )
    .bind(req.principal.as_str())
    .bind(req.key.as_str())
    .bind(req.request.as_str())
    .bind(req.body_hash.as_str())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let begun = if inserted == 1 {
        Begun::Started
    } else {
        let row = sql(
            "SELECT request, body_hash, state, status, headers, body FROM idempotency_keys \
             WHERE principal = $1 AND idem_key = $2",
        )
        .bind(req.principal.as_str())
        .bind(req.key.as_str())
        .fetch_one(&mut *tx)
        .await?;
        if row.text("request")? != req.request || row.text("body_hash")? != req.body_hash {
            Begun::Mismatch
        } else if row.text("state")? == "in_flight" {
            Begun::InFlight
        } else {
            let headers: Vec<(String, String)> =
                serde_json::from_str(&row.opt_text("headers")?.unwrap_or_default())
                    .unwrap_or_default();
            Begun::Done(StoredAnswer {
                status: u16::try_from(row.int("status")?).unwrap_or(500),
                headers,
                body: row.opt_text("body")?.unwrap_or_default(),
            })
        }
    };
    tx.commit().await?;
    Ok(begun)
}

/// Store the answer of the request that [`begin`] started.
pub async fn finish<D: super::sql::Db>(
    pool: &Pool<D>,
    principal: &str,
    key: &str,
    answer: &StoredAnswer,
) -> StoreResult<()> {
    let headers = serde_json::to_string(&answer.headers).unwrap_or_else(|_| "[]".into());
    sql(
        "UPDATE idempotency_keys SET state = 'done', status = $3, headers = $4, body = $5 \
         WHERE principal = $1 AND idem_key = $2 AND state = 'in_flight'",
    )
    .bind(principal)
    .bind(key)
    .bind(i64::from(answer.status))
    .bind(headers)
    .bind(answer.body.as_str())
    .execute(pool)
    .await?;
    Ok(())
}

/// Free a key whose request did not complete (a 5xx): a retry runs it again.
pub async fn abandon<D: super::sql::Db>(
    pool: &Pool<D>,
    principal: &str,
    key: &str,
) -> StoreResult<()> {
    sql("DELETE FROM idempotency_keys WHERE principal = $1 AND idem_key = $2 AND state = 'in_flight'")
        .bind(principal)
        .bind(key)
        .execute(pool)
        .await?;
    Ok(())
}

/// Delete every key created before `before`; answers how many.
pub async fn sweep<D: super::sql::Db>(pool: &Pool<D>, before: DateTime<Utc>) -> StoreResult<u64> {
    sql("DELETE FROM idempotency_keys WHERE created_at < $1")
        .bind(before)
        .execute(pool)
        .await
}

/// Idempotency keys as the layer needs them (implemented once for every backend).
pub trait IdempotencyStore: Send + Sync {
    /// [`begin`].
    fn idempotency_begin<'a>(
        &'a self,
        req: &'a KeyedRequest,
        now: DateTime<Utc>,
        expired_before: DateTime<Utc>,
        stale_before: DateTime<Utc>,
    ) -> StoreFuture<'a, Begun>;
    /// [`finish`].
    fn idempotency_finish<'a>(
        &'a self,
        principal: &'a str,
        key: &'a str,
        answer: &'a StoredAnswer,
    ) -> StoreFuture<'a, ()>;
    /// [`abandon`].
    fn idempotency_abandon<'a>(&'a self, principal: &'a str, key: &'a str) -> StoreFuture<'a, ()>;
    /// [`sweep`].
    fn idempotency_sweep(&self, before: DateTime<Utc>) -> StoreFuture<'_, u64>;
}

impl<B: Backend> IdempotencyStore for B {
    fn idempotency_begin<'a>(
        &'a self,
        req: &'a KeyedRequest,
        now: DateTime<Utc>,
        expired_before: DateTime<Utc>,
        stale_before: DateTime<Utc>,
    ) -> StoreFuture<'a, Begun> {
        Box::pin(begin(self.pool(), req, now, expired_before, stale_before))
    }

    fn idempotency_finish<'a>(
        &'a self,
        principal: &'a str,
        key: &'a str,
        answer: &'a StoredAnswer,
    ) -> StoreFuture<'a, ()> {
        Box::pin(finish(self.pool(), principal, key, answer))
    }

    fn idempotency_abandon<'a>(&'a self, principal: &'a str, key: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(abandon(self.pool(), principal, key))
    }

    fn idempotency_sweep(&self, before: DateTime<Utc>) -> StoreFuture<'_, u64> {
        Box::pin(sweep(self.pool(), before))
    }
}
