//! The back office's stock writes on both stores, each with its audit entry in one transaction: adjustments
//! with a reason, and transfers (sent: out of the source and in transit; received: into the destination, what
//! arrived recorded beside what was sent). Each is keyed by the id the client made, so a retry records nothing
//! twice.

use super::{existing_location, record, NewMovement};
use crate::store::auth::{audit, NewAudit};
use crate::store::codec::enum_text;
use crate::store::sql::{begin_write, sql, Columns, Conn, Db, Json};
use crate::store::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use shared::stock::{
    received_quantities, AdjustmentRequest, MovementKind, ReceiveRequest, StockLine, Transfer,
    TransferLine, TransferRequest, TransferStatus,
};
use sqlx::Pool;
use uuid::Uuid;

/// Record an adjustment once; answers whether it was new (a retry writes and audits nothing).
pub async fn adjust<D: Db>(
    pool: &Pool<D>,
    req: &AdjustmentRequest,
    staff: Option<Uuid>,
    now: DateTime<Utc>,
    entry: &NewAudit,
) -> StoreResult<bool> {
    let mut tx = begin_write(pool).await?;
    existing_location(&mut *tx, req.location_id).await?;
    let moves = req
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| NewMovement {
            reason: Some(req.reason.trim().to_owned()),
            ..NewMovement::office(
                l,
                req.location_id,
                MovementKind::Adjustment,
                (req.id, i),
                now,
                staff,
            )
        })
        .collect();
    let recorded = record(&mut *tx, moves, now).await?;
    if recorded == 0 {
        return Ok(false);
    }
    audit::insert(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(true)
}

fn transfer_from_row(row: &impl Columns) -> StoreResult<Transfer> {
    Ok(Transfer {
        id: row.uuid("id")?,
        from_location: row.uuid("from_location")?,
        to_location: row.uuid("to_location")?,
        status: row.enumerated("status")?,
        lines: row.json("lines")?,
        sent_at: row.time("sent_at")?,
        received_at: row.opt_time("received_at")?,
    })
}

pub async fn transfer<C: Conn>(conn: &mut C, id: Uuid) -> StoreResult<Option<Transfer>> {
    let row = sql(
        "SELECT id, from_location, to_location, status, lines, sent_at, received_at \
         FROM stock_transfers WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(transfer_from_row).transpose()
}

/// Send a transfer: its lines out of the source now; in transit. A retry answers the stored transfer.
pub async fn send<D: Db>(
    pool: &Pool<D>,
    req: &TransferRequest,
    staff: Option<Uuid>,
    now: DateTime<Utc>,
    entry: &NewAudit,
) -> StoreResult<Transfer> {
    let mut tx = begin_write(pool).await?;
    if let Some(stored) = transfer(&mut *tx, req.id).await? {
        return Ok(stored);
    }
    existing_location(&mut *tx, req.from_location).await?;
    existing_location(&mut *tx, req.to_location).await?;
    let lines: Vec<TransferLine> = req
        .lines
        .iter()
        .map(|l| TransferLine {
            product_id: l.product_id.trim().to_owned(),
            sent: l.quantity,
            received: None,
        })
        .collect();
    sql("INSERT INTO stock_transfers (id, from_location, to_location, status, lines, sent_at, sent_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)")
    .bind(req.id)
    .bind(req.from_location)
    .bind(req.to_location)
    .bind(enum_text(&TransferStatus::InTransit)?)
    .bind(Json::of(&lines)?)
    .bind(now)
    .bind(staff)
    .execute(&mut *tx)
    .await?;
    let moves = req
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| NewMovement {
            quantity: -l.quantity,
            ..NewMovement::office(
                l,
                req.from_location,
                MovementKind::TransferOut,
                (req.id, i),
                now,
                staff,
            )
        })
        .collect();
    record(&mut *tx, moves, now).await?;
    audit::insert(&mut *tx, entry).await?;
    let sent = stored(&mut *tx, req.id).await?;
    tx.commit().await?;
    Ok(sent)
}

async fn stored<C: Conn>(conn: &mut C, id: Uuid) -> StoreResult<Transfer> {
    transfer(conn, id)
        .await?
        .ok_or_else(|| StoreError::Corrupt(format!("transfer {id} vanished")))
}

/// Receive a transfer in transit: what arrived (as sent, unless `req` names another quantity) into the
/// destination. A received transfer is answered as it stands.
pub async fn receive<D: Db>(
    pool: &Pool<D>,
    id: Uuid,
    req: &ReceiveRequest,
    staff: Option<Uuid>,
    now: DateTime<Utc>,
    entry: &NewAudit,
) -> StoreResult<Option<Transfer>> {
    let mut tx = begin_write(pool).await?;
    // Take the row first, so two receipts of one transfer are decided one after the other.
    let taken = sql(
        "UPDATE stock_transfers SET status = $2, received_at = $3, received_by = $4 \
         WHERE id = $1 AND status = $5",
    )
    .bind(id)
    .bind(enum_text(&TransferStatus::Received)?)
    .bind(now)
    .bind(staff)
    .bind(enum_text(&TransferStatus::InTransit)?)
    .execute(&mut *tx)
    .await?;
    let Some(mut t) = transfer(&mut *tx, id).await? else {
        return Ok(None);
    };
    if taken == 0 {
        return Ok(Some(t));
    }
    let arrived = received_quantities(&t.lines, &req.lines);
    let mut moves = Vec::new();
    for (i, (line, quantity)) in t.lines.iter_mut().zip(arrived).enumerate() {
        line.received = Some(quantity);
        if !quantity.is_zero() {
            let l = StockLine {
                product_id: line.product_id.clone(),
                quantity,
            };
            moves.push(NewMovement::office(
                &l,
                t.to_location,
                MovementKind::TransferIn,
                (id, i),
                now,
                staff,
            ));
        }
    }
    sql("UPDATE stock_transfers SET lines = $2 WHERE id = $1")
        .bind(id)
        .bind(Json::of(&t.lines)?)
        .execute(&mut *tx)
        .await?;
    record(&mut *tx, moves, now).await?;
    audit::insert(&mut *tx, entry).await?;
    let received = stored(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(Some(received))
}
