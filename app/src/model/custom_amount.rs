//! The custom-amount item (open price): an amount typed at the till, a name, and the tax rate it is sold
//! under, made into a one-off `Product` the order sells like any other (its own line each time). The cashier
//! needs `Permission::PriceOverride`, else a supervisor's approval (asked after the amount is entered).

use super::error::RuleError;
use rust_decimal::Decimal;
use shared::auth::Permission;
use shared::basket::Unit;
use shared::catalog::{Product, TaxRate};

/// The name on the receipt when the cashier gives none.
pub const DEFAULT_NAME: &str = "Custom amount";

/// What the cashier typed, with the store's tax rates and the currency's decimals.
pub struct CustomAmountForm<'a> {
    pub amount: &'a str,
    pub name: &'a str,
    pub tax_rate_id: &'a str,
    pub rates: &'a [TaxRate],
    pub scale: u32,
}

impl CustomAmountForm<'_> {
    /// The one-off product with id `id` (unique per custom line), or why it cannot be made.
    pub fn product(&self, id: String) -> Result<Product, RuleError> {
        let Some(price) = shared::money::parse_amount(&self.amount.replace(',', ".")) else {
            return Err(RuleError::AmountMissing);
        };
        if price <= Decimal::ZERO {
            return Err(RuleError::AmountNotPositive);
        }
        if price.normalize().scale() > self.scale {
            return Err(RuleError::AmountDecimals { scale: self.scale });
        }
        if !self.rates.iter().any(|r| r.id == self.tax_rate_id) {
            return Err(RuleError::TaxRateMissing);
        }
        let name = match self.name.trim() {
            "" => DEFAULT_NAME.to_string(),
            n => n.to_string(),
        };
        Ok(Product {
            sku: id.clone(),
            id,
            name,
            price: price.normalize(),
            tax_rate_id: self.tax_rate_id.to_string(),
            active: true,
            version: 1,
            unit: Unit::Each,
            ..Default::default()
        })
    }
}

/// The permission a manager must approve before `permissions`' holder may sell at an open price.
pub fn approval_needed(permissions: &[Permission]) -> Option<Permission> {
    (!permissions.contains(&Permission::PriceOverride)).then_some(Permission::PriceOverride)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::order::tests::{dec, rates};
    use crate::model::order::Order;

    fn form<'a>(
        amount: &'a str,
        name: &'a str,
        rate: &'a str,
        rates: &'a [TaxRate],
    ) -> CustomAmountForm<'a> {
        CustomAmountForm {
            amount,
            name,
            tax_rate_id: rate,
            rates,
            scale: 2,
        }
    }

    #[test]
    fn an_open_price_needs_a_positive_amount_and_a_known_tax_rate() {
        let r = rates();
        assert_eq!(
            form("", "", "red", &r).product("c1".into()),
            Err(RuleError::AmountMissing)
        );
        assert_eq!(
            form("0", "", "red", &r).product("c1".into()),
            Err(RuleError::AmountNotPositive)
        );
        assert_eq!(
            form("1.234", "", "red", &r).product("c1".into()),
            Err(RuleError::AmountDecimals { scale: 2 })
        );
        assert_eq!(
            form("5", "", "none", &r).product("c1".into()),
            Err(RuleError::TaxRateMissing)
        );
        let p = form("4,50", "  ", "red", &r).product("c1".into()).unwrap();
        assert_eq!(
            (p.price, p.name.as_str(), p.tax_rate_id.as_str()),
            (dec("4.5"), DEFAULT_NAME, "red")
        );
    }

    #[test]
    fn each_custom_amount_is_its_own_line_at_its_price() {
        let r = rates();
        let mut o = Order::default();
        let a = form("4.50", "Gift wrap", "red", &r)
            .product("c1".into())
            .unwrap();
        let b = form("2", "", "red", &r).product("c2".into()).unwrap();
        o.add(&a, Decimal::ONE, &r).unwrap();
        o.add(&b, Decimal::ONE, &r).unwrap();
        assert_eq!(o.lines.len(), 2);
        assert_eq!(o.lines[0].unit_price, dec("4.5"));
        assert_eq!(o.lines[0].name, "Gift wrap");
    }

    #[test]
    fn only_staff_without_price_override_need_an_approval() {
        assert_eq!(
            approval_needed(&[Permission::Sell]),
            Some(Permission::PriceOverride)
        );
        assert_eq!(
            approval_needed(&[Permission::Sell, Permission::PriceOverride]),
            None
        );
    }
}
