//! The back office's catalog API over real HTTP, on both stores: a product group with two variants and a
//! modifier group, pulled by terminals; optimistic versions (409); refusals naming the field (422); bulk price
//! changes; archiving; the cashier refused; audit entries; the searchable, keyset-paged product list.

mod common;

use common::{expect_error, on_both_stores, start_on, Backend, TestServer};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::json;
use shared::api::ProductPage;
use shared::catalog::edit::{PriceChangeResult, ProductGroupWithVariants};
use shared::catalog::{ModifierGroup, OptionValue, Product, Tracking, VariantOf};
use shared::sync::Change;
use shared::Decimal;
use std::str::FromStr;

on_both_stores!(
    a_group_with_two_variants_and_a_modifier_group_is_pulled,
    a_stale_version_is_refused_and_archived_items_pull_inactive,
    bad_items_are_refused_naming_the_field_and_nothing_is_written,
    prices_change_in_bulk_by_category_and_percentage,
    a_cashier_may_not_edit_the_catalog,
    the_product_list_searches_and_pages,
);

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).expect("decimal")
}

fn item(sku: &str, price: &str) -> Product {
    Product {
        sku: sku.into(),
        name: format!("Item {sku}"),
        category_id: "bakery".into(),
        price: dec(price),
        tax_rate_id: "std".into(),
        active: true,
        ..Product::default()
    }
}

fn tee(size: &str, barcode: &str) -> Product {
    Product {
        sku: format!("TEE-{size}"),
        name: format!("T-shirt {size}"),
        barcode: Some(barcode.into()),
        price: dec("19.90"),
        cost: Some(dec("7.125")),
        tracking: Tracking::Serial,
        modifier_group_ids: vec!["wrap".into()],
        variant: Some(VariantOf {
            group_id: String::new(),
            options: vec![
                OptionValue::new("Size", size),
                OptionValue::new("Colour", "Red"),
            ],
        }),
        ..item("", "0")
    }
}

fn tee_group(variants: Vec<Product>) -> serde_json::Value {
    json!({
        "group": { "id": "", "name": "T-shirt", "category_id": "bakery", "option_names": ["Size", "Colour"],
                   "active": true, "version": 0 },
        "variants": variants,
    })
}

fn wrap() -> ModifierGroup {
    ModifierGroup {
        id: "wrap".into(),
        name: "Gift wrap".into(),
        min_choices: 0,
        max_choices: 1,
        options: vec![shared::catalog::ModifierOption {
            name: "Paper".into(),
            price_delta: dec("1.50"),
        }],
        active: true,
        version: 0,
    }
}

async fn send(
    srv: &TestServer,
    method: reqwest::Method,
    path: &str,
    body: &impl Serialize,
) -> reqwest::Response {
    srv.client
        .request(method, srv.url(path))
        .json(body)
        .send()
        .await
        .expect("request")
}

async fn ok<T: DeserializeOwned>(res: reqwest::Response, status: StatusCode) -> T {
    let code = res.status();
    let text = res.text().await.expect("body");
    assert_eq!(code, status, "{text}");
    serde_json::from_str(&text).expect("answer")
}

