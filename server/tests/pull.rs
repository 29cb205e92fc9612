//! Pull over real HTTP, on both stores: the seeded catalog in order, paging, cursors, and products paging for
//! integrators.

mod common;

use common::{
    at_minute, expect_error, mutation, on_both_stores, push_request, start, start_on, start_with,
    start_with_on, Backend, Catalog,
};
use reqwest::StatusCode;
use server::seed::DEMO_TILL_CHANGES;
use shared::api::ProductPage;
use shared::barcode::is_valid_gtin;
use shared::catalog::{TaxMode, TaxRounding};
use shared::money::RoundingMode;
use shared::sync::{Change, PullResponse};
use shared::Decimal;
use std::collections::HashSet;
use uuid::Uuid;

on_both_stores!(
    pull_from_zero_in_small_pages_gets_the_whole_demo_catalog_in_order,
    pages_are_contiguous_and_respect_the_limit,
    pull_still_works_after_pushes,
    no_demo_means_an_empty_catalog,
    products_are_paged_by_id,
);

async fn pull_from_zero_in_small_pages_gets_the_whole_demo_catalog_in_order(store: Backend) {
    let srv = start_on(store).await;
    let (changes, cursor, pages) = srv.pull_all(0, 37).await;
    assert_eq!(changes.len(), DEMO_TILL_CHANGES);
    assert_eq!(
        cursor,
        changes.len() as u64,
        "one change sequence value per seeded entity"
    );
    assert_eq!(pages, changes.len().div_ceil(37));

    // Order: settings/policy, tax rates, categories, product and modifier groups, products, price lists,
    // promotions, customers, coupons, gift cards.
    let kind = |c: &Change| match c {
        Change::Settings(_) | Change::Policy(_) => 0,
        Change::TaxRate(_) => 1,
        Change::Category(_) => 2,
        Change::ProductGroup(_) | Change::ModifierGroup(_) => 3,
        Change::Product(_) => 3,
        Change::PriceList(_) => 4,
        Change::Promotion(_) | Change::PromotionRemoved { .. } => 5,
        Change::Customer(_) | Change::CustomerErased { .. } => 6,
        Change::Coupon(_) => 7,
        Change::GiftCard(_) => 8,
        Change::TillSettings(_) => 9,
        Change::StockLevel(_) => 10,
        Change::QuickKeys(_) => 11,
    };
    let kinds: Vec<_> = changes.iter().map(kind).collect();
    assert!(
        kinds.windows(2).all(|w| w[0] <= w[1]),
        "changes out of order"
    );

    let Change::Settings(settings) = &changes[0] else {
        panic!("first change is not the settings: {:?}", changes[0]);
    };
    assert_eq!(settings.name, "Demo Store");
    assert_eq!(
        (settings.currency.code.as_str(), settings.currency.scale),
        ("EUR", 2)
    );
    assert_eq!(settings.tax_mode, TaxMode::Inclusive);
    assert_eq!(settings.tax_rounding, TaxRounding::PerLine);
    assert_eq!(settings.rounding, RoundingMode::HalfUp);
    assert!(!settings.address.is_empty());

    let rates: Vec<_> = changes
        .iter()
        .filter_map(|c| match c {
            Change::TaxRate(r) => Some((r.id.as_str(), r.name.as_str(), r.percent)),
            _ => None,
        })
        .collect();
    assert_eq!(
        rates,
        [
            ("std", "VAT 19%", Decimal::from(19)),
            ("red", "VAT 7%", Decimal::from(7))
        ]
    );

    let categories: Vec<_> = changes
        .iter()
        .filter_map(|c| match c {
            Change::Category(c) => Some(c.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(categories.len(), 8);
    let category_ids: HashSet<_> = categories.iter().map(|c| c.id.clone()).collect();

    let catalog = Catalog::from_changes(changes);
    let products = &catalog.products;
    assert_eq!(products.len(), 300);
    let names: HashSet<_> = products.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names.len(), 300, "names are unique");
    for p in products {
        let code = p
            .barcode
            .as_deref()
            .expect("every demo product has a barcode");
        assert!(
            code.len() == 13 && is_valid_gtin(code),
            "bad EAN-13 {code} on {}",
            p.name
        );
        assert!(
            category_ids.contains(&p.category_id),
            "unknown category {}",
            p.category_id
        );
        assert!(p.tax_rate_id == "std" || p.tax_rate_id == "red");
        assert!(
            p.price >= Decimal::new(49, 2) && p.price <= Decimal::new(2999, 2),
            "{}",
            p.price
        );
        assert_eq!(p.price.scale(), 2);
        assert!(p.active);
        assert!(!p.sku.is_empty());
    }
    for a in products {
        for b in products {
            assert!(
                a.id == b.id || !a.name.contains(&b.name),
                "'{}' contains '{}'",
                a.name,
                b.name
            );
        }
    }

    // Nothing more after the final cursor.
    let after: PullResponse = srv
        .get_json(&format!("/api/v1/sync/pull?cursor={cursor}"))
        .await;
    assert!(after.changes.is_empty());
    assert_eq!(after.cursor, cursor);
    assert!(!after.has_more);
}

async fn pages_are_contiguous_and_respect_the_limit(store: Backend) {
    let srv = start_on(store).await;
    let first: PullResponse = srv.get_json("/api/v1/sync/pull?cursor=0&limit=5").await;
    assert_eq!(first.changes.len(), 5);
    assert_eq!(first.cursor, 5);
    assert!(first.has_more);
    let second: PullResponse = srv.get_json("/api/v1/sync/pull?cursor=5&limit=5").await;
    assert_eq!(second.cursor, 10);
    let (all, _, _) = srv.pull_all(0, 1000).await;
    assert_eq!([first.changes, second.changes].concat(), all[..10].to_vec());

    // The default limit is 1000, which covers the demo catalog in one page.
    let default: PullResponse = srv.get_json("/api/v1/sync/pull?cursor=0").await;
    assert_eq!(default.changes.len(), DEMO_TILL_CHANGES);
    assert!(!default.has_more);
    // A cursor beyond the end is simply empty.
    let beyond: PullResponse = srv.get_json("/api/v1/sync/pull?cursor=999999").await;
    assert!(beyond.changes.is_empty() && !beyond.has_more);
    assert_eq!(beyond.cursor, 999_999);
}

async fn pull_still_works_after_pushes(store: Backend) {
    let srv = start_on(store).await;
    let catalog = srv.catalog().await;
    let device = Uuid::now_v7();
    let sale = catalog.sale(device, "R-1", at_minute(1), &[3, 4]);
    assert_eq!(
        srv.push_ok(&push_request(device, vec![mutation(1, sale)]))
            .await,
        1
    );
    // The catalog, then the stock of the two items sold at the store's shop floor.
    let (changes, cursor, _) = srv.pull_all(0, 100).await;
    assert_eq!(changes.len(), DEMO_TILL_CHANGES + 2);
    // Other stores' changes (the demo's second store) take sequence values this pull skips.
    assert!(cursor >= DEMO_TILL_CHANGES as u64 + 2, "cursor {cursor}");
    let (after, _, _) = srv.pull_all(cursor, 100).await;
    assert!(after.is_empty(), "{after:?}");
    let sold: Vec<_> = changes[DEMO_TILL_CHANGES..]
        .iter()
        .map(|c| match c {
            Change::StockLevel(l) => (l.product_id.clone(), l.on_hand),
            other => panic!("not a stock level: {other:?}"),
        })
        .collect();
    let ids = [&catalog.products[3].id, &catalog.products[4].id];
    assert!(
        sold.iter()
            .all(|(id, q)| ids.contains(&id) && *q == -shared::Decimal::ONE),
        "{sold:?}"
    );
}

async fn no_demo_means_an_empty_catalog(store: Backend) {
    let srv = start_with_on(store, |c| c.no_demo = true).await;
    let page: PullResponse = srv.get_json("/api/v1/sync/pull?cursor=0").await;
    assert!(page.changes.is_empty() && !page.has_more);
    assert_eq!(page.cursor, 0);
}

#[tokio::test]
async fn a_restart_keeps_the_data_and_does_not_seed_twice() {
    let srv = start().await;
    let data = srv.dir.path().join("data");
    assert!(
        data.join("pos.sqlite3").is_file(),
        "database file created in the data dir"
    );
    let catalog = srv.catalog().await;
    let device = Uuid::now_v7();
    let sale = catalog.sale(device, "R-1", at_minute(1), &[1]);
    assert_eq!(
        srv.push_ok(&push_request(device, vec![mutation(1, sale)]))
            .await,
        1
    );

    let again = start_with(|c| c.data_dir = data.clone()).await;
    let (changes, _, _) = again.pull_all(0, 1000).await;
    assert_eq!(
        changes.len(),
        DEMO_TILL_CHANGES + 1,
        "the catalog once, and the item sold"
    );
    assert_eq!(again.sales_count().await, 1);
    assert_eq!(again.push_ok(&push_request(device, vec![])).await, 1);
}

async fn products_are_paged_by_id(store: Backend) {
    let srv = start_on(store).await;
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let path = match &after {
            Some(a) => format!("/api/v1/products?limit=64&after={a}"),
            None => "/api/v1/products?limit=64".to_string(),
        };
        let page: ProductPage = srv.get_json(&path).await;
        assert!(page.products.len() <= 64);
        seen.extend(page.products.into_iter().map(|p| p.id));
        match page.next_after {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    assert_eq!(seen.len(), 300);
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(seen, sorted, "ordered by id without repeats");

    let default: ProductPage = srv.get_json("/api/v1/products").await;
    assert_eq!(default.products.len(), 100);
    assert_eq!(
        default.next_after.as_deref(),
        Some(default.products[99].id.as_str())
    );
}

#[tokio::test]
async fn a_zero_limit_is_a_bad_query() {
    let srv = start().await;
    let res = srv.get("/api/v1/sync/pull?cursor=0&limit=0").await;
    expect_error(res, StatusCode::BAD_REQUEST, "invalid_query").await;
}
