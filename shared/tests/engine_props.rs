//! Property tests of the commerce engine over random carts, tax setups, promotions, split tenders and refunds:
//! lines sum to the document, net + tax = gross per line and rate, debits = credits, paid − change = total,
//! refunds never exceed what was paid, and results do not depend on line order. 25,000 cases per property.

use chrono::{NaiveDate, NaiveDateTime, TimeZone, Utc};
use proptest::prelude::*;
use rust_decimal::Decimal;
use shared::basket::{Basket, BasketLine, Unit};
use shared::cash_rounding::CashRounding;
use shared::catalog::{StoreSettings, TaxMode, TaxRounding};
use shared::discount::{DiscountValue, ManualDiscount};
use shared::document::{Refund, RefundLineRequest, RefundMethod, RefundRequest, SaleDocument};
use shared::ledger::{refund_journal, sale_journal, ChartOfAccounts};
use shared::money::{Currency, RoundingMode};
use shared::policy::StorePolicy;
use shared::pricing::context::{Customer, PricingContext};
use shared::pricing::engine::price;
use shared::pricing::priced::{AdjustmentKind, PricedCart};
use shared::promotion::{
    CouponEntry, Promotion, PromotionKind, PromotionPolicy, QuantityTier, Reward, Stacking, Target,
    TierPrice,
};
use shared::sale::SaleHeader;
use shared::tax::{exact_taxes, TaxComponent, TaxExemption};
use shared::tender::Payment;
use uuid::Uuid;

const CASES: u32 = 25_000;

// ----- generators ------------------------------------------------------------------------------------------

fn comp(id: &str, pct: i64, scale: u32, compound: bool) -> TaxComponent {
    TaxComponent {
        rate_id: id.into(),
        name: id.into(),
        percent: Decimal::new(pct, scale),
        compound,
    }
}

/// Tax setups seen in the wild: single VAT rates, GST + PST, GST + compound QST, US sales tax, zero, none.
fn tax_set(k: usize) -> Vec<TaxComponent> {
    match k {
        0 => vec![comp("vat19", 19, 0, false)],
        1 => vec![comp("vat7", 7, 0, false)],
        2 => vec![comp("gst", 5, 0, false), comp("pst", 7, 0, false)],
        3 => vec![comp("gst", 5, 0, false), comp("qst", 95, 1, true)],
        4 => vec![comp("us", 8875, 3, false)],
        5 => vec![comp("zero", 0, 0, false)],
        _ => vec![],
    }
}

#[derive(Clone, Debug)]
struct Setup {
    policy: StorePolicy,
    customer: Option<Customer>,
    promotions: Vec<Promotion>,
    coupons: Vec<CouponEntry>,
    basket: Basket,
}

impl Setup {
    fn ctx(&self) -> PricingContext<'_> {
        let mut c = PricingContext::new(&self.policy, now())
            .with_promotions(&self.promotions)
            .with_coupons(&self.coupons);
        if let Some(cu) = &self.customer {
            c = c.with_customer(cu);
        }
        c
    }

    fn scale(&self) -> u32 {
        self.policy.scale()
    }
}

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 6, 5)
        .unwrap()
        .and_hms_opt(18, 0, 0)
        .unwrap()
}

fn arb_policy() -> impl Strategy<Value = StorePolicy> {
    (
        prop::sample::select(vec![0u32, 2, 2, 2, 3]),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        0usize..3,
    )
        .prop_map(|(scale, incl, per_doc, half_even, best, cash)| {
            let code = match scale {
                0 => "JPY",
                3 => "KWD",
                _ => "EUR",
            };
            let settings = StoreSettings {
                currency: Currency::new(code, scale),
                tax_mode: if incl {
                    TaxMode::Inclusive
                } else {
                    TaxMode::Exclusive
                },
                tax_rounding: if per_doc {
                    TaxRounding::PerDocument
                } else {
                    TaxRounding::PerLine
                },
                rounding: if half_even {
                    RoundingMode::HalfEven
                } else {
                    RoundingMode::HalfUp
                },
                ..StoreSettings::default()
            };
            let cash_rounding = match (cash, scale) {
                (1, 2) => Some(CashRounding::swiss()),
                (2, 2) | (2, 3) => Some(CashRounding::swedish()),
                _ => None,
            };
            StorePolicy {
                settings,
                cash_rounding,
                promotion_policy: if best {
                    PromotionPolicy::BestForCustomer
                } else {
                    PromotionPolicy::Priority
                },
                loyalty_point_value: None,
                tax_exempt_customers: false,
            }
        })
}

