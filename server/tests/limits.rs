//! Limits as a shop meets them, on the production defaults and a clock the tests move: a busy store's day (20
//! tills behind one address switching cashiers, approving and syncing, then draining a backlog) is never
//! refused, while guessing is stopped where it is aimed: five wrong PINs lock a device, five wrong passwords
//! lock an email, however many addresses or concurrent requests the guesses come from, and every refused
//! attempt is in the audit log.

mod common;

use common::auth::{
    audit, CASHIER2_PIN, CASHIER_PIN, DEVICE_HEADER, MANAGER_EMAIL, MANAGER_PASSWORD,
    SUPERVISOR_PIN,
};
use common::{
    at_minute, expect_error, mutation, on_both_stores, push_request, start_clocked_on, Backend,
    Catalog, TestServer,
};
use reqwest::header::CONTENT_TYPE;
use reqwest::StatusCode;
use serde_json::json;
use server::clock::Clock;
use server::Config;
use shared::auth::{AuditPage, Enrollment, Session};
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::Duration;
use tokio::task::JoinSet;

on_both_stores!(
    flavor = "multi_thread";
    a_busy_store_is_never_refused,
    the_sixth_wrong_pin_on_a_device_is_refused_and_audited,
    the_sixth_wrong_password_for_an_email_is_refused_and_audited,
);

const TILLS: usize = 20;
/// Opening hours, and how often each till changes cashier within an hour.
const HOURS: u64 = 8;
const SHIFTS_PER_HOUR: u64 = 4;
/// Sales each till queued while the server was unreachable.
const BACKLOG: u64 = 25;

/// The limits a real server starts with, not the test harness's very high ones.
fn production_limits(c: &mut Config) {
    let defaults = Config::new("unused", "unused");
    c.rate_limit_per_sec = defaults.rate_limit_per_sec;
    c.rate_limit_burst = defaults.rate_limit_burst;
    c.auth_rate_limit_per_min = defaults.auth_rate_limit_per_min;
    c.auth_rate_limit_burst = defaults.auth_rate_limit_burst;
    c.lockout_secs = defaults.lockout_secs;
}

/// What one till does; all tills share the test's one address (127.0.0.1), as behind a shop's router.
struct Till {
    base: String,
    http: reqwest::Client,
    device: Enrollment,
    catalog: Arc<Catalog>,
    clock: Clock,
}

impl Till {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn ok(&self, what: &str, req: reqwest::RequestBuilder) -> reqwest::Response {
        let res = req
            .header(DEVICE_HEADER, &self.device.device_token)
            .send()
            .await
            .expect("sent");
        let status = res.status();
        assert!(
            status.is_success(),
            "{}: {what} answered {status}",
            self.device.name
        );
        res
    }

    async fn pin(&self, pin: &str) -> reqwest::Response {
        self.http
            .post(self.url("/api/v1/auth/pin"))
            .header(DEVICE_HEADER, &self.device.device_token)
            .json(&json!({ "pin": pin }))
            .send()
            .await
            .expect("sent")
    }

    /// Sign a cashier in (after a mistyped PIN when `typo`), have a supervisor approve a refund, pull, sell,
    /// and sign out: a cashier switch.
    async fn shift(&self, pin: &str, typo: bool, seq: u64) {
        if typo {
            let res = self.pin("0000").await;
            expect_error(res, StatusCode::UNAUTHORIZED, "invalid_pin").await;
        }
        let res = self.pin(pin).await;
        assert_eq!(
            res.status(),
            StatusCode::OK,
            "{}: PIN sign-in",
            self.device.name
        );
        let session: Session = res.json().await.expect("Session");
        let approve = self
            .http
            .post(self.url("/api/v1/auth/override"))
            .bearer_auth(&session.token)
            .json(&json!({ "pin": SUPERVISOR_PIN, "permission": "refund" }));
        self.ok("approval", approve).await;
        let me = self
            .http
            .get(self.url("/api/v1/auth/me"))
            .bearer_auth(&session.token);
        self.ok("me", me).await;
        self.ok(
            "pull",
            self.http.get(self.url("/api/v1/sync/pull?limit=100")),
        )
        .await;
        self.push(seq).await;
        let out = self
            .http
            .post(self.url("/api/v1/auth/logout"))
            .bearer_auth(&session.token)
            .header(CONTENT_TYPE, "application/json");
        self.ok("sign-out", out).await;
    }

