//! Benchmark: pricing a 50-line cart with 10 active promotions (every kind, some with coupons, one
//! exclusive), price lists, manual discounts, two tax setups; and the same cart through the legacy `totals`.

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use rust_decimal::Decimal;
use shared::basket::{Basket, BasketLine, Unit};
use shared::cart::{Cart, CartLine};
use shared::catalog::{StoreSettings, TaxMode, TaxRounding};
use shared::discount::{DiscountValue, ManualDiscount};
use shared::policy::StorePolicy;
use shared::price_list::{PriceList, PriceListEntry};
use shared::pricing::context::PricingContext;
use shared::pricing::engine::price;
use shared::promotion::{
    CouponEntry, Promotion, PromotionKind, PromotionPolicy, QuantityTier, Reward, Stacking, Target,
    TierPrice,
};
use shared::tax::TaxComponent;
use std::hint::black_box;

fn basket() -> Basket {
    let vat = |p: i64| {
        vec![TaxComponent::new(
            &format!("vat{p}"),
            "VAT",
            Decimal::from(p),
        )]
    };
    let lines = (0..50)
        .map(|i: i64| BasketLine {
            product_id: format!("p{}", i % 20),
            name: format!("Product {i}"),
            sku: format!("sku{i}"),
            category_id: format!("c{}", i % 5),
            unit_price: Decimal::new(99 + i * 137 % 4000, 2),
            quantity: if i % 7 == 0 {
                Decimal::new(250 + i * 11, 3)
            } else {
                Decimal::from(1 + i % 4)
            },
            unit: if i % 7 == 0 {
                Unit::Kilogram
            } else {
                Unit::Each
            },
            taxes: if i % 3 == 0 { vat(7) } else { vat(19) },
            discount: (i % 11 == 0)
                .then(|| ManualDiscount::percent(Decimal::from(10), "damaged box")),
            modifiers: vec![],
        })
        .collect();
    Basket {
        lines,
        order_discounts: vec![ManualDiscount::amount(Decimal::new(250, 2), "loyalty")],
    }
}

fn promotions() -> Vec<Promotion> {
    let p = |id: &str, kind| Promotion::new(id, id, kind);
    vec![
        p(
            "c0-10",
            PromotionKind::LineDiscount {
                target: Target::Categories(vec!["c0".into()]),
                value: DiscountValue::Percent(Decimal::from(10)),
            },
        ),
        p(
            "p1-off",
            PromotionKind::LineDiscount {
                target: Target::Products(vec!["p1".into()]),
                value: DiscountValue::Amount(Decimal::new(50, 2)),
            },
        ),
        p(
            "bogo-c1",
            PromotionKind::BuyXGetY {
                buy: Target::Categories(vec!["c1".into()]),
                buy_quantity: 2,
                get: Target::Categories(vec!["c1".into()]),
                get_quantity: 1,
                reward: Reward::Free,
            },
        ),
        p(
            "bxgy-half",
            PromotionKind::BuyXGetY {
                buy: Target::Products(vec!["p2".into()]),
                buy_quantity: 1,
                get: Target::Products(vec!["p3".into()]),
                get_quantity: 1,
                reward: Reward::PercentOff(Decimal::from(50)),
            },
        ),
        p(
            "qb-c2",
            PromotionKind::QuantityBreak {
                target: Target::Categories(vec!["c2".into()]),
                tiers: vec![
                    QuantityTier {
                        min_quantity: Decimal::from(5),
                        price: TierPrice::PercentOff(Decimal::from(5)),
                    },
                    QuantityTier {
                        min_quantity: Decimal::from(10),
                        price: TierPrice::PercentOff(Decimal::from(10)),
                    },
                ],
            },
        ),
        p(
            "mm-c3",
            PromotionKind::MixAndMatch {
                target: Target::Categories(vec!["c3".into()]),
                set_size: 3,
                set_price: Decimal::from(20),
            },
        ),
        p(
            "spend100",
            PromotionKind::SpendThreshold {
                target: Target::All,
                threshold: Decimal::from(100),
                value: DiscountValue::Percent(Decimal::from(5)),
            },
        ),
        Promotion {
            coupon: Some("SAVE10".into()),
            ..p(
                "coupon",
                PromotionKind::SpendThreshold {
                    target: Target::All,
                    threshold: Decimal::ZERO,
                    value: DiscountValue::Amount(Decimal::from(10)),
                },
            )
        },
        Promotion {
            stacking: Stacking::Exclusive,
            priority: 5,
            ..p(
                "flash",
                PromotionKind::LineDiscount {
                    target: Target::All,
                    value: DiscountValue::Percent(Decimal::from(3)),
                },
            )
        },
        p(
            "c4-qb",
            PromotionKind::QuantityBreak {
                target: Target::Categories(vec!["c4".into()]),
                tiers: vec![QuantityTier {
                    min_quantity: Decimal::from(3),
                    price: TierPrice::UnitPrice(Decimal::ONE),
                }],
            },
        ),
    ]
}

fn bench(c: &mut Criterion) {
    let policy = StorePolicy {
        promotion_policy: PromotionPolicy::BestForCustomer,
        ..StorePolicy::from(StoreSettings {
            tax_mode: TaxMode::Inclusive,
            tax_rounding: TaxRounding::PerDocument,
            ..StoreSettings::default()
        })
    };
    let now = NaiveDate::from_ymd_opt(2026, 6, 1)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap();
    let promos = promotions();
    let lists = [PriceList {
        id: "staff".into(),
        name: "Staff".into(),
        customer_groups: vec![],
        window: None,
        priority: 0,
        prices: (0..10)
            .map(|i| PriceListEntry {
                product_id: format!("p{i}"),
                unit_price: Decimal::new(500 + i, 2),
            })
            .collect(),
    }];
    let coupons = [CouponEntry {
        code: "save10".into(),
        remaining_uses: Some(1),
    }];
    let ctx = PricingContext::new(&policy, now)
        .with_promotions(&promos)
        .with_price_lists(&lists)
        .with_coupons(&coupons);
    let b = basket();
    let priced = price(&ctx, &b).unwrap();
    assert_eq!(priced.lines.len(), 50);
    assert!(
        priced.promotions.len() >= 6,
        "promotions apply: {:?}",
        priced.promotions
    );

    c.bench_function("engine: 50 lines, 10 promotions", |bn| {
        bn.iter(|| price(black_box(&ctx), black_box(&b)).unwrap())
    });

    let cart = Cart {
        lines: b
            .lines
            .iter()
            .map(|l| CartLine {
                product_id: l.product_id.clone(),
                name: l.name.clone(),
                sku: l.sku.clone(),
                barcode: None,
                unit_price: l.unit_price,
                quantity: l.quantity,
                tax_rate_id: l.taxes[0].rate_id.clone(),
                tax_name: l.taxes[0].name.clone(),
                tax_percent: l.taxes[0].percent,
            })
            .collect(),
    };
    c.bench_function("legacy totals: 50 lines, no promotions", |bn| {
        bn.iter(|| shared::pricing::totals(black_box(&cart), black_box(&policy.settings)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
