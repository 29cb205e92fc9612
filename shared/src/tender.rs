//! Payments for the commerce engine: cash, card, gift card, store credit, loyalty points and exchange credit,
//! split across any mix, with tips, cash rounding and change; and the check that a sale is paid exactly.
//!
//! Named rule **settlement**: the amount due is `total + tip`. Non-cash payments are applied first and may
//! never exceed it (only cash can be overpaid). What remains is due in cash; with cash rounding configured and
//! cash among the payments, that remainder is rounded to the cash increment (`CashRounding`) and the
//! difference is the sale's rounding line. Change is the cash handed over minus the cash due. A sale is paid
//! exactly when `Σ payments − change = total + tip + rounding`.

use crate::policy::StorePolicy;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use shared_derive::TagFirst;
use thiserror::Error;
use uuid::Uuid;

/// One payment. Amounts are positive; a refund's payouts use the same type, paid to the customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TagFirst)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Payment {
    /// Cash handed over (before change).
    Cash {
        #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
        amount: Decimal,
    },
    /// A card payment; only the gateway's or terminal's reference/token is ever seen.
    Card {
        #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
        amount: Decimal,
        reference: String,
    },
    GiftCard {
        #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
        amount: Decimal,
        card: String,
    },
    /// The customer's store credit account.
    StoreCredit {
        #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
        amount: Decimal,
        account: String,
    },
    /// Loyalty points redeemed for `amount`.
    Loyalty {
        #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
        amount: Decimal,
        points: u64,
        account: String,
    },
    /// The value of goods returned in an exchange, carried from the return to the new sale; both documents
    /// name the exchange.
    ExchangeCredit {
        #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
        amount: Decimal,
        exchange_id: Uuid,
    },
}

impl Payment {
    pub fn amount(&self) -> Decimal {
        match self {
            Payment::Cash { amount }
            | Payment::Card { amount, .. }
            | Payment::GiftCard { amount, .. }
            | Payment::StoreCredit { amount, .. }
            | Payment::Loyalty { amount, .. }
            | Payment::ExchangeCredit { amount, .. } => *amount,
        }
    }

    pub fn is_cash(&self) -> bool {
        matches!(self, Payment::Cash { .. })
    }

    /// The same payment with another amount (used to split refunds over the original payments).
    pub fn with_amount(&self, new: Decimal) -> Payment {
        let mut p = self.clone();
        match &mut p {
            Payment::Cash { amount }
            | Payment::Card { amount, .. }
            | Payment::GiftCard { amount, .. }
            | Payment::StoreCredit { amount, .. }
            | Payment::Loyalty { amount, .. }
            | Payment::ExchangeCredit { amount, .. } => *amount = new,
        }
        p
    }

    pub fn label(&self) -> &'static str {
        match self {
            Payment::Cash { .. } => "Cash",
            Payment::Card { .. } => "Card",
            Payment::GiftCard { .. } => "Gift card",
            Payment::StoreCredit { .. } => "Store credit",
            Payment::Loyalty { .. } => "Loyalty",
            Payment::ExchangeCredit { .. } => "Exchange",
        }
    }
}

/// Balances the server last told the terminal about, to refuse a payment the account cannot cover.
/// Anything not listed is not checked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Balances {
    #[serde(default)]
    pub gift_cards: Vec<(String, Decimal)>,
    #[serde(default)]
    pub store_credit: Vec<(String, Decimal)>,
    #[serde(default)]
    pub loyalty_points: Vec<(String, u64)>,
}

