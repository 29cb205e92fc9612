//! Conformance table of worked examples for the commerce engine, each with its source: VAT, US sales tax,
//! Canadian GST/PST/QST, cash rounding, yen, promotions with order discounts, refunds, split tenders, ledger.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use shared::basket::{Basket, BasketLine, Unit};
use shared::cash_rounding::CashRounding;
use shared::catalog::{StoreSettings, TaxMode, TaxRounding};
use shared::discount::{DiscountValue, ManualDiscount};
use shared::document::{
    Refund, RefundLineRequest, RefundMethod, RefundRequest, SaleDocument, Void,
};
use shared::ledger::{refund_journal, sale_journal, void_journal, ChartOfAccounts};
use shared::money::{Currency, RoundingMode};
use shared::policy::StorePolicy;
use shared::price_list::{PriceList, PriceListEntry};
use shared::pricing::context::{Customer, PricingContext};
use shared::pricing::engine::price;
use shared::pricing::priced::{AdjustmentKind, PricedCart};
use shared::promotion::{
    CouponEntry, CouponOutcome, Promotion, PromotionKind, PromotionPolicy, Reward, Stacking, Target,
};
use shared::sale::SaleHeader;
use shared::tax::{TaxComponent, TaxExemption};
use shared::tender::{Balances, Payment, TenderError};
use shared::window::TimeWindow;
use uuid::Uuid;

fn tc(id: &str, percent: Decimal) -> TaxComponent {
    TaxComponent::new(id, &format!("{id} {percent}%"), percent)
}

fn item(id: &str, price: Decimal, qty: Decimal, taxes: Vec<TaxComponent>) -> BasketLine {
    BasketLine {
        product_id: id.into(),
        name: id.into(),
        sku: id.into(),
        category_id: "general".into(),
        unit_price: price,
        quantity: qty,
        unit: Unit::Each,
        taxes,
        discount: None,
        modifiers: vec![],
    }
}

fn policy(currency: Currency, mode: TaxMode, rounding: TaxRounding) -> StorePolicy {
    StorePolicy::from(StoreSettings {
        currency,
        tax_mode: mode,
        tax_rounding: rounding,
        rounding: RoundingMode::HalfUp,
        ..StoreSettings::default()
    })
}

/// Monday 1 June 2026, 12:00 store time.
fn noon() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 6, 1)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap()
}

fn header(n: u128) -> SaleHeader {
    SaleHeader {
        id: Uuid::from_u128(n),
        device_id: Uuid::nil(),
        receipt_no: format!("T-{n}"),
        created_at: Utc.with_ymd_and_hms(2026, 6, 1, 10, 0, 0).unwrap(),
    }
}

fn basket(lines: Vec<BasketLine>) -> Basket {
    Basket {
        lines,
        order_discounts: vec![],
    }
}

fn priced(p: &StorePolicy, b: &Basket) -> PricedCart {
    price(&PricingContext::new(p, noon()), b).unwrap()
}

/// (rate id, net, tax) per rate, in order.
fn rates(c: &PricedCart) -> Vec<(&str, Decimal, Decimal)> {
    c.taxes
        .iter()
        .map(|r| (r.rate_id.as_str(), r.net, r.tax))
        .collect()
}

// ---------------------------------------------------------------------------------------------------------
// Taxes: one table, one row per worked example.
// ---------------------------------------------------------------------------------------------------------

