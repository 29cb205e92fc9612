//! Contract: the commerce catalog as pulls serve it (kinds in order, the demo facts, withdrawn promotions), and
//! the ledger journals of stored documents, on each store.

use super::{push, seeded};
use crate::common::{at_minute, mutation, on_both_stores, refund_mutation, Backend, SaleSpec};
use server::seed::commerce::{
    BOGO_PRODUCT, COUPON_CODE, CREDIT_CUSTOMER, GIFT_CARD, STAFF_CUSTOMER, WEIGHED_PRODUCTS,
};
use server::store::CatalogWrite;
use shared::basket::Unit;
use shared::cash_rounding::CashRounding;
use shared::document::RefundMethod;
use shared::ledger::{refund_journal, sale_journal, ChartOfAccounts};
use shared::promotion::PromotionPolicy;
use shared::sync::Change;
use shared::tender::Payment;
use shared::Decimal;
use uuid::Uuid;

on_both_stores!(
    a_pull_from_zero_serves_the_commerce_catalog_in_order,
    policy_and_withdrawn_promotions_are_pulled_as_changes,
    journals_of_stored_documents_balance,
);

fn rank(c: &Change) -> u8 {
    match c {
        Change::Settings(_) | Change::Policy(_) => 0,
        Change::TaxRate(_) => 1,
        Change::Category(_) => 2,
        Change::ProductGroup(_) | Change::ModifierGroup(_) => 3,
        Change::Product(_) => 3,
        Change::PriceList(_) => 4,
        Change::Promotion(_) | Change::PromotionRemoved { .. } => 5,
        Change::Customer(_) | Change::CustomerErased { .. } => 6,
        Change::Coupon(_) => 7,
        Change::GiftCard(_) => 8,
        Change::TillSettings(_) => 9,
        Change::StockLevel(_) => 10,
        Change::QuickKeys(_) => 11,
    }
}

async fn a_pull_from_zero_serves_the_commerce_catalog_in_order(store: Backend) {
    let s = seeded(store).await;
    let changes = s.store.pull(0, 5000).await.expect("pull").changes;
    let ranks: Vec<u8> = changes.iter().map(rank).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
    assert!(matches!(changes[0], Change::Settings(_)));
    assert!(matches!(changes[1], Change::Policy(_)));
    for r in 0..=8 {
        assert!(ranks.contains(&r), "no change of rank {r}");
    }

    let c = &s.catalog;
    assert_eq!(c.policy.settings, c.settings);
    assert_eq!(c.policy.cash_rounding, None);
    assert_eq!(c.policy.promotion_policy, PromotionPolicy::default());
    let weighed: Vec<_> = c
        .products
        .iter()
        .filter(|p| p.unit == Unit::Kilogram)
        .collect();
    assert_eq!(weighed.len(), WEIGHED_PRODUCTS);
    assert!(weighed.iter().all(|p| p.category_id == "fruit-vegetables"));
    let ids: Vec<&str> = c.promotions.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["bogo", "water-6", "save10"]);
    assert_eq!(c.coupons[0].code, COUPON_CODE);
    assert_eq!(c.coupons[0].remaining_uses, None);
    assert_eq!(c.gift_cards[0].code, GIFT_CARD);
    let names: Vec<(&str, Option<&str>)> = c
        .customers
        .iter()
        .map(|x| (x.id.as_str(), x.group.as_deref()))
        .collect();
    assert_eq!(
        names,
        [(STAFF_CUSTOMER, Some("staff")), (CREDIT_CUSTOMER, None)]
    );

    // The terminal's engine applies them: BOGO on three of p0002, staff prices for Erika.
    let bogo = c
        .products
        .iter()
        .position(|p| p.id == BOGO_PRODUCT)
        .expect("p0002");
    let device = Uuid::now_v7();
    let three = c.sale(device, "B-1", at_minute(1), &[bogo, bogo, bogo]);
    assert_eq!(three.priced.promotions[0].id, "bogo");
    assert_eq!(three.total(), c.products[bogo].price * Decimal::from(2));
    let staff = c.sale_with(SaleSpec {
        customer: Some(STAFF_CUSTOMER),
        ..SaleSpec::new(device, "B-2", at_minute(2), &[0])
    });
    assert_eq!(
        staff.priced.lines[0]
            .price_list
            .as_ref()
            .map(|r| r.id.as_str()),
        Some("staff")
    );
    assert!(staff.total() < c.products[0].price);
}

async fn policy_and_withdrawn_promotions_are_pulled_as_changes(store: Backend) {
    let s = seeded(store).await;
    let start = s.store.pull(0, 5000).await.expect("pull").cursor;
    let mut policy = s.catalog.policy.clone();
    policy.cash_rounding = Some(CashRounding::swiss());
    policy.promotion_policy = PromotionPolicy::BestForCustomer;
    policy.loyalty_point_value = Some(Decimal::new(1, 2));
    let write = CatalogWrite {
        policy: Some(policy.clone()),
        removed_promotions: vec!["bogo".into(), "no-such-promotion".into()],
        ..CatalogWrite::default()
    };
    s.store.write_catalog(&write).await.expect("write");
    let page = s.store.pull(start, 100).await.expect("pull");
    assert_eq!(
        page.changes,
        vec![
            Change::Settings(policy.settings.clone()),
            Change::Policy(policy),
            Change::PromotionRemoved { id: "bogo".into() },
        ]
    );
    assert_eq!(page.cursor, start + 3);
}

async fn journals_of_stored_documents_balance(store: Backend) {
    let s = seeded(store).await;
    let device = Uuid::now_v7();
    let indexes = [1, 1, 1, 40, 200];
    let total = s.catalog.total(&indexes, at_minute(1));
    let sale = s.catalog.sale_with(SaleSpec {
        coupons: &[COUPON_CODE],
        payments: Some(vec![
            Payment::GiftCard {
                amount: Decimal::new(200, 2),
                card: GIFT_CARD.into(),
            },
            Payment::Cash {
                amount: total.ceil(),
            },
        ]),
        ..SaleSpec::new(device, "J-1", at_minute(1), &indexes)
    });
    let refund = s
        .catalog
        .refund(device, &sale, &[], &[(0, 1)], RefundMethod::OriginalTenders);
    let batch = vec![
        mutation(1, sale.clone()),
        refund_mutation(2, refund.clone()),
    ];
    assert_eq!(push(&*s.store, device, batch).await.ok(), Some(2));

    let accounts = ChartOfAccounts::default();
    let stored = s.store.sale(sale.id).await.expect("read").expect("stored");
    let journal = sale_journal(&stored, &accounts);
    assert!(journal.is_balanced(), "{journal:?}");
    assert!(
        journal.balance(&accounts.discounts) > Decimal::ZERO,
        "BOGO and SAVE10 are discounts"
    );
    assert_eq!(
        journal.balance(&accounts.gift_card_liability),
        Decimal::new(200, 2)
    );
    let refunds = s
        .store
        .sale_refunds(sale.id)
        .await
        .expect("read")
        .expect("sale");
    assert!(refund_journal(&refunds[0], &accounts).is_balanced());
}
