//! Held orders over HTTP on both stores: a till parks an order (the upload is idempotent), every till lists
//! it, one till at a time claims it (a second claimer is refused naming the holder, also when both race), the
//! holder closes it; the store's expiry setting drops old parked orders on a moved clock and reaches tills
//! through pull; a cashier at a till may park, a caller without a till may not.

mod common;

use common::auth::{client_with, CASHIER_PIN};
use common::{at_minute, expect_error, on_both_stores, start_clocked_on, Backend, TestServer};
use reqwest::StatusCode;
use serde_json::json;
use server::clock::Clock;
use shared::basket::{BasketLine, Unit};
use shared::held::{
    HeldOrder, HeldOrderBody, HeldOrderList, HeldStatus, ParkRequest, TillSettings,
};
use shared::sync::Change;
use std::time::Duration;
use uuid::Uuid;

on_both_stores!(
    a_parked_order_is_held_by_one_till_at_a_time,
    two_tills_racing_for_one_order_get_it_once,
    parked_orders_expire_by_the_store_setting_on_a_moved_clock,
    a_cashier_parks_at_a_till_and_bad_uploads_are_refused,
);

/// A till of the test server: the admin signed in, with this device's token.
struct Till {
    client: reqwest::Client,
    id: Uuid,
}

async fn till(srv: &TestServer) -> Till {
    let id = Uuid::now_v7();
    let token = srv.device_token(id).await;
    Till {
        client: client_with(&srv.admin_token, Some(&token)),
        id,
    }
}

async fn park_request(
    srv: &TestServer,
    label: &str,
    parked_at: chrono::DateTime<chrono::Utc>,
) -> ParkRequest {
    let catalog = srv.catalog().await;
    let lines = catalog.products[..2]
        .iter()
        .map(|p| BasketLine::of(p, shared::Decimal::ONE, Unit::Each, vec![]))
        .collect();
    ParkRequest {
        label: label.into(),
        order: HeldOrderBody {
            lines,
            coupons: vec!["SAVE10".into()],
            ..HeldOrderBody::default()
        },
        parked_by: None,
        parked_at,
    }
}

async fn json<T: serde::de::DeserializeOwned>(res: reqwest::Response, status: StatusCode) -> T {
    let got = res.status();
    let text = res.text().await.expect("body");
    assert_eq!(got, status, "{text}");
    serde_json::from_str(&text).expect("JSON answer")
}

impl Till {
    async fn park(&self, srv: &TestServer, id: Uuid, req: &ParkRequest) -> reqwest::Response {
        self.client
            .put(srv.url(&format!("/api/v1/held-orders/{id}")))
            .json(req)
            .send()
            .await
            .expect("sent")
    }

    async fn list(&self, srv: &TestServer) -> Vec<Uuid> {
        let res = self
            .client
            .get(srv.url("/api/v1/held-orders"))
            .send()
            .await
            .expect("sent");
        let list: HeldOrderList = json(res, StatusCode::OK).await;
        list.orders.iter().map(|o| o.id).collect()
    }

    async fn claim(&self, srv: &TestServer, id: Uuid) -> reqwest::Response {
        self.client
            .post(srv.url(&format!("/api/v1/held-orders/{id}/claim")))
            .json(&json!({}))
            .send()
            .await
            .expect("sent")
    }

    async fn close(&self, srv: &TestServer, id: Uuid) -> reqwest::Response {
        self.client
            .post(srv.url(&format!("/api/v1/held-orders/{id}/close")))
            .json(&json!({ "reason": "paid" }))
            .send()
            .await
            .expect("sent")
    }
}

async fn server(backend: Backend, clock: &Clock) -> TestServer {
    // Sessions outlive the hours the clock is moved by.
    start_clocked_on(backend, clock.clone(), |c| {
        c.session_idle_secs = 7 * 24 * 3600;
        c.session_lifetime_secs = 7 * 24 * 3600;
    })
    .await
}

