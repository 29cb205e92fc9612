//! Sign-in, sessions, overrides, devices, API keys and staff over real HTTP, on both stores: PIN lockout and
//! cool-down, single-use overrides, idle and absolute session expiry, keys shown once and hashed at rest, device
//! tokens bound to their device, and every attempt in the audit log.

mod common;

use common::auth::{
    audit, device_client, CASHIER2_PIN, CASHIER_PIN, DEVICE_HEADER, MANAGER_PIN, OVERRIDE_HEADER,
    SUPERVISOR_PIN,
};
use common::{
    at_minute, expect_error, mutation, on_both_stores, push_request, start_clocked_on, start_on,
    start_with_on, Backend, TestServer,
};
use reqwest::StatusCode;
use serde_json::json;
use server::clock::Clock;
use shared::auth::{AuditPage, Override, Permission, Scope, StaffInfo, StaffList};
use std::time::Duration;

on_both_stores!(
    pin_sign_in_locks_the_device_after_five_failures_and_audits_every_attempt,
    a_supervisor_override_is_single_use_and_needs_the_permission,
    sessions_end_when_idle_or_at_their_lifetime,
    api_keys_are_shown_once_hashed_at_rest_scoped_and_revocable,
    device_tokens_are_bound_to_their_device_and_revocable,
    staff_management_hashes_and_checks_pins_and_passwords,
    the_audit_log_is_filtered_over_http_and_bad_filters_are_400,
    a_refund_approved_at_the_till_is_checked_on_push_recorded_and_audited,
);

fn retry_after(res: &reqwest::Response) -> u64 {
    res.headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After")
}

async fn pin_sign_in_locks_the_device_after_five_failures_and_audits_every_attempt(
    backend: Backend,
) {
    let clock = Clock::manual(at_minute(0));
    let srv = start_clocked_on(backend, clock.clone(), |c| c.lockout_secs = 1).await;
    let till = common::auth::enroll(&srv.anon, &srv.base, &srv.admin_token, "Till 2").await;
    let other = srv.device.device_token.clone();
    let session = srv.pin_session(CASHIER_PIN).await;
    assert_eq!(session.staff.name, "Chris Cashier");
    assert_eq!(session.staff.permissions, [Permission::Sell]);

    let ok = srv.pin(&till.device_token, CASHIER_PIN).await;
    assert_eq!(ok.status(), StatusCode::OK);
    for _ in 0..4 {
        expect_error(
            srv.pin(&till.device_token, "0000").await,
            StatusCode::UNAUTHORIZED,
            "invalid_pin",
        )
        .await;
    }
    // The fifth consecutive failure (any PIN) locks the device.
    let locked = srv.pin(&till.device_token, "11111").await;
    assert_eq!(retry_after(&locked), 1);
    expect_error(locked, StatusCode::LOCKED, "locked").await;
    // Locked: even the right PIN is refused, on this device only.
    let refused = srv.pin(&till.device_token, CASHIER_PIN).await;
    assert!(retry_after(&refused) >= 1);
    expect_error(refused, StatusCode::LOCKED, "locked").await;
    assert_eq!(srv.pin(&other, CASHIER_PIN).await.status(), StatusCode::OK);
    // The cool-down is over: it works again.
    clock.advance(Duration::from_millis(1001));
    assert_eq!(
        srv.pin(&till.device_token, CASHIER_PIN).await.status(),
        StatusCode::OK
    );

    let on_till: Vec<String> = audit(&srv, "auth.pin")
        .await
        .into_iter()
        .filter(|e| e.device_id == Some(till.device_id))
        .map(|e| e.outcome)
        .collect();
    assert_eq!(
        on_till,
        ["success", "failure", "failure", "failure", "failure", "failure", "locked", "success"]
    );
    // Without a device token there is no PIN sign-in.
    let res = srv
        .anon
        .post(srv.url("/api/v1/auth/pin"))
        .json(&json!({ "pin": CASHIER_PIN }))
        .send()
        .await
        .expect("sent");
    expect_error(res, StatusCode::UNAUTHORIZED, "unauthenticated").await;
}

