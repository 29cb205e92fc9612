//! Contract: the push rules on each store — exactly once, replays, conflicts, gaps, atomic refusals, bulk
//! batches, and sales stored exactly as sent.

use super::{push, refused, sale_of, sales_count, seeded};
use crate::common::{at_minute, mutation, on_both_stores, Backend, SaleSpec};
use server::push::PushRejection;
use shared::sync::{Mutation, MutationBody, MAX_PUSH_MUTATIONS};
use shared::tender::Payment;
use shared::Decimal;
use std::str::FromStr;
use uuid::Uuid;

on_both_stores!(
    new_mutations_are_applied_and_the_last_sequence_answered,
    an_empty_push_answers_the_last_sequence,
    replays_answer_the_same_and_change_nothing,
    a_different_body_or_device_for_an_applied_id_conflicts,
    a_gap_names_the_expected_sequence,
    a_refused_batch_leaves_nothing_behind,
    duplicates_inside_one_batch_act_as_if_applied_one_by_one,
    a_sale_recorded_by_another_mutation_conflicts,
    a_full_batch_is_ingested_and_replayed,
    sales_are_stored_exactly_as_sent,
    nul_characters_make_a_sale_invalid,
);

async fn new_mutations_are_applied_and_the_last_sequence_answered(store: Backend) {
    let s = seeded(store).await;
    let device = Uuid::now_v7();
    let batch = s.mutations(device, 1, 3);
    assert_eq!(push(&*s.store, device, batch.clone()).await.ok(), Some(3));
    assert_eq!(
        push(&*s.store, device, s.mutations(device, 4, 2))
            .await
            .ok(),
        Some(5)
    );
    assert_eq!(sales_count(&*s.store).await, 5);
    for m in &batch {
        let stored = s.store.sale(sale_of(m).id).await.expect("read");
        assert_eq!(stored.as_ref(), Some(sale_of(m)));
    }
}

async fn an_empty_push_answers_the_last_sequence(store: Backend) {
    let s = seeded(store).await;
    let device = Uuid::now_v7();
    assert_eq!(push(&*s.store, device, vec![]).await.ok(), Some(0));
    assert_eq!(
        push(&*s.store, device, s.mutations(device, 1, 2))
            .await
            .ok(),
        Some(2)
    );
    assert_eq!(push(&*s.store, device, vec![]).await.ok(), Some(2));
}

async fn replays_answer_the_same_and_change_nothing(store: Backend) {
    let s = seeded(store).await;
    let device = Uuid::now_v7();
    let batch = s.mutations(device, 1, 4);
    for _ in 0..3 {
        assert_eq!(push(&*s.store, device, batch.clone()).await.ok(), Some(4));
    }
    assert_eq!(sales_count(&*s.store).await, 4);
    // An old mutation alone still answers the latest sequence.
    assert_eq!(
        push(&*s.store, device, vec![batch[0].clone()]).await.ok(),
        Some(4)
    );
    // Replays mixed with new mutations: only the new ones are applied.
    let mut mixed = batch[2..].to_vec();
    mixed.extend(s.mutations(device, 5, 2));
    assert_eq!(push(&*s.store, device, mixed).await.ok(), Some(6));
    assert_eq!(sales_count(&*s.store).await, 6);
}

async fn a_different_body_or_device_for_an_applied_id_conflicts(store: Backend) {
    let s = seeded(store).await;
    let device = Uuid::now_v7();
    let original = s.mutations(device, 1, 1).remove(0);
    assert_eq!(
        push(&*s.store, device, vec![original.clone()]).await.ok(),
        Some(1)
    );

    let altered = Mutation {
        body: MutationBody::CompleteSale {
            sale: s.sale(device, 1, &[42]),
        },
        ..original.clone()
    };
    let r = refused(push(&*s.store, device, vec![altered]).await);
    assert!(
        matches!(&r, PushRejection::MutationConflict { id, .. } if *id == original.id),
        "{r}"
    );

    let other = Uuid::now_v7();
    let r = refused(push(&*s.store, other, vec![original.clone()]).await);
    assert!(matches!(r, PushRejection::MutationConflict { .. }), "{r}");

    let stored = s.store.sale(sale_of(&original).id).await.expect("read");
    assert_eq!(stored.as_ref(), Some(sale_of(&original)));
    assert_eq!(sales_count(&*s.store).await, 1);
    assert_eq!(push(&*s.store, other, vec![]).await.ok(), Some(0));
}

async fn a_gap_names_the_expected_sequence(store: Backend) {
    let s = seeded(store).await;
    let device = Uuid::now_v7();
    assert_eq!(
        push(&*s.store, device, s.mutations(device, 1, 2))
            .await
            .ok(),
        Some(2)
    );
    let r = refused(push(&*s.store, device, s.mutations(device, 4, 1)).await);
    assert!(
        matches!(
            r,
            PushRejection::SequenceGap {
                got: 4,
                expected: 3,
                ..
            }
        ),
        "{r}"
    );
    let newcomer = Uuid::now_v7();
    let r = refused(push(&*s.store, newcomer, s.mutations(newcomer, 2, 1)).await);
    assert!(
        matches!(r, PushRejection::SequenceGap { expected: 1, .. }),
        "{r}"
    );
    assert_eq!(sales_count(&*s.store).await, 2);
}

