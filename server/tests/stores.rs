//! Stores over real HTTP, on both stores (SQLite and PostgreSQL): creating and changing stores with their
//! versions (409 when stale), refusals naming the field (422), a manager limited to one store, each store's
//! terminals pulling their own settings, policy and prices, and a sale and refund at a second store checked
//! with that store's policy; each store's quick keys (refusals naming the key's field, 409 when stale)
//! pulled by that store's tills only.

mod common;

use common::auth::{client_with, device_client};
use common::{at_minute, expect_error, mutation, on_both_stores, push_request, start_on, Backend};
use common::{refund_mutation, Catalog, TestServer};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::json;
use shared::auth::{Enrollment, StaffInfo};
use shared::cash_rounding::CashRounding;
use shared::catalog::{StoreSettings, TaxMode};
use shared::document::RefundMethod;
use shared::quick_keys::QuickKeys;
use shared::stores::{NewStore, Store, StoreList, StorePriceList, StoreUpdate, DEFAULT_STORE_ID};
use shared::sync::{Change, PullResponse, PushResponse};
use shared::Decimal;
use std::str::FromStr;
use uuid::Uuid;

on_both_stores!(
    stores_are_created_and_changed_with_their_version,
    bad_stores_and_prices_are_refused_naming_the_field,
    a_manager_limited_to_one_store_manages_only_it,
    each_store_s_terminals_pull_their_own_settings_and_prices,
    a_sale_and_refund_at_the_second_store_are_checked_with_its_policy,
    a_sale_at_the_second_store_moves_its_stock_and_only_its_tills_pull_it,
    quick_keys_are_set_per_store_and_pulled_by_its_tills_only,
);

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).expect("decimal")
}

fn harbour() -> NewStore {
    NewStore {
        settings: StoreSettings {
            name: "Harbour Street".into(),
            address: vec!["5 Harbour Street".into(), "20457 Hamburg".into()],
            time_zone: "Europe/Berlin".into(),
            tax_mode: TaxMode::Exclusive,
            receipt_header: "Harbour Street — open every day".into(),
            ..StoreSettings::default()
        },
        cash_rounding: None,
        active: true,
    }
}

async fn call<T: DeserializeOwned>(
    client: &reqwest::Client,
    srv: &TestServer,
    method: Method,
    path: &str,
    body: Option<&(impl Serialize + ?Sized)>,
    status: StatusCode,
) -> T {
    let mut req = client.request(method, srv.url(path));
    if let Some(body) = body {
        req = req.json(body);
    }
    let res = req.send().await.expect("request");
    let code = res.status();
    let text = res.text().await.expect("body");
    assert_eq!(code, status, "{path}: {text}");
    serde_json::from_str(&text).expect("answer")
}

async fn send(
    client: &reqwest::Client,
    srv: &TestServer,
    method: Method,
    path: &str,
    body: &(impl Serialize + ?Sized),
) -> reqwest::Response {
    client
        .request(method, srv.url(path))
        .json(body)
        .send()
        .await
        .expect("request")
}

/// The audit entries of `action` made by staff (not by the system's demo seeding), oldest first.
async fn by_staff(srv: &TestServer, action: &str) -> Vec<shared::auth::AuditEntry> {
    let mut entries = common::auth::audit(srv, action).await;
    entries.retain(|e| e.actor.kind == shared::auth::ActorKind::Staff);
    entries
}

async fn create(srv: &TestServer, new: &NewStore) -> Store {
    call(
        &srv.client,
        srv,
        Method::POST,
        "/api/v1/stores",
        Some(new),
        StatusCode::CREATED,
    )
    .await
}

async fn update(srv: &TestServer, store: &Store) -> Store {
    let stored = update_as(&srv.client, srv, store, StatusCode::OK).await;
    serde_json::from_value(stored).expect("a store")
}

async fn set_price(srv: &TestServer, store: Uuid, product: &str, price: &str) {
    let res = send(
        &srv.client,
        srv,
        Method::PUT,
        &format!("/api/v1/stores/{store}/prices/{product}"),
        &json!({ "price": price }),
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::NO_CONTENT,
        "{:?}",
        res.text().await
    );
}

