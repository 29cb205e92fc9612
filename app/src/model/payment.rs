//! The payment form's rules: what is left to pay after the exchange credit and the listed payments, the cash
//! due (cash rounding), the payment being entered, whether it may go on the list, and whether everything
//! settles the total (`shared::tender::settle`, cash last so that cash gives the change).
//!
//! Plain data: the dialog (`ui::payment`) keeps the typed text in signals and asks a `PaymentForm` built from
//! them.

use super::commerce::mask_card;
use super::error::RuleError;
pub use super::tender::{Method, NOTES};
use rust_decimal::Decimal;
use shared::catalog::{CustomerRecord, GiftCardBalance};
use shared::money::parse_amount;
use shared::policy::StorePolicy;
use shared::tender::{settle, Balances, Payment, Settlement, TenderError};
use uuid::Uuid;

/// The balance `balances` holds for `account` (the till's: synced less its outbox).
fn held(balances: &[(String, Decimal)], account: &str) -> Option<Decimal> {
    balances.iter().find(|(a, _)| a == account).map(|(_, b)| *b)
}

/// What the cashier has typed for the chosen method.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Entry {
    pub method: Method,
    /// Cash: the amount tendered.
    pub tendered: String,
    /// Card: the reference from the card terminal.
    pub card_ref: String,
    /// Gift card: its number.
    pub gift_no: String,
    /// The amount field (card, gift card, store credit); `None`: its default, the remaining due.
    pub amount: Option<String>,
    /// Loyalty: the points to redeem; empty: as many as fit the amount due (`shared::loyalty::points_for`).
    pub points: String,
}

/// An exchange under way: its id and what the returned goods are worth.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExchangeValue {
    pub id: Uuid,
    pub value: Decimal,
}

/// Everything the payment dialog decides from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentForm {
    pub total: Decimal,
    pub policy: StorePolicy,
    /// Balances the till knows (gift cards, the customer's store credit), checked by `settle`.
    pub balances: Balances,
    pub customer: Option<CustomerRecord>,
    /// The gift card `entry.gift_no` names, when the till knows it.
    pub gift_card: Option<GiftCardBalance>,
    pub exchange: Option<ExchangeValue>,
    /// Payments already put on the list, in order.
    pub listed: Vec<Payment>,
    pub entry: Entry,
}

