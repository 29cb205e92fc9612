//! Worked examples and property tests for `pricing::totals` and `Sale::complete`: inclusive and exclusive tax,
//! several rates, per-line and per-document rounding, and the invariants every cart must keep.

use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use shared::cart::{Cart, CartLine};
use shared::catalog::{StoreSettings, TaxMode, TaxRounding};
use shared::money::{Currency, RoundingMode};
use shared::pricing::totals;
use shared::sale::{Sale, SaleError, SaleHeader, Tender};
use uuid::Uuid;

fn line(name: &str, price: Decimal, qty: Decimal, rate: &str, percent: Decimal) -> CartLine {
    CartLine {
        product_id: name.to_lowercase(),
        name: name.into(),
        sku: name.to_lowercase(),
        barcode: None,
        unit_price: price,
        quantity: qty,
        tax_rate_id: rate.into(),
        tax_name: format!("VAT {percent}%"),
        tax_percent: percent,
    }
}

fn settings(mode: TaxMode, rounding: TaxRounding, rule: RoundingMode) -> StoreSettings {
    StoreSettings {
        tax_mode: mode,
        tax_rounding: rounding,
        rounding: rule,
        ..StoreSettings::default()
    }
}

fn header() -> SaleHeader {
    SaleHeader {
        id: Uuid::nil(),
        device_id: Uuid::nil(),
        receipt_no: "TEST-000001".into(),
        created_at: Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap(),
    }
}

/// German receipt with 19% and 7% VAT, tax-inclusive shelf prices, rounded per line.
#[test]
fn eu_vat_inclusive_two_rates_per_line() {
    let cart = Cart {
        lines: vec![
            line("Coffee", dec!(2.99), dec!(3), "std", dec!(19)),
            line("Bread", dec!(1.49), dec!(1), "red", dec!(7)),
            line("Soap", dec!(0.99), dec!(2), "std", dec!(19)),
        ],
    };
    let t = totals(
        &cart,
        &settings(
            TaxMode::Inclusive,
            TaxRounding::PerLine,
            RoundingMode::HalfUp,
        ),
    );
    // 8.97 × 19/119 = 1.4322 → 1.43; 1.49 × 7/107 = 0.0975 → 0.10; 1.98 × 19/119 = 0.3161 → 0.32
    assert_eq!(t.lines[0].tax, dec!(1.43));
    assert_eq!(t.lines[1].tax, dec!(0.10));
    assert_eq!(t.lines[2].tax, dec!(0.32));
    assert_eq!(
        t.total,
        dec!(12.44),
        "the customer pays the shelf prices exactly"
    );
    assert_eq!(t.taxes.len(), 2);
    assert_eq!(
        (
            t.taxes[0].rate_id.as_str(),
            t.taxes[0].tax,
            t.taxes[0].net,
            t.taxes[0].gross
        ),
        ("std", dec!(1.75), dec!(9.20), dec!(10.95))
    );
    assert_eq!(
        (
            t.taxes[1].rate_id.as_str(),
            t.taxes[1].tax,
            t.taxes[1].net,
            t.taxes[1].gross
        ),
        ("red", dec!(0.10), dec!(1.39), dec!(1.49))
    );
    assert_eq!(t.tax, dec!(1.85));
    assert_eq!(t.net, dec!(10.59));
}

/// Three 0.10 items at 19% VAT: per-line rounding gives 3 × 0.02 = 0.06 tax, per-document 0.30 × 19/119 = 0.05.
#[test]
fn per_line_and_per_document_rounding_differ_and_both_keep_the_shelf_price() {
    let cart = Cart {
        lines: vec![
            line("A", dec!(0.10), dec!(1), "std", dec!(19)),
            line("B", dec!(0.10), dec!(1), "std", dec!(19)),
            line("C", dec!(0.10), dec!(1), "std", dec!(19)),
        ],
    };
    let per_line = totals(
        &cart,
        &settings(
            TaxMode::Inclusive,
            TaxRounding::PerLine,
            RoundingMode::HalfUp,
        ),
    );
    let per_doc = totals(
        &cart,
        &settings(
            TaxMode::Inclusive,
            TaxRounding::PerDocument,
            RoundingMode::HalfUp,
        ),
    );
    assert_eq!(per_line.tax, dec!(0.06));
    assert_eq!(per_doc.tax, dec!(0.05));
    assert_eq!(per_line.total, dec!(0.30));
    assert_eq!(per_doc.total, dec!(0.30));
    assert_eq!(
        per_doc.lines.iter().map(|l| l.tax).sum::<Decimal>(),
        dec!(0.05),
        "document tax allocated to lines"
    );
}

