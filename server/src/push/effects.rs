//! What accepted documents do to the balances the server keeps: coupon uses, gift cards, store credit and
//! loyalty points. Written once for every store: the plan lists the effects, the store reads the balances they
//! touch ([`Keys`] → [`Held`]), [`settle`] computes the new balances and the flags, and the store writes them,
//! each changed balance with the next value of the global change sequence so terminals pull it.
//!
//! Named rules:
//! - **coupon use**: a sale redeems one use of each code in `priced.redeemed_coupons()`; a void gives them
//!   back. A limited code never goes below 0: a sale made offline with an exhausted code is still accepted
//!   (documents are facts) and flagged `coupon_exhausted`. A code with unlimited uses has nothing to count.
//! - **balances**: gift card, store credit and loyalty payments draw on their card or account; refund payouts
//!   to them (and a return without a receipt's store credit) and voids put the amount back. Offline sales may overspend: the balance goes negative and the
//!   mutation is flagged. A card or account the server does not know is flagged and nothing is changed.
//!
//! Store credit and loyalty accounts are customer ids.

use shared::document::{Refund, SaleDocument, UnreceiptedReturn};
use shared::promotion::normalize_code;
use shared::tender::Payment;
use shared::Decimal;
use std::collections::{BTreeSet, HashMap};
use uuid::Uuid;

/// One change to one balance, caused by one mutation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Uses of a coupon code (normalised): −1 redeemed, +1 given back by a void.
    Coupon {
        mutation_id: Uuid,
        code: String,
        uses: i64,
    },
    GiftCard {
        mutation_id: Uuid,
        code: String,
        amount: Decimal,
    },
    StoreCredit {
        mutation_id: Uuid,
        account: String,
        amount: Decimal,
    },
    Loyalty {
        mutation_id: Uuid,
        account: String,
        points: i64,
    },
}

fn points(p: u64) -> i64 {
    i64::try_from(p).unwrap_or(i64::MAX)
}

/// The balance effects of one payment (`sign` −1 when taken, +1 when paid back).
fn of_payment(mutation_id: Uuid, p: &Payment, sign: i64, out: &mut Vec<Effect>) {
    let signed = |a: Decimal| a * Decimal::from(sign);
    match p {
        Payment::GiftCard { amount, card } => out.push(Effect::GiftCard {
            mutation_id,
            code: card.clone(),
            amount: signed(*amount),
        }),
        Payment::StoreCredit { amount, account } => out.push(Effect::StoreCredit {
            mutation_id,
            account: account.clone(),
            amount: signed(*amount),
        }),
        Payment::Loyalty {
            points: used,
            account,
            ..
        } => out.push(Effect::Loyalty {
            mutation_id,
            account: account.clone(),
            points: points(*used).saturating_mul(sign),
        }),
        Payment::Cash { .. } | Payment::Card { .. } | Payment::ExchangeCredit { .. } => {}
    }
}

/// A sale redeems its coupons and draws its payments.
pub fn of_sale(mutation_id: Uuid, sale: &SaleDocument, out: &mut Vec<Effect>) {
    for code in sale.priced.redeemed_coupons() {
        out.push(Effect::Coupon {
            mutation_id,
            code: normalize_code(code),
            uses: -1,
        });
    }
    for p in &sale.payments {
        of_payment(mutation_id, p, -1, out);
    }
}

/// A refund pays back to its payouts' cards and accounts.
pub fn of_refund(mutation_id: Uuid, refund: &Refund, out: &mut Vec<Effect>) {
    for p in &refund.payouts {
        of_payment(mutation_id, &p.payment, 1, out);
    }
}

/// A return without a receipt puts its store credit payout on the account.
pub fn of_unreceipted_return(mutation_id: Uuid, r: &UnreceiptedReturn, out: &mut Vec<Effect>) {
    for p in &r.payouts {
        of_payment(mutation_id, p, 1, out);
    }
}

/// A void gives back the sale's coupon uses and payments.
pub fn of_void(mutation_id: Uuid, sale: &SaleDocument, out: &mut Vec<Effect>) {
    for code in sale.priced.redeemed_coupons() {
        out.push(Effect::Coupon {
            mutation_id,
            code: normalize_code(code),
            uses: 1,
        });
    }
    for p in &sale.payments {
        of_payment(mutation_id, p, 1, out);
    }
}

/// The balances a list of effects touches, each once and sorted (stores read them in one query each).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Keys {
    pub coupons: Vec<String>,
    pub gift_cards: Vec<String>,
    /// Customer ids (store credit and loyalty accounts).
    pub customers: Vec<String>,
}

