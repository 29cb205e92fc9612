//! Documents on SQLite: the rows that new mutations record — a sale (header, lines, payments), a refund, a
//! void, an exchange (its return, its new sale and the link) or a cash movement — each with its full JSON.
//!
//! Rows of a whole push group are collected first ([`Rows`]) and written with one multi-row `INSERT` per table
//! ([`Rows::write`]), in foreign-key order: a statement per table instead of one per row (each statement is a
//! round trip to the SQLite worker thread).

use super::codec::{decimal_text, enum_text, json_text, seq_to_db, time_text};
use crate::push::{Document, PreparedMutation};
use crate::store::codec::payment_columns;
use crate::store::StoreResult;
use shared::document::{Approval, Refund, SaleDocument, StaffStamp, UnreceiptedReturn, Void};
use shared::ledger::CashMovement;
use sqlx::sqlite::SqliteConnection;
use uuid::Uuid;

/// SQLite's limit on bound parameters in one statement.
const MAX_PARAMETERS: usize = 32_766;

/// A column value to bind.
#[derive(Debug)]
enum Value {
    Text(String),
    MaybeText(Option<String>),
    Int(i64),
    MaybeInt(Option<i64>),
}

impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_string())
    }
}

impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Value::Text(v.clone())
    }
}

impl From<Option<String>> for Value {
    fn from(v: Option<String>) -> Self {
        Value::MaybeText(v)
    }
}

impl From<Option<&str>> for Value {
    fn from(v: Option<&str>) -> Self {
        Value::MaybeText(v.map(str::to_string))
    }
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}

impl From<Option<i64>> for Value {
    fn from(v: Option<i64>) -> Self {
        Value::MaybeInt(v)
    }
}

/// One table's insert: its columns and the values of every row, row after row.
struct Table {
    name: &'static str,
    columns: &'static [&'static str],
    /// Appended to the statement, e.g. an `ON CONFLICT` clause.
    suffix: &'static str,
    values: Vec<Value>,
}

impl Table {
    const fn new(name: &'static str, columns: &'static [&'static str]) -> Table {
        Table {
            name,
            columns,
            suffix: "",
            values: Vec::new(),
        }
    }

    const fn upsert(mut self, suffix: &'static str) -> Table {
        self.suffix = suffix;
        self
    }

    fn push(&mut self, row: Vec<Value>) {
        debug_assert_eq!(row.len(), self.columns.len(), "columns of {}", self.name);
        self.values.extend(row);
    }

    /// One multi-row `INSERT` per chunk of rows that fits SQLite's parameter limit.
    async fn write(self, conn: &mut SqliteConnection) -> StoreResult<()> {
        let width = self.columns.len();
        let row = format!("({})", vec!["?"; width].join(", "));
        let mut values = self.values.into_iter().peekable();
        while values.peek().is_some() {
            let chunk: Vec<Value> = values
                .by_ref()
                .take(MAX_PARAMETERS / width * width)
                .collect();
            let sql = format!(
                "INSERT INTO {} ({}) VALUES {}{}",
                self.name,
                self.columns.join(", "),
                vec![row.as_str(); chunk.len() / width].join(", "),
                self.suffix
            );
            let mut query = sqlx::query(&sql);
            for v in chunk {
                query = match v {
                    Value::Text(t) => query.bind(t),
                    Value::MaybeText(t) => query.bind(t),
                    Value::Int(i) => query.bind(i),
                    Value::MaybeInt(i) => query.bind(i),
                };
            }
            query.execute(&mut *conn).await?;
        }
        Ok(())
    }
}

/// The rows of the new mutations of one push, by table.
pub struct Rows {
    /// In foreign-key order: each table only refers to tables before it.
    tables: [Table; 10],
}

const DEVICES: usize = 0;
const MUTATIONS: usize = 1;
const SALES: usize = 2;
const SALE_LINES: usize = 3;
const SALE_PAYMENTS: usize = 4;
const REFUNDS: usize = 5;
const VOIDS: usize = 6;
const EXCHANGES: usize = 7;
const CASH_MOVEMENTS: usize = 8;
const UNRECEIPTED_RETURNS: usize = 9;

impl Default for Rows {
    fn default() -> Self {
        Rows {
            tables: [
                // A device's row is created by its first push; later pushes move its sequence.
                Table::new(
                    "devices",
                    &["id", "last_seq", "first_seen_at", "last_push_at"],
                )
                .upsert(
                    " ON CONFLICT (id) DO UPDATE SET last_seq = excluded.last_seq, \
                     last_push_at = excluded.last_push_at",
                ),
                Table::new(
                    "mutations",
                    &["id", "device_id", "seq", "kind", "body_hash", "applied_at"],
                ),
                Table::new(
                    "sales",
                    &[
                        "id",
                        "mutation_id",
                        "device_id",
                        "receipt_no",
                        "created_at",
                        "currency_code",
                        "tax_mode",
                        "net",
                        "tax",
                        "total",
                        "tip",
                        "change_given",
                        "customer_id",
                        "body",
                        "received_at",
                        "cashier_id",
                        "approver_id",
                    ],
                ),
                Table::new(
                    "sale_lines",
                    &[
                        "sale_id",
                        "line_no",
                        "product_id",
                        "sku",
                        "name",
                        "category_id",
                        "unit",
                        "quantity",
                        "unit_price",
                        "price_list_id",
                        "discount",
                        "net",
                        "tax",
                        "gross",
                        "list_net",
                        "taxes",
                        "adjustments",
                    ],
                ),
                Table::new(
                    "sale_payments",
                    &[
                        "sale_id",
                        "position",
                        "kind",
                        "amount",
                        "reference",
                        "account",
                        "points",
                    ],
                ),
                Table::new(
                    "refunds",
                    &[
                        "id",
                        "mutation_id",
                        "device_id",
                        "sale_id",
                        "exchange_id",
                        "receipt_no",
                        "created_at",
                        "reason",
                        "net",
                        "tax",
                        "total",
                        "rounding",
                        "body",
                        "received_at",
                        "cashier_id",
                        "approver_id",
                    ],
                ),
                Table::new(
                    "voids",
                    &[
                        "id",
                        "mutation_id",
                        "device_id",
                        "sale_id",
                        "receipt_no",
                        "created_at",
                        "reason",
                        "body",
                        "received_at",
                        "cashier_id",
                        "approver_id",
                    ],
                ),
                Table::new(
                    "exchanges",
                    &[
                        "id",
                        "mutation_id",
                        "device_id",
                        "refund_id",
                        "sale_id",
                        "created_at",
                        "received_at",
                    ],
                ),
                Table::new(
                    "cash_movements",
                    &[
                        "id",
                        "mutation_id",
                        "device_id",
                        "created_at",
                        "kind",
                        "amount",
                        "reason",
                        "account",
                        "body",
                        "received_at",
                        "cashier_id",
                    ],
                ),
                Table::new(
                    "unreceipted_returns",
                    &[
                        "id",
                        "mutation_id",
                        "device_id",
                        "receipt_no",
                        "created_at",
                        "reason",
                        "net",
                        "tax",
                        "total",
                        "rounding",
                        "body",
                        "received_at",
                        "cashier_id",
                        "approver_id",
                    ],
                ),
            ],
        }
    }
}

impl Rows {
    /// Write every collected row.
    pub async fn write(self, conn: &mut SqliteConnection) -> StoreResult<()> {
        for table in self.tables {
            table.write(conn).await?;
        }
        Ok(())
    }

