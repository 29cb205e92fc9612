//! Reading stock on both stores: the catalog's items with their level at one location (search, keyset pages in
//! name order, each with its last movement, optionally only those at or below their low-stock threshold), and
//! one item's ledger at one location, newest first.

use crate::store::products::like_pattern;
use crate::store::sql::{sql, text_key, Columns, Db, Value};
use crate::store::StoreResult;
use shared::stock::{Ledger, Movement, StockLevel, StockLevelPage};
use shared::Decimal;
use sqlx::Pool;
use uuid::Uuid;

/// What a levels page shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LevelQuery {
    pub location_id: Uuid,
    /// Words of the name, the SKU or a barcode.
    pub text: Option<String>,
    /// Only items at or below their low-stock threshold (the reorder list).
    pub low_only: bool,
    /// The last item id of the previous page.
    pub after: Option<String>,
}

/// A movement's columns; `prefix` names them in a join (`m_id`, …).
pub(super) fn movement_columns(alias: &str, prefix: &str) -> String {
    [
        "id",
        "product_id",
        "location_id",
        "quantity",
        "kind",
        "reason",
        "source_id",
        "source_line",
        "lot",
        "expiry",
        "serial",
        "occurred_at",
        "created_at",
        "staff_id",
    ]
    .iter()
    .map(|c| format!("{alias}.{c} AS {prefix}{c}"))
    .collect::<Vec<_>>()
    .join(", ")
}

pub(super) fn movement_from_row(row: &impl Columns, prefix: &str) -> StoreResult<Movement> {
    let col = |c: &str| format!("{prefix}{c}");
    Ok(Movement {
        id: row.int(&col("id"))?,
        product_id: row.text(&col("product_id"))?,
        location_id: row.uuid(&col("location_id"))?,
        quantity: row.decimal(&col("quantity"))?,
        kind: row.enumerated(&col("kind"))?,
        reason: row.opt_text(&col("reason"))?,
        source_id: row.uuid(&col("source_id"))?,
        source_line: row.int(&col("source_line"))?,
        lot: row.opt_text(&col("lot"))?,
        expiry: row.opt_text(&col("expiry"))?,
        serial: row.opt_text(&col("serial"))?,
        occurred_at: row.time(&col("occurred_at"))?,
        created_at: row.time(&col("created_at"))?,
        staff_id: row.opt_uuid(&col("staff_id"))?,
    })
}

fn level_from_row(row: &impl Columns, location_id: Uuid) -> StoreResult<StockLevel> {
    let last_movement = match row.opt_int("m_id")? {
        Some(_) => Some(movement_from_row(row, "m_")?),
        None => None,
    };
    Ok(StockLevel {
        product_id: row.text("id")?,
        sku: row.text("sku")?,
        name: row.text("name")?,
        location_id,
        on_hand: row.opt_decimal("on_hand")?.unwrap_or(Decimal::ZERO),
        low_threshold: row.opt_decimal("low_threshold")?,
        last_movement,
    })
}

/// One page of the catalog's active items with their stock at `q.location_id`, in name order (bytewise, then
/// id). The reorder list (`low_only`) reads the items with a threshold and keeps those at or below it (decimal
/// comparison in Rust: SQLite holds decimals as text).
pub async fn levels<D: Db>(
    pool: &Pool<D>,
    q: &LevelQuery,
    limit: u32,
) -> StoreResult<StockLevelPage> {
    let mut clauses = vec!["p.active = $2".to_owned()];
    let mut values: Vec<Value<'static>> =
        vec![Value::Uuid(Some(q.location_id)), Value::Bool(Some(true))];
    if let Some(text) = q
        .text
        .clone()
        .map(text_key::<D>)
        .filter(|t| !t.trim().is_empty())
    {
        values.push(Value::Text(Some(like_pattern(&text).into())));
        clauses.push(format!("p.search_text LIKE ${} ESCAPE '\\'", values.len()));
    }
    if q.low_only {
        clauses.push("l.low_threshold IS NOT NULL".into());
    }
    if let Some(after) = &q.after {
        let after = text_key::<D>(after.clone());
        let row = sql("SELECT name FROM products WHERE id = $1")
            .bind(&after)
            .fetch_optional(pool)
            .await?;
        let Some(row) = row else {
            return Ok(StockLevelPage {
                levels: Vec::new(),
                next_after: None,
            });
        };
        values.push(Value::Text(Some(row.text("name")?.into())));
        values.push(Value::Text(Some(after.into())));
        let n = values.len();
        clauses.push(format!("(p.name {{bytewise}}, p.id) > (${}, ${n})", n - 1));
    }
    // The reorder list filters after reading, so it reads every candidate.
    let fetch = if q.low_only {
        String::new()
    } else {
        format!("LIMIT {}", i64::from(limit) + 1)
    };
    let query = format!(
        "SELECT p.id, p.sku, p.name, l.on_hand, l.low_threshold, {} FROM products p \
         LEFT JOIN stock_levels l ON l.product_id = p.id AND l.location_id = $1 \
         LEFT JOIN stock_movements m ON m.id = l.last_movement_id \
         WHERE {} ORDER BY p.name {{bytewise}}, p.id {fetch}",
        movement_columns("m", "m_"),
        clauses.join(" AND ")
    );
    let rows = sql(&query).bind_all(values).fetch_all(pool).await?;
    let mut levels = Vec::new();
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    for row in &rows {
        let level = level_from_row(row, q.location_id)?;
        if q.low_only && level.low_threshold.is_none_or(|t| level.on_hand > t) {
            continue;
        }
        levels.push(level);
        if levels.len() > limit {
            break;
        }
    }
    let next_after = if levels.len() > limit {
        levels.truncate(limit);
        levels.last().map(|l| l.product_id.clone())
    } else {
        None
    };
    Ok(StockLevelPage { levels, next_after })
}

/// One item's movements at one location, newest first, older than `before`.
pub async fn ledger<D: Db>(
    pool: &Pool<D>,
    product_id: &str,
    location: Uuid,
    before: Option<i64>,
    limit: u32,
) -> StoreResult<Ledger> {
    let query = format!(
        "SELECT {} FROM stock_movements m WHERE m.product_id = $1 AND m.location_id = $2 \
         AND ($3 IS NULL OR m.id < $3) ORDER BY m.id DESC LIMIT {}",
        movement_columns("m", ""),
        i64::from(limit) + 1
    );
    let rows = sql(&query)
        .bind(text_key::<D>(product_id.to_owned()))
        .bind(location)
        .bind(before)
        .fetch_all(pool)
        .await?;
    let mut movements = rows
        .iter()
        .map(|r| movement_from_row(r, ""))
        .collect::<StoreResult<Vec<_>>>()?;
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let next_before = if movements.len() > limit {
        movements.truncate(limit);
        movements.last().map(|m| m.id)
    } else {
        None
    };
    Ok(Ledger {
        movements,
        next_before,
    })
}
