//! Bulk ingest of a push's new mutations: one `INSERT … SELECT … FROM UNNEST(…)` per table (mutations, sales,
//! sale lines, tenders), whatever the batch size, instead of a statement per row.

use crate::push::PreparedMutation;
use crate::store::codec::{enum_text, json_text, seq_to_db};
use crate::store::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use shared::sale::Tender;
use shared::Decimal;
use sqlx::postgres::PgConnection;
use uuid::Uuid;

/// Write the new mutations and the sales they carry, inside the caller's transaction.
pub async fn insert(
    conn: &mut PgConnection,
    device: Uuid,
    new: &[&PreparedMutation],
) -> StoreResult<()> {
    insert_mutations(conn, device, new).await?;
    insert_sales(conn, device, new).await?;
    insert_lines(conn, new).await?;
    insert_tenders(conn, new).await
}

fn index(i: usize, what: &str) -> StoreResult<i32> {
    i32::try_from(i).map_err(|_| StoreError::Corrupt(format!("{what} {i} is out of range")))
}

async fn insert_mutations(
    conn: &mut PgConnection,
    device: Uuid,
    new: &[&PreparedMutation],
) -> StoreResult<()> {
    let ids: Vec<Uuid> = new.iter().map(|m| m.id).collect();
    let seqs = new
        .iter()
        .map(|m| seq_to_db(m.seq, "mutation sequence"))
        .collect::<StoreResult<Vec<i64>>>()?;
    let kinds: Vec<&str> = new.iter().map(|m| m.kind).collect();
    let hashes: Vec<&str> = new.iter().map(|m| m.body_hash.as_str()).collect();
    sqlx::query(
        "INSERT INTO mutations (id, device_id, seq, kind, body_hash, applied_at) \
         SELECT id, $1, seq, kind, body_hash, now() \
         FROM UNNEST($2::uuid[], $3::bigint[], $4::text[], $5::text[]) AS t (id, seq, kind, body_hash)",
    )
    .bind(device)
    .bind(ids)
    .bind(seqs)
    .bind(kinds)
    .bind(hashes)
    .execute(conn)
    .await?;
    Ok(())
}

/// Sale header columns, one vector per column.
#[derive(Default)]
struct SaleColumns {
    id: Vec<Uuid>,
    mutation_id: Vec<Uuid>,
    receipt_no: Vec<String>,
    created_at: Vec<DateTime<Utc>>,
    currency_code: Vec<String>,
    tax_mode: Vec<String>,
    net: Vec<Decimal>,
    tax: Vec<Decimal>,
    total: Vec<Decimal>,
    change_given: Vec<Decimal>,
    body: Vec<String>,
}

async fn insert_sales(
    conn: &mut PgConnection,
    device: Uuid,
    new: &[&PreparedMutation],
) -> StoreResult<()> {
    let mut c = SaleColumns::default();
    for m in new {
        let sale = &m.sale;
        c.id.push(sale.id);
        c.mutation_id.push(m.id);
        c.receipt_no.push(sale.receipt_no.clone());
        c.created_at.push(sale.created_at);
        c.currency_code.push(sale.currency.code.clone());
        c.tax_mode.push(enum_text(&sale.tax_mode)?);
        c.net.push(sale.net);
        c.tax.push(sale.tax);
        c.total.push(sale.total);
        c.change_given.push(sale.change);
        c.body.push(json_text(sale)?);
    }
    sqlx::query(
        "INSERT INTO sales (id, mutation_id, device_id, receipt_no, created_at, currency_code, tax_mode, net, \
         tax, total, change_given, body, received_at) \
         SELECT id, mutation_id, $1, receipt_no, created_at, currency_code, tax_mode, net, tax, total, \
         change_given, body::jsonb, now() \
         FROM UNNEST($2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], \
         $8::numeric[], $9::numeric[], $10::numeric[], $11::numeric[], $12::text[]) \
         AS t (id, mutation_id, receipt_no, created_at, currency_code, tax_mode, net, tax, total, \
         change_given, body)",
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
    .bind(c.change_given)
    .bind(c.body)
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
    quantity: Vec<Decimal>,
    unit_price: Vec<Decimal>,
    tax_rate_id: Vec<&'a str>,
    tax_name: Vec<&'a str>,
    tax_percent: Vec<Decimal>,
    net: Vec<Decimal>,
    tax: Vec<Decimal>,
    gross: Vec<Decimal>,
}

async fn insert_lines(conn: &mut PgConnection, new: &[&PreparedMutation]) -> StoreResult<()> {
    let mut c = LineColumns::default();
    for m in new {
        for (line_no, l) in m.sale.lines.iter().enumerate() {
            c.sale_id.push(m.sale.id);
            c.line_no.push(index(line_no, "line number")?);
            c.product_id.push(&l.product_id);
            c.sku.push(&l.sku);
            c.name.push(&l.name);
            c.quantity.push(l.quantity);
            c.unit_price.push(l.unit_price);
            c.tax_rate_id.push(&l.tax_rate_id);
            c.tax_name.push(&l.tax_name);
            c.tax_percent.push(l.tax_percent);
            c.net.push(l.net);
            c.tax.push(l.tax);
            c.gross.push(l.gross);
        }
    }
    sqlx::query(
        "INSERT INTO sale_lines (sale_id, line_no, product_id, sku, name, quantity, unit_price, tax_rate_id, \
         tax_name, tax_percent, net, tax, gross) \
         SELECT * FROM UNNEST($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[], $6::numeric[], \
         $7::numeric[], $8::text[], $9::text[], $10::numeric[], $11::numeric[], $12::numeric[], \
         $13::numeric[])",
    )
    .bind(c.sale_id)
    .bind(c.line_no)
    .bind(c.product_id)
    .bind(c.sku)
    .bind(c.name)
    .bind(c.quantity)
    .bind(c.unit_price)
    .bind(c.tax_rate_id)
    .bind(c.tax_name)
    .bind(c.tax_percent)
    .bind(c.net)
    .bind(c.tax)
    .bind(c.gross)
    .execute(conn)
    .await?;
    Ok(())
}

async fn insert_tenders(conn: &mut PgConnection, new: &[&PreparedMutation]) -> StoreResult<()> {
    let mut sale_id: Vec<Uuid> = Vec::new();
    let mut position: Vec<i32> = Vec::new();
    let mut kind: Vec<String> = Vec::new();
    let mut amount: Vec<Decimal> = Vec::new();
    let mut reference: Vec<Option<&str>> = Vec::new();
    for m in new {
        for (i, t) in m.sale.tenders.iter().enumerate() {
            sale_id.push(m.sale.id);
            position.push(index(i, "tender position")?);
            kind.push(t.label().to_lowercase());
            amount.push(t.amount());
            reference.push(match t {
                Tender::Card { reference, .. } => Some(reference.as_str()),
                Tender::Cash { .. } => None,
            });
        }
    }
    sqlx::query(
        "INSERT INTO sale_tenders (sale_id, position, kind, amount, reference) \
         SELECT * FROM UNNEST($1::uuid[], $2::int[], $3::text[], $4::numeric[], $5::text[])",
    )
    .bind(sale_id)
    .bind(position)
    .bind(kind)
    .bind(amount)
    .bind(reference)
    .execute(conn)
    .await?;
    Ok(())
}
