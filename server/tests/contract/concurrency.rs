//! Contract under concurrency, with two store handles on one database (as two server instances would have):
//! one device's pushes serialise, racing devices get push-rule answers (never a database error), and catalog
//! changes become visible in sequence order so an incremental puller misses nothing; pushes arriving together
//! (written as one group on SQLite) are each applied or refused on their own.

use super::{push, sales_count, seeded};
use crate::common::{
    at_minute, mutation, on_both_stores, refund_mutation, Backend, SaleSpec, TestDb,
};
use server::push::PushRejection;
use server::seed::commerce::GIFT_CARD;
use server::store::{CatalogWrite, Store, StoreError};
use shared::catalog::Product;
use shared::document::RefundMethod;
use shared::sync::{Change, Mutation};
use shared::tender::Payment;
use shared::Decimal;
use std::collections::HashMap;
use std::sync::Arc;
use tokio::task::JoinSet;
use uuid::Uuid;

on_both_stores!(flavor = "multi_thread";
    identical_batches_on_two_handles_apply_once,
    overlapping_batches_of_one_device_serialise,
    devices_racing_for_one_sale_or_mutation_id_get_rule_answers,
    an_incremental_puller_misses_no_catalog_change,
    devices_racing_to_refund_one_sale_get_one_refund,
    devices_drawing_on_one_gift_card_at_once_lose_no_update,
    many_pushes_at_once_are_each_applied_or_refused_alone,
    a_push_the_database_fails_fails_alone,
);

async fn identical_batches_on_two_handles_apply_once(store: Backend) {
    let s = seeded(store).await;
    let other = s.db.open().await;
    let device = Uuid::now_v7();
    let batch = s.mutations(device, 1, 25);
    let mut tasks = JoinSet::new();
    for i in 0..8 {
        let handle = if i % 2 == 0 {
            s.store.clone()
        } else {
            other.clone()
        };
        let batch = batch.clone();
        tasks.spawn(async move { push(&*handle, device, batch).await.ok() });
    }
    let answers = tasks.join_all().await;
    assert!(answers.iter().all(|a| *a == Some(25)), "{answers:?}");
    assert_eq!(sales_count(&*s.store).await, 25);
}

async fn overlapping_batches_of_one_device_serialise(store: Backend) {
    let s = seeded(store).await;
    let other = s.db.open().await;
    let device = Uuid::now_v7();
    let all = s.mutations(device, 1, 40);
    for round in 0..5 {
        // Prefixes of the outbox of different lengths, pushed at once through both handles.
        let mut tasks = JoinSet::new();
        for (i, len) in [10usize, 40, 25, 40, 5, 33].into_iter().enumerate() {
            let handle = if i % 2 == 0 {
                s.store.clone()
            } else {
                other.clone()
            };
            let batch: Vec<Mutation> = all[..len].to_vec();
            tasks.spawn(async move { (len, push(&*handle, device, batch).await) });
        }
        for (len, answer) in tasks.join_all().await {
            let last =
                answer.unwrap_or_else(|e| panic!("round {round}: prefix {len} refused: {e}"));
            assert!(
                last >= len as u64 && last <= 40,
                "prefix {len} answered {last}"
            );
        }
    }
    assert_eq!(push(&*other, device, vec![]).await.ok(), Some(40));
    assert_eq!(sales_count(&*s.store).await, 40);
}

async fn devices_racing_for_one_sale_or_mutation_id_get_rule_answers(store: Backend) {
    let s = seeded(store).await;
    let other = s.db.open().await;
    for round in 0..10_u64 {
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        // The same sale id from two devices.
        let sale_a = s.sale(a, 1, &[1]);
        let mut sale_b = s.sale(b, 1, &[2]);
        sale_b.id = sale_a.id;
        // The same mutation id from two devices (each carrying its own sale).
        let ma = mutation(2, s.sale(a, 2, &[3]));
        let mut mb = mutation(2, s.sale(b, 2, &[4]));
        mb.id = ma.id;
        let batches = [
            (a, vec![mutation(1, sale_a), ma], s.store.clone()),
            (b, vec![mutation(1, sale_b), mb], other.clone()),
        ];
        let mut tasks = JoinSet::new();
        for (device, batch, handle) in batches {
            tasks.spawn(async move { push(&*handle, device, batch).await });
        }
        let answers = tasks.join_all().await;
        let applied = answers.iter().filter(|a| matches!(a, Ok(2))).count();
        for answer in &answers {
            match answer {
                Ok(2) | Err(StoreError::Rejected(PushRejection::MutationConflict { .. })) => {}
                other => panic!("round {round}: unexpected answer {other:?}"),
            }
        }
        assert_eq!(
            applied, 1,
            "round {round}: exactly one device wins: {answers:?}"
        );
    }
    assert_eq!(sales_count(&*s.store).await, 20);
}

