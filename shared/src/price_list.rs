//! Price lists: other unit prices for some customers (a customer group) or some hours (happy hour).
//!
//! Named rule **price list resolution**: among the lists that apply (the customer's group is listed or the
//! list names no group, and its window is open) and that price the product, the one with the highest
//! `priority` wins; between equal priorities, the lowest price wins (best for the customer). No list →
//! the catalog price. The list used is recorded on the priced line.

use crate::window::TimeWindow;
use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PriceListEntry {
    pub product_id: String,
    /// Unit price (per kg for weighed goods), on the same tax basis as catalog prices.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub unit_price: Decimal,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PriceList {
    pub id: String,
    pub name: String,
    /// Customer groups it is for; empty means every customer (e.g. a happy-hour list).
    #[serde(default)]
    pub customer_groups: Vec<String>,
    #[serde(default)]
    pub window: Option<TimeWindow>,
    #[serde(default)]
    pub priority: i32,
    pub prices: Vec<PriceListEntry>,
}

impl PriceList {
    /// Does the list apply to a customer of `group` at `now`?
    pub fn applies(&self, group: Option<&str>, now: NaiveDateTime) -> bool {
        let group_ok = self.customer_groups.is_empty()
            || group.is_some_and(|g| self.customer_groups.iter().any(|c| c == g));
        group_ok && self.window.as_ref().is_none_or(|w| w.contains(now))
    }

    pub fn price_of(&self, product_id: &str) -> Option<Decimal> {
        self.prices
            .iter()
            .find(|e| e.product_id == product_id)
            .map(|e| e.unit_price)
    }
}

/// The price list that sets `product_id`'s price, and that price, by the resolution rule above.
pub fn resolve<'a>(
    lists: &'a [PriceList],
    product_id: &str,
    group: Option<&str>,
    now: NaiveDateTime,
) -> Option<(&'a PriceList, Decimal)> {
    let mut best: Option<(&PriceList, Decimal)> = None;
    for list in lists.iter().filter(|l| l.applies(group, now)) {
        let Some(price) = list.price_of(product_id) else {
            continue;
        };
        let better = match best {
            None => true,
            Some((b, bp)) => (list.priority, -price, &b.id) > (b.priority, -bp, &list.id),
        };
        if better {
            best = Some((list, price));
        }
    }
    best
}