async fn request_override(
    srv: &TestServer,
    cashier: &str,
    pin: &str,
    permission: &str,
) -> reqwest::Response {
    srv.anon
        .post(srv.url("/api/v1/auth/override"))
        .bearer_auth(cashier)
        .header(DEVICE_HEADER, &srv.device.device_token)
        .json(&json!({ "pin": pin, "permission": permission }))
        .send()
        .await
        .expect("sent")
}

async fn a_supervisor_override_is_single_use_and_needs_the_permission(backend: Backend) {
    let srv = start_with_on(backend, |_| {}).await;
    let cashier = srv.pin_session(CASHIER_PIN).await.token;

    let res = request_override(&srv, &cashier, SUPERVISOR_PIN, "refund").await;
    assert_eq!(res.status(), StatusCode::OK);
    let approval: Override = res.json().await.expect("Override");
    assert_eq!(approval.approver.name, "Sam Supervisor");
    assert_eq!(approval.permission, Permission::Refund);
    let ttl = approval.expires_at - chrono::Utc::now();
    assert!(
        ttl <= chrono::Duration::seconds(120) && ttl > chrono::Duration::seconds(100),
        "{ttl}"
    );

    // A cashier cannot approve what cashiers may not do; a wrong PIN is a wrong PIN.
    let res = request_override(&srv, &cashier, CASHIER2_PIN, "refund").await;
    expect_error(res, StatusCode::FORBIDDEN, "not_permitted").await;
    let res = request_override(&srv, &cashier, "0000", "refund").await;
    expect_error(res, StatusCode::UNAUTHORIZED, "invalid_pin").await;
    // Without the terminal's token there is no override.
    let res = srv
        .anon
        .post(srv.url("/api/v1/auth/override"))
        .bearer_auth(&cashier)
        .json(&json!({ "pin": SUPERVISOR_PIN, "permission": "refund" }))
        .send()
        .await
        .expect("sent");
    expect_error(res, StatusCode::UNAUTHORIZED, "unauthenticated").await;

    // An override stands in for the permission once: reports, approved by the manager, opens the sales list.
    let sales = |token: Option<&str>| {
        let mut req = srv.anon.get(srv.url("/api/v1/sales")).bearer_auth(&cashier);
        if let Some(t) = token {
            req = req.header(OVERRIDE_HEADER, t);
        }
        req.send()
    };
    expect_error(
        sales(None).await.expect("sent"),
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    // The refund approval is for another permission: refused, and not spent.
    let res = sales(Some(&approval.override_token)).await.expect("sent");
    expect_error(res, StatusCode::FORBIDDEN, "forbidden").await;
    let res = request_override(&srv, &cashier, MANAGER_PIN, "reports").await;
    let reports: Override = res.json().await.expect("Override");
    assert_eq!(
        sales(Some(&reports.override_token))
            .await
            .expect("sent")
            .status(),
        StatusCode::OK
    );
    let again = sales(Some(&reports.override_token)).await.expect("sent");
    expect_error(again, StatusCode::FORBIDDEN, "forbidden").await;
    // Only the cashier who asked may use it.
    let res = request_override(&srv, &cashier, MANAGER_PIN, "reports").await;
    let theirs: Override = res.json().await.expect("Override");
    let other = srv.pin_session(CASHIER2_PIN).await.token;
    let res = srv
        .anon
        .get(srv.url("/api/v1/sales"))
        .bearer_auth(&other)
        .header(OVERRIDE_HEADER, &theirs.override_token)
        .send()
        .await
        .expect("sent");
    expect_error(res, StatusCode::FORBIDDEN, "forbidden").await;

    let outcomes: Vec<String> = audit(&srv, "auth.override")
        .await
        .into_iter()
        .map(|e| e.outcome)
        .collect();
    assert_eq!(
        outcomes,
        ["success", "denied", "failure", "success", "success"]
    );
    let used = audit(&srv, "override.used").await;
    assert_eq!(used.len(), 1, "{used:?}");
    assert_eq!(used[0].details["permission"], "reports");
}

async fn sessions_end_when_idle_or_at_their_lifetime(backend: Backend) {
    let clock = Clock::manual(at_minute(0));
    let srv = start_clocked_on(backend, clock.clone(), |c| {
        c.session_idle_secs = 60;
        c.session_lifetime_secs = 90;
    })
    .await;
    let me = |token: String| {
        let srv = &srv;
        async move {
            srv.anon
                .get(srv.url("/api/v1/auth/me"))
                .bearer_auth(token)
                .send()
                .await
                .expect("sent")
        }
    };
    let session = srv
        .login(common::auth::MANAGER_EMAIL, common::auth::MANAGER_PASSWORD)
        .await;
    assert_eq!(session.idle_timeout_secs, 60);
    let info: StaffInfo = me(session.token.clone())
        .await
        .json()
        .await
        .expect("StaffInfo");
    assert_eq!(info.name, "Maria Manager");
    // Each use restarts the idle timeout…
    for _ in 0..2 {
        clock.advance(Duration::from_secs(40));
        assert_eq!(me(session.token.clone()).await.status(), StatusCode::OK);
    }
    // …but not the lifetime.
    clock.advance(Duration::from_secs(11));
    expect_error(
        me(session.token.clone()).await,
        StatusCode::UNAUTHORIZED,
        "session_expired",
    )
    .await;
    // Unused for longer than the idle timeout.
    let idle = srv.pin_session(CASHIER_PIN).await;
    // (61 s: past the idle timeout, within the lifetime.)
    clock.advance(Duration::from_secs(61));
    expect_error(
        me(idle.token).await,
        StatusCode::UNAUTHORIZED,
        "session_expired",
    )
    .await;
    // Signing out ends a session at once.
    let out = srv.pin_session(CASHIER_PIN).await;
    let res = srv
        .anon
        .post(srv.url("/api/v1/auth/logout"))
        .bearer_auth(&out.token)
        .header("content-type", "application/json")
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    expect_error(
        me(out.token).await,
        StatusCode::UNAUTHORIZED,
        "invalid_token",
    )
    .await;
}

/// Every text the database holds about API keys, sessions and the audit log (SQLite: the files themselves).
async fn database_text(srv: &TestServer) -> Vec<u8> {
    match &srv.db {
        Some(db) => {
            let url = db.database_url().expect("PostgreSQL URL");
            let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&url)
                .await
                .expect("connect");
            let mut text = Vec::new();
            for table in ["api_keys", "sessions", "audit_log", "devices", "staff"] {
                let dump: Option<String> =
                    sqlx::query_scalar(&format!("SELECT json_agg(t)::text FROM {table} t"))
                        .fetch_one(&mut conn)
                        .await
                        .expect("dump");
                text.extend(dump.unwrap_or_default().into_bytes());
            }
            text
        }
        None => {
            let data = srv.dir.path().join("data");
            let mut bytes = Vec::new();
            for name in ["pos.sqlite3", "pos.sqlite3-wal"] {
                if let Ok(b) = std::fs::read(data.join(name)) {
                    bytes.extend(b);
                }
            }
            bytes
        }
    }
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

async fn api_keys_are_shown_once_hashed_at_rest_scoped_and_revocable(backend: Backend) {
    let srv = start_with_on(backend, |_| {}).await;
    let created = srv.api_key(&[Scope::CatalogRead]).await;
    assert!(created.key.starts_with("posk_"), "{}", created.key);
    let listed = srv
        .client
        .get(srv.url("/api/v1/api-keys"))
        .send()
        .await
        .expect("sent");
    let listed = listed.text().await.expect("text");
    assert!(listed.contains(&created.id.to_string()) && !listed.contains(&created.key));

    let text = database_text(&srv).await;
    assert!(!contains(&text, &created.key), "the key is stored in clear");
    assert!(
        !contains(&text, created.key.trim_start_matches("posk_")),
        "the key's secret is stored"
    );
    assert!(
        contains(&text, &server::auth::tokens::hash(&created.key)),
        "its hash is stored"
    );
    assert!(
        !contains(&text, &srv.admin_token),
        "a session token is stored in clear"
    );
    assert!(
        !contains(&text, &srv.device.device_token),
        "a device token is stored in clear"
    );
    assert!(
        !contains(&text, "demo-admin-2026"),
        "a password is stored in clear"
    );

    let with_key = |path: &str| srv.anon.get(srv.url(path)).bearer_auth(&created.key).send();
    assert_eq!(
        with_key("/api/v1/products").await.expect("sent").status(),
        StatusCode::OK
    );
    assert_eq!(
        with_key("/api/v1/sync/pull?limit=1")
            .await
            .expect("sent")
            .status(),
        StatusCode::OK
    );
    expect_error(
        with_key("/api/v1/sales").await.expect("sent"),
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    expect_error(
        with_key("/api/v1/audit").await.expect("sent"),
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;

    let res = srv
        .client
        .delete(srv.url(&format!("/api/v1/api-keys/{}", created.id)))
        .header("content-type", "application/json")
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    expect_error(
        with_key("/api/v1/products").await.expect("sent"),
        StatusCode::UNAUTHORIZED,
        "invalid_token",
    )
    .await;
    let actions: Vec<String> = audit(&srv, "api_key.revoke")
        .await
        .into_iter()
        .map(|e| e.target.unwrap_or_default())
        .collect();
    assert_eq!(actions, [created.id.to_string()]);
    // Unknown scopes are refused.
    let res = srv
        .client
        .post(srv.url("/api/v1/api-keys"))
        .json(&json!({ "name": "x", "scopes": ["everything"] }))
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

async fn device_tokens_are_bound_to_their_device_and_revocable(backend: Backend) {
    let srv = start_with_on(backend, |_| {}).await;
    let catalog = srv.catalog().await;
    let a = common::auth::enroll(&srv.anon, &srv.base, &srv.admin_token, "Till A").await;
    let b = common::auth::enroll(&srv.anon, &srv.base, &srv.admin_token, "Till B").await;
    for e in [&a, &b] {
        assert_eq!(e.receipt_prefix.len(), 4);
        assert!(
            e.receipt_prefix.bytes().all(|c| c.is_ascii_uppercase()),
            "{}",
            e.receipt_prefix
        );
    }
    assert_ne!(a.receipt_prefix, b.receipt_prefix);
    let (till_a, till_b) = (
        device_client(&a.device_token),
        device_client(&b.device_token),
    );
    let push = |client: &reqwest::Client, request: &shared::sync::PushRequest| {
        client
            .post(srv.url("/api/v1/sync/push"))
            .json(request)
            .send()
    };
    let sale = catalog.sale(a.device_id, "A-1", at_minute(1), &[1, 2]);
    let request = push_request(a.device_id, vec![mutation(1, sale.clone())]);
    assert_eq!(
        push(&till_a, &request).await.expect("sent").status(),
        StatusCode::OK
    );
    expect_error(
        push(&till_b, &request).await.expect("sent"),
        StatusCode::FORBIDDEN,
        "device_mismatch",
    )
    .await;

    // A terminal reads its own sales only.
    let own: shared::api::SaleDocumentList = till_a
        .get(srv.url("/api/v1/sales"))
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("json");
    assert_eq!(own.sales.len(), 1);
    let none: shared::api::SaleDocumentList = till_b
        .get(srv.url("/api/v1/sales"))
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("json");
    assert!(none.sales.is_empty());
    let res = till_b
        .get(srv.url(&format!("/api/v1/sales?device_id={}", a.device_id)))
        .send()
        .await
        .expect("sent");
    expect_error(res, StatusCode::FORBIDDEN, "forbidden").await;
    let res = till_b
        .get(srv.url(&format!("/api/v1/sales/{}", sale.id)))
        .send()
        .await
        .expect("sent");
    expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
    let res = till_a
        .get(srv.url(&format!("/api/v1/sales/{}/journal", sale.id)))
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), StatusCode::OK);

    // Revoked: the token stops working and the device's PIN sessions end.
    let session = srv
        .pin(&a.device_token, CASHIER_PIN)
        .await
        .json::<shared::auth::Session>()
        .await
        .expect("Session");
    let res = srv
        .client
        .delete(srv.url(&format!("/api/v1/devices/{}", a.device_id)))
        .header("content-type", "application/json")
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let request = push_request(a.device_id, vec![]);
    expect_error(
        push(&till_a, &request).await.expect("sent"),
        StatusCode::UNAUTHORIZED,
        "device_revoked",
    )
    .await;
    let res = srv
        .anon
        .get(srv.url("/api/v1/auth/me"))
        .bearer_auth(&session.token)
        .send()
        .await
        .expect("sent");
    expect_error(res, StatusCode::UNAUTHORIZED, "invalid_token").await;
    let devices: shared::auth::DeviceList = srv.get_json("/api/v1/devices").await;
    let listed = devices
        .devices
        .iter()
        .find(|d| d.id == a.device_id)
        .expect("listed");
    assert!(listed.revoked_at.is_some());
    let res = srv
        .anon
        .get(srv.url("/api/v1/products"))
        .header(DEVICE_HEADER, "made-up")
        .send()
        .await
        .expect("sent");
    expect_error(res, StatusCode::UNAUTHORIZED, "invalid_device_token").await;
}

async fn staff_management_hashes_and_checks_pins_and_passwords(backend: Backend) {
    let srv = start_with_on(backend, |_| {}).await;
    let manager = srv
        .login(common::auth::MANAGER_EMAIL, common::auth::MANAGER_PASSWORD)
        .await
        .token;
    let post = |body: serde_json::Value| {
        srv.anon
            .post(srv.url("/api/v1/staff"))
            .bearer_auth(&manager)
            .json(&body)
            .send()
    };
    let res = post(json!({ "name": "Nia New", "role": "cashier", "pin": "4321" }))
        .await
        .expect("sent");
    assert_eq!(res.status(), StatusCode::CREATED);
    let nia: StaffInfo = res.json().await.expect("StaffInfo");
    assert_eq!(nia.permissions, [Permission::Sell]);
    for (body, status, code) in [
        (
            json!({ "name": "Dup", "role": "cashier", "pin": "4321" }),
            StatusCode::CONFLICT,
            "pin_taken",
        ),
        (
            json!({ "name": "Dup", "role": "cashier", "pin": CASHIER_PIN }),
            StatusCode::CONFLICT,
            "pin_taken",
        ),
        (
            json!({ "name": "Short", "role": "cashier", "pin": "12" }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
        ),
        (
            json!({ "name": "Pw", "role": "cashier", "email": "pw@demo.store", "password": "short" }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
        ),
        (
            json!({ "name": "Boss", "role": "admin", "pin": "8642" }),
            StatusCode::FORBIDDEN,
            "forbidden",
        ),
        (
            json!({ "name": "Mail", "role": "cashier", "email": "ADMIN@demo.store", "password": "0123456789" }),
            StatusCode::CONFLICT,
            "email_taken",
        ),
    ] {
        expect_error(post(body).await.expect("sent"), status, code).await;
    }
    let session = srv.pin_session("4321").await;
    assert_eq!(session.staff.id, nia.id);
    // Deactivated: sessions end, the PIN stops working (and is free again).
    let res = srv
        .anon
        .patch(srv.url(&format!("/api/v1/staff/{}", nia.id)))
        .bearer_auth(&manager)
        .json(&json!({ "active": false }))
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), StatusCode::OK);
    let res = srv
        .anon
        .get(srv.url("/api/v1/auth/me"))
        .bearer_auth(&session.token)
        .send()
        .await
        .expect("sent");
    expect_error(res, StatusCode::UNAUTHORIZED, "invalid_token").await;
    expect_error(
        srv.pin(&srv.device.device_token, "4321").await,
        StatusCode::UNAUTHORIZED,
        "invalid_pin",
    )
    .await;
    let res = post(json!({ "name": "Ola", "role": "supervisor", "pin": "4321", "email": "ola@demo.store", "password": "ola-password-1" }))
        .await
        .expect("sent");
    assert_eq!(res.status(), StatusCode::CREATED);
    let ola = srv.login("Ola@Demo.Store", "ola-password-1").await;
    assert_eq!(ola.staff.name, "Ola");
    // The manager may not touch the admin.
    let list: StaffList = srv.get_json("/api/v1/staff").await;
    let admin = list
        .staff
        .iter()
        .find(|s| s.email.as_deref() == Some("admin@demo.store"))
        .expect("admin");
    assert!(admin.has_password && !admin.has_pin && admin.active);
    let res = srv
        .anon
        .patch(srv.url(&format!("/api/v1/staff/{}", admin.id)))
        .bearer_auth(&manager)
        .json(&json!({ "active": false }))
        .send()
        .await
        .expect("sent");
    expect_error(res, StatusCode::FORBIDDEN, "forbidden").await;
    let text = database_text(&srv).await;
    assert!(!contains(&text, "ola-password-1"));
    let created = audit(&srv, "staff.create").await;
    assert!(created
        .iter()
        .any(|e| e.target.as_deref() == Some(&nia.id.to_string()[..])));
}

async fn the_audit_log_is_filtered_over_http_and_bad_filters_are_400(backend: Backend) {
    let srv = start_on(backend).await;
    let chris = srv.pin_session(CASHIER_PIN).await;
    expect_error(
        srv.pin(&srv.device.device_token, "0000").await,
        StatusCode::UNAUTHORIZED,
        "invalid_pin",
    )
    .await;
    let device = srv.device.device_id;
    let page: AuditPage = srv
        .get_json(&format!("/api/v1/audit?action=auth.&device_id={device}"))
        .await;
    let outcomes: Vec<&str> = page.entries.iter().map(|e| e.outcome.as_str()).collect();
    assert_eq!(outcomes, ["failure", "success"]);
    let page: AuditPage = srv
        .get_json(&format!(
            "/api/v1/audit?action=auth.login,auth.pin&actor_id={}&outcome=success&since=2020-01-01T00:00:00Z",
            chris.staff.id
        ))
        .await;
    assert_eq!(page.entries.len(), 1);
    assert_eq!(page.entries[0].action, "auth.pin");
    let page: AuditPage = srv
        .get_json("/api/v1/audit?until=2020-01-01T00:00:00%2B01:00")
        .await;
    assert!(page.entries.is_empty());
    for bad in [
        "action=Auth.pin",
        "action=auth.pin,,auth.login",
        "action=auth%25",
        "outcome=maybe",
        "device_id=till-1",
        "actor_id=1",
        "since=yesterday",
        "since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z",
        "before=-1",
    ] {
        expect_error(
            srv.get(&format!("/api/v1/audit?{bad}")).await,
            StatusCode::BAD_REQUEST,
            "invalid_query",
        )
        .await;
    }
}

/// The whole approval path over HTTP: a cashier signs in by PIN, a supervisor approves a refund by PIN, the
/// refund is pushed later with both stamped: the server returns the stamps with the refund, spends the override,
/// audits the refund once, and flags a second refund that reuses the spent token (still accepting it).
async fn a_refund_approved_at_the_till_is_checked_on_push_recorded_and_audited(backend: Backend) {
    use shared::document::{Approval, Refund, RefundMethod, StaffStamp};
    let srv = start_with_on(backend, |_| {}).await;
    let device = srv.device.device_id;
    let cashier = srv.pin_session(CASHIER_PIN).await;
    let chris = StaffStamp {
        id: cashier.staff.id,
        name: cashier.staff.name.clone(),
    };
    let res = request_override(&srv, &cashier.token, SUPERVISOR_PIN, "refund").await;
    assert_eq!(res.status(), StatusCode::OK);
    let approved: Override = res.json().await.expect("Override");
    let approval = Approval {
        approver: StaffStamp {
            id: approved.approver.id,
            name: approved.approver.name.clone(),
        },
        permission: approved.permission,
        override_token: Some(approved.override_token.clone()),
    };

    let catalog = srv.catalog().await;
    let mut sale = catalog.sale(device, "R-1", at_minute(1), &[10, 20]);
    sale.cashier = Some(chris.clone());
    assert_eq!(
        srv.push_ok(&push_request(device, vec![mutation(1, sale.clone())]))
            .await,
        1
    );
    let stamped = |mut r: Refund| {
        r.cashier = Some(chris.clone());
        r.approval = Some(approval.clone());
        r
    };
    let first =
        stamped(catalog.refund(device, &sale, &[], &[(0, 1)], RefundMethod::OriginalTenders));
    let m = common::refund_mutation(2, first.clone());
    for _ in 0..2 {
        assert_eq!(srv.push_ok(&push_request(device, vec![m.clone()])).await, 2);
    }
    let refunds: shared::api::RefundList = srv
        .get_json(&format!("/api/v1/sales/{}/refunds", sale.id))
        .await;
    assert_eq!(refunds.refunds, vec![first.clone()]);
    assert_eq!(refunds.refunds[0].cashier, Some(chris.clone()));
    assert_eq!(
        refunds.refunds[0]
            .approval
            .as_ref()
            .map(|a| a.approver.name.as_str()),
        Some("Sam Supervisor")
    );
    let got: shared::document::SaleDocument =
        srv.get_json(&format!("/api/v1/sales/{}", sale.id)).await;
    assert_eq!(got.cashier, Some(chris.clone()));

    let entries = audit(&srv, "sale.refund").await;
    assert_eq!(entries.len(), 1, "audited once: {entries:?}");
    assert_eq!(entries[0].actor.id, Some(chris.id.to_string()));
    assert_eq!(entries[0].device_id, Some(device));
    assert_eq!(entries[0].details["approval_checked"], true);
    // Spent by the push: it can no longer be used.
    let used = server::auth::audit::entry(
        chrono::Utc::now(),
        server::auth::audit::system(),
        "override.used",
        server::auth::audit::SUCCESS,
    );
    let hash = server::auth::tokens::hash(&approved.override_token);
    let spendable = srv
        .store()
        .consume_override(&hash, chris.id, Permission::Refund, &used)
        .await
        .expect("consume");
    assert!(!spendable, "the push spent the override");

    // The same token on another refund: accepted (documents are facts) and flagged.
    let second = stamped(catalog.refund(
        device,
        &sale,
        std::slice::from_ref(&first),
        &[(1, 1)],
        RefundMethod::OriginalTenders,
    ));
    let m2 = common::refund_mutation(3, second);
    assert_eq!(
        srv.push_ok(&push_request(device, vec![m2.clone()])).await,
        3
    );
    let flags: serde_json::Value = srv.get_json("/api/v1/ingest-flags").await;
    assert_eq!(flags["flags"][0]["kind"], "unapproved_refund");
    assert_eq!(flags["flags"][0]["mutation_id"], m2.id.to_string());
    assert_eq!(flags["flags"][0]["subject"], chris.id.to_string());
    let entries = audit(&srv, "sale.refund").await;
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[1].details["flag"], "unapproved_refund");
}
