//! The store's chart of accounts: which account each kind of posting goes to, configurable per store.

use crate::tender::Payment;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChartOfAccounts {
    pub cash: String,
    pub card_clearing: String,
    pub gift_card_liability: String,
    pub store_credit_liability: String,
    pub loyalty_liability: String,
    /// Carries a return's value to the new sale of an exchange; nets to zero over the two.
    pub exchange_clearing: String,
    /// Discounts given, net of tax (a contra-revenue account).
    pub discounts: String,
    /// Cash rounding differences.
    pub rounding: String,
    pub tips_payable: String,
    /// Revenue account of a category: `revenue[category]`, or `"{revenue_prefix} {category}"`.
    pub revenue_prefix: String,
    pub revenue: BTreeMap<String, String>,
    /// Tax payable account of a rate: `tax_payable[rate]`, or `"{tax_payable_prefix} {rate}"`.
    pub tax_payable_prefix: String,
    pub tax_payable: BTreeMap<String, String>,
    /// Counter account of an opening float.
    pub cash_float: String,
    /// Counter account of a cash paid-in (income).
    pub paid_in: String,
    /// Counter account of a cash paid-out (expense).
    pub paid_out: String,
    /// Where cash drops go.
    pub safe: String,
}

impl Default for ChartOfAccounts {
    fn default() -> Self {
        ChartOfAccounts {
            cash: "Cash".into(),
            card_clearing: "Card clearing".into(),
            gift_card_liability: "Gift card liability".into(),
            store_credit_liability: "Store credit liability".into(),
            loyalty_liability: "Loyalty liability".into(),
            exchange_clearing: "Exchange clearing".into(),
            discounts: "Discounts".into(),
            rounding: "Cash rounding".into(),
            tips_payable: "Tips payable".into(),
            revenue_prefix: "Revenue".into(),
            revenue: BTreeMap::new(),
            tax_payable_prefix: "Tax payable".into(),
            tax_payable: BTreeMap::new(),
            cash_float: "Cash float".into(),
            paid_in: "Cash paid in".into(),
            paid_out: "Cash paid out".into(),
            safe: "Safe".into(),
        }
    }
}

fn named(map: &BTreeMap<String, String>, prefix: &str, key: &str) -> String {
    match map.get(key) {
        Some(a) => a.clone(),
        None if key.is_empty() => prefix.to_string(),
        None => format!("{prefix} {key}"),
    }
}

impl ChartOfAccounts {
    pub fn revenue_account(&self, category_id: &str) -> String {
        named(&self.revenue, &self.revenue_prefix, category_id)
    }

    pub fn tax_account(&self, rate_id: &str) -> String {
        named(&self.tax_payable, &self.tax_payable_prefix, rate_id)
    }

    /// The account a payment moves (debited when taken, credited when paid back).
    pub fn payment_account(&self, p: &Payment) -> &str {
        match p {
            Payment::Cash { .. } => &self.cash,
            Payment::Card { .. } => &self.card_clearing,
            Payment::GiftCard { .. } => &self.gift_card_liability,
            Payment::StoreCredit { .. } => &self.store_credit_liability,
            Payment::Loyalty { .. } => &self.loyalty_liability,
            Payment::ExchangeCredit { .. } => &self.exchange_clearing,
        }
    }
}
