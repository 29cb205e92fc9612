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
//! - **ledgers**: every booked balance change is also a ledger row (`loyalty_ledger`, `gift_card_ledger`,
//!   `store_credit_ledger`) naming its source document and kind, one row per (source, kind, account), so a
//!   balance is the sum of its ledger; nothing flagged as unknown is booked anywhere.
//! - **points earned** / **points reversal** (`shared::loyalty`): a sale with a customer earns points by the
//!   chain's programme at the customer's tier; a refund or void of it takes back its share of what the sale
//!   earned (read from the ledger, or earned earlier in the same push).
//!
//! Store credit and loyalty accounts are customer ids.

use shared::document::{Refund, SaleDocument, UnreceiptedReturn};
use shared::loyalty::wire::{CreditKind, GiftCardKind, PointsKind};
use shared::loyalty::{points_reversed, LoyaltyProgramme};
use shared::promotion::normalize_code;
use shared::tender::Payment;
use shared::Decimal;
use std::collections::{BTreeMap, BTreeSet, HashMap};
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
    /// A gift card drawn (negative) or paid back; `source` is the document.
    GiftCard {
        mutation_id: Uuid,
        source: Uuid,
        code: String,
        amount: Decimal,
    },
    StoreCredit {
        mutation_id: Uuid,
        source: Uuid,
        account: String,
        amount: Decimal,
    },
    /// Points redeemed (negative) or given back by a loyalty payment.
    Loyalty {
        mutation_id: Uuid,
        source: Uuid,
        account: String,
        points: i64,
    },
    /// Sale `source` of customer `account` earns points on its lines (category id, gross).
    Earn {
        mutation_id: Uuid,
        source: Uuid,
        account: String,
        lines: Vec<(String, Decimal)>,
    },
    /// Refund or void `source` takes back its share of what sale `sale_id` earned: `refunded` of the sale's
    /// `sale_total`, after `refunded_before` by earlier refunds.
    Reverse {
        mutation_id: Uuid,
        source: Uuid,
        account: String,
        sale_id: Uuid,
        sale_total: Decimal,
        refunded_before: Decimal,
        refunded: Decimal,
    },
}

fn points(p: u64) -> i64 {
    i64::try_from(p).unwrap_or(i64::MAX)
}

/// The balance effects of one payment of document `source` (`sign` −1 when taken, +1 when paid back).
fn of_payment(mutation_id: Uuid, source: Uuid, p: &Payment, sign: i64, out: &mut Vec<Effect>) {
    let signed = |a: Decimal| a * Decimal::from(sign);
    match p {
        Payment::GiftCard { amount, card } => out.push(Effect::GiftCard {
            mutation_id,
            source,
            code: card.clone(),
            amount: signed(*amount),
        }),
        Payment::StoreCredit { amount, account } => out.push(Effect::StoreCredit {
            mutation_id,
            source,
            account: account.clone(),
            amount: signed(*amount),
        }),
        Payment::Loyalty {
            points: used,
            account,
            ..
        } => out.push(Effect::Loyalty {
            mutation_id,
            source,
            account: account.clone(),
            points: points(*used).saturating_mul(sign),
        }),
        Payment::Cash { .. } | Payment::Card { .. } | Payment::ExchangeCredit { .. } => {}
    }
}

/// A sale redeems its coupons, draws its payments and, with a customer, earns points.
pub fn of_sale(mutation_id: Uuid, sale: &SaleDocument, out: &mut Vec<Effect>) {
    for code in sale.priced.redeemed_coupons() {
        out.push(Effect::Coupon {
            mutation_id,
            code: normalize_code(code),
            uses: -1,
        });
    }
    for p in &sale.payments {
        of_payment(mutation_id, sale.id, p, -1, out);
    }
    if let Some(account) = &sale.customer_id {
        out.push(Effect::Earn {
            mutation_id,
            source: sale.id,
            account: account.clone(),
            lines: sale
                .priced
                .lines
                .iter()
                .map(|l| (l.category_id.clone(), l.gross))
                .collect(),
        });
    }
}