async fn post<T: DeserializeOwned>(srv: &TestServer, path: &str, body: &impl Serialize) -> T {
    let res = send(srv, reqwest::Method::POST, path, body).await;
    let code = res.status();
    let expected = if code == StatusCode::OK {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    ok(res, expected).await
}

async fn put<T: DeserializeOwned>(srv: &TestServer, path: &str, body: &impl Serialize) -> T {
    ok(
        send(srv, reqwest::Method::PUT, path, body).await,
        StatusCode::OK,
    )
    .await
}

async fn cursor(srv: &TestServer) -> u64 {
    srv.pull_all(0, 5000).await.1
}

async fn a_group_with_two_variants_and_a_modifier_group_is_pulled(backend: Backend) {
    let srv = start_on(backend).await;
    let before = cursor(&srv).await;
    let group: ModifierGroup = post(&srv, "/api/v1/catalog/modifier-groups", &wrap()).await;
    assert_eq!((group.id.as_str(), group.version), ("wrap", 1));
    let body = tee_group(vec![tee("M", "4006381333931"), tee("L", "96385074")]);
    let made: ProductGroupWithVariants = post(&srv, "/api/v1/catalog/product-groups", &body).await;
    assert!(!made.group.id.is_empty());
    assert_eq!(made.variants.len(), 2);
    assert!(made
        .variants
        .iter()
        .all(|v| v.variant.as_ref().expect("variant").group_id == made.group.id));

    let (changes, _, _) = srv.pull_all(before, 1000).await;
    assert!(
        matches!(&changes[0], Change::ModifierGroup(g) if g.options[0].price_delta == dec("1.50"))
    );
    assert!(matches!(&changes[1], Change::ProductGroup(g) if g.option_names == ["Size", "Colour"]));
    let pulled: Vec<&Product> = changes
        .iter()
        .filter_map(|c| match c {
            Change::Product(p) => Some(p),
            _ => None,
        })
        .collect();
    assert_eq!(pulled, made.variants.iter().collect::<Vec<_>>());
    assert_eq!(pulled[0].cost, Some(dec("7.125")));
    assert_eq!(pulled[0].tracking, Tracking::Serial);
    assert_eq!(pulled[1].barcodes().collect::<Vec<_>>(), ["96385074"]);

    let entries = common::auth::audit(&srv, "catalog.product_group.create").await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].actor.kind, shared::auth::ActorKind::Staff);
    assert_eq!(entries[0].actor.name.as_deref(), Some("Ada Admin"));
    assert_eq!(entries[0].details["changed"], 3);
    assert_eq!(
        common::auth::audit(&srv, "catalog.modifier_group.create")
            .await
            .len(),
        1
    );

    // A modifier group changes with its version.
    let mut changed = group.clone();
    changed.options[0].price_delta = dec("2.00");
    let stored: ModifierGroup = put(&srv, "/api/v1/catalog/modifier-groups/wrap", &changed).await;
    assert_eq!(stored.version, 2);
    let res = send(
        &srv,
        reqwest::Method::PUT,
        "/api/v1/catalog/modifier-groups/wrap",
        &changed,
    )
    .await;
    expect_error(res, StatusCode::CONFLICT, "stale_version").await;
}

async fn a_stale_version_is_refused_and_archived_items_pull_inactive(backend: Backend) {
    let srv = start_on(backend).await;
    let made: Product = post(&srv, "/api/v1/catalog/products", &item("NEW-1", "2.50")).await;
    assert_eq!(made.version, 1);
    let path = format!("/api/v1/catalog/products/{}", made.id);
    let mut changed = made.clone();
    changed.price = dec("2.70");
    changed.more_barcodes = vec!["96385074".into()];
    let stored: Product = put(&srv, &path, &changed).await;
    assert_eq!((stored.version, stored.price), (2, dec("2.70")));
    // Stored barcodes come back first one first: the only one is `barcode`.
    assert_eq!(stored.barcode.as_deref(), Some("96385074"));
    assert!(stored.more_barcodes.is_empty());
    changed.more_barcodes.clear();
    // The same edit again: version 1 is stale.
    let res = send(&srv, reqwest::Method::PUT, &path, &changed).await;
    let body = expect_error(res, StatusCode::CONFLICT, "stale_version").await;
    assert!(body.message.contains("version 2"), "{}", body.message);
    let archive = format!("{path}/archive");
    let res = send(
        &srv,
        reqwest::Method::POST,
        &archive,
        &json!({ "version": 1 }),
    )
    .await;
    expect_error(res, StatusCode::CONFLICT, "stale_version").await;

    let before = cursor(&srv).await;
    let archived: Product = post(&srv, &archive, &json!({ "version": 2 })).await;
    assert!(!archived.active);
    let (changes, _, _) = srv.pull_all(before, 100).await;
    assert_eq!(changes, vec![Change::Product(archived.clone())]);
    let unknown = send(
        &srv,
        reqwest::Method::POST,
        "/api/v1/catalog/products/nope/archive",
        &json!({ "version": 1 }),
    )
    .await;
    expect_error(unknown, StatusCode::NOT_FOUND, "not_found").await;
    let actions = [
        "catalog.product.create",
        "catalog.product.update",
        "catalog.product.archive",
    ];
    for action in actions {
        let entries = common::auth::audit(&srv, action).await;
        assert_eq!(entries.len(), 1, "{action}");
        assert_eq!(entries[0].outcome, "success");
    }
    assert_eq!(
        common::auth::audit(&srv, "catalog.product.update").await[0]
            .target
            .as_deref(),
        Some(made.id.as_str())
    );
}

