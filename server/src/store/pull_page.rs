//! One pull page from the changes a store read (each catalog table's with [`changes_of`]): merged in
//! change-sequence order, cut at the limit, with the cursor to pass next. Stores read at most `limit + 1` rows
//! per catalog table above the cursor.

use super::codec::seq_from_db;
use super::sql::{sql, Columns, Conn};
use super::StoreResult;
use shared::sync::{Change, PullResponse};

/// Build the page from `(change_seq, change)` pairs of all catalog tables (in any order).
pub fn page(mut changes: Vec<(i64, Change)>, cursor: u64, limit: u32) -> StoreResult<PullResponse> {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    changes.sort_by_key(|(seq, _)| *seq);
    let has_more = changes.len() > limit;
    changes.truncate(limit);
    let cursor = match changes.last() {
        Some((seq, _)) => seq_from_db(*seq, "change sequence")?,
        None => cursor,
    };
    Ok(PullResponse {
        changes: changes.into_iter().map(|(_, c)| c).collect(),
        cursor,
        has_more,
    })
}

/// Turns one row of a catalog table into its change.
pub type Decode<R> = fn(&R) -> StoreResult<Change>;

/// One query per catalog table: at most `fetch` rows above `after`, each turned into a change.
pub async fn changes_of<C: Conn>(
    conn: &mut C,
    table_sql: &str,
    after: i64,
    fetch: i64,
    decode: Decode<C::Row>,
    out: &mut Vec<(i64, Change)>,
) -> StoreResult<()> {
    let query = format!("{table_sql} WHERE change_seq > $1 ORDER BY change_seq LIMIT $2");
    let rows = sql(&query).bind(after).bind(fetch).fetch_all(conn).await?;
    for row in &rows {
        out.push((row.int("change_seq")?, decode(row)?));
    }
    Ok(())
}

/// [`changes_of`] for a query about one store: `table_sql` names it as `$3`.
pub async fn changes_of_store<C: Conn>(
    conn: &mut C,
    table_sql: &str,
    after: i64,
    fetch: i64,
    store: uuid::Uuid,
    out: &mut Vec<(i64, Change)>,
    decode: Decode<C::Row>,
) -> StoreResult<()> {
    let query = format!("{table_sql} WHERE change_seq > $1 ORDER BY change_seq LIMIT $2");
    let rows = sql(&query)
        .bind(after)
        .bind(fetch)
        .bind(store)
        .fetch_all(conn)
        .await?;
    for row in &rows {
        out.push((row.int("change_seq")?, decode(row)?));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::catalog::Category;

    fn category(seq: i64) -> (i64, Change) {
        let c = Category {
            id: format!("c{seq}"),
            name: "C".into(),
            position: 1,
        };
        (seq, Change::Category(c))
    }

    #[test]
    fn merges_in_order_and_cuts_at_the_limit() {
        let page = page(vec![category(5), category(2), category(9)], 1, 2).expect("page");
        assert_eq!(page.cursor, 5);
        assert!(page.has_more);
        assert_eq!(page.changes, vec![category(2).1, category(5).1]);
    }

    #[test]
    fn an_empty_page_keeps_the_cursor() {
        let page = page(Vec::new(), 42, 10).expect("page");
        assert_eq!(
            (page.cursor, page.has_more, page.changes.len()),
            (42, false, 0)
        );
    }
}