    async fn push(&self, seq: u64) {
        let receipt = format!("{}-{seq}", self.device.name.replace("Till ", "T"));
        let sale = self.catalog.sale(
            self.device.device_id,
            &receipt,
            self.clock.now(),
            &[(seq as usize) % 3, 1],
        );
        let body = push_request(self.device.device_id, vec![mutation(seq, sale)]);
        self.ok(
            "push",
            self.http.post(self.url("/api/v1/sync/push")).json(&body),
        )
        .await;
    }
}

async fn every_till<F, Fut>(tills: &[Arc<Till>], work: F)
where
    F: Fn(usize, Arc<Till>) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let mut running = JoinSet::new();
    for (i, till) in tills.iter().enumerate() {
        running.spawn(work(i, till.clone()));
    }
    while let Some(done) = running.join_next().await {
        done.expect("till task");
    }
}

async fn a_busy_store_is_never_refused(backend: Backend) {
    let clock = Clock::manual(at_minute(0));
    let srv = start_clocked_on(backend, clock.clone(), production_limits).await;
    let catalog = Arc::new(srv.catalog().await);
    let mut tills = Vec::new();
    for i in 0..TILLS {
        let device =
            common::auth::enroll(&srv.anon, &srv.base, &srv.admin_token, &format!("Till {i}"))
                .await;
        tills.push(Arc::new(Till {
            base: srv.base.clone(),
            http: reqwest::Client::new(),
            device,
            catalog: catalog.clone(),
            clock: clock.clone(),
        }));
    }
    let step = Duration::from_secs(3600 / SHIFTS_PER_HOUR);
    let mut seq = 0;
    for hour in 0..HOURS {
        // The manager signs in at the back office once an hour, from the same address.
        srv.login(MANAGER_EMAIL, MANAGER_PASSWORD).await;
        for shift in 0..SHIFTS_PER_HOUR {
            seq += 1;
            let pin = if shift.is_multiple_of(2) {
                CASHIER_PIN
            } else {
                CASHIER2_PIN
            };
            // Every till switches cashier at the same moment (the clock stands still meanwhile); now and then
            // a cashier mistypes first.
            every_till(&tills, move |i, till| async move {
                let typo = (i as u64 + hour + shift).is_multiple_of(5);
                till.shift(pin, typo, seq).await;
            })
            .await;
            clock.advance(step);
        }
    }
    // After an outage every till drains its backlog at once, one sale per push.
    every_till(&tills, move |_, till| async move {
        for n in 1..=BACKLOG {
            till.push(seq + n).await;
        }
    })
    .await;

    // The admin's session of the morning has long expired: sign in again to read the log.
    let admin = srv
        .login(common::auth::ADMIN_EMAIL, common::auth::ADMIN_PASSWORD)
        .await;
    let read = |path: String| {
        srv.anon
            .get(srv.url(&path))
            .bearer_auth(&admin.token)
            .send()
    };
    for outcome in ["locked", "denied"] {
        let path = format!("/api/v1/audit?action=auth.&outcome={outcome}&limit=1000");
        let page: AuditPage = read(path).await.expect("sent").json().await.expect("page");
        assert!(page.entries.is_empty(), "refused: {:?}", page.entries);
    }
    let metrics = read("/metrics".into())
        .await
        .expect("sent")
        .text()
        .await
        .expect("metrics");
    for limit in ["api", "auth"] {
        let line = format!("pos_http_rate_limited_total{{limit=\"{limit}\"}} 0");
        assert!(metrics.contains(&line), "{line} in {metrics}");
    }
    let sales: shared::api::SaleDocumentList = read("/api/v1/sales?limit=1000".into())
        .await
        .expect("sent")
        .json()
        .await
        .expect("sales");
    assert_eq!(sales.sales.len(), 1000, "a full page of the day's sales");
}

/// A client from its own loopback address.
fn from(ip: [u8; 4]) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(IpAddr::V4(Ipv4Addr::from(ip)))
        .build()
        .expect("client")
}

