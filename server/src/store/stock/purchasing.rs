//! Suppliers and purchase orders on both stores. A receipt (under its own id, so a retry books nothing twice)
//! adds what arrived to the order's lines, moves it in at the order's location as `purchase_receipt`
//! movements, and sets each item's moving average cost (`shared::purchasing`) from its on-hand at every
//! location and its cost: a catalog change (version bumped, next change sequence value), so tills pull it.

use super::{existing_location, record, NewMovement};
use crate::store::auth::{audit, NewAudit};
use crate::store::codec::enum_text;
use crate::store::products::{product_from_row, PRODUCTS_SQL};
use crate::store::sql::{begin_write, sql, write_change, Columns, Conn, Db, Json, Value};
use crate::store::{StoreError, StoreResult};
use chrono::{DateTime, Duration, Utc};
use shared::purchasing::{
    moving_average_cost, NewSupplier, PurchaseOrder, PurchaseOrderLine, PurchaseOrderList,
    PurchaseOrderRequest, PurchasingError, ReceiptRequest, Supplier,
};
use shared::stock::{MovementKind, StockLine};
use shared::Decimal;
use sqlx::Pool;
use uuid::Uuid;

/// What a purchasing write can meet besides the database: a broken rule.
#[derive(Debug)]
pub enum Refusal {
    Rule(PurchasingError),
    Store(StoreError),
}

impl From<StoreError> for Refusal {
    fn from(e: StoreError) -> Self {
        Refusal::Store(e)
    }
}

impl From<sqlx::Error> for Refusal {
    fn from(e: sqlx::Error) -> Self {
        Refusal::Store(e.into())
    }
}

fn supplier_from_row(row: &impl Columns) -> StoreResult<Supplier> {
    Ok(Supplier {
        id: row.uuid("id")?,
        name: row.text("name")?,
        lead_time_days: u32::try_from(row.int("lead_time_days")?).unwrap_or(0),
        order_multiple: row.decimal("order_multiple")?,
    })
}

