//! The demo store's commerce data: its policy, a staff price list, three promotions (one by coupon), two
//! customers, a coupon, a gift card, and five fruit and vegetable products sold by the kilogram.
//!
//! Facts tests and the app rely on:
//! - policy: the demo settings, promotion policy `priority` (the default), no cash rounding;
//! - weighed goods: the first five "… Apples 1kg" / "… Bananas 1kg" products (ids above p0114, so none of the
//!   first 30), unit `kilogram`, their price per kg unchanged;
//! - promotion `bogo` "BOGO": buy 2 get 1 free on p0002;
//! - promotion `water-6`: from 6 units of the first drinks product (p0077) on, 0.59 each;
//! - promotion `save10` with coupon `SAVE10`: 10% off the order; coupon `SAVE10` with unlimited uses;
//! - price list `staff` for group `staff`: 10% off every Bakery product;
//! - customers `c-erika` "Erika Mustermann" (group `staff`) and `c-max` "Max Mustermann" (store credit 20.00);
//! - gift card `GC-1000-0001` holding 50.00.

use shared::basket::Unit;
use shared::catalog::{CustomerRecord, GiftCardBalance, Product, StoreSettings};
use shared::discount::DiscountValue;
use shared::money::{round, RoundingMode};
use shared::policy::StorePolicy;
use shared::price_list::{PriceList, PriceListEntry};
use shared::promotion::{
    CouponEntry, Promotion, PromotionKind, PromotionPolicy, QuantityTier, Reward, Target, TierPrice,
};
use shared::tax::TaxExemption;
use shared::Decimal;

/// The product the BOGO promotion is on.
pub const BOGO_PRODUCT: &str = "p0002";
/// The coupon code of the 10% order discount.
pub const COUPON_CODE: &str = "SAVE10";
pub const GIFT_CARD: &str = "GC-1000-0001";
pub const STAFF_CUSTOMER: &str = "c-erika";
pub const CREDIT_CUSTOMER: &str = "c-max";
/// How many products are sold by the kilogram.
pub const WEIGHED_PRODUCTS: usize = 5;

pub fn demo_policy(settings: StoreSettings) -> StorePolicy {
    StorePolicy {
        settings,
        cash_rounding: None,
        promotion_policy: PromotionPolicy::default(),
        loyalty_point_value: None,
        // Business customers' tax exemption is not honoured unless a store's rules allow it.
        tax_exempt_customers: false,
    }
}

/// Is this one of the weighed products (by category and name)?
fn weighed_candidate(p: &Product) -> bool {
    p.category_id == "fruit-vegetables"
        && (p.name.ends_with(" Apples 1kg") || p.name.ends_with(" Bananas 1kg"))
}

/// Sell the first five candidates (in id order) by the kilogram; their prices become prices per kg.
pub fn sell_by_weight(products: &mut [Product]) {
    for p in products
        .iter_mut()
        .filter(|p| weighed_candidate(p))
        .take(WEIGHED_PRODUCTS)
    {
        p.unit = Unit::Kilogram;
    }
}

/// 10% off every Bakery product for customers of group `staff`.
pub fn demo_price_lists(products: &[Product]) -> Vec<PriceList> {
    let prices = products
        .iter()
        .filter(|p| p.category_id == "bakery")
        .map(|p| PriceListEntry {
            product_id: p.id.clone(),
            unit_price: round(p.price * Decimal::new(9, 1), 2, RoundingMode::HalfUp),
        })
        .collect();
    vec![PriceList {
        id: "staff".into(),
        name: "Staff prices".into(),
        customer_groups: vec!["staff".into()],
        window: None,
        priority: 0,
        prices,
    }]
}

/// The first drinks product in id order (the quantity break's product).
pub fn quantity_break_product(products: &[Product]) -> Option<&Product> {
    products.iter().find(|p| p.category_id == "drinks")
}

pub fn demo_promotions(products: &[Product]) -> Vec<Promotion> {
    let mut promotions = vec![Promotion::new(
        "bogo",
        "BOGO",
        PromotionKind::BuyXGetY {
            buy: Target::Products(vec![BOGO_PRODUCT.into()]),
            buy_quantity: 2,
            get: Target::Products(vec![BOGO_PRODUCT.into()]),
            get_quantity: 1,
            reward: Reward::Free,
        },
    )];
    if let Some(water) = quantity_break_product(products) {
        promotions.push(Promotion::new(
            "water-6",
            "6 or more: 0.59 each",
            PromotionKind::QuantityBreak {
                target: Target::Products(vec![water.id.clone()]),
                tiers: vec![QuantityTier {
                    min_quantity: Decimal::from(6),
                    price: TierPrice::UnitPrice(Decimal::new(59, 2)),
                }],
            },
        ));
    }
    let mut save10 = Promotion::new(
        "save10",
        "SAVE10: 10% off",
        PromotionKind::SpendThreshold {
            target: Target::All,
            threshold: Decimal::ZERO,
            value: DiscountValue::Percent(Decimal::from(10)),
        },
    );
    save10.coupon = Some(COUPON_CODE.into());
    promotions.push(save10);
    promotions
}

pub fn demo_customers() -> Vec<CustomerRecord> {
    vec![
        CustomerRecord {
            id: STAFF_CUSTOMER.into(),
            name: "Erika Mustermann".into(),
            group: Some("staff".into()),
            exemption: TaxExemption::None,
            store_credit: Decimal::new(0, 2),
            loyalty_points: 0,
            ..Default::default()
        },
        CustomerRecord {
            id: CREDIT_CUSTOMER.into(),
            name: "Max Mustermann".into(),
            group: None,
            exemption: TaxExemption::None,
            store_credit: Decimal::new(2000, 2),
            loyalty_points: 0,
            ..Default::default()
        },
    ]
}

pub fn demo_coupons() -> Vec<CouponEntry> {
    vec![CouponEntry {
        code: COUPON_CODE.into(),
        remaining_uses: None,
    }]
}

pub fn demo_gift_cards() -> Vec<GiftCardBalance> {
    vec![GiftCardBalance {
        code: GIFT_CARD.into(),
        balance: Decimal::new(5000, 2),
    }]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::demo_products;

    #[test]
    fn five_fruit_and_vegetables_by_weight_none_among_the_first_thirty() {
        let products = demo_products();
        let weighed: Vec<&Product> = products
            .iter()
            .filter(|p| p.unit == Unit::Kilogram)
            .collect();
        assert_eq!(weighed.len(), WEIGHED_PRODUCTS);
        for p in &weighed {
            assert_eq!(p.category_id, "fruit-vegetables");
            let position = products.iter().position(|q| q.id == p.id).expect("listed");
            assert!(position >= 30, "{} is among the first 30", p.id);
        }
    }

    #[test]
    fn promotions_and_price_lists_are_usable() {
        let products = demo_products();
        for p in demo_promotions(&products) {
            assert_eq!(p.problem(), None, "{}", p.id);
        }
        assert_eq!(
            quantity_break_product(&products).map(|p| p.id.as_str()),
            Some("p0077")
        );
        let staff = &demo_price_lists(&products)[0];
        let bakery = products
            .iter()
            .filter(|p| p.category_id == "bakery")
            .count();
        assert_eq!(staff.prices.len(), bakery);
        assert!(staff
            .prices
            .iter()
            .all(|e| e.unit_price.scale() == 2 && e.unit_price > Decimal::ZERO));
    }
}
