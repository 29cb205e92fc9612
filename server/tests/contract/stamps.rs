//! Contract: staff stamps on ingest — the cashier and approver recorded in columns, approvals checked against
//! the stored override and spent once, refunds and voids without a valid approval accepted but flagged, and one
//! audit entry per refund, void, exchange and cash movement, written with the push (a replay writes none).

use super::auth::{enrolled, entry, raw, staff};
use super::{push, seeded, Seeded};
use crate::common::{mutation, mutation_of, on_both_stores, refund_mutation, Backend};
use chrono::{Duration, Utc};
use server::auth::tokens;
use server::store::auth::{OverrideRecord, StaffRecord};
use shared::auth::{ActorKind, AuditEntry, Permission, Role};
use shared::document::{Approval, RefundMethod, StaffStamp};
use shared::sync::MutationBody;
use shared::tender::Payment;
use shared::Decimal;
use uuid::Uuid;

on_both_stores!(
    an_approved_refund_records_cashier_and_approver_and_is_audited_once,
    refunds_and_voids_without_a_valid_approval_are_accepted_and_flagged,
    exchanges_and_cash_movements_are_audited_with_their_cashier,
);

/// The seeded store with a cashier and a supervisor, and an enrolled till.
pub(super) struct Shop {
    pub(super) s: Seeded,
    pub(super) chris: StaffRecord,
    pub(super) sam: StaffRecord,
    pub(super) till: Uuid,
}

pub(super) async fn shop(backend: Backend) -> Shop {
    let s = seeded(backend).await;
    let (chris, sam) = (
        staff("Chris Cashier", Role::Cashier, None),
        staff("Sam Supervisor", Role::Supervisor, None),
    );
    for p in [&chris, &sam] {
        s.store
            .create_staff(p, &entry("staff.create"))
            .await
            .expect("staff created");
    }
    let till = enrolled(s.store.as_ref(), "TILL").await;
    Shop {
        s,
        chris,
        sam,
        till,
    }
}

pub(super) fn stamp(p: &StaffRecord) -> StaffStamp {
    StaffStamp {
        id: p.id,
        name: p.name.clone(),
    }
}

impl Shop {
    /// An override `token` for `permission`, asked for by Chris at the till and given by Sam.
    async fn override_for(&self, token: &str, permission: Permission) {
        let now = Utc::now();
        let record = OverrideRecord {
            token_hash: tokens::hash(token),
            permission,
            approver_id: self.sam.id,
            requested_by: self.chris.id,
            device_id: self.till,
            created_at: now,
            expires_at: now + Duration::seconds(120),
        };
        self.s
            .store
            .create_override(&record, &entry("auth.override"))
            .await
            .expect("override created");
    }

    fn approval(&self, token: &str, permission: Permission) -> Option<Approval> {
        Some(Approval {
            approver: stamp(&self.sam),
            permission,
            override_token: Some(token.into()),
        })
    }

    /// The override `token` can no longer be used (the push spent it).
    async fn spent(&self, token: &str, permission: Permission) -> bool {
        let used = entry("override.used");
        let hash = tokens::hash(token);
        let store = &self.s.store;
        !store
            .consume_override(&hash, self.chris.id, permission, &used)
            .await
            .expect("consume")
    }

    async fn audit(&self, action: &str) -> Vec<AuditEntry> {
        let page = self
            .s
            .store
            .audit_page(&server::store::auth::AuditFilter::default(), None, 200)
            .await
            .expect("audit");
        page.into_iter().filter(|e| e.action == action).collect()
    }

    async fn flag_kinds(&self) -> Vec<(Uuid, String)> {
        let flags = self.s.store.flags(50).await.expect("flags");
        flags.into_iter().map(|f| (f.mutation_id, f.kind)).collect()
    }

    /// Rows of `table` whose `id`, `cashier_id` and `approver_id` are the given ones (NULL for `None`).
    async fn rows_with(&self, table: &str, id: Uuid, cashier: Uuid, approver: Option<Uuid>) -> u64 {
        let approver = approver.map_or("approver_id IS NULL".to_string(), |a| {
            format!("approver_id = '{a}'")
        });
        let sql = format!(
            "UPDATE {table} SET device_id = device_id WHERE id = '{id}' AND cashier_id = '{cashier}' \
             AND {approver}"
        );
        raw(&self.s.db, &sql).await.expect("query")
    }
}

