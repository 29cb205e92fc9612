//! The back office's loyalty and gift card writes and reads on both databases (migration `0011_loyalty`): the
//! programme settings (versioned; the point value is the chain policy's, which every till pulls), a customer's account with its ledgers, manual point adjustments, gift cards
//! sold, reloaded and cashed out, and the liability report. Every write moves its balance (on the change
//! sequence, under the catalog lock, so tills pull it), adds its ledger row and its audit entry in one
//! transaction; a refused one writes nothing.

use super::auth::{audit, NewAudit};
use super::ledgers;
use super::sql::{begin_write, sql, write_change, Columns, Conn, Db, Json};
use super::{StoreError, StoreFuture, StoreResult};
use crate::push::LedgerRow;
use crate::store::backend::Backend;
use shared::loyalty::expiry::{expiring, Booked};
use shared::loyalty::gift_card::{self, GiftCardError};
use shared::loyalty::wire::{
    CreditEntry, CreditKind, ExpiryRun, GiftCardEntry, GiftCardKind, GiftCardLedger, Liability,
    LoyaltyAccount, LoyaltySettings, PointsAdjustment, PointsEntry, PointsKind,
};
use shared::loyalty::{check_adjustment, LoyaltyError};
use shared::Decimal;
use sqlx::Pool;
use std::collections::BTreeMap;
use uuid::Uuid;

/// Ledger lines an account or card shows, newest first.
pub const LEDGER_LINES: i64 = 200;

fn refused(code: &'static str, e: impl ToString) -> StoreError {
    StoreError::Refused {
        code,
        field: None,
        message: e.to_string(),
    }
}

fn loyalty_refused(e: LoyaltyError) -> StoreError {
    match e {
        LoyaltyError::Invalid { field, problem } => StoreError::Refused {
            code: "invalid_field",
            message: format!("{field}: {problem}"),
            field: Some(field),
        },
        LoyaltyError::BeyondBalance { .. } => refused("points_beyond_balance", e),
        other => refused("invalid_adjustment", other),
    }
}

fn gift_card_refused(e: GiftCardError) -> StoreError {
    let code = match e {
        GiftCardError::BadNumber(_) | GiftCardError::BadAmount(_) => "invalid_gift_card",
        _ => "cash_out_refused",
    };
    refused(code, e)
}

async fn point_value<C: Conn>(conn: &mut C) -> StoreResult<Option<Decimal>> {
    let row = sql("SELECT loyalty_point_value FROM store_policy WHERE id = 1")
        .fetch_optional(conn)
        .await?;
    Ok(row
        .map(|r| r.opt_decimal("loyalty_point_value"))
        .transpose()?
        .flatten())
}

async fn settings_in<C: Conn>(conn: &mut C) -> StoreResult<LoyaltySettings> {
    let row = sql("SELECT programme, cash_out_limits, version FROM loyalty_settings WHERE id = 1")
        .fetch_optional(&mut *conn)
        .await?;
    let point_value = point_value(&mut *conn).await?;
    match row {
        None => Ok(LoyaltySettings {
            point_value,
            ..LoyaltySettings::default()
        }),
        Some(r) => Ok(LoyaltySettings {
            programme: r.json("programme")?,
            cash_out_limits: r.json::<BTreeMap<Uuid, Decimal>>("cash_out_limits")?,
            point_value,
            version: r.int("version")?,
        }),
    }
}

/// The chain's loyalty settings (the default programme, version 0, when none is set).
pub async fn settings<D: Db>(pool: &Pool<D>) -> StoreResult<LoyaltySettings> {
    settings_in(&mut *pool.acquire().await?).await
}

