//! Contract: the points, gift card and store credit ledgers. A pushed sale with a customer earns points exactly
//! once (replays add nothing), refunds take back their share and a void the rest; a gift card redeemed twice
//! offline is accepted, flagged and booked both times (never lost); manual adjustments beyond the balance are
//! refused with words; and every balance equals the sum of its ledger.

use super::{push, seeded, Seeded};
use crate::common::{
    at_minute, mutation, mutation_of, on_both_stores, refund_mutation, Backend, SaleSpec,
};
use server::auth::audit;
use server::seed::commerce::{CREDIT_CUSTOMER, STAFF_CUSTOMER};
use server::store::auth::NewAudit;
use server::store::loyalty::CardMove;
use server::store::StoreError;
use shared::document::{RefundMethod, SaleDocument};
use shared::loyalty::wire::{
    GiftCardKind, LoyaltyAccount, LoyaltySettings, PointsAdjustment, PointsKind,
};
use shared::loyalty::LoyaltyProgramme;
use shared::stores::DEFAULT_STORE_ID;
use shared::sync::{Change, MutationBody};
use shared::tender::Payment;
use shared::Decimal;
use uuid::Uuid;

on_both_stores!(
    points_are_earned_once_and_taken_back_by_refunds_and_voids,
    a_gift_card_redeemed_twice_is_flagged_not_lost,
    adjustments_settings_and_cash_out_follow_their_rules,
    points_expire_oldest_first_at_the_server_s_clock,
);

fn entry(action: &str) -> NewAudit {
    audit::entry(at_minute(0), audit::system(), action, audit::SUCCESS)
}

async fn with_programme(s: &Seeded, points_per_unit: Decimal) -> LoyaltySettings {
    let upd = LoyaltySettings {
        programme: LoyaltyProgramme {
            points_per_unit,
            ..LoyaltyProgramme::default()
        },
        ..LoyaltySettings::default()
    };
    s.store
        .put_loyalty_settings(&upd, &entry("loyalty.settings"))
        .await
        .expect("settings stored")
}

async fn account(s: &Seeded, id: &str) -> LoyaltyAccount {
    let a = s
        .store
        .loyalty_account(id)
        .await
        .expect("read")
        .expect("customer");
    let points: i64 = a.points_ledger.iter().map(|e| e.points).sum();
    let credit: Decimal = a.credit_ledger.iter().map(|e| e.amount).sum();
    assert_eq!(
        a.points, points,
        "points are the sum of their ledger: {a:?}"
    );
    assert_eq!(
        a.store_credit, credit,
        "store credit is the sum of its ledger: {a:?}"
    );
    a
}

fn kinds(a: &LoyaltyAccount) -> Vec<(PointsKind, i64)> {
    let mut k: Vec<_> = a.points_ledger.iter().map(|e| (e.kind, e.points)).collect();
    k.reverse();
    k
}

fn customer_sale(s: &Seeded, device: Uuid, n: i64, indexes: &[usize]) -> SaleDocument {
    let receipt = format!("L-{n}");
    s.catalog.sale_with(SaleSpec {
        customer: Some(CREDIT_CUSTOMER),
        ..SaleSpec::new(device, &receipt, at_minute(n), indexes)
    })
}