impl PaymentForm {
    fn zero_sum<'a>(payments: impl Iterator<Item = &'a Payment>) -> Decimal {
        payments.map(Payment::amount).sum()
    }

    /// The credit the returned goods give this sale (up to its total), as the payment `Exchange::create`
    /// adds.
    pub fn exchange_credit(&self) -> Option<Payment> {
        let e = self.exchange?;
        let amount = e.value.min(self.total);
        (amount > Decimal::ZERO).then_some(Payment::ExchangeCredit {
            amount,
            exchange_id: e.id,
        })
    }

    /// What the customer gets back beyond the total, for the returned goods.
    pub fn paid_back(&self) -> Option<Decimal> {
        self.exchange
            .map(|e| e.value - self.total)
            .filter(|d| *d > Decimal::ZERO)
    }

    fn credit(&self) -> Decimal {
        self.exchange_credit().map_or(Decimal::ZERO, |c| c.amount())
    }

    /// What is left after the exchange credit and the listed payments (never below zero).
    pub fn remaining(&self) -> Decimal {
        let paid = Self::zero_sum(self.listed.iter());
        self.policy
            .round((self.total - self.credit() - paid).max(Decimal::ZERO))
    }

    /// What is due in cash after the listed payments, rounded to the cash increment when the store rounds
    /// cash.
    pub fn cash_due(&self) -> Decimal {
        let non_cash = Self::zero_sum(self.listed.iter().filter(|p| !p.is_cash()));
        let cash = Self::zero_sum(self.listed.iter().filter(|p| p.is_cash()));
        let p = &self.policy;
        let left = (self.total - self.credit() - non_cash).max(Decimal::ZERO);
        let rounded = match &p.cash_rounding {
            Some(r) => r.round(left, p.scale()),
            None => p.round(left),
        };
        p.round((rounded - cash).max(Decimal::ZERO))
    }

    /// The default of the amount field: the remaining due, capped by the gift card's or store credit's balance as
    /// this till sees it.
    pub fn default_amount(&self) -> Decimal {
        let left = self.remaining();
        match self.entry.method {
            Method::GiftCard => self.gift_card.as_ref().map_or(left, |g| {
                held(&self.balances.gift_cards, &g.code)
                    .unwrap_or(g.balance)
                    .min(left)
            }),
            Method::StoreCredit => self.customer.as_ref().map_or(left, |c| {
                held(&self.balances.store_credit, &c.id)
                    .unwrap_or(c.store_credit)
                    .min(left)
            }),
            Method::Cash | Method::Card | Method::Loyalty => left,
        }
        .max(Decimal::ZERO)
    }

    /// Notes above the cash due, for quick tenders.
    pub fn notes(&self) -> Vec<Decimal> {
        let due = self.cash_due();
        NOTES
            .iter()
            .map(|&n| Decimal::from(n))
            .filter(|n| *n > due)
            .collect()
    }

    fn parse_money(&self, text: &str, what: &'static str) -> Result<Decimal, RuleError> {
        let amount = parse_amount(text).ok_or(RuleError::NotANumber { what })?;
        let scale = self.policy.scale();
        if amount.normalize().scale() > scale {
            return Err(RuleError::TooManyDecimals { what, scale });
        }
        Ok(amount)
    }

    fn entered_amount(&self) -> Result<Decimal, RuleError> {
        match &self.entry.amount {
            Some(text) if !text.trim().is_empty() => self.parse_money(text, "amount"),
            _ => Ok(self.default_amount()),
        }
    }

    /// The payment being entered with the chosen method: `Ok(None)` when nothing is entered yet.
    pub fn pending(&self) -> Result<Option<Payment>, RuleError> {
        let e = &self.entry;
        match e.method {
            Method::Cash => {
                if e.tendered.trim().is_empty() {
                    return Ok(None);
                }
                let amount = self.parse_money(&e.tendered, "amount tendered")?;
                Ok(Some(Payment::Cash { amount }))
            }
            Method::Card => {
                let reference = e.card_ref.trim().to_string();
                if reference.is_empty() {
                    return Ok(None);
                }
                Ok(Some(Payment::Card {
                    amount: self.entered_amount()?,
                    reference,
                }))
            }
            Method::GiftCard => {
                if e.gift_no.trim().is_empty() {
                    return Ok(None);
                }
                let Some(card) = &self.gift_card else {
                    return Err(RuleError::UnknownGiftCard {
                        masked: mask_card(&e.gift_no),
                    });
                };
                Ok(Some(Payment::GiftCard {
                    amount: self.entered_amount()?,
                    card: card.code.clone(),
                }))
            }
            Method::StoreCredit => {
                let Some(c) = &self.customer else {
                    return Err(RuleError::NothingEntered(Method::StoreCredit));
                };
                Ok(Some(Payment::StoreCredit {
                    amount: self.entered_amount()?,
                    account: c.id.clone(),
                }))
            }
            Method::Loyalty => self.loyalty(),
        }
    }

    /// The customer's points as this till sees them (synced minus what its outbox spent).
    pub fn points_balance(&self) -> i64 {
        let Some(c) = &self.customer else { return 0 };
        self.balances
            .loyalty_points
            .iter()
            .find(|(a, _)| *a == c.id)
            .map_or(0, |(_, p)| i64::try_from(*p).unwrap_or(i64::MAX))
    }

    /// The loyalty payment entered: the typed points (or as many as fit), at the store's point value.
    fn loyalty(&self) -> Result<Option<Payment>, RuleError> {
        let (Some(c), Some(value)) = (&self.customer, self.policy.loyalty_point_value) else {
            return Err(RuleError::NothingEntered(Method::Loyalty));
        };
        let typed = self.entry.points.trim();
        let points = if typed.is_empty() {
            shared::loyalty::points_for(self.remaining(), Some(value), self.points_balance())
        } else {
            typed
                .parse::<u64>()
                .map_err(|_| RuleError::NotANumber { what: "points" })?
        };
        if points == 0 {
            return Ok(None);
        }
        Ok(Some(Payment::Loyalty {
            amount: self.policy.round(value * Decimal::from(points)),
            points,
            account: c.id.clone(),
        }))
    }

    /// The payments to complete the sale with (the listed ones, plus what is entered now, cash last; the
    /// exchange credit is not among them, `Exchange::create` adds it), if they settle the total; otherwise
    /// what the cashier still has to do.
    pub fn settle(&self) -> Result<(Vec<Payment>, Settlement), RuleError> {
        let mut all = self.listed.clone();
        let credit = self.exchange_credit();
        let pending = self.pending()?;
        let nothing_pending = pending.is_none();
        match pending {
            Some(p) => all.push(p),
            None if all.is_empty() && credit.is_none() => {
                return Err(RuleError::NothingEntered(self.entry.method))
            }
            None => {}
        }
        // Cash last: it is the one that gives change.
        all.sort_by_key(Payment::is_cash);
        // Settled as `Exchange::create` will: the exchange credit first.
        let with_credit: Vec<Payment> = credit.into_iter().chain(all.iter().cloned()).collect();
        match settle(
            self.total,
            Decimal::ZERO,
            &with_credit,
            &self.policy,
            Some(&self.balances),
        ) {
            Ok(s) => Ok((all, s)),
            Err(TenderError::Underpaid { remaining }) => Err(RuleError::StillToPay {
                remaining: if nothing_pending {
                    self.remaining()
                } else {
                    remaining
                },
                currency: self.policy.settings.currency.clone(),
                then: nothing_pending.then_some(self.entry.method),
            }),
            Err(e) => Err(RuleError::Tender(e)),
        }
    }

    /// A payment that may go on the list: entered, valid on its own, and (unless cash) within what is left.
    /// Cash with nothing typed adds the cash due.
    pub fn addable(&self) -> Result<Payment, RuleError> {
        let p = match self.pending()? {
            Some(p) => p,
            None if self.entry.method == Method::Cash => Payment::Cash {
                amount: self.cash_due(),
            },
            None => return Err(RuleError::NothingEntered(self.entry.method)),
        };
        if p.amount() <= Decimal::ZERO {
            return Err(RuleError::NotPositive);
        }
        let remaining = self.remaining();
        if !p.is_cash() && p.amount() > remaining {
            return Err(RuleError::OverRemaining {
                remaining,
                currency: self.policy.settings.currency.clone(),
            });
        }
        Ok(p)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use shared::cash_rounding::CashRounding;

    pub(crate) fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    pub(crate) fn form(total: &str) -> PaymentForm {
        PaymentForm {
            total: dec(total),
            policy: StorePolicy::default(),
            balances: Balances::default(),
            customer: None,
            gift_card: None,
            exchange: None,
            listed: Vec::new(),
            entry: Entry::default(),
        }
    }

    pub(crate) fn cash(amount: &str) -> Payment {
        Payment::Cash {
            amount: dec(amount),
        }
    }

    pub(crate) fn card(amount: &str) -> Payment {
        Payment::Card {
            amount: dec(amount),
            reference: "A1".into(),
        }
    }

    pub(crate) fn with_cash(mut f: PaymentForm, tendered: &str) -> PaymentForm {
        f.entry.method = Method::Cash;
        f.entry.tendered = tendered.into();
        f
    }

    pub(crate) fn with_card(mut f: PaymentForm, amount: Option<&str>) -> PaymentForm {
        f.entry.method = Method::Card;
        f.entry.card_ref = " A1 ".into();
        f.entry.amount = amount.map(str::to_string);
        f
    }

    fn customer(credit: &str) -> CustomerRecord {
        CustomerRecord {
            id: "c1".into(),
            name: "Erika".into(),
            group: None,
            exemption: Default::default(),
            store_credit: dec(credit),
            loyalty_points: 0,
            ..Default::default()
        }
    }

    #[test]
    fn cash_over_the_total_gives_change() {
        let f = with_cash(form("12.34"), "20");
        let (payments, s) = f.settle().unwrap();
        assert_eq!(payments, vec![cash("20")]);
        assert_eq!(s.change, dec("7.66"));
        assert_eq!(f.notes(), vec![dec("20"), dec("50"), dec("100")]);
    }

    #[test]
    fn nothing_entered_says_what_to_enter_and_cash_adds_the_cash_due() {
        let f = form("10");
        assert_eq!(f.settle(), Err(RuleError::NothingEntered(Method::Cash)));
        assert_eq!(f.addable(), Ok(cash("10")));
        let f = with_cash(form("10"), "4");
        assert_eq!(
            f.settle().unwrap_err().to_string(),
            "6.00 EUR still to pay."
        );
        let mut f = form("10");
        f.entry.method = Method::Card;
        assert_eq!(f.addable(), Err(RuleError::NothingEntered(Method::Card)));
    }

    #[test]
    fn split_tender_puts_cash_last_and_cash_gives_the_change() {
        let mut f = form("10");
        f.listed = vec![cash("5")];
        let f = with_card(f, Some("4"));
        assert_eq!(f.remaining(), dec("5"));
        assert_eq!(
            f.settle(),
            Err(RuleError::StillToPay {
                remaining: dec("1.00"),
                currency: f.policy.settings.currency.clone(),
                then: None
            })
        );
        let mut f = with_card(f, None);
        assert_eq!(f.default_amount(), dec("5"));
        let (payments, s) = f.settle().unwrap();
        assert_eq!(payments, vec![card("5"), cash("5")]);
        assert_eq!(s.change, dec("0.00"));
        // Listed payments alone, nothing entered: what is left, and what to enter.
        f.listed = vec![card("4")];
        f.entry.card_ref.clear();
        assert_eq!(f.remaining(), dec("6"));
        assert_eq!(
            f.settle().unwrap_err().to_string(),
            "6.00 EUR still to pay. Enter the reference shown by the card terminal."
        );
        // Cash tendered over the rest of a split gives the change.
        f.listed.push(cash("10"));
        let f = with_cash(f, "");
        assert_eq!(f.settle().unwrap().1.change, dec("4.00"));
    }

    #[test]
    fn only_cash_may_pay_more_than_is_left() {
        let f = with_card(form("10"), Some("12"));
        assert_eq!(
            f.settle(),
            Err(RuleError::Tender(TenderError::NonCashOverpayment))
        );
        assert_eq!(
            f.addable().unwrap_err().to_string(),
            "Only 10.00 EUR is left to pay; only cash can be more."
        );
        let f = with_cash(form("10"), "12");
        assert_eq!(f.addable(), Ok(cash("12")));
        assert_eq!(f.settle().unwrap().1.change, dec("2.00"));
    }

    #[test]
    fn amounts_are_numbers_at_the_currency_scale() {
        assert_eq!(
            with_cash(form("10"), "abc").settle(),
            Err(RuleError::NotANumber {
                what: "amount tendered"
            })
        );
        assert_eq!(
            with_card(form("10"), Some("1.005")).settle(),
            Err(RuleError::TooManyDecimals {
                what: "amount",
                scale: 2
            })
        );
        assert_eq!(
            with_card(form("10"), Some("0")).addable(),
            Err(RuleError::NotPositive)
        );
    }

    #[test]
    fn gift_cards_are_capped_by_their_balance() {
        let mut f = form("10");
        f.entry.method = Method::GiftCard;
        f.entry.gift_no = "gc-0001".into();
        assert_eq!(
            f.pending(),
            Err(RuleError::UnknownGiftCard {
                masked: "****0001".into()
            })
        );
        f.gift_card = Some(GiftCardBalance {
            code: "GC-0001".into(),
            balance: dec("6"),
        });
        f.balances.gift_cards = vec![("GC-0001".into(), dec("6"))];
        assert_eq!(f.default_amount(), dec("6"));
        assert_eq!(
            f.addable(),
            Ok(Payment::GiftCard {
                amount: dec("6"),
                card: "GC-0001".into()
            })
        );
        f.entry.amount = Some("7".into());
        assert!(matches!(
            f.settle(),
            Err(RuleError::Tender(TenderError::InsufficientBalance { .. }))
        ));
    }

    #[test]
    fn store_credit_needs_a_customer_and_is_capped_by_their_credit() {
        let mut f = form("10");
        f.entry.method = Method::StoreCredit;
        assert_eq!(
            f.pending(),
            Err(RuleError::NothingEntered(Method::StoreCredit))
        );
        f.customer = Some(customer("4"));
        assert_eq!(f.default_amount(), dec("4"));
        f.customer = Some(customer("25"));
        assert_eq!(f.default_amount(), dec("10"));
        assert_eq!(f.settle().unwrap().0.len(), 1);
        // Offered only what the till's balance holds once its outbox's spending is taken off.
        f.balances.store_credit = vec![("c1".into(), dec("6"))];
        assert_eq!(f.default_amount(), dec("6"));
    }

    #[test]
    fn cash_rounding_rounds_only_the_cash_due() {
        let mut f = form("10.02");
        f.policy.cash_rounding = Some(CashRounding::swiss());
        assert_eq!(f.remaining(), dec("10.02"));
        assert_eq!(f.cash_due(), dec("10.00"));
        let f = with_cash(f, "10");
        let (_, s) = f.settle().unwrap();
        assert_eq!((s.change, s.rounding), (dec("0.00"), dec("-0.02")));
        // A card pays the exact amount, unrounded.
        let f = with_card(f, None);
        assert_eq!(f.default_amount(), dec("10.02"));
    }

    #[test]
    fn an_exchange_credit_pays_first_and_the_rest_is_paid_back() {
        let id = Uuid::from_u128(9);
        let mut f = form("10");
        f.exchange = Some(ExchangeValue {
            id,
            value: dec("15"),
        });
        assert_eq!(
            f.exchange_credit(),
            Some(Payment::ExchangeCredit {
                amount: dec("10"),
                exchange_id: id
            })
        );
        assert_eq!(f.paid_back(), Some(dec("5")));
        assert_eq!(f.remaining(), dec("0"));
        // Nothing else to pay: the sale may be completed with no payment of its own.
        assert_eq!(f.settle().map(|(p, _)| p), Ok(vec![]));

        f.exchange = Some(ExchangeValue {
            id,
            value: dec("4"),
        });
        assert_eq!(f.paid_back(), None);
        assert_eq!(f.remaining(), dec("6"));
        assert_eq!(
            f.settle().unwrap_err().to_string(),
            "6.00 EUR still to pay. Enter the amount tendered, or choose Exact."
        );
        let f = with_cash(f, "6");
        assert_eq!(f.settle().map(|(p, _)| p), Ok(vec![cash("6")]));
    }

    #[test]
    fn points_redeem_at_the_point_value_within_the_till_balance() {
        let mut f = form("7.35");
        f.entry.method = Method::Loyalty;
        assert_eq!(f.pending(), Err(RuleError::NothingEntered(Method::Loyalty)));
        f.policy.loyalty_point_value = Some(dec("0.05"));
        f.customer = Some(customer("0"));
        // The till's balance: 120 synced, 20 spent by a sale still in the outbox.
        let synced = Balances {
            loyalty_points: vec![("c1".into(), 120)],
            ..Balances::default()
        };
        let spent = [Payment::Loyalty {
            amount: dec("1.00"),
            points: 20,
            account: "c1".into(),
        }];
        f.balances = shared::loyalty::till_balances(&synced, &spent);
        assert_eq!(f.points_balance(), 100);
        assert_eq!(
            f.pending(),
            Ok(Some(Payment::Loyalty {
                amount: dec("5.00"),
                points: 100,
                account: "c1".into()
            })),
            "as many as the balance holds"
        );
        f.entry.points = "40".into();
        assert!(f.settle().is_err(), "2.00 of 7.35 does not settle");
        assert!(matches!(
            f.addable(),
            Ok(Payment::Loyalty { points: 40, .. })
        ));
        f.entry.points = "101".into();
        assert!(f.settle().is_err(), "more points than the till's balance");
        f.entry.points = "many".into();
        assert_eq!(f.pending(), Err(RuleError::NotANumber { what: "points" }));
    }
}
