//! The demo store seeded into an empty database: settings, two VAT rates, eight categories, 300 products, and
//! the commerce data in [`commerce`] (policy, price list, promotions, customers, coupon, gift card); a second
//! store, Harbour Street, in [`stores`].
//!
//! Everything is derived deterministically from the word lists below, so every fresh server has the same
//! catalog (ids, names, barcodes, prices) and tests can rely on it.

pub mod commerce;
pub mod quick_keys;
pub mod staff;
pub mod stores;

use crate::store::{CatalogWrite, Store, StoreResult};
use chrono::{DateTime, Utc};
use shared::barcode::ean13_from_body;
use shared::catalog::{Category, Product, StoreSettings, TaxMode, TaxRate, TaxRounding};
use shared::money::{Currency, RoundingMode};
use shared::Decimal;

/// How many demo products are generated.
pub const DEMO_PRODUCTS: usize = 300;
/// How many changes a pull from 0 returns on a freshly seeded store (one change sequence value each):
/// settings, policy, 2 tax rates, 8 categories, 300 products, 1 price list, 3 promotions, 2 customers,
/// 1 coupon, 1 gift card.
pub const DEMO_CHANGES: usize = 1 + 1 + 2 + 8 + DEMO_PRODUCTS + 1 + 3 + 2 + 1 + 1;
/// What a first-store till pulls from 0 on a freshly seeded store: [`DEMO_CHANGES`] and the demo's quick keys.
pub const DEMO_TILL_CHANGES: usize = DEMO_CHANGES + 1;

/// One demo category: id, name, tax rate, qualifiers and base items ("name size", price in cents).
struct CategorySpec {
    id: &'static str,
    name: &'static str,
    tax_rate_id: &'static str,
    qualifiers: &'static [&'static str],
    items: &'static [(&'static str, i64)],
}

const CATEGORIES: &[CategorySpec] = &[
    CategorySpec {
        id: "bakery",
        name: "Bakery",
        tax_rate_id: "red",
        qualifiers: &[
            "Classic",
            "Rustic",
            "Organic",
            "Farmhouse",
            "Golden",
            "Stone-Baked",
        ],
        items: &[
            ("Sourdough Loaf 750g", 349),
            ("Rye Bread 500g", 249),
            ("Butter Croissants 4pc", 299),
            ("Wholegrain Rolls 6pc", 229),
            ("Cinnamon Buns 2pc", 279),
            ("Baguette 250g", 149),
            ("Soft Pretzels 4pc", 259),
        ],
    },
    CategorySpec {
        id: "dairy",
        name: "Dairy",
        tax_rate_id: "red",
        qualifiers: &["Organic", "Alpine", "Fresh", "Creamy", "Farm", "Light"],
        items: &[
            ("Whole Milk 1L", 119),
            ("Greek Yogurt 500g", 219),
            ("Butter 250g", 259),
            ("Gouda Slices 200g", 229),
            ("Cream Cheese 175g", 159),
            ("Buttermilk 500ml", 99),
            ("Quark 250g", 89),
        ],
    },
    CategorySpec {
        id: "drinks",
        name: "Drinks",
        tax_rate_id: "std",
        qualifiers: &[
            "Sparkling",
            "Still",
            "Premium",
            "Classic",
            "Zesty",
            "Chilled",
        ],
        items: &[
            ("Mineral Water 1.5L", 69),
            ("Orange Juice 1L", 229),
            ("Apple Spritzer 0.5L", 119),
            ("Cola 1.25L", 149),
            ("Lemonade 0.33L", 99),
            ("Iced Tea 1L", 139),
            ("Ginger Ale 0.33L", 109),
        ],
    },
    CategorySpec {
        id: "fruit-vegetables",
        name: "Fruit & Vegetables",
        tax_rate_id: "red",
        qualifiers: &["Organic", "Fresh", "Local", "Sweet", "Crisp", "Ripe"],
        items: &[
            ("Apples 1kg", 249),
            ("Bananas 1kg", 179),
            ("Carrots 500g", 99),
            ("Vine Tomatoes 500g", 229),
            ("Red Peppers 3pc", 199),
            ("Baby Spinach 150g", 179),
            ("Strawberries 250g", 299),
        ],
    },
    CategorySpec {
        id: "snacks",
        name: "Snacks",
        tax_rate_id: "red",
        qualifiers: &["Crunchy", "Salted", "Spicy", "Honey", "Smoky", "Roasted"],
        items: &[
            ("Potato Chips 150g", 189),
            ("Pretzel Sticks 200g", 129),
            ("Chocolate Bar 100g", 149),
            ("Trail Mix 200g", 329),
            ("Popcorn 90g", 119),
            ("Rice Crackers 100g", 169),
            ("Peanuts 250g", 219),
        ],
    },
    CategorySpec {
        id: "frozen",
        name: "Frozen",
        tax_rate_id: "red",
        qualifiers: &["Family", "Garden", "Homestyle", "Deluxe", "Quick", "Nordic"],
        items: &[
            ("Pizza Margherita 350g", 299),
            ("Leaf Spinach 450g", 179),
            ("Green Peas 750g", 229),
            ("Fish Fingers 450g", 349),
            ("Vanilla Ice Cream 900ml", 399),
            ("Berry Mix 300g", 289),
            ("French Fries 1kg", 249),
        ],
    },
    CategorySpec {
        id: "household",
        name: "Household",
        tax_rate_id: "std",
        qualifiers: &["Eco", "Ultra", "Fresh Scent", "Sensitive", "Lemon", "Value"],
        items: &[
            ("Dish Soap 500ml", 149),
            ("Laundry Detergent 1.5L", 749),
            ("Paper Towels 4pc", 329),
            ("Trash Bags 20pc", 249),
            ("Sponges 5pc", 179),
            ("Glass Cleaner 750ml", 229),
            ("Toilet Paper 8pc", 399),
        ],
    },
    CategorySpec {
        id: "personal-care",
        name: "Personal Care",
        tax_rate_id: "std",
        qualifiers: &["Gentle", "Herbal", "Mint", "Aloe", "Pure", "Daily"],
        items: &[
            ("Shampoo 300ml", 349),
            ("Shower Gel 250ml", 199),
            ("Toothpaste 75ml", 149),
            ("Hand Soap 300ml", 129),
            ("Deodorant 150ml", 229),
            ("Body Lotion 400ml", 449),
            ("Cotton Pads 80pc", 119),
        ],
    },
];

