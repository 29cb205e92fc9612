//! The "Return without receipt" form: the items scanned or searched, each with its quantity and the price given
//! back (blank: the item's current price at this store), a required reason, and the payout — cash, or store
//! credit when a customer is on the order. It builds the `UnreceiptedReturnRequest` that
//! `shared::document::UnreceiptedReturn::create` prices (named rule **unreceipted return price**: never more
//! than the current price). A cashier without `return_without_receipt` gets a supervisor's approval after
//! choosing.

use super::error::RuleError;
use rust_decimal::Decimal;
use shared::auth::Permission;
use shared::basket::BasketLine;
use shared::catalog::{Product, TaxRate};
use shared::document::{
    ReturnItem, ReturnPayoutMethod, UnreceiptedReturn, UnreceiptedReturnRequest,
};
use shared::money::{parse_amount, Currency};
use shared::policy::StorePolicy;
use shared::sale::SaleHeader;

/// One item coming back, as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct ReturnLineInput {
    pub product: Product,
    /// As typed; whole pieces, or up to 3 decimals for weighed goods.
    pub quantity: String,
    /// As typed; blank means the current price.
    pub price: String,
}

/// The whole form.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReturnForm {
    pub lines: Vec<ReturnLineInput>,
    pub reason: String,
    /// Pay out as store credit to the order's customer (else cash).
    pub store_credit: bool,
}

impl ReturnForm {
    /// Add `product`: a new line of 1, or one more of a line already there.
    pub fn add(&mut self, product: &Product) {
        if let Some(l) = self.lines.iter_mut().find(|l| l.product.id == product.id) {
            if let Ok(q) = l.quantity.trim().parse::<Decimal>() {
                l.quantity = (q + Decimal::ONE).normalize().to_string();
            }
            return;
        }
        self.lines.push(ReturnLineInput {
            product: product.clone(),
            quantity: "1".into(),
            price: String::new(),
        });
    }

    pub fn remove(&mut self, index: usize) {
        if index < self.lines.len() {
            self.lines.remove(index);
        }
    }

    /// The request, or the first reason it cannot be made. `customer` is the order's customer (store credit
    /// goes on their account); `rates` the store's tax rates.
    pub fn request(
        &self,
        rates: &[TaxRate],
        customer: Option<&str>,
        currency: &Currency,
    ) -> Result<UnreceiptedReturnRequest, RuleError> {
        if self.lines.is_empty() {
            return Err(RuleError::ReturnNothing);
        }
        let mut items = Vec::with_capacity(self.lines.len());
        for l in &self.lines {
            items.push(item(l, rates, currency)?);
        }
        if self.reason.trim().is_empty() {
            return Err(RuleError::ReturnReason);
        }
        let payout = if self.store_credit {
            let account = customer.ok_or(RuleError::ReturnNeedsCustomer)?;
            ReturnPayoutMethod::StoreCredit {
                account: account.to_string(),
            }
        } else {
            ReturnPayoutMethod::Cash
        };
        Ok(UnreceiptedReturnRequest {
            items,
            payout,
            reason: self.reason.trim().to_string(),
        })
    }

    /// The document the form makes under `header` with the store's `policy` (the dialog previews it with any
    /// header; the storing transaction makes it with the real one).
    pub fn build(
        &self,
        header: SaleHeader,
        rates: &[TaxRate],
        customer: Option<&str>,
        policy: &StorePolicy,
    ) -> Result<UnreceiptedReturn, RuleError> {
        let request = self.request(rates, customer, &policy.settings.currency)?;
        UnreceiptedReturn::create(header, &request, policy).map_err(RuleError::ReturnRefused)
    }
}

/// One typed line as the engine's item, checked: quantity in the item's unit, price a number not above the
/// current one.
fn item(
    l: &ReturnLineInput,
    rates: &[TaxRate],
    currency: &Currency,
) -> Result<ReturnItem, RuleError> {
    let p = &l.product;
    let name = p.name.clone();
    let quantity = l
        .quantity
        .trim()
        .replace(',', ".")
        .parse::<Decimal>()
        .ok()
        .filter(|q| *q > Decimal::ZERO && q.normalize().scale() <= p.unit.max_scale())
        .ok_or_else(|| RuleError::ReturnQuantity { name: name.clone() })?;
    let rate = rates
        .iter()
        .find(|r| r.id == p.tax_rate_id)
        .ok_or_else(|| RuleError::ReturnUnknownRate { name: name.clone() })?;
    let price = match l.price.trim() {
        "" => None,
        typed => {
            let given = parse_amount(typed)
                .filter(|g| g.normalize().scale() <= currency.scale)
                .ok_or_else(|| RuleError::ReturnPriceText { name: name.clone() })?;
            if given > p.price {
                return Err(RuleError::ReturnPriceTooHigh {
                    name,
                    current: currency.format(p.price),
                });
            }
            if given <= Decimal::ZERO {
                return Err(RuleError::ReturnPriceText { name });
            }
            Some(given)
        }
    };
    Ok(ReturnItem {
        line: BasketLine::with_rate(p, quantity, p.unit, rate),
        price,
    })
}

