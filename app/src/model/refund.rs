//! The refund form's rules: how much of each line may still come back (after every earlier refund, this
//! terminal's and the server's, each once), the request the entered quantities, method and reason make, and
//! the refund `Refund::create` would make of it now (its total, and to which tenders it is paid out).
//!
//! Plain data: the dialog (`ui::refund`) keeps the typed text in signals and asks a `RefundForm`.

use super::error::RuleError;
use rust_decimal::Decimal;
use shared::basket::Unit;
use shared::document::refund::refunded_quantities;
use shared::document::{Refund, RefundLineRequest, RefundMethod, RefundRequest, SaleDocument};
use shared::money::parse_amount;
use shared::policy::StorePolicy;
use shared::sale::SaleHeader;
use uuid::Uuid;

/// Where the money goes back to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RefundTo {
    /// The sale's own payments (`RefundMethod::OriginalTenders`).
    #[default]
    Original,
    /// The sale's customer's store credit.
    StoreCredit,
}

/// What the cashier has typed: a quantity per sale line (empty: none), the method and the reason.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RefundEntry {
    pub quantities: Vec<String>,
    pub to: RefundTo,
    pub reason: String,
}

impl RefundEntry {
    /// What line `i` brings back as typed (nothing, or not a number: zero).
    pub fn chosen(&self, i: usize) -> Decimal {
        self.quantities
            .get(i)
            .and_then(|t| parse_amount(t))
            .unwrap_or_default()
    }

    /// "Refund all": every line at what may still come back (`left`, per line).
    pub fn choose_all(&mut self, left: &[Decimal]) {
        self.quantities = left
            .iter()
            .map(|q| {
                if q.is_zero() {
                    String::new()
                } else {
                    q.normalize().to_string()
                }
            })
            .collect();
    }

    /// The + of line `i`: one more piece, or all of a weighed or measured line (it comes back whole, or its
    /// weight is typed), never more than `left`.
    pub fn more(&mut self, i: usize, unit: Unit, left: Decimal) {
        let next = if unit.is_measured() {
            left
        } else {
            (self.chosen(i).floor() + Decimal::ONE).min(left)
        };
        self.set(i, next);
    }

    /// The − of line `i`: one piece less, or none of a weighed or measured line; never below zero.
    pub fn less(&mut self, i: usize, unit: Unit) {
        let q = self.chosen(i);
        let next = if unit.is_measured() || q <= Decimal::ONE {
            Decimal::ZERO
        } else {
            (q.ceil() - Decimal::ONE).max(Decimal::ZERO)
        };
        self.set(i, next);
    }

    fn set(&mut self, i: usize, q: Decimal) {
        if let Some(t) = self.quantities.get_mut(i) {
            *t = if q.is_zero() {
                String::new()
            } else {
                q.normalize().to_string()
            };
        }
    }
}

/// The earlier refunds of `sale_id`: `local` (this terminal's) and `known` (the server's), each once, local
/// first.
pub fn merge_refunds(
    local: impl IntoIterator<Item = Refund>,
    known: &[Refund],
    sale_id: Uuid,
) -> Vec<Refund> {
    let mut out: Vec<Refund> = local.into_iter().filter(|r| r.sale_id == sale_id).collect();
    for r in known {
        if r.sale_id == sale_id && !out.iter().any(|o| o.id == r.id) {
            out.push(r.clone());
        }
    }
    out
}

/// A refund being entered for `sale`. `previous` is `None` while this terminal's earlier refunds are still
/// being read.
pub struct RefundForm<'a> {
    pub sale: &'a SaleDocument,
    pub previous: Option<&'a [Refund]>,
    pub policy: &'a StorePolicy,
    pub entry: &'a RefundEntry,
    /// A void of the sale is stored on this terminal: nothing of it may be refunded (the server would refuse).
    pub voided: bool,
}

/// Per line of `sale`, what may still come back after the `previous` refunds.
pub fn refundable(sale: &SaleDocument, previous: &[Refund]) -> Vec<Decimal> {
    let done = refunded_quantities(sale, previous).unwrap_or_default();
    sale.priced
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| l.quantity - done.get(i).copied().unwrap_or_default())
        .collect()
}

