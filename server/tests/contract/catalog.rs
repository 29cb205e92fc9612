//! Contract: catalog writes, the global change sequence as pulls see it, and product pages, on each store.

use super::seeded;
use crate::common::{on_both_stores, Backend, TestDb};
use server::seed::{demo_catalog, demo_categories, demo_tax_rates, DEMO_CHANGES};
use server::store::CatalogWrite;
use shared::catalog::{Category, Product, StoreSettings, TaxMode, TaxRate, TaxRounding};
use shared::money::{Currency, RoundingMode};
use shared::sync::Change;
use shared::Decimal;
use std::str::FromStr;

on_both_stores!(
    a_new_store_is_empty_until_the_catalog_is_written,
    pulls_follow_the_change_sequence_page_by_page,
    an_update_bumps_the_version_and_moves_to_the_end,
    settings_and_decimals_round_trip_exactly,
    product_pages_order_ids_byte_wise,
    a_reopened_store_keeps_everything,
);

fn product(id: &str, price: &str) -> Product {
    Product {
        id: id.into(),
        sku: format!("SKU-{id}"),
        name: format!("Product {id}"),
        barcode: None,
        category_id: "bakery".into(),
        price: Decimal::from_str(price).expect("decimal"),
        tax_rate_id: "std".into(),
        active: true,
        version: 1,
        unit: shared::basket::Unit::Each,
        ..Default::default()
    }
}

async fn a_new_store_is_empty_until_the_catalog_is_written(store: Backend) {
    let db = TestDb::create(store).await;
    let store = db.open().await;
    assert!(store.is_empty().await.expect("is_empty"));
    let page = store.pull(0, 100).await.expect("pull");
    assert!(page.changes.is_empty() && !page.has_more);
    assert_eq!(page.cursor, 0);
    store.write_catalog(&demo_catalog()).await.expect("write");
    assert!(!store.is_empty().await.expect("is_empty"));
}

async fn pulls_follow_the_change_sequence_page_by_page(store: Backend) {
    let s = seeded(store).await;
    let all = s.store.pull(0, 5000).await.expect("pull");
    assert_eq!(
        (all.changes.len(), all.cursor, all.has_more),
        (DEMO_CHANGES, DEMO_CHANGES as u64, false)
    );
    let mut paged = Vec::new();
    let mut cursor = 0;
    loop {
        let page = s.store.pull(cursor, 50).await.expect("pull");
        assert!(page.changes.len() <= 50);
        paged.extend(page.changes);
        cursor = page.cursor;
        if !page.has_more {
            break;
        }
    }
    assert_eq!(paged, all.changes);
    assert_eq!(cursor, DEMO_CHANGES as u64);
    assert!(matches!(all.changes[0], Change::Settings(_)));
    let beyond = s.store.pull(10_000, 10).await.expect("pull");
    assert_eq!((beyond.changes.len(), beyond.cursor), (0, 10_000));
    let huge = s.store.pull(u64::MAX, 10).await.expect("pull");
    assert!(huge.changes.is_empty());
}

async fn an_update_bumps_the_version_and_moves_to_the_end(store: Backend) {
    let s = seeded(store).await;
    let mut first = s.catalog.products[0].clone();
    first.price = Decimal::from_str("9.99").expect("decimal");
    let write = CatalogWrite {
        products: vec![first.clone()],
        ..CatalogWrite::default()
    };
    s.store.write_catalog(&write).await.expect("update");
    let seeded = DEMO_CHANGES as u64;
    let page = s.store.pull(seeded, 10).await.expect("pull");
    assert_eq!(page.cursor, seeded + 1);
    let Some(Change::Product(updated)) = page.changes.first() else {
        panic!("expected the updated product, got {:?}", page.changes);
    };
    assert_eq!((updated.version, updated.price), (2, first.price));
    // It is no longer at its old place in the sequence.
    let all = s.store.pull(0, 5000).await.expect("pull");
    assert_eq!(all.changes.len(), DEMO_CHANGES);
    assert_eq!(all.changes.last(), page.changes.first());
}