pub fn demo_settings() -> StoreSettings {
    StoreSettings {
        name: "Demo Store".into(),
        address: vec![
            "1 Market Street".into(),
            "10115 Berlin".into(),
            "Germany".into(),
        ],
        currency: Currency::eur(),
        tax_mode: TaxMode::Inclusive,
        tax_rounding: TaxRounding::PerLine,
        rounding: RoundingMode::HalfUp,
        time_zone: "Europe/Berlin".into(),
        ..StoreSettings::default()
    }
}

pub fn demo_tax_rates() -> Vec<TaxRate> {
    vec![
        TaxRate {
            id: "std".into(),
            name: "VAT 19%".into(),
            percent: Decimal::from(19),
        },
        TaxRate {
            id: "red".into(),
            name: "VAT 7%".into(),
            percent: Decimal::from(7),
        },
    ]
}

pub fn demo_categories() -> Vec<Category> {
    CATEGORIES
        .iter()
        .zip(1..)
        .map(|(c, position)| Category {
            id: c.id.into(),
            name: c.name.into(),
            position,
        })
        .collect()
}

/// Price for an item with a qualifier: the base raised by 12% per qualifier step, ending in 9 cents,
/// kept within 0.49 ..= 29.99.
fn price(base_cents: i64, qualifier_index: usize) -> Decimal {
    let step = i64::try_from(qualifier_index).unwrap_or(0);
    let raised = base_cents * (100 + 12 * step) / 100;
    let ending_in_nine = (raised / 10) * 10 + 9;
    Decimal::new(ending_in_nine.clamp(49, 2999), 2)
}

/// True when neither name contains the other (case-insensitive), so a search by full name finds one product.
fn distinct(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    !a.contains(&b) && !b.contains(&a)
}

