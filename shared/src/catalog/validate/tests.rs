//! The catalog rules: each failure names its field.

use super::*;
use crate::catalog::{ModifierOption, OptionValue};
use proptest::prelude::*;
use rust_decimal_macros::dec;

fn shirt(sku: &str, size: &str, colour: &str) -> Product {
    Product {
        id: format!("p-{sku}"),
        sku: sku.into(),
        name: "T-shirt".into(),
        barcode: None,
        category_id: "clothing".into(),
        price: dec!(19.90),
        tax_rate_id: "std".into(),
        active: true,
        version: 1,
        variant: Some(VariantOf {
            group_id: "tee".into(),
            options: vec![
                OptionValue::new("Size", size),
                OptionValue::new("Colour", colour),
            ],
        }),
        ..Product::default()
    }
}

fn tee() -> ProductGroup {
    ProductGroup {
        id: "tee".into(),
        name: "T-shirt".into(),
        category_id: "clothing".into(),
        option_names: vec!["Size".into(), "Colour".into()],
        active: true,
        version: 1,
    }
}

fn milk() -> ModifierGroup {
    ModifierGroup {
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
    }
}

fn fields(result: Result<(), Vec<FieldError>>) -> Vec<String> {
    result
        .err()
        .unwrap_or_default()
        .into_iter()
        .map(|e| e.field)
        .collect()
}

#[test]
fn a_good_product_passes() {
    let mut p = shirt("TEE-M-RED", "M", "Red");
    p.barcode = Some("4006381333931".into());
    p.more_barcodes = vec!["96385074".into()];
    p.cost = Some(dec!(7.1234));
    assert_eq!(product(&p, 2), Ok(()));
}

#[test]
fn empty_name_and_sku_are_named() {
    let mut p = shirt("", "M", "Red");
    p.name = "  ".into();
    assert_eq!(fields(product(&p, 2)), ["sku", "name"]);
    let err = product(&p, 2).unwrap_err();
    assert_eq!(err[0].to_string(), "sku: must not be empty");
}

#[test]
fn a_wrong_check_digit_is_named_with_its_position() {
    let mut p = shirt("A", "M", "Red");
    p.barcode = Some("4006381333932".into());
    p.more_barcodes = vec!["96385074".into(), "96385074".into(), "12345".into()];
    let err = product(&p, 2).unwrap_err();
    assert_eq!(
        err.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(),
        ["barcode", "more_barcodes[1]", "more_barcodes[2]"]
    );
    assert_eq!(err[0].problem, Problem::InvalidGtin("4006381333932".into()));
    assert_eq!(err[1].problem, Problem::Duplicate("96385074".into()));
}

#[test]
fn negative_absurd_and_too_precise_amounts() {
    let mut p = shirt("A", "M", "Red");
    p.price = dec!(-1);
    p.cost = Some(dec!(0.00001));
    let err = product(&p, 2).unwrap_err();
    assert_eq!(
        (err[0].field.as_str(), &err[0].problem),
        ("price", &Problem::Negative)
    );
    assert_eq!(
        (err[1].field.as_str(), &err[1].problem),
        ("cost", &Problem::TooManyDecimals(4))
    );
    p.price = dec!(10000000.01);
    p.cost = None;
    assert_eq!(
        product(&p, 2).unwrap_err()[0].problem,
        Problem::TooLarge(MAX_AMOUNT)
    );
    p.price = dec!(1.999);
    assert_eq!(
        product(&p, 2).unwrap_err()[0].problem,
        Problem::TooManyDecimals(2)
    );
    // Trailing zeros are no extra precision; zero is a price (a free sample).
    p.price = dec!(1.9900);
    assert_eq!(product(&p, 2), Ok(()));
    p.price = dec!(-0);
    assert_eq!(product(&p, 2), Ok(()));
}

#[test]
fn ids_are_safe_codes() {
    let mut p = shirt("A B", "M", "Red");
    p.id = "x/y".into();
    assert_eq!(fields(product(&p, 2)), ["id", "sku"]);
    assert_eq!(
        product(&p, 2).unwrap_err()[0].problem,
        Problem::BadCharacters
    );
}

#[test]
fn variants_must_match_their_group() {
    let group = tee();
    let good = [shirt("M-R", "M", "Red"), shirt("L-R", "L", "Red")];
    assert_eq!(variants(&group, &good), Ok(()));

    let mut wrong_names = shirt("S-R", "S", "Red");
    wrong_names.variant.as_mut().unwrap().options[1].name = "Color".into();
    let mut missing = shirt("S-B", "S", "Blue");
    missing.variant.as_mut().unwrap().options.pop();
    let mut other_group = shirt("S-G", "S", "Green");
    other_group.variant.as_mut().unwrap().group_id = "hoodie".into();
    let mut none = shirt("S-Y", "S", "Yellow");
    none.variant = None;
    let twin = shirt("M-R2", "m", "red ");
    let err = variants(
        &group,
        &[
            good[0].clone(),
            wrong_names,
            missing,
            other_group,
            none,
            twin,
        ],
    )
    .unwrap_err();
    let got: Vec<(&str, &Problem)> = err.iter().map(|e| (e.field.as_str(), &e.problem)).collect();
    let options = Problem::Options(group.option_names.clone());
    assert_eq!(
        got,
        [
            ("variants[1].variant.options", &options),
            ("variants[2].variant.options", &options),
            (
                "variants[3].variant.group_id",
                &Problem::Mismatch("tee".into())
            ),
            ("variants[4].variant", &Problem::Empty),
            (
                "variants[5].variant.options",
                &Problem::DuplicateCombination("m / red ".into())
            ),
        ]
    );
}