/// New York City sales tax 8.875% (4% state + 4.5% city + 0.375% MCTD), added at the till.
#[test]
fn us_sales_tax_exclusive() {
    let cart = Cart {
        lines: vec![
            line("Shirt", dec!(10.00), dec!(1), "nyc", dec!(8.875)),
            line("Socks", dec!(5.99), dec!(1), "nyc", dec!(8.875)),
        ],
    };
    let t = totals(
        &cart,
        &settings(
            TaxMode::Exclusive,
            TaxRounding::PerLine,
            RoundingMode::HalfUp,
        ),
    );
    assert_eq!(t.lines[0].tax, dec!(0.89)); // 0.8875
    assert_eq!(t.lines[1].tax, dec!(0.53)); // 0.5316
    assert_eq!(t.net, dec!(15.99));
    assert_eq!(t.tax, dec!(1.42));
    assert_eq!(t.total, dec!(17.41));
    let doc = totals(
        &cart,
        &settings(
            TaxMode::Exclusive,
            TaxRounding::PerDocument,
            RoundingMode::HalfUp,
        ),
    );
    assert_eq!(doc.tax, dec!(1.42)); // 15.99 × 0.08875 = 1.4191
}

/// 5% of 0.50 is exactly 0.025: half-up gives 0.03, half-even (banker's) gives 0.02.
#[test]
fn rounding_mode_is_applied_to_tax_midpoints() {
    let cart = Cart {
        lines: vec![line("Gum", dec!(0.50), dec!(1), "gst", dec!(5))],
    };
    let up = totals(
        &cart,
        &settings(
            TaxMode::Exclusive,
            TaxRounding::PerLine,
            RoundingMode::HalfUp,
        ),
    );
    let even = totals(
        &cart,
        &settings(
            TaxMode::Exclusive,
            TaxRounding::PerLine,
            RoundingMode::HalfEven,
        ),
    );
    assert_eq!(up.tax, dec!(0.03));
    assert_eq!(even.tax, dec!(0.02));
}

#[test]
fn yen_has_no_minor_unit() {
    let mut s = settings(
        TaxMode::Inclusive,
        TaxRounding::PerLine,
        RoundingMode::HalfUp,
    );
    s.currency = Currency {
        code: "JPY".into(),
        scale: 0,
    };
    let cart = Cart {
        lines: vec![line("Onigiri", dec!(150), dec!(3), "std", dec!(8))],
    };
    let t = totals(&cart, &s);
    assert_eq!(t.total, dec!(450));
    assert_eq!(t.tax, dec!(33)); // 450 × 8/108 = 33.33
    assert_eq!(t.net, dec!(417));
}

#[test]
fn cash_sale_gives_change_and_card_cannot_overpay() {
    let s = StoreSettings::default();
    let cart = Cart {
        lines: vec![line("Coffee", dec!(2.99), dec!(3), "std", dec!(19))],
    };
    let sale =
        Sale::complete(header(), &cart, &s, vec![Tender::Cash { amount: dec!(20) }]).unwrap();
    assert_eq!(sale.total, dec!(8.97));
    assert_eq!(sale.change, dec!(11.03));
    assert_eq!(sale.verify(), Ok(()));

    let over = Sale::complete(
        header(),
        &cart,
        &s,
        vec![Tender::Card {
            amount: dec!(10),
            reference: "A1".into(),
        }],
    );
    assert_eq!(over, Err(SaleError::CardOverpayment));
    let short = Sale::complete(header(), &cart, &s, vec![Tender::Cash { amount: dec!(5) }]);
    assert_eq!(
        short,
        Err(SaleError::Underpaid {
            remaining: dec!(3.97)
        })
    );
    let no_ref = Sale::complete(
        header(),
        &cart,
        &s,
        vec![Tender::Card {
            amount: dec!(8.97),
            reference: " ".into(),
        }],
    );
    assert_eq!(no_ref, Err(SaleError::MissingCardReference));
    let split = Sale::complete(
        header(),
        &cart,
        &s,
        vec![
            Tender::Card {
                amount: dec!(5),
                reference: "A1".into(),
            },
            Tender::Cash { amount: dec!(5) },
        ],
    )
    .unwrap();
    assert_eq!(split.change, dec!(1.03));
    assert_eq!(
        Sale::complete(header(), &Cart::default(), &s, vec![]),
        Err(SaleError::EmptyCart)
    );
}

#[test]
fn verify_rejects_tampered_totals() {
    let cart = Cart {
        lines: vec![line("Coffee", dec!(2.99), dec!(1), "std", dec!(19))],
    };
    let mut sale = Sale::complete(
        header(),
        &cart,
        &StoreSettings::default(),
        vec![Tender::Cash { amount: dec!(5) }],
    )
    .unwrap();
    sale.total = dec!(1.00);
    assert!(matches!(sale.verify(), Err(SaleError::Inconsistent(_))));
}

fn arb_line() -> impl Strategy<Value = CartLine> {
    (
        0i64..100_000,
        1i64..25,
        prop::sample::select(vec![
            dec!(0),
            dec!(5),
            dec!(7),
            dec!(8.875),
            dec!(19),
            dec!(20),
            dec!(21),
        ]),
        0u32..40,
    )
        .prop_map(|(cents, qty, percent, id)| {
            line(
                &format!("P{id}"),
                Decimal::new(cents, 2),
                Decimal::from(qty),
                &format!("r{percent}"),
                percent,
            )
        })
}

