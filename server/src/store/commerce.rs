//! Commerce catalog, on both stores: price lists, promotions, customers, coupons and gift
//! cards — writes on the global change sequence (under the caller's catalog lock), their pull changes, and
//! the reads the API and pushes need.

use super::sql::{sql, write_change, Columns, Conn, Db, Json};
use super::upsert::Upsert;
use super::{customers, id_page, ledgers, pull_page, CatalogWrite, StoreError, StoreResult};
use crate::push::LedgerRow;
use shared::api::CustomerPage;
use shared::catalog::GiftCardBalance;
use shared::loyalty::wire::{CreditKind, GiftCardKind, PointsKind};
use shared::price_list::PriceList;
use shared::promotion::{normalize_code, CouponEntry, Promotion};
use shared::sync::Change;
use shared::Decimal;
use sqlx::Pool;

/// Write the commerce entities of `catalog` after the products, in pull order.
pub async fn write<C: Conn>(conn: &mut C, catalog: &CatalogWrite) -> StoreResult<()> {
    for list in &catalog.price_lists {
        Upsert::new("price_lists", "id", &list.id)
            .col("name", &list.name)
            .col("body", Json::of(list)?)
            .write(conn)
            .await?;
    }
    for promotion in &catalog.promotions {
        Upsert::new("promotions", "id", &promotion.id)
            .col("name", &promotion.name)
            .col("active", true)
            .col("body", Json::of(promotion)?)
            .write(conn)
            .await?;
    }
    for id in &catalog.removed_promotions {
        let stmt =
            sql("UPDATE promotions SET active = FALSE, change_seq = {next_seq} WHERE id = $1")
                .bind(id);
        write_change(conn, stmt).await?;
    }
    for c in &catalog.customers {
        let points = i64::try_from(c.loyalty_points)
            .map_err(|_| StoreError::Corrupt(format!("loyalty points {}", c.loyalty_points)))?;
        opening_customer(conn, &c.id, c.store_credit, points).await?;
        Upsert::new("customers", "id", &c.id)
            .col("name", &c.name)
            .col("customer_group", c.group.as_deref())
            .col("exemption", Json::of(&c.exemption)?)
            .col("store_credit", c.store_credit)
            .col("loyalty_points", points)
            .col("search_text", c.name.to_lowercase())
            .write(conn)
            .await?;
    }
    for coupon in &catalog.coupons {
        Upsert::new("coupons", "code", normalize_code(&coupon.code))
            .col("remaining_uses", coupon.remaining_uses.map(i64::from))
            .write(conn)
            .await?;
    }
    for card in &catalog.gift_cards {
        opening_gift_card(conn, &card.code, card.balance).await?;
        Upsert::new("gift_cards", "code", &card.code)
            .col("balance", card.balance)
            .write(conn)
            .await?;
    }
    Ok(())
}

/// A ledger row for what a catalog write moves a balance by (kind `adjusted`, reason `catalog write`), so
/// every balance stays the sum of its ledger. Catalog writes (the seed, tests) carry no clock: the row is
/// stamped with the system time.
fn opening<K, A>(kind: K, account: &str, amount: A) -> LedgerRow<K, A> {
    let source = uuid::Uuid::now_v7();
    LedgerRow {
        source,
        mutation_id: uuid::Uuid::nil(),
        kind,
        account: account.to_owned(),
        amount,
    }
}

const CATALOG_WRITE: &str = "catalog write";

async fn opening_customer<C: Conn>(
    conn: &mut C,
    id: &str,
    credit: Decimal,
    points: i64,
) -> StoreResult<()> {
    let row = sql("SELECT store_credit, loyalty_points FROM customers WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    let (old_credit, old_points) = match row {
        Some(r) => (r.decimal("store_credit")?, r.int("loyalty_points")?),
        None => (Decimal::ZERO, 0),
    };
    let now = chrono::Utc::now();
    if credit != old_credit {
        let r = opening(CreditKind::Adjusted, id, credit - old_credit);
        ledgers::insert(&mut *conn, &r, CATALOG_WRITE, now).await?;
    }
    if points != old_points {
        let r = opening(PointsKind::Adjusted, id, points - old_points);
        ledgers::insert(&mut *conn, &r, CATALOG_WRITE, now).await?;
    }
    Ok(())
}