impl Keys {
    pub fn of(effects: &[Effect]) -> Keys {
        let (mut coupons, mut cards, mut customers) =
            (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
        for e in effects {
            match e {
                Effect::Coupon { code, .. } => coupons.insert(code.clone()),
                Effect::GiftCard { code, .. } => cards.insert(code.clone()),
                Effect::StoreCredit { account, .. } | Effect::Loyalty { account, .. } => {
                    customers.insert(account.clone())
                }
            };
        }
        Keys {
            coupons: coupons.into_iter().collect(),
            gift_cards: cards.into_iter().collect(),
            customers: customers.into_iter().collect(),
        }
    }
}

/// A customer's balances as stored (loyalty points may be negative after offline overspending).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CustomerBalance {
    pub store_credit: Decimal,
    pub loyalty_points: i64,
}

/// The stored balances of the keys (absent: no such coupon, card or customer).
#[derive(Clone, Debug, Default)]
pub struct Held {
    /// Remaining uses by code; `None`: unlimited.
    pub coupons: HashMap<String, Option<u32>>,
    pub gift_cards: HashMap<String, Decimal>,
    pub customers: HashMap<String, CustomerBalance>,
}

/// Why a mutation was flagged: accepted, but worth a look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagKind {
    CouponExhausted,
    UnknownCoupon,
    GiftCardOverdrawn,
    UnknownGiftCard,
    StoreCreditOverdrawn,
    LoyaltyOverdrawn,
    UnknownAccount,
    /// A refund (or an exchange's return) by a cashier without the permission and without a valid approval.
    UnapprovedRefund,
    /// A void by a cashier without the permission and without a valid approval.
    UnapprovedVoid,
    /// A sale whose discount approval does not check out.
    UnapprovedDiscount,
    /// A return without a receipt by a cashier without the permission and without a valid approval.
    UnapprovedReturn,
}

impl FlagKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FlagKind::CouponExhausted => "coupon_exhausted",
            FlagKind::UnknownCoupon => "unknown_coupon",
            FlagKind::GiftCardOverdrawn => "gift_card_overdrawn",
            FlagKind::UnknownGiftCard => "unknown_gift_card",
            FlagKind::StoreCreditOverdrawn => "store_credit_overdrawn",
            FlagKind::LoyaltyOverdrawn => "loyalty_overdrawn",
            FlagKind::UnknownAccount => "unknown_account",
            FlagKind::UnapprovedRefund => "unapproved_refund",
            FlagKind::UnapprovedVoid => "unapproved_void",
            FlagKind::UnapprovedDiscount => "unapproved_discount",
            FlagKind::UnapprovedReturn => "unapproved_return",
        }
    }
}

/// A flagged mutation: what about, and the balance it left.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flag {
    pub mutation_id: Uuid,
    pub kind: FlagKind,
    /// The coupon code, gift card or account.
    pub subject: String,
    pub detail: String,
}

/// New balances to write (only those that changed, in key order) and the flags raised.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settled {
    pub coupons: Vec<(String, u32)>,
    pub gift_cards: Vec<(String, Decimal)>,
    pub customers: Vec<(String, CustomerBalance)>,
    pub flags: Vec<Flag>,
}

impl Settled {
    /// How many balances change (each takes a change sequence value).
    pub fn changes(&self) -> usize {
        self.coupons.len() + self.gift_cards.len() + self.customers.len()
    }
}