/// A refund pays back to its payouts' cards and accounts and takes back its share of the points its sale
/// (`sale`, when known, refunded before by `earlier`) earned.
pub fn of_refund(
    mutation_id: Uuid,
    refund: &Refund,
    sale: Option<&SaleDocument>,
    earlier: &[Refund],
    out: &mut Vec<Effect>,
) {
    for p in &refund.payouts {
        of_payment(mutation_id, refund.id, &p.payment, 1, out);
    }
    if let Some((sale, account)) = sale.and_then(|s| s.customer_id.as_ref().map(|a| (s, a))) {
        out.push(Effect::Reverse {
            mutation_id,
            source: refund.id,
            account: account.clone(),
            sale_id: sale.id,
            sale_total: sale.priced.total,
            refunded_before: earlier
                .iter()
                .filter(|r| r.sale_id == sale.id && r.id != refund.id)
                .map(|r| r.total)
                .sum(),
            refunded: refund.total,
        });
    }
}

/// A return without a receipt puts its store credit payout on the account.
pub fn of_unreceipted_return(mutation_id: Uuid, r: &UnreceiptedReturn, out: &mut Vec<Effect>) {
    for p in &r.payouts {
        of_payment(mutation_id, r.id, p, 1, out);
    }
}

/// Void `source` gives back the sale's coupon uses, payments and the points it earned.
pub fn of_void(mutation_id: Uuid, source: Uuid, sale: &SaleDocument, out: &mut Vec<Effect>) {
    for code in sale.priced.redeemed_coupons() {
        out.push(Effect::Coupon {
            mutation_id,
            code: normalize_code(code),
            uses: 1,
        });
    }
    for p in &sale.payments {
        of_payment(mutation_id, source, p, 1, out);
    }
    if let Some(account) = &sale.customer_id {
        out.push(Effect::Reverse {
            mutation_id,
            source,
            account: account.clone(),
            sale_id: sale.id,
            sale_total: sale.priced.total,
            refunded_before: Decimal::ZERO,
            refunded: sale.priced.total,
        });
    }
}

/// The balances a list of effects touches, each once and sorted (stores read them in one query each).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Keys {
    pub coupons: Vec<String>,
    pub gift_cards: Vec<String>,
    /// Customer ids (store credit and loyalty accounts).
    pub customers: Vec<String>,
    /// Customers earning points (their lifetime points decide the tier).
    pub earners: Vec<String>,
    /// Sales whose earned points a refund or void takes back.
    pub earning_sales: Vec<Uuid>,
}