    /// A device's new last sequence (each device once per write).
    pub fn device(&mut self, id: &str, last_seq: i64, now: &str) {
        self.tables[DEVICES].push(vec![id.into(), last_seq.into(), now.into(), now.into()]);
    }

    /// Collect one new mutation and its document.
    pub fn add(&mut self, device: &str, m: &PreparedMutation, now: &str) -> StoreResult<()> {
        let mutation_id = m.id.to_string();
        self.tables[MUTATIONS].push(vec![
            mutation_id.as_str().into(),
            device.into(),
            seq_to_db(m.seq, "mutation sequence")?.into(),
            m.kind().into(),
            (&m.body_hash).into(),
            now.into(),
        ]);
        let row = Row {
            mutation_id: &mutation_id,
            device,
            now,
        };
        match &m.document {
            Document::Sale(sale) => self.sale(&row, sale),
            Document::Refund(refund) => self.refund(&row, refund, None),
            Document::Void(void) => self.void(&row, void),
            Document::Exchange(x) => {
                self.sale(&row, &x.sale)?;
                self.refund(&row, &x.returned, Some(x.id))?;
                self.tables[EXCHANGES].push(vec![
                    x.id.to_string().into(),
                    row.mutation_id.into(),
                    row.device.into(),
                    x.returned.id.to_string().into(),
                    x.sale.id.to_string().into(),
                    time_text(x.sale.created_at).into(),
                    now.into(),
                ]);
                Ok(())
            }
            Document::CashMovement(movement) => self.movement(&row, movement),
            Document::UnreceiptedReturn(r) => self.unreceipted_return(&row, r),
            // Customers are written after the documents (`store/customers.rs`), once for both stores.
            Document::Customer(_) => Ok(()),
        }
    }

