//! Returns without a receipt: goods a customer brings back with no receipt, taken back line by line and paid
//! out in cash or store credit. A document of its own (its own receipt number from the till's sequence), not a
//! refund: there is no sale to refer to.
//!
//! Named rule **unreceipted return price**: each line is given back at the price the cashier typed, or at the
//! item's CURRENT price at this store when none is typed; a price above the current one, or not above zero, is
//! refused. The line is then priced by the commerce engine exactly as a sale of that one line at that price
//! today would be (no promotions, price lists, coupons or customer; the store's tax mode, tax rounding and
//! rounding rule `StoreSettings::rounding`), so its net, taxes per rate and gross are what selling it would
//! charge. The document's totals are the sums of its lines; taxes per rate with `rate_totals`.
//!
//! Named rule **unreceipted payout**: the whole total goes one way: in cash (the store's cash rounding applies
//! to the cash handed over: `rounding = paid − total`) or onto a store credit account (no rounding).

use super::stamp::{Approval, StaffStamp};
use super::DocumentError;
use crate::basket::{Basket, BasketLine, Unit};
use crate::policy::StorePolicy;
use crate::pricing::context::PricingContext;
use crate::pricing::engine::price;
use crate::pricing::priced::{rate_totals, LineTax, RateTotal};
use crate::sale::SaleHeader;
use crate::tender::{Payment, TenderError};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use shared_derive::TagFirst;
use uuid::Uuid;

/// One item brought back: the item as the till sells it today (`line.unit_price` is its current price at
/// this store, `line.taxes` its tax rate), the quantity in `line.quantity`, and the price typed, if any.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnItem {
    pub line: BasketLine,
    /// Per unit; `None`: the current price.
    pub price: Option<Decimal>,
}