async fn an_incremental_puller_misses_no_catalog_change(store: Backend) {
    let s = seeded(store).await;
    let handles: Vec<Arc<dyn Store>> = vec![s.store.clone(), s.db.open().await];
    let template = s.catalog.products[0].clone();

    // Two writers add products through different handles, a batch per write: a change the puller skipped
    // would be a product it never gets.
    let mut writers = JoinSet::new();
    for (w, handle) in handles.iter().enumerate() {
        let handle = handle.clone();
        let template = template.clone();
        writers.spawn(async move {
            for round in 0..25 {
                let products = (0..10)
                    .map(|i| Product {
                        id: format!("w{w}-{round:02}-{i}"),
                        sku: format!("W{w}-{round:02}-{i}"),
                        barcode: None,
                        price: Decimal::new(100 + round, 2),
                        ..template.clone()
                    })
                    .collect();
                let write = CatalogWrite {
                    products,
                    ..CatalogWrite::default()
                };
                handle.write_catalog(&write).await.expect("catalog write");
            }
        });
    }
    // Meanwhile a terminal pulls incrementally and keeps the latest version of each product.
    let puller = s.db.open().await;
    let mut seen: HashMap<String, Product> = HashMap::new();
    let mut cursor = 0;
    loop {
        // Decided before pulling, so the pull after the last write has ended drains everything.
        let finished = {
            while let Some(done) = writers.try_join_next() {
                done.expect("writer");
            }
            writers.is_empty()
        };
        loop {
            let page = puller.pull(cursor, 7).await.expect("pull");
            assert!(page.cursor >= cursor);
            cursor = page.cursor;
            for change in page.changes {
                if let Change::Product(p) = change {
                    seen.insert(p.id.clone(), p);
                }
            }
            if !page.has_more {
                break;
            }
        }
        if finished {
            break;
        }
        tokio::task::yield_now().await;
    }
    // What it holds equals a fresh full pull: no change was skipped.
    let fresh = puller.pull(0, 5000).await.expect("pull");
    assert_eq!(fresh.cursor, cursor);
    for change in fresh.changes {
        if let Change::Product(p) = change {
            assert_eq!(seen.get(&p.id), Some(&p), "terminal's copy of {}", p.id);
        }
    }
    assert_eq!(seen.len(), 300 + 2 * 25 * 10);
}

async fn devices_racing_to_refund_one_sale_get_one_refund(store: Backend) {
    let s = seeded(store).await;
    let other = s.db.open().await;
    for round in 0..5_i64 {
        let till = Uuid::now_v7();
        let sale = s.sale(till, round, &[10]);
        assert_eq!(
            push(&*s.store, till, vec![mutation(1, sale.clone())])
                .await
                .ok(),
            Some(1)
        );
        // Two returns desks refund the only unit at the same moment, each unaware of the other.
        let mut tasks = JoinSet::new();
        for handle in [s.store.clone(), other.clone()] {
            let desk = Uuid::now_v7();
            let refund =
                s.catalog
                    .refund(desk, &sale, &[], &[(0, 1)], RefundMethod::OriginalTenders);
            tasks
                .spawn(async move { push(&*handle, desk, vec![refund_mutation(1, refund)]).await });
        }
        let answers = tasks.join_all().await;
        let won = answers.iter().filter(|a| matches!(a, Ok(1))).count();
        for answer in &answers {
            match answer {
                Ok(1) | Err(StoreError::Rejected(PushRejection::InvalidRefund { .. })) => {}
                other => panic!("round {round}: unexpected answer {other:?}"),
            }
        }
        assert_eq!(won, 1, "round {round}: {answers:?}");
        let refunds = s.store.sale_refunds(sale.id).await.expect("read");
        assert_eq!(refunds.map(|r| r.len()), Some(1));
    }
}

async fn devices_drawing_on_one_gift_card_at_once_lose_no_update(store: Backend) {
    let s = seeded(store).await;
    let other = s.db.open().await;
    let mut tasks = JoinSet::new();
    let mut drawn = Decimal::ZERO;
    for i in 0..8_usize {
        let device = Uuid::now_v7();
        let indexes = [40 + i];
        let n = i64::try_from(i).expect("small");
        let amount = s.catalog.total(&indexes, at_minute(n));
        drawn += amount;
        let sale = s.catalog.sale_with(SaleSpec {
            payments: Some(vec![Payment::GiftCard {
                amount,
                card: GIFT_CARD.into(),
            }]),
            ..SaleSpec::new(device, "G", at_minute(n), &indexes)
        });
        let handle = if i % 2 == 0 {
            s.store.clone()
        } else {
            other.clone()
        };
        tasks.spawn(async move { push(&*handle, device, vec![mutation(1, sale)]).await });
    }
    for answer in tasks.join_all().await {
        assert_eq!(answer.ok(), Some(1));
    }
    let card = s
        .store
        .gift_card(GIFT_CARD)
        .await
        .expect("read")
        .expect("card");
    assert_eq!(card.balance, Decimal::new(5000, 2) - drawn);
}

