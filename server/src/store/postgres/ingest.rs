//! Bulk ingest of a push's new mutations: one `INSERT … SELECT … FROM UNNEST(…)` per table (mutations, sales,
//! sale lines, payments, refunds, voids, exchanges, cash movements), whatever the batch size, instead of a
//! statement per row. Tables the batch has nothing for are skipped; sales go before what refers to them.

use crate::push::{Document, PreparedMutation};
use crate::store::codec::{enum_text, json_text, payment_columns, seq_to_db};
use crate::store::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use shared::document::{Refund, SaleDocument};
use shared::Decimal;
use sqlx::postgres::PgConnection;
use uuid::Uuid;

/// Write the new mutations and the documents they carry, inside the caller's transaction.
pub async fn insert(
    conn: &mut PgConnection,
    device: Uuid,
    new: &[&PreparedMutation],
    received_at: DateTime<Utc>,
) -> StoreResult<()> {
    insert_mutations(conn, device, new, received_at).await?;
    let sales: Vec<(Uuid, &SaleDocument)> = new
        .iter()
        .filter_map(|m| m.document.sale().map(|s| (m.id, s)))
        .collect();
    if !sales.is_empty() {
        insert_sales(conn, device, &sales, received_at).await?;
        insert_lines(conn, &sales).await?;
        insert_payments(conn, &sales).await?;
    }
    let refunds: Vec<(Uuid, &Refund, Option<Uuid>)> = new
        .iter()
        .filter_map(|m| match &m.document {
            Document::Refund(r) => Some((m.id, r, None)),
            Document::Exchange(x) => Some((m.id, &x.returned, Some(x.id))),
            _ => None,
        })
        .collect();
    if !refunds.is_empty() {
        insert_refunds(conn, device, &refunds, received_at).await?;
    }
    insert_rare(conn, device, new, received_at).await
}

fn index(i: usize, what: &str) -> StoreResult<i32> {
    i32::try_from(i).map_err(|_| StoreError::Corrupt(format!("{what} {i} is out of range")))
}