    fn sale(&mut self, row: &Row<'_>, sale: &SaleDocument) -> StoreResult<()> {
        let sale_id = sale.id.to_string();
        let p = &sale.priced;
        self.tables[SALES].push(vec![
            sale_id.as_str().into(),
            row.mutation_id.into(),
            row.device.into(),
            (&sale.receipt_no).into(),
            time_text(sale.created_at).into(),
            (&p.currency.code).into(),
            enum_text(&p.tax_mode)?.into(),
            decimal_text(p.net).into(),
            decimal_text(p.tax).into(),
            decimal_text(p.total).into(),
            decimal_text(sale.tip).into(),
            decimal_text(sale.settlement.change).into(),
            sale.customer_id.clone().into(),
            json_text(sale)?.into(),
            row.now.into(),
            staff_id(sale.cashier.as_ref()).into(),
            approver_id(sale.approval.as_ref()).into(),
        ]);
        for (line_no, l) in p.lines.iter().enumerate() {
            self.tables[SALE_LINES].push(vec![
                sale_id.as_str().into(),
                index(line_no).into(),
                (&l.product_id).into(),
                (&l.sku).into(),
                (&l.name).into(),
                l.category_id.clone().into(),
                enum_text(&l.unit)?.into(),
                decimal_text(l.quantity).into(),
                decimal_text(l.unit_price).into(),
                l.price_list.as_ref().map(|r| r.id.as_str()).into(),
                decimal_text(l.discount()).into(),
                decimal_text(l.net).into(),
                decimal_text(l.tax).into(),
                decimal_text(l.gross).into(),
                decimal_text(l.list_net).into(),
                json_text(&l.taxes)?.into(),
                json_text(&l.adjustments)?.into(),
            ]);
        }
        for (position, payment) in sale.payments.iter().enumerate() {
            let c = payment_columns(payment);
            self.tables[SALE_PAYMENTS].push(vec![
                sale_id.as_str().into(),
                index(position).into(),
                c.kind.into(),
                decimal_text(payment.amount()).into(),
                c.reference.into(),
                c.account.into(),
                c.points.into(),
            ]);
        }
        Ok(())
    }

    fn refund(&mut self, row: &Row<'_>, r: &Refund, exchange: Option<Uuid>) -> StoreResult<()> {
        self.tables[REFUNDS].push(vec![
            r.id.to_string().into(),
            row.mutation_id.into(),
            row.device.into(),
            r.sale_id.to_string().into(),
            exchange.map(|x| x.to_string()).into(),
            (&r.receipt_no).into(),
            time_text(r.created_at).into(),
            r.reason.clone().into(),
            decimal_text(r.net).into(),
            decimal_text(r.tax).into(),
            decimal_text(r.total).into(),
            decimal_text(r.rounding).into(),
            json_text(r)?.into(),
            row.now.into(),
            staff_id(r.cashier.as_ref()).into(),
            approver_id(r.approval.as_ref()).into(),
        ]);
        Ok(())
    }

    fn void(&mut self, row: &Row<'_>, v: &Void) -> StoreResult<()> {
        self.tables[VOIDS].push(vec![
            v.id.to_string().into(),
            row.mutation_id.into(),
            row.device.into(),
            v.sale_id.to_string().into(),
            (&v.receipt_no).into(),
            time_text(v.created_at).into(),
            v.reason.clone().into(),
            json_text(v)?.into(),
            row.now.into(),
            staff_id(v.cashier.as_ref()).into(),
            approver_id(v.approval.as_ref()).into(),
        ]);
        Ok(())
    }

    fn unreceipted_return(&mut self, row: &Row<'_>, r: &UnreceiptedReturn) -> StoreResult<()> {
        self.tables[UNRECEIPTED_RETURNS].push(vec![
            r.id.to_string().into(),
            row.mutation_id.into(),
            row.device.into(),
            (&r.receipt_no).into(),
            time_text(r.created_at).into(),
            r.reason.clone().into(),
            decimal_text(r.net).into(),
            decimal_text(r.tax).into(),
            decimal_text(r.total).into(),
            decimal_text(r.rounding).into(),
            json_text(r)?.into(),
            row.now.into(),
            staff_id(r.cashier.as_ref()).into(),
            approver_id(r.approval.as_ref()).into(),
        ]);
        Ok(())
    }

    fn movement(&mut self, row: &Row<'_>, m: &CashMovement) -> StoreResult<()> {
        self.tables[CASH_MOVEMENTS].push(vec![
            m.id.to_string().into(),
            row.mutation_id.into(),
            row.device.into(),
            time_text(m.created_at).into(),
            enum_text(&m.kind)?.into(),
            decimal_text(m.amount).into(),
            m.reason.clone().into(),
            m.account.clone().into(),
            json_text(m)?.into(),
            row.now.into(),
            staff_id(m.cashier.as_ref()).into(),
        ]);
        Ok(())
    }
}

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

/// The columns every document row shares.
struct Row<'a> {
    mutation_id: &'a str,
    device: &'a str,
    now: &'a str,
}
