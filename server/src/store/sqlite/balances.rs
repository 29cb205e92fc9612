//! Balances on SQLite inside a push: read the coupons, gift cards and customers a batch touches (and what
//! settling points needs, `store/ledgers.rs`), write what `push::settle` decided (each changed balance on the
//! change sequence, with its ledger rows), and record the flags.

use super::codec::next_seq;
use super::codec::{decimal_text, parse_decimal};
use crate::push::{settle, CustomerBalance, Effect, Flag, Held, Keys};
use crate::store::codec::json_text;
use crate::store::{ledgers, StoreResult};
use chrono::{DateTime, Utc};
use sqlx::sqlite::SqliteConnection;
use sqlx::Row;

/// Settle `effects` against the stored balances and write the outcome (inside the push transaction); `now` is
/// `at` as stored text.
pub async fn apply(
    conn: &mut SqliteConnection,
    effects: &[Effect],
    now: &str,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    if effects.is_empty() {
        return Ok(());
    }
    let keys = Keys::of(effects);
    let mut held = read(conn, &keys).await?;
    ledgers::read_loyalty(&mut *conn, &keys, &mut held).await?;
    let settled = settle(effects, held);
    ledgers::write_settled(&mut *conn, &settled, at).await?;
    for (code, left) in &settled.coupons {
        let seq = next_seq(conn).await?;
        sqlx::query("UPDATE coupons SET remaining_uses = ?, change_seq = ? WHERE code = ?")
            .bind(i64::from(*left))
            .bind(seq)
            .bind(code)
            .execute(&mut *conn)
            .await?;
    }
    for (code, balance) in &settled.gift_cards {
        let seq = next_seq(conn).await?;
        sqlx::query("UPDATE gift_cards SET balance = ?, change_seq = ? WHERE code = ?")
            .bind(decimal_text(*balance))
            .bind(seq)
            .bind(code)
            .execute(&mut *conn)
            .await?;
    }
    for (id, c) in &settled.customers {
        let seq = next_seq(conn).await?;
        sqlx::query(
            "UPDATE customers SET store_credit = ?, loyalty_points = ?, change_seq = ? WHERE id = ?",
        )
        .bind(decimal_text(c.store_credit))
        .bind(c.loyalty_points)
        .bind(seq)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    }
    insert_flags(conn, &settled.flags, now).await
}

/// Record flagged mutations (inside the push transaction).
pub async fn insert_flags(
    conn: &mut SqliteConnection,
    flags: &[Flag],
    now: &str,
) -> StoreResult<()> {
    for f in flags {
        sqlx::query(
            "INSERT INTO ingest_flags (mutation_id, kind, subject, detail, flagged_at) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(f.mutation_id.to_string())
        .bind(f.kind.as_str())
        .bind(&f.subject)
        .bind(&f.detail)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The stored balances of `keys` (one query per table).
async fn read(conn: &mut SqliteConnection, keys: &Keys) -> StoreResult<Held> {
    let mut held = Held::default();
    if !keys.coupons.is_empty() {
        let rows = sqlx::query(
            "SELECT code, remaining_uses FROM coupons WHERE code IN (SELECT value FROM json_each(?))",
        )
        .bind(json_text(&keys.coupons)?)
        .fetch_all(&mut *conn)
        .await?;
        for row in &rows {
            let uses: Option<i64> = row.try_get("remaining_uses")?;
            held.coupons.insert(
                row.try_get("code")?,
                uses.map(|u| u32::try_from(u).unwrap_or(u32::MAX)),
            );
        }
    }
    if !keys.gift_cards.is_empty() {
        let rows = sqlx::query(
            "SELECT code, balance FROM gift_cards WHERE code IN (SELECT value FROM json_each(?))",
        )
        .bind(json_text(&keys.gift_cards)?)
        .fetch_all(&mut *conn)
        .await?;
        for row in &rows {
            let balance: String = row.try_get("balance")?;
            held.gift_cards.insert(
                row.try_get("code")?,
                parse_decimal(&balance, "gift card balance")?,
            );
        }
    }
    if !keys.customers.is_empty() {
        let rows = sqlx::query(
            "SELECT id, store_credit, loyalty_points FROM customers \
             WHERE id IN (SELECT value FROM json_each(?))",
        )
        .bind(json_text(&keys.customers)?)
        .fetch_all(&mut *conn)
        .await?;
        for row in &rows {
            let credit: String = row.try_get("store_credit")?;
            held.customers.insert(
                row.try_get("id")?,
                CustomerBalance {
                    store_credit: parse_decimal(&credit, "store credit")?,
                    loyalty_points: row.try_get("loyalty_points")?,
                },
            );
        }
    }
    Ok(held)
}
