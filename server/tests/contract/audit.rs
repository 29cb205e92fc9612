//! The store contract for reading the audit log: every filter narrows (action exact or by prefix, outcome,
//! device, actor, time), they combine, and paging by `before` goes on within the filter.

use crate::common::{on_both_stores, Backend, TestDb};
use chrono::{DateTime, Duration, TimeZone, Utc};
use server::auth::audit::{self, AuditExt};
use server::store::auth::{ActionMatch, AuditFilter, NewAudit};
use server::store::Store;
use shared::auth::{ActorKind, AuditActor};
use std::sync::Arc;
use uuid::Uuid;

on_both_stores!(
    filters_narrow_the_audit_log_and_combine,
    paging_goes_on_within_a_filter,
);

fn t(minute: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0)
        .single()
        .expect("time")
        + Duration::minutes(minute)
}

fn staff(id: Uuid) -> AuditActor {
    AuditActor {
        kind: ActorKind::Staff,
        id: Some(id.to_string()),
        name: Some("Chris".into()),
    }
}

struct Log {
    _db: TestDb,
    store: Arc<dyn Store>,
    till: Uuid,
    chris: Uuid,
}

/// Six entries, a minute apart: two PIN attempts of Chris at the till, a manager's password sign-in, two API
/// key changes and an action whose name differs from `api_key.` only where a `LIKE` would see a wildcard.
async fn log(backend: Backend) -> Log {
    let db = TestDb::create(backend).await;
    let store = db.open().await;
    let (till, chris, maria) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let entries: Vec<NewAudit> = vec![
        audit::entry(t(0), staff(chris), "auth.pin", audit::FAILURE).device(Some(till)),
        audit::entry(t(1), staff(chris), "auth.pin", audit::SUCCESS).device(Some(till)),
        audit::entry(t(2), staff(maria), "auth.login", audit::SUCCESS).target("manager@x"),
        audit::entry(t(3), staff(maria), "api_key.create", audit::SUCCESS),
        audit::entry(t(4), staff(maria), "apixkey.create", audit::SUCCESS),
        audit::entry(t(5), staff(maria), "api_key.revoke", audit::DENIED),
    ];
    for e in &entries {
        store.append_audit(e).await.expect("appended");
    }
    Log {
        _db: db,
        store,
        till,
        chris,
    }
}

async fn actions(log: &Log, filter: AuditFilter) -> Vec<String> {
    let page = log
        .store
        .audit_page(&filter, None, 100)
        .await
        .expect("page");
    page.into_iter()
        .map(|e| format!("{}:{}", e.action, e.outcome))
        .collect()
}

fn exact(a: &str) -> ActionMatch {
    ActionMatch::Exact(a.into())
}

fn prefix(a: &str) -> ActionMatch {
    ActionMatch::Prefix(a.into())
}

async fn filters_narrow_the_audit_log_and_combine(backend: Backend) {
    let log = log(backend).await;
    assert_eq!(actions(&log, AuditFilter::default()).await.len(), 6);
    let by_action = |actions: Vec<ActionMatch>| AuditFilter {
        actions,
        ..AuditFilter::default()
    };
    assert_eq!(
        actions(&log, by_action(vec![exact("auth.pin")])).await,
        ["auth.pin:success", "auth.pin:failure"]
    );
    assert_eq!(
        actions(&log, by_action(vec![prefix("auth.")])).await,
        ["auth.login:success", "auth.pin:success", "auth.pin:failure"]
    );
    assert_eq!(
        actions(&log, by_action(vec![prefix("api_key.")])).await,
        ["api_key.revoke:denied", "api_key.create:success"],
        "`_` is no wildcard"
    );
    assert_eq!(
        actions(
            &log,
            by_action(vec![exact("auth.login"), prefix("api_key.")])
        )
        .await,
        [
            "api_key.revoke:denied",
            "api_key.create:success",
            "auth.login:success"
        ]
    );
    assert!(
        actions(&log, by_action(vec![exact("auth.")]))
            .await
            .is_empty(),
        "exact is exact"
    );
    assert!(actions(&log, by_action(vec![prefix("auth.p")])).await.len() == 2);

    let outcome = AuditFilter {
        outcome: Some(audit::FAILURE.into()),
        ..AuditFilter::default()
    };
    assert_eq!(actions(&log, outcome).await, ["auth.pin:failure"]);

    let device = AuditFilter {
        device_id: Some(log.till),
        ..AuditFilter::default()
    };
    assert_eq!(
        actions(&log, device).await,
        ["auth.pin:success", "auth.pin:failure"]
    );
    let other_device = AuditFilter {
        device_id: Some(Uuid::now_v7()),
        ..AuditFilter::default()
    };
    assert!(actions(&log, other_device).await.is_empty());

    let actor = AuditFilter {
        actor_id: Some(log.chris.to_string()),
        ..AuditFilter::default()
    };
    assert_eq!(
        actions(&log, actor).await,
        ["auth.pin:success", "auth.pin:failure"]
    );

    // `since` is inclusive, `until` exclusive, to the microsecond.
    let window = AuditFilter {
        since: Some(t(1)),
        until: Some(t(3)),
        ..AuditFilter::default()
    };
    assert_eq!(
        actions(&log, window).await,
        ["auth.login:success", "auth.pin:success"]
    );
    let just_after = AuditFilter {
        since: Some(t(5) + Duration::microseconds(1)),
        ..AuditFilter::default()
    };
    assert!(actions(&log, just_after).await.is_empty());
    let just_before = AuditFilter {
        until: Some(t(0) + Duration::microseconds(1)),
        ..AuditFilter::default()
    };
    assert_eq!(actions(&log, just_before).await, ["auth.pin:failure"]);

    let combined = AuditFilter {
        actions: vec![prefix("auth.")],
        outcome: Some(audit::SUCCESS.into()),
        actor_id: Some(log.chris.to_string()),
        since: Some(t(0)),
        until: Some(t(6)),
        device_id: Some(log.till),
    };
    assert_eq!(actions(&log, combined).await, ["auth.pin:success"]);
}

async fn paging_goes_on_within_a_filter(backend: Backend) {
    let log = log(backend).await;
    let filter = AuditFilter {
        actions: vec![prefix("auth."), prefix("api_key.")],
        ..AuditFilter::default()
    };
    let mut seen = Vec::new();
    let mut before = None;
    loop {
        let page = log
            .store
            .audit_page(&filter, before, 2)
            .await
            .expect("page");
        assert!(page.len() <= 2);
        seen.extend(page.iter().map(|e| e.action.clone()));
        match page.last() {
            Some(last) if page.len() == 2 => before = Some(last.seq),
            _ => break,
        }
    }
    assert_eq!(
        seen,
        [
            "api_key.revoke",
            "api_key.create",
            "auth.login",
            "auth.pin",
            "auth.pin"
        ]
    );
    // A `before` beyond every seq is no error.
    let page = log
        .store
        .audit_page(&filter, Some(u64::MAX), 10)
        .await
        .expect("page");
    assert_eq!(page.len(), 5);
}
