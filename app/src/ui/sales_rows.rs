//! The rows of today's sales list: sales (a voided one says VOID), refunds, voids and returns without a
//! receipt, newest first, each with the document its receipt shows.

use crate::model::records::{RefundRecord, ReturnRecord, SaleRecord, VoidRecord};
use crate::services::state::Document;
use rust_decimal::Decimal;
use shared::document::SaleDocument;

/// One row of the list.
#[derive(Clone)]
pub struct Row {
    pub ms: f64,
    pub receipt_no: String,
    pub kind: &'static str,
    /// Negative for refunds and voids.
    pub amount: Decimal,
    pub synced: bool,
    /// A sale that was voided (its row says VOID).
    pub voided: bool,
    pub document: Document,
}

pub fn rows_of(
    sales: Vec<SaleRecord>,
    refunds: Vec<RefundRecord>,
    voids: Vec<VoidRecord>,
    returns: Vec<ReturnRecord>,
) -> Vec<Row> {
    let mut out: Vec<Row> = Vec::new();
    for r in returns {
        let made = r.unreceipted_return;
        out.push(Row {
            ms: made.created_at.timestamp_millis() as f64,
            receipt_no: made.receipt_no.clone(),
            kind: "Return",
            amount: -made.total,
            synced: r.synced,
            voided: false,
            document: Document::Return(Box::new(made)),
        });
    }
    let void_of = |sale: &SaleDocument| voids.iter().find(|v| v.void.sale_id == sale.id);
    for v in &voids {
        // A void is of a sale of today, so its sale is in the list.
        let Some(sale) = sales.iter().find(|s| s.sale.id == v.void.sale_id) else {
            continue;
        };
        out.push(Row {
            ms: v.void.created_at.timestamp_millis() as f64,
            receipt_no: v.void.receipt_no.clone(),
            kind: "Void",
            amount: -(sale.sale.priced.total + sale.sale.tip),
            synced: v.synced,
            voided: false,
            document: Document::Void {
                void: Box::new(v.void.clone()),
                sale: Box::new(sale.sale.clone()),
            },
        });
    }
    for r in &refunds {
        let sale = sales.iter().find(|s| s.sale.id == r.refund.sale_id);
        let sale_receipt_no = sale.map(|s| s.sale.receipt_no.clone());
        let sale_units = sale
            .map(|s| s.sale.priced.lines.iter().map(|l| l.unit).collect())
            .unwrap_or_default();
        out.push(Row {
            ms: r.refund.created_at.timestamp_millis() as f64,
            receipt_no: r.refund.receipt_no.clone(),
            kind: "Refund",
            amount: -r.refund.total,
            synced: r.synced,
            voided: false,
            document: Document::Refund {
                refund: r.refund.clone(),
                sale_receipt_no,
                sale_units,
            },
        });
    }
    for s in &sales {
        let void = void_of(&s.sale);
        out.push(Row {
            ms: s.sale.created_at.timestamp_millis() as f64,
            receipt_no: s.sale.receipt_no.clone(),
            kind: "Sale",
            amount: s.sale.priced.total + s.sale.tip,
            synced: s.synced,
            voided: void.is_some(),
            document: match void {
                Some(v) => Document::Void {
                    void: Box::new(v.void.clone()),
                    sale: Box::new(s.sale.clone()),
                },
                None => Document::Sale(s.sale.clone()),
            },
        });
    }
    out.sort_by(|a, b| {
        b.ms.total_cmp(&a.ms)
            .then_with(|| b.receipt_no.cmp(&a.receipt_no))
    });
    out
}