/// Apply the effects in order to the held balances, by the rules above.
pub fn settle(effects: &[Effect], mut held: Held) -> Settled {
    let mut flags = Vec::new();
    let mut flag = |mutation_id: Uuid, kind: FlagKind, subject: &str, detail: String| {
        tracing::warn!(%mutation_id, kind = kind.as_str(), subject, %detail, "push flagged");
        flags.push(Flag {
            mutation_id,
            kind,
            subject: subject.to_owned(),
            detail,
        });
    };
    let mut coupons_changed = BTreeSet::new();
    let mut cards_changed = BTreeSet::new();
    let mut customers_changed = BTreeSet::new();
    for e in effects {
        match e {
            Effect::Coupon {
                mutation_id,
                code,
                uses,
            } => match held.coupons.get_mut(code) {
                None => flag(
                    *mutation_id,
                    FlagKind::UnknownCoupon,
                    code,
                    "no such coupon".into(),
                ),
                Some(None) => {}
                Some(Some(left)) => {
                    let wanted = i64::from(*left) + uses;
                    if wanted < 0 {
                        flag(
                            *mutation_id,
                            FlagKind::CouponExhausted,
                            code,
                            "redeemed with no uses left".into(),
                        );
                    }
                    let next = u32::try_from(wanted.max(0)).unwrap_or(u32::MAX);
                    if next != *left {
                        *left = next;
                        coupons_changed.insert(code.clone());
                    }
                }
            },
            Effect::GiftCard {
                mutation_id,
                code,
                amount,
            } => match held.gift_cards.get_mut(code) {
                None => flag(
                    *mutation_id,
                    FlagKind::UnknownGiftCard,
                    code,
                    format!("no such gift card; {amount} not booked"),
                ),
                Some(balance) => {
                    *balance += *amount;
                    cards_changed.insert(code.clone());
                    if *balance < Decimal::ZERO && *amount < Decimal::ZERO {
                        flag(
                            *mutation_id,
                            FlagKind::GiftCardOverdrawn,
                            code,
                            format!("balance {balance}"),
                        );
                    }
                }
            },
            Effect::StoreCredit {
                mutation_id,
                account,
                amount,
            } => match held.customers.get_mut(account) {
                None => flag(
                    *mutation_id,
                    FlagKind::UnknownAccount,
                    account,
                    format!("no such customer; store credit {amount} not booked"),
                ),
                Some(c) => {
                    c.store_credit += *amount;
                    customers_changed.insert(account.clone());
                    if c.store_credit < Decimal::ZERO && *amount < Decimal::ZERO {
                        let detail = format!("store credit {}", c.store_credit);
                        flag(
                            *mutation_id,
                            FlagKind::StoreCreditOverdrawn,
                            account,
                            detail,
                        );
                    }
                }
            },
            Effect::Loyalty {
                mutation_id,
                account,
                points,
            } => match held.customers.get_mut(account) {
                None => flag(
                    *mutation_id,
                    FlagKind::UnknownAccount,
                    account,
                    format!("no such customer; {points} loyalty points not booked"),
                ),
                Some(c) => {
                    c.loyalty_points = c.loyalty_points.saturating_add(*points);
                    customers_changed.insert(account.clone());
                    if c.loyalty_points < 0 && *points < 0 {
                        let detail = format!("loyalty points {}", c.loyalty_points);
                        flag(*mutation_id, FlagKind::LoyaltyOverdrawn, account, detail);
                    }
                }
            },
        }
    }
    let coupons = coupons_changed
        .into_iter()
        .filter_map(|c| match held.coupons.get(&c) {
            Some(Some(left)) => Some((c, *left)),
            _ => None,
        })
        .collect();
    let gift_cards = cards_changed
        .into_iter()
        .filter_map(|c| held.gift_cards.get(&c).map(|b| (c, *b)))
        .collect();
    let customers = customers_changed
        .into_iter()
        .filter_map(|c| held.customers.get(&c).map(|b| (c, *b)))
        .collect();
    Settled {
        coupons,
        gift_cards,
        customers,
        flags,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    #[test]
    fn coupons_count_down_to_zero_and_flag_beyond() {
        let held = Held {
            coupons: HashMap::from([("ONCE".to_string(), Some(1)), ("ALL".to_string(), None)]),
            ..Held::default()
        };
        let use_of = |n, code: &str| Effect::Coupon {
            mutation_id: id(n),
            code: code.into(),
            uses: -1,
        };
        let s = settle(
            &[
                use_of(1, "ONCE"),
                use_of(2, "ONCE"),
                use_of(3, "ALL"),
                use_of(4, "NONE"),
            ],
            held,
        );
        assert_eq!(s.coupons, vec![("ONCE".to_string(), 0)]);
        let kinds: Vec<_> = s.flags.iter().map(|f| (f.mutation_id, f.kind)).collect();
        assert_eq!(
            kinds,
            vec![
                (id(2), FlagKind::CouponExhausted),
                (id(4), FlagKind::UnknownCoupon)
            ]
        );
    }

    #[test]
    fn balances_may_go_negative_and_are_flagged() {
        let held = Held {
            gift_cards: HashMap::from([("G".to_string(), Decimal::new(1000, 2))]),
            customers: HashMap::from([(
                "c".to_string(),
                CustomerBalance {
                    store_credit: Decimal::new(500, 2),
                    loyalty_points: 10,
                },
            )]),
            ..Held::default()
        };
        let effects = [
            Effect::GiftCard {
                mutation_id: id(1),
                code: "G".into(),
                amount: Decimal::new(-1500, 2),
            },
            Effect::StoreCredit {
                mutation_id: id(2),
                account: "c".into(),
                amount: Decimal::new(-200, 2),
            },
            Effect::Loyalty {
                mutation_id: id(3),
                account: "c".into(),
                points: -20,
            },
            Effect::GiftCard {
                mutation_id: id(4),
                code: "unknown".into(),
                amount: Decimal::ONE,
            },
        ];
        let s = settle(&effects, held);
        assert_eq!(s.gift_cards, vec![("G".to_string(), Decimal::new(-500, 2))]);
        assert_eq!(
            s.customers,
            vec![(
                "c".to_string(),
                CustomerBalance {
                    store_credit: Decimal::new(300, 2),
                    loyalty_points: -10
                }
            )]
        );
        let kinds: Vec<_> = s.flags.iter().map(|f| f.kind).collect();
        assert_eq!(
            kinds,
            [
                FlagKind::GiftCardOverdrawn,
                FlagKind::LoyaltyOverdrawn,
                FlagKind::UnknownGiftCard
            ]
        );
        assert_eq!(s.changes(), 2);
    }
}
