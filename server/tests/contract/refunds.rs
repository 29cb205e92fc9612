//! Contract: documents that refer to a sale — refunds exactly once and never beyond what was sold, voids only of
//! untouched sales, exchanges, references to unknown sales — and cash movements, on each store.

use super::{push, refused, seeded};
use crate::common::{mutation, mutation_of, on_both_stores, refund_mutation, Backend};
use server::push::PushRejection;
use shared::document::RefundMethod;
use shared::sync::MutationBody;
use shared::tender::Payment;
use shared::Decimal;
use uuid::Uuid;

on_both_stores!(
    a_refund_is_applied_exactly_once,
    over_refunds_and_refunds_that_do_not_match_are_refused,
    documents_about_an_unknown_sale_are_refused,
    a_void_needs_a_sale_without_refunds_or_void,
    a_sale_and_its_refund_may_come_in_one_batch,
    an_exchange_records_its_return_and_its_new_sale,
    cash_movements_are_recorded_once,
);

async fn a_refund_is_applied_exactly_once(store: Backend) {
    let s = seeded(store).await;
    let (till, returns) = (Uuid::now_v7(), Uuid::now_v7());
    let sale = s.sale(till, 1, &[10, 10, 20]);
    assert_eq!(
        push(&*s.store, till, vec![mutation(1, sale.clone())])
            .await
            .ok(),
        Some(1)
    );
    let first = s.catalog.refund(
        returns,
        &sale,
        &[],
        &[(0, 1)],
        RefundMethod::OriginalTenders,
    );
    let m = refund_mutation(1, first.clone());
    for _ in 0..3 {
        assert_eq!(
            push(&*s.store, returns, vec![m.clone()]).await.ok(),
            Some(1)
        );
    }
    assert_eq!(
        s.store.sale_refunds(sale.id).await.expect("read"),
        Some(vec![first.clone()])
    );
    assert_eq!(
        s.store.list_refunds(10).await.expect("read"),
        vec![first.clone()]
    );

    // The same refund under another mutation id is a conflict, not a second refund.
    let r = refused(push(&*s.store, returns, vec![refund_mutation(2, first.clone())]).await);
    assert!(r.to_string().contains("already recorded"), "{r}");

    // The rest of the sale, refunded knowing the first refund, is accepted.
    let rest = s.catalog.refund(
        returns,
        &sale,
        std::slice::from_ref(&first),
        &[(0, 1), (1, 1)],
        RefundMethod::OriginalTenders,
    );
    assert_eq!(
        push(&*s.store, returns, vec![refund_mutation(2, rest.clone())])
            .await
            .ok(),
        Some(2)
    );
    assert_eq!(first.total + rest.total, sale.total());
    let refunds = s.store.sale_refunds(sale.id).await.expect("read");
    assert_eq!(refunds.map(|r| r.len()), Some(2));
    assert_eq!(
        s.store.sale_refunds(Uuid::now_v7()).await.expect("read"),
        None
    );
}

async fn over_refunds_and_refunds_that_do_not_match_are_refused(store: Backend) {
    let s = seeded(store).await;
    let device = Uuid::now_v7();
    let sale = s.sale(device, 1, &[10, 10]);
    let first = s
        .catalog
        .refund(device, &sale, &[], &[(0, 1)], RefundMethod::OriginalTenders);
    let batch = vec![mutation(1, sale.clone()), refund_mutation(2, first.clone())];
    assert_eq!(push(&*s.store, device, batch).await.ok(), Some(2));

    // Made offline without knowing the first refund: both units again, one more than is left.
    let stale = s
        .catalog
        .refund(device, &sale, &[], &[(0, 2)], RefundMethod::OriginalTenders);
    let r = refused(push(&*s.store, device, vec![refund_mutation(3, stale)]).await);
    assert!(
        matches!(&r, PushRejection::InvalidRefund { message, .. } if message.contains("left")),
        "{r}"
    );

    // Well-formed and adding up, but paid out differently than a refund of this sale would be.
    let mut diverted = s.catalog.refund(
        device,
        &sale,
        std::slice::from_ref(&first),
        &[(0, 1)],
        RefundMethod::OriginalTenders,
    );
    let amount = diverted.paid_out();
    diverted.payouts[0].payment = Payment::GiftCard {
        amount,
        card: "GC-1000-0001".into(),
    };
    let r = refused(push(&*s.store, device, vec![refund_mutation(3, diverted)]).await);
    assert!(matches!(r, PushRejection::InvalidRefund { .. }), "{r}");

    // A refund of nothing, and a refund whose lines do not add up.
    let mut broken = s.catalog.refund(
        device,
        &sale,
        std::slice::from_ref(&first),
        &[(0, 1)],
        RefundMethod::OriginalTenders,
    );
    broken.lines[0].gross += Decimal::new(1, 2);
    let r = refused(push(&*s.store, device, vec![refund_mutation(3, broken)]).await);
    assert!(matches!(r, PushRejection::InvalidRefund { .. }), "{r}");

    assert_eq!(
        s.store
            .sale_refunds(sale.id)
            .await
            .expect("read")
            .map(|r| r.len()),
        Some(1)
    );
    assert_eq!(push(&*s.store, device, vec![]).await.ok(), Some(2));
}

