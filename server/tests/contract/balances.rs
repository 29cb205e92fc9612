//! Contract: the balances pushes change — coupon uses, gift cards, store credit, loyalty — each exactly once
//! (replays change nothing), overspending accepted but flagged, and every change pulled by terminals.

use super::{push, seeded, Seeded};
use crate::common::{at_minute, mutation, on_both_stores, refund_mutation, Backend, SaleSpec};
use server::seed::commerce::{COUPON_CODE, CREDIT_CUSTOMER, GIFT_CARD, STAFF_CUSTOMER};
use server::store::CatalogWrite;
use shared::catalog::{CustomerRecord, GiftCardBalance};
use shared::document::{RefundMethod, SaleDocument};
use shared::promotion::CouponEntry;
use shared::sync::Change;
use shared::tender::Payment;
use shared::Decimal;
use uuid::Uuid;

on_both_stores!(
    coupon_uses_count_down_once_even_on_replay,
    a_gift_card_is_drawn_once_and_may_be_overdrawn,
    store_credit_and_loyalty_follow_payments_and_refunds,
);

/// The changes after `cursor`, and the new cursor.
/// The balance changes after `cursor` (the sales' stock levels left out: `tests/contract/stock.rs` covers them).
async fn changes_after(s: &Seeded, cursor: u64) -> (Vec<Change>, u64) {
    let page = s.store.pull(cursor, 5000).await.expect("pull");
    let balances = page
        .changes
        .into_iter()
        .filter(|c| !matches!(c, Change::StockLevel(_)))
        .collect();
    (balances, page.cursor)
}

async fn cursor(s: &Seeded) -> u64 {
    s.store.pull(0, 5000).await.expect("pull").cursor
}

fn paid_with(
    s: &Seeded,
    device: Uuid,
    n: i64,
    indexes: &[usize],
    pay: Vec<Payment>,
) -> SaleDocument {
    let receipt = format!("R-{n}");
    s.catalog.sale_with(SaleSpec {
        payments: Some(pay),
        ..SaleSpec::new(device, &receipt, at_minute(n), indexes)
    })
}

async fn coupon_uses_count_down_once_even_on_replay(store: Backend) {
    let mut s = seeded(store).await;
    let limited = CatalogWrite {
        coupons: vec![CouponEntry {
            code: COUPON_CODE.into(),
            remaining_uses: Some(2),
        }],
        ..CatalogWrite::default()
    };
    s.store.write_catalog(&limited).await.expect("write");
    s.refresh().await;
    let start = cursor(&s).await;
    let device = Uuid::now_v7();
    let with_coupon = |n: i64| {
        let receipt = format!("C-{n}");
        s.catalog.sale_with(SaleSpec {
            coupons: &[COUPON_CODE],
            ..SaleSpec::new(device, &receipt, at_minute(n), &[40, 41])
        })
    };
    let first = with_coupon(1);
    assert_eq!(first.priced.redeemed_coupons(), vec![COUPON_CODE]);
    let m1 = mutation(1, first);
    for _ in 0..3 {
        assert_eq!(
            push(&*s.store, device, vec![m1.clone()]).await.ok(),
            Some(1)
        );
    }
    let (changes, after_first) = changes_after(&s, start).await;
    assert_eq!(
        changes,
        vec![Change::Coupon(CouponEntry {
            code: COUPON_CODE.into(),
            remaining_uses: Some(1)
        })],
        "one use redeemed, once"
    );
    // Two more sales made offline with the same (stale) count: the second finds no use left.
    let m2 = mutation(2, with_coupon(2));
    let m3 = mutation(3, with_coupon(3));
    let batch = vec![m1, m2.clone(), m3.clone()];
    assert_eq!(push(&*s.store, device, batch.clone()).await.ok(), Some(3));
    assert_eq!(push(&*s.store, device, batch).await.ok(), Some(3));
    let (changes, _) = changes_after(&s, after_first).await;
    assert_eq!(
        changes,
        vec![Change::Coupon(CouponEntry {
            code: COUPON_CODE.into(),
            remaining_uses: Some(0)
        })]
    );
    let flags = s.store.flags(10).await.expect("flags");
    assert_eq!(flags.len(), 1, "{flags:?}");
    assert_eq!(
        (
            flags[0].mutation_id,
            flags[0].kind.as_str(),
            flags[0].subject.as_str()
        ),
        (m3.id, "coupon_exhausted", COUPON_CODE)
    );
}