/// Replace the settings from the version the caller read, with its audit entry.
pub async fn put_settings<D: Db>(
    pool: &Pool<D>,
    upd: &LoyaltySettings,
    entry: &NewAudit,
) -> StoreResult<LoyaltySettings> {
    upd.programme.validate().map_err(|e| match e {
        LoyaltyError::Invalid { field, problem } => loyalty_refused(LoyaltyError::Invalid {
            field: format!("programme.{field}"),
            problem,
        }),
        other => loyalty_refused(other),
    })?;
    if let Some((store, _)) = upd
        .cash_out_limits
        .iter()
        .find(|(_, l)| **l < Decimal::ZERO)
    {
        return Err(StoreError::Refused {
            code: "invalid_field",
            field: Some(format!("cash_out_limits.{store}")),
            message: format!("cash_out_limits.{store}: must not be negative"),
        });
    }
    if upd.point_value.is_some_and(|v| v <= Decimal::ZERO) {
        return Err(StoreError::Refused {
            code: "invalid_field",
            field: Some("point_value".into()),
            message: "point_value: must be above 0 (or left out)".into(),
        });
    }
    let mut tx = begin_write(pool).await?;
    tx.lock_catalog().await?;
    let current = settings_in(&mut *tx).await?;
    if current.version != upd.version {
        return Err(StoreError::StaleVersion {
            what: "loyalty settings",
            id: "1".into(),
            current: current.version,
            given: upd.version,
        });
    }
    sql(
        "INSERT INTO loyalty_settings (id, programme, cash_out_limits, version) VALUES (1, $1, $2, $3) \
         ON CONFLICT (id) DO UPDATE SET programme = excluded.programme, \
         cash_out_limits = excluded.cash_out_limits, version = excluded.version",
    )
    .bind(Json::of(&upd.programme)?)
    .bind(Json::of(&upd.cash_out_limits)?)
    .bind(upd.version + 1)
    .execute(&mut *tx)
    .await?;
    if current.point_value != upd.point_value {
        // Every store's tills pull their `Policy` again, with the new value.
        let stmt = sql(
            "UPDATE store_policy SET loyalty_point_value = $1, change_seq = {next_seq} WHERE id = 1",
        )
        .bind(upd.point_value);
        write_change(&mut *tx, stmt).await?;
    }
    let stored = settings_in(&mut *tx).await?;
    audit::insert(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(stored)
}

async fn account_in<C: Conn>(conn: &mut C, customer: &str) -> StoreResult<Option<LoyaltyAccount>> {
    let Some(row) = sql("SELECT store_credit, loyalty_points FROM customers WHERE id = $1")
        .bind(customer)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let lifetime = ledgers::lifetime(&mut *conn, customer).await?;
    let tier = ledgers::programme(&mut *conn)
        .await?
        .and_then(|(p, _)| p.tier(lifetime).map(|t| t.name.clone()));
    let points = sql(
        "SELECT customer_id, points, kind, source_id, reason, at FROM loyalty_ledger \
         WHERE customer_id = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(customer)
    .bind(LEDGER_LINES)
    .fetch_all(&mut *conn)
    .await?;
    let credit = sql(
        "SELECT customer_id, amount, kind, source_id, reason, at FROM store_credit_ledger \
         WHERE customer_id = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(customer)
    .bind(LEDGER_LINES)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Some(LoyaltyAccount {
        customer_id: customer.to_owned(),
        points: row.int("loyalty_points")?,
        lifetime_points: lifetime,
        tier,
        store_credit: row.decimal("store_credit")?,
        points_ledger: points
            .iter()
            .map(points_entry)
            .collect::<StoreResult<_>>()?,
        credit_ledger: credit
            .iter()
            .map(credit_entry)
            .collect::<StoreResult<_>>()?,
    }))
}

fn kind<T>(parsed: Option<T>, stored: &str) -> StoreResult<T> {
    parsed.ok_or_else(|| StoreError::Corrupt(format!("ledger kind {stored:?}")))
}

fn points_entry(r: &impl Columns) -> StoreResult<PointsEntry> {
    let k = r.text("kind")?;
    Ok(PointsEntry {
        customer_id: r.text("customer_id")?,
        points: r.int("points")?,
        kind: kind(PointsKind::parse(&k), &k)?,
        source: Some(r.uuid("source_id")?),
        reason: r.text("reason")?,
        at: r.time("at")?,
    })
}

fn credit_entry(r: &impl Columns) -> StoreResult<CreditEntry> {
    let k = r.text("kind")?;
    Ok(CreditEntry {
        customer_id: r.text("customer_id")?,
        amount: r.decimal("amount")?,
        kind: kind(CreditKind::parse(&k), &k)?,
        source: Some(r.uuid("source_id")?),
        reason: r.text("reason")?,
        at: r.time("at")?,
    })
}

fn gift_card_entry(r: &impl Columns) -> StoreResult<GiftCardEntry> {
    let k = r.text("kind")?;
    Ok(GiftCardEntry {
        code: r.text("code")?,
        amount: r.decimal("amount")?,
        kind: kind(GiftCardKind::parse(&k), &k)?,
        source: Some(r.uuid("source_id")?),
        reason: r.text("reason")?,
        at: r.time("at")?,
    })
}

/// A customer's points, tier, store credit and ledgers (`None`: no such customer).
pub async fn account<D: Db>(pool: &Pool<D>, customer: &str) -> StoreResult<Option<LoyaltyAccount>> {
    account_in(&mut *pool.acquire().await?, customer).await
}

fn api_row<K, A>(kind: K, account: &str, amount: A) -> LedgerRow<K, A> {
    LedgerRow {
        source: Uuid::now_v7(),
        mutation_id: Uuid::nil(),
        kind,
        account: account.to_owned(),
        amount,
    }
}

/// Adjust a customer's points by hand (rule **adjustment**: a reason, never 0, never below 0), audited.
pub async fn adjust<D: Db>(
    pool: &Pool<D>,
    customer: &str,
    adj: &PointsAdjustment,
    entry: &NewAudit,
) -> StoreResult<LoyaltyAccount> {
    let mut tx = begin_write(pool).await?;
    tx.lock_catalog().await?;
    let row = sql("SELECT loyalty_points FROM customers WHERE id = $1")
        .bind(customer)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(row) = row else {
        return Err(StoreError::Missing {
            what: "customer",
            id: customer.to_owned(),
        });
    };
    let balance = row.int("loyalty_points")?;
    check_adjustment(balance, adj.points, &adj.reason).map_err(loyalty_refused)?;
    let stmt =
        sql("UPDATE customers SET loyalty_points = $1, change_seq = {next_seq} WHERE id = $2")
            .bind(balance.saturating_add(adj.points))
            .bind(customer);
    write_change(&mut *tx, stmt).await?;
    let r = api_row(PointsKind::Adjusted, customer, adj.points);
    ledgers::insert(&mut *tx, &r, adj.reason.trim(), entry.at).await?;
    audit::insert(&mut *tx, entry).await?;
    let account = account_in(&mut *tx, customer).await?;
    tx.commit().await?;
    account.ok_or_else(|| StoreError::Corrupt(format!("customer {customer} vanished")))
}

/// Expire points by the rule **points expiry** at `entry.at` (the server's clock): each customer with points
/// loses what is left of credits older than the programme's expiry, as an `expired` row; audited once.
pub async fn expire<D: Db>(pool: &Pool<D>, entry: &NewAudit) -> StoreResult<ExpiryRun> {
    let mut tx = begin_write(pool).await?;
    tx.lock_catalog().await?;
    let days = ledgers::programme(&mut *tx)
        .await?
        .and_then(|(p, _)| p.expiry_days);
    let mut run = ExpiryRun::default();
    if let Some(days) = days {
        let holders =
            sql("SELECT id, loyalty_points FROM customers WHERE loyalty_points > 0 ORDER BY id")
                .fetch_all(&mut *tx)
                .await?;
        // Read out first: rows are not held across the writes below.
        let holders = holders
            .iter()
            .map(|h| Ok((h.text("id")?, h.int("loyalty_points")?)))
            .collect::<StoreResult<Vec<_>>>()?;
        for (id, balance) in holders {
            let rows = sql("SELECT points, at FROM loyalty_ledger WHERE customer_id = $1")
                .bind(id.as_str())
                .fetch_all(&mut *tx)
                .await?;
            let booked = rows
                .iter()
                .map(|r| {
                    Ok(Booked {
                        points: r.int("points")?,
                        at: r.time("at")?,
                    })
                })
                .collect::<StoreResult<Vec<_>>>()?;
            let due = expiring(&booked, days, entry.at).min(balance);
            if due <= 0 {
                continue;
            }
            let stmt = sql(
                "UPDATE customers SET loyalty_points = $1, change_seq = {next_seq} WHERE id = $2",
            )
            .bind(balance - due)
            .bind(id.as_str());
            write_change(&mut *tx, stmt).await?;
            let r = api_row(PointsKind::Expired, &id, -due);
            let reason = format!("older than {days} days");
            ledgers::insert(&mut *tx, &r, &reason, entry.at).await?;
            run.customers += 1;
            run.points += due;
        }
    }
    let mut entry = entry.clone();
    entry.details = serde_json::json!({ "customers": run.customers, "points": run.points });
    audit::insert(&mut *tx, &entry).await?;
    tx.commit().await?;
    Ok(run)
}

async fn card_balance<C: Conn>(conn: &mut C, code: &str) -> StoreResult<Option<Decimal>> {
    let row = sql("SELECT balance FROM gift_cards WHERE code = $1")
        .bind(code)
        .fetch_optional(conn)
        .await?;
    row.map(|r| r.decimal("balance")).transpose()
}

async fn ledger_in<C: Conn>(conn: &mut C, code: &str) -> StoreResult<Option<GiftCardLedger>> {
    let Some(balance) = card_balance(&mut *conn, code).await? else {
        return Ok(None);
    };
    let rows = sql(
        "SELECT code, amount, kind, source_id, reason, at FROM gift_card_ledger \
         WHERE code = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(code)
    .bind(LEDGER_LINES)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Some(GiftCardLedger {
        code: code.to_owned(),
        balance,
        entries: rows
            .iter()
            .map(gift_card_entry)
            .collect::<StoreResult<_>>()?,
    }))
}

/// A gift card's balance and ledger (`None`: no such card).
pub async fn gift_card_ledger<D: Db>(
    pool: &Pool<D>,
    code: &str,
) -> StoreResult<Option<GiftCardLedger>> {
    ledger_in(&mut *pool.acquire().await?, code).await
}

/// What happens to a card: sold (a new card), reloaded, cashed out at a store.
#[derive(Clone, Copy, Debug)]
pub enum CardMove {
    Sell(Decimal),
    Reload(Decimal),
    CashOut(Uuid),
}

/// Move a card's balance (rules **gift card number** and **gift card cash out**), with its ledger row and audit
/// entry; answers the card's ledger.
pub async fn move_card<D: Db>(
    pool: &Pool<D>,
    code: &str,
    how: CardMove,
    entry: &NewAudit,
) -> StoreResult<GiftCardLedger> {
    let code = gift_card::card_number(code).map_err(gift_card_refused)?;
    if let CardMove::Sell(a) | CardMove::Reload(a) = how {
        gift_card::check_amount(a).map_err(gift_card_refused)?;
    }
    let mut tx = begin_write(pool).await?;
    tx.lock_catalog().await?;
    let held = card_balance(&mut *tx, &code).await?;
    let (kind, delta) = match (how, held) {
        (CardMove::Sell(_), Some(_)) => return Err(StoreError::Conflict("gift card number")),
        (CardMove::Sell(a), None) => (GiftCardKind::Sold, a),
        (_, None) => {
            return Err(StoreError::Missing {
                what: "gift card",
                id: code,
            })
        }
        (CardMove::Reload(a), Some(_)) => (GiftCardKind::Reloaded, a),
        (CardMove::CashOut(store), Some(balance)) => {
            let limit = settings_in(&mut *tx)
                .await?
                .cash_out_limits
                .get(&store)
                .copied();
            let paid = gift_card::cash_out(balance, limit).map_err(gift_card_refused)?;
            (GiftCardKind::CashedOut, -paid)
        }
    };
    let stmt = match held {
        None => {
            sql("INSERT INTO gift_cards (code, balance, change_seq) VALUES ($1, $2, {next_seq})")
                .bind(code.as_str())
                .bind(delta)
        }
        Some(b) => {
            sql("UPDATE gift_cards SET balance = $2, change_seq = {next_seq} WHERE code = $1")
                .bind(code.as_str())
                .bind(b + delta)
        }
    };
    write_change(&mut *tx, stmt).await?;
    let r = api_row(kind, &code, delta);
    ledgers::insert(&mut *tx, &r, "", entry.at).await?;
    audit::insert(&mut *tx, entry).await?;
    let ledger = ledger_in(&mut *tx, &code).await?;
    tx.commit().await?;
    ledger.ok_or_else(|| StoreError::Corrupt(format!("gift card {code} vanished")))
}

/// What the chain owes: positive point, gift card and store credit balances (summed exactly, in Rust).
pub async fn liability<D: Db>(pool: &Pool<D>) -> StoreResult<Liability> {
    let mut conn = pool.acquire().await?;
    let customers = sql("SELECT store_credit, loyalty_points FROM customers")
        .fetch_all(&mut *conn)
        .await?;
    let (mut points, mut credit) = (0i64, Decimal::ZERO);
    for r in &customers {
        points = points.saturating_add(r.int("loyalty_points")?.max(0));
        credit += r.decimal("store_credit")?.max(Decimal::ZERO);
    }
    let cards = sql("SELECT balance FROM gift_cards")
        .fetch_all(&mut *conn)
        .await?;
    let mut gift_cards = Decimal::ZERO;
    for r in &cards {
        gift_cards += r.decimal("balance")?.max(Decimal::ZERO);
    }
    let value = sql("SELECT loyalty_point_value FROM store_policy WHERE id = 1")
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| r.opt_decimal("loyalty_point_value"))
        .transpose()?
        .flatten();
    Ok(Liability {
        points_outstanding: points,
        points_value: value.map(|v| v * Decimal::from(points)),
        gift_cards,
        store_credit: credit,
    })
}

/// Loyalty and gift cards as the API needs them (implemented once for every backend).
pub trait LoyaltyStore: Send + Sync {
    /// [`settings`].
    fn loyalty_settings(&self) -> StoreFuture<'_, LoyaltySettings>;
    /// [`put_settings`].
    fn put_loyalty_settings<'a>(
        &'a self,
        upd: &'a LoyaltySettings,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, LoyaltySettings>;
    /// [`account`].
    fn loyalty_account<'a>(&'a self, customer: &'a str) -> StoreFuture<'a, Option<LoyaltyAccount>>;
    /// [`adjust`].
    fn adjust_points<'a>(
        &'a self,
        customer: &'a str,
        adj: &'a PointsAdjustment,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, LoyaltyAccount>;
    /// [`gift_card_ledger`].
    fn gift_card_ledger<'a>(&'a self, code: &'a str) -> StoreFuture<'a, Option<GiftCardLedger>>;
    /// [`move_card`].
    fn move_gift_card<'a>(
        &'a self,
        code: &'a str,
        how: CardMove,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, GiftCardLedger>;
    /// [`liability`].
    fn liability(&self) -> StoreFuture<'_, Liability>;
    /// [`expire`].
    fn expire_points<'a>(&'a self, entry: &'a NewAudit) -> StoreFuture<'a, ExpiryRun>;
}

impl<B: Backend> LoyaltyStore for B {
    fn loyalty_settings(&self) -> StoreFuture<'_, LoyaltySettings> {
        Box::pin(settings(self.pool()))
    }

    fn put_loyalty_settings<'a>(
        &'a self,
        upd: &'a LoyaltySettings,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, LoyaltySettings> {
        Box::pin(put_settings(self.pool(), upd, entry))
    }

    fn loyalty_account<'a>(&'a self, customer: &'a str) -> StoreFuture<'a, Option<LoyaltyAccount>> {
        Box::pin(account(self.pool(), customer))
    }

    fn adjust_points<'a>(
        &'a self,
        customer: &'a str,
        adj: &'a PointsAdjustment,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, LoyaltyAccount> {
        Box::pin(adjust(self.pool(), customer, adj, entry))
    }

    fn gift_card_ledger<'a>(&'a self, code: &'a str) -> StoreFuture<'a, Option<GiftCardLedger>> {
        Box::pin(gift_card_ledger(self.pool(), code))
    }

    fn move_gift_card<'a>(
        &'a self,
        code: &'a str,
        how: CardMove,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, GiftCardLedger> {
        Box::pin(move_card(self.pool(), code, how, entry))
    }

    fn liability(&self) -> StoreFuture<'_, Liability> {
        Box::pin(liability(self.pool()))
    }

    fn expire_points<'a>(&'a self, entry: &'a NewAudit) -> StoreFuture<'a, ExpiryRun> {
        Box::pin(expire(self.pool(), entry))
    }
}