async fn documents_about_an_unknown_sale_are_refused(store: Backend) {
    let s = seeded(store).await;
    let device = Uuid::now_v7();
    let never_pushed = s.sale(device, 1, &[10, 20]);
    let refund = s.catalog.refund(
        device,
        &never_pushed,
        &[],
        &[(0, 1)],
        RefundMethod::OriginalTenders,
    );
    let void = s.catalog.void(device, &never_pushed);
    let exchange = s.catalog.exchange(
        device,
        &never_pushed,
        &[],
        &[(1, 1)],
        &[30],
        vec![Payment::Cash {
            amount: Decimal::from(50),
        }],
    );
    for body in [
        MutationBody::Refund { refund },
        MutationBody::Void { void },
        MutationBody::Exchange {
            exchange: Box::new(exchange),
        },
    ] {
        let r = refused(push(&*s.store, device, vec![mutation_of(1, body)]).await);
        assert!(
            matches!(r, PushRejection::UnknownSale { sale_id, .. } if sale_id == never_pushed.id),
            "{r}"
        );
    }
    assert!(s.store.list_refunds(10).await.expect("read").is_empty());
    assert_eq!(push(&*s.store, device, vec![]).await.ok(), Some(0));
}

async fn a_void_needs_a_sale_without_refunds_or_void(store: Backend) {
    let s = seeded(store).await;
    let device = Uuid::now_v7();
    let voided = s.sale(device, 1, &[10]);
    let refunded = s.sale(device, 2, &[11]);
    let void = s.catalog.void(device, &voided);
    let refund = s.catalog.refund(
        device,
        &refunded,
        &[],
        &[(0, 1)],
        RefundMethod::OriginalTenders,
    );
    let batch = vec![
        mutation(1, voided.clone()),
        mutation(2, refunded.clone()),
        mutation_of(3, MutationBody::Void { void: void.clone() }),
        refund_mutation(4, refund),
    ];
    assert_eq!(push(&*s.store, device, batch.clone()).await.ok(), Some(4));
    assert_eq!(push(&*s.store, device, batch).await.ok(), Some(4));

    // A second void of the voided sale, a refund of it, and a void of the refunded sale.
    let again = s.catalog.void(device, &voided);
    let r = refused(
        push(
            &*s.store,
            device,
            vec![mutation_of(5, MutationBody::Void { void: again })],
        )
        .await,
    );
    assert!(
        matches!(&r, PushRejection::InvalidVoid { message, .. } if message.contains("voided")),
        "{r}"
    );
    let late = s.catalog.refund(
        device,
        &voided,
        &[],
        &[(0, 1)],
        RefundMethod::OriginalTenders,
    );
    let r = refused(push(&*s.store, device, vec![refund_mutation(5, late)]).await);
    assert!(matches!(r, PushRejection::InvalidRefund { .. }), "{r}");
    let after_refund = s.catalog.void(device, &refunded);
    let r = refused(
        push(
            &*s.store,
            device,
            vec![mutation_of(5, MutationBody::Void { void: after_refund })],
        )
        .await,
    );
    assert!(
        matches!(&r, PushRejection::InvalidVoid { message, .. } if message.contains("refund")),
        "{r}"
    );
    assert_eq!(push(&*s.store, device, vec![]).await.ok(), Some(4));
}