struct TaxCase {
    name: &'static str,
    source: &'static str,
    policy: StorePolicy,
    lines: Vec<BasketLine>,
    /// (rate id, tax) per rate.
    taxes: Vec<(&'static str, Decimal)>,
    total: Decimal,
}

fn tax_table() -> Vec<TaxCase> {
    let eur_incl = |r| policy(Currency::eur(), TaxMode::Inclusive, r);
    let de_lines = || {
        vec![
            item("candy-a", dec!(0.10), dec!(1), vec![tc("de19", dec!(19))]),
            item("candy-b", dec!(0.10), dec!(1), vec![tc("de19", dec!(19))]),
            item("candy-c", dec!(0.10), dec!(1), vec![tc("de19", dec!(19))]),
            item("roll-a", dec!(0.20), dec!(1), vec![tc("de7", dec!(7))]),
            item("roll-b", dec!(0.20), dec!(1), vec![tc("de7", dec!(7))]),
            item("roll-c", dec!(0.20), dec!(1), vec![tc("de7", dec!(7))]),
        ]
    };
    let usd = policy(Currency::usd(), TaxMode::Exclusive, TaxRounding::PerLine);
    let cad = policy(Currency::cad(), TaxMode::Exclusive, TaxRounding::PerLine);
    vec![
        TaxCase {
            name: "EU VAT inclusive, 19% and 7% on one receipt, rounded per line",
            // German UStG §12: 19% standard, 7% reduced; shelf prices include VAT (PAngV).
            // 0.10 × 19/119 = 0.0160 → 0.02 (×3 = 0.06); 0.20 × 7/107 = 0.0131 → 0.01 (×3 = 0.03).
            source: "UStG §12 (DE) rates; split by hand",
            policy: eur_incl(TaxRounding::PerLine),
            lines: de_lines(),
            taxes: vec![("de19", dec!(0.06)), ("de7", dec!(0.03))],
            total: dec!(0.90),
        },
        TaxCase {
            name: "EU VAT inclusive, 19% and 7% on one receipt, rounded per document",
            // 0.30 × 19/119 = 0.0479 → 0.05; 0.60 × 7/107 = 0.0393 → 0.04: a different split of the same 0.90.
            source: "UStG §12 (DE) rates; §14 UStG invoice shows tax per rate; split by hand",
            policy: eur_incl(TaxRounding::PerDocument),
            lines: de_lines(),
            taxes: vec![("de19", dec!(0.05)), ("de7", dec!(0.04))],
            total: dec!(0.90),
        },
        TaxCase {
            name: "US sales tax, exclusive, New York City 8.875%",
            // NY Publication 718: NYC 8.875% = 4% state + 4.5% city + 0.375% MCTD.
            // 10.00 → 0.8875 → 0.89; 5.99 → 0.5316 → 0.53; 19.99 → 1.7741 → 1.77.
            source: "NY DTF Publication 718",
            policy: usd.clone(),
            lines: vec![
                item("shirt", dec!(10.00), dec!(1), vec![tc("nyc", dec!(8.875))]),
                item("socks", dec!(5.99), dec!(1), vec![tc("nyc", dec!(8.875))]),
                item("cap", dec!(19.99), dec!(1), vec![tc("nyc", dec!(8.875))]),
            ],
            taxes: vec![("nyc", dec!(3.19))],
            total: dec!(39.17),
        },
        TaxCase {
            name: "US sales tax, NYC's three components on one line",
            // The same 8.875% as its parts: 10.00 → 0.40 + 0.45 + 0.0375→0.04 = 0.89.
            source: "NY DTF Publication 718",
            policy: usd,
            lines: vec![item(
                "shirt",
                dec!(10.00),
                dec!(1),
                vec![
                    tc("ny-state", dec!(4)),
                    tc("nyc", dec!(4.5)),
                    tc("mctd", dec!(0.375)),
                ],
            )],
            taxes: vec![
                ("ny-state", dec!(0.40)),
                ("nyc", dec!(0.45)),
                ("mctd", dec!(0.04)),
            ],
            total: dec!(10.89),
        },
        TaxCase {
            name: "Canada, British Columbia: GST 5% + PST 7% on one line",
            // CRA GST 5%; BC Provincial Sales Tax Act 7%, both on the price before tax.
            // 24.99 × 5% = 1.2495 → 1.25; 24.99 × 7% = 1.7493 → 1.75.
            source: "CRA GST/HST rates; BC PST Act",
            policy: cad.clone(),
            lines: vec![item(
                "kettle",
                dec!(24.99),
                dec!(1),
                vec![tc("gst", dec!(5)), tc("pst-bc", dec!(7))],
            )],
            taxes: vec![("gst", dec!(1.25)), ("pst-bc", dec!(1.75))],
            total: dec!(27.99),
        },
        TaxCase {
            name: "Canada, Quebec since 2013: GST 5% + QST 9.975%, both on the price",
            // Revenu Québec: QST 9.975% on the selling price excluding GST. 100.00 → 5.00 + 9.975 → 9.98.
            source: "Revenu Québec, calculating the taxes (GST 5%, QST 9.975%)",
            policy: cad.clone(),
            lines: vec![item(
                "chair",
                dec!(100.00),
                dec!(1),
                vec![tc("gst", dec!(5)), tc("qst", dec!(9.975))],
            )],
            taxes: vec![("gst", dec!(5.00)), ("qst", dec!(9.98))],
            total: dec!(114.98),
        },
        TaxCase {
            name: "Canada, Quebec in 2012: QST 9.5% compound on price + GST",
            // Until 2012 QST was charged on the price including GST: 9.5% × 105.00 = 9.975 → 9.98, the same as
            // the 2013 harmonised 9.975%; on 24.99: GST 1.2495 → 1.25, QST 9.5% × 26.2395 = 2.4928 → 2.49.
            source: "Revenu Québec, QST rate history (9.5% on price incl. GST in 2012)",
            policy: cad,
            lines: vec![
                item(
                    "chair",
                    dec!(100.00),
                    dec!(1),
                    vec![tc("gst", dec!(5)), tc("qst", dec!(9.5)).compound()],
                ),
                item(
                    "kettle",
                    dec!(24.99),
                    dec!(1),
                    vec![tc("gst", dec!(5)), tc("qst", dec!(9.5)).compound()],
                ),
            ],
            taxes: vec![("gst", dec!(6.25)), ("qst", dec!(12.47))],
            total: dec!(143.71),
        },
        TaxCase {
            name: "Japan, yen without minor unit, 10% and 8% (reduced, food) inclusive",
            // NTA consumption tax: 10% standard, 8% reduced for food. 450 × 8/108 = 33.3 → 33;
            // 300 × 10/110 = 27.3 → 27.
            source: "National Tax Agency (JP), consumption tax rates",
            policy: policy(
                Currency::jpy(),
                TaxMode::Inclusive,
                TaxRounding::PerDocument,
            ),
            lines: vec![
                item("onigiri", dec!(150), dec!(3), vec![tc("jp8", dec!(8))]),
                item("beer", dec!(300), dec!(1), vec![tc("jp10", dec!(10))]),
            ],
            taxes: vec![("jp8", dec!(33)), ("jp10", dec!(27))],
            total: dec!(750),
        },
        TaxCase {
            name: "Kuwaiti dinar, three decimals",
            // KWD has 1000 fils: 1.234 × 3 = 3.702, tax 5% exclusive = 0.1851 → 0.185.
            source: "ISO 4217 minor unit of KWD (3); hypothetical 5% rate",
            policy: policy(Currency::kwd(), TaxMode::Exclusive, TaxRounding::PerLine),
            lines: vec![item("dates", dec!(1.234), dec!(3), vec![tc("t5", dec!(5))])],
            taxes: vec![("t5", dec!(0.185))],
            total: dec!(3.887),
        },
    ]
}

#[test]
fn tax_conformance_table() {
    for case in tax_table() {
        let c = priced(&case.policy, &basket(case.lines));
        let got: Vec<(&str, Decimal)> = c
            .taxes
            .iter()
            .map(|r| (r.rate_id.as_str(), r.tax))
            .collect();
        assert_eq!(got, case.taxes, "{} ({})", case.name, case.source);
        assert_eq!(c.total, case.total, "{} ({})", case.name, case.source);
        assert_eq!(
            c.total.scale(),
            case.policy.scale(),
            "{}: amounts carry the currency's scale",
            case.name
        );
        for l in &c.lines {
            assert_eq!(l.net + l.tax, l.gross, "{}", case.name);
        }
        if case.policy.settings.tax_mode == TaxMode::Inclusive {
            assert_eq!(
                c.total, c.subtotal,
                "{}: the customer pays the shelf prices exactly",
                case.name
            );
        }
    }
}

#[test]
fn per_line_and_per_document_give_different_nets_per_rate() {
    let mut t = tax_table().into_iter();
    let (line, doc) = (t.next().unwrap(), t.next().unwrap());
    let a = priced(&line.policy, &basket(line.lines));
    let b = priced(&doc.policy, &basket(doc.lines));
    assert_eq!(
        rates(&a),
        vec![
            ("de19", dec!(0.24), dec!(0.06)),
            ("de7", dec!(0.57), dec!(0.03))
        ]
    );
    assert_eq!(
        rates(&b),
        vec![
            ("de19", dec!(0.25), dec!(0.05)),
            ("de7", dec!(0.56), dec!(0.04))
        ]
    );
}

// ---------------------------------------------------------------------------------------------------------
// Cash rounding.
// ---------------------------------------------------------------------------------------------------------

/// Swiss 5-centime rounding (Rappenrundung): cash only; CHF 12.42 → 12.40, 12.43 → 12.45.
/// Source: SNB — the smallest coin is 5 centimes; retailers round cash totals to 0.05.
#[test]
fn swiss_cash_rounding_to_five_centimes() {
    let p = StorePolicy {
        cash_rounding: Some(CashRounding::swiss()),
        ..policy(Currency::chf(), TaxMode::Inclusive, TaxRounding::PerLine)
    };
    let ctx = PricingContext::new(&p, noon());
    let down = basket(vec![item(
        "bread",
        dec!(12.42),
        dec!(1),
        vec![tc("ch26", dec!(2.6))],
    )]);
    let sale = SaleDocument::complete(
        header(1),
        &ctx,
        &down,
        vec![Payment::Cash { amount: dec!(20) }],
        dec!(0),
        None,
    )
    .unwrap();
    assert_eq!(
        (
            sale.total(),
            sale.settlement.rounding,
            sale.settlement.change
        ),
        (dec!(12.42), dec!(-0.02), dec!(7.60))
    );
    assert_eq!(sale.verify(), Ok(()));
    let j = sale_journal(&sale, &ChartOfAccounts::default());
    assert!(j.is_balanced());
    assert_eq!(
        j.balance("Cash rounding"),
        dec!(0.02),
        "rounding given away is a debit"
    );

    let up = basket(vec![item(
        "bread",
        dec!(12.43),
        dec!(1),
        vec![tc("ch26", dec!(2.6))],
    )]);
    let sale = SaleDocument::complete(
        header(2),
        &ctx,
        &up,
        vec![Payment::Cash {
            amount: dec!(12.45),
        }],
        dec!(0),
        None,
    )
    .unwrap();
    assert_eq!(
        (sale.settlement.rounding, sale.settlement.change),
        (dec!(0.02), dec!(0.00))
    );

    // Paid by card: no rounding at all; card + cash: only the cash part is rounded (12.43 − 5.00 = 7.43 → 7.45).
    let card = SaleDocument::complete(
        header(3),
        &ctx,
        &up,
        vec![Payment::Card {
            amount: dec!(12.43),
            reference: "tok".into(),
        }],
        dec!(0),
        None,
    )
    .unwrap();
    assert_eq!(card.settlement.rounding, dec!(0.00));
    let mixed = vec![
        Payment::Card {
            amount: dec!(5.00),
            reference: "tok".into(),
        },
        Payment::Cash { amount: dec!(10) },
    ];
    let split = SaleDocument::complete(header(4), &ctx, &up, mixed, dec!(0), None).unwrap();
    assert_eq!(
        (split.settlement.rounding, split.settlement.change),
        (dec!(0.02), dec!(2.55))
    );
    // Cash short of the rounded amount is refused, naming the rounded remainder.
    let short = SaleDocument::complete(
        header(5),
        &ctx,
        &up,
        vec![Payment::Cash {
            amount: dec!(12.43),
        }],
        dec!(0),
        None,
    );
    assert_eq!(
        short,
        Err(TenderError::Underpaid {
            remaining: dec!(0.02)
        }
        .into())
    );
}

/// Swedish öresavrundning: cash to whole kronor, 50 öre up. Source: Riksbank (öre coins withdrawn 2010).
#[test]
fn swedish_cash_rounding_to_whole_kronor() {
    let p = StorePolicy {
        cash_rounding: Some(CashRounding::swedish()),
        ..policy(Currency::sek(), TaxMode::Inclusive, TaxRounding::PerLine)
    };
    let ctx = PricingContext::new(&p, noon());
    for (price, rounding) in [(dec!(99.49), dec!(-0.49)), (dec!(99.50), dec!(0.50))] {
        let b = basket(vec![item(
            "fika",
            price,
            dec!(1),
            vec![tc("se12", dec!(12))],
        )]);
        let sale = SaleDocument::complete(
            header(6),
            &ctx,
            &b,
            vec![Payment::Cash { amount: dec!(100) }],
            dec!(0),
            None,
        )
        .unwrap();
        assert_eq!(sale.settlement.rounding, rounding);
        assert_eq!(sale.verify(), Ok(()));
    }
}

// ---------------------------------------------------------------------------------------------------------
// Promotions, discounts, refunds, tenders: one store, worked by hand.
// ---------------------------------------------------------------------------------------------------------

fn eu() -> StorePolicy {
    policy(Currency::eur(), TaxMode::Inclusive, TaxRounding::PerLine)
}

fn bogo_tshirts() -> Promotion {
    Promotion::new(
        "bogo-tee",
        "T-shirts: buy 1 get 1 free",
        PromotionKind::BuyXGetY {
            buy: Target::Products(vec!["tee".into()]),
            buy_quantity: 1,
            get: Target::Products(vec!["tee".into()]),
            get_quantity: 1,
            reward: Reward::Free,
        },
    )
}

/// Two T-shirts at 10.00 (BOGO), socks 5.00 (19%), a book 12.00 (7%), and 5.00 off the order.
fn bogo_basket() -> Basket {
    Basket {
        lines: vec![
            item("tee", dec!(10.00), dec!(2), vec![tc("de19", dec!(19))]),
            item("socks", dec!(5.00), dec!(1), vec![tc("de19", dec!(19))]),
            item("book", dec!(12.00), dec!(1), vec![tc("de7", dec!(7))]),
        ],
        order_discounts: vec![ManualDiscount::amount(
            dec!(5.00),
            "voucher from complaint #42",
        )],
    }
}

/// Worked by hand: BOGO takes 10.00 off the tees, leaving 27.00; the 5.00 order discount is allocated by
/// largest remainder: 10/27 × 5 = 1.8518 → 1.85, 5/27 × 5 = 0.9259 → 0.93 (largest remainder), 12/27 × 5 =
/// 2.2222 → 2.22. Lines 8.15 / 4.07 / 9.78; VAT 8.15 × 19/119 = 1.3013 → 1.30, 4.07 × 19/119 = 0.6498 → 0.65,
/// 9.78 × 7/107 = 0.6398 → 0.64.
#[test]
fn bogo_combined_with_an_order_discount() {
    let p = eu();
    let promos = [bogo_tshirts()];
    let c = price(
        &PricingContext::new(&p, noon()).with_promotions(&promos),
        &bogo_basket(),
    )
    .unwrap();
    let amounts: Vec<Decimal> = c.lines.iter().map(|l| l.gross).collect();
    assert_eq!(amounts, vec![dec!(8.15), dec!(4.07), dec!(9.78)]);
    let tee = &c.lines[0];
    let why: Vec<(AdjustmentKind, &str, Decimal)> = tee
        .adjustments
        .iter()
        .map(|a| (a.kind, a.rule_id.as_str(), a.amount))
        .collect();
    assert_eq!(
        why,
        vec![
            (AdjustmentKind::Promotion, "bogo-tee", dec!(10.00)),
            (AdjustmentKind::ManualOrder, "manual-order-1", dec!(1.85))
        ]
    );
    assert_eq!(c.lines[1].adjustments[0].amount, dec!(0.93));
    assert_eq!(
        c.lines[1].adjustments[0].reason.as_deref(),
        Some("voucher from complaint #42")
    );
    assert_eq!(
        rates(&c),
        vec![
            ("de19", dec!(10.27), dec!(1.95)),
            ("de7", dec!(9.14), dec!(0.64))
        ]
    );
    assert_eq!(
        (c.subtotal, c.discount, c.total, c.tax),
        (dec!(37.00), dec!(15.00), dec!(22.00), dec!(2.59))
    );
    assert_eq!(c.promotions.len(), 1);
    assert_eq!(c.promotions[0].amount, dec!(10.00));
}

fn bogo_sale() -> SaleDocument {
    let p = eu();
    let promos = [bogo_tshirts()];
    let ctx = PricingContext::new(&p, noon()).with_promotions(&promos);
    let pay = vec![
        Payment::GiftCard {
            amount: dec!(15.00),
            card: "GC-1".into(),
        },
        Payment::Cash {
            amount: dec!(10.00),
        },
    ];
    let balances = Balances {
        gift_cards: vec![("GC-1".into(), dec!(15.00))],
        ..Balances::default()
    };
    SaleDocument::complete(
        header(10),
        &ctx,
        &bogo_basket(),
        pay,
        dec!(0),
        Some(&balances),
    )
    .unwrap()
}

/// Split tender, worked by hand: 22.00 due, gift card 15.00, cash 10.00 → change 3.00. Ledger: gift card
/// liability −15.00, cash +7.00; revenue at list net, discounts at list net − net, VAT per rate.
#[test]
fn split_tender_gift_card_and_cash_with_change() {
    let sale = bogo_sale();
    assert_eq!(sale.settlement.change, dec!(3.00));
    assert_eq!(sale.verify(), Ok(()));
    let j = sale_journal(&sale, &ChartOfAccounts::default());
    assert!(j.is_balanced(), "{j:?}");
    assert_eq!(j.balance("Gift card liability"), dec!(15.00));
    assert_eq!(j.balance("Cash"), dec!(7.00));
    assert_eq!(j.balance("Tax payable de19"), dec!(-1.95));
    assert_eq!(j.balance("Tax payable de7"), dec!(-0.64));
    // Revenue − discounts = the nets: 19.41.
    assert_eq!(
        j.balance("Revenue general") + j.balance("Discounts"),
        dec!(-19.41)
    );

    // A gift card cannot pay more than it holds, and only cash gives change.
    let p = eu();
    let ctx = PricingContext::new(&p, noon());
    let b = basket(vec![item(
        "socks",
        dec!(5.00),
        dec!(1),
        vec![tc("de19", dec!(19))],
    )]);
    let balances = Balances {
        gift_cards: vec![("GC-1".into(), dec!(3.00))],
        ..Balances::default()
    };
    let over = SaleDocument::complete(
        header(11),
        &ctx,
        &b,
        vec![
            Payment::GiftCard {
                amount: dec!(4.00),
                card: "GC-1".into(),
            },
            Payment::Cash { amount: dec!(1) },
        ],
        dec!(0),
        Some(&balances),
    );
    assert!(matches!(
        over,
        Err(shared::document::DocumentError::Tender(
            TenderError::InsufficientBalance { .. }
        ))
    ));
    let gift_change = SaleDocument::complete(
        header(12),
        &ctx,
        &b,
        vec![Payment::GiftCard {
            amount: dec!(6.00),
            card: "GC-9".into(),
        }],
        dec!(0),
        None,
    );
    assert_eq!(gift_change, Err(TenderError::NonCashOverpayment.into()));
}

/// Partial refund of a discounted line, worked by hand: the tees' line was paid 8.15 for 2 (after BOGO and
/// its order-discount share), VAT 1.30. One tee back: round(8.15 / 2) = 4.075 → 4.08, VAT round(0.65) = 0.65.
/// The second: 8.15 − 4.08 = 4.07, VAT 0.65. Never more than was paid, and exactly that in all.
#[test]
fn partial_refund_of_a_discounted_line() {
    let p = eu();
    let sale = bogo_sale();
    let one = RefundRequest {
        lines: vec![RefundLineRequest {
            line: 0,
            quantity: dec!(1),
        }],
        method: RefundMethod::OriginalTenders,
        reason: "too small".into(),
    };
    let first = Refund::create(header(20), &sale, &[], &one, &p).unwrap();
    assert_eq!(
        (first.total, first.tax, first.net),
        (dec!(4.08), dec!(0.65), dec!(3.43))
    );
    // Paid back to the gift card first (original tenders, non-cash first).
    assert_eq!(first.payouts.len(), 1);
    assert_eq!(
        first.payouts[0].payment,
        Payment::GiftCard {
            amount: dec!(4.08),
            card: "GC-1".into()
        }
    );
    assert!(refund_journal(&first, &ChartOfAccounts::default()).is_balanced());

    let second = Refund::create(header(21), &sale, std::slice::from_ref(&first), &one, &p).unwrap();
    assert_eq!((second.total, second.tax), (dec!(4.07), dec!(0.65)));
    assert_eq!(first.total + second.total, sale.priced.lines[0].gross);
    // Nothing left on that line.
    let third = Refund::create(header(22), &sale, &[first.clone(), second], &one, &p);
    assert_eq!(
        third,
        Err(shared::document::DocumentError::OverRefund {
            line: 0,
            remaining: dec!(0)
        })
    );

    // To store credit instead.
    let credit = RefundRequest {
        method: RefundMethod::StoreCredit {
            account: "cust-7".into(),
        },
        ..one
    };
    let r = Refund::create(header(23), &sale, &[first], &credit, &p).unwrap();
    assert_eq!(
        r.payouts[0].payment,
        Payment::StoreCredit {
            amount: dec!(4.07),
            account: "cust-7".into()
        }
    );
}

/// A void reverses the sale's journal exactly; it is refused once the sale has refunds.
#[test]
fn void_reverses_the_sale() {
    let sale = bogo_sale();
    let v = Void::create(header(30), &sale, &[], "customer changed their mind").unwrap();
    let a = ChartOfAccounts::default();
    let j = void_journal(&v, &sale, &a).unwrap();
    let s = sale_journal(&sale, &a);
    assert!(j.is_balanced());
    assert_eq!(j.balance("Cash"), -s.balance("Cash"));
    let one = RefundRequest {
        lines: vec![RefundLineRequest {
            line: 1,
            quantity: dec!(1),
        }],
        method: RefundMethod::OriginalTenders,
        reason: "r".into(),
    };
    let r = Refund::create(header(31), &sale, &[], &one, &eu()).unwrap();
    assert_eq!(
        Void::create(header(32), &sale, &[r], "x"),
        Err(shared::document::DocumentError::AlreadyRefunded)
    );
}

// ---------------------------------------------------------------------------------------------------------
// Price lists, weighed goods, quantity breaks, mix-and-match, thresholds, coupons, stacking, exemptions.
// ---------------------------------------------------------------------------------------------------------

/// Weighed goods: 0.532 kg × 12.99/kg = 6.91068 → 6.91 (half-up); 1.235 kg × 2.50 = 3.0875 → 3.09 half-up,
/// 3.09 half-even too (not a midpoint); 0.125 kg × 1.00 = 0.125 → 0.13 half-up, 0.12 half-even.
#[test]
fn weighed_goods_price_per_kg() {
    let mut p = eu();
    let kg = |q: Decimal, price: Decimal| BasketLine {
        unit: Unit::Kilogram,
        ..item("cheese", price, q, vec![tc("de7", dec!(7))])
    };
    assert_eq!(
        priced(&p, &basket(vec![kg(dec!(0.532), dec!(12.99))])).total,
        dec!(6.91)
    );
    assert_eq!(
        priced(&p, &basket(vec![kg(dec!(1.235), dec!(2.50))])).total,
        dec!(3.09)
    );
    assert_eq!(
        priced(&p, &basket(vec![kg(dec!(0.125), dec!(1.00))])).total,
        dec!(0.13)
    );
    p.settings.rounding = RoundingMode::HalfEven;
    assert_eq!(
        priced(&p, &basket(vec![kg(dec!(0.125), dec!(1.00))])).total,
        dec!(0.12)
    );
    // Grams are the finest weight: 4 decimals of kg are refused; pieces must be whole.
    assert!(price(
        &PricingContext::new(&p, noon()),
        &basket(vec![kg(dec!(0.1234), dec!(1))])
    )
    .is_err());
    assert!(price(
        &PricingContext::new(&p, noon()),
        &basket(vec![item("x", dec!(1), dec!(1.5), vec![])])
    )
    .is_err());
}

/// Happy hour 17:00–19:00 on beer (3.00 instead of 4.50), staff price list for everyone in group `staff`.
#[test]
fn price_lists_by_time_and_customer_group() {
    let p = eu();
    let happy = PriceList {
        id: "happy".into(),
        name: "Happy hour".into(),
        customer_groups: vec![],
        window: Some(TimeWindow::daily(
            NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
            NaiveTime::from_hms_opt(19, 0, 0).unwrap(),
        )),
        priority: 0,
        prices: vec![PriceListEntry {
            product_id: "beer".into(),
            unit_price: dec!(3.00),
        }],
    };
    let staff = PriceList {
        id: "staff".into(),
        name: "Staff".into(),
        customer_groups: vec!["staff".into()],
        window: None,
        priority: 0,
        prices: vec![PriceListEntry {
            product_id: "beer".into(),
            unit_price: dec!(2.50),
        }],
    };
    let lists = [happy, staff];
    let b = basket(vec![item(
        "beer",
        dec!(4.50),
        dec!(2),
        vec![tc("de19", dec!(19))],
    )]);
    let at = |h| {
        NaiveDate::from_ymd_opt(2026, 6, 1)
            .unwrap()
            .and_hms_opt(h, 30, 0)
            .unwrap()
    };
    let c = price(
        &PricingContext::new(&p, at(16)).with_price_lists(&lists),
        &b,
    )
    .unwrap();
    assert_eq!(
        (c.total, c.lines[0].price_list.as_ref()),
        (dec!(9.00), None)
    );
    let c = price(
        &PricingContext::new(&p, at(17)).with_price_lists(&lists),
        &b,
    )
    .unwrap();
    assert_eq!(
        (
            c.total,
            c.lines[0].price_list.as_ref().map(|r| r.id.as_str())
        ),
        (dec!(6.00), Some("happy"))
    );
    let emp = Customer {
        id: "e1".into(),
        group: Some("staff".into()),
        exemption: TaxExemption::None,
    };
    let c = price(
        &PricingContext::new(&p, at(17))
            .with_price_lists(&lists)
            .with_customer(&emp),
        &b,
    )
    .unwrap();
    assert_eq!(c.total, dec!(5.00), "equal priority: the lower price wins");
}

/// Quantity break: water 0.99; 6+ at 0.79 each → 8 × 0.20 = 1.60 off. Mix-and-match: any 3 candles for
/// 10.00 (4.50, 4.00, 3.00, 2.00): the most valuable set 4.50 + 4.00 + 3.00 = 11.50 → 1.50 off, 2.00 stays.
#[test]
fn quantity_break_and_mix_and_match() {
    let p = eu();
    let promos = [
        Promotion::new(
            "water-6",
            "6+ waters 0.79",
            PromotionKind::QuantityBreak {
                target: Target::Products(vec!["water".into()]),
                tiers: vec![shared::promotion::QuantityTier {
                    min_quantity: dec!(6),
                    price: shared::promotion::TierPrice::UnitPrice(dec!(0.79)),
                }],
            },
        ),
        Promotion::new(
            "candles-3",
            "Any 3 candles 10.00",
            PromotionKind::MixAndMatch {
                target: Target::Categories(vec!["candles".into()]),
                set_size: 3,
                set_price: dec!(10.00),
            },
        ),
    ];
    let candle = |id: &str, price: Decimal| BasketLine {
        category_id: "candles".into(),
        ..item(id, price, dec!(1), vec![tc("de19", dec!(19))])
    };
    let b = basket(vec![
        item("water", dec!(0.99), dec!(5), vec![tc("de19", dec!(19))]),
        item("water", dec!(0.99), dec!(3), vec![tc("de19", dec!(19))]),
        candle("c1", dec!(4.50)),
        candle("c2", dec!(4.00)),
        candle("c3", dec!(3.00)),
        candle("c4", dec!(2.00)),
    ]);
    let c = price(
        &PricingContext::new(&p, noon()).with_promotions(&promos),
        &b,
    )
    .unwrap();
    let off: Vec<Decimal> = c.lines.iter().map(|l| l.discount()).collect();
    assert_eq!(
        off,
        vec![
            dec!(1.00),
            dec!(0.60),
            dec!(0.59),
            dec!(0.52),
            dec!(0.39),
            dec!(0.00)
        ]
    );
    assert_eq!(c.discount, dec!(3.10));
}

/// Spend threshold (10% off from 50.00), a single-use coupon, and exclusive vs stackable promotions under
/// both policies.
#[test]
fn thresholds_coupons_and_stacking() {
    let mut p = eu();
    let spend = Promotion::new(
        "spend50",
        "10% off from 50",
        PromotionKind::SpendThreshold {
            target: Target::All,
            threshold: dec!(50),
            value: DiscountValue::Percent(dec!(10)),
        },
    );
    let coupon = Promotion {
        coupon: Some("SAVE5".into()),
        ..Promotion::new(
            "save5",
            "5.00 off coupon",
            PromotionKind::SpendThreshold {
                target: Target::All,
                threshold: dec!(0),
                value: DiscountValue::Amount(dec!(5)),
            },
        )
    };
    let exclusive = Promotion {
        stacking: Stacking::Exclusive,
        priority: 10,
        ..Promotion::new(
            "flash",
            "Flash sale 12%",
            PromotionKind::LineDiscount {
                target: Target::All,
                value: DiscountValue::Percent(dec!(12)),
            },
        )
    };
    let b = basket(vec![item(
        "coat",
        dec!(60.00),
        dec!(1),
        vec![tc("de19", dec!(19))],
    )]);

    let stack = [spend.clone(), coupon.clone()];
    let codes = [CouponEntry {
        code: " save5 ".into(),
        remaining_uses: Some(1),
    }];
    let c = price(
        &PricingContext::new(&p, noon())
            .with_promotions(&stack)
            .with_coupons(&codes),
        &b,
    )
    .unwrap();
    // Same priority: by id, "save5" before "spend50": 60 − 5 = 55 ≥ 50 → 5.50 off → 49.50.
    assert_eq!(c.total, dec!(49.50));
    assert_eq!(
        c.coupons,
        vec![CouponOutcome::Applied {
            code: "SAVE5".into(),
            promotion_id: "save5".into()
        }]
    );
    assert_eq!(c.redeemed_coupons(), vec!["SAVE5"]);
    let used = [CouponEntry {
        code: "SAVE5".into(),
        remaining_uses: Some(0),
    }];
    let c = price(
        &PricingContext::new(&p, noon())
            .with_promotions(&stack)
            .with_coupons(&used),
        &b,
    )
    .unwrap();
    assert_eq!(
        (c.total, &c.coupons[0]),
        (
            dec!(54.00),
            &CouponOutcome::Exhausted {
                code: "SAVE5".into()
            }
        )
    );

    // Exclusive 12% (7.20 off) vs the stack 10% (6.00 off): priority takes the exclusive (priority 10),
    // best-for-customer too; give the stack more and best-for-customer switches.
    let all = [spend.clone(), exclusive.clone()];
    let c = price(&PricingContext::new(&p, noon()).with_promotions(&all), &b).unwrap();
    assert_eq!(c.total, dec!(52.80));
    let multi = [CouponEntry {
        code: "SAVE5".into(),
        remaining_uses: None,
    }];
    let all = [spend, coupon, exclusive];
    let c = price(
        &PricingContext::new(&p, noon())
            .with_promotions(&all)
            .with_coupons(&multi),
        &b,
    )
    .unwrap();
    assert_eq!(
        c.total,
        dec!(52.80),
        "priority: the exclusive flash sale outranks the stack"
    );
    p.promotion_policy = PromotionPolicy::BestForCustomer;
    let c = price(
        &PricingContext::new(&p, noon())
            .with_promotions(&all)
            .with_coupons(&multi),
        &b,
    )
    .unwrap();
    assert_eq!(
        c.total,
        dec!(49.50),
        "best for customer: the stack takes 10.50 off"
    );
    assert_eq!(
        c.coupons,
        vec![CouponOutcome::Applied {
            code: "SAVE5".into(),
            promotion_id: "save5".into()
        }]
    );
}

/// Exemption: a BC customer with a PST exemption certificate pays GST only (24.99 + 1.25); a VAT-exempt
/// export customer in an inclusive store pays the shelf price less VAT: 11.90 × 100/119 = 10.00.
#[test]
fn tax_exemption_per_customer() {
    let cad = policy(Currency::cad(), TaxMode::Exclusive, TaxRounding::PerLine);
    let pst_exempt = Customer {
        id: "c1".into(),
        group: None,
        exemption: TaxExemption::Rates(vec!["pst-bc".into()]),
    };
    let b = basket(vec![item(
        "kettle",
        dec!(24.99),
        dec!(1),
        vec![tc("gst", dec!(5)), tc("pst-bc", dec!(7))],
    )]);
    let c = price(
        &PricingContext::new(&cad, noon()).with_customer(&pst_exempt),
        &b,
    )
    .unwrap();
    assert_eq!((c.tax, c.total), (dec!(1.25), dec!(26.24)));

    let p = eu();
    let export = Customer {
        id: "c2".into(),
        group: None,
        exemption: TaxExemption::All,
    };
    let b = basket(vec![item(
        "watch",
        dec!(11.90),
        dec!(1),
        vec![tc("de19", dec!(19))],
    )]);
    let c = price(&PricingContext::new(&p, noon()).with_customer(&export), &b).unwrap();
    assert_eq!(
        (c.total, c.tax, c.exemption),
        (dec!(10.00), dec!(0.00), dec!(1.90))
    );
}

/// Tips go to tips payable and are part of what the card pays; loyalty points redeem at the store's value.
#[test]
fn tips_and_loyalty() {
    let p = StorePolicy {
        loyalty_point_value: Some(dec!(0.01)),
        ..eu()
    };
    let ctx = PricingContext::new(&p, noon());
    let b = basket(vec![item(
        "dinner",
        dec!(40.00),
        dec!(1),
        vec![tc("de19", dec!(19))],
    )]);
    let pay = vec![
        Payment::Loyalty {
            amount: dec!(5.00),
            points: 500,
            account: "L1".into(),
        },
        Payment::Card {
            amount: dec!(39.00),
            reference: "tok".into(),
        },
    ];
    let sale = SaleDocument::complete(header(40), &ctx, &b, pay, dec!(4.00), None).unwrap();
    assert_eq!(
        (sale.settlement.due, sale.settlement.change),
        (dec!(44.00), dec!(0.00))
    );
    let j = sale_journal(&sale, &ChartOfAccounts::default());
    assert!(j.is_balanced());
    assert_eq!(j.balance("Tips payable"), dec!(-4.00));
    let wrong = vec![
        Payment::Loyalty {
            amount: dec!(6.00),
            points: 500,
            account: "L1".into(),
        },
        Payment::Card {
            amount: dec!(38.00),
            reference: "tok".into(),
        },
    ];
    assert!(matches!(
        SaleDocument::complete(header(41), &ctx, &b, wrong, dec!(4.00), None),
        Err(shared::document::DocumentError::Tender(
            TenderError::LoyaltyValue { .. }
        ))
    ));
}

/// Exchange: one tee back (4.08) for socks at 5.00: the return's value pays the socks, cash pays 0.92; the
/// exchange clearing account nets to zero across the two journals.
#[test]
fn exchange_carries_the_return_to_the_new_sale() {
    use shared::document::exchange::{Exchange, ExchangeReturn, ExchangeSale};
    let p = eu();
    let sale = bogo_sale();
    let ctx = PricingContext::new(&p, noon());
    let socks = basket(vec![item(
        "socks",
        dec!(5.00),
        dec!(1),
        vec![tc("de19", dec!(19))],
    )]);
    let back = ExchangeReturn {
        header: header(50),
        original: &sale,
        previous_refunds: &[],
        lines: vec![RefundLineRequest {
            line: 0,
            quantity: dec!(1),
        }],
        reason: "wrong size".into(),
        method: RefundMethod::OriginalTenders,
    };
    let new = ExchangeSale {
        header: header(51),
        basket: &socks,
        payments: vec![Payment::Cash { amount: dec!(1.00) }],
        tip: dec!(0),
        balances: None,
    };
    let x = Exchange::create(Uuid::from_u128(52), back, new, &ctx).unwrap();
    assert_eq!(x.returned.total, dec!(4.08));
    assert_eq!(x.sale.settlement.change, dec!(0.08));
    let [r, s] = shared::ledger::exchange_journals(&x, &ChartOfAccounts::default());
    assert!(r.is_balanced() && s.is_balanced());
    assert_eq!(
        r.balance("Exchange clearing") + s.balance("Exchange clearing"),
        dec!(0)
    );
}

/// The legacy API gives the same figures as before on its own worked example (German receipt).
#[test]
fn legacy_totals_still_match() {
    use shared::cart::{Cart, CartLine};
    let line = |name: &str, price, qty, rate: &str, pct| CartLine {
        product_id: name.into(),
        name: name.into(),
        sku: name.into(),
        barcode: None,
        unit_price: price,
        quantity: qty,
        tax_rate_id: rate.into(),
        tax_name: rate.into(),
        tax_percent: pct,
    };
    let cart = Cart {
        lines: vec![
            line("Coffee", dec!(2.99), dec!(3), "std", dec!(19)),
            line("Bread", dec!(1.49), dec!(1), "red", dec!(7)),
            line("Soap", dec!(0.99), dec!(2), "std", dec!(19)),
        ],
    };
    let t = shared::pricing::totals(&cart, &StoreSettings::default());
    assert_eq!(
        (t.total, t.tax, t.net),
        (dec!(12.44), dec!(1.85), dec!(10.59))
    );
}

/// Buy 2 shirts, get a tie half price; worked by hand: shirts 30.00 × 2, ties 20.00 and 15.00 → one
/// application (two shirts), the cheapest tie rewarded: 15.00 × 50% = 7.50. The promotion is for the `vip`
/// group on Friday evenings only.
#[test]
fn buy_x_get_y_across_products_with_group_and_window() {
    let p = eu();
    let promo = Promotion {
        customer_groups: vec!["vip".into()],
        window: Some(TimeWindow {
            days: vec![chrono::Weekday::Fri],
            ..TimeWindow::daily(
                NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
                NaiveTime::from_hms_opt(21, 0, 0).unwrap(),
            )
        }),
        ..Promotion::new(
            "shirt-tie",
            "Buy 2 shirts, tie half price",
            PromotionKind::BuyXGetY {
                buy: Target::Products(vec!["shirt".into()]),
                buy_quantity: 2,
                get: Target::Products(vec!["tie-a".into(), "tie-b".into()]),
                get_quantity: 1,
                reward: Reward::PercentOff(dec!(50)),
            },
        )
    };
    let promos = [promo];
    let b = basket(vec![
        item("tie-a", dec!(20.00), dec!(1), vec![tc("de19", dec!(19))]),
        item("shirt", dec!(30.00), dec!(2), vec![tc("de19", dec!(19))]),
        item("tie-b", dec!(15.00), dec!(1), vec![tc("de19", dec!(19))]),
    ]);
    let vip = Customer {
        id: "v".into(),
        group: Some("vip".into()),
        exemption: TaxExemption::None,
    };
    let friday = NaiveDate::from_ymd_opt(2026, 6, 5)
        .unwrap()
        .and_hms_opt(18, 0, 0)
        .unwrap();
    let c = price(
        &PricingContext::new(&p, friday)
            .with_promotions(&promos)
            .with_customer(&vip),
        &b,
    )
    .unwrap();
    let off: Vec<Decimal> = c.lines.iter().map(|l| l.discount()).collect();
    assert_eq!(off, vec![dec!(0.00), dec!(0.00), dec!(7.50)]);
    assert_eq!(
        c.lines[2].adjustments[0].name,
        "Buy 2 shirts, tie half price"
    );
    // Not for other customers, and not on Monday.
    let c = price(
        &PricingContext::new(&p, friday).with_promotions(&promos),
        &b,
    )
    .unwrap();
    assert_eq!(c.discount, dec!(0.00));
    let c = price(
        &PricingContext::new(&p, noon())
            .with_promotions(&promos)
            .with_customer(&vip),
        &b,
    )
    .unwrap();
    assert_eq!(c.discount, dec!(0.00));
}

// ---------------------------------------------------------------------------------------------------------
// Staff stamps: records about a document, never part of its money or of its bytes when absent.
// ---------------------------------------------------------------------------------------------------------

fn chris() -> shared::document::StaffStamp {
    shared::document::StaffStamp {
        id: Uuid::from_u128(0xc1),
        name: "Chris Cashier".into(),
    }
}

fn sam_approves(permission: shared::auth::Permission) -> Option<shared::document::Approval> {
    Some(shared::document::Approval {
        approver: shared::document::StaffStamp {
            id: Uuid::from_u128(0x5a),
            name: "Sam Supervisor".into(),
        },
        permission,
        override_token: Some("tok".into()),
    })
}

/// Documents written before stamps existed (stored bodies, queued outbox entries) parse, and serialise back to
/// the very same bytes, so their body hashes do not change.
#[test]
fn documents_without_stamps_parse_and_keep_their_bytes() {
    let void = r#"{"id":"00000000-0000-0000-0000-00000000001e","device_id":"00000000-0000-0000-0000-000000000000","receipt_no":"T-30","created_at":"2026-06-01T10:00:00Z","sale_id":"00000000-0000-0000-0000-00000000000a","reason":"customer changed their mind"}"#;
    let parsed: Void = serde_json::from_str(void).unwrap();
    assert_eq!((&parsed.cashier, &parsed.approval), (&None, &None));
    assert_eq!(serde_json::to_string(&parsed).unwrap(), void);
    let movement = r#"{"id":"00000000-0000-0000-0000-000000000001","device_id":"00000000-0000-0000-0000-000000000000","created_at":"2026-06-01T10:00:00Z","kind":"paid_in","amount":"5.00","reason":"float top-up","account":null}"#;
    let parsed: shared::ledger::CashMovement = serde_json::from_str(movement).unwrap();
    assert_eq!(parsed.cashier, None);
    assert_eq!(serde_json::to_string(&parsed).unwrap(), movement);
    // A document made today without stamps has no stamp keys at all, and round-trips.
    let sale = bogo_sale();
    let text = serde_json::to_string(&sale).unwrap();
    assert!(
        !text.contains("cashier") && !text.contains("approval"),
        "{text}"
    );
    let back: SaleDocument = serde_json::from_str(&text).unwrap();
    assert_eq!(back, sale);
    assert_eq!(serde_json::to_string(&back).unwrap(), text);
}

/// Stamps do not change what a sale verifies to, what a refund comes to, or what the next refund rebuilds to.
#[test]
fn stamps_do_not_touch_money() {
    let p = eu();
    let mut sale = bogo_sale();
    let plain = sale.clone();
    sale.cashier = Some(chris());
    sale.approval = sam_approves(shared::auth::Permission::DiscountOverLimit);
    assert_eq!(sale.verify(), Ok(()));
    let a = ChartOfAccounts::default();
    assert_eq!(sale_journal(&sale, &a), sale_journal(&plain, &a));
    let one = RefundRequest {
        lines: vec![RefundLineRequest {
            line: 0,
            quantity: dec!(1),
        }],
        method: RefundMethod::OriginalTenders,
        reason: "too small".into(),
    };
    let mut first = Refund::create(header(20), &sale, &[], &one, &p).unwrap();
    let unstamped = first.clone();
    assert_eq!(
        Refund::create(header(20), &plain, &[], &one, &p).unwrap(),
        first
    );
    first.cashier = Some(chris());
    first.approval = sam_approves(shared::auth::Permission::Refund);
    let text = serde_json::to_string(&first).unwrap();
    assert!(text.contains(r#""cashier":{"#) && text.contains(r#""approval":{"#));
    assert_eq!(serde_json::from_str::<Refund>(&text).unwrap(), first);
    let after_stamped = Refund::create(header(21), &sale, &[first], &one, &p).unwrap();
    let after_plain = Refund::create(header(21), &sale, &[unstamped], &one, &p).unwrap();
    assert_eq!(after_stamped, after_plain);
    assert_eq!(after_stamped.cashier, None);
}

// ---------------------------------------------------------------------------------------------------------
// Modifiers: chosen options are priced into the line's unit price and recorded on the document line.

#[test]
fn modifiers_are_priced_into_the_line_and_recorded() {
    use shared::catalog::{ModifierGroup, ModifierOption};
    let p = eu();
    let ctx = PricingContext::new(&p, noon());
    let milk = ModifierGroup {
        id: "milk".into(),
        name: "Milk".into(),
        min_choices: 1,
        max_choices: 1,
        options: vec![
            ModifierOption {
                name: "Whole".into(),
                price_delta: dec!(0),
            },
            ModifierOption {
                name: "Oat".into(),
                price_delta: dec!(0.40),
            },
        ],
        active: true,
        version: 1,
    };
    assert_eq!(milk.choose(&[]), None, "one must be chosen");
    assert_eq!(milk.choose(&["Oat", "Whole"]), None, "only one may be");
    assert_eq!(milk.choose(&["Soy"]), None, "not an option");
    let oat = milk.choose(&["Oat"]).expect("oat");
    let latte = BasketLine {
        modifiers: oat.clone(),
        ..item("latte", dec!(3.20), dec!(2), vec![tc("de19", dec!(19))])
    };
    let plain = item("latte", dec!(3.20), dec!(1), vec![tc("de19", dec!(19))]);
    let b = basket(vec![latte, plain]);
    let sale = SaleDocument::complete(
        header(90),
        &ctx,
        &b,
        vec![Payment::Cash { amount: dec!(20) }],
        dec!(0),
        None,
    )
    .unwrap();
    let lines = &sale.priced.lines;
    assert_eq!(
        (lines[0].unit_price, lines[0].base),
        (dec!(3.60), dec!(7.20))
    );
    assert_eq!(lines[0].list_unit_price, dec!(3.60));
    assert_eq!(lines[0].modifiers, oat);
    assert!(lines[1].modifiers.is_empty());
    assert_eq!(sale.total(), dec!(10.40));
    assert_eq!(sale.verify(), Ok(()));
    // The document line carries them; a line without keeps its old bytes (no `modifiers` key).
    let json = serde_json::to_value(&sale).unwrap();
    assert_eq!(
        json["priced"]["lines"][0]["modifiers"][0]["price_delta"],
        "0.40"
    );
    assert!(json["priced"]["lines"][1].get("modifiers").is_none());
    // A document whose modifiers are more than its line's price does not verify.
    let mut forged = sale.clone();
    forged.priced.lines[1].modifiers = vec![shared::catalog::ChosenModifier {
        group_id: "milk".into(),
        name: "Gold".into(),
        price_delta: dec!(5),
    }];
    assert!(forged.verify().is_err());
    // A delta taking more off than the price is refused before pricing.
    let mut cheap = item("latte", dec!(0.30), dec!(1), vec![tc("de19", dec!(19))]);
    cheap.modifiers = vec![shared::catalog::ChosenModifier {
        group_id: "size".into(),
        name: "Small".into(),
        price_delta: dec!(-0.50),
    }];
    assert!(price(&ctx, &basket(vec![cheap])).is_err());
}