async fn a_gift_card_is_drawn_once_and_may_be_overdrawn(store: Backend) {
    let s = seeded(store).await;
    let device = Uuid::now_v7();
    let balance = || async { s.store.gift_card(GIFT_CARD).await.expect("read") };
    assert_eq!(
        balance().await,
        Some(GiftCardBalance {
            code: GIFT_CARD.into(),
            balance: Decimal::new(5000, 2)
        })
    );
    let indexes = [50, 51];
    let total = s.catalog.total(&indexes, at_minute(1));
    let card = |amount| Payment::GiftCard {
        amount,
        card: GIFT_CARD.into(),
    };
    let sale = paid_with(&s, device, 1, &indexes, vec![card(total)]);
    let m = mutation(1, sale.clone());
    let start = cursor(&s).await;
    for _ in 0..3 {
        assert_eq!(push(&*s.store, device, vec![m.clone()]).await.ok(), Some(1));
    }
    let left = Decimal::new(5000, 2) - total;
    assert_eq!(balance().await.map(|b| b.balance), Some(left));
    let (changes, after) = changes_after(&s, start).await;
    assert_eq!(
        changes,
        vec![Change::GiftCard(GiftCardBalance {
            code: GIFT_CARD.into(),
            balance: left
        })]
    );

    // Refunded to the original tenders: the card gets its share back.
    let refund = s
        .catalog
        .refund(device, &sale, &[], &[(0, 1)], RefundMethod::OriginalTenders);
    assert!(matches!(
        refund.payouts.as_slice(),
        [p] if matches!(p.payment, Payment::GiftCard { .. })
    ));
    assert_eq!(
        push(&*s.store, device, vec![refund_mutation(2, refund.clone())])
            .await
            .ok(),
        Some(2)
    );
    let left = left + refund.total;
    assert_eq!(balance().await.map(|b| b.balance), Some(left));

    // A large sale made offline against the card's old balance overdraws it: accepted and flagged.
    let big: Vec<usize> = vec![120; 30];
    let big_total = s.catalog.total(&big, at_minute(3));
    assert!(big_total > left, "{big_total} must exceed {left}");
    let overdraw = mutation(3, paid_with(&s, device, 3, &big, vec![card(big_total)]));
    assert_eq!(
        push(&*s.store, device, vec![overdraw.clone()]).await.ok(),
        Some(3)
    );
    assert_eq!(balance().await.map(|b| b.balance), Some(left - big_total));
    let flags = s.store.flags(10).await.expect("flags");
    assert_eq!(
        flags
            .iter()
            .map(|f| (f.mutation_id, f.kind.as_str()))
            .collect::<Vec<_>>(),
        vec![(overdraw.id, "gift_card_overdrawn")]
    );
    // A pull after the refund gets the card's latest balance once; a replay adds nothing.
    let (changes, end) = changes_after(&s, after).await;
    assert_eq!(
        changes,
        vec![Change::GiftCard(GiftCardBalance {
            code: GIFT_CARD.into(),
            balance: left - big_total
        })]
    );
    assert_eq!(push(&*s.store, device, vec![overdraw]).await.ok(), Some(3));
    assert_eq!(changes_after(&s, end).await.0, vec![]);
}

fn customer<'a>(page: &'a [CustomerRecord], id: &str) -> &'a CustomerRecord {
    page.iter().find(|c| c.id == id).expect("customer listed")
}

async fn store_credit_and_loyalty_follow_payments_and_refunds(store: Backend) {
    let s = seeded(store).await;
    let device = Uuid::now_v7();
    let customers = || async {
        s.store
            .customers_page(None, 100)
            .await
            .expect("customers")
            .customers
    };
    let before = customers().await;
    assert_eq!(
        customer(&before, CREDIT_CUSTOMER).store_credit,
        Decimal::new(2000, 2)
    );

    // Max pays 5.00 from his store credit, the rest in cash.
    let indexes = [60, 61];
    let total = s.catalog.total(&indexes, at_minute(1));
    let pay = vec![
        Payment::StoreCredit {
            amount: Decimal::new(500, 2),
            account: CREDIT_CUSTOMER.into(),
        },
        Payment::Cash {
            amount: (total - Decimal::new(500, 2)).ceil(),
        },
    ];
    let sale = paid_with(&s, device, 1, &indexes, pay);
    assert_eq!(
        push(&*s.store, device, vec![mutation(1, sale.clone())])
            .await
            .ok(),
        Some(1)
    );
    assert_eq!(
        customer(&customers().await, CREDIT_CUSTOMER).store_credit,
        Decimal::new(1500, 2)
    );

    // A refund to Erika's store credit account; loyalty points from an account nobody knows.
    let refund = s.catalog.refund(
        device,
        &sale,
        &[],
        &[(1, 1)],
        RefundMethod::StoreCredit {
            account: STAFF_CUSTOMER.into(),
        },
    );
    let loyalty = Payment::Loyalty {
        amount: s.catalog.total(&[70], at_minute(3)),
        points: 100,
        account: "c-nobody".into(),
    };
    let with_points = mutation(3, paid_with(&s, device, 3, &[70], vec![loyalty]));
    let batch = vec![refund_mutation(2, refund.clone()), with_points.clone()];
    assert_eq!(push(&*s.store, device, batch.clone()).await.ok(), Some(3));
    assert_eq!(push(&*s.store, device, batch).await.ok(), Some(3));
    let after = customers().await;
    assert_eq!(customer(&after, STAFF_CUSTOMER).store_credit, refund.total);
    assert_eq!(
        customer(&after, CREDIT_CUSTOMER).store_credit,
        Decimal::new(1500, 2)
    );
    let flags = s.store.flags(10).await.expect("flags");
    assert_eq!(
        flags
            .iter()
            .map(|f| (f.mutation_id, f.kind.as_str(), f.subject.as_str()))
            .collect::<Vec<_>>(),
        vec![(with_points.id, "unknown_account", "c-nobody")]
    );
}
