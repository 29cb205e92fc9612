//! Quick keys on both databases (migration `0009_quick_keys`): one row per store holding its layout as JSON,
//! with a version and the change sequence value at which that store's tills (and only those) pull it as
//! `Change::QuickKeys`. A write checks the layout rule and that every key names a known product, takes a
//! change sequence value under the catalog lock and is audited in the same transaction.

use super::auth::{audit, NewAudit};
use super::sql::{begin_write, sql, write_change, Columns, Conn, Db, Json};
use super::{pull_page, StoreError, StoreFuture, StoreResult};
use crate::store::backend::Backend;
use shared::catalog::validate::{FieldError, Problem};
use shared::quick_keys::{self, QuickKeys, QuickKeysUpdate};
use shared::sync::Change;
use sqlx::Pool;
use uuid::Uuid;

/// The row of store `$3`, as the pull reads it.
const PULL_SQL: &str =
    "SELECT * FROM (SELECT store_id, layout, version, change_seq FROM quick_keys \
    WHERE store_id = $3) AS quick_keys";

fn from_row(row: &impl Columns) -> StoreResult<QuickKeys> {
    Ok(QuickKeys {
        store_id: row.uuid("store_id")?,
        keys: row.json("layout")?,
        version: row.int("version")?,
    })
}

/// Store `store`'s layout above `after`, inside the pull's snapshot.
pub async fn changes<C: Conn>(
    conn: &mut C,
    after: i64,
    fetch: i64,
    store: Uuid,
    out: &mut Vec<(i64, Change)>,
) -> StoreResult<()> {
    pull_page::changes_of_store(conn, PULL_SQL, after, fetch, store, out, |r| {
        from_row(r).map(Change::QuickKeys)
    })
    .await
}

async fn one<C: Conn>(conn: &mut C, store: Uuid) -> StoreResult<QuickKeys> {
    let row = sql("SELECT store_id, layout, version FROM quick_keys WHERE store_id = $1")
        .bind(store)
        .fetch_optional(conn)
        .await?;
    match row {
        Some(row) => from_row(&row),
        None => Ok(QuickKeys {
            store_id: store,
            keys: Vec::new(),
            version: 0,
        }),
    }
}

/// Store `store`'s layout (no keys, version 0, when none is stored).
pub async fn get<D: Db>(pool: &Pool<D>, store: Uuid) -> StoreResult<QuickKeys> {
    one(&mut *pool.acquire().await?, store).await
}

/// Store `store`'s layout as it should be, from the version the caller read, with its audit entry.
pub async fn put<D: Db>(
    pool: &Pool<D>,
    store: Uuid,
    upd: &QuickKeysUpdate,
    entry: &NewAudit,
) -> StoreResult<QuickKeys> {
    quick_keys::validate(&upd.keys).map_err(StoreError::Invalid)?;
    let mut tx = begin_write(pool).await?;
    tx.lock_catalog().await?;
    let known = sql("SELECT id FROM stores WHERE id = $1")
        .bind(store)
        .fetch_optional(&mut *tx)
        .await?;
    if known.is_none() {
        return Err(StoreError::Missing {
            what: "store",
            id: store.to_string(),
        });
    }
    let mut unknown = Vec::new();
    for (i, key) in upd.keys.iter().enumerate() {
        let found = sql("SELECT id FROM products WHERE id = $1")
            .bind(key.product_id.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        if found.is_none() {
            unknown.push(FieldError::new(
                format!("keys[{i}].product_id"),
                Problem::Unknown(key.product_id.clone()),
            ));
        }
    }
    if !unknown.is_empty() {
        return Err(StoreError::Invalid(unknown));
    }
    let current = one(&mut *tx, store).await?;
    if current.version != upd.version {
        return Err(StoreError::StaleVersion {
            what: "quick keys",
            id: store.to_string(),
            current: current.version,
            given: upd.version,
        });
    }
    let stmt = sql(
        "INSERT INTO quick_keys (store_id, layout, version, change_seq) VALUES ($1, $2, $3, {next_seq}) \
         ON CONFLICT (store_id) DO UPDATE SET layout = excluded.layout, version = excluded.version, \
         change_seq = excluded.change_seq",
    )
    .bind(store)
    .bind(Json::of(&upd.keys)?)
    .bind(upd.version + 1);
    write_change(&mut *tx, stmt).await?;
    let stored = one(&mut *tx, store).await?;
    audit::insert(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(stored)
}

/// Quick keys as the API needs them (implemented once for every backend).
pub trait QuickKeysStore: Send + Sync {
    /// [`get`].
    fn quick_keys(&self, store: Uuid) -> StoreFuture<'_, QuickKeys>;
    /// [`put`].
    fn put_quick_keys<'a>(
        &'a self,
        store: Uuid,
        upd: &'a QuickKeysUpdate,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, QuickKeys>;
}

impl<B: Backend> QuickKeysStore for B {
    fn quick_keys(&self, store: Uuid) -> StoreFuture<'_, QuickKeys> {
        Box::pin(get(self.pool(), store))
    }

    fn put_quick_keys<'a>(
        &'a self,
        store: Uuid,
        upd: &'a QuickKeysUpdate,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, QuickKeys> {
        Box::pin(put(self.pool(), store, upd, entry))
    }
}
