//! Sale bodies stored before the commerce engine (the simple `sale::Sale`), read back as `SaleDocument`s, so a
//! database upgraded from that schema still lists, refunds and journals its old sales.

use super::{StoreError, StoreResult};
use shared::document::SaleDocument;
use shared::sale::Sale;

/// A stored sale body: a `SaleDocument`, or a legacy `Sale` converted to one.
pub fn parse_sale(text: &str) -> StoreResult<SaleDocument> {
    match serde_json::from_str::<SaleDocument>(text) {
        Ok(doc) => Ok(doc),
        Err(doc_error) => match serde_json::from_str::<Sale>(text) {
            Ok(sale) => Ok(SaleDocument::from_legacy(&sale)),
            Err(_) => Err(StoreError::Corrupt(format!("stored sale: {doc_error}"))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use shared::basket::Unit;
    use shared::cart::Cart;
    use shared::catalog::{Product, StoreSettings, TaxRate};
    use shared::sale::{SaleHeader, Tender};
    use shared::Decimal;
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
            ..Default::default()
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
