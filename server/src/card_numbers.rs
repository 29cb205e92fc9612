//! Card-number (PAN) detection: Luhn-valid runs of 13–19 digits in text, and the free-text fields of a pushed
//! document (receipt numbers, card references, line, tax and adjustment names, reasons).
//!
//! The POS never handles card numbers: a card tender carries only the card terminal's reference. A pushed
//! document whose text contains something that looks like a card number is refused before it is stored or logged.

use shared::document::{Refund, SaleDocument};
use shared::sync::MutationBody;
use shared::tender::Payment;

/// Shortest and longest card numbers (ISO/IEC 7812).
pub const MIN_PAN_DIGITS: usize = 13;
pub const MAX_PAN_DIGITS: usize = 19;

/// True when the digits pass the Luhn check. `digits` holds ASCII digits only.
pub fn luhn_valid(digits: &[u8]) -> bool {
    let mut sum = 0u32;
    for (i, d) in digits.iter().rev().enumerate() {
        let mut v = u32::from(d.wrapping_sub(b'0'));
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum.is_multiple_of(10)
}

/// True when `bytes` contain something that looks like a card number: a run of 13–19 digits (single spaces or
/// dashes between digit groups allowed, as printed on cards), or one such group, whose first digit is not 0 and
/// which passes the Luhn check; in a longer run, any 13–19 consecutive digits that do.
pub fn contains_card_number(bytes: &[u8]) -> bool {
    let mut run: Vec<u8> = Vec::new();
    // Where each separator-free group of the current run starts.
    let mut groups: Vec<usize> = Vec::new();
    let mut after_separator = false;
    for &b in bytes {
        if b.is_ascii_digit() {
            if run.is_empty() || after_separator {
                groups.push(run.len());
            }
            run.push(b);
            after_separator = false;
        } else if (b == b' ' || b == b'-') && !run.is_empty() && !after_separator {
            after_separator = true;
        } else {
            if run_has_card_number(&run, &groups) {
                return true;
            }
            run.clear();
            groups.clear();
            after_separator = false;
        }
    }
    run_has_card_number(&run, &groups)
}

fn is_card_number(digits: &[u8]) -> bool {
    (MIN_PAN_DIGITS..=MAX_PAN_DIGITS).contains(&digits.len())
        // Card numbers never start with 0 (that major industry identifier is not used for cards), which also
        // keeps runs of zeros (Luhn-valid) from counting.
        && digits[0] != b'0'
        && luhn_valid(digits)
}

fn run_has_card_number(run: &[u8], groups: &[usize]) -> bool {
    if run.len() < MIN_PAN_DIGITS {
        return false;
    }
    if run.len() > MAX_PAN_DIGITS {
        // A card number glued to other digits.
        return (MIN_PAN_DIGITS..=MAX_PAN_DIGITS).any(|len| run.windows(len).any(is_card_number));
    }
    if is_card_number(run) {
        return true;
    }
    let ends = groups.iter().skip(1).copied().chain([run.len()]);
    groups
        .iter()
        .zip(ends)
        .any(|(&from, to)| is_card_number(&run[from..to]))
}

/// The first free-text field of a mutation's document that contains a card number, by name (never its value).
pub fn card_number_field(body: &MutationBody) -> Option<&'static str> {
    match body {
        MutationBody::CompleteSale { sale } => sale_field(sale),
        MutationBody::Refund { refund } => refund_field(refund),
        MutationBody::Void { void } => [("receipt_no", &void.receipt_no), ("reason", &void.reason)]
            .into_iter()
            .find(|(_, text)| hit(text))
            .map(|(field, _)| field),
        MutationBody::Exchange { exchange } => {
            refund_field(&exchange.returned).or_else(|| sale_field(&exchange.sale))
        }
        MutationBody::UnreceiptedReturn {
            unreceipted_return: r,
        } => [("receipt_no", &r.receipt_no), ("reason", &r.reason)]
            .into_iter()
            .chain(r.lines.iter().map(|l| ("lines.name", &l.name)))
            .chain(
                r.lines
                    .iter()
                    .flat_map(|l| &l.taxes)
                    .map(|t| ("lines.taxes.name", &t.name)),
            )
            .find(|(_, text)| hit(text))
            .map(|(field, _)| field),
        MutationBody::CashMovement { movement } => {
            if hit(&movement.reason) {
                Some("reason")
            } else {
                movement
                    .account
                    .as_deref()
                    .filter(|a| hit(a))
                    .map(|_| "account")
            }
        }
        // The loyalty card is a card number by design (often 13 digits or more, some Luhn-valid): not checked.
        MutationBody::SaveCustomer { save } => {
            let c = &save.customer;
            [("customer.note", &c.note), ("customer.name", &c.name)]
                .into_iter()
                .find(|(_, text)| hit(text))
                .map(|(field, _)| field)
        }
    }
}

fn hit(text: &str) -> bool {
    contains_card_number(text.as_bytes())
}

fn card_reference(p: &Payment) -> Option<&str> {
    match p {
        Payment::Card { reference, .. } => Some(reference),
        _ => None,
    }
}

fn sale_field(sale: &SaleDocument) -> Option<&'static str> {
    if hit(&sale.receipt_no) {
        return Some("receipt_no");
    }
    if sale.payments.iter().filter_map(card_reference).any(hit) {
        return Some("payments.reference");
    }
    for l in &sale.priced.lines {
        if hit(&l.name) {
            return Some("lines.name");
        }
        if l.taxes.iter().any(|t| hit(&t.name)) {
            return Some("lines.taxes.name");
        }
        if l.adjustments
            .iter()
            .any(|a| hit(&a.name) || a.reason.as_deref().is_some_and(hit))
        {
            return Some("lines.adjustments");
        }
    }
    sale.priced
        .taxes
        .iter()
        .any(|t| hit(&t.name))
        .then_some("taxes.name")
}

fn refund_field(refund: &Refund) -> Option<&'static str> {
    if hit(&refund.receipt_no) {
        return Some("receipt_no");
    }
    if hit(&refund.reason) {
        return Some("reason");
    }
    if refund
        .payouts
        .iter()
        .filter_map(|p| card_reference(&p.payment))
        .any(hit)
    {
        return Some("payouts.reference");
    }
    for l in &refund.lines {
        if hit(&l.name) {
            return Some("lines.name");
        }
        if l.taxes.iter().any(|t| hit(&t.name)) {
            return Some("lines.taxes.name");
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_test_card_numbers_are_found() {
        for pan in [
            "4111111111111111",
            "5555555555554444",
            "378282246310005",
            "4111 1111 1111 1111",
            "4111-1111-1111-1111",
            "6011000990139424",
            "AUTH 4012888888881881 OK",
        ] {
            assert!(contains_card_number(pan.as_bytes()), "{pan}");
        }
    }

    #[test]
    fn references_and_short_or_invalid_numbers_pass() {
        for text in [
            "AUTH 123456",
            "4111111111111112",
            "411111111111",
            "R-0001",
            "2026-03-14T09:01:00.000000Z",
            "12.50",
            "0000000000000000",
            "1234 5678 9012 3456",
        ] {
            assert!(!contains_card_number(text.as_bytes()), "{text}");
        }
    }

    #[test]
    fn a_number_inside_a_longer_run_is_found() {
        assert!(contains_card_number(b"99994111111111111111"));
    }
}
