//! Two server instances (two routers on two ports) on one database: they start together and seed once, a
//! device's batches alternate between them, and concurrent replays hit both — every sale exactly once and
//! `last_applied_seq` the same from either. Run on PostgreSQL (the multi-instance setup) and on SQLite (two
//! connection pools on one file; started one after the other, as SQLite deployments run one server).

mod common;

use common::{
    at_minute, mutation, on_both_stores, push_request, start_with, Backend, TestDb, TestServer,
};
use reqwest::StatusCode;
use shared::api::SaleDocumentList as SaleList;
use shared::sync::{Mutation, MutationBody, PushRequest, PushResponse};
use std::collections::HashSet;
use uuid::Uuid;

on_both_stores!(flavor = "multi_thread";
    two_instances_share_one_database_exactly_once,
);

/// Two servers on `db`: on PostgreSQL started at the same moment, on SQLite one after the other.
async fn two_servers(store: Backend, db: &TestDb) -> (TestServer, TestServer) {
    match store {
        Backend::Postgres => tokio::join!(
            start_with(|c| db.configure(c)),
            start_with(|c| db.configure(c))
        ),
        Backend::Sqlite => {
            let first = start_with(|c| db.configure(c)).await;
            (first, start_with(|c| db.configure(c)).await)
        }
    }
}

/// Push `request` to each server in `targets` at once; every answer must be 200. Returns the answers.
async fn push_at_once(targets: &[&TestServer], request: &PushRequest) -> Vec<u64> {
    let mut tasks = tokio::task::JoinSet::new();
    for srv in targets {
        let (client, url, body) = (
            srv.client.clone(),
            srv.url("/api/v1/sync/push"),
            request.clone(),
        );
        let token = srv.device_token(request.device_id).await;
        tasks.spawn(async move {
            let res = client
                .post(url)
                .header(common::auth::DEVICE_HEADER, token)
                .json(&body)
                .send()
                .await
                .expect("push sent");
            let status = res.status();
            let text = res.text().await.expect("body");
            assert_eq!(status, StatusCode::OK, "push answered {text}");
            serde_json::from_str::<PushResponse>(&text)
                .expect("PushResponse")
                .last_applied_seq
        });
    }
    tasks.join_all().await
}

fn sale_ids(mutations: &[Mutation]) -> Vec<Uuid> {
    mutations
        .iter()
        .map(|m| match &m.body {
            MutationBody::CompleteSale { sale } => sale.id,
            other => panic!("not a sale: {other:?}"),
        })
        .collect()
}

async fn two_instances_share_one_database_exactly_once(store: Backend) {
    let db = TestDb::create(store).await;
    let (a, b) = two_servers(store, &db).await;

    // Started on an empty database, they seeded it once.
    let (changes, cursor, _) = a.pull_all(0, 1000).await;
    let seeded = server::seed::DEMO_TILL_CHANGES;
    assert_eq!((changes.len(), cursor), (seeded, seeded as u64));
    assert_eq!(b.pull_all(0, 1000).await.1, seeded as u64);
    let catalog = a.catalog().await;

    let device = Uuid::now_v7();
    let outbox: Vec<Mutation> = (1..=70u64)
        .map(|seq| {
            let n = i64::try_from(seq).expect("small");
            let index = usize::try_from(seq).expect("small") % 300;
            mutation(
                seq,
                catalog.sale(device, &format!("R-{seq}"), at_minute(n), &[index]),
            )
        })
        .collect();

    // The same device alternates batches of 5 between the instances.
    for (k, chunk) in outbox[..50].chunks(5).enumerate() {
        let srv = if k % 2 == 0 { &a } else { &b };
        let last = srv.push_ok(&push_request(device, chunk.to_vec())).await;
        assert_eq!(last, 5 * (k as u64 + 1));
    }

    // Concurrent replays of one batch (new the first time) through both instances.
    let batch = push_request(device, outbox[50..].to_vec());
    let answers = push_at_once(&[&a, &b, &a, &b, &a, &b], &batch).await;
    assert!(answers.iter().all(|&n| n == 70), "{answers:?}");

    // Overlapping outbox prefixes of a second device, at once through both.
    let other = Uuid::now_v7();
    let other_outbox: Vec<Mutation> = (1..=12u64)
        .map(|seq| {
            let n = 100 + i64::try_from(seq).expect("small");
            mutation(
                seq,
                catalog.sale(other, &format!("O-{seq}"), at_minute(n), &[7]),
            )
        })
        .collect();
    let mut tasks = tokio::task::JoinSet::new();
    for (i, len) in [4usize, 12, 8, 12].into_iter().enumerate() {
        let srv = if i % 2 == 0 { &a } else { &b };
        let (client, url) = (srv.client.clone(), srv.url("/api/v1/sync/push"));
        let body = push_request(other, other_outbox[..len].to_vec());
        let token = srv.device_token(other).await;
        tasks.spawn(async move {
            let res = client
                .post(url)
                .header(common::auth::DEVICE_HEADER, token)
                .json(&body)
                .send()
                .await
                .expect("push sent");
            assert_eq!(res.status(), StatusCode::OK);
            let last = res
                .json::<PushResponse>()
                .await
                .expect("json")
                .last_applied_seq;
            assert!(
                last >= len as u64 && last <= 12,
                "prefix {len} answered {last}"
            );
        });
    }
    tasks.join_all().await;

    // Each sale exactly once, and both instances agree on every device's last sequence.
    for srv in [&a, &b] {
        assert_eq!(srv.push_ok(&push_request(device, vec![])).await, 70);
        assert_eq!(srv.push_ok(&push_request(other, vec![])).await, 12);
        let list: SaleList = srv.get_json("/api/v1/sales?limit=1000").await;
        let stored: Vec<Uuid> = list.sales.iter().map(|s| s.id).collect();
        let unique: HashSet<Uuid> = stored.iter().copied().collect();
        assert_eq!(stored.len(), unique.len(), "a sale stored twice");
        let expected: HashSet<Uuid> = sale_ids(&outbox)
            .into_iter()
            .chain(sale_ids(&other_outbox))
            .collect();
        assert_eq!(unique, expected);
    }
}