async fn an_approved_refund_records_cashier_and_approver_and_is_audited_once(backend: Backend) {
    let shop = shop(backend).await;
    let (s, till) = (&shop.s, shop.till);
    let mut sale = s.sale(till, 1, &[10, 10, 20]);
    sale.cashier = Some(stamp(&shop.chris));
    assert_eq!(
        push(&*s.store, till, vec![mutation(1, sale.clone())])
            .await
            .ok(),
        Some(1)
    );
    assert_eq!(
        shop.rows_with("sales", sale.id, shop.chris.id, None).await,
        1
    );
    assert_eq!(
        s.store
            .sale(sale.id)
            .await
            .expect("read")
            .map(|x| x.cashier),
        Some(Some(stamp(&shop.chris)))
    );

    shop.override_for("tok-refund", Permission::Refund).await;
    let mut refund = s
        .catalog
        .refund(till, &sale, &[], &[(0, 1)], RefundMethod::OriginalTenders);
    refund.cashier = Some(stamp(&shop.chris));
    refund.approval = shop.approval("tok-refund", Permission::Refund);
    let m = refund_mutation(2, refund.clone());
    for _ in 0..2 {
        assert_eq!(push(&*s.store, till, vec![m.clone()]).await.ok(), Some(2));
    }
    // Stored as pushed, stamps included; the columns name both.
    assert_eq!(
        s.store.sale_refunds(sale.id).await.expect("read"),
        Some(vec![refund.clone()])
    );
    assert_eq!(
        shop.rows_with("refunds", refund.id, shop.chris.id, Some(shop.sam.id))
            .await,
        1
    );
    assert_eq!(shop.flag_kinds().await, vec![], "approved: not flagged");
    // Audited once (the replay wrote nothing), by the cashier, from the till, naming the approver.
    let entries = shop.audit("sale.refund").await;
    assert_eq!(entries.len(), 1, "{entries:?}");
    let e = &entries[0];
    assert_eq!(
        (e.actor.kind, e.actor.id.clone(), e.device_id),
        (
            ActorKind::Staff,
            Some(shop.chris.id.to_string()),
            Some(till)
        )
    );
    assert_eq!(e.target, Some(refund.id.to_string()));
    assert_eq!(e.details["document_id"], refund.id.to_string());
    assert_eq!(e.details["amount"], refund.total.to_string());
    assert_eq!(e.details["approver"]["id"], shop.sam.id.to_string());
    assert_eq!(e.details["approval_checked"], true);
    assert!(shop.spent("tok-refund", Permission::Refund).await);
}

async fn refunds_and_voids_without_a_valid_approval_are_accepted_and_flagged(backend: Backend) {
    let shop = shop(backend).await;
    let (s, till) = (&shop.s, shop.till);
    let first = s.sale(till, 1, &[10, 20]);
    let second = s.sale(till, 2, &[30]);
    let sales = vec![mutation(1, first.clone()), mutation(2, second.clone())];
    assert_eq!(push(&*s.store, till, sales).await.ok(), Some(2));

    // No approval at all: a cashier may not refund alone.
    let mut bare = s
        .catalog
        .refund(till, &first, &[], &[(0, 1)], RefundMethod::OriginalTenders);
    bare.cashier = Some(stamp(&shop.chris));
    // An approval whose override is for another permission (and so is spent without approving).
    shop.override_for("tok-discount", Permission::DiscountOverLimit)
        .await;
    let mut wrong = s.catalog.refund(
        till,
        &first,
        std::slice::from_ref(&bare),
        &[(1, 1)],
        RefundMethod::OriginalTenders,
    );
    wrong.cashier = Some(stamp(&shop.chris));
    wrong.approval = shop.approval("tok-discount", Permission::Refund);
    // A void with an unknown token.
    let mut void = s.catalog.void(till, &second);
    void.cashier = Some(stamp(&shop.chris));
    void.approval = shop.approval("tok-unknown", Permission::Void);
    let batch = vec![
        refund_mutation(3, bare.clone()),
        refund_mutation(4, wrong.clone()),
        mutation_of(5, MutationBody::Void { void: void.clone() }),
    ];
    let ids: Vec<Uuid> = batch.iter().map(|m| m.id).collect();
    assert_eq!(push(&*s.store, till, batch).await.ok(), Some(5), "accepted");
    let mut flags = shop.flag_kinds().await;
    flags.reverse();
    assert_eq!(
        flags,
        vec![
            (ids[0], "unapproved_refund".to_string()),
            (ids[1], "unapproved_refund".to_string()),
            (ids[2], "unapproved_void".to_string()),
        ]
    );
    let all = s.store.flags(50).await.expect("flags");
    assert!(all.iter().all(|f| f.subject == shop.chris.id.to_string()));
    assert!(
        all.iter()
            .any(|f| f.detail.contains("is for discount_over_limit")),
        "{all:?}"
    );
    assert_eq!(
        shop.rows_with("voids", void.id, shop.chris.id, Some(shop.sam.id))
            .await,
        1
    );
    let voids = shop.audit("sale.void").await;
    assert_eq!(voids.len(), 1);
    assert_eq!(voids[0].details["flag"], "unapproved_void");
    assert_eq!(voids[0].details["approval_checked"], false);
    assert_eq!(shop.audit("sale.refund").await.len(), 2);
    // The discount override was spent by the refund that misused it.
    assert!(
        shop.spent("tok-discount", Permission::DiscountOverLimit)
            .await
    );
}

