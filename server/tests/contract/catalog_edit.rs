//! Contract: the catalog of variants, several barcodes and modifier groups on each store: every new field
//! round-trips through a pull, the database itself refuses a barcode or an option combination given twice,
//! and a back office edit is checked, versioned and audited in one transaction.

use super::seeded;
use crate::common::{on_both_stores, Backend};
use chrono::{TimeZone, Utc};
use server::auth::audit;
use server::store::auth::{ActionMatch, AuditFilter};
use server::store::{CatalogEdit, CatalogWrite, StoreError};
use shared::catalog::{
    ModifierGroup, ModifierOption, OptionValue, Product, ProductGroup, Tracking, VariantOf,
};
use shared::sync::Change;
use shared::unit::Unit;
use shared::Decimal;

on_both_stores!(
    every_new_field_round_trips_and_the_database_refuses_duplicates,
    edits_are_checked_versioned_and_audited_together,
);

fn group() -> ProductGroup {
    ProductGroup {
        id: "tee".into(),
        name: "T-shirt".into(),
        category_id: "bakery".into(),
        option_names: vec!["Size".into()],
        active: true,
        version: 1,
    }
}

fn variant(size: &str, barcodes: &[&str]) -> Product {
    Product {
        id: format!("tee-{size}"),
        sku: format!("TEE-{size}"),
        name: format!("T-shirt {size}"),
        barcode: barcodes.first().map(|b| b.to_string()),
        more_barcodes: barcodes.iter().skip(1).map(|b| b.to_string()).collect(),
        category_id: "bakery".into(),
        price: Decimal::new(1990, 2),
        tax_rate_id: "std".into(),
        active: true,
        version: 1,
        unit: Unit::Litre,
        cost: Some(Decimal::new(71_250, 4)),
        variant: Some(VariantOf {
            group_id: "tee".into(),
            options: vec![OptionValue::new("Size", size)],
        }),
        tracking: Tracking::LotExpiry,
        modifier_group_ids: vec!["milk".into()],
        image: Some("https://img.example/tee.webp".into()),
    }
}

fn milk() -> ModifierGroup {
    ModifierGroup {
        id: "milk".into(),
        name: "Milk".into(),
        min_choices: 1,
        max_choices: 1,
        options: vec![ModifierOption {
            name: "Oat".into(),
            price_delta: Decimal::new(40, 2),
        }],
        active: true,
        version: 1,
    }
}

async fn every_new_field_round_trips_and_the_database_refuses_duplicates(backend: Backend) {
    let s = seeded(backend).await;
    let cursor = s.store.pull(0, 5000).await.expect("pull").cursor;
    let m = variant("M", &["4006381333931", "96385074"]);
    let write = CatalogWrite {
        product_groups: vec![group()],
        modifier_groups: vec![milk()],
        products: vec![m.clone()],
        ..CatalogWrite::default()
    };
    s.store.write_catalog(&write).await.expect("write");
    let changes = s.store.pull(cursor, 100).await.expect("pull").changes;
    assert_eq!(
        changes,
        vec![
            Change::ProductGroup(group()),
            Change::ModifierGroup(milk()),
            Change::Product(m.clone())
        ]
    );
    // Another item with one of its barcodes, or a second variant "M" of the group: the database refuses.
    let mut l = variant("L", &["12345670", "96385074"]);
    let refused = |what: &str, e: StoreError| match e {
        StoreError::Database(sqlx::Error::Database(db)) if db.is_unique_violation() => {}
        other => panic!("{what}: {other:?}"),
    };
    let one = |p: Product| CatalogWrite {
        products: vec![p],
        ..CatalogWrite::default()
    };
    refused(
        "barcode",
        s.store
            .write_catalog(&one(l.clone()))
            .await
            .expect_err("barcode"),
    );
    l.more_barcodes.clear();
    l.variant = m.variant.clone();
    refused(
        "options",
        s.store
            .write_catalog(&one(l.clone()))
            .await
            .expect_err("options"),
    );
    l.variant.as_mut().expect("variant").options[0].value = "L".into();
    s.store
        .write_catalog(&one(l))
        .await
        .expect("a distinct variant");
}

async fn edits_are_checked_versioned_and_audited_together(backend: Backend) {
    let s = seeded(backend).await;
    let at = Utc
        .with_ymd_and_hms(2026, 12, 2, 9, 0, 0)
        .single()
        .expect("time");
    let entry = |action: &str| audit::entry(at, audit::system(), action, audit::SUCCESS);
    let mut p = s.catalog.products[3].clone();
    p.price = Decimal::new(123, 2);
    let written = s
        .store
        .edit_catalog(
            &CatalogEdit::UpdateProduct(p.clone()),
            &entry("catalog.product.update"),
        )
        .await
        .expect("update");
    let Change::Product(stored) = &written[0] else {
        panic!("{written:?}")
    };
    assert_eq!((stored.version, stored.price), (p.version + 1, p.price));
    // The same edit again is stale; a bad one names its field; neither is written or audited.
    let stale = s
        .store
        .edit_catalog(
            &CatalogEdit::UpdateProduct(p.clone()),
            &entry("catalog.product.update"),
        )
        .await;
    assert!(
        matches!(stale, Err(StoreError::StaleVersion { current, .. }) if current == p.version + 1)
    );
    let mut bad = stored.clone();
    bad.more_barcodes = vec!["4006381333932".into()];
    match s
        .store
        .edit_catalog(
            &CatalogEdit::UpdateProduct(bad),
            &entry("catalog.product.update"),
        )
        .await
    {
        Err(StoreError::Invalid(errors)) => assert_eq!(errors[0].field, "more_barcodes[0]"),
        other => panic!("{other:?}"),
    }
    let filter = AuditFilter {
        actions: vec![ActionMatch::Exact("catalog.product.update".into())],
        ..AuditFilter::default()
    };
    let entries = s.store.audit_page(&filter, None, 10).await.expect("audit");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].details["changed"], 1);
}