/// A terminal enrolled for `store` (by the admin).
async fn till_at(srv: &TestServer, store: Uuid, name: &str) -> Enrollment {
    let res = srv
        .anon
        .post(srv.url("/api/v1/devices"))
        .bearer_auth(&srv.admin_token)
        .json(&json!({ "name": name, "store_id": store }))
        .send()
        .await
        .expect("enroll");
    let status = res.status();
    let text = res.text().await.expect("body");
    assert_eq!(status, StatusCode::CREATED, "{text}");
    serde_json::from_str(&text).expect("Enrollment")
}

/// Everything a terminal with this token pulls from `cursor`; the changes and the cursor.
async fn pull_as(srv: &TestServer, token: &str, cursor: u64) -> (Vec<Change>, u64) {
    let client = device_client(token);
    let mut cursor = cursor;
    let mut changes = Vec::new();
    loop {
        let page: PullResponse = call(
            &client,
            srv,
            Method::GET,
            &format!("/api/v1/sync/pull?cursor={cursor}&limit=1000"),
            None::<&()>,
            StatusCode::OK,
        )
        .await;
        changes.extend(page.changes);
        cursor = page.cursor;
        if !page.has_more {
            return (changes, cursor);
        }
    }
}

async fn stores_are_created_and_changed_with_their_version(backend: Backend) {
    let srv = start_on(backend).await;
    let list: StoreList = srv.get_json("/api/v1/stores").await;
    let first = list
        .stores
        .iter()
        .find(|s| s.id == DEFAULT_STORE_ID)
        .expect("the first store");
    assert_eq!(first.settings.name, "Demo Store");

    let made = create(&srv, &harbour()).await;
    assert_eq!((made.version, made.active), (1, true));
    assert_eq!(made.settings, harbour().settings);
    let read: Store = srv.get_json(&format!("/api/v1/stores/{}", made.id)).await;
    assert_eq!(read, made);

    let mut changed = made.clone();
    changed.settings.receipt_footer = "Thank you!\nSee you soon".into();
    changed.cash_rounding = Some(CashRounding::swiss());
    let stored = update(&srv, &changed).await;
    assert_eq!(stored.version, 2);
    assert_eq!(stored.settings.receipt_footer, "Thank you!\nSee you soon");
    assert_eq!(stored.cash_rounding, Some(CashRounding::swiss()));
    // The same version again is stale: nothing is written.
    let stale = StoreUpdate {
        settings: StoreSettings {
            name: "Lost".into(),
            ..changed.settings.clone()
        },
        cash_rounding: None,
        active: true,
        version: 1,
    };
    let path = format!("/api/v1/stores/{}", made.id);
    let res = send(&srv.client, &srv, Method::PUT, &path, &stale).await;
    expect_error(res, StatusCode::CONFLICT, "stale_version").await;
    let read: Store = srv.get_json(&path).await;
    assert_eq!(read, stored);

    let unknown = format!("/api/v1/stores/{}", Uuid::now_v7());
    let res = srv.client.get(srv.url(&unknown)).send().await.expect("get");
    expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
    let res = send(&srv.client, &srv, Method::PUT, &unknown, &stale).await;
    expect_error(res, StatusCode::NOT_FOUND, "not_found").await;

    // By the admin (the demo's second store was created by the system when the server seeded it).
    let created = by_staff(&srv, "store.create").await;
    assert_eq!(created.len(), 1);
    assert_eq!(
        created[0].target.as_deref(),
        Some(made.id.to_string().as_str())
    );
    assert_eq!(by_staff(&srv, "store.update").await.len(), 1);
    let list: StoreList = srv.get_json("/api/v1/stores").await;
    let names: Vec<&str> = list
        .stores
        .iter()
        .map(|s| s.settings.name.as_str())
        .collect();
    assert!(
        names.contains(&"Harbour Street") && names.contains(&"Demo Store"),
        "{names:?}"
    );
}

