//! The one balance line of the payment dialog: what is still to pay ("Remaining") or what goes back to the
//! customer ("Change"), never both and never "Change: … still to pay".

use super::payment::{Method, PaymentForm};
use rust_decimal::Decimal;
use shared::money::parse_amount;

/// What the payment dialog's balance line says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Balance {
    /// Still to pay: the payments so far (and what is typed now) fall short by this much.
    Remaining(Decimal),
    /// To hand back: the payments settle, with this much over.
    Change(Decimal),
}

impl Balance {
    /// The line's label, also its accessible name.
    pub fn label(self) -> &'static str {
        match self {
            Balance::Remaining(_) => "Remaining",
            Balance::Change(_) => "Change",
        }
    }

    pub fn amount(self) -> Decimal {
        match self {
            Balance::Remaining(d) | Balance::Change(d) => d,
        }
    }
}

impl PaymentForm {
    /// The balance line: change when the payments settle with cash (paid in full without cash, nothing
    /// remains); otherwise what is still to pay after the listed
    /// payments and what is typed now (cash against the cash due, which is rounded when the store rounds cash).
    pub fn balance(&self) -> Balance {
        if let Ok((payments, s)) = self.settle() {
            // Paid without cash: nothing goes back, so no "Change" line.
            let cash = payments.iter().any(|p| p.is_cash());
            return if cash || s.change > Decimal::ZERO {
                Balance::Change(s.change)
            } else {
                Balance::Remaining(Decimal::ZERO)
            };
        }
        let typed = match self.entry.method {
            Method::Cash => parse_amount(&self.entry.tendered),
            _ => self.pending().ok().flatten().map(|p| p.amount()),
        };
        match (self.entry.method, typed) {
            (Method::Cash, Some(paid)) => {
                let due = self.cash_due();
                if paid >= due {
                    Balance::Change(paid - due)
                } else {
                    Balance::Remaining(due - paid)
                }
            }
            (_, Some(paid)) => Balance::Remaining((self.remaining() - paid).max(Decimal::ZERO)),
            (_, None) => Balance::Remaining(self.remaining()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::payment::tests::{card, dec, form, with_card, with_cash};

    #[test]
    fn nothing_typed_shows_what_remains() {
        assert_eq!(form("10").balance(), Balance::Remaining(dec("10")));
        assert_eq!(form("10").balance().label(), "Remaining");
    }

    #[test]
    fn cash_short_of_the_due_remains_and_cash_over_it_is_change() {
        let short = with_cash(form("10"), "4");
        assert_eq!(short.balance(), Balance::Remaining(dec("6")));
        let over = with_cash(form("12.34"), "20");
        assert_eq!(over.balance(), Balance::Change(dec("7.66")));
        assert_eq!(over.balance().label(), "Change");
        let exact = with_cash(form("10"), "10");
        assert_eq!(exact.balance(), Balance::Change(dec("0")));
    }

    #[test]
    fn listed_and_typed_card_payments_count() {
        let mut f = form("20");
        f.listed.push(card("5"));
        assert_eq!(f.balance(), Balance::Remaining(dec("15")));
        let f = with_card(f, Some("3"));
        assert_eq!(f.balance(), Balance::Remaining(dec("12")));
        let mut paid = with_card(form("20"), None);
        paid.listed.clear();
        assert_eq!(paid.balance(), Balance::Remaining(dec("0")));
    }
}
