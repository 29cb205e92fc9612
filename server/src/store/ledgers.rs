//! The loyalty, gift card and store credit ledgers (migration `0011_loyalty`) on both databases: what a push
//! needs to settle points (the programme, what the refunded sales earned, the earners' lifetime points) and the
//! rows `push::settle` decided, written in the push's transaction beside the balances they move. The API's
//! writes (`store/loyalty.rs`) and catalog writes insert their rows through [`insert`] too, so every balance is
//! the sum of its ledger.

use super::sql::{sql, Bind, Columns, Conn};
use super::StoreResult;
use crate::push::{Held, Keys, LedgerRow, Settled};
use chrono::{DateTime, Utc};
use shared::loyalty::wire::{CreditKind, GiftCardKind, PointsKind};
use shared::loyalty::LoyaltyProgramme;

/// The chain's programme and its version, if one is set.
pub async fn programme<C: Conn>(conn: &mut C) -> StoreResult<Option<(LoyaltyProgramme, i64)>> {
    let row = sql("SELECT programme, version FROM loyalty_settings WHERE id = 1")
        .fetch_optional(conn)
        .await?;
    row.map(|r| Ok((r.json("programme")?, r.int("version")?)))
        .transpose()
}

/// Σ points of `kinds` booked on `customer`.
pub async fn points_of<C: Conn>(
    conn: &mut C,
    customer: &str,
    kinds: &[PointsKind],
) -> StoreResult<i64> {
    let mut total = 0i64;
    for kind in kinds {
        let row = sql(
            "SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) AS total FROM loyalty_ledger \
             WHERE customer_id = $1 AND kind = $2",
        )
        .bind(customer)
        .bind(kind.as_str())
        .fetch_one(&mut *conn)
        .await?;
        total = total.saturating_add(row.int("total")?);
    }
    Ok(total)
}

/// Lifetime points: earned minus reversed (the rule **tier** reads it).
pub async fn lifetime<C: Conn>(conn: &mut C, customer: &str) -> StoreResult<i64> {
    points_of(conn, customer, &[PointsKind::Earned, PointsKind::Reversed]).await
}

/// Fill in what settling the loyalty effects of `keys` needs: the programme, the points each refunded or voided
/// sale earned, and the earners' lifetime points (nothing is read when no effect earns or reverses).
pub async fn read_loyalty<C: Conn>(conn: &mut C, keys: &Keys, held: &mut Held) -> StoreResult<()> {
    if !keys.need_loyalty() {
        return Ok(());
    }
    held.programme = programme(&mut *conn).await?.map(|(p, _)| p);
    for sale in &keys.earning_sales {
        let row = sql(
            "SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) AS total FROM loyalty_ledger \
             WHERE source_id = $1 AND kind = 'earned'",
        )
        .bind(*sale)
        .fetch_one(&mut *conn)
        .await?;
        held.earned.insert(*sale, row.int("total")?);
    }
    if held.programme.is_some() {
        for customer in &keys.earners {
            let points = lifetime(&mut *conn, customer).await?;
            held.lifetime.insert(customer.clone(), points);
        }
    }
    Ok(())
}

/// Write the ledger rows of a settled push at `at` (the push's time).
pub async fn write_settled<C: Conn>(
    conn: &mut C,
    settled: &Settled,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    for r in &settled.points_rows {
        insert(&mut *conn, r, "", at).await?;
    }
    for r in &settled.gift_card_rows {
        insert(&mut *conn, r, "", at).await?;
    }
    for r in &settled.credit_rows {
        insert(&mut *conn, r, "", at).await?;
    }
    Ok(())
}

/// A ledger's kind of entry, and the statement that inserts a row of that ledger (`$1` account, `$2` amount,
/// `$3` kind, `$4` source, `$5` mutation, `$6` reason, `$7` time).
pub trait LedgerKind: Copy {
    const INSERT: &'static str;
    fn name(self) -> &'static str;
}

impl LedgerKind for PointsKind {
    const INSERT: &'static str = "INSERT INTO loyalty_ledger \
        (customer_id, points, kind, source_id, mutation_id, reason, at) VALUES ($1, $2, $3, $4, $5, $6, $7)";
    fn name(self) -> &'static str {
        self.as_str()
    }
}

impl LedgerKind for GiftCardKind {
    const INSERT: &'static str = "INSERT INTO gift_card_ledger \
        (code, amount, kind, source_id, mutation_id, reason, at) VALUES ($1, $2, $3, $4, $5, $6, $7)";
    fn name(self) -> &'static str {
        self.as_str()
    }
}

impl LedgerKind for CreditKind {
    const INSERT: &'static str = "INSERT INTO store_credit_ledger \
        (customer_id, amount, kind, source_id, mutation_id, reason, at) VALUES ($1, $2, $3, $4, $5, $6, $7)";
    fn name(self) -> &'static str {
        self.as_str()
    }
}

/// One ledger row (`mutation_id` nil for rows the API writes, whose source is the request's own id); a second
/// row of the same (source, kind, account) is refused by the database.
pub async fn insert<C, K, A>(
    conn: &mut C,
    r: &LedgerRow<K, A>,
    reason: &str,
    at: DateTime<Utc>,
) -> StoreResult<()>
where
    C: Conn,
    K: LedgerKind,
    A: for<'q> Bind<'q> + Copy,
{
    sql(K::INSERT)
        .bind(r.account.as_str())
        .bind(r.amount)
        .bind(r.kind.name())
        .bind(r.source)
        .bind(Some(r.mutation_id).filter(|m| !m.is_nil()))
        .bind(reason)
        .bind(at)
        .execute(conn)
        .await?;
    Ok(())
}
