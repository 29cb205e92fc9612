//! The store contract for authentication: the audit log is append-only in the database itself (UPDATE, DELETE
//! and, on PostgreSQL, TRUNCATE are refused by triggers), failed sign-ins lock at the threshold and count again
//! after, an override is spent once, sessions and devices are found by their hashes only.

use crate::common::{on_both_stores, Backend, TestDb};
use chrono::{Duration, Utc};
use server::auth::audit::{self, AuditExt};
use server::store::auth::{
    AuditFilter, FailurePolicy, NewDevice, OverrideRecord, SessionRecord, StaffRecord,
};
use server::store::{Store, StoreError};
use shared::auth::{Permission, Role};
use std::sync::Arc;
use uuid::Uuid;

on_both_stores!(
    the_database_refuses_to_change_the_audit_log,
    failures_lock_at_the_threshold_and_count_again_after,
    an_override_is_spent_once_by_the_cashier_who_asked,
    sessions_devices_and_staff_round_trip,
);

async fn store(backend: Backend) -> (TestDb, Arc<dyn Store>) {
    let db = TestDb::create(backend).await;
    let store = db.open().await;
    (db, store)
}

fn all() -> AuditFilter {
    AuditFilter::default()
}

pub(crate) fn entry(action: &str) -> server::store::auth::NewAudit {
    audit::entry(Utc::now(), audit::system(), action, audit::SUCCESS)
}

/// Run `sql` on the raw database; the error text when it fails.
pub(crate) async fn raw(db: &TestDb, sql: &str) -> Result<u64, String> {
    use sqlx::Connection;
    match db {
        TestDb::Sqlite(dir) => {
            let path = dir.path().join("pos.sqlite3");
            let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
                .await
                .expect("connect");
            sqlx::query(sql)
                .execute(&mut conn)
                .await
                .map(|r| r.rows_affected())
                .map_err(|e| e.to_string())
        }
        TestDb::Postgres(pg) => {
            let mut conn = sqlx::PgConnection::connect(&pg.url).await.expect("connect");
            sqlx::query(sql)
                .execute(&mut conn)
                .await
                .map(|r| r.rows_affected())
                .map_err(|e| e.to_string())
        }
    }
}

async fn the_database_refuses_to_change_the_audit_log(backend: Backend) {
    let (db, store) = store(backend).await;
    for action in ["a.one", "a.two", "a.three"] {
        store
            .append_audit(
                &entry(action)
                    .target("x")
                    .details(serde_json::json!({ "n": 1 })),
            )
            .await
            .expect("appended");
    }
    let page = store.audit_page(&all(), None, 10).await.expect("page");
    let actions: Vec<&str> = page.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["a.three", "a.two", "a.one"], "newest first");
    assert!(page[0].seq > page[1].seq);
    let older = store
        .audit_page(&all(), Some(page[1].seq), 10)
        .await
        .expect("page");
    assert_eq!(older.len(), 1);
    assert_eq!(older[0].details["n"], 1);

    let mut attempts = vec![
        "UPDATE audit_log SET outcome = 'failure'",
        "UPDATE audit_log SET action = 'x' WHERE seq = (SELECT MIN(seq) FROM audit_log)",
        "DELETE FROM audit_log",
        "DELETE FROM audit_log WHERE action = 'a.one'",
    ];
    if backend == Backend::Postgres {
        attempts.push("TRUNCATE audit_log");
    }
    for sql in attempts {
        let err = raw(&db, sql).await.expect_err(sql);
        assert!(err.contains("append-only"), "{sql}: {err}");
    }
    assert_eq!(
        store.audit_page(&all(), None, 10).await.expect("page"),
        page,
        "unchanged"
    );
    // The check is the trigger, not the statement: other tables take the same statements.
    assert!(raw(&db, "DELETE FROM lockouts").await.is_ok());
}

async fn failures_lock_at_the_threshold_and_count_again_after(backend: Backend) {
    let (_db, store) = store(backend).await;
    let until = Utc::now() + Duration::seconds(300);
    let policy = FailurePolicy {
        max_failures: 3,
        lock_until: until,
    };
    for n in 1..=2 {
        let state = store
            .record_failure("pin:x", policy, &entry("auth.pin"))
            .await
            .expect("counted");
        assert_eq!((state.failures, state.locked_until), (n, None));
    }
    let locked = store
        .record_failure("pin:x", policy, &entry("auth.pin"))
        .await
        .expect("counted");
    assert_eq!(locked.failures, 0);
    let stored = store
        .lockout("pin:x")
        .await
        .expect("lockout")
        .locked_until
        .expect("locked");
    assert!(
        (stored - until).num_milliseconds().abs() < 1,
        "{stored} vs {until}"
    );
    assert_eq!(
        store.lockout("pin:y").await.expect("lockout"),
        Default::default()
    );
    let again = store
        .record_failure("pin:x", policy, &entry("auth.pin"))
        .await
        .expect("counted");
    assert_eq!(again.failures, 1);
    store.clear_failures("pin:x").await.expect("cleared");
    assert_eq!(
        store.lockout("pin:x").await.expect("lockout"),
        Default::default()
    );
    assert_eq!(
        store
            .audit_page(&all(), None, 100)
            .await
            .expect("page")
            .len(),
        4,
        "each failure audited"
    );
}

pub(crate) fn staff(name: &str, role: Role, email: Option<&str>) -> StaffRecord {
    StaffRecord {
        id: Uuid::now_v7(),
        name: name.into(),
        role,
        email: email.map(str::to_owned),
        password_hash: None,
        pin_hash: Some("$argon2id$placeholder".into()),
        active: true,
        created_at: Utc::now(),
    }
}