#[test]
fn a_group_needs_distinct_options() {
    assert_eq!(product_group(&tee()), Ok(()));
    let mut g = tee();
    g.option_names = vec!["Size".into(), "size ".into()];
    assert_eq!(fields(product_group(&g)), ["option_names[1]"]);
    g.option_names.clear();
    g.name.clear();
    assert_eq!(fields(product_group(&g)), ["name", "option_names"]);
    g.option_names = (0..6).map(|i| format!("O{i}")).collect();
    assert_eq!(
        product_group(&g).unwrap_err()[1].problem,
        Problem::AboveLimit(5)
    );
}

#[test]
fn skus_and_barcodes_are_unique_in_a_batch() {
    let mut a = shirt("A", "M", "Red");
    a.barcode = Some("96385074".into());
    let mut b = shirt("A", "L", "Red");
    b.more_barcodes = vec!["96385074".into()];
    let err = unique_keys("variants", &[a, b]).unwrap_err();
    assert_eq!(
        err.iter().map(|e| e.to_string()).collect::<Vec<_>>(),
        [
            "variants[1].sku: \"A\" is given twice",
            "variants[1].barcode: \"96385074\" is given twice"
        ]
    );
}

#[test]
fn modifier_choices_fit_the_options() {
    assert_eq!(modifier_group(&milk(), 2), Ok(()));
    let mut g = milk();
    g.min_choices = 2;
    assert_eq!(fields(modifier_group(&g, 2)), ["min_choices"]);
    g.min_choices = 0;
    g.max_choices = 3;
    assert_eq!(
        modifier_group(&g, 2).unwrap_err()[0].problem,
        Problem::AboveLimit(2)
    );
    g.max_choices = 0;
    assert_eq!(fields(modifier_group(&g, 2)), ["max_choices"]);
    g.max_choices = 1;
    // A negative delta takes off ("no cheese −0.50"); an absurd or too precise one is refused.
    g.options[0].price_delta = dec!(-0.50);
    assert_eq!(modifier_group(&g, 2), Ok(()));
    g.options[0].price_delta = dec!(-100000.01);
    g.options[1].price_delta = dec!(0.401);
    g.options.push(ModifierOption {
        name: "oat".into(),
        price_delta: dec!(0),
    });
    assert_eq!(
        fields(modifier_group(&g, 2)),
        [
            "options[0].price_delta",
            "options[1].price_delta",
            "options[2].name"
        ]
    );
    g.options.clear();
    assert!(fields(modifier_group(&g, 2)).contains(&"options".to_owned()));
}

#[test]
fn tax_rates_and_categories() {
    let rate = TaxRate {
        id: "std".into(),
        name: "VAT 19%".into(),
        percent: dec!(19),
    };
    assert_eq!(tax_rate(&rate), Ok(()));
    let bad = TaxRate {
        percent: dec!(100.5),
        ..rate
    };
    assert_eq!(fields(tax_rate(&bad)), ["percent"]);
    let c = Category {
        id: "".into(),
        name: "Bakery".into(),
        position: 1,
    };
    assert_eq!(fields(category(&c)), ["id"]);
}

proptest! {
    /// Any valid barcode passes and any one wrong digit of it is refused, naming the field it is in.
    #[test]
    fn one_wrong_digit_is_always_named(body in "[0-9]{12}", pos in 0usize..13, delta in 1u32..10, extra in any::<bool>()) {
        let code = crate::barcode::ean13_from_body(&body).unwrap();
        let mut p = shirt("A", "M", "Red");
        let field = if extra { "more_barcodes[0]" } else { "barcode" };
        let set = |p: &mut Product, c: String| if extra { p.more_barcodes = vec![c] } else { p.barcode = Some(c) };
        set(&mut p, code.clone());
        prop_assert_eq!(product(&p, 2), Ok(()));
        let mut digits: Vec<u32> = code.chars().filter_map(|c| c.to_digit(10)).collect();
        digits[pos] = (digits[pos] + delta) % 10;
        set(&mut p, digits.iter().map(|d| char::from_digit(*d, 10).unwrap()).collect());
        let err = product(&p, 2).unwrap_err();
        prop_assert_eq!(err.len(), 1);
        prop_assert_eq!(err[0].field.as_str(), field);
    }

    /// Prices at the currency's scale pass when not negative and refuse otherwise, naming `price`.
    #[test]
    fn prices_follow_their_sign_and_scale(units in -100_000i64..100_000, scale in 0u32..4) {
        let mut p = shirt("A", "M", "Red");
        p.price = Decimal::new(units, scale);
        let result = product(&p, 2);
        let ok = units >= 0 && p.price.normalize().scale() <= 2;
        prop_assert_eq!(result.is_ok(), ok);
        if !ok {
            prop_assert_eq!(fields(result), vec!["price".to_owned()]);
        }
    }
}
