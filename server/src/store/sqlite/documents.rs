//! Documents on SQLite: one new mutation and what it records — a sale (header, lines, payments), a refund, a
//! void, an exchange (its return, its new sale and the link) or a cash movement — each with its full JSON.

use super::codec::{decimal_text, enum_text, json_text, seq_to_db, time_text};
use crate::push::{Document, PreparedMutation};
use crate::store::codec::payment_columns;
use crate::store::StoreResult;
use shared::document::{Approval, Refund, SaleDocument, StaffStamp, Void};
use shared::ledger::CashMovement;
use sqlx::sqlite::SqliteConnection;
use uuid::Uuid;

/// The stamped staff member's id, for the `cashier_id` column.
fn staff_id(stamp: Option<&StaffStamp>) -> Option<String> {
    stamp.map(|s| s.id.to_string())
}

/// The approver's id, for the `approver_id` column.
fn approver_id(approval: Option<&Approval>) -> Option<String> {
    staff_id(approval.map(|a| &a.approver))
}

fn index(i: usize) -> i64 {
    i64::try_from(i).unwrap_or(i64::MAX)
}

/// Record one new mutation and its document.
pub async fn insert(
    conn: &mut SqliteConnection,
    device: &str,
    m: &PreparedMutation,
    now: &str,
) -> StoreResult<()> {
    let mutation_id = m.id.to_string();
    sqlx::query("INSERT INTO mutations (id, device_id, seq, kind, body_hash, applied_at) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(&mutation_id)
        .bind(device)
        .bind(seq_to_db(m.seq, "mutation sequence")?)
        .bind(m.kind())
        .bind(&m.body_hash)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    let row = Row {
        mutation_id: &mutation_id,
        device,
        now,
    };
    match &m.document {
        Document::Sale(sale) => insert_sale(conn, &row, sale).await,
        Document::Refund(refund) => insert_refund(conn, &row, refund, None).await,
        Document::Void(void) => insert_void(conn, &row, void).await,
        Document::Exchange(x) => {
            insert_sale(conn, &row, &x.sale).await?;
            insert_refund(conn, &row, &x.returned, Some(x.id)).await?;
            sqlx::query(
                "INSERT INTO exchanges (id, mutation_id, device_id, refund_id, sale_id, created_at, received_at) \
                 VALUES (?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(x.id.to_string())
            .bind(row.mutation_id)
            .bind(row.device)
            .bind(x.returned.id.to_string())
            .bind(x.sale.id.to_string())
            .bind(time_text(x.sale.created_at))
            .bind(now)
            .execute(&mut *conn)
            .await?;
            Ok(())
        }
        Document::CashMovement(movement) => insert_movement(conn, &row, movement).await,
    }
}

/// The columns every document row shares.
struct Row<'a> {
    mutation_id: &'a str,
    device: &'a str,
    now: &'a str,
}

async fn insert_sale(
    conn: &mut SqliteConnection,
    row: &Row<'_>,
    sale: &SaleDocument,
) -> StoreResult<()> {
    let sale_id = sale.id.to_string();
    let p = &sale.priced;
    sqlx::query(
        "INSERT INTO sales (id, mutation_id, device_id, receipt_no, created_at, currency_code, tax_mode, net, \
         tax, total, tip, change_given, customer_id, body, received_at, cashier_id, approver_id) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&sale_id)
    .bind(row.mutation_id)
    .bind(row.device)
    .bind(&sale.receipt_no)
    .bind(time_text(sale.created_at))
    .bind(&p.currency.code)
    .bind(enum_text(&p.tax_mode)?)
    .bind(decimal_text(p.net))
    .bind(decimal_text(p.tax))
    .bind(decimal_text(p.total))
    .bind(decimal_text(sale.tip))
    .bind(decimal_text(sale.settlement.change))
    .bind(&sale.customer_id)
    .bind(json_text(sale)?)
    .bind(row.now)
    .bind(staff_id(sale.cashier.as_ref()))
    .bind(approver_id(sale.approval.as_ref()))
    .execute(&mut *conn)
    .await?;
    for (line_no, l) in p.lines.iter().enumerate() {
        sqlx::query(
            "INSERT INTO sale_lines (sale_id, line_no, product_id, sku, name, category_id, unit, quantity, \
             unit_price, price_list_id, discount, net, tax, gross, list_net, taxes, adjustments) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&sale_id)
        .bind(index(line_no))
        .bind(&l.product_id)
        .bind(&l.sku)
        .bind(&l.name)
        .bind(&l.category_id)
        .bind(enum_text(&l.unit)?)
        .bind(decimal_text(l.quantity))
        .bind(decimal_text(l.unit_price))
        .bind(l.price_list.as_ref().map(|r| r.id.as_str()))
        .bind(decimal_text(l.discount()))
        .bind(decimal_text(l.net))
        .bind(decimal_text(l.tax))
        .bind(decimal_text(l.gross))
        .bind(decimal_text(l.list_net))
        .bind(json_text(&l.taxes)?)
        .bind(json_text(&l.adjustments)?)
        .execute(&mut *conn)
        .await?;
    }
    for (position, payment) in sale.payments.iter().enumerate() {
        let c = payment_columns(payment);
        sqlx::query(
            "INSERT INTO sale_payments (sale_id, position, kind, amount, reference, account, points) \
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&sale_id)
        .bind(index(position))
        .bind(c.kind)
        .bind(decimal_text(payment.amount()))
        .bind(c.reference)
        .bind(c.account)
        .bind(c.points)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

async fn insert_refund(
    conn: &mut SqliteConnection,
    row: &Row<'_>,
    r: &Refund,
    exchange: Option<Uuid>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO refunds (id, mutation_id, device_id, sale_id, exchange_id, receipt_no, created_at, reason, \
         net, tax, total, rounding, body, received_at, cashier_id, approver_id) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(r.id.to_string())
    .bind(row.mutation_id)
    .bind(row.device)
    .bind(r.sale_id.to_string())
    .bind(exchange.map(|x| x.to_string()))
    .bind(&r.receipt_no)
    .bind(time_text(r.created_at))
    .bind(&r.reason)
    .bind(decimal_text(r.net))
    .bind(decimal_text(r.tax))
    .bind(decimal_text(r.total))
    .bind(decimal_text(r.rounding))
    .bind(json_text(r)?)
    .bind(row.now)
    .bind(staff_id(r.cashier.as_ref()))
    .bind(approver_id(r.approval.as_ref()))
    .execute(conn)
    .await?;
    Ok(())
}

async fn insert_void(conn: &mut SqliteConnection, row: &Row<'_>, v: &Void) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO voids (id, mutation_id, device_id, sale_id, receipt_no, created_at, reason, body, \
         received_at, cashier_id, approver_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(v.id.to_string())
    .bind(row.mutation_id)
    .bind(row.device)
    .bind(v.sale_id.to_string())
    .bind(&v.receipt_no)
    .bind(time_text(v.created_at))
    .bind(&v.reason)
    .bind(json_text(v)?)
    .bind(row.now)
    .bind(staff_id(v.cashier.as_ref()))
    .bind(approver_id(v.approval.as_ref()))
    .execute(conn)
    .await?;
    Ok(())
}

async fn insert_movement(
    conn: &mut SqliteConnection,
    row: &Row<'_>,
    m: &CashMovement,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO cash_movements (id, mutation_id, device_id, created_at, kind, amount, reason, account, \
         body, received_at, cashier_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(m.id.to_string())
    .bind(row.mutation_id)
    .bind(row.device)
    .bind(time_text(m.created_at))
    .bind(enum_text(&m.kind)?)
    .bind(decimal_text(m.amount))
    .bind(&m.reason)
    .bind(&m.account)
    .bind(json_text(m)?)
    .bind(row.now)
    .bind(staff_id(m.cashier.as_ref()))
    .execute(conn)
    .await?;
    Ok(())
}