fn arb_target() -> impl Strategy<Value = Target> {
    prop_oneof![
        Just(Target::All),
        (0usize..6).prop_map(|p| Target::Products(vec![format!("p{p}")])),
        (0usize..3).prop_map(|c| Target::Categories(vec![format!("c{c}")])),
    ]
}

fn arb_value() -> impl Strategy<Value = DiscountValue> {
    prop_oneof![
        (0i64..=100).prop_map(|p| DiscountValue::Percent(Decimal::from(p))),
        (0i64..3000).prop_map(|a| DiscountValue::Amount(Decimal::new(a, 2)))
    ]
}

fn arb_kind() -> impl Strategy<Value = PromotionKind> {
    prop_oneof![
        (arb_target(), arb_value())
            .prop_map(|(target, value)| PromotionKind::LineDiscount { target, value }),
        (
            arb_target(),
            1u32..4,
            arb_target(),
            1u32..3,
            prop::option::of(0i64..=100)
        )
            .prop_map(|(buy, x, get, y, pct)| PromotionKind::BuyXGetY {
                buy,
                buy_quantity: x,
                get,
                get_quantity: y,
                reward: pct.map_or(Reward::Free, |p| Reward::PercentOff(Decimal::from(p))),
            }),
        (arb_target(), 2i64..7, 0i64..400, any::<bool>()).prop_map(|(target, q, p, pct)| {
            PromotionKind::QuantityBreak {
                target,
                tiers: vec![QuantityTier {
                    min_quantity: Decimal::from(q),
                    price: if pct {
                        TierPrice::PercentOff(Decimal::from(p % 101))
                    } else {
                        TierPrice::UnitPrice(Decimal::new(p, 2))
                    },
                }],
            }
        }),
        (arb_target(), 2u32..5, 0i64..5000).prop_map(|(target, n, p)| PromotionKind::MixAndMatch {
            target,
            set_size: n,
            set_price: Decimal::new(p, 2)
        }),
        (arb_target(), 0i64..20_000, arb_value()).prop_map(|(target, t, value)| {
            PromotionKind::SpendThreshold {
                target,
                threshold: Decimal::new(t, 2),
                value,
            }
        }),
    ]
}

fn arb_promotion() -> impl Strategy<Value = Promotion> {
    (
        0u32..1000,
        arb_kind(),
        0i32..3,
        prop::bool::weighted(0.2),
        prop::option::weighted(0.3, 0usize..2),
    )
        .prop_map(|(id, kind, priority, exclusive, coupon)| Promotion {
            priority,
            stacking: if exclusive {
                Stacking::Exclusive
            } else {
                Stacking::Stackable
            },
            coupon: coupon.map(|c| format!("CODE{c}")),
            ..Promotion::new(&format!("promo{id}"), "Promo", kind)
        })
}

fn arb_line() -> impl Strategy<Value = (usize, i64, bool, i64, usize, Option<(bool, i64)>)> {
    (
        0usize..6,
        0i64..50_000,
        prop::bool::weighted(0.2),
        1i64..12,
        0usize..7,
        prop::option::weighted(0.2, (any::<bool>(), 0i64..5000)),
    )
}

fn make_line(
    scale: u32,
    (p, raw, weighed, q, taxes, discount): (usize, i64, bool, i64, usize, Option<(bool, i64)>),
) -> BasketLine {
    BasketLine {
        product_id: format!("p{p}"),
        name: format!("P{p}"),
        sku: format!("p{p}"),
        category_id: format!("c{}", p % 3),
        unit_price: Decimal::new(raw, scale),
        quantity: if weighed {
            Decimal::new(q * 137, 3)
        } else {
            Decimal::from(q)
        },
        unit: if weighed { Unit::Kilogram } else { Unit::Each },
        taxes: tax_set(taxes),
        discount: discount.map(|(pct, v)| {
            if pct {
                ManualDiscount::percent(Decimal::from(v % 101), "damaged")
            } else {
                ManualDiscount::amount(Decimal::new(v, 2), "price match")
            }
        }),
        // Some products are sold with modifiers: one that adds, or one that takes off part of the price.
        modifiers: match p % 4 {
            1 => vec![modifier("Oat", Decimal::new(raw % 97, scale))],
            2 => vec![
                modifier("Extra", Decimal::new(7, 1)),
                modifier("Smaller", Decimal::new(-(raw / 3), scale)),
            ],
            _ => vec![],
        },
    }
}