impl Keys {
    pub fn of(effects: &[Effect]) -> Keys {
        let (mut coupons, mut cards, mut customers) =
            (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
        let (mut earners, mut sales) = (BTreeSet::new(), BTreeSet::new());
        for e in effects {
            match e {
                Effect::Coupon { code, .. } => coupons.insert(code.clone()),
                Effect::GiftCard { code, .. } => cards.insert(code.clone()),
                Effect::StoreCredit { account, .. } | Effect::Loyalty { account, .. } => {
                    customers.insert(account.clone())
                }
                Effect::Earn { account, .. } => {
                    earners.insert(account.clone());
                    customers.insert(account.clone())
                }
                Effect::Reverse {
                    account, sale_id, ..
                } => {
                    sales.insert(*sale_id);
                    customers.insert(account.clone())
                }
            };
        }
        Keys {
            coupons: coupons.into_iter().collect(),
            gift_cards: cards.into_iter().collect(),
            customers: customers.into_iter().collect(),
            earners: earners.into_iter().collect(),
            earning_sales: sales.into_iter().collect(),
        }
    }

    /// Whether settling needs the programme and the points ledger (earnings or reversals among the effects).
    pub fn need_loyalty(&self) -> bool {
        !self.earners.is_empty() || !self.earning_sales.is_empty()
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
    /// The chain's programme; none: nothing is earned.
    pub programme: Option<LoyaltyProgramme>,
    /// Points each of [`Keys::earning_sales`] earned, as the ledger holds them.
    pub earned: HashMap<Uuid, i64>,
    /// Lifetime points (earned − reversed) of [`Keys::earners`].
    pub lifetime: HashMap<String, i64>,
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

/// One ledger row to write: `amount` of `kind` on `account` (a customer or a gift card), caused by document
/// `source` of mutation `mutation_id`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LedgerRow<K, A> {
    pub source: Uuid,
    pub mutation_id: Uuid,
    pub kind: K,
    pub account: String,
    pub amount: A,
}

/// Ledger rows summed per (source, kind, account): the ledgers' unique key.
struct Rows<K, A>(BTreeMap<(Uuid, K, String), (Uuid, A)>);

impl<K: Ord + Copy, A: Copy + std::ops::Add<Output = A>> Rows<K, A> {
    fn add(&mut self, source: Uuid, mutation_id: Uuid, kind: K, account: &str, amount: A) {
        self.0
            .entry((source, kind, account.to_owned()))
            .and_modify(|(_, a)| *a = *a + amount)
            .or_insert((mutation_id, amount));
    }

    fn rows(self) -> Vec<LedgerRow<K, A>> {
        self.0
            .into_iter()
            .map(
                |((source, kind, account), (mutation_id, amount))| LedgerRow {
                    source,
                    mutation_id,
                    kind,
                    account,
                    amount,
                },
            )
            .collect()
    }
}

/// New balances to write (only those that changed, in key order), their ledger rows and the flags raised.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settled {
    pub coupons: Vec<(String, u32)>,
    pub gift_cards: Vec<(String, Decimal)>,
    pub customers: Vec<(String, CustomerBalance)>,
    pub points_rows: Vec<LedgerRow<PointsKind, i64>>,
    pub gift_card_rows: Vec<LedgerRow<GiftCardKind, Decimal>>,
    pub credit_rows: Vec<LedgerRow<CreditKind, Decimal>>,
    pub flags: Vec<Flag>,
}

impl Settled {
    /// How many balances change (each takes a change sequence value).
    pub fn changes(&self) -> usize {
        self.coupons.len() + self.gift_cards.len() + self.customers.len()
    }
}

/// Apply the effects in order to the held balances, by the rules above.
pub fn settle(effects: &[Effect], held: Held) -> Settled {
    let mut s = Settler {
        held,
        earned_now: HashMap::new(),
        flags: Vec::new(),
        coupons: BTreeSet::new(),
        cards: BTreeSet::new(),
        customers: BTreeSet::new(),
        points: Rows(BTreeMap::new()),
        card_rows: Rows(BTreeMap::new()),
        credit: Rows(BTreeMap::new()),
    };
    for e in effects {
        s.apply(e);
    }
    s.finish()
}

/// The walk of [`settle`]: balances as they change, what changed, rows and flags.
struct Settler {
    held: Held,
    /// Points earned by sales settled in this walk (a refund in the same push reverses them).
    earned_now: HashMap<Uuid, i64>,
    flags: Vec<Flag>,
    coupons: BTreeSet<String>,
    cards: BTreeSet<String>,
    customers: BTreeSet<String>,
    points: Rows<PointsKind, i64>,
    card_rows: Rows<GiftCardKind, Decimal>,
    credit: Rows<CreditKind, Decimal>,
}

impl Settler {
    fn flag(&mut self, mutation_id: Uuid, kind: FlagKind, subject: &str, detail: String) {
        tracing::warn!(%mutation_id, kind = kind.as_str(), subject, %detail, "push flagged");
        self.flags.push(Flag {
            mutation_id,
            kind,
            subject: subject.to_owned(),
            detail,
        });
    }

    fn apply(&mut self, e: &Effect) {
        match e {
            Effect::Coupon {
                mutation_id,
                code,
                uses,
            } => self.coupon(*mutation_id, code, *uses),
            Effect::GiftCard {
                mutation_id,
                source,
                code,
                amount,
            } => self.gift_card(*mutation_id, *source, code, *amount),
            Effect::StoreCredit {
                mutation_id,
                source,
                account,
                amount,
            } => self.store_credit(*mutation_id, *source, account, *amount),
            Effect::Loyalty {
                mutation_id,
                source,
                account,
                points,
            } => {
                let kind = if *points < 0 {
                    PointsKind::Redeemed
                } else {
                    PointsKind::Returned
                };
                self.points(*mutation_id, *source, account, *points, kind);
            }
            Effect::Earn {
                mutation_id,
                source,
                account,
                lines,
            } => self.earn(*mutation_id, *source, account, lines),
            Effect::Reverse {
                mutation_id,
                source,
                account,
                sale_id,
                sale_total,
                refunded_before,
                refunded,
            } => {
                let earned = self
                    .earned_now
                    .get(sale_id)
                    .or_else(|| self.held.earned.get(sale_id))
                    .copied()
                    .unwrap_or(0);
                let back = points_reversed(earned, *sale_total, *refunded_before, *refunded);
                if back > 0 {
                    self.points(*mutation_id, *source, account, -back, PointsKind::Reversed);
                }
            }
        }
    }

