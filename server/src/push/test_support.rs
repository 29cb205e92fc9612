//! Test builders for push rules: valid documents made with the commerce engine, and prepared mutations.

use super::{body_hash, validate, Document, PreparedMutation};
use chrono::{NaiveDate, TimeZone, Utc};
use shared::basket::{Basket, BasketLine, Unit};
use shared::catalog::{Product, TaxRate};
use shared::document::{Refund, RefundLineRequest, RefundMethod, RefundRequest, SaleDocument};
use shared::policy::StorePolicy;
use shared::pricing::context::PricingContext;
use shared::sale::SaleHeader;
use shared::sync::MutationBody;
use shared::tender::Payment;
use shared::Decimal;
use uuid::Uuid;

fn header(device_id: Uuid, id: u128) -> SaleHeader {
    SaleHeader {
        id: Uuid::from_u128(id),
        device_id,
        receipt_no: format!("R-{id}"),
        created_at: Utc
            .with_ymd_and_hms(2026, 1, 2, 3, 4, 5)
            .single()
            .expect("valid date"),
    }
}

/// A valid cash sale of two units of one product (1.99 each, VAT 19% inclusive), with the given sale id (as a
/// number) for the given device.
pub fn sale(device_id: Uuid, id: u128) -> SaleDocument {
    let rate = TaxRate {
        id: "std".into(),
        name: "VAT 19%".into(),
        percent: Decimal::from(19),
    };
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
    let basket = Basket {
        lines: vec![BasketLine::with_rate(
            &product,
            Decimal::from(2),
            Unit::Each,
            &rate,
        )],
        order_discounts: vec![],
    };
    let policy = StorePolicy::default();
    let now = NaiveDate::from_ymd_opt(2026, 1, 2)
        .and_then(|d| d.and_hms_opt(4, 4, 5))
        .expect("valid time");
    let ctx = PricingContext::new(&policy, now);
    let payments = vec![Payment::Cash {
        amount: Decimal::new(500, 2),
    }];
    SaleDocument::complete(
        header(device_id, id),
        &ctx,
        &basket,
        payments,
        Decimal::ZERO,
        None,
    )
    .expect("valid sale")
}

/// A refund of one unit of `sale`'s first line to the original tenders, after `previous`.
pub fn refund(sale: &SaleDocument, id: u128, previous: &[Refund]) -> Refund {
    let request = RefundRequest {
        lines: vec![RefundLineRequest {
            line: 0,
            quantity: Decimal::ONE,
        }],
        method: RefundMethod::OriginalTenders,
        reason: "damaged".into(),
    };
    Refund::create(
        header(sale.device_id, id),
        sale,
        previous,
        &request,
        &StorePolicy::default(),
    )
    .expect("valid refund")
}

/// A mutation with the given id (as a number) and sequence carrying `body`, prepared as a push would be.
pub fn prepared_body(id: u128, seq: u64, device: Uuid, body: MutationBody) -> PreparedMutation {
    let bytes = serde_json::to_vec(&body).expect("json");
    let body_hash = body_hash(&body);
    let document = Document::of(body);
    let validity = validate::validity(device, &document, &bytes);
    PreparedMutation {
        id: Uuid::from_u128(id),
        seq,
        body_hash,
        document,
        validity,
    }
}

/// A valid mutation with the given id (as a number) and sequence carrying `sale`.
pub fn prepared(id: u128, seq: u64, sale: SaleDocument) -> PreparedMutation {
    let device = sale.device_id;
    prepared_body(id, seq, device, MutationBody::CompleteSale { sale })
}
