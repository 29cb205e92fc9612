//! Commerce catalog on SQLite: the store policy, price lists, promotions, customers, coupons and gift cards —
//! writes on the global change sequence, their pull changes, and the reads the API and pushes need.

use super::catalog::{changes_of, next_seq, settings_from_row};
use super::codec::{decimal_text, enum_text, json_text, parse_decimal, parse_enum, parse_json};
use crate::store::{CatalogWrite, StoreError, StoreResult};
use shared::api::CustomerPage;
use shared::catalog::{CustomerRecord, GiftCardBalance, StoreSettings};
use shared::policy::StorePolicy;
use shared::price_list::PriceList;
use shared::promotion::{normalize_code, CouponEntry, Promotion};
use shared::sync::Change;
use sqlx::sqlite::{SqliteConnection, SqlitePool, SqliteRow};
use sqlx::Row;

/// Write the commerce entities of `catalog` after the products, in pull order.
pub async fn write(conn: &mut SqliteConnection, catalog: &CatalogWrite) -> StoreResult<()> {
    for list in &catalog.price_lists {
        let seq = next_seq(conn).await?;
        sqlx::query(
            "INSERT INTO price_lists (id, name, body, change_seq) VALUES (?, ?, ?, ?) \
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, body = excluded.body, \
             change_seq = excluded.change_seq",
        )
        .bind(&list.id)
        .bind(&list.name)
        .bind(json_text(list)?)
        .bind(seq)
        .execute(&mut *conn)
        .await?;
    }
    for promotion in &catalog.promotions {
        let seq = next_seq(conn).await?;
        sqlx::query(
            "INSERT INTO promotions (id, name, active, body, change_seq) VALUES (?, ?, 1, ?, ?) \
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, active = 1, body = excluded.body, \
             change_seq = excluded.change_seq",
        )
        .bind(&promotion.id)
        .bind(&promotion.name)
        .bind(json_text(promotion)?)
        .bind(seq)
        .execute(&mut *conn)
        .await?;
    }
    for id in &catalog.removed_promotions {
        let exists: Option<i64> = sqlx::query_scalar("SELECT 1 FROM promotions WHERE id = ?")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
        if exists.is_some() {
            let seq = next_seq(conn).await?;
            sqlx::query("UPDATE promotions SET active = 0, change_seq = ? WHERE id = ?")
                .bind(seq)
                .bind(id)
                .execute(&mut *conn)
                .await?;
        }
    }
    for customer in &catalog.customers {
        put_customer(conn, customer).await?;
    }
    for coupon in &catalog.coupons {
        let seq = next_seq(conn).await?;
        sqlx::query(
            "INSERT INTO coupons (code, remaining_uses, change_seq) VALUES (?, ?, ?) \
             ON CONFLICT (code) DO UPDATE SET remaining_uses = excluded.remaining_uses, \
             change_seq = excluded.change_seq",
        )
        .bind(normalize_code(&coupon.code))
        .bind(coupon.remaining_uses.map(i64::from))
        .bind(seq)
        .execute(&mut *conn)
        .await?;
    }
    for card in &catalog.gift_cards {
        put_gift_card(conn, &card.code, card.balance).await?;
    }
    Ok(())
}

