//! The commerce API over real HTTP, on both stores: refunds, voids and their refusals (422 codes), a sale's
//! refunds and journal, the refund list, customers, gift card balances and ingest flags.

mod common;

use common::{
    at_minute, expect_error, mutation, mutation_of, on_both_stores, push_request, refund_mutation,
    start_on, Backend, SaleSpec,
};
use reqwest::StatusCode;
use server::seed::commerce::{CREDIT_CUSTOMER, GIFT_CARD, STAFF_CUSTOMER};
use shared::api::{CustomerPage, RefundList};
use shared::catalog::GiftCardBalance;
use shared::document::RefundMethod;
use shared::ledger::Journal;
use shared::sync::MutationBody;
use shared::tender::Payment;
use shared::Decimal;
use uuid::Uuid;

on_both_stores!(
    refunds_are_pushed_listed_and_refused_with_their_codes,
    a_sale_journal_balances,
    customers_and_gift_cards_are_served,
);

async fn refunds_are_pushed_listed_and_refused_with_their_codes(store: Backend) {
    let srv = start_on(store).await;
    let catalog = srv.catalog().await;
    let device = Uuid::now_v7();
    let sale = catalog.sale(device, "R-1", at_minute(1), &[10, 10, 20]);
    let refund = catalog.refund(device, &sale, &[], &[(0, 1)], RefundMethod::OriginalTenders);
    let batch = push_request(
        device,
        vec![
            mutation(1, sale.clone()),
            refund_mutation(2, refund.clone()),
        ],
    );
    assert_eq!(srv.push_ok(&batch).await, 2);
    assert_eq!(srv.push_ok(&batch).await, 2);

    let of_sale: RefundList = srv
        .get_json(&format!("/api/v1/sales/{}/refunds", sale.id))
        .await;
    assert_eq!(of_sale.refunds, vec![refund.clone()]);
    let all: RefundList = srv.get_json("/api/v1/refunds?limit=5").await;
    assert_eq!(all.refunds, vec![refund.clone()]);
    let res = srv
        .get(&format!("/api/v1/sales/{}/refunds", Uuid::now_v7()))
        .await;
    expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
    expect_error(
        srv.get("/api/v1/refunds?limit=0").await,
        StatusCode::BAD_REQUEST,
        "invalid_query",
    )
    .await;

    // Over-refund: made without knowing the first refund.
    let stale = catalog.refund(device, &sale, &[], &[(0, 2)], RefundMethod::OriginalTenders);
    let res = srv
        .push(&push_request(device, vec![refund_mutation(3, stale)]))
        .await;
    expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_refund").await;
    // Void after a refund.
    let void = catalog.void(device, &sale);
    let res = srv
        .push(&push_request(
            device,
            vec![mutation_of(3, MutationBody::Void { void })],
        ))
        .await;
    expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_void").await;
    // A refund of a sale the server never got.
    let unknown = catalog.sale(device, "R-9", at_minute(9), &[5]);
    let orphan = catalog.refund(
        device,
        &unknown,
        &[],
        &[(0, 1)],
        RefundMethod::OriginalTenders,
    );
    let res = srv
        .push(&push_request(device, vec![refund_mutation(3, orphan)]))
        .await;
    let err = expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "unknown_sale").await;
    assert!(
        err.message.contains(&unknown.id.to_string()),
        "{}",
        err.message
    );
    assert_eq!(srv.push_ok(&push_request(device, vec![])).await, 2);

    // A sale voided at one till: its refunds read at any other say so, so nothing of it is offered back.
    let other = catalog.sale(device, "R-3", at_minute(3), &[10]);
    let void = catalog.void(device, &other);
    let batch = push_request(
        device,
        vec![
            mutation(3, other.clone()),
            mutation_of(4, MutationBody::Void { void: void.clone() }),
        ],
    );
    assert_eq!(srv.push_ok(&batch).await, 4);
    let of_other: RefundList = srv
        .get_json(&format!("/api/v1/sales/{}/refunds", other.id))
        .await;
    assert_eq!(of_other.void, Some(void));
    assert!(of_other.refunds.is_empty());
    assert_eq!(of_sale.void, None, "the refunded sale is not voided");
}

