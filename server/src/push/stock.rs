//! The stock movements of accepted documents, decided once for every store: a sale takes its lines' quantities
//! out, a refund puts the returned quantities back, a void puts the whole sale back (a void needs a sale without
//! refunds), an exchange puts its return back and takes its new sale out, a return without a receipt puts its
//! lines back (kind `refund`).
//!
//! Each movement names its source document and line (`(source_id, source_line, kind)` is unique in the ledger),
//! so a document moves stock once: the plan only hands new mutations here, and the store's insert ignores a
//! movement already recorded. The store writes them at the selling location of the pushing device's store
//! (`store::stock::sale_location`). The catalog has no bundles yet, so every line moves its own item.

use super::Document;
use chrono::{DateTime, Utc};
use shared::document::{Refund, SaleDocument, StaffStamp};
use shared::stock::MovementKind;
use shared::Decimal;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use uuid::Uuid;

/// Whether accepted documents move stock. Always on in the server; `benches/ingest.rs` turns it off for a
/// moment to measure ingest with and without stock movements in the same run. Nothing else sets it.
pub static MOVES_STOCK: AtomicBool = AtomicBool::new(true);

/// One movement a document makes at the device's selling location.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StockMove {
    pub product_id: String,
    /// The signed change of on-hand.
    pub quantity: Decimal,
    pub kind: MovementKind,
    pub source_id: Uuid,
    pub source_line: i64,
    /// The document's own time.
    pub occurred_at: DateTime<Utc>,
    pub staff_id: Option<Uuid>,
}

fn line_no(i: usize) -> i64 {
    i64::try_from(i).unwrap_or(i64::MAX)
}

fn staff(stamp: Option<&StaffStamp>) -> Option<Uuid> {
    stamp.map(|s| s.id)
}

/// The sale's lines out of stock (`sign` −1), or back in (`sign` 1, a void), as `kind`.
fn of_sale(
    sale: &SaleDocument,
    kind: MovementKind,
    sign: Decimal,
    source: Uuid,
    at: DateTime<Utc>,
    out: &mut Vec<StockMove>,
) {
    for (i, l) in sale.priced.lines.iter().enumerate() {
        if l.quantity.is_zero() {
            continue;
        }
        out.push(StockMove {
            product_id: l.product_id.clone(),
            quantity: sign * l.quantity,
            kind,
            source_id: source,
            source_line: line_no(i),
            occurred_at: at,
            staff_id: staff(sale.cashier.as_ref()),
        });
    }
}

/// The refund's returned quantities back into stock. Its lines keep the sale's line numbers.
fn of_refund(refund: &Refund, kind: MovementKind, out: &mut Vec<StockMove>) {
    for l in &refund.lines {
        if l.quantity.is_zero() {
            continue;
        }
        out.push(StockMove {
            product_id: l.product_id.clone(),
            quantity: l.quantity,
            kind,
            source_id: refund.id,
            source_line: line_no(l.line),
            occurred_at: refund.created_at,
            staff_id: staff(refund.cashier.as_ref()),
        });
    }
}

/// The movements of an accepted document; a void's are its sale's lines back (`sales` holds the sale it
/// refers to, recorded or accepted earlier in the walk).
pub fn of(document: &Document, sales: &HashMap<Uuid, &SaleDocument>, out: &mut Vec<StockMove>) {
    if !MOVES_STOCK.load(Ordering::Relaxed) {
        return;
    }
    let minus = Decimal::NEGATIVE_ONE;
    match document {
        Document::Sale(s) => of_sale(s, MovementKind::Sale, minus, s.id, s.created_at, out),
        Document::Refund(r) => of_refund(r, MovementKind::Refund, out),
        Document::Void(v) => {
            if let Some(sale) = sales.get(&v.sale_id) {
                let start = out.len();
                of_sale(
                    sale,
                    MovementKind::Void,
                    Decimal::ONE,
                    v.id,
                    v.created_at,
                    out,
                );
                for m in &mut out[start..] {
                    m.staff_id = staff(v.cashier.as_ref());
                }
            }
        }
        Document::Exchange(x) => {
            of_refund(&x.returned, MovementKind::Exchange, out);
            let s = &x.sale;
            of_sale(s, MovementKind::Exchange, minus, s.id, s.created_at, out);
        }
        Document::UnreceiptedReturn(r) => {
            for (i, l) in r.lines.iter().enumerate() {
                if l.quantity.is_zero() {
                    continue;
                }
                out.push(StockMove {
                    product_id: l.product_id.clone(),
                    quantity: l.quantity,
                    kind: MovementKind::Refund,
                    source_id: r.id,
                    source_line: line_no(i),
                    occurred_at: r.created_at,
                    staff_id: staff(r.cashier.as_ref()),
                });
            }
        }
        Document::CashMovement(_) | Document::Customer(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::push::test_support::{refund, sale};
    use shared::document::Void;

    #[test]
    fn a_sale_takes_its_quantities_out_and_a_refund_puts_them_back() {
        let device = Uuid::from_u128(1);
        let s = sale(device, 7);
        let mut out = Vec::new();
        of(&Document::Sale(s.clone()), &HashMap::new(), &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(
            (out[0].product_id.as_str(), out[0].quantity, out[0].kind),
            ("p", Decimal::from(-2), MovementKind::Sale)
        );
        assert_eq!((out[0].source_id, out[0].source_line), (s.id, 0));

        let r = refund(&s, 8, &[]);
        let mut back = Vec::new();
        of(&Document::Refund(r.clone()), &HashMap::new(), &mut back);
        assert_eq!(back.len(), 1);
        assert_eq!(
            (back[0].quantity, back[0].kind, back[0].source_id),
            (Decimal::ONE, MovementKind::Refund, r.id)
        );
    }

    #[test]
    fn a_void_puts_the_whole_sale_back_and_needs_the_sale() {
        let device = Uuid::from_u128(1);
        let s = sale(device, 7);
        let void = Void {
            id: Uuid::from_u128(9),
            device_id: device,
            receipt_no: "V-1".into(),
            created_at: s.created_at,
            sale_id: s.id,
            reason: "wrong".into(),
            cashier: None,
            approval: None,
        };
        let mut none = Vec::new();
        of(&Document::Void(void.clone()), &HashMap::new(), &mut none);
        assert!(none.is_empty());
        let sales = HashMap::from([(s.id, &s)]);
        let mut out = Vec::new();
        of(&Document::Void(void), &sales, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(
            (out[0].quantity, out[0].kind, out[0].source_id),
            (Decimal::from(2), MovementKind::Void, Uuid::from_u128(9))
        );
    }
}