fn modifier(name: &str, price_delta: Decimal) -> shared::catalog::ChosenModifier {
    shared::catalog::ChosenModifier {
        group_id: "g".into(),
        name: name.into(),
        price_delta,
    }
}

fn arb_setup(max_lines: usize) -> impl Strategy<Value = Setup> {
    (
        arb_policy(),
        prop::collection::vec(arb_line(), 1..max_lines),
        prop::collection::vec(arb_promotion(), 0..5),
        prop::collection::vec((0usize..3, prop::option::of(0u32..2)), 0..3),
        prop::collection::vec(arb_value(), 0..3),
        0usize..4,
    )
        .prop_map(|(policy, lines, promotions, codes, order, cust)| {
            let scale = policy.scale();
            let customer = match cust {
                0 => None,
                1 => Some(Customer {
                    id: "c".into(),
                    group: Some("vip".into()),
                    exemption: TaxExemption::None,
                }),
                2 => Some(Customer {
                    id: "c".into(),
                    group: None,
                    exemption: TaxExemption::Rates(vec!["pst".into(), "vat7".into()]),
                }),
                _ => Some(Customer {
                    id: "c".into(),
                    group: None,
                    exemption: TaxExemption::All,
                }),
            };
            Setup {
                policy,
                customer,
                promotions,
                coupons: codes
                    .into_iter()
                    .map(|(c, uses)| CouponEntry {
                        code: format!("code{c}"),
                        remaining_uses: uses,
                    })
                    .collect(),
                basket: Basket {
                    lines: lines.into_iter().map(|l| make_line(scale, l)).collect(),
                    order_discounts: order
                        .into_iter()
                        .map(|value| ManualDiscount {
                            value,
                            reason: "manager".into(),
                        })
                        .collect(),
                },
            }
        })
}

fn header(n: u128) -> SaleHeader {
    SaleHeader {
        id: Uuid::from_u128(n),
        device_id: Uuid::nil(),
        receipt_no: format!("R{n}"),
        created_at: Utc.with_ymd_and_hms(2026, 6, 5, 16, 0, 0).unwrap(),
    }
}

fn unit(scale: u32) -> Decimal {
    Decimal::new(1, scale)
}

fn sum<T>(items: &[T], f: impl Fn(&T) -> Decimal) -> Decimal {
    items.iter().map(f).sum()
}

/// Pay `due` exactly with a mix chosen by `mix`: card / gift card / store credit parts, then cash with change.
fn payments(due: Decimal, scale: u32, mix: &[u8], extra: i64) -> Vec<Payment> {
    let mut left = due;
    let mut out = Vec::new();
    for (k, m) in mix.iter().enumerate() {
        let part = shared::money::round(
            left * Decimal::from(*m) / Decimal::from(255),
            scale,
            RoundingMode::HalfUp,
        )
        .min(left);
        if part <= Decimal::ZERO {
            continue;
        }
        left -= part;
        out.push(match k % 3 {
            0 => Payment::Card {
                amount: part,
                reference: format!("tok{k}"),
            },
            1 => Payment::GiftCard {
                amount: part,
                card: "GC".into(),
            },
            _ => Payment::StoreCredit {
                amount: part,
                account: "SC".into(),
            },
        });
    }
    if left > Decimal::ZERO || extra > 0 {
        // Enough cash for any cash rounding (≤ half of 1.00), plus `extra` minor units.
        out.push(Payment::Cash {
            amount: left + Decimal::ONE + Decimal::new(extra, scale),
        });
    }
    out
}

// ----- properties ------------------------------------------------------------------------------------------