pub fn demo_products() -> Vec<Product> {
    let per_category = DEMO_PRODUCTS / CATEGORIES.len();
    let extra = DEMO_PRODUCTS % CATEGORIES.len();
    let mut products: Vec<Product> = Vec::with_capacity(DEMO_PRODUCTS);
    for (ci, spec) in CATEGORIES.iter().enumerate() {
        let quota = per_category + usize::from(ci < extra);
        let mut taken = 0;
        'items: for (qi, qualifier) in spec.qualifiers.iter().enumerate() {
            for (item, base_cents) in spec.items {
                if taken == quota {
                    break 'items;
                }
                let name = format!("{qualifier} {item}");
                if !products.iter().all(|p| distinct(&p.name, &name)) {
                    continue;
                }
                let n = products.len() + 1;
                let barcode = ean13_from_body(&format!("400{n:09}"));
                products.push(Product {
                    id: format!("p{n:04}"),
                    sku: format!("SKU-{n:05}"),
                    name,
                    barcode,
                    category_id: spec.id.into(),
                    price: price(*base_cents, qi),
                    tax_rate_id: spec.tax_rate_id.into(),
                    active: true,
                    version: 1,
                    unit: shared::basket::Unit::Each,
                    ..Default::default()
                });
                taken += 1;
            }
        }
    }
    commerce::sell_by_weight(&mut products);
    products
}

/// The whole demo catalog, in pull order.
pub fn demo_catalog() -> CatalogWrite {
    let products = demo_products();
    CatalogWrite {
        settings: Some(demo_settings()),
        policy: Some(commerce::demo_policy(demo_settings())),
        tax_rates: demo_tax_rates(),
        categories: demo_categories(),
        product_groups: vec![],
        modifier_groups: vec![],
        price_lists: commerce::demo_price_lists(&products),
        promotions: commerce::demo_promotions(&products),
        removed_promotions: vec![],
        customers: commerce::demo_customers(),
        coupons: commerce::demo_coupons(),
        gift_cards: commerce::demo_gift_cards(),
        products,
    }
}

/// Seed the demo store and the demo's second store ([`stores`]) if the database is empty, at `now`. Returns
/// whether it seeded.
pub async fn seed_if_empty(store: &dyn Store, now: DateTime<Utc>) -> StoreResult<bool> {
    if !store.is_empty().await? {
        return Ok(false);
    }
    let catalog = demo_catalog();
    store.write_catalog(&catalog).await?;
    // Before the second store, so a first-store till's pull from 0 has no gaps.
    quick_keys::seed(store, &catalog.products, now).await?;
    stores::seed(store, now).await?;
    // The first store's shop floor and back room, and a central warehouse (Harbour Street's are in `stores`).
    store.seed_locations(now).await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::barcode::is_valid_gtin;
    use std::collections::HashSet;

    #[test]
    fn three_hundred_products_with_unique_ids_skus_barcodes() {
        let products = demo_products();
        assert_eq!(products.len(), DEMO_PRODUCTS);
        let ids: HashSet<_> = products.iter().map(|p| &p.id).collect();
        let skus: HashSet<_> = products.iter().map(|p| &p.sku).collect();
        let codes: HashSet<_> = products.iter().filter_map(|p| p.barcode.as_ref()).collect();
        assert_eq!(
            (ids.len(), skus.len(), codes.len()),
            (DEMO_PRODUCTS, DEMO_PRODUCTS, DEMO_PRODUCTS)
        );
        assert!(codes.iter().all(|c| c.len() == 13 && is_valid_gtin(c)));
    }

    #[test]
    fn no_name_contains_another() {
        let products = demo_products();
        for (i, a) in products.iter().enumerate() {
            for b in &products[i + 1..] {
                assert!(distinct(&a.name, &b.name), "{} vs {}", a.name, b.name);
            }
        }
    }

    #[test]
    fn prices_are_in_range_with_two_decimals() {
        for p in demo_products() {
            assert!(
                p.price >= Decimal::new(49, 2) && p.price <= Decimal::new(2999, 2),
                "{}",
                p.price
            );
            assert_eq!(p.price.scale(), 2);
        }
    }

    #[test]
    fn every_category_is_used_with_its_tax_rate() {
        let products = demo_products();
        let rates: HashSet<_> = demo_tax_rates().into_iter().map(|r| r.id).collect();
        for c in demo_categories() {
            let in_cat: Vec<_> = products.iter().filter(|p| p.category_id == c.id).collect();
            assert!(in_cat.len() >= 37, "{} has {}", c.id, in_cat.len());
            assert!(in_cat.iter().all(|p| rates.contains(&p.tax_rate_id)));
        }
        assert_eq!(demo_categories().len(), 8);
    }
}
