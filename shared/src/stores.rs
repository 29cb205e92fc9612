//! Stores of a chain: each with its own settings (name, address, currency, time zone, tax mode, tax and cash
//! rounding, receipt header and footer, logo) and its own price overrides. A terminal belongs to one store and
//! prices with that store's policy and prices; the store that existed before there were several is
//! [`DEFAULT_STORE_ID`], so data from then keeps working.
//!
//! Named rule **store price override**: a product's price at a store is the store's override for that product
//! when it has one, else the product's own price ([`StorePrices::price_of`]); nothing else of the product
//! changes, and the override is a shelf price like any other (tax mode and rounding as the store says).

use crate::cash_rounding::CashRounding;
use crate::catalog::validate::{FieldError, Problem, MAX_AMOUNT};
use crate::catalog::{Product, StoreSettings};
use crate::policy::StorePolicy;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;

/// The first store: the one there was before there were several (devices and staff default to it).
pub const DEFAULT_STORE_ID: Uuid = Uuid::from_u128(0x0000_0000_0000_4000_8000_0000_0000_0001);

/// [`DEFAULT_STORE_ID`], as a serde default.
pub fn default_store_id() -> Uuid {
    DEFAULT_STORE_ID
}

/// Longest store name, address line, time zone or logo reference (characters).
pub const MAX_STORE_TEXT: usize = 200;
/// Longest receipt header or footer (characters).
pub const MAX_RECEIPT_TEXT: usize = 1000;
/// Most address lines.
pub const MAX_ADDRESS_LINES: usize = 6;
/// Most decimals a store's currency may have.
pub const MAX_CURRENCY_SCALE: u32 = 4;

/// A store as the back office sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Store {
    pub id: Uuid,
    /// What its terminals price and print with.
    pub settings: StoreSettings,
    /// Rounding of the amount due in cash (e.g. CHF 0.05); absent: cash is paid to the minor unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cash_rounding: Option<CashRounding>,
    pub active: bool,
    /// Send it back with an update: a stale one is refused (409 `stale_version`).
    pub version: i64,
}

/// `POST /api/v1/stores`: a new store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewStore {
    pub settings: StoreSettings,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cash_rounding: Option<CashRounding>,
    #[serde(default = "active_by_default")]
    pub active: bool,
}

fn active_by_default() -> bool {
    true
}

/// `PUT /api/v1/stores/{id}`: a store's new settings, based on the `version` read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoreUpdate {
    pub settings: StoreSettings,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cash_rounding: Option<CashRounding>,
    pub active: bool,
    pub version: i64,
}

/// `GET /api/v1/stores`: the stores the caller may see, by name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoreList {
    pub stores: Vec<Store>,
}

/// `PUT /api/v1/stores/{id}/prices/{product_id}`: the product's price at this store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PriceOverride {
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub price: Decimal,
}

/// One store's price for one product.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StorePrice {
    pub store_id: Uuid,
    pub product_id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub price: Decimal,
}

/// `GET /api/v1/stores/{id}/prices`: a store's price overrides, by product id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StorePriceList {
    pub prices: Vec<StorePrice>,
}

/// `PUT /api/v1/staff/{id}/stores`: the stores a staff member may manage (empty: all of them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffStores {
    pub stores: Vec<Uuid>,
}

impl StaffStores {
    /// Whether these limits let their holder at `store` (no limits: every store).
    pub fn allows(&self, store: Uuid) -> bool {
        self.stores.is_empty() || self.stores.contains(&store)
    }
}

/// One store's price overrides: product id → price (the rule **store price override**).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StorePrices(HashMap<String, Decimal>);

impl StorePrices {
    pub fn new(prices: impl IntoIterator<Item = (String, Decimal)>) -> Self {
        StorePrices(prices.into_iter().collect())
    }

    /// The product's price at this store.
    pub fn price_of(&self, product: &Product) -> Decimal {
        self.0.get(&product.id).copied().unwrap_or(product.price)
    }

    /// The product as this store sells it.
    pub fn apply(&self, mut product: Product) -> Product {
        product.price = self.price_of(&product);
        product
    }
}

impl Store {
    /// The policy its terminals price with: its settings and cash rounding, with the chain's promotion
    /// policy and loyalty point value from `chain`.
    pub fn policy(&self, chain: &StorePolicy) -> StorePolicy {
        StorePolicy {
            settings: self.settings.clone(),
            cash_rounding: self.cash_rounding.clone(),
            ..chain.clone()
        }
    }
}

