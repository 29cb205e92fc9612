//! Stock counts on both stores: started at a server time (the snapshot), counted quantities set while open,
//! posted as one count correction per counted item (`shared::stock`'s count snapshot rule): counted minus the
//! sum of the item's movements that occurred at or before the snapshot, so sales made after it apply on top of
//! the count. Posting marks each counted level with the snapshot time; a till's document made before it that
//! syncs later is then offset in `record` (it is already in the count).

use super::{existing_location, record, NewMovement};
use crate::store::auth::{audit, NewAudit};
use crate::store::sql::{begin_write, sql, Columns, Conn, Db};
use crate::store::StoreResult;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::stock::{count_correction, MovementKind, StockLine};
use shared::Decimal;
use sqlx::Pool;
use uuid::Uuid;

/// A count as it stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CountStatus {
    pub id: Uuid,
    pub location_id: Uuid,
    /// The snapshot: documents made at or before it are in the count.
    pub snapshot_at: DateTime<Utc>,
    pub posted: bool,
    /// Counted quantities, by item id order.
    pub lines: Vec<CountLine>,
}

/// One counted item; `correction` once posted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CountLine {
    pub product_id: String,
    #[schema(value_type = String)]
    pub counted: Decimal,
}

async fn status<C: Conn>(conn: &mut C, id: Uuid) -> StoreResult<Option<CountStatus>> {
    let Some(row) =
        sql("SELECT id, location_id, status, snapshot_at FROM stock_counts WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
    else {
        return Ok(None);
    };
    let rows = sql("SELECT product_id, counted FROM stock_count_lines WHERE count_id = $1 ORDER BY product_id {bytewise}")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
    let lines = rows
        .iter()
        .map(|r| {
            Ok(CountLine {
                product_id: r.text("product_id")?,
                counted: r.decimal("counted")?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(Some(CountStatus {
        id: row.uuid("id")?,
        location_id: row.uuid("location_id")?,
        snapshot_at: row.time("snapshot_at")?,
        posted: row.text("status")? == "posted",
        lines,
    }))
}

/// Start a count at `location` with its snapshot `now` (a retry answers the stored count).
pub async fn start<D: Db>(
    pool: &Pool<D>,
    id: Uuid,
    location: Uuid,
    now: DateTime<Utc>,
    entry: &NewAudit,
) -> StoreResult<CountStatus> {
    let mut tx = begin_write(pool).await?;
    existing_location(&mut *tx, location).await?;
    let n = sql("INSERT INTO stock_counts (id, location_id, status, snapshot_at) VALUES ($1, $2, 'open', $3) \
         ON CONFLICT (id) DO NOTHING")
    .bind(id)
    .bind(location)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if n > 0 {
        audit::insert(&mut *tx, entry).await?;
    }
    let started = status(&mut *tx, id)
        .await?
        .ok_or_else(|| crate::store::StoreError::Corrupt(format!("count {id} vanished")))?;
    tx.commit().await?;
    Ok(started)
}

/// Set counted quantities (replacing earlier ones of the same items) while the count is open. A posted count
/// is answered unchanged.
pub async fn set_counted<D: Db>(
    pool: &Pool<D>,
    id: Uuid,
    lines: &[StockLine],
) -> StoreResult<Option<CountStatus>> {
    let mut tx = begin_write(pool).await?;
    let Some(current) = status(&mut *tx, id).await? else {
        return Ok(None);
    };
    if current.posted {
        return Ok(Some(current));
    }
    for l in lines {
        sql(
            "INSERT INTO stock_count_lines (count_id, product_id, counted) VALUES ($1, $2, $3) \
             ON CONFLICT (count_id, product_id) DO UPDATE SET counted = excluded.counted",
        )
        .bind(id)
        .bind(l.product_id.trim())
        .bind(l.quantity)
        .execute(&mut *tx)
        .await?;
    }
    let updated = status(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(updated)
}

/// What the ledger held of an item at a location at the snapshot: the sum of its movements that occurred at or
/// before it (summed in Rust: SQLite holds decimals as text).
async fn held_at<C: Conn>(
    conn: &mut C,
    product_id: &str,
    location: Uuid,
    at: DateTime<Utc>,
) -> StoreResult<Decimal> {
    let rows = sql("SELECT quantity FROM stock_movements WHERE product_id = $1 AND location_id = $2 AND occurred_at <= $3")
        .bind(product_id)
        .bind(location)
        .bind(at)
        .fetch_all(conn)
        .await?;
    rows.iter()
        .try_fold(Decimal::ZERO, |sum, r| Ok(sum + r.decimal("quantity")?))
}

/// Post an open count: its corrections, and the levels marked counted at the snapshot. Posting again answers
/// the posted count.
pub async fn post<D: Db>(
    pool: &Pool<D>,
    id: Uuid,
    staff: Option<Uuid>,
    now: DateTime<Utc>,
    entry: &NewAudit,
) -> StoreResult<Option<CountStatus>> {
    let mut tx = begin_write(pool).await?;
    // The catalog lock before any level's row, as `record` takes it for a selling location (see there).
    Conn::lock_catalog(&mut *tx).await?;
    let taken = sql("UPDATE stock_counts SET status = 'posted', posted_at = $2 WHERE id = $1 AND status = 'open'")
        .bind(id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    let Some(count) = status(&mut *tx, id).await? else {
        return Ok(None);
    };
    if taken == 0 {
        return Ok(Some(count));
    }
    let mut moves = Vec::new();
    for (i, line) in count.lines.iter().enumerate() {
        // Hold the level first, so no push moves this item between the sum and the correction.
        let touch = NewMovement {
            quantity: Decimal::ZERO,
            ..NewMovement::office(
                &StockLine {
                    product_id: line.product_id.clone(),
                    quantity: Decimal::ZERO,
                },
                count.location_id,
                MovementKind::CountCorrection,
                (id, i),
                count.snapshot_at,
                staff,
            )
        };
        super::hold_level(&mut *tx, &touch, now).await?;
        let held = held_at(
            &mut *tx,
            &line.product_id,
            count.location_id,
            count.snapshot_at,
        )
        .await?;
        let correction = count_correction(line.counted, held);
        let l = StockLine {
            product_id: line.product_id.clone(),
            quantity: correction,
        };
        moves.push(NewMovement {
            reason: Some("stock count".into()),
            ..NewMovement::office(
                &l,
                count.location_id,
                MovementKind::CountCorrection,
                (id, i),
                count.snapshot_at,
                staff,
            )
        });
    }
    record(&mut *tx, moves, now).await?;
    for line in &count.lines {
        sql(
            "UPDATE stock_levels SET counted_at = $3 WHERE product_id = $1 AND location_id = $2 \
             AND (counted_at IS NULL OR counted_at < $3)",
        )
        .bind(line.product_id.as_str())
        .bind(count.location_id)
        .bind(count.snapshot_at)
        .execute(&mut *tx)
        .await?;
    }
    audit::insert(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(Some(count))
}