async fn exchanges_and_cash_movements_are_audited_with_their_cashier(backend: Backend) {
    let shop = shop(backend).await;
    let (s, till) = (&shop.s, shop.till);
    let sale = s.sale(till, 1, &[10, 20]);
    assert_eq!(
        push(&*s.store, till, vec![mutation(1, sale.clone())])
            .await
            .ok(),
        Some(1)
    );
    shop.override_for("tok-exchange", Permission::Refund).await;
    let mut x = s.catalog.exchange(
        till,
        &sale,
        &[],
        &[(0, 1)],
        &[30],
        vec![Payment::Cash {
            amount: Decimal::from(50),
        }],
    );
    x.returned.cashier = Some(stamp(&shop.chris));
    x.returned.approval = shop.approval("tok-exchange", Permission::Refund);
    x.sale.cashier = Some(stamp(&shop.chris));
    let mut movement = s.catalog.paid_in(till, Decimal::from(20));
    movement.cashier = Some(stamp(&shop.sam));
    let batch = vec![
        mutation_of(
            2,
            MutationBody::Exchange {
                exchange: Box::new(x.clone()),
            },
        ),
        mutation_of(
            3,
            MutationBody::CashMovement {
                movement: movement.clone(),
            },
        ),
    ];
    assert_eq!(push(&*s.store, till, batch).await.ok(), Some(3));
    assert_eq!(shop.flag_kinds().await, vec![]);
    let exchanges = shop.audit("sale.exchange").await;
    assert_eq!(exchanges.len(), 1);
    assert_eq!(exchanges[0].target, Some(x.id.to_string()));
    assert_eq!(exchanges[0].actor.id, Some(shop.chris.id.to_string()));
    assert_eq!(exchanges[0].details["refund_id"], x.returned.id.to_string());
    let movements = shop.audit("drawer.movement").await;
    assert_eq!(movements.len(), 1);
    assert_eq!(
        (movements[0].actor.kind, movements[0].actor.id.clone()),
        (ActorKind::Staff, Some(shop.sam.id.to_string()))
    );
    assert_eq!(movements[0].details["amount"], "20");
    assert_eq!(
        shop.rows_with("refunds", x.returned.id, shop.chris.id, Some(shop.sam.id))
            .await,
        1
    );
    assert_eq!(
        shop.rows_with("cash_movements", movement.id, shop.sam.id, None)
            .await,
        1
    );
    // An unstamped movement (made before stamps) is audited as the device's.
    let old = s.catalog.paid_in(till, Decimal::from(5));
    let m = mutation_of(4, MutationBody::CashMovement { movement: old });
    assert_eq!(push(&*s.store, till, vec![m]).await.ok(), Some(4));
    let movements = shop.audit("drawer.movement").await;
    assert_eq!(movements.len(), 2);
    assert_eq!(
        (movements[0].actor.kind, movements[0].actor.id.clone()),
        (ActorKind::Device, Some(till.to_string()))
    );
}
