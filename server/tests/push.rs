//! Push semantics over real HTTP, on both stores: exactly-once application, replays, conflicts, gaps, atomic
//! batches.

mod common;

use common::{at_minute, expect_error, mutation, on_both_stores, push_request, start_on, Backend};
use reqwest::StatusCode;
use shared::api::SaleDocumentList as SaleList;
use shared::document::SaleDocument as Sale;
use shared::sync::{Mutation, MutationBody, MAX_PUSH_MUTATIONS};
use shared::Decimal;
use uuid::Uuid;

on_both_stores!(
    one_sale_is_applied_and_stored_exactly,
    replaying_a_batch_changes_nothing_and_answers_the_same,
    same_id_with_a_different_body_is_a_conflict,
    a_gap_is_refused_naming_the_expected_sequence,
    a_bad_mutation_rolls_back_the_whole_batch,
    invalid_sales_are_refused_with_422,
    a_sale_id_reused_by_another_mutation_is_a_conflict,
    a_mutation_of_one_device_cannot_be_replayed_by_another,
    devices_have_independent_sequences_and_sales_list_newest_first,
    concurrent_identical_pushes_apply_once,
    too_many_mutations_are_refused,
);

async fn one_sale_is_applied_and_stored_exactly(store: Backend) {
    let srv = start_on(store).await;
    let catalog = srv.catalog().await;
    let device = Uuid::now_v7();
    let sale = catalog.sale(device, "R-0001", at_minute(1), &[0, 0, 5, 120, 299]);
    let seq = srv
        .push_ok(&push_request(device, vec![mutation(1, sale.clone())]))
        .await;
    assert_eq!(seq, 1);

    let stored: Sale = srv.get_json(&format!("/api/v1/sales/{}", sale.id)).await;
    assert_eq!(stored, sale);
    assert_eq!(
        (stored.priced.net, stored.priced.tax, stored.total()),
        (sale.priced.net, sale.priced.tax, sale.total())
    );
    assert_eq!(stored.priced.lines.len(), 4);
    assert_eq!(stored.priced.lines[0].quantity, Decimal::from(2));
    assert!(stored.total() > Decimal::ZERO);
}

async fn replaying_a_batch_changes_nothing_and_answers_the_same(store: Backend) {
    let srv = start_on(store).await;
    let catalog = srv.catalog().await;
    let device = Uuid::now_v7();
    let batch = push_request(
        device,
        vec![
            mutation(1, catalog.sale(device, "R-1", at_minute(1), &[1])),
            mutation(2, catalog.sale(device, "R-2", at_minute(2), &[2, 3])),
        ],
    );
    assert_eq!(srv.push_ok(&batch).await, 2);
    assert_eq!(srv.push_ok(&batch).await, 2);
    assert_eq!(srv.push_ok(&batch).await, 2);
    assert_eq!(srv.sales_count().await, 2);

    // A batch that replays the first mutation and adds a new one applies only the new one.
    let third = mutation(3, catalog.sale(device, "R-3", at_minute(3), &[4]));
    let mixed = push_request(device, vec![batch.mutations[1].clone(), third]);
    assert_eq!(srv.push_ok(&mixed).await, 3);
    assert_eq!(srv.sales_count().await, 3);
}

async fn same_id_with_a_different_body_is_a_conflict(store: Backend) {
    let srv = start_on(store).await;
    let catalog = srv.catalog().await;
    let device = Uuid::now_v7();
    let original = mutation(1, catalog.sale(device, "R-1", at_minute(1), &[7]));
    assert_eq!(
        srv.push_ok(&push_request(device, vec![original.clone()]))
            .await,
        1
    );

    let altered = Mutation {
        body: MutationBody::CompleteSale {
            sale: catalog.sale(device, "R-1", at_minute(1), &[8]),
        },
        ..original.clone()
    };
    let res = srv.push(&push_request(device, vec![altered])).await;
    let err = expect_error(res, StatusCode::CONFLICT, "mutation_conflict").await;
    assert!(
        err.message.contains(&original.id.to_string()),
        "{}",
        err.message
    );

    let MutationBody::CompleteSale { sale } = &original.body else {
        panic!("a sale mutation");
    };
    let stored: Sale = srv.get_json(&format!("/api/v1/sales/{}", sale.id)).await;
    assert_eq!(&stored, sale);
    assert_eq!(srv.sales_count().await, 1);
    assert_eq!(srv.push_ok(&push_request(device, vec![])).await, 1);
}