async fn refused(srv: &TestServer, path: &str, body: &impl Serialize, field: &str) -> String {
    let res = send(srv, reqwest::Method::POST, path, body).await;
    let body = expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
    assert_eq!(body.field.as_deref(), Some(field), "{}", body.message);
    body.message
}

async fn bad_items_are_refused_naming_the_field_and_nothing_is_written(backend: Backend) {
    let srv = start_on(backend).await;
    let _: ModifierGroup = post(&srv, "/api/v1/catalog/modifier-groups", &wrap()).await;
    let before = cursor(&srv).await;
    let demo = srv.catalog().await.products;
    let taken_barcode = demo
        .iter()
        .find_map(|p| p.barcode.clone())
        .expect("a demo barcode");
    let products = "/api/v1/catalog/products";
    refused(&srv, products, &item(&demo[0].sku, "1"), "sku").await;
    let mut p = item("B-1", "1");
    p.barcode = Some(taken_barcode.clone());
    let message = refused(&srv, products, &p, "barcode").await;
    assert!(message.contains("already another item's"), "{message}");
    p.barcode = None;
    p.more_barcodes = vec!["4006381333932".into()];
    let message = refused(&srv, products, &p, "more_barcodes[0]").await;
    assert!(message.contains("check digit"), "{message}");
    refused(&srv, products, &item("B-2", "-1.00"), "price").await;
    refused(&srv, products, &item("", "1.00"), "sku").await;
    let mut unknown = item("B-3", "1");
    unknown.category_id = "nowhere".into();
    refused(&srv, products, &unknown, "category_id").await;

    let groups = "/api/v1/catalog/product-groups";
    let twins = tee_group(vec![tee("M", "4006381333931"), tee("M", "96385074")]);
    refused(&srv, groups, &twins, "variants[1].variant.options").await;
    let same_sku = {
        let mut second = tee("L", "96385074");
        second.sku = "TEE-M".into();
        tee_group(vec![tee("M", "4006381333931"), second])
    };
    refused(&srv, groups, &same_sku, "variants[1].sku").await;
    // The second variant's barcode is a demo product's: the database holds it, nothing of the group is written.
    let late = tee_group(vec![tee("M", "4006381333931"), tee("L", &taken_barcode)]);
    refused(&srv, groups, &late, "variants[1].barcode").await;
    let mut wrong = wrap();
    wrong.min_choices = 2;
    refused(
        &srv,
        "/api/v1/catalog/modifier-groups",
        &wrong,
        "min_choices",
    )
    .await;

    let (changes, _, _) = srv.pull_all(before, 100).await;
    assert!(changes.is_empty(), "{changes:?}");
    assert!(common::auth::audit(&srv, "catalog.product_group.create")
        .await
        .is_empty());
}