pub async fn put_policy(conn: &mut SqliteConnection, policy: &StorePolicy) -> StoreResult<()> {
    let seq = next_seq(conn).await?;
    let cash_rounding = policy.cash_rounding.as_ref().map(json_text).transpose()?;
    sqlx::query(
        "INSERT INTO store_policy (id, cash_rounding, promotion_policy, loyalty_point_value, change_seq) \
         VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET cash_rounding = excluded.cash_rounding, \
         promotion_policy = excluded.promotion_policy, loyalty_point_value = excluded.loyalty_point_value, \
         change_seq = excluded.change_seq",
    )
    .bind(cash_rounding)
    .bind(enum_text(&policy.promotion_policy)?)
    .bind(policy.loyalty_point_value.map(decimal_text))
    .bind(seq)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn put_customer(conn: &mut SqliteConnection, c: &CustomerRecord) -> StoreResult<()> {
    let seq = next_seq(conn).await?;
    let points = i64::try_from(c.loyalty_points)
        .map_err(|_| StoreError::Corrupt(format!("loyalty points {}", c.loyalty_points)))?;
    sqlx::query(
        "INSERT INTO customers (id, name, customer_group, exemption, store_credit, loyalty_points, change_seq) \
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, \
         customer_group = excluded.customer_group, exemption = excluded.exemption, \
         store_credit = excluded.store_credit, loyalty_points = excluded.loyalty_points, \
         change_seq = excluded.change_seq",
    )
    .bind(&c.id)
    .bind(&c.name)
    .bind(&c.group)
    .bind(json_text(&c.exemption)?)
    .bind(decimal_text(c.store_credit))
    .bind(points)
    .bind(seq)
    .execute(conn)
    .await?;
    Ok(())
}

async fn put_gift_card(
    conn: &mut SqliteConnection,
    code: &str,
    balance: shared::Decimal,
) -> StoreResult<()> {
    let seq = next_seq(conn).await?;
    sqlx::query(
        "INSERT INTO gift_cards (code, balance, change_seq) VALUES (?, ?, ?) \
         ON CONFLICT (code) DO UPDATE SET balance = excluded.balance, change_seq = excluded.change_seq",
    )
    .bind(code)
    .bind(decimal_text(balance))
    .bind(seq)
    .execute(conn)
    .await?;
    Ok(())
}

/// The policy columns with the settings, as one row per policy (a subquery, so `change_seq` is unambiguous).
const POLICY_SQL: &str = "SELECT * FROM (SELECT p.cash_rounding, p.promotion_policy, \
    p.loyalty_point_value, p.change_seq, s.name, s.address, s.currency_code, s.currency_scale, s.tax_mode, \
    s.tax_rounding, s.rounding FROM store_policy p JOIN store_settings s ON s.id = 1)";

fn policy_from_row(row: &SqliteRow, settings: StoreSettings) -> StoreResult<StorePolicy> {
    let cash_rounding: Option<String> = row.try_get("cash_rounding")?;
    let point_value: Option<String> = row.try_get("loyalty_point_value")?;
    Ok(StorePolicy {
        settings,
        cash_rounding: cash_rounding
            .map(|c| parse_json(&c, "cash rounding"))
            .transpose()?,
        promotion_policy: parse_enum(row.try_get("promotion_policy")?, "promotion policy")?,
        loyalty_point_value: point_value
            .map(|v| parse_decimal(&v, "loyalty point value"))
            .transpose()?,
    })
}

fn policy_change(row: &SqliteRow) -> StoreResult<Change> {
    policy_from_row(row, settings_from_row(row)?).map(Change::Policy)
}

fn price_list_change(row: &SqliteRow) -> StoreResult<Change> {
    let body: String = row.try_get("body")?;
    parse_json::<PriceList>(&body, "price list").map(Change::PriceList)
}

fn promotion_change(row: &SqliteRow) -> StoreResult<Change> {
    if !row.try_get::<bool, _>("active")? {
        return Ok(Change::PromotionRemoved {
            id: row.try_get("id")?,
        });
    }
    let body: String = row.try_get("body")?;
    parse_json::<Promotion>(&body, "promotion").map(Change::Promotion)
}

fn customer_from_row(row: &SqliteRow) -> StoreResult<CustomerRecord> {
    let exemption: String = row.try_get("exemption")?;
    let credit: String = row.try_get("store_credit")?;
    let points: i64 = row.try_get("loyalty_points")?;
    Ok(CustomerRecord {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        group: row.try_get("customer_group")?,
        exemption: parse_json(&exemption, "tax exemption")?,
        store_credit: parse_decimal(&credit, "store credit")?,
        // Overspent offline: terminals see no points left (the deficit is flagged and kept here).
        loyalty_points: u64::try_from(points).unwrap_or(0),
    })
}

fn coupon_change(row: &SqliteRow) -> StoreResult<Change> {
    let uses: Option<i64> = row.try_get("remaining_uses")?;
    Ok(Change::Coupon(CouponEntry {
        code: row.try_get("code")?,
        remaining_uses: uses.map(|u| u32::try_from(u).unwrap_or(u32::MAX)),
    }))
}

fn gift_card_from_row(row: &SqliteRow) -> StoreResult<GiftCardBalance> {
    let balance: String = row.try_get("balance")?;
    Ok(GiftCardBalance {
        code: row.try_get("code")?,
        balance: parse_decimal(&balance, "gift card balance")?,
    })
}

const CUSTOMER_COLUMNS: &str =
    "id, name, customer_group, exemption, store_credit, loyalty_points, change_seq";

/// Turns one row into its change.
type Decode = fn(&SqliteRow) -> StoreResult<Change>;

/// The commerce changes above `after` (at most `fetch` per table), inside the pull's read transaction.
pub async fn changes(
    conn: &mut SqliteConnection,
    after: i64,
    fetch: i64,
    out: &mut Vec<(i64, shared::sync::Change)>,
) -> StoreResult<()> {
    let customers_sql = format!("SELECT {CUSTOMER_COLUMNS} FROM customers");
    let tables: [(&str, Decode); 6] = [
        (POLICY_SQL, policy_change),
        (
            "SELECT body, change_seq FROM price_lists",
            price_list_change,
        ),
        (
            "SELECT id, active, body, change_seq FROM promotions",
            promotion_change,
        ),
        (&customers_sql, |r| {
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
    for (sql, decode) in tables {
        changes_of(conn, sql, after, fetch, decode, out).await?;
    }
    Ok(())
}

/// The store's policy: the settings with the policy row (defaults for what is not stored yet).
pub async fn load_policy(conn: &mut SqliteConnection) -> StoreResult<StorePolicy> {
    if let Some(row) = sqlx::query(POLICY_SQL).fetch_optional(&mut *conn).await? {
        return policy_from_row(&row, settings_from_row(&row)?);
    }
    let settings = sqlx::query(
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

pub async fn gift_card(pool: &SqlitePool, code: &str) -> StoreResult<Option<GiftCardBalance>> {
    let row = sqlx::query("SELECT code, balance FROM gift_cards WHERE code = ?")
        .bind(code)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(gift_card_from_row).transpose()
}

pub async fn customers_page(
    pool: &SqlitePool,
    after: Option<String>,
    limit: u32,
) -> StoreResult<CustomerPage> {
    let sql = format!(
        "SELECT {CUSTOMER_COLUMNS} FROM customers WHERE (?1 IS NULL OR id > ?1) ORDER BY id LIMIT ?2"
    );
    let rows = sqlx::query(&sql)
        .bind(after)
        .bind(i64::from(limit) + 1)
        .fetch_all(pool)
        .await?;
    let mut customers = rows
        .iter()
        .map(customer_from_row)
        .collect::<StoreResult<Vec<_>>>()?;
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let next_after = if customers.len() > limit {
        customers.truncate(limit);
        customers.last().map(|c| c.id.clone())
    } else {
        None
    };
    Ok(CustomerPage {
        customers,
        next_after,
    })
}