fn arb_settings() -> impl Strategy<Value = StoreSettings> {
    (
        prop::sample::select(vec![TaxMode::Inclusive, TaxMode::Exclusive]),
        prop::sample::select(vec![TaxRounding::PerLine, TaxRounding::PerDocument]),
        prop::sample::select(vec![RoundingMode::HalfUp, RoundingMode::HalfEven]),
    )
        .prop_map(|(m, r, rule)| settings(m, r, rule))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn totals_invariants(lines in prop::collection::vec(arb_line(), 1..30), s in arb_settings()) {
        let cart = Cart { lines };
        let t = totals(&cart, &s);
        prop_assert_eq!(t.lines.len(), cart.lines.len());
        // Lines sum to the document.
        prop_assert_eq!(t.lines.iter().map(|l| l.gross).sum::<Decimal>(), t.total);
        prop_assert_eq!(t.lines.iter().map(|l| l.net).sum::<Decimal>(), t.net);
        prop_assert_eq!(t.lines.iter().map(|l| l.tax).sum::<Decimal>(), t.tax);
        prop_assert_eq!(t.net + t.tax, t.total);
        // Per rate: net + tax = gross, and the rates sum to the document.
        for r in &t.taxes {
            prop_assert_eq!(r.net + r.tax, r.gross);
            prop_assert!(r.tax >= Decimal::ZERO, "tax never negative");
            prop_assert!(r.net >= Decimal::ZERO);
        }
        prop_assert_eq!(t.taxes.iter().map(|r| r.gross).sum::<Decimal>(), t.total);
        prop_assert_eq!(t.taxes.iter().map(|r| r.tax).sum::<Decimal>(), t.tax);
        for l in &t.lines {
            prop_assert!(l.tax >= Decimal::ZERO, "tax never negative");
            prop_assert_eq!(l.net + l.tax, l.gross);
            prop_assert_eq!(l.gross.scale(), 2);
        }
        // Inclusive: the customer pays the shelf prices exactly.
        if s.tax_mode == TaxMode::Inclusive {
            let shelf: Decimal = cart.lines.iter().map(|l| shared::money::round(l.unit_price * l.quantity, 2, s.rounding)).sum();
            prop_assert_eq!(t.total, shelf);
        }
        // Tax per rate is within rounding of the exact figure: half a cent per line, or per document.
        for r in &t.taxes {
            let members: Vec<&CartLine> = cart.lines.iter().filter(|l| l.tax_rate_id == r.rate_id).collect();
            let base: Decimal = match s.tax_mode { TaxMode::Inclusive => r.gross, TaxMode::Exclusive => r.net };
            let exact = match s.tax_mode {
                TaxMode::Inclusive => base * r.percent / (Decimal::ONE_HUNDRED + r.percent),
                TaxMode::Exclusive => base * r.percent / Decimal::ONE_HUNDRED,
            };
            let slack = match s.tax_rounding {
                TaxRounding::PerLine => dec!(0.005) * Decimal::from(members.len()),
                TaxRounding::PerDocument => dec!(0.005),
            };
            prop_assert!((r.tax - exact).abs() <= slack, "rate {} tax {} exact {}", r.rate_id, r.tax, exact);
        }
    }

    #[test]
    fn line_order_does_not_change_totals(lines in prop::collection::vec(arb_line(), 1..20), s in arb_settings(), seed in any::<u64>()) {
        let cart = Cart { lines: lines.clone() };
        let mut shuffled = lines;
        // A deterministic shuffle from the seed.
        let n = shuffled.len();
        let mut x = seed | 1;
        for i in (1..n).rev() {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            shuffled.swap(i, (x % (i as u64 + 1)) as usize);
        }
        let a = totals(&cart, &s);
        let b = totals(&Cart { lines: shuffled }, &s);
        prop_assert_eq!(a.total, b.total);
        prop_assert_eq!(a.tax, b.tax);
        let by_rate = |t: &shared::pricing::Totals| {
            let mut v: Vec<(String, Decimal, Decimal)> = t.taxes.iter().map(|r| (r.rate_id.clone(), r.tax, r.gross)).collect();
            v.sort();
            v
        };
        prop_assert_eq!(by_rate(&a), by_rate(&b));
    }

    #[test]
    fn change_is_tendered_minus_total(lines in prop::collection::vec(arb_line(), 1..10), s in arb_settings(), extra in 0i64..10_000, card_part in 0i64..100) {
        let cart = Cart { lines };
        let total = totals(&cart, &s).total;
        prop_assume!(total > Decimal::ZERO);
        let card = (total * Decimal::new(card_part, 2)).round_dp(2);
        let cash = total - card + Decimal::new(extra, 2);
        let mut tenders = vec![];
        if card > Decimal::ZERO { tenders.push(Tender::Card { amount: card, reference: "REF".into() }); }
        if cash > Decimal::ZERO { tenders.push(Tender::Cash { amount: cash }); }
        let sale = Sale::complete(header(), &cart, &s, tenders.clone()).unwrap();
        let paid: Decimal = tenders.iter().map(Tender::amount).sum();
        prop_assert_eq!(sale.change, paid - sale.total);
        prop_assert!(sale.change >= Decimal::ZERO);
        prop_assert_eq!(sale.verify(), Ok(()));
    }
}