/// The rules every store write passes, each failure naming its field as the JSON spells it
/// (`settings.time_zone`).
pub fn validate(
    settings: &StoreSettings,
    cash_rounding: Option<&CashRounding>,
) -> Result<(), Vec<FieldError>> {
    let mut found = Vec::new();
    let mut add = |field: &str, problem| found.push(FieldError::new(field, problem));
    if let Some(p) = text_problem(&settings.name, MAX_STORE_TEXT, true) {
        add("settings.name", p);
    }
    if settings.address.len() > MAX_ADDRESS_LINES {
        add(
            "settings.address",
            Problem::AboveLimit(MAX_ADDRESS_LINES as u64),
        );
    }
    for (i, line) in settings.address.iter().enumerate() {
        if let Some(p) = text_problem(line, MAX_STORE_TEXT, true) {
            add(&format!("settings.address[{i}]"), p);
        }
    }
    let code = &settings.currency.code;
    if code.len() != 3 || !code.chars().all(|c| c.is_ascii_uppercase()) {
        add(
            "settings.currency.code",
            Problem::Expected("an ISO 4217 code of three upper-case letters, e.g. EUR"),
        );
    }
    if settings.currency.scale > MAX_CURRENCY_SCALE {
        add(
            "settings.currency.scale",
            Problem::AboveLimit(u64::from(MAX_CURRENCY_SCALE)),
        );
    }
    if !is_time_zone(&settings.time_zone) {
        add(
            "settings.time_zone",
            Problem::Expected("an IANA time zone such as Europe/Berlin, or UTC"),
        );
    }
    for (field, text) in [
        ("settings.receipt_header", &settings.receipt_header),
        ("settings.receipt_footer", &settings.receipt_footer),
    ] {
        if let Some(p) = text_problem(text, MAX_RECEIPT_TEXT, false) {
            add(field, p);
        }
    }
    if let Some(logo) = &settings.logo {
        if let Some(p) = text_problem(logo, MAX_STORE_TEXT, true) {
            add("settings.logo", p);
        }
    }
    if let Some(cash) = cash_rounding {
        if cash.increment <= Decimal::ZERO {
            add(
                "cash_rounding.increment",
                Problem::Expected("a positive amount"),
            );
        } else if cash.increment > MAX_AMOUNT {
            add("cash_rounding.increment", Problem::TooLarge(MAX_AMOUNT));
        } else if cash.increment.normalize().scale() > settings.currency.scale {
            add(
                "cash_rounding.increment",
                Problem::TooManyDecimals(settings.currency.scale),
            );
        }
    }
    if found.is_empty() {
        Ok(())
    } else {
        Err(found)
    }
}

/// A store's price for a product: not negative, not above [`MAX_AMOUNT`], at most the currency's decimals.
pub fn validate_price(price: Decimal, scale: u32) -> Result<(), Vec<FieldError>> {
    let problem = if price.is_sign_negative() && !price.is_zero() {
        Some(Problem::Negative)
    } else if price > MAX_AMOUNT {
        Some(Problem::TooLarge(MAX_AMOUNT))
    } else if price.normalize().scale() > scale {
        Some(Problem::TooManyDecimals(scale))
    } else {
        None
    };
    match problem {
        Some(p) => Err(vec![FieldError::new("price", p)]),
        None => Ok(()),
    }
}

/// Text of at most `max` characters without control characters (line breaks are allowed where `required`
/// is false: receipt texts), and not blank when `required`.
fn text_problem(value: &str, max: usize, required: bool) -> Option<Problem> {
    if required && value.trim().is_empty() {
        Some(Problem::Empty)
    } else if value.chars().count() > max {
        Some(Problem::TooLong(max))
    } else if value
        .chars()
        .any(|c| c.is_control() && (required || c != '\n'))
    {
        Some(Problem::ControlCharacter)
    } else {
        None
    }
}

/// The IANA areas a zone name starts with.
const TZ_AREAS: [&str; 11] = [
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
    "Etc",
];

