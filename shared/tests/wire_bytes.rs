//! Old bytes stay readable: real JSON as the terminal and server wrote it before the tagged wire enums were
//! read tag first (`fixtures/wire-v1.txt`: outbox mutations, documents, refund requests, pull changes with
//! promotions, customers and coupons, a priced cart with coupon outcomes) parses to the same value and writes
//! back the very same bytes, so stored IndexedDB records still load and a replayed outbox entry keeps its body
//! hash.

use serde::de::DeserializeOwned;
use serde::Serialize;
use shared::document::{DocumentMutation, Refund, RefundRequest, SaleDocument};
use shared::pricing::priced::PricedCart;
use shared::sync::{Change, Mutation};
use std::fmt::Debug;

const FIXTURES: &str = include_str!("fixtures/wire-v1.txt");
/// Catalog changes as the server wrote them before variants (the first two) and after (the rest), and error
/// bodies with and without the `field` they gained.
const CATALOG_FIXTURES: &str = include_str!("fixtures/wire-catalog.txt");

fn same_bytes<T: Serialize + DeserializeOwned + PartialEq + Debug>(text: &str) -> T {
    let value: T = serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"));
    assert_eq!(serde_json::to_string(&value).expect("serialize"), text);
    // And what it writes reads back to the same value.
    assert_eq!(serde_json::from_str::<T>(text).expect("again"), value);
    value
}

#[test]
fn every_fixture_parses_and_keeps_its_bytes() {
    let mut seen = std::collections::BTreeMap::<&str, usize>::new();
    for line in FIXTURES.lines().filter(|l| !l.is_empty()) {
        let (kind, text) = line.split_once('\t').expect("kind<TAB>json");
        match kind {
            "mutation" => drop(same_bytes::<Mutation>(text)),
            "document_mutation" => drop(same_bytes::<DocumentMutation>(text)),
            "sale" => drop(same_bytes::<SaleDocument>(text)),
            "refund" => drop(same_bytes::<Refund>(text)),
            "refund_request" => drop(same_bytes::<RefundRequest>(text)),
            "change" => drop(same_bytes::<Change>(text)),
            "priced" => drop(same_bytes::<PricedCart>(text)),
            other => panic!("unknown fixture kind {other}"),
        }
        *seen.entry(kind).or_default() += 1;
    }
    // Every outbox mutation kind and every kind of fixture is there.
    assert_eq!(seen.get("mutation"), Some(&5), "{seen:?}");
    assert_eq!(seen.get("document_mutation"), Some(&5), "{seen:?}");
    assert_eq!(seen.len(), 7, "{seen:?}");
}

#[test]
fn catalog_shapes_old_and_new_keep_their_bytes() {
    use shared::catalog::Tracking;
    use shared::unit::Unit;
    let mut changes = Vec::new();
    for line in CATALOG_FIXTURES.lines().filter(|l| !l.is_empty()) {
        match line.split_once('\t').expect("kind<TAB>json") {
            ("change", text) => changes.push(same_bytes::<Change>(text)),
            ("error", text) => drop(same_bytes::<shared::api::ErrorBody>(text)),
            (other, _) => panic!("unknown fixture kind {other}"),
        }
    }
    let products: Vec<_> = changes
        .iter()
        .filter_map(|c| match c {
            Change::Product(p) => Some(p),
            _ => None,
        })
        .collect();
    // Old products read with the new fields empty; new ones keep theirs.
    assert!(products[..2].iter().all(|p| p.more_barcodes.is_empty()
        && p.cost.is_none()
        && p.variant.is_none()
        && p.tracking == Tracking::None
        && p.image.is_none()));
    assert_eq!(
        products[2].barcodes().collect::<Vec<_>>(),
        ["4006381333931", "96385074"]
    );
    assert_eq!(
        (products[3].unit, products[3].tracking),
        (Unit::Litre, Tracking::LotExpiry)
    );
    assert!(matches!(changes[4], Change::ProductGroup(_)));
    assert!(matches!(changes[5], Change::ModifierGroup(_)));
}

#[test]
fn every_tag_value_of_the_fixtures_is_read() {
    for tag in [
        r#""type":"complete_sale""#,
        r#""type":"refund""#,
        r#""type":"void""#,
        r#""type":"exchange""#,
        r#""type":"cash_movement""#,
        r#""kind":"cash""#,
        r#""kind":"card""#,
        r#""kind":"gift_card""#,
        r#""kind":"store_credit""#,
        r#""kind":"loyalty""#,
        r#""kind":"exchange_credit""#,
        r#""kind":"original_tenders""#,
        r#""kind":"products""#,
        r#""kind":"categories""#,
        r#""kind":"all""#,
        r#""kind":"free""#,
        r#""kind":"percent_off""#,
        r#""kind":"unit_price""#,
        r#""kind":"percent""#,
        r#""kind":"amount""#,
        r#""kind":"rates""#,
        r#""kind":"none""#,
        r#""status":"applied""#,
        r#""status":"exhausted""#,
        r#""status":"unknown""#,
        r#""status":"not_applicable""#,
        r#""type":"promotion_removed""#,
        r#""type":"customer""#,
        r#""type":"coupon""#,
    ] {
        assert!(FIXTURES.contains(tag), "no fixture holds {tag}");
    }
}