async fn a_gap_is_refused_naming_the_expected_sequence(store: Backend) {
    let srv = start_on(store).await;
    let catalog = srv.catalog().await;
    let device = Uuid::now_v7();
    let first = mutation(1, catalog.sale(device, "R-1", at_minute(1), &[1]));
    assert_eq!(srv.push_ok(&push_request(device, vec![first])).await, 1);

    let skipping = mutation(3, catalog.sale(device, "R-3", at_minute(3), &[2]));
    let res = srv.push(&push_request(device, vec![skipping])).await;
    let err = expect_error(res, StatusCode::CONFLICT, "sequence_gap").await;
    assert_eq!(err.expected_seq, Some(2));
    assert_eq!(srv.sales_count().await, 1);

    // A new device must start at 1.
    let other = Uuid::now_v7();
    let res = srv
        .push(&push_request(
            other,
            vec![mutation(2, catalog.sale(other, "X-2", at_minute(4), &[3]))],
        ))
        .await;
    let err = expect_error(res, StatusCode::CONFLICT, "sequence_gap").await;
    assert_eq!(err.expected_seq, Some(1));
}

async fn a_bad_mutation_rolls_back_the_whole_batch(store: Backend) {
    let srv = start_on(store).await;
    let catalog = srv.catalog().await;
    let device = Uuid::now_v7();
    let good = mutation(1, catalog.sale(device, "R-1", at_minute(1), &[1]));
    let mut broken_sale = catalog.sale(device, "R-2", at_minute(2), &[2, 3]);
    broken_sale.priced.total += Decimal::new(1, 2);
    let bad = mutation(2, broken_sale);
    let good_sale_id = match &good.body {
        MutationBody::CompleteSale { sale } => sale.id,
        other => panic!("not a sale: {other:?}"),
    };

    let res = srv
        .push(&push_request(device, vec![good.clone(), bad]))
        .await;
    expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_sale").await;
    assert_eq!(srv.sales_count().await, 0);
    let missing = srv.get(&format!("/api/v1/sales/{good_sale_id}")).await;
    expect_error(missing, StatusCode::NOT_FOUND, "not_found").await;
    assert_eq!(srv.push_ok(&push_request(device, vec![])).await, 0);

    // A gap in the second mutation rolls back the first as well.
    let gap = mutation(5, catalog.sale(device, "R-5", at_minute(5), &[4]));
    let res = srv
        .push(&push_request(device, vec![good.clone(), gap]))
        .await;
    let err = expect_error(res, StatusCode::CONFLICT, "sequence_gap").await;
    assert_eq!(err.expected_seq, Some(2));
    assert_eq!(srv.sales_count().await, 0);

    // The good mutation alone still applies afterwards.
    assert_eq!(srv.push_ok(&push_request(device, vec![good])).await, 1);
    assert_eq!(srv.sales_count().await, 1);
}

async fn invalid_sales_are_refused_with_422(store: Backend) {
    let srv = start_on(store).await;
    let catalog = srv.catalog().await;
    let device = Uuid::now_v7();

    let mut wrong_totals = catalog.sale(device, "R-1", at_minute(1), &[10, 11]);
    wrong_totals.priced.lines[0].gross += Decimal::ONE;
    let res = srv
        .push(&push_request(device, vec![mutation(1, wrong_totals)]))
        .await;
    let err = expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_sale").await;
    assert!(err.message.contains("add up"), "{}", err.message);

    let foreign = catalog.sale(Uuid::now_v7(), "R-1", at_minute(1), &[10]);
    let res = srv
        .push(&push_request(device, vec![mutation(1, foreign)]))
        .await;
    let err = expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_sale").await;
    assert!(err.message.contains("device"), "{}", err.message);

    let mut underpaid = catalog.sale(device, "R-1", at_minute(1), &[10]);
    underpaid.payments = vec![shared::tender::Payment::Cash {
        amount: Decimal::new(1, 2),
    }];
    let res = srv
        .push(&push_request(device, vec![mutation(1, underpaid)]))
        .await;
    expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_sale").await;

    assert_eq!(srv.sales_count().await, 0);
}

async fn a_sale_id_reused_by_another_mutation_is_a_conflict(store: Backend) {
    let srv = start_on(store).await;
    let catalog = srv.catalog().await;
    let device = Uuid::now_v7();
    let sale = catalog.sale(device, "R-1", at_minute(1), &[1]);
    assert_eq!(
        srv.push_ok(&push_request(device, vec![mutation(1, sale.clone())]))
            .await,
        1
    );
    let res = srv
        .push(&push_request(device, vec![mutation(2, sale)]))
        .await;
    expect_error(res, StatusCode::CONFLICT, "mutation_conflict").await;
    assert_eq!(srv.sales_count().await, 1);
    assert_eq!(srv.push_ok(&push_request(device, vec![])).await, 1);
}

