//! What a receipt prints, row by row: each row is a text and an amount, always apart (never "4pc2.99"); the
//! money rows after the total print change only when cash changed hands (a card receipt has no "Change 0.00"),
//! and each gift card paid with prints its remaining balance. After a sale the change due is shown big until
//! the next sale starts (`change_due`).

use super::commerce::{mask_card, payment_text, quantity_text, StoreData};
use rust_decimal::Decimal;
use shared::basket::Unit;
use shared::document::SaleDocument;
use shared::money::Currency;
use shared::tender::Payment;

/// One receipt row: the text on the left, the amount on the right.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub text: String,
    pub amount: String,
}

impl Row {
    pub fn new(text: impl Into<String>, amount: impl Into<String>) -> Row {
        Row {
            text: text.into(),
            amount: amount.into(),
        }
    }
}

/// An item row: "2 × Milk", "0.750 kg × Apples" (a weighed quantity with its unit), "Apples" for one piece.
pub fn item_text(unit: Unit, quantity: Decimal, name: &str) -> String {
    if unit == Unit::Each && quantity == Decimal::ONE {
        return name.to_string();
    }
    format!("{} \u{d7} {name}", quantity_text(unit, quantity))
}

/// A gift card's balance after the sale, as the till knows it (the sale already taken off, see
/// `services::checkout::note_spent`): printed on the receipt of the sale just made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GiftBalance {
    pub card: String,
    pub balance: Decimal,
}

/// The balances of the gift cards `sale` was paid with, for its receipt.
pub fn gift_balances(sale: &SaleDocument, data: &StoreData) -> Vec<GiftBalance> {
    let mut out: Vec<GiftBalance> = Vec::new();
    for p in &sale.payments {
        if let Payment::GiftCard { card, .. } = p {
            if out.iter().any(|g| &g.card == card) {
                continue;
            }
            if let Some(g) = data.gift_card(card) {
                out.push(GiftBalance {
                    card: card.clone(),
                    balance: g.balance,
                });
            }
        }
    }
    out
}

/// "+0.02 EUR" / "\u{2212}0.02 EUR".
pub fn signed(currency: &Currency, d: Decimal) -> String {
    let sign = if d < Decimal::ZERO { "\u{2212}" } else { "+" };
    format!("{sign}{}", currency.format(d.abs()))
}

/// Whether any payment is cash.
fn paid_cash(payments: &[Payment]) -> bool {
    payments.iter().any(Payment::is_cash)
}

/// The rows after the total: each payment, cash rounding (when any), change (only when cash was paid or
/// something goes back), and the gift cards' remaining balances.
pub fn settlement_rows(
    currency: &Currency,
    payments: &[Payment],
    rounding: Decimal,
    change: Decimal,
    gift: &[GiftBalance],
) -> Vec<Row> {
    let mut rows: Vec<Row> = payments
        .iter()
        .map(|p| {
            let amount = currency.format(p.amount());
            let text = payment_text(currency, p);
            let text = text.strip_suffix(&amount).unwrap_or(&text).trim_end();
            Row::new(text, amount)
        })
        .collect();
    if !rounding.is_zero() {
        rows.push(Row::new("Cash rounding", signed(currency, rounding)));
    }
    if paid_cash(payments) || change > Decimal::ZERO {
        rows.push(Row::new("Change", currency.format(change)));
    }
    for g in gift {
        rows.push(Row::new(
            format!("Gift card {} balance", mask_card(&g.card)),
            currency.format(g.balance),
        ));
    }
    rows
}

/// The change due after a sale, shown as the largest thing on the screen until the next sale: `None` when no
/// cash changed hands.
pub fn change_due(sale: &SaleDocument) -> Option<Decimal> {
    (paid_cash(&sale.payments) || sale.settlement.change > Decimal::ZERO)
        .then_some(sale.settlement.change)
}

