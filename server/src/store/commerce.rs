//! Commerce catalog, on both stores: the store settings and policy, price lists, promotions, customers, coupons and gift
//! cards — writes on the global change sequence (under the caller's catalog lock), their pull changes, and
//! the reads the API and pushes need.

use super::codec::enum_text;
use super::sql::{sql, write_change, Columns, Conn, Db, Json};
use super::{id_page, pull_page, CatalogWrite, StoreError, StoreResult};
use shared::api::CustomerPage;
use shared::catalog::{CustomerRecord, GiftCardBalance, StoreSettings};
use shared::money::Currency;
use shared::policy::StorePolicy;
use shared::price_list::PriceList;
use shared::promotion::{normalize_code, CouponEntry, Promotion};
use shared::sync::Change;
use sqlx::Pool;

/// Write the commerce entities of `catalog` after the products, in pull order.
pub async fn write<C: Conn>(conn: &mut C, catalog: &CatalogWrite) -> StoreResult<()> {
    for list in &catalog.price_lists {
        let stmt = sql(
            "INSERT INTO price_lists (id, name, body, change_seq) VALUES ($1, $2, $3, {next_seq}) \
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, body = excluded.body, \
             change_seq = excluded.change_seq",
        )
        .bind(&list.id)
        .bind(&list.name)
        .bind(Json::of(list)?);
        write_change(conn, stmt).await?;
    }
    for promotion in &catalog.promotions {
        let stmt = sql(
            "INSERT INTO promotions (id, name, active, body, change_seq) \
             VALUES ($1, $2, TRUE, $3, {next_seq}) \
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, active = TRUE, body = excluded.body, \
             change_seq = excluded.change_seq",
        )
        .bind(&promotion.id)
        .bind(&promotion.name)
        .bind(Json::of(promotion)?);
        write_change(conn, stmt).await?;
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
        let stmt = sql(
            "INSERT INTO customers (id, name, customer_group, exemption, store_credit, loyalty_points, \
             change_seq) VALUES ($1, $2, $3, $4, $5, $6, {next_seq}) \
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, customer_group = excluded.customer_group, \
             exemption = excluded.exemption, store_credit = excluded.store_credit, \
             loyalty_points = excluded.loyalty_points, change_seq = excluded.change_seq",
        )
        .bind(&c.id)
        .bind(&c.name)
        .bind(c.group.as_deref())
        .bind(Json::of(&c.exemption)?)
        .bind(c.store_credit)
        .bind(points);
        write_change(conn, stmt).await?;
    }
    for coupon in &catalog.coupons {
        let stmt = sql(
            "INSERT INTO coupons (code, remaining_uses, change_seq) VALUES ($1, $2, {next_seq}) \
             ON CONFLICT (code) DO UPDATE SET remaining_uses = excluded.remaining_uses, \
             change_seq = excluded.change_seq",
        )
        .bind(normalize_code(&coupon.code))
        .bind(coupon.remaining_uses.map(i64::from));
        write_change(conn, stmt).await?;
    }
    for card in &catalog.gift_cards {
        let stmt = sql(
            "INSERT INTO gift_cards (code, balance, change_seq) VALUES ($1, $2, {next_seq}) \
             ON CONFLICT (code) DO UPDATE SET balance = excluded.balance, change_seq = excluded.change_seq",
        )
        .bind(&card.code)
        .bind(card.balance);
        write_change(conn, stmt).await?;
    }
    Ok(())
}

pub async fn put_settings<C: Conn>(conn: &mut C, s: &StoreSettings) -> StoreResult<()> {
    let stmt = sql(
        "INSERT INTO store_settings (id, name, address, currency_code, currency_scale, tax_mode, \
         tax_rounding, rounding, change_seq) VALUES (1, $1, $2, $3, $4, $5, $6, $7, {next_seq}) \
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, address = excluded.address, \
         currency_code = excluded.currency_code, currency_scale = excluded.currency_scale, \
         tax_mode = excluded.tax_mode, tax_rounding = excluded.tax_rounding, \
         rounding = excluded.rounding, change_seq = excluded.change_seq",
    )
    .bind(&s.name)
    .bind(Json::of(&s.address)?)
    .bind(&s.currency.code)
    .bind(i64::from(s.currency.scale))
    .bind(enum_text(&s.tax_mode)?)
    .bind(enum_text(&s.tax_rounding)?)
    .bind(enum_text(&s.rounding)?);
    write_change(conn, stmt).await
}