impl RefundForm<'_> {
    /// The request the entry makes: lines with a non-zero quantity, a reason, and the method (store credit
    /// needs the sale's customer).
    pub fn request(&self) -> Result<RefundRequest, RuleError> {
        let mut lines = Vec::new();
        for (i, text) in self.entry.quantities.iter().enumerate() {
            if text.trim().is_empty() {
                continue;
            }
            let q = parse_amount(text).ok_or(RuleError::RefundQuantity)?;
            if q.is_zero() {
                continue;
            }
            lines.push(RefundLineRequest {
                line: i,
                quantity: q.normalize(),
            });
        }
        if lines.is_empty() {
            return Err(RuleError::NothingToRefund);
        }
        let reason = self.entry.reason.trim();
        if reason.is_empty() {
            return Err(RuleError::RefundReason);
        }
        let method = match self.entry.to {
            RefundTo::Original => RefundMethod::OriginalTenders,
            RefundTo::StoreCredit => match &self.sale.customer_id {
                Some(c) => RefundMethod::StoreCredit { account: c.clone() },
                None => return Err(RuleError::RefundNeedsCustomer),
            },
        };
        Ok(RefundRequest {
            lines,
            method,
            reason: reason.to_string(),
        })
    }

    /// The refund as it would be made now (a stand-in header; the real one is made when it is stored), or why
    /// it cannot be made.
    pub fn preview(&self) -> Result<(RefundRequest, Refund), RuleError> {
        if self.voided {
            return Err(RuleError::RefundVoided);
        }
        let previous = self.previous.ok_or(RuleError::ReadingEarlierRefunds)?;
        let request = self.request()?;
        let header = SaleHeader {
            id: Uuid::nil(),
            device_id: Uuid::nil(),
            receipt_no: String::new(),
            created_at: chrono::DateTime::default(),
        };
        let refund = Refund::create(header, self.sale, previous, &request, self.policy)
            .map_err(RuleError::RefundRefused)?;
        Ok((request, refund))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::commerce::{ContextParts, StoreData};
    use crate::model::order::tests::{dec, product, rates};
    use crate::model::order::Order;
    use shared::document::DocumentError;
    use shared::tender::Payment;

    fn header(n: u128) -> SaleHeader {
        SaleHeader {
            id: Uuid::from_u128(n),
            device_id: Uuid::from_u128(1),
            receipt_no: format!("ABCD-{n:06}"),
            created_at: chrono::DateTime::default(),
        }
    }

    /// Two pieces of "a" and 0.750 kg of "k" (2.99 each / per kg: 8.22), paid 5.00 by card and the rest
    /// in cash, for customer `customer`.
    pub(crate) fn sale(customer: Option<&str>) -> SaleDocument {
        let mut o = Order::default();
        o.add(&product("a", Unit::Each), dec("2"), &rates())
            .unwrap();
        o.add(&product("k", Unit::Kilogram), dec("0.750"), &rates())
            .unwrap();
        let data = StoreData::default();
        let parts = ContextParts::new(&o, &data, chrono::NaiveDateTime::default());
        let payments = vec![
            Payment::Card {
                amount: dec("5"),
                reference: "A1".into(),
            },
            Payment::Cash { amount: dec("10") },
        ];
        let mut sale = SaleDocument::complete(
            header(7),
            &parts.context(&data),
            &o.basket(),
            payments,
            Decimal::ZERO,
            None,
        )
        .unwrap();
        sale.customer_id = customer.map(str::to_string);
        sale
    }

    fn entry(quantities: &[&str], reason: &str) -> RefundEntry {
        RefundEntry {
            quantities: quantities.iter().map(|q| q.to_string()).collect(),
            to: RefundTo::Original,
            reason: reason.into(),
        }
    }

    fn refund_of(sale: &SaleDocument, previous: &[Refund], e: &RefundEntry, n: u128) -> Refund {
        let policy = StorePolicy::default();
        let form = RefundForm {
            sale,
            previous: Some(previous),
            policy: &policy,
            entry: e,
            voided: false,
        };
        let (request, _) = form.preview().unwrap();
        Refund::create(header(n), sale, previous, &request, &policy).unwrap()
    }

    fn check(
        sale: &SaleDocument,
        previous: Option<&[Refund]>,
        e: &RefundEntry,
    ) -> Result<Refund, RuleError> {
        let policy = StorePolicy::default();
        RefundForm {
            sale,
            previous,
            policy: &policy,
            entry: e,
            voided: false,
        }
        .preview()
        .map(|(_, r)| r)
    }

    #[test]
    fn the_entry_needs_a_quantity_a_number_and_a_reason() {
        let s = sale(None);
        let none: &[Refund] = &[];
        assert_eq!(
            check(&s, None, &entry(&["1", ""], "broken")),
            Err(RuleError::ReadingEarlierRefunds)
        );
        assert_eq!(
            check(&s, Some(none), &entry(&["", " "], "broken")),
            Err(RuleError::NothingToRefund)
        );
        assert_eq!(
            check(&s, Some(none), &entry(&["0", ""], "broken")),
            Err(RuleError::NothingToRefund)
        );
        assert_eq!(
            check(&s, Some(none), &entry(&["x", ""], "broken")),
            Err(RuleError::RefundQuantity)
        );
        assert_eq!(
            check(&s, Some(none), &entry(&["1", ""], "  ")),
            Err(RuleError::RefundReason)
        );
        let r = check(&s, Some(none), &entry(&["1", ""], " broken ")).unwrap();
        assert_eq!(r.total, dec("2.99"));
        assert_eq!(r.reason, "broken");
        // A voided sale has nothing left to refund.
        let policy = StorePolicy::default();
        let e = entry(&["1", ""], "broken");
        let voided = RefundForm {
            sale: &s,
            previous: Some(none),
            policy: &policy,
            entry: &e,
            voided: true,
        };
        assert_eq!(
            voided.preview().map(|(_, r)| r),
            Err(RuleError::RefundVoided)
        );
    }

    #[test]
    fn what_was_refunded_before_cannot_come_back_again() {
        let s = sale(None);
        let first = refund_of(&s, &[], &entry(&["1", "0.250"], "broken"), 8);
        let previous = vec![first];
        assert_eq!(refundable(&s, &[]), vec![dec("2"), dec("0.750")]);
        assert_eq!(refundable(&s, &previous), vec![dec("1"), dec("0.500")]);
        assert!(matches!(
            check(&s, Some(&previous), &entry(&["2", ""], "broken")),
            Err(RuleError::RefundRefused(DocumentError::OverRefund {
                line: 0,
                ..
            }))
        ));
        let rest = check(&s, Some(&previous), &entry(&["1", "0.5"], "broken")).unwrap();
        assert_eq!(rest.lines.len(), 2);
    }

    #[test]
    fn refunds_go_back_to_the_original_tenders_or_to_store_credit() {
        let s = sale(Some("c1"));
        let r = check(&s, Some(&[]), &entry(&["2", "0.750"], "broken")).unwrap();
        assert_eq!(r.total, s.priced.total);
        let paid_out: Decimal = r
            .payouts
            .iter()
            .map(|p| p.payment.amount())
            .sum::<Decimal>();
        assert_eq!(paid_out + r.rounding, r.total);
        assert!(r
            .payouts
            .iter()
            .any(|p| matches!(p.payment, Payment::Card { .. })));

        let mut e = entry(&["1", ""], "broken");
        e.to = RefundTo::StoreCredit;
        let r = check(&s, Some(&[]), &e).unwrap();
        assert_eq!(
            r.payouts.iter().map(|p| &p.payment).collect::<Vec<_>>(),
            vec![&Payment::StoreCredit {
                amount: dec("2.99"),
                account: "c1".into()
            }]
        );
        assert_eq!(
            check(&sale(None), Some(&[]), &e),
            Err(RuleError::RefundNeedsCustomer)
        );
    }

    #[test]
    fn lines_are_chosen_with_plus_minus_and_refund_all_within_what_is_left() {
        let s = sale(None);
        let mut e = entry(&["", ""], "broken");
        let left = [dec("2"), dec("0.750")];
        // + counts pieces up to what is left; a weighed line comes back whole.
        e.more(0, Unit::Each, left[0]);
        e.more(0, Unit::Each, left[0]);
        e.more(0, Unit::Each, left[0]);
        assert_eq!(e.quantities[0], "2");
        e.more(1, Unit::Kilogram, left[1]);
        assert_eq!(e.quantities[1], "0.75");
        // − counts down to nothing (never below), and empties a weighed line.
        e.less(0, Unit::Each);
        assert_eq!(e.chosen(0), dec("1"));
        e.less(0, Unit::Each);
        e.less(0, Unit::Each);
        assert_eq!(e.quantities[0], "");
        e.less(1, Unit::Kilogram);
        assert_eq!(e.quantities[1], "");
        // A typed part weight: + takes the rest of it.
        e.quantities[1] = "0.2".into();
        e.more(1, Unit::Kilogram, left[1]);
        assert_eq!(e.chosen(1), dec("0.75"));

        // Refund all: what is left of every line, after an earlier refund; a line with nothing left stays empty.
        let first = refund_of(&s, &[], &entry(&["2", ""], "broken"), 8);
        let previous = vec![first];
        let left = refundable(&s, &previous);
        e.choose_all(&left);
        assert_eq!(e.quantities, vec!["".to_string(), "0.75".to_string()]);
        let r = check(&s, Some(&previous), &e).unwrap();
        assert_eq!(r.lines.len(), 1);
    }

    #[test]
    fn earlier_refunds_are_merged_once_and_only_of_this_sale() {
        let s = sale(None);
        let a = refund_of(&s, &[], &entry(&["1", ""], "broken"), 8);
        let mut other = a.clone();
        other.id = Uuid::from_u128(99);
        other.sale_id = Uuid::from_u128(100);
        let b = refund_of(
            &s,
            std::slice::from_ref(&a),
            &entry(&["", "0.1"], "broken"),
            9,
        );
        let merged = merge_refunds(
            vec![a.clone(), other.clone()],
            &[b.clone(), a.clone(), other],
            s.id,
        );
        assert_eq!(merged, vec![a, b]);
    }
}