async fn points_are_earned_once_and_taken_back_by_refunds_and_voids(store: Backend) {
    let s = seeded(store).await;
    with_programme(&s, Decimal::ONE).await;
    let device = Uuid::now_v7();
    let sale = customer_sale(&s, device, 1, &[60, 61, 62]);
    let earned: i64 = sale
        .priced
        .total
        .trunc()
        .to_string()
        .parse()
        .expect("points");
    assert!(earned > 0, "the sale earns: {}", sale.priced.total);
    let m1 = mutation(1, sale.clone());
    for _ in 0..3 {
        assert_eq!(
            push(&*s.store, device, vec![m1.clone()]).await.ok(),
            Some(1)
        );
    }
    let a = account(&s, CREDIT_CUSTOMER).await;
    assert_eq!(a.points, earned, "earned once, whatever the replays");
    assert_eq!(a.lifetime_points, earned);

    // A refund of one line takes back its share (rounded down, cumulative); a replay takes nothing more.
    let refund = s
        .catalog
        .refund(device, &sale, &[], &[(0, 1)], RefundMethod::OriginalTenders);
    let share = (Decimal::from(earned) * refund.total / sale.priced.total).trunc();
    let m2 = refund_mutation(2, refund.clone());
    for _ in 0..2 {
        assert_eq!(
            push(&*s.store, device, vec![m2.clone()]).await.ok(),
            Some(2)
        );
    }
    let a = account(&s, CREDIT_CUSTOMER).await;
    assert_eq!(Decimal::from(earned - a.points), share);
    // The rest of the sale refunded: everything earned is back, exactly.
    let rest = s.catalog.refund(
        device,
        &sale,
        std::slice::from_ref(&refund),
        &[(1, 1), (2, 1)],
        RefundMethod::OriginalTenders,
    );
    assert_eq!(
        push(&*s.store, device, vec![refund_mutation(3, rest)])
            .await
            .ok(),
        Some(3)
    );
    let a = account(&s, CREDIT_CUSTOMER).await;
    assert_eq!(a.points, 0, "{:?}", kinds(&a));
    assert_eq!(a.lifetime_points, 0);

    // A second sale and its void, pushed in one batch: earned, then all taken back by the void.
    let second = customer_sale(&s, device, 4, &[70]);
    let void = s.catalog.void(device, &second);
    let batch = vec![
        mutation(4, second.clone()),
        mutation_of(5, MutationBody::Void { void: void.clone() }),
    ];
    assert_eq!(push(&*s.store, device, batch.clone()).await.ok(), Some(5));
    assert_eq!(push(&*s.store, device, batch).await.ok(), Some(5));
    let a = account(&s, CREDIT_CUSTOMER).await;
    let second_earned = a
        .points_ledger
        .iter()
        .find(|e| e.source == Some(second.id))
        .map(|e| (e.kind, e.points));
    assert!(matches!(second_earned, Some((PointsKind::Earned, p)) if p > 0));
    let voided = a.points_ledger.iter().find(|e| e.source == Some(void.id));
    assert_eq!(voided.map(|e| e.kind), Some(PointsKind::Reversed));
    assert_eq!(a.points, 0);
    assert_eq!(
        kinds(&a)
            .iter()
            .filter(|(k, _)| *k == PointsKind::Earned)
            .count(),
        2,
        "one earned row per sale: {:?}",
        kinds(&a)
    );
    assert!(s.store.flags(10).await.expect("flags").is_empty());
}

async fn a_gift_card_redeemed_twice_is_flagged_not_lost(store: Backend) {
    let s = seeded(store).await;
    let indexes = [50, 51];
    let total = s.catalog.total(&indexes, at_minute(1));
    let sold = s
        .store
        .move_gift_card(
            " gc-test-0042 ",
            CardMove::Sell(total),
            &entry("gift_card.sell"),
        )
        .await
        .expect("sold");
    assert_eq!((sold.code.as_str(), sold.balance), ("GC-TEST-0042", total));
    // Two tills, both offline with the card's full balance, each take all of it.
    let (till_a, till_b) = (Uuid::now_v7(), Uuid::now_v7());
    let pay = |device, n: i64| {
        let receipt = format!("G-{n}");
        s.catalog.sale_with(SaleSpec {
            payments: Some(vec![Payment::GiftCard {
                amount: total,
                card: "GC-TEST-0042".into(),
            }]),
            ..SaleSpec::new(device, &receipt, at_minute(n), &indexes)
        })
    };
    let first = mutation(1, pay(till_a, 1));
    let second = mutation(1, pay(till_b, 2));
    for _ in 0..2 {
        assert_eq!(
            push(&*s.store, till_a, vec![first.clone()]).await.ok(),
            Some(1)
        );
        assert_eq!(
            push(&*s.store, till_b, vec![second.clone()]).await.ok(),
            Some(1)
        );
    }
    let card = s
        .store
        .gift_card_ledger("GC-TEST-0042")
        .await
        .expect("read")
        .expect("card");
    assert_eq!(card.balance, -total, "both redemptions booked");
    let sum: Decimal = card.entries.iter().map(|e| e.amount).sum();
    assert_eq!(card.balance, sum, "the balance is the sum of its ledger");
    let mut rows: Vec<_> = card.entries.iter().map(|e| (e.kind, e.amount)).collect();
    rows.reverse();
    assert_eq!(
        rows,
        vec![
            (GiftCardKind::Sold, total),
            (GiftCardKind::Redeemed, -total),
            (GiftCardKind::Redeemed, -total)
        ]
    );
    let flags = s.store.flags(10).await.expect("flags");
    assert_eq!(
        flags
            .iter()
            .map(|f| (f.mutation_id, f.kind.as_str()))
            .collect::<Vec<_>>(),
        vec![(second.id, "gift_card_overdrawn")]
    );
    // Selling a number that exists is refused; a reload brings the card back above zero.
    let again = s
        .store
        .move_gift_card(
            "GC-TEST-0042",
            CardMove::Sell(total),
            &entry("gift_card.sell"),
        )
        .await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    let reloaded = s
        .store
        .move_gift_card(
            "GC-TEST-0042",
            CardMove::Reload(total + total),
            &entry("gift_card.reload"),
        )
        .await
        .expect("reloaded");
    assert_eq!(reloaded.balance, total);
    assert_eq!(reloaded.entries[0].kind, GiftCardKind::Reloaded);
}