pub(crate) async fn enrolled(store: &dyn Store, prefix: &str) -> Uuid {
    let id = Uuid::now_v7();
    let device = NewDevice {
        id,
        name: format!("Till {prefix}"),
        receipt_prefix: prefix.into(),
        token_hash: format!("hash-{prefix}"),
        at: Utc::now(),
        store_id: shared::stores::DEFAULT_STORE_ID,
    };
    store
        .enroll_device(&device, &entry("device.enroll"))
        .await
        .expect("enrolled");
    id
}

async fn an_override_is_spent_once_by_the_cashier_who_asked(backend: Backend) {
    let (_db, store) = store(backend).await;
    let (cashier, supervisor) = (
        staff("C", Role::Cashier, None),
        staff("S", Role::Supervisor, None),
    );
    for s in [&cashier, &supervisor] {
        store
            .create_staff(s, &entry("staff.create"))
            .await
            .expect("created");
    }
    let device = enrolled(store.as_ref(), "ABCD").await;
    let now = Utc::now();
    let approval = OverrideRecord {
        token_hash: "override-hash".into(),
        permission: Permission::Refund,
        approver_id: supervisor.id,
        requested_by: cashier.id,
        device_id: device,
        created_at: now,
        expires_at: now + Duration::seconds(120),
    };
    store
        .create_override(&approval, &entry("auth.override"))
        .await
        .expect("created");
    let spend = |who: Uuid, p: Permission| {
        let store = store.clone();
        async move {
            store
                .consume_override("override-hash", who, p, &entry("override.used"))
                .await
                .expect("consume")
        }
    };
    assert!(
        !spend(supervisor.id, Permission::Refund).await,
        "not the one who asked"
    );
    assert!(
        !spend(cashier.id, Permission::Void).await,
        "another permission"
    );
    assert!(spend(cashier.id, Permission::Refund).await);
    assert!(!spend(cashier.id, Permission::Refund).await, "spent");
    let expired = OverrideRecord {
        token_hash: "expired-hash".into(),
        expires_at: now - Duration::seconds(1),
        ..approval
    };
    store
        .create_override(&expired, &entry("auth.override"))
        .await
        .expect("created");
    assert!(!store
        .consume_override(
            "expired-hash",
            cashier.id,
            Permission::Refund,
            &entry("override.used")
        )
        .await
        .expect("consume"));
}

async fn sessions_devices_and_staff_round_trip(backend: Backend) {
    let (_db, store) = store(backend).await;
    assert!(!store.has_staff().await.expect("has staff"));
    let manager = staff("Maria", Role::Manager, Some("maria@demo.store"));
    store
        .create_staff(&manager, &entry("staff.create"))
        .await
        .expect("created");
    assert!(store.has_staff().await.expect("has staff"));
    let dup = staff("Other", Role::Cashier, Some("maria@demo.store"));
    assert!(matches!(
        store.create_staff(&dup, &entry("staff.create")).await,
        Err(StoreError::Conflict(_))
    ));
    let found = store
        .staff_by_email("maria@demo.store")
        .await
        .expect("found")
        .expect("some");
    assert_eq!(found.id, manager.id);
    assert_eq!(found.role, Role::Manager);

    let device = enrolled(store.as_ref(), "WXYZ").await;
    let taken = NewDevice {
        id: Uuid::now_v7(),
        name: "Again".into(),
        receipt_prefix: "WXYZ".into(),
        token_hash: "other".into(),
        at: Utc::now(),
        store_id: shared::stores::DEFAULT_STORE_ID,
    };
    assert!(matches!(
        store.enroll_device(&taken, &entry("device.enroll")).await,
        Err(StoreError::Conflict(_))
    ));
    let by_token = store
        .device_by_token("hash-WXYZ")
        .await
        .expect("lookup")
        .expect("some");
    assert_eq!(
        (by_token.id, by_token.receipt_prefix.as_str()),
        (device, "WXYZ")
    );

    let now = Utc::now();
    let session = SessionRecord {
        token_hash: "session-hash".into(),
        staff_id: manager.id,
        device_id: Some(device),
        created_at: now,
        last_used_at: now,
        expires_at: now + Duration::hours(12),
    };
    store
        .create_session(&session, &entry("auth.pin"))
        .await
        .expect("created");
    let (got, who) = store
        .session("session-hash")
        .await
        .expect("lookup")
        .expect("some");
    assert_eq!(who.id, manager.id);
    assert_eq!(got.device_id, Some(device));
    let later = now + Duration::minutes(5);
    store
        .touch_session("session-hash", later)
        .await
        .expect("touched");
    let (touched, _) = store
        .session("session-hash")
        .await
        .expect("lookup")
        .expect("some");
    assert!((touched.last_used_at - later).num_milliseconds().abs() < 1);
    // Revoking the device ends the sessions bound to it.
    assert!(store
        .revoke_device(device, &entry("device.revoke"))
        .await
        .expect("revoked"));
    assert!(store
        .session("session-hash")
        .await
        .expect("lookup")
        .is_none());
    let revoked = store
        .device_by_token("hash-WXYZ")
        .await
        .expect("lookup")
        .expect("some");
    assert!(revoked.revoked_at.is_some());
    assert!(!store
        .revoke_device(Uuid::now_v7(), &entry("device.revoke"))
        .await
        .expect("answered"));
}