async fn prices_change_in_bulk_by_category_and_percentage(backend: Backend) {
    let srv = start_on(backend).await;
    let mut bakery: Vec<Product> = (srv.catalog().await.products.into_iter())
        .filter(|p| p.category_id == "bakery" && p.active)
        .collect();
    bakery.sort_by(|a, b| a.id.cmp(&b.id));
    let before = cursor(&srv).await;
    let change = json!({ "category_id": "bakery", "percent": "10", "rounding": "half_up" });
    let done: PriceChangeResult = post(&srv, "/api/v1/catalog/price-changes", &change).await;
    assert_eq!(done.changed, bakery.len() as u64);
    let (changes, _, _) = srv.pull_all(before, 1000).await;
    assert_eq!(changes.len(), bakery.len());
    for (old, change) in bakery.iter().zip(&changes) {
        let Change::Product(new) = change else {
            panic!("{change:?}")
        };
        assert_eq!(new.id, old.id);
        assert_eq!(new.version, old.version + 1);
        assert_eq!(
            new.price,
            shared::money::round(
                old.price * dec("1.1"),
                2,
                shared::money::RoundingMode::HalfUp
            )
        );
    }
    // Taking off more than a price is: nothing changes.
    let res = send(
        &srv,
        reqwest::Method::POST,
        "/api/v1/catalog/price-changes",
        &json!({ "amount": "-1000" }),
    )
    .await;
    let body = expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
    assert_eq!(body.field.as_deref(), Some("amount"));
    let res = send(
        &srv,
        reqwest::Method::POST,
        "/api/v1/catalog/price-changes",
        &json!({}),
    )
    .await;
    expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
    let after = cursor(&srv).await;
    assert_eq!(srv.pull_all(after, 10).await.0.len(), 0);
    let entries = common::auth::audit(&srv, "catalog.price_change").await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].details["percent"], "10");
}

async fn a_cashier_may_not_edit_the_catalog(backend: Backend) {
    let srv = start_on(backend).await;
    let token = srv.pin_session(common::auth::CASHIER_PIN).await.token;
    let cashier = common::auth::client_with(&token, None);
    let res = cashier
        .post(srv.url("/api/v1/catalog/products"))
        .json(&item("C-1", "1"))
        .send()
        .await
        .expect("request");
    expect_error(res, StatusCode::FORBIDDEN, "forbidden").await;
    let res = cashier
        .get(srv.url("/api/v1/catalog/products"))
        .send()
        .await
        .expect("request");
    expect_error(res, StatusCode::FORBIDDEN, "forbidden").await;
}

async fn the_product_list_searches_and_pages(backend: Backend) {
    let srv = start_on(backend).await;
    let all: Vec<Product> = srv.catalog().await.products;
    // Every page in order, nothing twice, nothing left out.
    let mut paged: Vec<Product> = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let path = match &after {
            Some(a) => format!("/api/v1/catalog/products?limit=37&after={a}"),
            None => "/api/v1/catalog/products?limit=37".into(),
        };
        let page: ProductPage = srv.get_json(&path).await;
        paged.extend(page.products);
        after = page.next_after;
        if after.is_none() {
            break;
        }
    }
    assert_eq!(paged.len(), all.len());
    assert!(paged
        .windows(2)
        .all(|w| (w[0].name.as_bytes(), &w[0].id) < (w[1].name.as_bytes(), &w[1].id)));

    let by_name: ProductPage = srv
        .get_json("/api/v1/catalog/products?q=SOURDOUGH&limit=1000")
        .await;
    let expected = all
        .iter()
        .filter(|p| p.name.to_lowercase().contains("sourdough"))
        .count();
    assert!(expected > 0);
    assert_eq!(by_name.products.len(), expected);
    let sku = &all[7].sku;
    let by_sku: ProductPage = srv
        .get_json(&format!("/api/v1/catalog/products?q={sku}"))
        .await;
    assert_eq!(by_sku.products[0].sku, *sku);
    let code = all.iter().find_map(|p| p.barcode.clone()).expect("barcode");
    let by_code: ProductPage = srv
        .get_json(&format!("/api/v1/catalog/products?q={}", &code[3..10]))
        .await;
    assert!(by_code
        .products
        .iter()
        .any(|p| p.barcode.as_deref() == Some(code.as_str())));
    let drinks: ProductPage = srv
        .get_json("/api/v1/catalog/products?category_id=drinks&active=true&limit=1000")
        .await;
    let expected = all
        .iter()
        .filter(|p| p.category_id == "drinks" && p.active)
        .count();
    assert_eq!(drinks.products.len(), expected);
    let none: ProductPage = srv.get_json("/api/v1/catalog/products?q=%25_%25").await;
    assert!(none.products.is_empty());
}
