//! `Idempotency-Key` over real HTTP on both stores: a retry gets the first answer (and changes nothing), the
//! same key with another request is 422, a duplicate while the first runs is 409, keys are per caller, and an
//! answer is kept 24 hours on the server's clock, then swept.

mod common;

use common::auth::{client_with, device_client, MANAGER_EMAIL, MANAGER_PASSWORD};
use common::{at_minute, expect_error, header, on_both_stores, start_clocked_on, Backend};
use reqwest::header::HeaderName;
use reqwest::StatusCode;
use serde_json::{json, Value};
use server::clock::Clock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

on_both_stores!(
    flavor = "multi_thread";
    a_retry_gets_the_first_answer_and_another_request_is_refused,
    keys_are_kept_a_day_then_swept,
    a_duplicate_while_the_first_runs_is_409,
);

const KEY: &str = "Idempotency-Key";

fn replayed(res: &reqwest::Response) -> bool {
    header(res, HeaderName::from_static("idempotency-replayed")) == "true"
}

async fn staff_count(srv: &common::TestServer) -> usize {
    let list: Value = srv.get_json("/api/v1/staff").await;
    list["staff"].as_array().map_or(0, Vec::len)
}

async fn a_retry_gets_the_first_answer_and_another_request_is_refused(backend: Backend) {
    let srv = start_clocked_on(backend, Clock::manual(at_minute(0)), |_| {}).await;
    let before = staff_count(&srv).await;
    let new = json!({ "name": "Robin", "role": "cashier", "pin": "3141" });
    let send = |key: &'static str, body: Value| {
        srv.client
            .post(srv.url("/api/v1/staff"))
            .header(KEY, key)
            .json(&body)
            .send()
    };
    let first = send("add-robin", new.clone()).await.expect("sent");
    assert_eq!(first.status(), StatusCode::CREATED);
    assert!(!replayed(&first));
    let first_body = first.text().await.expect("body");
    let again = send("add-robin", new.clone()).await.expect("sent");
    assert_eq!(again.status(), StatusCode::CREATED);
    assert!(replayed(&again), "a replay says so");
    assert_eq!(
        again.text().await.expect("body"),
        first_body,
        "the same answer"
    );
    assert_eq!(staff_count(&srv).await, before + 1, "added once");

    // The same key with another body, or on another route, is refused.
    let other = json!({ "name": "Robin", "role": "cashier", "pin": "2718" });
    let res = send("add-robin", other).await.expect("sent");
    expect_error(
        res,
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency_key_reused",
    )
    .await;
    let res = srv
        .client
        .post(srv.url("/api/v1/api-keys"))
        .header(KEY, "add-robin")
        .json(&json!({ "name": "k", "scopes": ["sync"] }))
        .send()
        .await
        .expect("sent");
    expect_error(
        res,
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency_key_reused",
    )
    .await;
    // A bad key is refused before anything runs.
    let res = send("", new.clone()).await.expect("sent");
    expect_error(res, StatusCode::BAD_REQUEST, "invalid_idempotency_key").await;

    // Keys belong to their caller: the manager's "add-robin" is a key of its own.
    let manager = srv.login(MANAGER_EMAIL, MANAGER_PASSWORD).await;
    let res = client_with(&manager.token, None)
        .post(srv.url("/api/v1/staff"))
        .header(KEY, "add-robin")
        .json(&json!({ "name": "Sam", "role": "cashier", "pin": "1618" }))
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), StatusCode::CREATED);
    assert!(!replayed(&res));

    // An answer that refused is kept too; without a key nothing is kept.
    let taken = json!({ "name": "Robin 2", "role": "cashier", "pin": "3141" });
    for _ in 0..2 {
        let res = send("taken-pin", taken.clone()).await.expect("sent");
        expect_error(res, StatusCode::CONFLICT, "pin_taken").await;
    }
    // PATCH takes keys as well.
    let id = serde_json::from_str::<Value>(&first_body).expect("json")["id"]
        .as_str()
        .expect("id")
        .to_owned();
    for n in 0..2 {
        let res = srv
            .client
            .patch(srv.url(&format!("/api/v1/staff/{id}")))
            .header(KEY, "rename-robin")
            .json(&json!({ "name": "Robin R." }))
            .send()
            .await
            .expect("sent");
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(replayed(&res), n == 1);
    }
}

async fn keys_are_kept_a_day_then_swept(backend: Backend) {
    let clock = Clock::manual(at_minute(0));
    let srv = start_clocked_on(backend, clock.clone(), |_| {}).await;
    // A device's token does not expire as the clock moves on.
    let till = device_client(&srv.device.device_token);
    let push = json!({ "device_id": srv.device.device_id, "mutations": [] });
    let send = |key: &'static str| {
        till.post(srv.url("/api/v1/sync/push"))
            .header(KEY, key)
            .json(&push)
            .send()
    };
    let res = send("day-key").await.expect("sent");
    assert_eq!(res.status(), StatusCode::OK);
    assert!(!replayed(&res));
    clock.advance(Duration::from_secs(23 * 3600));
    let res = send("day-key").await.expect("sent");
    assert_eq!(res.status(), StatusCode::OK);
    assert!(replayed(&res), "kept after 23 hours");
    // Nothing is older than a day yet: the sweep keeps it.
    let day = chrono::Duration::hours(24);
    let store = srv.store();
    let swept = store.idempotency_sweep(clock.now() - day).await;
    assert_eq!(swept.expect("sweep"), 0);
    clock.advance(Duration::from_secs(3600 + 60));
    // Past the day the key is free again: the request runs again.
    let res = send("day-key").await.expect("sent");
    assert_eq!(res.status(), StatusCode::OK);
    assert!(!replayed(&res), "run again after a day");
    let res = send("other-key").await.expect("sent");
    assert_eq!(res.status(), StatusCode::OK);
    clock.advance(Duration::from_secs(25 * 3600));
    let swept = store.idempotency_sweep(clock.now() - day).await;
    assert_eq!(swept.expect("sweep"), 2, "both keys are older than a day");
    let res = send("other-key").await.expect("sent");
    assert!(!replayed(&res), "swept keys are gone");
}

async fn a_duplicate_while_the_first_runs_is_409(backend: Backend) {
    let entered = Arc::new(Notify::new());
    let release = Arc::new(Notify::new());
    let held = Arc::new(AtomicBool::new(false));
    let (e, r, h) = (entered.clone(), release.clone(), held.clone());
    let hook: server::hooks::Hook = Arc::new(move || {
        let (e, r, first) = (e.clone(), r.clone(), !h.swap(true, Ordering::SeqCst));
        Box::pin(async move {
            if first {
                e.notify_one();
                r.notified().await;
            }
        })
    });
    let srv = common::start_custom_on(
        backend,
        |_| {},
        |state| {
            state.hooks.before_push_applied = Some(hook);
        },
    )
    .await;
    let push = json!({ "device_id": srv.device.device_id, "mutations": [] });
    let send = || {
        srv.client
            .post(srv.url("/api/v1/sync/push"))
            .header(KEY, "push-1")
            .json(&push)
            .send()
    };
    let first = tokio::spawn(send());
    entered.notified().await;
    let res = send().await.expect("sent");
    expect_error(res, StatusCode::CONFLICT, "idempotency_in_flight").await;
    release.notify_one();
    let first = first.await.expect("task").expect("sent");
    assert_eq!(first.status(), StatusCode::OK);
    let first_body = first.text().await.expect("body");
    let again = send().await.expect("sent");
    assert!(replayed(&again));
    assert_eq!(again.text().await.expect("body"), first_body);
}
