//! What a cart is priced against: the store's policy, the customer, the time, the coupons entered, and the
//! promotions and price lists in force.

use crate::policy::StorePolicy;
use crate::price_list::PriceList;
use crate::promotion::{CouponEntry, Promotion};
use crate::tax::TaxExemption;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// The customer the cart is for, as pricing needs them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    pub id: String,
    /// Customer group for price lists and promotions (e.g. `staff`, `wholesale`).
    #[serde(default)]
    pub group: Option<String>,
    #[serde(default)]
    pub exemption: TaxExemption,
}

/// Everything besides the cart that a price depends on. Borrowed, so pricing on every keystroke copies nothing.
#[derive(Clone, Copy, Debug)]
pub struct PricingContext<'a> {
    pub policy: &'a StorePolicy,
    pub customer: Option<&'a Customer>,
    /// Store-local wall-clock time, for time windows.
    pub now: NaiveDateTime,
    /// Codes entered by the customer, with their remaining uses.
    pub coupons: &'a [CouponEntry],
    pub promotions: &'a [Promotion],
    pub price_lists: &'a [PriceList],
}

impl<'a> PricingContext<'a> {
    /// No customer, no coupons, no promotions, no price lists.
    pub fn new(policy: &'a StorePolicy, now: NaiveDateTime) -> Self {
        PricingContext {
            policy,
            customer: None,
            now,
            coupons: &[],
            promotions: &[],
            price_lists: &[],
        }
    }

    pub fn with_customer(mut self, customer: &'a Customer) -> Self {
        self.customer = Some(customer);
        self
    }

    pub fn with_promotions(mut self, promotions: &'a [Promotion]) -> Self {
        self.promotions = promotions;
        self
    }

    pub fn with_coupons(mut self, coupons: &'a [CouponEntry]) -> Self {
        self.coupons = coupons;
        self
    }

    pub fn with_price_lists(mut self, price_lists: &'a [PriceList]) -> Self {
        self.price_lists = price_lists;
        self
    }

    pub(crate) fn group(&self) -> Option<&'a str> {
        self.customer.and_then(|c| c.group.as_deref())
    }

    pub(crate) fn exemption(&self) -> &'a TaxExemption {
        static NONE: TaxExemption = TaxExemption::None;
        self.customer.map_or(&NONE, |c| &c.exemption)
    }
}