/// Where the money goes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TagFirst)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReturnPayoutMethod {
    Cash,
    StoreCredit { account: String },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnreceiptedReturnRequest {
    pub items: Vec<ReturnItem>,
    pub payout: ReturnPayoutMethod,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnreceiptedLine {
    pub product_id: String,
    pub name: String,
    pub sku: String,
    pub category_id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub quantity: Decimal,
    pub unit: Unit,
    /// The item's price at this store when it came back.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub list_unit_price: Decimal,
    /// The price given back per unit (never above `list_unit_price`).
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub unit_price: Decimal,
    pub taxes: Vec<LineTax>,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub net: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub tax: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub gross: Decimal,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnreceiptedReturn {
    pub id: Uuid,
    pub device_id: Uuid,
    pub receipt_no: String,
    pub created_at: DateTime<Utc>,
    pub reason: String,
    pub lines: Vec<UnreceiptedLine>,
    pub taxes: Vec<RateTotal>,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub net: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub tax: Decimal,
    /// What the goods are taken back for.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub total: Decimal,
    /// Cash or store credit; one payout (none when the total is zero).
    pub payouts: Vec<Payment>,
    /// Cash rounding of the cash paid out: `Σ payouts − total`.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub rounding: Decimal,
    /// Who took the goods back (the signed-in staff at the till).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cashier: Option<StaffStamp>,
    /// The approval it was made under, when the cashier lacked `return_without_receipt`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval: Option<Approval>,
}

/// The price given back for `item` (rule **unreceipted return price**), or why it is refused.
pub fn return_price(item: &ReturnItem) -> Result<Decimal, DocumentError> {
    let current = item.line.unit_price;
    let given = item.price.unwrap_or(current);
    if given <= Decimal::ZERO {
        return Err(DocumentError::ReturnPriceNotPositive);
    }
    if given > current {
        return Err(DocumentError::ReturnPriceAboveCurrent { current });
    }
    Ok(given)
}

/// One item priced as a sale of it alone at its return price.
fn line_of(
    item: &ReturnItem,
    policy: &StorePolicy,
    at: DateTime<Utc>,
) -> Result<UnreceiptedLine, DocumentError> {
    let given = return_price(item)?;
    let line = BasketLine {
        unit_price: given,
        discount: None,
        modifiers: vec![],
        ..item.line.clone()
    };
    let basket = Basket {
        lines: vec![line],
        order_discounts: vec![],
    };
    let priced = price(&PricingContext::new(policy, at.naive_utc()), &basket)?;
    let l = priced
        .lines
        .into_iter()
        .next()
        .ok_or(DocumentError::NoLines)?;
    Ok(UnreceiptedLine {
        product_id: l.product_id,
        name: l.name,
        sku: l.sku,
        category_id: l.category_id,
        quantity: l.quantity,
        unit: l.unit,
        list_unit_price: item.line.unit_price,
        unit_price: given,
        taxes: l.taxes,
        net: l.net,
        tax: l.tax,
        gross: l.gross,
    })
}

/// The payouts of `total` (rule **unreceipted payout**) and the cash rounding.
fn payouts(
    total: Decimal,
    method: &ReturnPayoutMethod,
    policy: &StorePolicy,
) -> Result<(Vec<Payment>, Decimal), DocumentError> {
    let zero = policy.zero();
    if total <= Decimal::ZERO {
        return Ok((vec![], zero));
    }
    match method {
        ReturnPayoutMethod::StoreCredit { account } => {
            if account.trim().is_empty() {
                return Err(TenderError::MissingAccount("store credit").into());
            }
            let payment = Payment::StoreCredit {
                amount: total,
                account: account.clone(),
            };
            Ok((vec![payment], zero))
        }
        ReturnPayoutMethod::Cash => {
            let paid = match &policy.cash_rounding {
                Some(r) => r.round(total, policy.scale()),
                None => total,
            };
            let out = if paid > Decimal::ZERO {
                vec![Payment::Cash { amount: paid }]
            } else {
                vec![]
            };
            Ok((out, paid - total))
        }
    }
}

impl UnreceiptedReturn {
    /// Take back `request`'s items under `header`, priced with this store's `policy`.
    pub fn create(
        header: SaleHeader,
        request: &UnreceiptedReturnRequest,
        policy: &StorePolicy,
    ) -> Result<UnreceiptedReturn, DocumentError> {
        if request.reason.trim().is_empty() {
            return Err(DocumentError::MissingReason);
        }
        if request.items.is_empty() {
            return Err(DocumentError::NoLines);
        }
        let lines = request
            .items
            .iter()
            .map(|i| line_of(i, policy, header.created_at))
            .collect::<Result<Vec<_>, _>>()?;
        let zero = policy.zero();
        let sum = |f: fn(&UnreceiptedLine) -> Decimal| lines.iter().map(f).fold(zero, |a, b| a + b);
        let (net, tax, total) = (sum(|l| l.net), sum(|l| l.tax), sum(|l| l.gross));
        let (payouts, rounding) = payouts(total, &request.payout, policy)?;
        Ok(UnreceiptedReturn {
            id: header.id,
            device_id: header.device_id,
            receipt_no: header.receipt_no,
            created_at: header.created_at,
            reason: request.reason.trim().to_string(),
            taxes: rate_totals(lines.iter().map(|l| (l.taxes.as_slice(), l.net)), zero),
            net,
            tax,
            total,
            lines,
            payouts,
            rounding,
            cashier: None,
            approval: None,
        })
    }

    /// Σ payouts: `total + rounding`.
    pub fn paid_out(&self) -> Decimal {
        self.payouts.iter().map(Payment::amount).sum()
    }

    /// The checks the server makes of a pushed one: a reason and lines; each line positive, given back at no
    /// more than its current price, `net + tax = gross` with its taxes summing to its tax; the totals the sums
    /// of the lines (taxes per rate as `rate_totals` gives them); payouts in cash or store credit adding up to
    /// `total + rounding`.
    pub fn verify(&self) -> Result<(), DocumentError> {
        let bad = |m: String| Err(DocumentError::Inconsistent(m));
        if self.reason.trim().is_empty() {
            return Err(DocumentError::MissingReason);
        }
        if self.lines.is_empty() {
            return Err(DocumentError::NoLines);
        }
        for (k, l) in self.lines.iter().enumerate() {
            if l.quantity <= Decimal::ZERO {
                return Err(DocumentError::BadQuantity { line: k });
            }
            if l.unit_price <= Decimal::ZERO {
                return Err(DocumentError::ReturnPriceNotPositive);
            }
            if l.unit_price > l.list_unit_price {
                return Err(DocumentError::ReturnPriceAboveCurrent {
                    current: l.list_unit_price,
                });
            }
            let taxes: Decimal = l.taxes.iter().map(|t| t.tax).sum();
            if l.net + l.tax != l.gross || taxes != l.tax || l.gross < Decimal::ZERO {
                return bad(format!("line {k}: net + tax is not gross"));
            }
        }
        let net: Decimal = self.lines.iter().map(|l| l.net).sum();
        let tax: Decimal = self.lines.iter().map(|l| l.tax).sum();
        if net != self.net || tax != self.tax || net + tax != self.total {
            return bad("the lines do not add up to the totals".into());
        }
        let zero = Decimal::new(0, self.total.scale());
        let rates = rate_totals(self.lines.iter().map(|l| (l.taxes.as_slice(), l.net)), zero);
        if rates != self.taxes {
            return bad("taxes per rate do not match the lines".into());
        }
        let allowed = |p: &Payment| {
            matches!(p, Payment::Cash { .. } | Payment::StoreCredit { .. })
                && p.amount() > Decimal::ZERO
        };
        if self.payouts.len() > 1 || !self.payouts.iter().all(allowed) {
            return bad("pay out once, in cash or store credit".into());
        }
        if self.paid_out() != self.total + self.rounding {
            return bad("payouts are not total + rounding".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cash_rounding::CashRounding;
    use crate::catalog::{StoreSettings, TaxMode, TaxRounding};
    use crate::ledger::{unreceipted_return_journal, ChartOfAccounts};
    use crate::money::{Currency, RoundingMode};
    use crate::tax::TaxComponent;
    use chrono::TimeZone;
    use rust_decimal_macros::dec;

    fn policy(mode: TaxMode) -> StorePolicy {
        StorePolicy::from(StoreSettings {
            currency: Currency::eur(),
            tax_mode: mode,
            tax_rounding: TaxRounding::PerLine,
            rounding: RoundingMode::HalfUp,
            ..StoreSettings::default()
        })
    }

    fn header() -> SaleHeader {
        SaleHeader {
            id: Uuid::from_u128(9),
            device_id: Uuid::from_u128(1),
            receipt_no: "TILL-0009".into(),
            created_at: Utc.with_ymd_and_hms(2026, 12, 7, 10, 0, 0).unwrap(),
        }
    }

    fn item(id: &str, current: Decimal, qty: Decimal, percent: Decimal) -> BasketLine {
        BasketLine {
            product_id: id.into(),
            name: id.into(),
            sku: id.into(),
            category_id: "general".into(),
            unit_price: current,
            quantity: qty,
            unit: Unit::Each,
            taxes: vec![TaxComponent::new("vat", "VAT", percent)],
            discount: None,
            modifiers: vec![],
        }
    }

    fn request(items: Vec<ReturnItem>, payout: ReturnPayoutMethod) -> UnreceiptedReturnRequest {
        UnreceiptedReturnRequest {
            items,
            payout,
            reason: "no receipt, unopened".into(),
        }
    }

    #[test]
    fn current_price_by_default_with_its_tax_per_rate() {
        let p = policy(TaxMode::Inclusive);
        let r = UnreceiptedReturn::create(
            header(),
            &request(
                vec![
                    ReturnItem {
                        line: item("mug", dec!(12.00), dec!(2), dec!(20)),
                        price: None,
                    },
                    ReturnItem {
                        line: item("tea", dec!(4.99), dec!(1), dec!(20)),
                        price: Some(dec!(3.50)),
                    },
                ],
                ReturnPayoutMethod::Cash,
            ),
            &p,
        )
        .unwrap();
        // 24.00 inclusive of 20%: net 20.00, tax 4.00; 3.50: tax round(3.50 / 6) = 0.58, net 2.92.
        assert_eq!(r.lines[0].gross, dec!(24.00));
        assert_eq!(r.lines[0].tax, dec!(4.00));
        assert_eq!((r.lines[1].net, r.lines[1].tax), (dec!(2.92), dec!(0.58)));
        assert_eq!(
            (r.net, r.tax, r.total),
            (dec!(22.92), dec!(4.58), dec!(27.50))
        );
        assert_eq!(r.taxes.len(), 1);
        assert_eq!(r.taxes[0].tax, dec!(4.58));
        assert_eq!(
            r.payouts,
            vec![Payment::Cash {
                amount: dec!(27.50)
            }]
        );
        assert_eq!(r.lines[1].list_unit_price, dec!(4.99));
        assert_eq!(r.verify(), Ok(()));
    }

    #[test]
    fn a_price_above_the_current_one_is_refused() {
        let p = policy(TaxMode::Inclusive);
        let higher = ReturnItem {
            line: item("mug", dec!(12.00), dec!(1), dec!(20)),
            price: Some(dec!(12.01)),
        };
        assert_eq!(
            UnreceiptedReturn::create(
                header(),
                &request(vec![higher], ReturnPayoutMethod::Cash),
                &p
            ),
            Err(DocumentError::ReturnPriceAboveCurrent {
                current: dec!(12.00)
            })
        );
        let zero = ReturnItem {
            line: item("mug", dec!(12.00), dec!(1), dec!(20)),
            price: Some(dec!(0)),
        };
        assert_eq!(
            return_price(&zero),
            Err(DocumentError::ReturnPriceNotPositive)
        );
    }

    #[test]
    fn exclusive_prices_add_tax_and_cash_rounding_applies_to_cash_only() {
        let p = StorePolicy {
            cash_rounding: Some(CashRounding::swiss()),
            ..policy(TaxMode::Exclusive)
        };
        let one = || ReturnItem {
            line: item("pen", dec!(10.00), dec!(1), dec!(8.1)),
            price: None,
        };
        let cash = UnreceiptedReturn::create(
            header(),
            &request(vec![one()], ReturnPayoutMethod::Cash),
            &p,
        )
        .unwrap();
        // 10.00 + 0.81 = 10.81 → 10.80 in cash (5-centime rounding, half up).
        assert_eq!(cash.total, dec!(10.81));
        assert_eq!(cash.paid_out(), dec!(10.80));
        assert_eq!(cash.rounding, dec!(-0.01));
        assert_eq!(cash.verify(), Ok(()));
        let accounts = ChartOfAccounts::default();
        let journal = unreceipted_return_journal(&cash, &accounts);
        assert!(journal.is_balanced());
        assert_eq!(journal.debits(), dec!(10.81));
        assert_eq!(journal.balance(&accounts.cash), dec!(-10.80));
        let credit = UnreceiptedReturn::create(
            header(),
            &request(
                vec![one()],
                ReturnPayoutMethod::StoreCredit {
                    account: "cust-1".into(),
                },
            ),
            &p,
        )
        .unwrap();
        assert_eq!(
            credit.payouts,
            vec![Payment::StoreCredit {
                amount: dec!(10.81),
                account: "cust-1".into()
            }]
        );
        assert_eq!(credit.rounding, dec!(0.00));
        assert_eq!(credit.verify(), Ok(()));
    }

    #[test]
    fn a_reason_lines_and_an_account_are_required() {
        let p = policy(TaxMode::Inclusive);
        let one = || ReturnItem {
            line: item("mug", dec!(12.00), dec!(1), dec!(20)),
            price: None,
        };
        let mut no_reason = request(vec![one()], ReturnPayoutMethod::Cash);
        no_reason.reason = "  ".into();
        assert_eq!(
            UnreceiptedReturn::create(header(), &no_reason, &p),
            Err(DocumentError::MissingReason)
        );
        assert_eq!(
            UnreceiptedReturn::create(header(), &request(vec![], ReturnPayoutMethod::Cash), &p),
            Err(DocumentError::NoLines)
        );
        let no_account = request(
            vec![one()],
            ReturnPayoutMethod::StoreCredit {
                account: String::new(),
            },
        );
        assert!(UnreceiptedReturn::create(header(), &no_account, &p).is_err());
    }

    #[test]
    fn verify_refuses_tampered_documents() {
        let p = policy(TaxMode::Inclusive);
        let good = UnreceiptedReturn::create(
            header(),
            &request(
                vec![ReturnItem {
                    line: item("mug", dec!(12.00), dec!(1), dec!(20)),
                    price: None,
                }],
                ReturnPayoutMethod::Cash,
            ),
            &p,
        )
        .unwrap();
        let mut above = good.clone();
        above.lines[0].unit_price = dec!(13.00);
        assert!(above.verify().is_err());
        let mut more_cash = good.clone();
        more_cash.payouts = vec![Payment::Cash { amount: dec!(20) }];
        assert!(more_cash.verify().is_err());
        let mut card = good.clone();
        card.payouts = vec![Payment::Card {
            amount: dec!(12.00),
            reference: "x".into(),
        }];
        assert!(card.verify().is_err());
        let mut total = good;
        total.total += dec!(1);
        assert!(total.verify().is_err());
    }
}