async fn insert_mutations(
    conn: &mut PgConnection,
    device: Uuid,
    new: &[&PreparedMutation],
    received_at: DateTime<Utc>,
) -> StoreResult<()> {
    let ids: Vec<Uuid> = new.iter().map(|m| m.id).collect();
    let seqs = new
        .iter()
        .map(|m| seq_to_db(m.seq, "mutation sequence"))
        .collect::<StoreResult<Vec<i64>>>()?;
    let kinds: Vec<&str> = new.iter().map(|m| m.kind()).collect();
    let hashes: Vec<&str> = new.iter().map(|m| m.body_hash.as_str()).collect();
    sqlx::query(
        "INSERT INTO mutations (id, device_id, seq, kind, body_hash, applied_at) \
         SELECT id, $1, seq, kind, body_hash, $6 \
         FROM UNNEST($2::uuid[], $3::bigint[], $4::text[], $5::text[]) AS t (id, seq, kind, body_hash)",
    )
    .bind(device)
    .bind(ids)
    .bind(seqs)
    .bind(kinds)
    .bind(hashes)
    .bind(received_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Sale header columns, one vector per column.
#[derive(Default)]
struct SaleColumns<'a> {
    id: Vec<Uuid>,
    mutation_id: Vec<Uuid>,
    receipt_no: Vec<&'a str>,
    created_at: Vec<DateTime<Utc>>,
    currency_code: Vec<&'a str>,
    tax_mode: Vec<String>,
    net: Vec<Decimal>,
    tax: Vec<Decimal>,
    total: Vec<Decimal>,
    tip: Vec<Decimal>,
    change_given: Vec<Decimal>,
    customer_id: Vec<Option<&'a str>>,
    body: Vec<String>,
    cashier_id: Vec<Option<Uuid>>,
    approver_id: Vec<Option<Uuid>>,
}

async fn insert_sales(
    conn: &mut PgConnection,
    device: Uuid,
    sales: &[(Uuid, &SaleDocument)],
    received_at: DateTime<Utc>,
) -> StoreResult<()> {
    let mut c = SaleColumns::default();
    for (mutation_id, sale) in sales {
        let p = &sale.priced;
        c.id.push(sale.id);
        c.mutation_id.push(*mutation_id);
        c.receipt_no.push(&sale.receipt_no);
        c.created_at.push(sale.created_at);
        c.currency_code.push(&p.currency.code);
        c.tax_mode.push(enum_text(&p.tax_mode)?);
        c.net.push(p.net);
        c.tax.push(p.tax);
        c.total.push(p.total);
        c.tip.push(sale.tip);
        c.change_given.push(sale.settlement.change);
        c.customer_id.push(sale.customer_id.as_deref());
        c.body.push(json_text(sale)?);
        c.cashier_id.push(sale.cashier.as_ref().map(|s| s.id));
        c.approver_id
            .push(sale.approval.as_ref().map(|a| a.approver.id));
    }
    sqlx::query(
        "INSERT INTO sales (id, mutation_id, device_id, receipt_no, created_at, currency_code, tax_mode, net, \
         tax, total, tip, change_given, customer_id, body, received_at, cashier_id, approver_id) \
         SELECT id, mutation_id, $1, receipt_no, created_at, currency_code, tax_mode, net, tax, total, tip, \
         change_given, customer_id, body::jsonb, $17, cashier_id, approver_id \
         FROM UNNEST($2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], \
         $8::numeric[], $9::numeric[], $10::numeric[], $11::numeric[], $12::numeric[], $13::text[], $14::text[], \
         $15::uuid[], $16::uuid[]) \
         AS t (id, mutation_id, receipt_no, created_at, currency_code, tax_mode, net, tax, total, tip, \
         change_given, customer_id, body, cashier_id, approver_id)",
    )
    .bind(device)
    .bind(c.id)
    .bind(c.mutation_id)
    .bind(c.receipt_no)
    .bind(c.created_at)
    .bind(c.currency_code)
    .bind(c.tax_mode)
    .bind(c.net)
    .bind(c.tax)
    .bind(c.total)
    .bind(c.tip)
    .bind(c.change_given)
    .bind(c.customer_id)
    .bind(c.body)
    .bind(c.cashier_id)
    .bind(c.approver_id)
    .bind(received_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Sale line columns, one vector per column.
#[derive(Default)]
struct LineColumns<'a> {
    sale_id: Vec<Uuid>,
    line_no: Vec<i32>,
    product_id: Vec<&'a str>,
    sku: Vec<&'a str>,
    name: Vec<&'a str>,
    category_id: Vec<&'a str>,
    unit: Vec<String>,
    quantity: Vec<Decimal>,
    unit_price: Vec<Decimal>,
    price_list_id: Vec<Option<&'a str>>,
    discount: Vec<Decimal>,
    net: Vec<Decimal>,
    tax: Vec<Decimal>,
    gross: Vec<Decimal>,
    list_net: Vec<Decimal>,
    taxes: Vec<String>,
    adjustments: Vec<String>,
}

async fn insert_lines(conn: &mut PgConnection, sales: &[(Uuid, &SaleDocument)]) -> StoreResult<()> {
    let mut c = LineColumns::default();
    for (_, sale) in sales {
        for (line_no, l) in sale.priced.lines.iter().enumerate() {
            c.sale_id.push(sale.id);
            c.line_no.push(index(line_no, "line number")?);
            c.product_id.push(&l.product_id);
            c.sku.push(&l.sku);
            c.name.push(&l.name);
            c.category_id.push(&l.category_id);
            c.unit.push(enum_text(&l.unit)?);
            c.quantity.push(l.quantity);
            c.unit_price.push(l.unit_price);
            c.price_list_id
                .push(l.price_list.as_ref().map(|r| r.id.as_str()));
            c.discount.push(l.discount());
            c.net.push(l.net);
            c.tax.push(l.tax);
            c.gross.push(l.gross);
            c.list_net.push(l.list_net);
            c.taxes.push(json_text(&l.taxes)?);
            c.adjustments.push(json_text(&l.adjustments)?);
        }
    }
    sqlx::query(
        "INSERT INTO sale_lines (sale_id, line_no, product_id, sku, name, category_id, unit, quantity, \
         unit_price, price_list_id, discount, net, tax, gross, list_net, taxes, adjustments) \
         SELECT sale_id, line_no, product_id, sku, name, category_id, unit, quantity, unit_price, \
         price_list_id, discount, net, tax, gross, list_net, taxes::jsonb, adjustments::jsonb \
         FROM UNNEST($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], \
         $8::numeric[], $9::numeric[], $10::text[], $11::numeric[], $12::numeric[], $13::numeric[], \
         $14::numeric[], $15::numeric[], $16::text[], $17::text[]) \
         AS t (sale_id, line_no, product_id, sku, name, category_id, unit, quantity, unit_price, \
         price_list_id, discount, net, tax, gross, list_net, taxes, adjustments)",
    )
    .bind(c.sale_id)
    .bind(c.line_no)
    .bind(c.product_id)
    .bind(c.sku)
    .bind(c.name)
    .bind(c.category_id)
    .bind(c.unit)
    .bind(c.quantity)
    .bind(c.unit_price)
    .bind(c.price_list_id)
    .bind(c.discount)
    .bind(c.net)
    .bind(c.tax)
    .bind(c.gross)
    .bind(c.list_net)
    .bind(c.taxes)
    .bind(c.adjustments)
    .execute(conn)
    .await?;
    Ok(())
}

async fn insert_payments(
    conn: &mut PgConnection,
    sales: &[(Uuid, &SaleDocument)],
) -> StoreResult<()> {
    let mut sale_id: Vec<Uuid> = Vec::new();
    let mut position: Vec<i32> = Vec::new();
    let mut kind: Vec<&str> = Vec::new();
    let mut amount: Vec<Decimal> = Vec::new();
    let mut reference: Vec<Option<&str>> = Vec::new();
    let mut account: Vec<Option<String>> = Vec::new();
    let mut points: Vec<Option<i64>> = Vec::new();
    for (_, sale) in sales {
        for (i, p) in sale.payments.iter().enumerate() {
            let c = payment_columns(p);
            sale_id.push(sale.id);
            position.push(index(i, "payment position")?);
            kind.push(c.kind);
            amount.push(p.amount());
            reference.push(c.reference);
            account.push(c.account);
            points.push(c.points);
        }
    }
    sqlx::query(
        "INSERT INTO sale_payments (sale_id, position, kind, amount, reference, account, points) \
         SELECT * FROM UNNEST($1::uuid[], $2::int[], $3::text[], $4::numeric[], $5::text[], $6::text[], \
         $7::bigint[])",
    )
    .bind(sale_id)
    .bind(position)
    .bind(kind)
    .bind(amount)
    .bind(reference)
    .bind(account)
    .bind(points)
    .execute(conn)
    .await?;
    Ok(())
}

/// Refund columns, one vector per column.
#[derive(Default)]
struct RefundColumns<'a> {
    id: Vec<Uuid>,
    mutation_id: Vec<Uuid>,
    sale_id: Vec<Uuid>,
    exchange_id: Vec<Option<Uuid>>,
    receipt_no: Vec<&'a str>,
    created_at: Vec<DateTime<Utc>>,
    reason: Vec<&'a str>,
    net: Vec<Decimal>,
    tax: Vec<Decimal>,
    total: Vec<Decimal>,
    rounding: Vec<Decimal>,
    body: Vec<String>,
    cashier_id: Vec<Option<Uuid>>,
    approver_id: Vec<Option<Uuid>>,
}

async fn insert_refunds(
    conn: &mut PgConnection,
    device: Uuid,
    refunds: &[(Uuid, &Refund, Option<Uuid>)],
    received_at: DateTime<Utc>,
) -> StoreResult<()> {
    let mut c = RefundColumns::default();
    for (mutation_id, r, exchange) in refunds {
        c.id.push(r.id);
        c.mutation_id.push(*mutation_id);
        c.sale_id.push(r.sale_id);
        c.exchange_id.push(*exchange);
        c.receipt_no.push(&r.receipt_no);
        c.created_at.push(r.created_at);
        c.reason.push(&r.reason);
        c.net.push(r.net);
        c.tax.push(r.tax);
        c.total.push(r.total);
        c.rounding.push(r.rounding);
        c.body.push(json_text(r)?);
        c.cashier_id.push(r.cashier.as_ref().map(|s| s.id));
        c.approver_id
            .push(r.approval.as_ref().map(|a| a.approver.id));
    }
    sqlx::query(
        "INSERT INTO refunds (id, mutation_id, device_id, sale_id, exchange_id, receipt_no, created_at, reason, \
         net, tax, total, rounding, body, received_at, cashier_id, approver_id) \
         SELECT id, mutation_id, $1, sale_id, exchange_id, receipt_no, created_at, reason, net, tax, total, \
         rounding, body::jsonb, $16, cashier_id, approver_id \
         FROM UNNEST($2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::timestamptz[], \
         $8::text[], $9::numeric[], $10::numeric[], $11::numeric[], $12::numeric[], $13::text[], $14::uuid[], \
         $15::uuid[]) \
         AS t (id, mutation_id, sale_id, exchange_id, receipt_no, created_at, reason, net, tax, total, \
         rounding, body, cashier_id, approver_id)",
    )
    .bind(device)
    .bind(c.id)
    .bind(c.mutation_id)
    .bind(c.sale_id)
    .bind(c.exchange_id)
    .bind(c.receipt_no)
    .bind(c.created_at)
    .bind(c.reason)
    .bind(c.net)
    .bind(c.tax)
    .bind(c.total)
    .bind(c.rounding)
    .bind(c.body)
    .bind(c.cashier_id)
    .bind(c.approver_id)
    .bind(received_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Voids, exchange links and cash movements: few per batch, one statement each.
async fn insert_rare(
    conn: &mut PgConnection,
    device: Uuid,
    new: &[&PreparedMutation],
    received_at: DateTime<Utc>,
) -> StoreResult<()> {
    for m in new {
        match &m.document {
            Document::Void(v) => {
                sqlx::query(
                    "INSERT INTO voids (id, mutation_id, device_id, sale_id, receipt_no, created_at, reason, \
                     body, received_at, cashier_id, approver_id) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $11, $9, $10)",
                )
                .bind(v.id)
                .bind(m.id)
                .bind(device)
                .bind(v.sale_id)
                .bind(&v.receipt_no)
                .bind(v.created_at)
                .bind(&v.reason)
                .bind(json_text(v)?)
                .bind(v.cashier.as_ref().map(|s| s.id))
                .bind(v.approval.as_ref().map(|a| a.approver.id))
                .bind(received_at)
                .execute(&mut *conn)
                .await?;
            }
            Document::Exchange(x) => {
                sqlx::query(
                    "INSERT INTO exchanges (id, mutation_id, device_id, refund_id, sale_id, created_at, \
                     received_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(x.id)
                .bind(m.id)
                .bind(device)
                .bind(x.returned.id)
                .bind(x.sale.id)
                .bind(x.sale.created_at)
                .bind(received_at)
                .execute(&mut *conn)
                .await?;
            }
            Document::CashMovement(c) => {
                sqlx::query(
                    "INSERT INTO cash_movements (id, mutation_id, device_id, created_at, kind, amount, reason, \
                     account, body, received_at, cashier_id) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $11, $10)",
                )
                .bind(c.id)
                .bind(m.id)
                .bind(device)
                .bind(c.created_at)
                .bind(enum_text(&c.kind)?)
                .bind(c.amount)
                .bind(&c.reason)
                .bind(&c.account)
                .bind(json_text(c)?)
                .bind(c.cashier.as_ref().map(|s| s.id))
                .bind(received_at)
                .execute(&mut *conn)
                .await?;
            }
            Document::UnreceiptedReturn(r) => {
                sqlx::query(
                    "INSERT INTO unreceipted_returns (id, mutation_id, device_id, receipt_no, created_at, \
                     reason, net, tax, total, rounding, body, received_at, cashier_id, approver_id) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13, $14)",
                )
                .bind(r.id)
                .bind(m.id)
                .bind(device)
                .bind(&r.receipt_no)
                .bind(r.created_at)
                .bind(&r.reason)
                .bind(r.net)
                .bind(r.tax)
                .bind(r.total)
                .bind(r.rounding)
                .bind(json_text(r)?)
                .bind(received_at)
                .bind(r.cashier.as_ref().map(|s| s.id))
                .bind(r.approval.as_ref().map(|a| a.approver.id))
                .execute(&mut *conn)
                .await?;
            }
            // Customers are written after the documents (`store/customers.rs`), once for both stores.
            Document::Sale(_) | Document::Refund(_) | Document::Customer(_) => {}
        }
    }
    Ok(())
}