/// An IANA zone name: `UTC`, or an area and one or two locations (`Europe/Berlin`,
/// `America/Argentina/Salta`), each made of letters, digits, `_`, `-` and `+`.
pub fn is_time_zone(name: &str) -> bool {
    if name == "UTC" {
        return true;
    }
    let parts: Vec<&str> = name.split('/').collect();
    let part_ok = |p: &&str| {
        !p.is_empty()
            && p.len() <= 30
            && p.starts_with(|c: char| c.is_ascii_alphabetic())
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+'))
    };
    (2..=3).contains(&parts.len()) && TZ_AREAS.contains(&parts[0]) && parts.iter().all(part_ok)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    fn settings() -> StoreSettings {
        StoreSettings {
            time_zone: "Europe/Berlin".into(),
            ..StoreSettings::default()
        }
    }

    fn fields(r: Result<(), Vec<FieldError>>) -> Vec<String> {
        r.err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn the_default_store_id_is_the_fixed_one() {
        assert_eq!(
            DEFAULT_STORE_ID.to_string(),
            "00000000-0000-4000-8000-000000000001"
        );
    }

    #[test]
    fn a_good_store_passes_and_each_bad_field_is_named() {
        assert_eq!(validate(&settings(), Some(&CashRounding::swiss())), Ok(()));
        let bad = StoreSettings {
            name: " ".into(),
            address: vec!["a\u{7}".into()],
            currency: Currency::new("eur", 7),
            time_zone: "Mars/Olympus".into(),
            receipt_header: "x".repeat(MAX_RECEIPT_TEXT + 1),
            receipt_footer: "Thank you\nSee you".into(),
            logo: Some(String::new()),
            ..StoreSettings::default()
        };
        let zero = CashRounding {
            increment: Decimal::ZERO,
            ..CashRounding::swiss()
        };
        assert_eq!(
            fields(validate(&bad, Some(&zero))),
            [
                "settings.name",
                "settings.address[0]",
                "settings.currency.code",
                "settings.currency.scale",
                "settings.time_zone",
                "settings.receipt_header",
                "settings.logo",
                "cash_rounding.increment",
            ]
        );
    }

    #[test]
    fn time_zones() {
        for good in [
            "UTC",
            "Europe/Berlin",
            "America/Argentina/Salta",
            "Etc/GMT+5",
        ] {
            assert!(is_time_zone(good), "{good}");
        }
        for bad in [
            "",
            "Berlin",
            "Europe/",
            "Mars/Base",
            "Europe/Ber lin",
            "Europe/../x",
        ] {
            assert!(!is_time_zone(bad), "{bad}");
        }
    }

    #[test]
    fn an_override_replaces_only_the_price() {
        let product = crate::catalog::Product {
            id: "p1".into(),
            price: Decimal::new(250, 2),
            ..test_product()
        };
        let other = crate::catalog::Product {
            id: "p2".into(),
            ..product.clone()
        };
        let prices = StorePrices::new([("p1".to_owned(), Decimal::new(199, 2))]);
        assert_eq!(prices.price_of(&product), Decimal::new(199, 2));
        assert_eq!(prices.price_of(&other), Decimal::new(250, 2));
        let sold = prices.apply(product.clone());
        assert_eq!(
            sold,
            crate::catalog::Product {
                price: Decimal::new(199, 2),
                ..product
            }
        );
        assert_eq!(
            validate_price(Decimal::new(-1, 2), 2).map_err(|e| e[0].field.clone()),
            Err("price".to_owned())
        );
        assert!(validate_price(Decimal::new(1999, 3), 2).is_err());
        assert_eq!(validate_price(Decimal::new(199, 2), 2), Ok(()));
    }

    #[test]
    fn limits_allow_their_stores_or_all() {
        let other = Uuid::from_u128(2);
        assert!(StaffStores { stores: vec![] }.allows(other));
        let limited = StaffStores {
            stores: vec![DEFAULT_STORE_ID],
        };
        assert!(limited.allows(DEFAULT_STORE_ID));
        assert!(!limited.allows(other));
    }

    #[test]
    fn a_store_policy_keeps_the_chain_rules() {
        let chain = StorePolicy {
            loyalty_point_value: Some(Decimal::new(1, 2)),
            ..StorePolicy::default()
        };
        let store = Store {
            id: DEFAULT_STORE_ID,
            settings: settings(),
            cash_rounding: Some(CashRounding::swiss()),
            active: true,
            version: 1,
        };
        let policy = store.policy(&chain);
        assert_eq!(policy.settings, store.settings);
        assert_eq!(policy.cash_rounding, Some(CashRounding::swiss()));
        assert_eq!(policy.loyalty_point_value, chain.loyalty_point_value);
    }

    fn test_product() -> crate::catalog::Product {
        crate::catalog::Product {
            sku: "P".into(),
            name: "P".into(),
            ..crate::catalog::Product::default()
        }
    }
}