async fn a_sale_and_its_refund_may_come_in_one_batch(store: Backend) {
    let s = seeded(store).await;
    let device = Uuid::now_v7();
    let sale = s.sale(device, 1, &[10, 10, 10]);
    let mut batch = vec![mutation(1, sale.clone())];
    let mut previous = Vec::new();
    for seq in 2..=4 {
        let r = s.catalog.refund(
            device,
            &sale,
            &previous,
            &[(0, 1)],
            RefundMethod::OriginalTenders,
        );
        previous.push(r.clone());
        batch.push(refund_mutation(seq, r));
    }
    assert_eq!(push(&*s.store, device, batch).await.ok(), Some(4));
    let stored = s.store.sale_refunds(sale.id).await.expect("read");
    assert_eq!(stored.as_deref().map(<[_]>::len), Some(3));
    let refunded: Decimal = previous.iter().map(|r| r.total).sum();
    assert_eq!(
        refunded,
        sale.total(),
        "refunding every unit gives back exactly the total"
    );
}

async fn an_exchange_records_its_return_and_its_new_sale(store: Backend) {
    let s = seeded(store).await;
    let device = Uuid::now_v7();
    let sale = s.sale(device, 1, &[10, 20]);
    let exchange = s.catalog.exchange(
        device,
        &sale,
        &[],
        &[(1, 1)],
        &[30, 31],
        vec![Payment::Cash {
            amount: Decimal::from(40),
        }],
    );
    let m = mutation_of(
        2,
        MutationBody::Exchange {
            exchange: Box::new(exchange.clone()),
        },
    );
    let batch = vec![mutation(1, sale.clone()), m];
    assert_eq!(push(&*s.store, device, batch.clone()).await.ok(), Some(2));
    assert_eq!(push(&*s.store, device, batch).await.ok(), Some(2));
    assert_eq!(
        s.store.sale_refunds(sale.id).await.expect("read"),
        Some(vec![exchange.returned.clone()])
    );
    assert_eq!(
        s.store.sale(exchange.sale.id).await.expect("read"),
        Some(exchange.sale.clone())
    );
    // The original now has a refund (the return): it can no longer be voided.
    let void = s.catalog.void(device, &sale);
    let r = refused(
        push(
            &*s.store,
            device,
            vec![mutation_of(3, MutationBody::Void { void })],
        )
        .await,
    );
    assert!(matches!(r, PushRejection::InvalidVoid { .. }), "{r}");
    // An exchange whose credit does not match the return is refused.
    let mut tampered = s.catalog.exchange(
        device,
        &sale,
        std::slice::from_ref(&exchange.returned),
        &[(0, 1)],
        &[30],
        vec![Payment::Cash {
            amount: Decimal::from(40),
        }],
    );
    tampered.id = Uuid::now_v7();
    let r = refused(
        push(
            &*s.store,
            device,
            vec![mutation_of(
                3,
                MutationBody::Exchange {
                    exchange: Box::new(tampered),
                },
            )],
        )
        .await,
    );
    assert!(matches!(r, PushRejection::InvalidExchange { .. }), "{r}");
}

async fn cash_movements_are_recorded_once(store: Backend) {
    let s = seeded(store).await;
    let device = Uuid::now_v7();
    let movement = s.catalog.paid_in(device, Decimal::new(2000, 2));
    let m = mutation_of(
        1,
        MutationBody::CashMovement {
            movement: movement.clone(),
        },
    );
    assert_eq!(push(&*s.store, device, vec![m.clone()]).await.ok(), Some(1));
    assert_eq!(push(&*s.store, device, vec![m]).await.ok(), Some(1));
    let mut empty = s.catalog.paid_in(device, Decimal::ZERO);
    empty.reason = "nothing".into();
    let r = refused(
        push(
            &*s.store,
            device,
            vec![mutation_of(
                2,
                MutationBody::CashMovement { movement: empty },
            )],
        )
        .await,
    );
    assert!(
        matches!(r, PushRejection::InvalidCashMovement { .. }),
        "{r}"
    );
    let r = refused(
        push(
            &*s.store,
            device,
            vec![mutation_of(2, MutationBody::CashMovement { movement })],
        )
        .await,
    );
    assert!(r.to_string().contains("already recorded"), "{r}");
}