pub async fn create_supplier<D: Db>(
    pool: &Pool<D>,
    id: Uuid,
    s: &NewSupplier,
    now: DateTime<Utc>,
    entry: &NewAudit,
) -> StoreResult<Supplier> {
    let mut tx = begin_write(pool).await?;
    sql("INSERT INTO suppliers (id, name, lead_time_days, order_multiple, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(id)
        .bind(s.name.trim())
        .bind(i64::from(s.lead_time_days))
        .bind(s.order_multiple)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    audit::insert(&mut *tx, entry).await?;
    let created = supplier(&mut *tx, id)
        .await?
        .ok_or_else(|| StoreError::Corrupt(format!("supplier {id} vanished")))?;
    tx.commit().await?;
    Ok(created)
}

async fn supplier<C: Conn>(conn: &mut C, id: Uuid) -> StoreResult<Option<Supplier>> {
    let row = sql("SELECT id, name, lead_time_days, order_multiple FROM suppliers WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(supplier_from_row).transpose()
}

pub async fn suppliers<D: Db>(pool: &Pool<D>) -> StoreResult<Vec<Supplier>> {
    let rows =
        sql("SELECT id, name, lead_time_days, order_multiple FROM suppliers ORDER BY name, id")
            .fetch_all(pool)
            .await?;
    rows.iter().map(supplier_from_row).collect()
}

fn order_from_row(row: &impl Columns) -> StoreResult<PurchaseOrder> {
    Ok(PurchaseOrder {
        id: row.uuid("id")?,
        supplier_id: row.uuid("supplier_id")?,
        location_id: row.uuid("location_id")?,
        status: row.enumerated("status")?,
        lines: row.json("lines")?,
        created_at: row.time("created_at")?,
        expected_at: row.time("expected_at")?,
    })
}

pub async fn order<C: Conn>(conn: &mut C, id: Uuid) -> StoreResult<Option<PurchaseOrder>> {
    let row = sql(
        "SELECT id, supplier_id, location_id, status, lines, created_at, expected_at \
         FROM purchase_orders WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(order_from_row).transpose()
}

/// At most `limit` orders newest first, of `location` (any when `None`), only those still to arrive in full
/// when `outstanding`; with the products their lines name.
pub async fn orders<D: Db>(
    pool: &Pool<D>,
    location: Option<Uuid>,
    outstanding: bool,
    limit: u32,
) -> StoreResult<PurchaseOrderList> {
    let mut clauses = Vec::new();
    let mut values = Vec::new();
    if let Some(l) = location {
        values.push(Value::Uuid(Some(l)));
        clauses.push(format!("location_id = ${}", values.len()));
    }
    if outstanding {
        clauses.push("status <> 'received'".to_string());
    }
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    let query = format!(
        "SELECT id, supplier_id, location_id, status, lines, created_at, expected_at FROM purchase_orders \
         {filter} ORDER BY created_at DESC, id DESC LIMIT {limit}"
    );
    let rows = sql(&query).bind_all(values).fetch_all(pool).await?;
    let orders = rows
        .iter()
        .map(order_from_row)
        .collect::<StoreResult<Vec<_>>>()?;
    let mut ids: Vec<&str> = orders
        .iter()
        .flat_map(|o| o.lines.iter().map(|l| l.product_id.as_str()))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let mut products = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let marks: Vec<String> = (1..=chunk.len()).map(|n| format!("${n}")).collect();
        let query = format!(
            "{PRODUCTS_SQL} WHERE id IN ({}) ORDER BY id",
            marks.join(", ")
        );
        let values = chunk
            .iter()
            .map(|id| Value::Text(Some((*id).to_owned().into())));
        for row in sql(&query).bind_all(values).fetch_all(pool).await? {
            products.push(product_from_row(&row)?);
        }
    }
    Ok(PurchaseOrderList { orders, products })
}

/// Create an order (a retry answers the stored one), checked against its supplier's order multiple.
pub async fn create_order<D: Db>(
    pool: &Pool<D>,
    req: &PurchaseOrderRequest,
    now: DateTime<Utc>,
    entry: &NewAudit,
) -> Result<PurchaseOrder, Refusal> {
    let mut tx = begin_write(pool).await?;
    if let Some(stored) = order(&mut *tx, req.id).await? {
        return Ok(stored);
    }
    let Some(s) = supplier(&mut *tx, req.supplier_id).await? else {
        return Err(StoreError::Missing {
            what: "supplier",
            id: req.supplier_id.to_string(),
        }
        .into());
    };
    existing_location(&mut *tx, req.location_id).await?;
    req.check(s.order_multiple).map_err(Refusal::Rule)?;
    let lines: Vec<PurchaseOrderLine> = req
        .lines
        .iter()
        .map(|l| PurchaseOrderLine {
            product_id: l.product_id.trim().to_owned(),
            ordered: l.quantity,
            received: Decimal::ZERO,
            unit_cost: l.unit_cost,
        })
        .collect();
    sql("INSERT INTO purchase_orders (id, supplier_id, location_id, status, lines, created_at, expected_at) \
         VALUES ($1, $2, $3, 'open', $4, $5, $6)")
    .bind(req.id)
    .bind(req.supplier_id)
    .bind(req.location_id)
    .bind(Json::of(&lines)?)
    .bind(now)
    .bind(now + Duration::days(i64::from(s.lead_time_days)))
    .execute(&mut *tx)
    .await?;
    audit::insert(&mut *tx, entry).await?;
    let created = order(&mut *tx, req.id)
        .await?
        .ok_or_else(|| StoreError::Corrupt(format!("order {} vanished", req.id)))?;
    tx.commit().await?;
    Ok(created)
}

/// An item's on-hand at every location (summed in Rust: SQLite holds decimals as text).
async fn on_hand_everywhere<C: Conn>(conn: &mut C, product_id: &str) -> StoreResult<Decimal> {
    let rows = sql("SELECT on_hand FROM stock_levels WHERE product_id = $1")
        .bind(product_id)
        .fetch_all(conn)
        .await?;
    rows.iter()
        .try_fold(Decimal::ZERO, |sum, r| Ok(sum + r.decimal("on_hand")?))
}

/// Receive against an order; `None` when there is no such order. A receipt id booked before answers the
/// order as it stands.
pub async fn receive<D: Db>(
    pool: &Pool<D>,
    order_id: Uuid,
    req: &ReceiptRequest,
    staff: Option<Uuid>,
    now: DateTime<Utc>,
    entry: &NewAudit,
) -> StoreResult<Option<PurchaseOrder>> {
    let mut tx = begin_write(pool).await?;
    // The catalog lock first (costs take change sequence values), then the order's row.
    Conn::lock_catalog(&mut *tx).await?;
    let taken = sql("UPDATE purchase_orders SET status = status WHERE id = $1")
        .bind(order_id)
        .execute(&mut *tx)
        .await?;
    let Some(mut po) = order(&mut *tx, order_id).await? else {
        return Ok(None);
    };
    let booked =
        sql("SELECT id FROM stock_movements WHERE source_id = $1 AND kind = 'purchase_receipt'")
            .bind(req.id)
            .fetch_optional(&mut *tx)
            .await?;
    if taken == 0 || booked.is_some() {
        return Ok(Some(po));
    }
    let arrived = po.receive(&req.lines);
    let mut moves = Vec::new();
    for &(line, quantity, unit_cost) in &arrived {
        let product_id = po.lines[line].product_id.clone();
        let held = on_hand_everywhere(&mut *tx, &product_id).await?;
        let cost_row = sql("SELECT cost FROM products WHERE id = $1")
            .bind(product_id.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(row) = cost_row {
            let cost = moving_average_cost(held, row.opt_decimal("cost")?, quantity, unit_cost);
            let stmt = sql("UPDATE products SET cost = $2, version = version + 1, change_seq = {next_seq} WHERE id = $1")
                .bind(product_id.as_str())
                .bind(cost);
            write_change(&mut *tx, stmt).await?;
        }
        let l = StockLine {
            product_id,
            quantity,
        };
        moves.push(NewMovement::office(
            &l,
            po.location_id,
            MovementKind::PurchaseReceipt,
            (req.id, line),
            now,
            staff,
        ));
    }
    record(&mut *tx, moves, now).await?;
    sql("UPDATE purchase_orders SET status = $2, lines = $3 WHERE id = $1")
        .bind(order_id)
        .bind(enum_text(&po.status)?)
        .bind(Json::of(&po.lines)?)
        .execute(&mut *tx)
        .await?;
    audit::insert(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(Some(po))
}