    fn coupon(&mut self, mutation_id: Uuid, code: &str, uses: i64) {
        match self.held.coupons.get_mut(code) {
            None => self.flag(
                mutation_id,
                FlagKind::UnknownCoupon,
                code,
                "no such coupon".into(),
            ),
            Some(None) => {}
            Some(Some(left)) => {
                let wanted = i64::from(*left) + uses;
                let next = u32::try_from(wanted.max(0)).unwrap_or(u32::MAX);
                if next != *left {
                    *left = next;
                    self.coupons.insert(code.to_owned());
                }
                if wanted < 0 {
                    self.flag(
                        mutation_id,
                        FlagKind::CouponExhausted,
                        code,
                        "redeemed with no uses left".into(),
                    );
                }
            }
        }
    }

    fn gift_card(&mut self, mutation_id: Uuid, source: Uuid, code: &str, amount: Decimal) {
        let Some(balance) = self.held.gift_cards.get_mut(code) else {
            let detail = format!("no such gift card; {amount} not booked");
            return self.flag(mutation_id, FlagKind::UnknownGiftCard, code, detail);
        };
        *balance += amount;
        let after = *balance;
        self.cards.insert(code.to_owned());
        let kind = if amount < Decimal::ZERO {
            GiftCardKind::Redeemed
        } else {
            GiftCardKind::Refunded
        };
        self.card_rows.add(source, mutation_id, kind, code, amount);
        if after < Decimal::ZERO && amount < Decimal::ZERO {
            let detail = format!("balance {after}");
            self.flag(mutation_id, FlagKind::GiftCardOverdrawn, code, detail);
        }
    }

    fn store_credit(&mut self, mutation_id: Uuid, source: Uuid, account: &str, amount: Decimal) {
        let Some(c) = self.held.customers.get_mut(account) else {
            let detail = format!("no such customer; store credit {amount} not booked");
            return self.flag(mutation_id, FlagKind::UnknownAccount, account, detail);
        };
        c.store_credit += amount;
        let after = c.store_credit;
        self.customers.insert(account.to_owned());
        let kind = if amount < Decimal::ZERO {
            CreditKind::Spent
        } else {
            CreditKind::Issued
        };
        self.credit.add(source, mutation_id, kind, account, amount);
        if after < Decimal::ZERO && amount < Decimal::ZERO {
            let detail = format!("store credit {after}");
            self.flag(mutation_id, FlagKind::StoreCreditOverdrawn, account, detail);
        }
    }

    /// Book `points` of `kind` (redeemed, returned, earned, reversed) on `account`.
    fn points(
        &mut self,
        mutation_id: Uuid,
        source: Uuid,
        account: &str,
        points: i64,
        kind: PointsKind,
    ) {
        let Some(c) = self.held.customers.get_mut(account) else {
            let detail = format!("no such customer; {points} loyalty points not booked");
            return self.flag(mutation_id, FlagKind::UnknownAccount, account, detail);
        };
        c.loyalty_points = c.loyalty_points.saturating_add(points);
        let after = c.loyalty_points;
        self.customers.insert(account.to_owned());
        self.points.add(source, mutation_id, kind, account, points);
        if matches!(kind, PointsKind::Earned | PointsKind::Reversed) {
            let lifetime = self.held.lifetime.entry(account.to_owned()).or_default();
            *lifetime = lifetime.saturating_add(points);
        }
        if after < 0 && points < 0 {
            let detail = format!("loyalty points {after}");
            self.flag(mutation_id, FlagKind::LoyaltyOverdrawn, account, detail);
        }
    }

    fn earn(
        &mut self,
        mutation_id: Uuid,
        source: Uuid,
        account: &str,
        lines: &[(String, Decimal)],
    ) {
        let Some(programme) = &self.held.programme else {
            return;
        };
        let lifetime = self.held.lifetime.get(account).copied().unwrap_or(0);
        let earned = programme.points_earned(lines.iter().map(|(c, g)| (c.as_str(), *g)), lifetime);
        if earned > 0 {
            self.earned_now.insert(source, earned);
            self.points(mutation_id, source, account, earned, PointsKind::Earned);
        }
    }