/// The big line's words: "Change 5.00 EUR", or "No change" for exact cash.
pub fn change_due_text(currency: &Currency, change: Decimal) -> (&'static str, String) {
    if change.is_zero() {
        ("No change", String::new())
    } else {
        ("Change", currency.format(change))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::order::tests::dec;
    use shared::catalog::GiftCardBalance;
    use shared::sync::Change;

    fn eur() -> Currency {
        Currency::eur()
    }

    fn card(amount: &str) -> Payment {
        Payment::Card {
            amount: dec(amount),
            reference: "A1".into(),
        }
    }

    fn gift(amount: &str) -> Payment {
        Payment::GiftCard {
            amount: dec(amount),
            card: "GC-1000-0001".into(),
        }
    }

    /// A row as `ui::receipt_parts::row` prints it: the text, a space, the amount.
    fn line(r: &Row) -> String {
        format!("{} {}", r.text, r.amount)
    }

    fn lines(rows: &[Row]) -> Vec<String> {
        rows.iter().map(line).collect()
    }

    #[test]
    fn item_texts_carry_quantity_and_unit() {
        let row = Row::new(item_text(Unit::Each, dec("4"), "Eggs 4pc"), "2.99");
        assert_eq!(line(&row), "4 \u{d7} Eggs 4pc 2.99");
        assert_eq!(item_text(Unit::Each, dec("1"), "Milk"), "Milk");
        assert_eq!(
            item_text(Unit::Kilogram, dec("0.75"), "Apples"),
            "0.750 kg \u{d7} Apples"
        );
    }

    #[test]
    fn card_receipts_print_no_change() {
        let rows = settlement_rows(&eur(), &[card("9.50")], Decimal::ZERO, Decimal::ZERO, &[]);
        assert_eq!(lines(&rows), vec!["Card ref A1 9.50 EUR"]);
    }

    #[test]
    fn cash_prints_its_change_and_rounding() {
        let cash = Payment::Cash { amount: dec("10") };
        let rows = settlement_rows(&eur(), &[cash], dec("0.02"), dec("0.55"), &[]);
        assert_eq!(
            lines(&rows),
            vec![
                "Cash 10.00 EUR",
                "Cash rounding +0.02 EUR",
                "Change 0.55 EUR"
            ]
        );
    }

    #[test]
    fn gift_cards_print_their_remaining_balance() {
        let balance = GiftBalance {
            card: "GC-1000-0001".into(),
            balance: dec("15"),
        };
        let rows = settlement_rows(
            &eur(),
            &[gift("10")],
            Decimal::ZERO,
            Decimal::ZERO,
            &[balance],
        );
        assert_eq!(
            lines(&rows),
            vec![
                "Gift card ****0001 10.00 EUR",
                "Gift card ****0001 balance 15.00 EUR"
            ]
        );
        let mut data = StoreData::default();
        data.apply(&Change::GiftCard(GiftCardBalance {
            code: "GC-1000-0001".into(),
            balance: dec("15"),
        }));
        let mut sale = crate::model::refund::tests::sale(None);
        sale.payments = vec![gift("10"), gift("1")];
        sale.settlement.change = Decimal::ZERO;
        assert_eq!(
            gift_balances(&sale, &data),
            vec![GiftBalance {
                card: "GC-1000-0001".into(),
                balance: dec("15")
            }]
        );
        assert_eq!(change_due(&sale), None);
    }

    #[test]
    fn the_change_due_is_shown_after_cash() {
        let mut sale = crate::model::refund::tests::sale(None);
        sale.payments = vec![Payment::Cash { amount: dec("20") }];
        sale.settlement.change = dec("4.50");
        assert_eq!(change_due(&sale), Some(dec("4.50")));
        assert_eq!(
            change_due_text(&eur(), dec("4.50")),
            ("Change", "4.50 EUR".to_string())
        );
        assert_eq!(change_due_text(&eur(), Decimal::ZERO).0, "No change");
    }
}