async fn adjustments_settings_and_cash_out_follow_their_rules(store: Backend) {
    let s = seeded(store).await;
    let stored = with_programme(&s, Decimal::new(2, 0)).await;
    assert_eq!(stored.version, 1);
    // The point value is the chain policy's: tills pull a new `Policy` with it.
    let cursor = s.store.pull(0, 5000).await.expect("pull").cursor;
    let valued = LoyaltySettings {
        point_value: Some(Decimal::new(1, 2)),
        ..stored.clone()
    };
    let stored = s
        .store
        .put_loyalty_settings(&valued, &entry("loyalty.settings"))
        .await
        .expect("point value stored");
    assert_eq!(
        (stored.version, stored.point_value),
        (2, Some(Decimal::new(1, 2)))
    );
    let pulled = s.store.pull(cursor, 5000).await.expect("pull").changes;
    assert!(
        matches!(pulled.as_slice(), [Change::Policy(p)] if p.loyalty_point_value == Some(Decimal::new(1, 2))),
        "{pulled:?}"
    );
    let stale = s
        .store
        .put_loyalty_settings(&LoyaltySettings::default(), &entry("loyalty.settings"))
        .await;
    assert!(
        matches!(
            stale,
            Err(StoreError::StaleVersion {
                current: 2,
                given: 0,
                ..
            })
        ),
        "{stale:?}"
    );
    let adjust = |points: i64, reason: &str| PointsAdjustment {
        points,
        reason: reason.into(),
    };
    let a = s
        .store
        .adjust_points(
            STAFF_CUSTOMER,
            &adjust(30, "birthday goodwill"),
            &entry("loyalty.adjust"),
        )
        .await
        .expect("adjusted");
    assert_eq!(a.points, 30);
    assert_eq!(a.points_ledger[0].reason, "birthday goodwill");
    let beyond = s
        .store
        .adjust_points(
            STAFF_CUSTOMER,
            &adjust(-31, "typo"),
            &entry("loyalty.adjust"),
        )
        .await;
    match beyond {
        Err(StoreError::Refused { code, message, .. }) => {
            assert_eq!(code, "points_beyond_balance");
            assert_eq!(message, "cannot take 31 points: the balance is 30");
        }
        other => panic!("refused expected, got {other:?}"),
    }
    let no_reason = s
        .store
        .adjust_points(STAFF_CUSTOMER, &adjust(-5, " "), &entry("loyalty.adjust"))
        .await;
    assert!(
        matches!(no_reason, Err(StoreError::Refused { .. })),
        "{no_reason:?}"
    );
    let nobody = s
        .store
        .adjust_points("c-nobody", &adjust(5, "x"), &entry("loyalty.adjust"))
        .await;
    assert!(
        matches!(nobody, Err(StoreError::Missing { .. })),
        "{nobody:?}"
    );
    assert_eq!(
        account(&s, STAFF_CUSTOMER).await.points,
        30,
        "refusals wrote nothing"
    );
    // Seeded store credit came with its ledger row, so the sums hold there too.
    assert_eq!(
        account(&s, CREDIT_CUSTOMER).await.store_credit,
        Decimal::new(2000, 2)
    );

    // Cash out: only where the store allows it, and only at or below its limit.
    let small = Decimal::new(400, 2);
    for code in ["SMALL-0001", "LARGE-0001"] {
        let amount = if code.starts_with("SMALL") {
            small
        } else {
            Decimal::new(600, 2)
        };
        s.store
            .move_gift_card(code, CardMove::Sell(amount), &entry("gift_card.sell"))
            .await
            .expect("sold");
    }
    let cash_out = |code: &'static str, store: Uuid| {
        let s = &s;
        async move {
            s.store
                .move_gift_card(code, CardMove::CashOut(store), &entry("gift_card.cash_out"))
                .await
        }
    };
    let not_allowed = cash_out("SMALL-0001", DEFAULT_STORE_ID).await;
    assert!(
        matches!(&not_allowed, Err(StoreError::Refused { message, .. }) if message == "this store does not cash out gift cards"),
        "{not_allowed:?}"
    );
    let mut settings = s.store.loyalty_settings().await.expect("settings");
    settings
        .cash_out_limits
        .insert(DEFAULT_STORE_ID, Decimal::new(500, 2));
    s.store
        .put_loyalty_settings(&settings, &entry("loyalty.settings"))
        .await
        .expect("limits stored");
    let paid = cash_out("SMALL-0001", DEFAULT_STORE_ID)
        .await
        .expect("cashed out");
    assert_eq!(paid.balance, Decimal::ZERO);
    assert_eq!(
        (paid.entries[0].kind, paid.entries[0].amount),
        (GiftCardKind::CashedOut, -small)
    );
    let large = cash_out("LARGE-0001", DEFAULT_STORE_ID).await;
    assert!(
        matches!(
            large,
            Err(StoreError::Refused {
                code: "cash_out_refused",
                ..
            })
        ),
        "{large:?}"
    );
    let liability = s.store.liability().await.expect("liability");
    assert_eq!(liability.points_outstanding, 30);
    assert_eq!(
        liability.gift_cards,
        Decimal::new(5000, 2) + Decimal::new(600, 2),
        "the seeded card and the large one"
    );
    assert_eq!(liability.store_credit, Decimal::new(2000, 2));
}