async fn a_parked_order_is_held_by_one_till_at_a_time(backend: Backend) {
    let clock = Clock::manual(at_minute(0));
    let srv = server(backend, &clock).await;
    let (a, b) = (till(&srv).await, till(&srv).await);
    let id = Uuid::now_v7();
    let req = park_request(&srv, "Table 4", at_minute(0)).await;

    let parked: HeldOrder = json(a.park(&srv, id, &req).await, StatusCode::OK).await;
    assert_eq!(
        (parked.status, parked.parked_on, parked.holder),
        (HeldStatus::Parked, a.id, None)
    );
    assert_eq!((parked.label.as_str(), parked.version), ("Table 4", 1));
    assert_eq!(parked.order, req.order);
    // The same upload again (a retry after a lost answer) is the same result and changes nothing.
    let replay: HeldOrder = json(a.park(&srv, id, &req).await, StatusCode::OK).await;
    assert_eq!(replay, parked);
    assert_eq!(a.list(&srv).await, vec![id]);
    assert_eq!(b.list(&srv).await, vec![id]);

    let claimed: HeldOrder = json(b.claim(&srv, id).await, StatusCode::OK).await;
    assert_eq!(
        (claimed.status, claimed.holder, claimed.version),
        (HeldStatus::Claimed, Some(b.id), 2)
    );
    let refused = expect_error(
        a.claim(&srv, id).await,
        StatusCode::CONFLICT,
        "held_elsewhere",
    )
    .await;
    let b_name = claimed.holder_name.clone().expect("the holder's name");
    assert!(refused.message.contains(&b_name), "{}", refused.message);
    // B claiming again is a replay; the order is off the shelf for everyone.
    let again: HeldOrder = json(b.claim(&srv, id).await, StatusCode::OK).await;
    assert_eq!(again, claimed);
    assert!(a.list(&srv).await.is_empty());
    expect_error(
        a.close(&srv, id).await,
        StatusCode::CONFLICT,
        "held_elsewhere",
    )
    .await;

    let closed: HeldOrder = json(b.close(&srv, id).await, StatusCode::OK).await;
    assert_eq!(
        (closed.status, closed.holder, closed.version),
        (HeldStatus::Closed, Some(b.id), 3)
    );
    let closed_again: HeldOrder = json(b.close(&srv, id).await, StatusCode::OK).await;
    assert_eq!(closed_again, closed);
    expect_error(
        a.claim(&srv, id).await,
        StatusCode::CONFLICT,
        "held_order_closed",
    )
    .await;
    // A's upload replayed late changes nothing either.
    let late: HeldOrder = json(a.park(&srv, id, &req).await, StatusCode::OK).await;
    assert_eq!(late, closed);
    expect_error(
        a.claim(&srv, Uuid::now_v7()).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    // Audited: one park, B's claim and A's two refused ones (held elsewhere, closed), B's closes.
    let claims = common::auth::audit(&srv, "held.claim").await;
    let outcomes: Vec<(&str, Option<Uuid>)> = claims
        .iter()
        .map(|e| (e.outcome.as_str(), e.device_id))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("success", Some(b.id)),
            ("denied", Some(a.id)),
            ("denied", Some(a.id))
        ]
    );
    assert_eq!(common::auth::audit(&srv, "held.park").await.len(), 1);
    assert_eq!(common::auth::audit(&srv, "held.close").await.len(), 2);
}

async fn two_tills_racing_for_one_order_get_it_once(backend: Backend) {
    let clock = Clock::manual(at_minute(0));
    let srv = server(backend, &clock).await;
    let (a, b, c) = (till(&srv).await, till(&srv).await, till(&srv).await);
    for round in 0..5 {
        let id = Uuid::now_v7();
        let req = park_request(&srv, &format!("Tab {round}"), at_minute(0)).await;
        json::<HeldOrder>(a.park(&srv, id, &req).await, StatusCode::OK).await;
        let (rb, rc) = tokio::join!(b.claim(&srv, id), c.claim(&srv, id));
        let mut statuses = [rb.status(), rc.status()];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::OK, StatusCode::CONFLICT],
            "round {round}"
        );
    }
}