async fn a_mutation_of_one_device_cannot_be_replayed_by_another(store: Backend) {
    let srv = start_on(store).await;
    let catalog = srv.catalog().await;
    let device = Uuid::now_v7();
    let m = mutation(1, catalog.sale(device, "R-1", at_minute(1), &[1]));
    assert_eq!(srv.push_ok(&push_request(device, vec![m.clone()])).await, 1);
    let res = srv.push(&push_request(Uuid::now_v7(), vec![m])).await;
    expect_error(res, StatusCode::CONFLICT, "mutation_conflict").await;
}

async fn devices_have_independent_sequences_and_sales_list_newest_first(store: Backend) {
    let srv = start_on(store).await;
    let catalog = srv.catalog().await;
    let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
    let a1 = catalog.sale(a, "A-1", at_minute(1), &[1]);
    let b1 = catalog.sale(b, "B-1", at_minute(2), &[2]);
    let a2 = catalog.sale(a, "A-2", at_minute(3), &[3]);
    assert_eq!(
        srv.push_ok(&push_request(a, vec![mutation(1, a1.clone())]))
            .await,
        1
    );
    assert_eq!(
        srv.push_ok(&push_request(b, vec![mutation(1, b1.clone())]))
            .await,
        1
    );
    assert_eq!(
        srv.push_ok(&push_request(a, vec![mutation(2, a2.clone())]))
            .await,
        2
    );

    let all: SaleList = srv.get_json("/api/v1/sales").await;
    let receipts: Vec<_> = all.sales.iter().map(|s| s.receipt_no.as_str()).collect();
    assert_eq!(receipts, ["A-2", "B-1", "A-1"]);
    let of_a: SaleList = srv.get_json(&format!("/api/v1/sales?device_id={a}")).await;
    assert_eq!(of_a.sales, vec![a2, a1]);
    let one: SaleList = srv.get_json("/api/v1/sales?limit=1").await;
    assert_eq!(one.sales.len(), 1);
    assert_eq!(one.sales[0].receipt_no, "A-2");
}

async fn concurrent_identical_pushes_apply_once(store: Backend) {
    let srv = start_on(store).await;
    let catalog = srv.catalog().await;
    let device = Uuid::now_v7();
    let batch = push_request(
        device,
        (1..=20)
            .map(|i| {
                mutation(
                    i,
                    catalog.sale(
                        device,
                        &format!("R-{i}"),
                        at_minute(i as i64),
                        &[i as usize],
                    ),
                )
            })
            .collect(),
    );
    let answers = futures_join(&srv, &batch, 4).await;
    assert!(answers.iter().all(|&a| a == 20), "{answers:?}");
    assert_eq!(srv.sales_count().await, 20);
}

async fn futures_join(
    srv: &common::TestServer,
    batch: &shared::sync::PushRequest,
    n: usize,
) -> Vec<u64> {
    let mut tasks = Vec::new();
    let token = srv.device_token(batch.device_id).await;
    for _ in 0..n {
        let client = srv.client.clone();
        let url = srv.url("/api/v1/sync/push");
        let body = batch.clone();
        let token = token.clone();
        tasks.push(tokio::spawn(async move {
            let res = client
                .post(url)
                .header(common::auth::DEVICE_HEADER, token)
                .json(&body)
                .send()
                .await
                .expect("push sent");
            assert_eq!(res.status(), StatusCode::OK);
            res.json::<shared::sync::PushResponse>()
                .await
                .expect("json")
                .last_applied_seq
        }));
    }
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.expect("task"));
    }
    answers
}

async fn too_many_mutations_are_refused(store: Backend) {
    let srv = start_on(store).await;
    let catalog = srv.catalog().await;
    let device = Uuid::now_v7();
    let sale = catalog.sale(device, "R-1", at_minute(1), &[1]);
    let mutations = (1..=MAX_PUSH_MUTATIONS as u64 + 1)
        .map(|i| mutation(i, sale.clone()))
        .collect();
    let res = srv.push(&push_request(device, mutations)).await;
    expect_error(res, StatusCode::PAYLOAD_TOO_LARGE, "too_many_mutations").await;
    assert_eq!(srv.sales_count().await, 0);
}