/// The outcome of paying `due`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Settlement {
    /// `total + tip`.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub due: Decimal,
    /// Σ payments.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub paid: Decimal,
    /// Cash rounding: the cash due minus the exact remainder (positive: the customer paid more).
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub rounding: Decimal,
    /// Cash handed back.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub change: Decimal,
}

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum TenderError {
    #[error("payment amounts must be positive")]
    NonPositive,
    #[error("a tip cannot be negative")]
    NegativeTip,
    #[error("a card payment needs the reference from the card terminal")]
    MissingCardReference,
    #[error("a {0} payment needs the card or account it draws on")]
    MissingAccount(&'static str),
    #[error("{points} loyalty points are worth {expected}, not {amount}")]
    LoyaltyValue {
        points: u64,
        amount: Decimal,
        expected: Decimal,
    },
    #[error("{what} {id} holds {balance}, less than {amount}")]
    InsufficientBalance {
        what: &'static str,
        id: String,
        balance: Decimal,
        amount: Decimal,
    },
    #[error("{remaining} still to pay")]
    Underpaid { remaining: Decimal },
    #[error("non-cash payments cannot exceed the amount due; only cash gives change")]
    NonCashOverpayment,
}

fn check_one(p: &Payment, policy: &StorePolicy) -> Result<(), TenderError> {
    if p.amount() <= Decimal::ZERO {
        return Err(TenderError::NonPositive);
    }
    match p {
        Payment::Card { reference, .. } if reference.trim().is_empty() => {
            Err(TenderError::MissingCardReference)
        }
        Payment::GiftCard { card, .. } if card.trim().is_empty() => {
            Err(TenderError::MissingAccount("gift card"))
        }
        Payment::StoreCredit { account, .. } if account.trim().is_empty() => {
            Err(TenderError::MissingAccount("store credit"))
        }
        Payment::Loyalty { account, .. } if account.trim().is_empty() => {
            Err(TenderError::MissingAccount("loyalty"))
        }
        Payment::Loyalty { amount, points, .. } => match policy.loyalty_point_value {
            Some(v) if policy.round(v * Decimal::from(*points)) != *amount => {
                Err(TenderError::LoyaltyValue {
                    points: *points,
                    amount: *amount,
                    expected: policy.round(v * Decimal::from(*points)),
                })
            }
            _ => Ok(()),
        },
        _ => Ok(()),
    }
}

fn check_balances(payments: &[Payment], b: &Balances) -> Result<(), TenderError> {
    let short = |what: &'static str,
                 id: &str,
                 list: &[(String, Decimal)],
                 pick: &dyn Fn(&Payment) -> Option<(String, Decimal)>| {
        let Some(&(_, balance)) = list.iter().find(|(k, _)| k == id) else {
            return Ok(());
        };
        let amount: Decimal = payments
            .iter()
            .filter_map(pick)
            .filter(|(k, _)| k == id)
            .map(|(_, a)| a)
            .sum();
        if amount > balance {
            return Err(TenderError::InsufficientBalance {
                what,
                id: id.to_string(),
                balance,
                amount,
            });
        }
        Ok(())
    };
    for p in payments {
        match p {
            Payment::GiftCard { card, .. } => {
                short("gift card", card, &b.gift_cards, &|p| match p {
                    Payment::GiftCard { card, amount } => Some((card.clone(), *amount)),
                    _ => None,
                })?
            }
            Payment::StoreCredit { account, .. } => {
                short("store credit", account, &b.store_credit, &|p| match p {
                    Payment::StoreCredit { account, amount } => Some((account.clone(), *amount)),
                    _ => None,
                })?
            }
            Payment::Loyalty { account, .. } => {
                if let Some(&(_, held)) = b.loyalty_points.iter().find(|(k, _)| k == account) {
                    let used: u64 = payments
                        .iter()
                        .filter_map(|p| match p {
                            Payment::Loyalty {
                                account: a, points, ..
                            } if a == account => Some(*points),
                            _ => None,
                        })
                        .sum();
                    if used > held {
                        return Err(TenderError::InsufficientBalance {
                            what: "loyalty account",
                            id: account.clone(),
                            balance: Decimal::from(held),
                            amount: Decimal::from(used),
                        });
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Settle `total + tip` with `payments` by the settlement rule above.
pub fn settle(
    total: Decimal,
    tip: Decimal,
    payments: &[Payment],
    policy: &StorePolicy,
    balances: Option<&Balances>,
) -> Result<Settlement, TenderError> {
    for p in payments {
        check_one(p, policy)?;
    }
    if tip < Decimal::ZERO {
        return Err(TenderError::NegativeTip);
    }
    if let Some(b) = balances {
        check_balances(payments, b)?;
    }
    let scale = policy.scale();
    let due = policy.round(total + tip);
    let non_cash: Decimal = payments
        .iter()
        .filter(|p| !p.is_cash())
        .map(Payment::amount)
        .sum();
    let cash: Decimal = payments
        .iter()
        .filter(|p| p.is_cash())
        .map(Payment::amount)
        .sum();
    if non_cash > due {
        return Err(TenderError::NonCashOverpayment);
    }
    let remaining = due - non_cash;
    let cash_due = match &policy.cash_rounding {
        Some(r) if cash > Decimal::ZERO => r.round(remaining, scale),
        _ => remaining,
    };
    if cash < cash_due {
        return Err(TenderError::Underpaid {
            remaining: policy.round(cash_due - cash),
        });
    }
    Ok(Settlement {
        due,
        paid: policy.round(non_cash + cash),
        rounding: policy.round(cash_due - remaining),
        change: policy.round(cash - cash_due),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cash_rounding::CashRounding;
    use rust_decimal_macros::dec;

    #[test]
    fn only_cash_overpays() {
        let p = StorePolicy::default();
        let card = Payment::Card {
            amount: dec!(11),
            reference: "T1".into(),
        };
        assert_eq!(
            settle(dec!(10), dec!(0), &[card], &p, None),
            Err(TenderError::NonCashOverpayment)
        );
        let s = settle(
            dec!(10),
            dec!(1),
            &[Payment::Card {
                amount: dec!(11),
                reference: "T1".into(),
            }],
            &p,
            None,
        )
        .unwrap();
        assert_eq!((s.due, s.change), (dec!(11.00), dec!(0.00)));
    }

    #[test]
    fn cash_rounding_applies_to_the_cash_part_only() {
        let p = StorePolicy {
            cash_rounding: Some(CashRounding::swiss()),
            ..StorePolicy::default()
        };
        let pay = [
            Payment::Card {
                amount: dec!(5.00),
                reference: "T".into(),
            },
            Payment::Cash { amount: dec!(10) },
        ];
        let s = settle(dec!(12.42), dec!(0), &pay, &p, None).unwrap();
        assert_eq!((s.rounding, s.change), (dec!(-0.02), dec!(2.60)));
        // All by card: no rounding.
        let s = settle(
            dec!(12.42),
            dec!(0),
            &[Payment::Card {
                amount: dec!(12.42),
                reference: "T".into(),
            }],
            &p,
            None,
        )
        .unwrap();
        assert_eq!(s.rounding, dec!(0.00));
    }

    #[test]
    fn balances_are_checked() {
        let p = StorePolicy::default();
        let b = Balances {
            gift_cards: vec![("G1".into(), dec!(5))],
            ..Balances::default()
        };
        let pay = [
            Payment::GiftCard {
                amount: dec!(6),
                card: "G1".into(),
            },
            Payment::Cash { amount: dec!(4) },
        ];
        assert!(matches!(
            settle(dec!(10), dec!(0), &pay, &p, Some(&b)),
            Err(TenderError::InsufficientBalance { .. })
        ));
    }
}
