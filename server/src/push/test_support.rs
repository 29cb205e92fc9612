//! Test builders for push rules: a valid one-line sale and a prepared mutation carrying it.

use super::{body_hash, PreparedMutation};
use chrono::{TimeZone, Utc};
use shared::cart::Cart;
use shared::catalog::{Product, StoreSettings, TaxRate};
use shared::sale::{Sale, SaleHeader, Tender};
use shared::sync::MutationBody;
use shared::Decimal;
use uuid::Uuid;

/// A valid cash sale of one product, with the given sale id (as a number) for the given device.
pub fn sale(device_id: Uuid, id: u128) -> Sale {
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
    };
    let mut cart = Cart::default();
    cart.add(&product, &rates).expect("known rate");
    let header = SaleHeader {
        id: Uuid::from_u128(id),
        device_id,
        receipt_no: format!("R-{id}"),
        created_at: Utc
            .with_ymd_and_hms(2026, 1, 2, 3, 4, 5)
            .single()
            .expect("valid date"),
    };
    let tenders = vec![Tender::Cash {
        amount: Decimal::new(500, 2),
    }];
    Sale::complete(header, &cart, &StoreSettings::default(), tenders).expect("valid sale")
}

/// A valid mutation with the given id (as a number) and sequence carrying `sale`.
pub fn prepared(id: u128, seq: u64, sale: Sale) -> PreparedMutation {
    PreparedMutation {
        id: Uuid::from_u128(id),
        seq,
        body_hash: body_hash(&MutationBody::CompleteSale { sale: sale.clone() }),
        kind: "complete_sale",
        sale,
        validity: Ok(()),
    }
}