async fn settings_and_decimals_round_trip_exactly(store: Backend) {
    let db = TestDb::create(store).await;
    let store = db.open().await;
    let settings = StoreSettings {
        name: "Kiosk \"Zur Ecke\"".into(),
        address: vec!["Straße 1".into(), "".into(), "12345 Ort".into()],
        currency: Currency {
            code: "BHD".into(),
            scale: 3,
        },
        tax_mode: TaxMode::Exclusive,
        tax_rounding: TaxRounding::PerDocument,
        rounding: RoundingMode::HalfEven,
        ..StoreSettings::default()
    };
    let rates = vec![TaxRate {
        id: "std".into(),
        name: "VAT 7.50%".into(),
        percent: Decimal::from_str("7.50").expect("decimal"),
    }];
    let categories = vec![Category {
        id: "bakery".into(),
        name: "Bakery".into(),
        position: -3,
    }];
    let products = vec![product("x", "1.250"), product("y", "1000000.005")];
    let write = CatalogWrite {
        settings: Some(settings.clone()),
        tax_rates: rates.clone(),
        categories: categories.clone(),
        products: products.clone(),
        ..CatalogWrite::default()
    };
    store.write_catalog(&write).await.expect("write");
    let changes = store.pull(0, 100).await.expect("pull").changes;
    let expected: Vec<Change> = [
        Change::Settings(settings),
        Change::TaxRate(rates[0].clone()),
    ]
    .into_iter()
    .chain(categories.into_iter().map(Change::Category))
    .chain(products.into_iter().map(Change::Product))
    .collect();
    assert_eq!(changes, expected);
    // Same value and same scale: the JSON a terminal receives is identical.
    let json = |c: &[Change]| serde_json::to_string(c).expect("json");
    assert_eq!(json(&changes), json(&expected));
}

async fn product_pages_order_ids_byte_wise(store: Backend) {
    let db = TestDb::create(store).await;
    let store = db.open().await;
    let ids = ["b", "B", "a-1", "a_1", "a1", "Z", "é", "~", "0"];
    let write = CatalogWrite {
        tax_rates: demo_tax_rates(),
        categories: demo_categories(),
        products: ids.iter().map(|id| product(id, "1.00")).collect(),
        ..CatalogWrite::default()
    };
    store.write_catalog(&write).await.expect("write");
    let mut expected: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
    expected.sort(); // Rust orders strings byte-wise.
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = store.products_page(after.clone(), 2).await.expect("page");
        seen.extend(page.products.into_iter().map(|p| p.id));
        match page.next_after {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    assert_eq!(seen, expected);
    let after_a = store
        .products_page(Some("a".into()), 100)
        .await
        .expect("page");
    assert_eq!(after_a.products.first().map(|p| p.id.as_str()), Some("a-1"));
    // A cursor with a NUL character is answered, not an error: "a1\0x" lies between "a1" and "a_1".
    let odd = store
        .products_page(Some("a1\0x".into()), 100)
        .await
        .expect("page");
    assert_eq!(odd.products.first().map(|p| p.id.as_str()), Some("a_1"));
}

async fn a_reopened_store_keeps_everything(store: Backend) {
    let s = seeded(store).await;
    let device = uuid::Uuid::now_v7();
    let batch = s.mutations(device, 1, 3);
    assert_eq!(
        super::push(&*s.store, device, batch.clone()).await.ok(),
        Some(3)
    );
    s.store.close().await.expect("close");

    let again = s.db.open().await; // Runs the migrations again: nothing to do.
    assert!(!again.is_empty().await.expect("is_empty"));
    let changes = again.pull(0, 5000).await.expect("pull").changes;
    let stock = |c: &&shared::sync::Change| matches!(c, shared::sync::Change::StockLevel(_));
    assert_eq!(changes.iter().filter(|c| !stock(c)).count(), DEMO_CHANGES);
    assert_eq!(super::push(&*again, device, batch).await.ok(), Some(3));
    assert_eq!(super::sales_count(&*again).await, 3);
}