pub async fn put_policy<C: Conn>(conn: &mut C, policy: &StorePolicy) -> StoreResult<()> {
    let cash_rounding = policy.cash_rounding.as_ref().map(Json::of).transpose()?;
    let stmt = sql(
        "INSERT INTO store_policy (id, cash_rounding, promotion_policy, loyalty_point_value, change_seq) \
         VALUES (1, $1, $2, $3, {next_seq}) ON CONFLICT (id) DO UPDATE SET \
         cash_rounding = excluded.cash_rounding, promotion_policy = excluded.promotion_policy, \
         loyalty_point_value = excluded.loyalty_point_value, change_seq = excluded.change_seq",
    )
    .bind(cash_rounding)
    .bind(enum_text(&policy.promotion_policy)?)
    .bind(policy.loyalty_point_value);
    write_change(conn, stmt).await
}

pub fn settings_from_row(row: &impl Columns) -> StoreResult<StoreSettings> {
    let scale = row.int("currency_scale")?;
    Ok(StoreSettings {
        name: row.text("name")?,
        address: row.json("address")?,
        currency: Currency {
            code: row.text("currency_code")?,
            scale: u32::try_from(scale)
                .map_err(|_| StoreError::Corrupt(format!("currency scale {scale}")))?,
        },
        tax_mode: row.enumerated("tax_mode")?,
        tax_rounding: row.enumerated("tax_rounding")?,
        rounding: row.enumerated("rounding")?,
    })
}

/// The policy columns with the settings, as one row per policy (a subquery, so `change_seq` is unambiguous).
const POLICY_SQL: &str = "SELECT * FROM (SELECT p.cash_rounding, p.promotion_policy, \
    p.loyalty_point_value, p.change_seq, s.name, s.address, s.currency_code, s.currency_scale, s.tax_mode, \
    s.tax_rounding, s.rounding FROM store_policy p JOIN store_settings s ON s.id = 1) AS policy";

fn policy_from_row(row: &impl Columns, settings: StoreSettings) -> StoreResult<StorePolicy> {
    Ok(StorePolicy {
        settings,
        cash_rounding: row.opt_json("cash_rounding")?,
        promotion_policy: row.enumerated("promotion_policy")?,
        loyalty_point_value: row.opt_decimal("loyalty_point_value")?,
    })
}

fn policy_change(row: &impl Columns) -> StoreResult<Change> {
    policy_from_row(row, settings_from_row(row)?).map(Change::Policy)
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

fn customer_from_row(row: &impl Columns) -> StoreResult<CustomerRecord> {
    Ok(CustomerRecord {
        id: row.text("id")?,
        name: row.text("name")?,
        group: row.opt_text("customer_group")?,
        exemption: row.json("exemption")?,
        store_credit: row.decimal("store_credit")?,
        // Overspent offline: terminals see no points left (the deficit is flagged and kept here).
        loyalty_points: u64::try_from(row.int("loyalty_points")?).unwrap_or(0),
    })
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

const CUSTOMERS_SQL: &str =
    "SELECT id, name, customer_group, exemption, store_credit, loyalty_points, change_seq FROM customers";

/// The commerce changes above `after` (at most `fetch` per table), inside the pull's snapshot.
pub async fn changes<C: Conn>(
    conn: &mut C,
    after: i64,
    fetch: i64,
    out: &mut Vec<(i64, Change)>,
) -> StoreResult<()> {
    let tables: [(&str, pull_page::Decode<C::Row>); 6] = [
        (POLICY_SQL, policy_change),
        (
            "SELECT body, change_seq FROM price_lists",
            price_list_change,
        ),
        (
            "SELECT id, active, body, change_seq FROM promotions",
            promotion_change,
        ),
        (CUSTOMERS_SQL, |r| {
            customer_from_row(r).map(Change::Customer)
        }),
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

/// The store's policy: the settings with the policy row (defaults for what is not stored yet).
pub async fn load_policy<C: Conn>(conn: &mut C) -> StoreResult<StorePolicy> {
    if let Some(row) = sql(POLICY_SQL).fetch_optional(&mut *conn).await? {
        return policy_from_row(&row, settings_from_row(&row)?);
    }
    let settings = sql(
        "SELECT name, address, currency_code, currency_scale, tax_mode, tax_rounding, rounding \
         FROM store_settings WHERE id = 1",
    )
    .fetch_optional(conn)
    .await?;
    Ok(match settings {
        Some(row) => StorePolicy::from(settings_from_row(&row)?),
        None => StorePolicy::default(),
    })
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
    let (customers, next_after) =
        id_page::page(pool, CUSTOMERS_SQL, after, limit, customer_from_row, |c| {
            &c.id
        })
        .await?;
    Ok(CustomerPage {
        customers,
        next_after,
    })
}
