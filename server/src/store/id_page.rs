//! API pages of a table ordered by its text id (products, customers): `limit` rows after a key, and the key to
//! ask for the next page with.

use super::sql::{sql, text_key, Db, RowOf};
use super::StoreResult;
use sqlx::Pool;

/// Rows of `table_sql` (selecting an `id`) ordered by id after `after`: at most `limit`, and the id to page on
/// from when there are more.
pub async fn page<D: Db, T>(
    pool: &Pool<D>,
    table_sql: &str,
    after: Option<String>,
    limit: u32,
    decode: fn(&RowOf<D>) -> StoreResult<T>,
    id_of: fn(&T) -> &String,
) -> StoreResult<(Vec<T>, Option<String>)> {
    let query = format!("{table_sql} WHERE ($1 IS NULL OR id > $1) ORDER BY id LIMIT $2");
    let rows = sql(&query)
        .bind(after.map(text_key::<D>))
        .bind(i64::from(limit) + 1)
        .fetch_all(pool)
        .await?;
    let mut items = rows.iter().map(decode).collect::<StoreResult<Vec<_>>>()?;
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let next_after = if items.len() > limit {
        items.truncate(limit);
        items.last().map(|i| id_of(i).clone())
    } else {
        None
    };
    Ok((items, next_after))
}