async fn a_sale_journal_balances(store: Backend) {
    let srv = start_on(store).await;
    let catalog = srv.catalog().await;
    let device = Uuid::now_v7();
    let indexes = [1, 1, 1, 120];
    let total = catalog.total(&indexes, at_minute(1));
    let sale = catalog.sale_with(SaleSpec {
        payments: Some(vec![
            Payment::Card {
                amount: Decimal::ONE,
                reference: "AUTH 000123".into(),
            },
            Payment::Cash {
                amount: total.ceil(),
            },
        ]),
        ..SaleSpec::new(device, "J-1", at_minute(1), &indexes)
    });
    assert_eq!(
        srv.push_ok(&push_request(device, vec![mutation(1, sale.clone())]))
            .await,
        1
    );
    let journal: Journal = srv
        .get_json(&format!("/api/v1/sales/{}/journal", sale.id))
        .await;
    assert_eq!(journal.document_id, sale.id);
    assert!(journal.is_balanced(), "{journal:?}");
    assert_eq!(
        journal.balance("Cash") + journal.balance("Card clearing"),
        sale.total(),
        "card and cash kept pay the total"
    );
    assert_eq!(journal.balance("Card clearing"), Decimal::ONE);
    assert!(journal.balance("Discounts") > Decimal::ZERO, "BOGO");
    let res = srv
        .get(&format!("/api/v1/sales/{}/journal", Uuid::now_v7()))
        .await;
    expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
}

async fn customers_and_gift_cards_are_served(store: Backend) {
    let srv = start_on(store).await;
    let page: CustomerPage = srv.get_json("/api/v1/customers").await;
    let ids: Vec<&str> = page.customers.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, [STAFF_CUSTOMER, CREDIT_CUSTOMER]);
    assert_eq!(page.next_after, None);
    let first: CustomerPage = srv.get_json("/api/v1/customers?limit=1").await;
    assert_eq!(first.next_after.as_deref(), Some(STAFF_CUSTOMER));
    let second: CustomerPage = srv
        .get_json(&format!("/api/v1/customers?limit=1&after={STAFF_CUSTOMER}"))
        .await;
    assert_eq!(second.customers[0].store_credit, Decimal::new(2000, 2));

    let card: GiftCardBalance = srv
        .get_json(&format!("/api/v1/gift-cards/{GIFT_CARD}"))
        .await;
    assert_eq!(card.balance, Decimal::new(5000, 2));
    expect_error(
        srv.get("/api/v1/gift-cards/GC-0000-0000").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    // A gift card sale made offline for more than the card holds: accepted, flagged, balance negative.
    let catalog = srv.catalog().await;
    let device = Uuid::now_v7();
    let big: Vec<usize> = vec![120; 20];
    let total = catalog.total(&big, at_minute(1));
    let sale = catalog.sale_with(SaleSpec {
        payments: Some(vec![Payment::GiftCard {
            amount: total,
            card: GIFT_CARD.into(),
        }]),
        ..SaleSpec::new(device, "G-1", at_minute(1), &big)
    });
    let m = mutation(1, sale);
    assert_eq!(srv.push_ok(&push_request(device, vec![m.clone()])).await, 1);
    let card: GiftCardBalance = srv
        .get_json(&format!("/api/v1/gift-cards/{GIFT_CARD}"))
        .await;
    assert_eq!(card.balance, Decimal::new(5000, 2) - total);
    let flags: serde_json::Value = srv.get_json("/api/v1/ingest-flags").await;
    assert_eq!(flags["flags"][0]["kind"], "gift_card_overdrawn");
    assert_eq!(flags["flags"][0]["mutation_id"], m.id.to_string());
}
