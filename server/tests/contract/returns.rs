//! Contract: returns without a receipt on each store — recorded once however often the push is replayed, the
//! goods back in stock at the till's selling location, a store credit payout on the customer's account, one
//! audit entry with the reason, a cashier without `return_without_receipt` flagged unless approved, and a
//! document giving back more than the current price refused.

use super::auth::{entry, raw};
use super::stamps::{shop, stamp, Shop};
use super::stock::on_hand;
use super::{push, refused, Seeded};
use crate::common::{mutation_of, on_both_stores, Backend};
use chrono::{Duration, Utc};
use server::auth::tokens;
use server::push::PushRejection;
use server::store::auth::{AuditFilter, OverrideRecord};
use server::store::stock::SHOP_FLOOR;
use shared::auth::{AuditEntry, Permission};
use shared::document::{Approval, ReturnPayoutMethod, UnreceiptedReturn};
use shared::sync::{Mutation, MutationBody};
use shared::Decimal;
use uuid::Uuid;

on_both_stores!(
    a_return_without_a_receipt_is_recorded_once_and_puts_the_goods_back,
    a_cashier_needs_an_approval_else_the_return_is_flagged,
    store_credit_goes_on_the_account_and_a_higher_price_is_refused,
);

fn body(r: &UnreceiptedReturn) -> MutationBody {
    MutationBody::UnreceiptedReturn {
        unreceipted_return: r.clone(),
    }
}

fn m(seq: u64, r: &UnreceiptedReturn) -> Mutation {
    mutation_of(seq, body(r))
}

async fn audit(s: &Seeded) -> Vec<AuditEntry> {
    let page = s
        .store
        .audit_page(&AuditFilter::default(), None, 200)
        .await
        .expect("audit");
    page.into_iter()
        .filter(|e| e.action == "sale.return_without_receipt")
        .collect()
}

/// Rows of `unreceipted_returns` with this id (an UPDATE that changes nothing counts them on both databases).
async fn rows(s: &Seeded, id: Uuid) -> u64 {
    let sql = format!("UPDATE unreceipted_returns SET reason = reason WHERE id = '{id}'");
    raw(&s.db, &sql).await.expect("query")
}

async fn flags(s: &Seeded) -> Vec<(Uuid, String)> {
    let flags = s.store.flags(50).await.expect("flags");
    flags.into_iter().map(|f| (f.mutation_id, f.kind)).collect()
}

async fn a_return_without_a_receipt_is_recorded_once_and_puts_the_goods_back(backend: Backend) {
    let Shop { s, sam, till, .. } = shop(backend).await;
    let item = s.catalog.products[7].id.clone();
    let before = on_hand(&s, &item, SHOP_FLOOR).await;
    let mut r = s
        .catalog
        .unreceipted_return(till, &[7, 7], None, ReturnPayoutMethod::Cash);
    r.cashier = Some(stamp(&sam));
    assert_eq!(r.lines[0].unit_price, s.catalog.products[7].price);
    let mutation = m(1, &r);
    for _ in 0..3 {
        assert_eq!(
            push(&*s.store, till, vec![mutation.clone()]).await.ok(),
            Some(1)
        );
    }
    assert_eq!(rows(&s, r.id).await, 1, "recorded once");
    assert_eq!(
        on_hand(&s, &item, SHOP_FLOOR).await,
        before + Decimal::from(2)
    );
    let entries = audit(&s).await;
    assert_eq!(entries.len(), 1, "{entries:?}");
    let e = &entries[0];
    assert_eq!(e.target, Some(r.id.to_string()));
    assert_eq!(e.device_id, Some(till));
    assert_eq!(e.details["reason"], "no receipt, unopened box");
    assert_eq!(e.details["amount"], r.total.to_string());
    assert_eq!(flags(&s).await, vec![], "a supervisor may do it alone");
    // The same document under another mutation id is a conflict, not a second return.
    let again = mutation_of(2, body(&r));
    let err = refused(push(&*s.store, till, vec![again]).await);
    assert!(
        matches!(err, PushRejection::MutationConflict { .. }),
        "{err:?}"
    );
    assert_eq!(
        on_hand(&s, &item, SHOP_FLOOR).await,
        before + Decimal::from(2)
    );
}

async fn a_cashier_needs_an_approval_else_the_return_is_flagged(backend: Backend) {
    let Shop {
        s,
        chris,
        sam,
        till,
    } = shop(backend).await;
    let mut alone = s
        .catalog
        .unreceipted_return(till, &[3], None, ReturnPayoutMethod::Cash);
    alone.cashier = Some(stamp(&chris));
    let first = m(1, &alone);
    assert_eq!(
        push(&*s.store, till, vec![first.clone()]).await.ok(),
        Some(1)
    );
    assert_eq!(
        flags(&s).await,
        vec![(first.id, "unapproved_return".into())]
    );

    let now = Utc::now();
    let record = OverrideRecord {
        token_hash: tokens::hash("tok-return"),
        permission: Permission::ReturnWithoutReceipt,
        approver_id: sam.id,
        requested_by: chris.id,
        device_id: till,
        created_at: now,
        expires_at: now + Duration::seconds(120),
    };
    s.store
        .create_override(&record, &entry("auth.override"))
        .await
        .expect("override created");
    let mut approved = s
        .catalog
        .unreceipted_return(till, &[4], None, ReturnPayoutMethod::Cash);
    approved.cashier = Some(stamp(&chris));
    approved.approval = Some(Approval {
        approver: stamp(&sam),
        permission: Permission::ReturnWithoutReceipt,
        override_token: Some("tok-return".into()),
    });
    assert_eq!(
        push(&*s.store, till, vec![m(2, &approved)]).await.ok(),
        Some(2)
    );
    assert_eq!(flags(&s).await.len(), 1, "the approved one is not flagged");
    let entries = audit(&s).await;
    assert_eq!(entries.len(), 2, "{entries:?}");
    let e = entries
        .iter()
        .find(|e| e.target == Some(approved.id.to_string()))
        .expect("audited");
    assert_eq!(e.details["approver"]["id"], sam.id.to_string());
    assert_eq!(e.details["approval_checked"], true);
}

async fn store_credit_goes_on_the_account_and_a_higher_price_is_refused(backend: Backend) {
    let Shop {
        mut s, sam, till, ..
    } = shop(backend).await;
    let customer = s.catalog.customers[0].clone();
    let mut r = s.catalog.unreceipted_return(
        till,
        &[5],
        None,
        ReturnPayoutMethod::StoreCredit {
            account: customer.id.clone(),
        },
    );
    r.cashier = Some(stamp(&sam));
    assert_eq!(push(&*s.store, till, vec![m(1, &r)]).await.ok(), Some(1));
    s.refresh().await;
    let after = s
        .catalog
        .customers
        .iter()
        .find(|c| c.id == customer.id)
        .expect("customer");
    assert_eq!(after.store_credit, customer.store_credit + r.total);

    // A document giving back more than the item's current price is refused whole.
    let mut higher = s
        .catalog
        .unreceipted_return(till, &[6], None, ReturnPayoutMethod::Cash);
    higher.lines[0].unit_price += Decimal::ONE;
    let err = refused(push(&*s.store, till, vec![m(2, &higher)]).await);
    assert!(
        matches!(err, PushRejection::InvalidUnreceiptedReturn { .. }),
        "{err:?}"
    );
    assert_eq!(rows(&s, higher.id).await, 0);
}
