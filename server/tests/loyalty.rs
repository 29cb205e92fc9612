//! Loyalty and gift cards over real HTTP, on both stores: the programme set in the back office (422 naming the
//! field, 409 when stale), points earned by a pushed sale and shown on the customer's account, an adjustment
//! beyond the balance refused with words (422) and one within it audited, a digital gift card sold, reloaded,
//! its ledger read, and a cash out refused where the store does not allow it; the liability report.

mod common;

use common::{at_minute, TestServer};
use common::{expect_error, mutation, on_both_stores, push_request, start_on, Backend, SaleSpec};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use server::seed::commerce::CREDIT_CUSTOMER;
use shared::loyalty::wire::{
    GiftCardKind, GiftCardLedger, Liability, LoyaltyAccount, LoyaltySettings,
};
use shared::stores::DEFAULT_STORE_ID;
use shared::Decimal;

on_both_stores!(
    the_programme_earns_points_and_adjustments_are_checked,
    gift_cards_are_sold_reloaded_and_cashed_out_by_the_rules,
);

async fn send(srv: &TestServer, method: Method, path: &str, body: Value) -> reqwest::Response {
    srv.client
        .request(method, srv.url(path))
        .json(&body)
        .send()
        .await
        .expect("request")
}

async fn ok<T: DeserializeOwned>(res: reqwest::Response) -> T {
    let status = res.status();
    let text = res.text().await.expect("body");
    assert_eq!(status, StatusCode::OK, "{text}");
    serde_json::from_str(&text).expect("answer")
}

async fn the_programme_earns_points_and_adjustments_are_checked(backend: Backend) {
    let srv = start_on(backend).await;
    let bad = json!({ "programme": { "points_per_unit": "1",
        "tiers": [{ "name": "Gold", "threshold": 100, "multiplier": "0" }] }, "version": 0 });
    let refused = send(&srv, Method::PUT, "/api/v1/loyalty/settings", bad).await;
    let body = expect_error(refused, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
    assert_eq!(body.field.as_deref(), Some("programme.tiers[0].multiplier"));
    let good = json!({ "programme": { "points_per_unit": "2" }, "version": 0 });
    let stored: LoyaltySettings =
        ok(send(&srv, Method::PUT, "/api/v1/loyalty/settings", good.clone()).await).await;
    assert_eq!(stored.version, 1);
    let stale = send(&srv, Method::PUT, "/api/v1/loyalty/settings", good).await;
    expect_error(stale, StatusCode::CONFLICT, "stale_version").await;

    // A sale to Max pushed by the till earns 2 points per unit, rounded down.
    let catalog = srv.catalog().await;
    let device = srv.device.device_id;
    let sale = catalog.sale_with(SaleSpec {
        customer: Some(CREDIT_CUSTOMER),
        ..SaleSpec::new(device, "L-1", at_minute(1), &[60, 61])
    });
    srv.push_ok(&push_request(device, vec![mutation(1, sale.clone())]))
        .await;
    let path = format!("/api/v1/loyalty/customers/{CREDIT_CUSTOMER}");
    let account: LoyaltyAccount = srv.get_json(&path).await;
    let expected = (sale.priced.total * Decimal::TWO).trunc();
    assert_eq!(Decimal::from(account.points), expected);
    assert_eq!(account.points_ledger[0].source, Some(sale.id));

    let adjust = format!("{path}/adjust");
    let beyond = json!({ "points": -(account.points + 1), "reason": "typo" });
    let body = expect_error(
        send(&srv, Method::POST, &adjust, beyond).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "points_beyond_balance",
    )
    .await;
    assert_eq!(
        body.message,
        format!(
            "cannot take {} points: the balance is {}",
            account.points + 1,
            account.points
        )
    );
    let within = json!({ "points": -1, "reason": "returned voucher" });
    let after: LoyaltyAccount = ok(send(&srv, Method::POST, &adjust, within).await).await;
    assert_eq!(after.points, account.points - 1);
    let audited = common::auth::audit(&srv, "loyalty.adjust").await;
    assert_eq!(
        audited.len(),
        1,
        "only the adjustment made is audited: {audited:?}"
    );
    assert_eq!(audited[0].target.as_deref(), Some(CREDIT_CUSTOMER));
    let missing = srv.get("/api/v1/loyalty/customers/c-nobody").await;
    expect_error(missing, StatusCode::NOT_FOUND, "not_found").await;
}

async fn gift_cards_are_sold_reloaded_and_cashed_out_by_the_rules(backend: Backend) {
    let srv = start_on(backend).await;
    let sold: GiftCardLedger = ok(send(
        &srv,
        Method::POST,
        "/api/v1/gift-cards",
        json!({ "amount": "25.00" }),
    )
    .await)
    .await;
    assert!(
        sold.code.starts_with("GC-") && sold.code.len() == 22,
        "{}",
        sold.code
    );
    assert_eq!(sold.balance, Decimal::new(2500, 2));
    let bad = send(
        &srv,
        Method::POST,
        "/api/v1/gift-cards",
        json!({ "code": "12", "amount": "5" }),
    );
    expect_error(
        bad.await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_gift_card",
    )
    .await;
    let physical = json!({ "code": sold.code, "amount": "5" });
    let twice = send(&srv, Method::POST, "/api/v1/gift-cards", physical).await;
    expect_error(twice, StatusCode::CONFLICT, "conflict").await;

    let reload = format!("/api/v1/gift-cards/{}/reload", sold.code);
    let reloaded: GiftCardLedger =
        ok(send(&srv, Method::POST, &reload, json!({ "amount": "5.50" })).await).await;
    assert_eq!(reloaded.balance, Decimal::new(3050, 2));
    let ledger: GiftCardLedger = srv
        .get_json(&format!(
            "/api/v1/gift-cards/{}/ledger",
            sold.code.to_lowercase()
        ))
        .await;
    let kinds: Vec<_> = ledger.entries.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, vec![GiftCardKind::Reloaded, GiftCardKind::Sold]);
    // The till's balance lookup sees the same balance.
    let balance: Value = srv
        .get_json(&format!("/api/v1/gift-cards/{}", sold.code))
        .await;
    assert_eq!(balance["balance"], json!("30.50"));

    let cash_out = format!("/api/v1/gift-cards/{}/cash-out", sold.code);
    let body = expect_error(
        send(
            &srv,
            Method::POST,
            &cash_out,
            json!({ "store_id": DEFAULT_STORE_ID }),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "cash_out_refused",
    )
    .await;
    assert_eq!(body.message, "this store does not cash out gift cards");
    let liability: Liability = srv.get_json("/api/v1/loyalty/liability").await;
    assert!(
        liability.gift_cards >= Decimal::new(3050, 2),
        "{liability:?}"
    );
    let sells = common::auth::audit(&srv, "gift_card.sell").await;
    assert_eq!(
        sells.len(),
        1,
        "refused sales are not audited as done: {sells:?}"
    );
}