fn check_priced(s: &Setup, c: &PricedCart) -> Result<(), TestCaseError> {
    let scale = s.scale();
    let z = Decimal::ZERO;
    prop_assert_eq!(c.lines.len(), s.basket.lines.len());
    prop_assert_eq!(
        sum(&c.lines, |l| l.gross),
        c.total,
        "lines sum to the total"
    );
    prop_assert_eq!(sum(&c.lines, |l| l.net), c.net);
    prop_assert_eq!(sum(&c.lines, |l| l.tax), c.tax);
    prop_assert_eq!(c.net + c.tax, c.total);
    prop_assert_eq!(sum(&c.lines, |l| l.base), c.subtotal);
    prop_assert_eq!(sum(&c.lines, |l| l.discount()), c.discount);
    prop_assert!(c.total >= z && c.discount >= z && c.discount <= c.subtotal);
    for l in &c.lines {
        prop_assert_eq!(l.net + l.tax, l.gross);
        prop_assert_eq!(sum(&l.taxes, |t| t.tax), l.tax);
        prop_assert_eq!(l.base - sum(&l.adjustments, |a| a.amount), l.amount);
        prop_assert!(l.amount >= z && l.gross >= z && l.exemption >= z, "{:?}", l);
        prop_assert!(l.adjustments.iter().all(|a| a.amount > z));
        prop_assert!(
            l.gross.scale() == scale && l.tax.scale() == scale,
            "scale {} {}",
            l.gross,
            l.tax
        );
    }
    for r in &c.taxes {
        prop_assert_eq!(r.net + r.tax, r.gross, "net + tax = gross per rate");
        prop_assert!(r.tax >= z);
    }
    prop_assert_eq!(sum(&c.taxes, |r| r.tax), c.tax);
    // The customer pays the shelf price (after discounts) when prices include tax and nobody is exempt.
    match c.tax_mode {
        TaxMode::Inclusive => prop_assert_eq!(c.total, c.subtotal - c.discount - c.exemption),
        TaxMode::Exclusive => prop_assert_eq!(c.net, c.subtotal - c.discount),
    }
    // Promotions' amounts are what their adjustments took.
    let promo_adj: Decimal = c
        .lines
        .iter()
        .flat_map(|l| &l.adjustments)
        .filter(|a| {
            matches!(
                a.kind,
                AdjustmentKind::Promotion | AdjustmentKind::OrderPromotion
            )
        })
        .map(|a| a.amount)
        .sum();
    prop_assert_eq!(promo_adj, sum(&c.promotions, |p| p.amount));
    // Tax per rate within rounding of the exact figure.
    let inclusive = c.tax_mode == TaxMode::Inclusive;
    for r in &c.taxes {
        let mut exact = z;
        let mut count = 0i64;
        for l in c
            .lines
            .iter()
            .filter(|l| l.taxes.iter().any(|t| t.rate_id == r.rate_id))
        {
            let comps: Vec<TaxComponent> = l
                .taxes
                .iter()
                .map(|t| TaxComponent {
                    rate_id: t.rate_id.clone(),
                    name: t.name.clone(),
                    percent: t.percent,
                    compound: t.compound,
                })
                .collect();
            let basis = if inclusive { l.gross } else { l.net };
            let k = comps.iter().position(|t| t.rate_id == r.rate_id).unwrap();
            exact += exact_taxes(basis, &comps, inclusive)[k];
            count += 1;
        }
        let half = unit(scale) / Decimal::TWO;
        let slack = match c.tax_rounding {
            TaxRounding::PerLine => half * Decimal::from(count),
            TaxRounding::PerDocument => half,
        };
        // With several components on a line, an inclusive net moves with the other components' rounding.
        let slack = if inclusive {
            slack * Decimal::from(3)
        } else {
            slack
        };
        prop_assert!(
            (r.tax - exact).abs() <= slack,
            "rate {} tax {} exact {}",
            r.rate_id,
            r.tax,
            exact
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn priced_carts_add_up(s in arb_setup(12)) {
        let c = price(&s.ctx(), &s.basket).unwrap();
        check_priced(&s, &c)?;
    }

    #[test]
    fn line_order_does_not_matter(s in arb_setup(10), seed in any::<u64>()) {
        let a = price(&s.ctx(), &s.basket).unwrap();
        let mut shuffled = s.clone();
        let n = shuffled.basket.lines.len();
        let mut x = seed | 1;
        for i in (1..n).rev() {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            shuffled.basket.lines.swap(i, (x % (i as u64 + 1)) as usize);
        }
        let b = price(&shuffled.ctx(), &shuffled.basket).unwrap();
        prop_assert_eq!((a.total, a.tax, a.discount), (b.total, b.tax, b.discount));
        let by_rate = |c: &PricedCart| { let mut v: Vec<_> = c.taxes.iter().map(|r| (r.rate_id.clone(), r.net, r.tax)).collect(); v.sort(); v };
        prop_assert_eq!(by_rate(&a), by_rate(&b));
        let by_line = |c: &PricedCart| { let mut v: Vec<_> = c.lines.iter().map(|l| (l.product_id.clone(), l.quantity, l.unit_price, l.gross, l.tax, l.net)).collect(); v.sort(); v };
        prop_assert_eq!(by_line(&a), by_line(&b));
    }

    #[test]
    fn split_tenders_settle_and_ledgers_balance(s in arb_setup(8), mix in prop::collection::vec(any::<u8>(), 0..4), extra in 0i64..5000, tip in prop::option::weighted(0.3, 0i64..2000)) {
        let scale = s.scale();
        let c = price(&s.ctx(), &s.basket).unwrap();
        let tip = tip.map_or(Decimal::ZERO, |t| Decimal::new(t, scale));
        let due = c.total + tip;
        let pay = payments(due, scale, &mix, extra);
        prop_assume!(!pay.is_empty());
        let sale = SaleDocument::complete(header(1), &s.ctx(), &s.basket, pay.clone(), tip, None).unwrap();
        let st = &sale.settlement;
        let paid: Decimal = pay.iter().map(Payment::amount).sum();
        prop_assert_eq!(paid - st.change, due + st.rounding, "paid − change = total + tip + rounding");
        prop_assert!(st.change >= Decimal::ZERO);
        let has_cash = pay.iter().any(Payment::is_cash);
        match (&s.policy.cash_rounding, has_cash) {
            (Some(r), true) => prop_assert!(st.rounding.abs() * Decimal::TWO <= r.increment),
            _ => prop_assert_eq!(st.rounding, Decimal::ZERO),
        }
        prop_assert_eq!(sale.verify(), Ok(()));
        let j = sale_journal(&sale, &ChartOfAccounts::default());
        prop_assert!(j.is_balanced(), "debits {} credits {}", j.debits(), j.credits());
        prop_assert!(j.postings.iter().all(|p| p.debit >= Decimal::ZERO && p.credit >= Decimal::ZERO));
        // A non-cash payment over the amount due is refused.
        let over = vec![Payment::Card { amount: due + unit(scale), reference: "x".into() }];
        prop_assert!(SaleDocument::complete(header(2), &s.ctx(), &s.basket, over, tip, None).is_err());
    }

    #[test]
    fn refunds_never_exceed_what_was_paid(
        s in arb_setup(8),
        mix in prop::collection::vec(any::<u8>(), 0..3),
        rounds in prop::collection::vec((prop::collection::vec((0usize..8, 1u16..1000), 1..4), any::<bool>()), 1..4),
    ) {
        let scale = s.scale();
        let c = price(&s.ctx(), &s.basket).unwrap();
        let pay = payments(c.total, scale, &mix, 0);
        prop_assume!(!pay.is_empty());
        let sale = SaleDocument::complete(header(1), &s.ctx(), &s.basket, pay, Decimal::ZERO, None).unwrap();
        let accounts = ChartOfAccounts::default();
        let n = sale.priced.lines.len();
        let mut done: Vec<Refund> = Vec::new();
        let mut left: Vec<Decimal> = sale.priced.lines.iter().map(|l| l.quantity).collect();
        let full = |i: usize, left: &[Decimal]| left[i];
        for (k, (picks, credit)) in rounds.iter().enumerate() {
            let mut lines: Vec<RefundLineRequest> = Vec::new();
            for &(i, frac) in picks {
                let i = i % n;
                if left[i].is_zero() || lines.iter().any(|l| l.line == i) { continue; }
                let l = &sale.priced.lines[i];
                let step = if l.unit == Unit::Kilogram { Decimal::new(1, 3) } else { Decimal::ONE };
                let q = ((left[i] * Decimal::from(frac) / Decimal::from(1000)) / step).ceil() * step;
                lines.push(RefundLineRequest { line: i, quantity: q.min(full(i, &left)) });
            }
            if lines.is_empty() { continue; }
            let method = if *credit { RefundMethod::StoreCredit { account: "SC".into() } } else { RefundMethod::OriginalTenders };
            let r = Refund::create(header(10 + k as u128), &sale, &done, &RefundRequest { lines, method, reason: "return".into() }, &s.policy).unwrap();
            for l in &r.lines { left[l.line] -= l.quantity; }
            prop_assert_eq!(r.paid_out(), r.total + r.rounding);
            prop_assert!(refund_journal(&r, &accounts).is_balanced());
            done.push(r);
        }
        // Refund everything that is left: the refunds then give back exactly what each line was paid.
        let rest: Vec<RefundLineRequest> = (0..n).filter(|&i| !left[i].is_zero()).map(|i| RefundLineRequest { line: i, quantity: left[i] }).collect();
        for i in 0..n {
            let so_far: Decimal = done.iter().flat_map(|r| &r.lines).filter(|l| l.line == i).map(|l| l.gross).sum();
            prop_assert!(so_far <= sale.priced.lines[i].gross, "line {} refunded {} of {}", i, so_far, sale.priced.lines[i].gross);
        }
        if !rest.is_empty() {
            let r = Refund::create(header(99), &sale, &done, &RefundRequest { lines: rest, method: RefundMethod::OriginalTenders, reason: "rest".into() }, &s.policy).unwrap();
            prop_assert!(refund_journal(&r, &accounts).is_balanced());
            done.push(r);
        }
        for (i, l) in sale.priced.lines.iter().enumerate() {
            let back: Vec<_> = done.iter().flat_map(|r| &r.lines).filter(|x| x.line == i).collect();
            prop_assert_eq!(back.iter().map(|x| x.gross).sum::<Decimal>(), l.gross);
            prop_assert_eq!(back.iter().map(|x| x.tax).sum::<Decimal>(), l.tax);
            prop_assert_eq!(back.iter().map(|x| x.quantity).sum::<Decimal>(), l.quantity);
        }
        prop_assert_eq!(done.iter().map(|r| r.total).sum::<Decimal>(), sale.priced.total);
        // Paid back to each original non-cash payment no more than it paid.
        for (k, p) in sale.payments.iter().enumerate().filter(|(_, p)| !p.is_cash()) {
            let back: Decimal = done.iter().flat_map(|r| &r.payouts).filter(|o| o.original == Some(k)).map(|o| o.payment.amount()).sum();
            prop_assert!(back <= p.amount());
        }
        // Nothing more can be refunded.
        let again = Refund::create(header(100), &sale, &done, &RefundRequest { lines: vec![RefundLineRequest { line: 0, quantity: Decimal::ONE }], method: RefundMethod::OriginalTenders, reason: "again".into() }, &s.policy);
        prop_assert!(again.is_err());
    }
}

/// The generators reach the interesting paths: promotions that apply, kinds of adjustment, exemptions,
/// per-document rounding, weighed lines, coupons redeemed.
#[test]
fn generators_exercise_the_engine() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = arb_setup(12);
    let (
        mut promo,
        mut manual_line,
        mut manual_order,
        mut order_promo,
        mut coupon,
        mut exempt,
        mut kg,
        mut multi_plan,
    ) = (0, 0, 0, 0, 0, 0, 0, 0);
    let n = 2000;
    for _ in 0..n {
        let s = strategy.new_tree(&mut runner).unwrap().current();
        let c = price(&s.ctx(), &s.basket).unwrap();
        let kinds: Vec<AdjustmentKind> = c
            .lines
            .iter()
            .flat_map(|l| l.adjustments.iter().map(|a| a.kind))
            .collect();
        promo += usize::from(kinds.contains(&AdjustmentKind::Promotion));
        manual_line += usize::from(kinds.contains(&AdjustmentKind::ManualLine));
        manual_order += usize::from(kinds.contains(&AdjustmentKind::ManualOrder));
        order_promo += usize::from(kinds.contains(&AdjustmentKind::OrderPromotion));
        coupon += usize::from(!c.redeemed_coupons().is_empty());
        exempt += usize::from(c.exemption > Decimal::ZERO);
        kg += usize::from(c.lines.iter().any(|l| l.unit == Unit::Kilogram));
        multi_plan += usize::from(
            s.promotions
                .iter()
                .any(|p| p.stacking == Stacking::Exclusive)
                && !c.promotions.is_empty(),
        );
    }
    let at_least =
        |what: &str, k: usize, pct: usize| assert!(k * 100 >= n * pct, "{what}: {k} of {n}");
    at_least("line promotions", promo, 25);
    at_least("manual line discounts", manual_line, 20);
    at_least("manual order discounts", manual_order, 30);
    at_least("order promotions", order_promo, 10);
    at_least("coupons redeemed", coupon, 3);
    at_least("inclusive exemptions", exempt, 5);
    at_least("weighed lines", kg, 40);
    at_least("exclusive promotions in play", multi_plan, 10);
}