/// A mutation whose keys were reordered (as PostgreSQL's `jsonb` or a hand-written client may): the server
/// (`any-key-order`) reads it to the same value; without the feature it is a clear error naming the tag.
#[test]
fn a_tag_that_is_not_first() {
    let reordered = r#"{"amount":"5.00","kind":"cash"}"#;
    let adjacent = r#"{"ids":["a"],"kind":"products"}"#;
    let cash: Result<shared::tender::Payment, _> = serde_json::from_str(reordered);
    let target: Result<shared::promotion::Target, _> = serde_json::from_str(adjacent);
    if cfg!(feature = "any-key-order") {
        assert_eq!(
            cash.expect("buffered"),
            shared::tender::Payment::Cash {
                amount: "5.00".parse().expect("decimal")
            }
        );
        assert_eq!(
            target.expect("buffered"),
            shared::promotion::Target::Products(vec!["a".into()])
        );
    } else {
        let err = cash.expect_err("tag not first").to_string();
        assert!(err.contains("`kind` must be the first key"), "{err}");
        assert!(target.is_err());
    }
    // A missing tag, an unknown variant and a missing content are errors either way.
    for bad in [
        r#"{"amount":"5.00"}"#,
        r#"{"kind":"cheque","amount":"5.00"}"#,
        "{}",
        "[]",
    ] {
        assert!(
            serde_json::from_str::<shared::tender::Payment>(bad).is_err(),
            "{bad}"
        );
    }
    assert!(serde_json::from_str::<shared::promotion::Target>(r#"{"kind":"products"}"#).is_err());
    assert!(serde_json::from_str::<shared::promotion::Target>(r#"{"kind":"all"}"#).is_ok());
}

/// The push mutation of a return without a receipt (the last `MutationBody` variant): its bytes are pinned,
/// so the body hash a till computed offline is the one the server computes, and the old variants keep theirs
/// (`every_fixture_parses_and_keeps_its_bytes`).
#[test]
fn an_unreceipted_return_mutation_keeps_its_bytes() {
    use chrono::TimeZone;
    use shared::basket::{BasketLine, Unit};
    use shared::catalog::StoreSettings;
    use shared::document::{
        ReturnItem, ReturnPayoutMethod, StaffStamp, UnreceiptedReturn, UnreceiptedReturnRequest,
    };
    use shared::policy::StorePolicy;
    use shared::sale::SaleHeader;
    use shared::sync::MutationBody;
    use shared::tax::TaxComponent;
    use uuid::Uuid;

    let header = SaleHeader {
        id: Uuid::from_u128(0xc9),
        device_id: Uuid::from_u128(1),
        receipt_no: "TILL-0201".into(),
        created_at: chrono::Utc
            .with_ymd_and_hms(2026, 12, 7, 10, 0, 0)
            .single()
            .expect("time"),
    };
    let line = BasketLine {
        product_id: "p-7".into(),
        name: "Mug".into(),
        sku: "MUG".into(),
        category_id: "home".into(),
        unit_price: "12.00".parse().expect("decimal"),
        quantity: "1".parse().expect("decimal"),
        unit: Unit::Each,
        taxes: vec![TaxComponent::new(
            "vat",
            "VAT 20%",
            "20".parse().expect("decimal"),
        )],
        discount: None,
        modifiers: vec![],
    };
    let request = UnreceiptedReturnRequest {
        items: vec![ReturnItem {
            line,
            price: Some("10.00".parse().expect("decimal")),
        }],
        payout: ReturnPayoutMethod::Cash,
        reason: "no receipt".into(),
    };
    let mut r = UnreceiptedReturn::create(
        header,
        &request,
        &StorePolicy::from(StoreSettings::default()),
    )
    .expect("created");
    r.cashier = Some(StaffStamp {
        id: Uuid::from_u128(2),
        name: "Sam".into(),
    });
    let m = Mutation {
        id: Uuid::from_u128(0xca),
        seq: 7,
        body: MutationBody::UnreceiptedReturn {
            unreceipted_return: r,
        },
    };
    let text = serde_json::to_string(&m).expect("serialize");
    assert_eq!(text, PINNED_UNRECEIPTED);
    assert_eq!(same_bytes::<Mutation>(PINNED_UNRECEIPTED), m);
}

/// Written by this version; a till's outbox entry of it must keep these bytes.
const PINNED_UNRECEIPTED: &str = r#"{"id":"00000000-0000-0000-0000-0000000000ca","seq":7,"body":{"type":"unreceipted_return","unreceipted_return":{"id":"00000000-0000-0000-0000-0000000000c9","device_id":"00000000-0000-0000-0000-000000000001","receipt_no":"TILL-0201","created_at":"2026-12-07T10:00:00Z","reason":"no receipt","lines":[{"product_id":"p-7","name":"Mug","sku":"MUG","category_id":"home","quantity":"1","unit":"each","list_unit_price":"12.00","unit_price":"10.00","taxes":[{"rate_id":"vat","name":"VAT 20%","percent":"20","compound":false,"tax":"1.67"}],"net":"8.33","tax":"1.67","gross":"10.00"}],"taxes":[{"rate_id":"vat","name":"VAT 20%","percent":"20","compound":false,"net":"8.33","tax":"1.67","gross":"10.00"}],"net":"8.33","tax":"1.67","total":"10.00","payouts":[{"kind":"cash","amount":"10.00"}],"rounding":"0.00","cashier":{"id":"00000000-0000-0000-0000-000000000002","name":"Sam"}}}}"#;