async fn many_pushes_at_once_are_each_applied_or_refused_alone(store: Backend) {
    let s = seeded(store).await;
    let devices: Vec<Uuid> = (0..40).map(|_| Uuid::now_v7()).collect();
    let mut tasks = JoinSet::new();
    for (i, device) in devices.iter().copied().enumerate() {
        // Every fourth device skips its first sequence: a gap, refused; the others push three sales.
        let first = if i % 4 == 0 { 2 } else { 1 };
        let batch = s.mutations(device, first, 3);
        let handle = s.store.clone();
        tasks.spawn(async move { (i, push(&*handle, device, batch).await) });
    }
    for (i, answer) in tasks.join_all().await {
        match (i % 4, answer) {
            (0, Err(StoreError::Rejected(PushRejection::SequenceGap { expected: 1, .. }))) => {}
            (0, other) => panic!("device {i}: a gap must be refused, got {other:?}"),
            (_, answer) => assert_eq!(answer.ok(), Some(3), "device {i}"),
        }
    }
    assert_eq!(sales_count(&*s.store).await, 30 * 3);
    // The refused devices lost nothing: their corrected pushes apply.
    for device in devices.iter().step_by(4) {
        let batch = s.mutations(*device, 1, 3);
        assert_eq!(push(&*s.store, *device, batch).await.ok(), Some(3));
    }
    assert_eq!(sales_count(&*s.store).await, 40 * 3);
}

/// Make the database itself refuse sales with receipt number `POISON` (as a damaged database or a broken
/// constraint would): a failure no push rule foresees.
async fn poison_receipts(db: &TestDb) {
    use sqlx::Connection;
    match db {
        TestDb::Sqlite(dir) => {
            let url = format!("sqlite://{}", dir.path().join("pos.sqlite3").display());
            let mut conn = sqlx::SqliteConnection::connect(&url)
                .await
                .expect("connect");
            sqlx::query(
                "CREATE TRIGGER poison BEFORE INSERT ON sales WHEN NEW.receipt_no = 'POISON' \
                 BEGIN SELECT RAISE(ABORT, 'poisoned receipt'); END",
            )
            .execute(&mut conn)
            .await
            .expect("trigger");
        }
        TestDb::Postgres(pg) => {
            let mut conn = sqlx::PgConnection::connect(&pg.url).await.expect("connect");
            sqlx::raw_sql(
                "CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
                   IF NEW.receipt_no = 'POISON' THEN RAISE EXCEPTION 'poisoned receipt'; END IF; \
                   RETURN NEW; END $$; \
                 CREATE TRIGGER poison BEFORE INSERT ON sales FOR EACH ROW EXECUTE FUNCTION poison();",
            )
            .execute(&mut conn)
            .await
            .expect("trigger");
        }
    }
}

async fn a_push_the_database_fails_fails_alone(store: Backend) {
    let s = seeded(store).await;
    poison_receipts(&s.db).await;
    let poisoned = Uuid::now_v7();
    let mut tasks = JoinSet::new();
    for round in 0..3 {
        for i in 0..12_i64 {
            let (device, receipt) = if i == 5 {
                (poisoned, "POISON".to_string())
            } else {
                (Uuid::now_v7(), format!("R-{round}-{i}"))
            };
            let sale = s.catalog.sale(
                device,
                &receipt,
                at_minute(i),
                &[usize::try_from(i).unwrap_or(0)],
            );
            let handle = s.store.clone();
            tasks.spawn(async move {
                (
                    receipt,
                    push(&*handle, device, vec![mutation(1, sale)]).await,
                )
            });
        }
    }
    let mut applied = 0;
    for (receipt, answer) in tasks.join_all().await {
        match (receipt.as_str(), answer) {
            ("POISON", Err(StoreError::Database(_))) => {}
            ("POISON", other) => panic!("the poisoned push must fail in the database: {other:?}"),
            (_, answer) => {
                assert_eq!(answer.ok(), Some(1), "{receipt}");
                applied += 1;
            }
        }
    }
    assert_eq!(applied, 33);
    assert_eq!(sales_count(&*s.store).await, 33);
}