async fn points_expire_oldest_first_at_the_server_s_clock(store: Backend) {
    let s = seeded(store).await;
    let mut settings = with_programme(&s, Decimal::ONE).await;
    settings.programme.expiry_days = Some(30);
    s.store
        .put_loyalty_settings(&settings, &entry("loyalty.settings"))
        .await
        .expect("expiry set");
    let day = |n: i64| at_minute(0) + chrono::Duration::days(n);
    let at = |n: i64, action: &str| audit::entry(day(n), audit::system(), action, audit::SUCCESS);
    let adjust = |points: i64| PointsAdjustment {
        points,
        reason: "test".into(),
    };
    // 100 on day 0, 30 spent on day 1 (from the oldest), 50 more on day 20.
    for (n, points) in [(0, 100), (1, -30), (20, 50)] {
        s.store
            .adjust_points(STAFF_CUSTOMER, &adjust(points), &at(n, "loyalty.adjust"))
            .await
            .expect("adjusted");
    }
    let run = |n: i64| {
        let s = &s;
        async move {
            s.store
                .expire_points(&at(n, "loyalty.expire"))
                .await
                .expect("expiry run")
        }
    };
    assert_eq!(run(29).await.points, 0, "nothing is 30 days old yet");
    let first = run(31).await;
    assert_eq!(
        (first.customers, first.points),
        (1, 70),
        "what is left of day 0's points"
    );
    assert_eq!(
        run(31).await.points,
        0,
        "a second run at the same time takes nothing"
    );
    assert_eq!(run(51).await.points, 50);
    let a = account(&s, STAFF_CUSTOMER).await;
    assert_eq!(a.points, 0);
    let expired: Vec<i64> = a
        .points_ledger
        .iter()
        .filter(|e| e.kind == PointsKind::Expired)
        .map(|e| e.points)
        .collect();
    assert_eq!(expired, vec![-50, -70]);
}