async fn bad_stores_and_prices_are_refused_naming_the_field(backend: Backend) {
    let srv = start_on(backend).await;
    let before: StoreList = srv.get_json("/api/v1/stores").await;
    for (field, settings) in [
        (
            "settings.time_zone",
            json!({ "name": "X", "address": [], "currency": { "code": "EUR", "scale": 2 },
                    "tax_mode": "exclusive", "tax_rounding": "per_line", "rounding": "half_up",
                    "time_zone": "Mars/Base" }),
        ),
        (
            "settings.name",
            json!({ "name": " ", "address": [], "currency": { "code": "EUR", "scale": 2 },
                    "tax_mode": "exclusive", "tax_rounding": "per_line", "rounding": "half_up",
                    "time_zone": "UTC" }),
        ),
        (
            "settings.currency.code",
            json!({ "name": "X", "address": [], "currency": { "code": "euro", "scale": 2 },
                    "tax_mode": "exclusive", "tax_rounding": "per_line", "rounding": "half_up",
                    "time_zone": "UTC" }),
        ),
    ] {
        let res = send(
            &srv.client,
            &srv,
            Method::POST,
            "/api/v1/stores",
            &json!({ "settings": settings }),
        )
        .await;
        let body = expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
        assert_eq!(body.field.as_deref(), Some(field), "{}", body.message);
    }
    let res = send(
        &srv.client,
        &srv,
        Method::POST,
        "/api/v1/stores",
        &json!({ "settings": harbour().settings, "cash_rounding": { "increment": "0" } }),
    )
    .await;
    let body = expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
    assert_eq!(body.field.as_deref(), Some("cash_rounding.increment"));
    let after: StoreList = srv.get_json("/api/v1/stores").await;
    assert_eq!(after, before, "nothing was written");

    let product = srv.catalog().await.products[0].id.clone();
    let path = format!("/api/v1/stores/{DEFAULT_STORE_ID}/prices/{product}");
    for price in ["-1.00", "1.999"] {
        let res = send(
            &srv.client,
            &srv,
            Method::PUT,
            &path,
            &json!({ "price": price }),
        )
        .await;
        let body = expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
        assert_eq!(body.field.as_deref(), Some("price"));
    }
    let missing = format!("/api/v1/stores/{DEFAULT_STORE_ID}/prices/no-such-product");
    let res = send(
        &srv.client,
        &srv,
        Method::PUT,
        &missing,
        &json!({ "price": "1.00" }),
    )
    .await;
    expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
    let res = send(&srv.client, &srv, Method::DELETE, &path, &json!({})).await;
    expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
    assert!(by_staff(&srv, "store.price_override").await.is_empty());
}

