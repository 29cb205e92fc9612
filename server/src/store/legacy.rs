//! Sale bodies stored before the commerce engine (the simple `sale::Sale`), read back as `SaleDocument`s, so a
//! database upgraded from that schema still lists, refunds and journals its old sales.

use super::{StoreError, StoreResult};
use shared::basket::Unit;
use shared::document::SaleDocument;
use shared::pricing::priced::{LineTax, PricedCart, PricedLine, RateTotal};
use shared::promotion::CouponOutcome;
use shared::sale::Sale;
use shared::tender::{Payment, Settlement};
use shared::Decimal;

/// A stored sale body: a `SaleDocument`, or a legacy `Sale` converted to one.
pub fn parse_sale(text: &str) -> StoreResult<SaleDocument> {
    match serde_json::from_str::<SaleDocument>(text) {
        Ok(doc) => Ok(doc),
        Err(doc_error) => match serde_json::from_str::<Sale>(text) {
            Ok(sale) => Ok(document_of(&sale)),
            Err(_) => Err(StoreError::Corrupt(format!("stored sale: {doc_error}"))),
        },
    }
}

/// The legacy sale as a document: one tax per line, no adjustments, cash and card payments, no tip.
pub fn document_of(sale: &Sale) -> SaleDocument {
    let zero = Decimal::new(0, sale.currency.scale);
    let inclusive = sale.tax_mode == shared::catalog::TaxMode::Inclusive;
    let lines: Vec<PricedLine> = sale
        .lines
        .iter()
        .map(|l| {
            let shelf = if inclusive { l.gross } else { l.net };
            PricedLine {
                product_id: l.product_id.clone(),
                name: l.name.clone(),
                sku: l.sku.clone(),
                category_id: String::new(),
                quantity: l.quantity,
                unit: Unit::Each,
                list_unit_price: l.unit_price,
                unit_price: l.unit_price,
                price_list: None,
                base: shelf,
                adjustments: vec![],
                amount: shelf,
                exemption: zero,
                taxes: vec![LineTax {
                    rate_id: l.tax_rate_id.clone(),
                    name: l.tax_name.clone(),
                    percent: l.tax_percent,
                    compound: false,
                    tax: l.tax,
                }],
                net: l.net,
                tax: l.tax,
                gross: l.gross,
                list_net: l.net,
            }
        })
        .collect();
    let taxes = sale
        .taxes
        .iter()
        .map(|t| RateTotal {
            rate_id: t.rate_id.clone(),
            name: t.name.clone(),
            percent: t.percent,
            compound: false,
            net: t.net,
            tax: t.tax,
            gross: t.gross,
        })
        .collect();
    let payments: Vec<Payment> = sale.tenders.iter().map(Payment::from).collect();
    let paid = payments.iter().map(Payment::amount).sum();
    SaleDocument {
        id: sale.id,
        device_id: sale.device_id,
        receipt_no: sale.receipt_no.clone(),
        created_at: sale.created_at,
        customer_id: None,
        priced: PricedCart {
            currency: sale.currency.clone(),
            tax_mode: sale.tax_mode,
            tax_rounding: shared::catalog::TaxRounding::PerLine,
            subtotal: lines.iter().map(|l| l.base).sum(),
            discount: zero,
            exemption: zero,
            net: sale.net,
            tax: sale.tax,
            total: sale.total,
            lines,
            taxes,
            promotions: vec![],
            coupons: Vec::<CouponOutcome>::new(),
        },
        tip: zero,
        payments,
        settlement: Settlement {
            due: sale.total,
            paid,
            rounding: zero,
            change: sale.change,
        },
        cashier: None,
        approval: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use shared::cart::Cart;
    use shared::catalog::{Product, StoreSettings, TaxRate};
    use shared::sale::{SaleHeader, Tender};
    use uuid::Uuid;

    #[test]
    fn a_legacy_sale_reads_as_a_verified_document() {
        let rates = vec![TaxRate {
            id: "std".into(),
            name: "VAT 19%".into(),
            percent: Decimal::from(19),
        }];
        let product = Product {
            id: "p".into(),
            sku: "p".into(),
            name: "P".into(),
            barcode: None,
            category_id: "c".into(),
            price: Decimal::new(199, 2),
            tax_rate_id: "std".into(),
            active: true,
            version: 1,
            unit: Unit::Each,
        };
        let mut cart = Cart::default();
        cart.add(&product, &rates).expect("known rate");
        cart.add(&product, &rates).expect("known rate");
        let header = SaleHeader {
            id: Uuid::from_u128(1),
            device_id: Uuid::from_u128(2),
            receipt_no: "R-1".into(),
            created_at: Utc
                .with_ymd_and_hms(2026, 1, 2, 3, 4, 5)
                .single()
                .expect("date"),
        };
        let tenders = vec![Tender::Cash {
            amount: Decimal::from(5),
        }];
        let sale = Sale::complete(header, &cart, &StoreSettings::default(), tenders).expect("sale");
        let text = serde_json::to_string(&sale).expect("json");
        let doc = parse_sale(&text).expect("parsed");
        assert_eq!(doc.verify(), Ok(()));
        assert_eq!(
            (doc.id, doc.total(), doc.settlement.change),
            (sale.id, sale.total, sale.change)
        );
        assert!(parse_sale("{}").is_err());
    }
}
