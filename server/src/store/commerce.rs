//! Commerce catalog, on both stores: the store settings and policy, price lists, promotions, customers, coupons and gift
//! cards — writes on the global change sequence (under the caller's catalog lock), their pull changes, and
//! the reads the API and pushes need.

use super::codec::enum_text;
use super::sql::{sql, write_change, Columns, Conn, Db, Json};
use super::upsert::Upsert;
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
        Upsert::new("customers", "id", &c.id)
            .col("name", &c.name)
            .col("customer_group", c.group.as_deref())
            .col("exemption", Json::of(&c.exemption)?)
            .col("store_credit", c.store_credit)
            .col("loyalty_points", points)
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
        Upsert::new("gift_cards", "code", &card.code)
            .col("balance", card.balance)
            .write(conn)
            .await?;
    }
    Ok(())
}

pub async fn put_settings<C: Conn>(conn: &mut C, s: &StoreSettings) -> StoreResult<()> {
    Upsert::new("store_settings", "id", 1i64)
        .col("name", &s.name)
        .col("address", Json::of(&s.address)?)
        .col("currency_code", &s.currency.code)
        .col("currency_scale", i64::from(s.currency.scale))
        .col("tax_mode", enum_text(&s.tax_mode)?)
        .col("tax_rounding", enum_text(&s.tax_rounding)?)
        .col("rounding", enum_text(&s.rounding)?)
        .write(conn)
        .await
        .map(drop)
}

pub async fn put_policy<C: Conn>(conn: &mut C, policy: &StorePolicy) -> StoreResult<()> {
    let cash_rounding = policy.cash_rounding.as_ref().map(Json::of).transpose()?;
    Upsert::new("store_policy", "id", 1i64)
        .col("cash_rounding", cash_rounding)
        .col("promotion_policy", enum_text(&policy.promotion_policy)?)
        .col("loyalty_point_value", policy.loyalty_point_value)
        .write(conn)
        .await
        .map(drop)
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