async fn the_sixth_wrong_pin_on_a_device_is_refused_and_audited(backend: Backend) {
    let clock = Clock::manual(at_minute(0));
    let srv = start_clocked_on(backend, clock.clone(), production_limits).await;
    let till = common::auth::enroll(&srv.anon, &srv.base, &srv.admin_token, "Till 2").await;
    // Twenty guesses at once from twenty addresses: only five are checked.
    let mut guesses = JoinSet::new();
    for n in 0..20u8 {
        let url = srv.url("/api/v1/auth/pin");
        let token = till.device_token.clone();
        guesses.spawn(async move {
            from([127, 0, 1, n + 1])
                .post(url)
                .header(DEVICE_HEADER, token)
                .json(&json!({ "pin": format!("{:04}", 3000 + u32::from(n)) }))
                .send()
                .await
                .expect("sent")
                .status()
        });
    }
    let mut statuses = Vec::new();
    while let Some(status) = guesses.join_next().await {
        statuses.push(status.expect("guess"));
    }
    let wrong = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let locked = statuses
        .iter()
        .filter(|s| **s == StatusCode::LOCKED)
        .count();
    assert_eq!((wrong, locked), (4, 16), "{statuses:?}");
    // Locked: the right PIN too, with the time left; the other device is not.
    let res = srv.pin(&till.device_token, CASHIER_PIN).await;
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .expect("text")
        .parse()
        .expect("secs");
    assert!((1..=300).contains(&retry), "Retry-After {retry}");
    expect_error(res, StatusCode::LOCKED, "locked").await;
    assert_eq!(
        srv.pin(&srv.device.device_token, CASHIER_PIN)
            .await
            .status(),
        StatusCode::OK
    );
    // After the cool-down the device has five guesses again, no more.
    clock.advance(Duration::from_secs(301));
    for _ in 0..4 {
        let res = srv.pin(&till.device_token, "0000").await;
        expect_error(res, StatusCode::UNAUTHORIZED, "invalid_pin").await;
    }
    let fifth = srv.pin(&till.device_token, "0000").await;
    expect_error(fifth, StatusCode::LOCKED, "locked").await;
    let sixth = srv.pin(&till.device_token, CASHIER_PIN).await;
    expect_error(sixth, StatusCode::LOCKED, "locked").await;

    let outcomes: Vec<String> = audit(&srv, "auth.pin")
        .await
        .into_iter()
        .filter(|e| e.device_id == Some(till.device_id))
        .map(|e| e.outcome)
        .collect();
    let count = |o: &str| outcomes.iter().filter(|x| *x == o).count();
    assert_eq!(count("failure"), 10, "{outcomes:?}");
    // 15 refused while locked by the fifth failure, the right PIN, and the sixth guess after the cool-down.
    assert_eq!(
        count("locked"),
        15 + 1 + 1,
        "every refused attempt is audited: {outcomes:?}"
    );
    assert_eq!(count("success"), 0, "{outcomes:?}");
}

async fn login_from(
    client: &reqwest::Client,
    srv: &TestServer,
    email: &str,
    password: &str,
) -> reqwest::Response {
    client
        .post(srv.url("/api/v1/auth/login"))
        .json(&json!({ "email": email, "password": password }))
        .send()
        .await
        .expect("sent")
}

async fn the_sixth_wrong_password_for_an_email_is_refused_and_audited(backend: Backend) {
    let clock = Clock::manual(at_minute(0));
    let srv = start_clocked_on(backend, clock.clone(), production_limits).await;
    // Five wrong passwords from five addresses lock the email; the sixth attempt is refused, right or wrong.
    for n in 0..4u8 {
        let res = login_from(
            &from([127, 0, 2, n + 1]),
            &srv,
            MANAGER_EMAIL,
            "guess-guess-guess",
        )
        .await;
        expect_error(res, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    }
    let fifth = login_from(
        &from([127, 0, 2, 5]),
        &srv,
        MANAGER_EMAIL,
        "guess-guess-guess",
    )
    .await;
    expect_error(fifth, StatusCode::LOCKED, "locked").await;
    let sixth = login_from(&from([127, 0, 2, 6]), &srv, MANAGER_EMAIL, MANAGER_PASSWORD).await;
    expect_error(sixth, StatusCode::LOCKED, "locked").await;
    // Other emails are not locked.
    let res = login_from(
        &from([127, 0, 2, 6]),
        &srv,
        common::auth::ADMIN_EMAIL,
        common::auth::ADMIN_PASSWORD,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    // After the cool-down the right password works.
    clock.advance(Duration::from_secs(301));
    let res = login_from(&from([127, 0, 2, 7]), &srv, MANAGER_EMAIL, MANAGER_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);

    let outcomes: Vec<String> = audit(&srv, "auth.login")
        .await
        .into_iter()
        .filter(|e| e.target.as_deref() == Some(MANAGER_EMAIL))
        .map(|e| e.outcome)
        .collect();
    assert_eq!(
        outcomes,
        ["failure", "failure", "failure", "failure", "failure", "locked", "success"]
    );
}
