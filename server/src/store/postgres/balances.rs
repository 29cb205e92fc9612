//! Balances on PostgreSQL inside a push: take the catalog lock (balances take change sequence values, which
//! must become visible in order), read the coupons, gift cards and customers a batch touches, write what
//! `push::settle` decided with its ledger rows (`store/ledgers.rs`), and record the flags. Only batches with
//! balance effects take the lock.

use super::CATALOG_LOCK;
use crate::push::{settle, CustomerBalance, Effect, Flag, Held, Keys};
use crate::store::{ledgers, StoreResult};
use chrono::{DateTime, Utc};
use shared::Decimal;
use sqlx::postgres::PgConnection;
use sqlx::Row;
use uuid::Uuid;

/// Settle `effects` against the stored balances and write the outcome (inside the push transaction).
pub async fn apply(
    conn: &mut PgConnection,
    effects: &[Effect],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    if effects.is_empty() {
        return Ok(());
    }
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(CATALOG_LOCK)
        .execute(&mut *conn)
        .await?;
    let keys = Keys::of(effects);
    let mut held = read(conn, &keys).await?;
    ledgers::read_loyalty(&mut *conn, &keys, &mut held).await?;
    let settled = settle(effects, held);
    ledgers::write_settled(&mut *conn, &settled, now).await?;
    if !settled.coupons.is_empty() {
        let (codes, uses): (Vec<&str>, Vec<i64>) = settled
            .coupons
            .iter()
            .map(|(c, u)| (c.as_str(), i64::from(*u)))
            .unzip();
        // WITH ORDINALITY keeps key order, so sequence values follow it as on SQLite.
        sqlx::query(
            "UPDATE coupons c SET remaining_uses = t.uses, change_seq = nextval('change_seq') \
             FROM (SELECT * FROM UNNEST($1::text[], $2::bigint[]) WITH ORDINALITY AS u (code, uses, n) \
             ORDER BY n) AS t WHERE c.code = t.code",
        )
        .bind(codes)
        .bind(uses)
        .execute(&mut *conn)
        .await?;
    }
    if !settled.gift_cards.is_empty() {
        let (codes, balances): (Vec<&str>, Vec<Decimal>) = settled
            .gift_cards
            .iter()
            .map(|(c, b)| (c.as_str(), *b))
            .unzip();
        sqlx::query(
            "UPDATE gift_cards g SET balance = t.balance, change_seq = nextval('change_seq') \
             FROM UNNEST($1::text[], $2::numeric[]) AS t (code, balance) WHERE g.code = t.code",
        )
        .bind(codes)
        .bind(balances)
        .execute(&mut *conn)
        .await?;
    }
    if !settled.customers.is_empty() {
        let mut ids = Vec::new();
        let mut credits = Vec::new();
        let mut points = Vec::new();
        for (id, c) in &settled.customers {
            ids.push(id.as_str());
            credits.push(c.store_credit);
            points.push(c.loyalty_points);
        }
        sqlx::query(
            "UPDATE customers c SET store_credit = t.credit, loyalty_points = t.points, \
             change_seq = nextval('change_seq') \
             FROM UNNEST($1::text[], $2::numeric[], $3::bigint[]) AS t (id, credit, points) WHERE c.id = t.id",
        )
        .bind(ids)
        .bind(credits)
        .bind(points)
        .execute(&mut *conn)
        .await?;
    }
    insert_flags(conn, &settled.flags, now).await
}

/// Record flagged mutations (inside the push transaction), in order.
pub async fn insert_flags(
    conn: &mut PgConnection,
    flags: &[Flag],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    if flags.is_empty() {
        return Ok(());
    }
    let mut mutation: Vec<Uuid> = Vec::new();
    let mut kind: Vec<&str> = Vec::new();
    let mut subject: Vec<&str> = Vec::new();
    let mut detail: Vec<&str> = Vec::new();
    for f in flags {
        mutation.push(f.mutation_id);
        kind.push(f.kind.as_str());
        subject.push(&f.subject);
        detail.push(&f.detail);
    }
    sqlx::query(
        "INSERT INTO ingest_flags (mutation_id, kind, subject, detail, flagged_at) \
         SELECT mutation_id, kind, subject, detail, $5 \
         FROM UNNEST($1::uuid[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY \
         AS t (mutation_id, kind, subject, detail, n) ORDER BY n",
    )
    .bind(mutation)
    .bind(kind)
    .bind(subject)
    .bind(detail)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The stored balances of `keys` (one query per table).
async fn read(conn: &mut PgConnection, keys: &Keys) -> StoreResult<Held> {
    let mut held = Held::default();
    if !keys.coupons.is_empty() {
        let rows = sqlx::query("SELECT code, remaining_uses FROM coupons WHERE code = ANY($1)")
            .bind(&keys.coupons)
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
        let rows = sqlx::query("SELECT code, balance FROM gift_cards WHERE code = ANY($1)")
            .bind(&keys.gift_cards)
            .fetch_all(&mut *conn)
            .await?;
        for row in &rows {
            held.gift_cards
                .insert(row.try_get("code")?, row.try_get("balance")?);
        }
    }
    if !keys.customers.is_empty() {
        let rows = sqlx::query(
            "SELECT id, store_credit, loyalty_points FROM customers WHERE id = ANY($1)",
        )
        .bind(&keys.customers)
        .fetch_all(&mut *conn)
        .await?;
        for row in &rows {
            held.customers.insert(
                row.try_get("id")?,
                CustomerBalance {
                    store_credit: row.try_get("store_credit")?,
                    loyalty_points: row.try_get("loyalty_points")?,
                },
            );
        }
    }
    Ok(held)
}