async fn parked_orders_expire_by_the_store_setting_on_a_moved_clock(backend: Backend) {
    let clock = Clock::manual(at_minute(0));
    let srv = server(backend, &clock).await;
    let (a, b) = (till(&srv).await, till(&srv).await);
    let settings = TillSettings {
        lock_after_secs: 300,
        park_expiry_hours: 2,
    };
    let res = srv
        .client
        .put(srv.url("/api/v1/settings/till"))
        .json(&settings)
        .send()
        .await
        .expect("sent");
    assert_eq!(json::<TillSettings>(res, StatusCode::OK).await, settings);
    let (changes, _, _) = srv.pull_all(0, 5000).await;
    assert_eq!(changes.last(), Some(&Change::TillSettings(settings)));
    assert_eq!(common::auth::audit(&srv, "settings.till").await.len(), 1);
    let bad = srv
        .client
        .put(srv.url("/api/v1/settings/till"))
        .json(&json!({ "lock_after_secs": 0, "park_expiry_hours": 1 }))
        .send()
        .await
        .expect("sent");
    expect_error(bad, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body").await;

    let (old, young) = (Uuid::now_v7(), Uuid::now_v7());
    let req = park_request(&srv, "Old", clock.now()).await;
    json::<HeldOrder>(a.park(&srv, old, &req).await, StatusCode::OK).await;
    clock.advance(Duration::from_secs(90 * 60));
    let req = park_request(&srv, "Young", clock.now()).await;
    json::<HeldOrder>(a.park(&srv, young, &req).await, StatusCode::OK).await;
    assert_eq!(b.list(&srv).await, vec![old, young]);
    // Two and a half hours after the first: it has expired, the second has not.
    clock.advance(Duration::from_secs(60 * 60));
    assert_eq!(b.list(&srv).await, vec![young]);
    expect_error(
        b.claim(&srv, old).await,
        StatusCode::CONFLICT,
        "held_order_expired",
    )
    .await;
    json::<HeldOrder>(b.claim(&srv, young).await, StatusCode::OK).await;
    // A time from the future is kept as the server's now.
    let id = Uuid::now_v7();
    let req = park_request(&srv, "Future", clock.now() + chrono::Duration::days(3)).await;
    let held: HeldOrder = json(a.park(&srv, id, &req).await, StatusCode::OK).await;
    assert_eq!(held.parked_at, clock.now());
}

async fn a_cashier_parks_at_a_till_and_bad_uploads_are_refused(backend: Backend) {
    let clock = Clock::manual(at_minute(0));
    let srv = server(backend, &clock).await;
    let session = srv.pin_session(CASHIER_PIN).await;
    // A PIN session is bound to its till: no device token needed.
    let cashier = client_with(&session.token, None);
    let id = Uuid::now_v7();
    let req = park_request(&srv, "Blue coat", at_minute(0)).await;
    let res = cashier
        .put(srv.url(&format!("/api/v1/held-orders/{id}")))
        .json(&req)
        .send()
        .await
        .expect("sent");
    let held: HeldOrder = json(res, StatusCode::OK).await;
    assert_eq!(held.parked_on, srv.device.device_id);

    // The admin's password session names no till.
    let no_till = client_with(&srv.admin_token, None);
    let res = no_till
        .get(srv.url("/api/v1/held-orders"))
        .send()
        .await
        .expect("sent");
    expect_error(res, StatusCode::FORBIDDEN, "device_required").await;

    let a = till(&srv).await;
    let mut blank = req.clone();
    blank.label = "  ".into();
    expect_error(
        a.park(&srv, Uuid::now_v7(), &blank).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_body",
    )
    .await;
    let mut empty = req.clone();
    empty.order.lines.clear();
    expect_error(
        a.park(&srv, Uuid::now_v7(), &empty).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_body",
    )
    .await;
    let mut nul = req.clone();
    nul.order.lines[0].name = "a\u{0}b".into();
    expect_error(
        a.park(&srv, Uuid::now_v7(), &nul).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_body",
    )
    .await;
    let mut card = req.clone();
    card.label = "4111 1111 1111 1111".into();
    expect_error(
        a.park(&srv, Uuid::now_v7(), &card).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "card_number_in_payload",
    )
    .await;
}