async fn a_manager_limited_to_one_store_manages_only_it(backend: Backend) {
    let srv = start_on(backend).await;
    let harbour = create(&srv, &harbour()).await;
    let manager: StaffInfo = call(
        &srv.client,
        &srv,
        Method::POST,
        "/api/v1/staff",
        Some(&json!({ "name": "Hana Harbour", "role": "manager",
                      "email": "hana@example.com", "password": "harbour-secret-1" })),
        StatusCode::CREATED,
    )
    .await;
    let limits = json!({ "stores": [harbour.id] });
    let _: serde_json::Value = call(
        &srv.client,
        &srv,
        Method::PUT,
        &format!("/api/v1/staff/{}/stores", manager.id),
        Some(&limits),
        StatusCode::OK,
    )
    .await;
    assert_eq!(common::auth::audit(&srv, "staff.stores").await.len(), 1);
    let session = srv.login("hana@example.com", "harbour-secret-1").await;
    let hana = client_with(&session.token, None);

    let list: StoreList = call(
        &hana,
        &srv,
        Method::GET,
        "/api/v1/stores",
        None::<&()>,
        StatusCode::OK,
    )
    .await;
    assert_eq!(list.stores, vec![harbour.clone()]);
    let changed = update_as(&hana, &srv, &harbour, StatusCode::OK).await;
    assert_eq!(changed["version"], 2);

    // The first store is not hers: reading, changing, its prices, a terminal for it, a new store.
    let first: Store = srv
        .get_json(&format!("/api/v1/stores/{DEFAULT_STORE_ID}"))
        .await;
    let res = hana
        .get(srv.url(&format!("/api/v1/stores/{DEFAULT_STORE_ID}")))
        .send()
        .await
        .expect("get");
    expect_error(res, StatusCode::FORBIDDEN, "forbidden").await;
    update_as(&hana, &srv, &first, StatusCode::FORBIDDEN).await;
    let product = srv.catalog().await.products[0].id.clone();
    let res = send(
        &hana,
        &srv,
        Method::PUT,
        &format!("/api/v1/stores/{DEFAULT_STORE_ID}/prices/{product}"),
        &json!({ "price": "1.00" }),
    )
    .await;
    expect_error(res, StatusCode::FORBIDDEN, "forbidden").await;
    let res = send(
        &hana,
        &srv,
        Method::POST,
        "/api/v1/devices",
        &json!({ "name": "Not hers" }),
    )
    .await;
    expect_error(res, StatusCode::FORBIDDEN, "forbidden").await;
    let res = send(&hana, &srv, Method::POST, "/api/v1/stores", &harbour_two()).await;
    expect_error(res, StatusCode::FORBIDDEN, "forbidden").await;
    // Her own store's prices and terminals she manages.
    let res = send(
        &hana,
        &srv,
        Method::PUT,
        &format!("/api/v1/stores/{}/prices/{product}", harbour.id),
        &json!({ "price": "1.00" }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let till = enroll_as(&hana, &srv, harbour.id).await;
    assert_eq!(till.status(), StatusCode::CREATED);

    // Without limits she manages every store again.
    let _: serde_json::Value = call(
        &srv.client,
        &srv,
        Method::PUT,
        &format!("/api/v1/staff/{}/stores", manager.id),
        Some(&json!({ "stores": [] })),
        StatusCode::OK,
    )
    .await;
    let list: StoreList = call(
        &hana,
        &srv,
        Method::GET,
        "/api/v1/stores",
        None::<&()>,
        StatusCode::OK,
    )
    .await;
    let all: StoreList = srv.get_json("/api/v1/stores").await;
    assert_eq!(list, all);
    assert!(all.stores.len() >= 2);
}

fn harbour_two() -> NewStore {
    NewStore {
        settings: StoreSettings {
            name: "Harbour Two".into(),
            ..harbour().settings
        },
        ..harbour()
    }
}

async fn update_as(
    client: &reqwest::Client,
    srv: &TestServer,
    store: &Store,
    status: StatusCode,
) -> serde_json::Value {
    let upd = StoreUpdate {
        settings: store.settings.clone(),
        cash_rounding: store.cash_rounding.clone(),
        active: store.active,
        version: store.version,
    };
    call(
        client,
        srv,
        Method::PUT,
        &format!("/api/v1/stores/{}", store.id),
        Some(&upd),
        status,
    )
    .await
}

async fn enroll_as(client: &reqwest::Client, srv: &TestServer, store: Uuid) -> reqwest::Response {
    send(
        client,
        srv,
        Method::POST,
        "/api/v1/devices",
        &json!({ "name": "Harbour till", "store_id": store }),
    )
    .await
}

async fn each_store_s_terminals_pull_their_own_settings_and_prices(backend: Backend) {
    let srv = start_on(backend).await;
    let first_till = srv.device.device_token.clone();
    let (_, start) = pull_as(&srv, &first_till, 0).await;
    let harbour = create(&srv, &harbour()).await;
    let catalog = srv.catalog().await;
    let product = catalog.products[0].clone();
    set_price(&srv, harbour.id, &product.id, "0.99").await;

    let till = till_at(&srv, harbour.id, "Harbour till").await;
    let devices: shared::auth::DeviceList = srv.get_json("/api/v1/devices").await;
    let listed = devices
        .devices
        .iter()
        .find(|d| d.id == till.device_id)
        .expect("listed");
    assert_eq!(listed.store_id, harbour.id);

    let (changes, cursor) = pull_as(&srv, &till.device_token, 0).await;
    let held = Catalog::from_changes(changes);
    assert_eq!(held.settings, harbour.settings);
    assert_eq!(held.policy.settings.tax_mode, TaxMode::Exclusive);
    let at_harbour = held
        .products
        .iter()
        .find(|p| p.id == product.id)
        .expect("pulled");
    assert_eq!(at_harbour.price, dec("0.99"));
    assert_eq!(
        held.products.len(),
        catalog.products.len(),
        "every product once"
    );
    for (a, b) in held.products.iter().zip(&catalog.products) {
        if a.id != product.id {
            assert_eq!(a, b);
        }
    }

    // The first store's terminal sees nothing of it: no settings, no price.
    let (seen, _) = pull_as(&srv, &first_till, start).await;
    assert!(seen.is_empty(), "{seen:?}");
    let first = Catalog::from_changes(pull_as(&srv, &first_till, 0).await.0);
    assert_eq!(first.settings.name, "Demo Store");
    assert_eq!(first.settings.tax_mode, TaxMode::Inclusive);
    let same = first
        .products
        .iter()
        .find(|p| p.id == product.id)
        .expect("pulled");
    assert_eq!(same.price, product.price);

    // Changing the store: its terminal pulls its settings and policy; removing the override: the price.
    let mut changed = harbour.clone();
    changed.settings.tax_mode = TaxMode::Inclusive;
    changed.cash_rounding = Some(CashRounding::swiss());
    let changed = update(&srv, &changed).await;
    let res = send(
        &srv.client,
        &srv,
        Method::DELETE,
        &format!("/api/v1/stores/{}/prices/{}", harbour.id, product.id),
        &json!({}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let (next, _) = pull_as(&srv, &till.device_token, cursor).await;
    assert_eq!(next.len(), 3, "{next:?}");
    assert!(matches!(&next[0], Change::Settings(s) if *s == changed.settings));
    assert!(
        matches!(&next[1], Change::Policy(p) if p.cash_rounding == Some(CashRounding::swiss())
            && p.settings == changed.settings)
    );
    assert!(
        matches!(&next[2], Change::Product(p) if p.id == product.id && p.price == product.price)
    );
    let (seen, _) = pull_as(&srv, &first_till, start).await;
    assert!(seen.is_empty(), "{seen:?}");
    let prices: StorePriceList = srv
        .get_json(&format!("/api/v1/stores/{}/prices", harbour.id))
        .await;
    assert!(prices.prices.is_empty());
    assert_eq!(by_staff(&srv, "store.price_override").await.len(), 2);

    // An API key pulls a named store's view.
    let key = srv.api_key(&[shared::auth::Scope::Sync]).await;
    let keyed = client_with(&key.key, None);
    let page: PullResponse = call(
        &keyed,
        &srv,
        Method::GET,
        &format!("/api/v1/sync/pull?limit=5000&store_id={}", harbour.id),
        None::<&()>,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        Catalog::from_changes(page.changes).settings,
        changed.settings
    );
}

async fn a_sale_and_refund_at_the_second_store_are_checked_with_its_policy(backend: Backend) {
    let srv = start_on(backend).await;
    let new = NewStore {
        cash_rounding: Some(CashRounding::swiss()),
        ..harbour()
    };
    let harbour = create(&srv, &new).await;
    let base = srv.catalog().await;
    let product = base.products[0].clone();
    set_price(&srv, harbour.id, &product.id, "2.42").await;
    let till = till_at(&srv, harbour.id, "Harbour till").await;
    let held = Catalog::from_changes(pull_as(&srv, &till.device_token, 0).await.0);
    let index = held
        .products
        .iter()
        .position(|p| p.id == product.id)
        .expect("pulled");

    // Rung up at the harbour's price, with tax added on top.
    let sale = held.sale(till.device_id, "H-1", at_minute(1), &[index]);
    let line = &sale.priced.lines[0];
    assert_eq!(line.unit_price, dec("2.42"));
    assert!(
        sale.priced.total > dec("2.42"),
        "tax on top: {}",
        sale.priced.total
    );
    let client = device_client(&till.device_token);
    let push = |m| push_request(till.device_id, vec![m]);
    let answer: PushResponse = call(
        &client,
        &srv,
        Method::POST,
        "/api/v1/sync/push",
        Some(&push(mutation(1, sale.clone()))),
        StatusCode::OK,
    )
    .await;
    assert_eq!(answer.last_applied_seq, 1);

    // Its refund pays cash back rounded to 0.05 as the harbour does: rebuilt with the harbour's policy.
    let refund = held.refund(
        till.device_id,
        &sale,
        &[],
        &[(0, 1)],
        RefundMethod::OriginalTenders,
    );
    let answer: PushResponse = call(
        &client,
        &srv,
        Method::POST,
        "/api/v1/sync/push",
        Some(&push(refund_mutation(2, refund.clone()))),
        StatusCode::OK,
    )
    .await;
    assert_eq!(answer.last_applied_seq, 2);
    assert!(!refund.rounding.is_zero(), "cash paid back is rounded");
    let stored: serde_json::Value = srv
        .get_json(&format!("/api/v1/sales/{}/refunds", sale.id))
        .await;
    assert!(
        stored.to_string().contains(&refund.id.to_string()),
        "{stored}"
    );

    // The same refund rebuilt with the first store's policy would differ: the check is the harbour's.
    let differs = shared::document::Refund::create(
        refund_header(&refund),
        &sale,
        &[],
        &refund_request(),
        &base.policy,
    )
    .map(|r| r.payouts != refund.payouts)
    .unwrap_or(true);
    assert!(differs, "the harbour's cash rounding shows in the refund");
}

/// The stock levels among `changes`: (product, store, on-hand).
fn stock_levels(changes: &[Change]) -> Vec<(String, Option<String>, Decimal)> {
    changes
        .iter()
        .filter_map(|c| match c {
            Change::StockLevel(l) => Some((l.product_id.clone(), l.store_id.clone(), l.on_hand)),
            _ => None,
        })
        .collect()
}

async fn a_sale_at_the_second_store_moves_its_stock_and_only_its_tills_pull_it(backend: Backend) {
    let srv = start_on(backend).await;
    // A store made through the API has no locations: its first sale gives it a shop floor.
    let harbour = create(&srv, &harbour()).await;
    let harbour_till = till_at(&srv, harbour.id, "Harbour till").await;
    let main_till = till_at(&srv, DEFAULT_STORE_ID, "Main till").await;
    let held = Catalog::from_changes(pull_as(&srv, &harbour_till.device_token, 0).await.0);
    let sale = held.sale(harbour_till.device_id, "H-1", at_minute(1), &[2]);
    let sold = held.products[2].id.clone();
    let client = device_client(&harbour_till.device_token);
    let request = push_request(harbour_till.device_id, vec![mutation(1, sale)]);
    for _ in 0..2 {
        // Sent twice: the replay moves nothing.
        let answer: PushResponse = call(
            &client,
            &srv,
            Method::POST,
            "/api/v1/sync/push",
            Some(&request),
            StatusCode::OK,
        )
        .await;
        assert_eq!(answer.last_applied_seq, 1);
    }

    let at_harbour = stock_levels(&pull_as(&srv, &harbour_till.device_token, 0).await.0);
    assert_eq!(
        at_harbour,
        [(sold.clone(), Some(harbour.id.to_string()), -Decimal::ONE)],
        "the harbour's till pulls the harbour's stock"
    );
    let at_main = stock_levels(&pull_as(&srv, &main_till.device_token, 0).await.0);
    assert!(
        at_main.is_empty(),
        "the first store's till pulls no other store's stock: {at_main:?}"
    );

    // The movement is at the harbour's selling location, not at the first store's shop floor.
    let locations: Vec<shared::stock::Location> = srv.get_json("/api/v1/stock/locations").await;
    let harbour_id = harbour.id.to_string();
    assert!(
        locations
            .iter()
            .any(|l| l.sells && l.store_id.as_deref() == Some(harbour_id.as_str())),
        "the harbour got a selling location: {locations:?}"
    );
}

fn refund_header(refund: &shared::document::Refund) -> shared::sale::SaleHeader {
    shared::sale::SaleHeader {
        id: refund.id,
        device_id: refund.device_id,
        receipt_no: refund.receipt_no.clone(),
        created_at: refund.created_at,
    }
}

fn refund_request() -> shared::document::RefundRequest {
    shared::document::RefundRequest {
        lines: vec![shared::document::RefundLineRequest {
            line: 0,
            quantity: Decimal::ONE,
        }],
        method: RefundMethod::OriginalTenders,
        reason: "returned".into(),
    }
}

async fn put_keys(srv: &TestServer, store: Uuid, body: &serde_json::Value) -> reqwest::Response {
    send(
        &srv.client,
        srv,
        Method::PUT,
        &format!("/api/v1/stores/{store}/quick-keys"),
        body,
    )
    .await
}

fn pulled_keys(changes: &[Change]) -> Vec<&QuickKeys> {
    changes
        .iter()
        .filter_map(|c| match c {
            Change::QuickKeys(k) => Some(k),
            _ => None,
        })
        .collect()
}

async fn quick_keys_are_set_per_store_and_pulled_by_its_tills_only(backend: Backend) {
    let srv = start_on(backend).await;
    let first_till = srv.device.device_token.clone();
    let (demo, start) = pull_as(&srv, &first_till, 0).await;
    let demo = pulled_keys(&demo);
    assert_eq!(demo.len(), 1, "the demo's keys for the first store");
    assert!((8..=12).contains(&demo[0].keys.len()));
    assert_eq!(demo[0].store_id, DEFAULT_STORE_ID);

    let harbour = create(&srv, &harbour()).await;
    let till = till_at(&srv, harbour.id, "Harbour till").await;
    let path = format!("/api/v1/stores/{}/quick-keys", harbour.id);
    let none: QuickKeys = srv.get_json(&path).await;
    assert_eq!((none.keys.len(), none.version), (0, 0));
    let catalog = srv.catalog().await;
    let (a, b) = (&catalog.products[0].id, &catalog.products[1].id);

    // Refused, naming the field: an unknown colour, a product twice, an unknown product.
    for (body, field) in [
        (
            json!({ "version": 0, "keys": [{ "product_id": a, "colour": "green" },
                                           { "product_id": b, "colour": "chartreuse" }] }),
            "keys[1].colour",
        ),
        (
            json!({ "version": 0, "keys": [{ "product_id": a, "colour": "green" },
                                           { "product_id": a, "colour": "red" }] }),
            "keys[1].product_id",
        ),
        (
            json!({ "version": 0, "keys": [{ "product_id": "no-such", "colour": "red" }] }),
            "keys[0].product_id",
        ),
    ] {
        let res = put_keys(&srv, harbour.id, &body).await;
        let err = expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
        assert_eq!(err.field.as_deref(), Some(field), "{}", err.message);
    }

    let body = json!({ "version": 0, "keys": [
        { "product_id": b, "colour": "blue", "label": "Milk" },
        { "product_id": a, "colour": "green" },
    ] });
    let res = put_keys(&srv, harbour.id, &body).await;
    assert_eq!(res.status(), StatusCode::OK);
    let stored: QuickKeys = res.json().await.expect("QuickKeys");
    assert_eq!(stored.version, 1);
    assert_eq!(stored.keys[0].product_id, *b);
    assert_eq!(stored.keys[0].label.as_deref(), Some("Milk"));
    assert_eq!(stored.keys[1].colour, "green");
    assert_eq!(srv.get_json::<QuickKeys>(&path).await, stored);
    // The same version again is stale.
    let res = put_keys(&srv, harbour.id, &body).await;
    expect_error(res, StatusCode::CONFLICT, "stale_version").await;
    assert_eq!(by_staff(&srv, "store.quick_keys").await.len(), 1);

    // The Harbour till pulls its store's keys; the first store's till sees nothing of them.
    let (changes, cursor) = pull_as(&srv, &till.device_token, 0).await;
    assert_eq!(pulled_keys(&changes), [&stored]);
    let (seen, _) = pull_as(&srv, &first_till, start).await;
    assert!(pulled_keys(&seen).is_empty(), "{seen:?}");

    // A change is pulled once more, by the Harbour till only.
    let body = json!({ "version": 1, "keys": [{ "product_id": a, "colour": "red" }] });
    let res = put_keys(&srv, harbour.id, &body).await;
    assert_eq!(res.status(), StatusCode::OK);
    let (next, _) = pull_as(&srv, &till.device_token, cursor).await;
    let next = pulled_keys(&next);
    assert_eq!(next.len(), 1);
    assert_eq!((next[0].version, next[0].keys.len()), (2, 1));
    let (seen, _) = pull_as(&srv, &first_till, start).await;
    assert!(pulled_keys(&seen).is_empty(), "{seen:?}");
}
