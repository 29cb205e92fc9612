//! The checks a document passes on its own, before anything stored is consulted: it comes from the pushing
//! device, every text can be stored as received, and its amounts add up.
//!
//! Refunds, voids and exchanges are checked again against the sale they refer to (`references`).

use super::Document;
use shared::document::{Exchange, Refund};
use shared::tender::Payment;
use shared::Decimal;
use uuid::Uuid;

/// `Ok` when the document may be applied as far as it alone can tell; otherwise why not.
pub fn validity(device_id: Uuid, document: &Document, canonical_json: &[u8]) -> Result<(), String> {
    for owner in owners(document) {
        if owner != device_id {
            return Err(format!(
                "the document belongs to device {owner}, but the push comes from device {device_id}"
            ));
        }
    }
    // Every store must be able to keep every text as received; PostgreSQL cannot store U+0000 in text.
    if has_nul_escape(canonical_json) {
        return Err("text fields must not contain the NUL character (U+0000)".into());
    }
    match document {
        Document::Sale(sale) => sale.verify().map_err(|e| e.to_string()),
        Document::Refund(refund) => refund_adds_up(refund),
        Document::Void(void) => {
            if void.reason.trim().is_empty() || void.receipt_no.trim().is_empty() {
                return Err("a void needs a receipt number and a reason".into());
            }
            Ok(())
        }
        Document::Exchange(exchange) => exchange_adds_up(exchange),
        Document::CashMovement(movement) => movement.check().map_err(|e| e.to_string()),
        Document::UnreceiptedReturn(r) => {
            if r.receipt_no.trim().is_empty() {
                return Err("a return without a receipt needs a receipt number".into());
            }
            r.verify().map_err(|e| e.to_string())
        }
        // The till checks with its store's country; what it sends is already in E.164 form.
        Document::Customer(save) => save.customer.check(None).map(drop).map_err(|errors| {
            let all: Vec<String> = errors.iter().map(ToString::to_string).collect();
            all.join("; ")
        }),
    }
}

/// The devices a document names as its own.
fn owners(document: &Document) -> Vec<Uuid> {
    match document {
        Document::Sale(s) => vec![s.device_id],
        Document::Refund(r) => vec![r.device_id],
        Document::Void(v) => vec![v.device_id],
        Document::Exchange(x) => vec![x.returned.device_id, x.sale.device_id],
        Document::CashMovement(m) => vec![m.device_id],
        Document::UnreceiptedReturn(r) => vec![r.device_id],
        Document::Customer(c) => vec![c.device_id],
    }
}

/// True when the JSON holds an escaped U+0000 (`\u0000`) inside a string. serde_json writes every NUL that
/// way, and in its output a backslash always starts an escape, so escapes are skipped whole.
pub fn has_nul_escape(json: &[u8]) -> bool {
    let mut i = 0;
    while i < json.len() {
        if json[i] == b'\\' {
            if json.get(i + 1) == Some(&b'u') && json.get(i + 2..i + 6) == Some(b"0000") {
                return true;
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    false
}

/// A refund's lines sum to its totals and its payouts pay out `total + rounding`.
fn refund_adds_up(r: &Refund) -> Result<(), String> {
    if r.receipt_no.trim().is_empty() || r.reason.trim().is_empty() {
        return Err("a refund needs a receipt number and a reason".into());
    }
    if r.lines.is_empty() {
        return Err("a refund needs at least one line".into());
    }
    let sum =
        |f: fn(&shared::document::RefundLine) -> Decimal| r.lines.iter().map(f).sum::<Decimal>();
    if sum(|l| l.gross) != r.total || sum(|l| l.net) != r.net || sum(|l| l.tax) != r.tax {
        return Err("the lines do not sum to the totals".into());
    }
    if r.lines.iter().any(|l| l.net + l.tax != l.gross) {
        return Err("a line's net and tax do not add up to its gross".into());
    }
    if r.payouts
        .iter()
        .any(|p| p.payment.amount() <= Decimal::ZERO)
    {
        return Err("payout amounts must be positive".into());
    }
    if r.paid_out() != r.total + r.rounding {
        return Err("the payouts do not pay out the total".into());
    }
    Ok(())
}

/// The exchange credit rule: the return's value goes to the new sale up to the new sale's total, as an
/// exchange-credit payout first on the return and an exchange-credit payment first on the sale, both naming
/// the exchange; no other exchange credit appears in either.
fn exchange_adds_up(x: &Exchange) -> Result<(), String> {
    x.sale.verify().map_err(|e| format!("the new sale: {e}"))?;
    refund_adds_up(&x.returned).map_err(|e| format!("the return: {e}"))?;
    if x.returned.sale_id == x.sale.id {
        return Err("the return cannot refer to the exchange's own new sale".into());
    }
    let credit = x.returned.total.min(x.sale.total());
    let is_credit = |p: &Payment| matches!(p, Payment::ExchangeCredit { .. });
    let names_this = |p: &Payment| matches!(p, Payment::ExchangeCredit { amount, exchange_id } if *amount == credit && *exchange_id == x.id);
    let payouts: Vec<&Payment> = x.returned.payouts.iter().map(|p| &p.payment).collect();
    let payments: Vec<&Payment> = x.sale.payments.iter().collect();
    for (what, list) in [
        ("return's payouts", &payouts),
        ("sale's payments", &payments),
    ] {
        let credits = list.iter().filter(|p| is_credit(p)).count();
        let expected = usize::from(credit > Decimal::ZERO);
        if credits != expected || (expected == 1 && !list.first().is_some_and(|p| names_this(p))) {
            return Err(format!(
                "the {what} must start with the exchange credit of {credit} for exchange {}",
                x.id
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::has_nul_escape;

    #[test]
    fn nul_escapes_are_found_and_escaped_backslashes_are_not() {
        let json = |s: &str| serde_json::to_vec(&s).expect("json");
        assert!(has_nul_escape(&json("a\0b")));
        assert!(!has_nul_escape(&json("a\\u0000b")));
        assert!(has_nul_escape(&json("a\\\0")));
        assert!(!has_nul_escape(&json("plain")));
    }
}