    fn finish(self) -> Settled {
        let held = self.held;
        let coupons = self
            .coupons
            .into_iter()
            .filter_map(|c| match held.coupons.get(&c) {
                Some(Some(left)) => Some((c, *left)),
                _ => None,
            })
            .collect();
        let gift_cards = self
            .cards
            .into_iter()
            .filter_map(|c| held.gift_cards.get(&c).map(|b| (c, *b)))
            .collect();
        let customers = self
            .customers
            .into_iter()
            .filter_map(|c| held.customers.get(&c).map(|b| (c, *b)))
            .collect();
        Settled {
            coupons,
            gift_cards,
            customers,
            points_rows: self.points.rows(),
            gift_card_rows: self.card_rows.rows(),
            credit_rows: self.credit.rows(),
            flags: self.flags,
        }
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
                source: id(1),
                code: "G".into(),
                amount: Decimal::new(-1500, 2),
            },
            Effect::StoreCredit {
                mutation_id: id(2),
                source: id(2),
                account: "c".into(),
                amount: Decimal::new(-200, 2),
            },
            Effect::Loyalty {
                mutation_id: id(3),
                source: id(3),
                account: "c".into(),
                points: -20,
            },
            Effect::GiftCard {
                mutation_id: id(4),
                source: id(4),
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

    #[test]
    fn sales_earn_refunds_reverse_and_every_booking_is_a_ledger_row() {
        use shared::loyalty::LoyaltyProgramme;
        let held = Held {
            customers: HashMap::from([(
                "c".to_string(),
                CustomerBalance {
                    store_credit: Decimal::ZERO,
                    loyalty_points: 0,
                },
            )]),
            gift_cards: HashMap::from([("G".to_string(), Decimal::new(1000, 2))]),
            programme: Some(LoyaltyProgramme {
                points_per_unit: Decimal::ONE,
                excluded_categories: vec!["tobacco".into()],
                ..LoyaltyProgramme::default()
            }),
            ..Held::default()
        };
        let lines = vec![
            ("food".to_string(), Decimal::new(3000, 2)),
            ("tobacco".to_string(), Decimal::new(1000, 2)),
        ];
        let reverse = |n: u128, before: i64, refunded: i64| Effect::Reverse {
            mutation_id: id(n),
            source: id(n),
            account: "c".into(),
            sale_id: id(1),
            sale_total: Decimal::new(4000, 2),
            refunded_before: Decimal::new(before, 2),
            refunded: Decimal::new(refunded, 2),
        };
        let effects = [
            Effect::Earn {
                mutation_id: id(1),
                source: id(1),
                account: "c".into(),
                lines,
            },
            Effect::GiftCard {
                mutation_id: id(1),
                source: id(1),
                code: "G".into(),
                amount: Decimal::new(-600, 2),
            },
            Effect::GiftCard {
                mutation_id: id(1),
                source: id(1),
                code: "G".into(),
                amount: Decimal::new(-600, 2),
            },
            reverse(2, 0, 2000),
            reverse(3, 2000, 2000),
            Effect::Earn {
                mutation_id: id(4),
                source: id(4),
                account: "nobody".into(),
                lines: vec![("food".to_string(), Decimal::TEN)],
            },
        ];
        let s = settle(&effects, held);
        let points: Vec<_> = s
            .points_rows
            .iter()
            .map(|r| (r.source, r.kind, r.amount))
            .collect();
        assert_eq!(
            points,
            vec![
                (id(1), PointsKind::Earned, 30),
                (id(2), PointsKind::Reversed, -15),
                (id(3), PointsKind::Reversed, -15),
            ]
        );
        assert_eq!(s.customers[0].1.loyalty_points, 0, "refunded in full");
        // Two payments on one card by one sale: one row of their sum; the card is overdrawn and flagged.
        assert_eq!(s.gift_card_rows.len(), 1);
        assert_eq!(s.gift_card_rows[0].amount, Decimal::new(-1200, 2));
        assert_eq!(s.gift_card_rows[0].kind, GiftCardKind::Redeemed);
        let kinds: Vec<_> = s.flags.iter().map(|f| f.kind).collect();
        assert_eq!(
            kinds,
            vec![FlagKind::GiftCardOverdrawn, FlagKind::UnknownAccount]
        );
    }
}