async fn a_refused_batch_leaves_nothing_behind(store: Backend) {
    let s = seeded(store).await;
    let device = Uuid::now_v7();
    let good = s.mutations(device, 1, 2);
    let mut broken = s.sale(device, 3, &[7, 8]);
    broken.priced.total += Decimal::new(1, 2);
    let mut batch = good.clone();
    batch.push(mutation(3, broken));
    let r = refused(push(&*s.store, device, batch).await);
    assert!(matches!(r, PushRejection::InvalidSale { .. }), "{r}");
    assert_eq!(sales_count(&*s.store).await, 0);
    assert_eq!(
        s.store.sale(sale_of(&good[0]).id).await.expect("read"),
        None
    );
    assert_eq!(push(&*s.store, device, vec![]).await.ok(), Some(0));

    // A conflict at the end rolls back the new mutations before it too.
    assert_eq!(
        push(&*s.store, device, vec![good[0].clone()]).await.ok(),
        Some(1)
    );
    let mut conflicting = good[0].clone();
    conflicting.body = MutationBody::CompleteSale {
        sale: s.sale(device, 1, &[99]),
    };
    let r = refused(push(&*s.store, device, vec![good[1].clone(), conflicting]).await);
    assert!(matches!(r, PushRejection::MutationConflict { .. }), "{r}");
    assert_eq!(sales_count(&*s.store).await, 1);
    assert_eq!(push(&*s.store, device, vec![]).await.ok(), Some(1));
    assert_eq!(push(&*s.store, device, good).await.ok(), Some(2));
}

async fn duplicates_inside_one_batch_act_as_if_applied_one_by_one(store: Backend) {
    let s = seeded(store).await;
    let device = Uuid::now_v7();
    let m = s.mutations(device, 1, 1).remove(0);
    assert_eq!(
        push(&*s.store, device, vec![m.clone(), m.clone()])
            .await
            .ok(),
        Some(1)
    );
    assert_eq!(sales_count(&*s.store).await, 1);

    // Two new mutations carrying one sale: the second conflicts, and neither is applied.
    let sale = s.sale(device, 2, &[3]);
    let twins = vec![mutation(2, sale.clone()), mutation(3, sale)];
    let r = refused(push(&*s.store, device, twins).await);
    assert!(matches!(r, PushRejection::MutationConflict { .. }), "{r}");
    assert_eq!(sales_count(&*s.store).await, 1);
    assert_eq!(push(&*s.store, device, vec![]).await.ok(), Some(1));
}

async fn a_sale_recorded_by_another_mutation_conflicts(store: Backend) {
    let s = seeded(store).await;
    let device = Uuid::now_v7();
    let sale = s.sale(device, 1, &[1]);
    assert_eq!(
        push(&*s.store, device, vec![mutation(1, sale.clone())])
            .await
            .ok(),
        Some(1)
    );
    let r = refused(push(&*s.store, device, vec![mutation(2, sale)]).await);
    assert!(r.to_string().contains("already recorded"), "{r}");
    assert_eq!(push(&*s.store, device, vec![]).await.ok(), Some(1));
}

async fn a_full_batch_is_ingested_and_replayed(store: Backend) {
    let s = seeded(store).await;
    let device = Uuid::now_v7();
    let count = u64::try_from(MAX_PUSH_MUTATIONS).expect("small");
    let batch = s.mutations(device, 1, count);
    assert_eq!(
        push(&*s.store, device, batch.clone()).await.ok(),
        Some(count)
    );
    assert_eq!(
        push(&*s.store, device, batch.clone()).await.ok(),
        Some(count)
    );
    assert_eq!(sales_count(&*s.store).await, MAX_PUSH_MUTATIONS);
    let last = batch.last().map(sale_of).expect("a sale");
    assert_eq!(
        s.store.sale(last.id).await.expect("read").as_ref(),
        Some(last)
    );
}

async fn sales_are_stored_exactly_as_sent(store: Backend) {
    let s = seeded(store).await;
    let device = Uuid::now_v7();
    let indexes = [5, 5, 5, 17, 230];
    // Split the payment: a card part with its reference, the rest in cash with change.
    let total = s.catalog.total(&indexes, at_minute(1));
    let card = (total / Decimal::from(2)).round_dp(2);
    let cash = total - card + Decimal::from(5);
    let payments = vec![
        Payment::Card {
            amount: card,
            reference: "AUTH 0042 / Ünïcode ✓".into(),
        },
        Payment::Cash { amount: cash },
    ];
    let mut sale = s.catalog.sale_with(SaleSpec {
        payments: Some(payments),
        ..SaleSpec::new(device, "R-1", at_minute(1), &indexes)
    });
    assert_eq!(
        sale.settlement.change,
        Decimal::from_str("5.00").expect("decimal")
    );
    sale.receipt_no = "R-0001 'quoted' \"and\" ünïcode".into();
    assert_eq!(
        push(&*s.store, device, vec![mutation(1, sale.clone())])
            .await
            .ok(),
        Some(1)
    );
    let stored = s.store.sale(sale.id).await.expect("read").expect("stored");
    assert_eq!(stored, sale);
    // Equal decimals may differ in scale; the stored ones keep the scale they were sent with.
    let text = |s: &shared::document::SaleDocument| serde_json::to_string(s).expect("json");
    assert_eq!(text(&stored), text(&sale));
    assert_eq!(stored.settlement.change.to_string(), "5.00");
}

async fn nul_characters_make_a_sale_invalid(store: Backend) {
    let s = seeded(store).await;
    let device = Uuid::now_v7();
    let mut sale = s.sale(device, 1, &[1]);
    sale.priced.lines[0].name = "Nul\0Name".into();
    let r = refused(push(&*s.store, device, vec![mutation(1, sale)]).await);
    assert!(matches!(r, PushRejection::InvalidSale { .. }), "{r}");
    assert_eq!(sales_count(&*s.store).await, 0);
}