async fn opening_gift_card<C: Conn>(conn: &mut C, code: &str, balance: Decimal) -> StoreResult<()> {
    let row = sql("SELECT balance FROM gift_cards WHERE code = $1")
        .bind(code)
        .fetch_optional(&mut *conn)
        .await?;
    let old = row.map(|r| r.decimal("balance")).transpose()?;
    let kind = if old.is_some() {
        GiftCardKind::Adjusted
    } else {
        GiftCardKind::Sold
    };
    let delta = balance - old.unwrap_or(Decimal::ZERO);
    if delta != Decimal::ZERO {
        let r = opening(kind, code, delta);
        ledgers::insert(&mut *conn, &r, CATALOG_WRITE, chrono::Utc::now()).await?;
    }
    Ok(())
}

fn price_list_change(row: &impl Columns) -> StoreResult<Change> {
    row.json::<PriceList>("body").map(Change::PriceList)
}

fn promotion_change(row: &impl Columns) -> StoreResult<Change> {
    if !row.flag("active")? {
        return Ok(Change::PromotionRemoved {
            id: row.text("id")?,
        });
    }
    row.json::<Promotion>("body").map(Change::Promotion)
}

fn coupon_change(row: &impl Columns) -> StoreResult<Change> {
    Ok(Change::Coupon(CouponEntry {
        code: row.text("code")?,
        remaining_uses: row
            .opt_int("remaining_uses")?
            .map(|u| u32::try_from(u).unwrap_or(u32::MAX)),
    }))
}

fn gift_card_from_row(row: &impl Columns) -> StoreResult<GiftCardBalance> {
    Ok(GiftCardBalance {
        code: row.text("code")?,
        balance: row.decimal("balance")?,
    })
}

/// The commerce changes above `after` (at most `fetch` per table), inside the pull's snapshot.
pub async fn changes<C: Conn>(
    conn: &mut C,
    after: i64,
    fetch: i64,
    out: &mut Vec<(i64, Change)>,
) -> StoreResult<()> {
    let tables: [(&str, pull_page::Decode<C::Row>); 5] = [
        (
            "SELECT body, change_seq FROM price_lists",
            price_list_change,
        ),
        (
            "SELECT id, active, body, change_seq FROM promotions",
            promotion_change,
        ),
        (customers::PULL_SQL, customers::change_of),
        (
            "SELECT code, remaining_uses, change_seq FROM coupons",
            coupon_change,
        ),
        ("SELECT code, balance, change_seq FROM gift_cards", |r| {
            gift_card_from_row(r).map(Change::GiftCard)
        }),
    ];
    for (table_sql, decode) in tables {
        pull_page::changes_of(&mut *conn, table_sql, after, fetch, decode, out).await?;
    }
    Ok(())
}

pub async fn gift_card<D: Db>(pool: &Pool<D>, code: &str) -> StoreResult<Option<GiftCardBalance>> {
    // Where text cannot hold U+0000, no stored code does.
    if !D::NUL_IN_TEXT && code.contains('\0') {
        return Ok(None);
    }
    let row = sql("SELECT code, balance FROM gift_cards WHERE code = $1")
        .bind(code)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(gift_card_from_row).transpose()
}

pub async fn customers_page<D: Db>(
    pool: &Pool<D>,
    after: Option<String>,
    limit: u32,
) -> StoreResult<CustomerPage> {
    let (customers, next_after) = id_page::page(
        pool,
        customers::PULL_SQL,
        after,
        limit,
        customers::from_row,
        |c| &c.id,
    )
    .await?;
    Ok(CustomerPage {
        customers,
        next_after,
    })
}