/// The permission a supervisor must approve before `permissions`' holder may take goods back without a
/// receipt.
pub fn approval_needed(permissions: &[Permission]) -> Option<Permission> {
    (!permissions.contains(&Permission::ReturnWithoutReceipt))
        .then_some(Permission::ReturnWithoutReceipt)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::order::tests::{dec, product, rates};
    use chrono::{TimeZone, Utc};
    use shared::basket::Unit;
    use shared::catalog::StoreSettings;
    use shared::tender::Payment;
    use uuid::Uuid;

    fn header() -> SaleHeader {
        SaleHeader {
            id: Uuid::from_u128(5),
            device_id: Uuid::from_u128(1),
            receipt_no: "TILL-0005".into(),
            created_at: Utc.with_ymd_and_hms(2026, 12, 7, 10, 0, 0).unwrap(),
        }
    }

    fn policy() -> StorePolicy {
        StorePolicy::from(StoreSettings::default())
    }

    fn form() -> ReturnForm {
        let mut f = ReturnForm {
            reason: "no receipt".into(),
            ..ReturnForm::default()
        };
        f.add(&product("a", Unit::Each));
        f
    }

    #[test]
    fn the_current_price_by_default_and_a_scan_again_adds_one() {
        let mut f = form();
        f.add(&product("a", Unit::Each));
        assert_eq!(f.lines.len(), 1);
        assert_eq!(f.lines[0].quantity, "2");
        let r = f.build(header(), &rates(), None, &policy()).unwrap();
        assert_eq!(r.lines[0].unit_price, dec("2.99"));
        assert_eq!(r.total, dec("5.98"));
        assert_eq!(
            r.payouts,
            vec![Payment::Cash {
                amount: dec("5.98")
            }]
        );
    }

    #[test]
    fn a_lower_price_is_taken_and_a_higher_one_refused_in_words() {
        let mut f = form();
        f.lines[0].price = "1,50".into();
        let r = f.build(header(), &rates(), None, &policy()).unwrap();
        assert_eq!(r.total, dec("1.50"));
        f.lines[0].price = "3.50".into();
        let err = f.build(header(), &rates(), None, &policy()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "P a: the price given back cannot be more than its current price 2.99 EUR."
        );
        f.lines[0].price = "abc".into();
        assert_eq!(
            f.build(header(), &rates(), None, &policy()),
            Err(RuleError::ReturnPriceText { name: "P a".into() })
        );
    }

    #[test]
    fn reason_items_quantity_and_a_customer_for_store_credit_are_needed() {
        let currency = Currency::eur();
        let mut f = form();
        f.reason = " ".into();
        assert_eq!(
            f.request(&rates(), None, &currency),
            Err(RuleError::ReturnReason)
        );
        assert_eq!(
            ReturnForm::default().request(&rates(), None, &currency),
            Err(RuleError::ReturnNothing)
        );
        let mut f = form();
        f.lines[0].quantity = "1.5".into();
        assert!(matches!(
            f.request(&rates(), None, &currency),
            Err(RuleError::ReturnQuantity { .. })
        ));
        let mut f = form();
        f.store_credit = true;
        assert_eq!(
            f.request(&rates(), None, &currency),
            Err(RuleError::ReturnNeedsCustomer)
        );
        let r = f.build(header(), &rates(), Some("c-1"), &policy()).unwrap();
        assert!(matches!(&r.payouts[0], Payment::StoreCredit { account, .. } if account == "c-1"));
        f.remove(0);
        assert!(f.lines.is_empty());
    }

    #[test]
    fn a_weighed_item_comes_back_by_weight() {
        let mut f = ReturnForm {
            reason: "bruised".into(),
            ..ReturnForm::default()
        };
        f.add(&product("k", Unit::Kilogram));
        f.lines[0].quantity = "0.500".into();
        let r = f.build(header(), &rates(), None, &policy()).unwrap();
        assert_eq!(r.lines[0].quantity, dec("0.500"));
        assert_eq!(r.total, dec("1.50"));
    }

    #[test]
    fn only_those_without_the_permission_need_an_approval() {
        assert_eq!(
            approval_needed(&[Permission::Sell]),
            Some(Permission::ReturnWithoutReceipt)
        );
        assert_eq!(
            approval_needed(&[Permission::Sell, Permission::ReturnWithoutReceipt]),
            None
        );
    }
}
