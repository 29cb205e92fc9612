//! Posting rules: the journal each document derives.
//!
//! - **sale**: debit each payment's account (cash: cash kept, i.e. cash handed over less change); credit
//!   revenue per category at the lines' list net; debit discounts by `list net − net`; credit tax payable per
//!   rate; credit tips payable; credit cash rounding (debit when the customer paid less).
//! - **refund**: the mirror of the refunded shares: debit revenue, credit discounts, debit tax payable, credit
//!   each payout's account; debit cash rounding by the payout's rounding.
//! - **void**: the sale's journal reversed.
//! - **return without a receipt**: debit revenue per category and tax payable per rate at the lines' net and
//!   tax (the price given back, no discount to reverse), credit the payout's account (cash or store credit);
//!   debit cash rounding by the payout's rounding.
//! - **cash movement**: cash against the float, paid-in, paid-out or safe account.
//!
//! Every journal balances because each rule moves the same amounts to both sides:
//! `Σ payments − change = total + tip + rounding` and `total = Σ net + Σ tax`.

use super::accounts::ChartOfAccounts;
use super::cash::{CashMovement, CashMovementKind};
use super::journal::{Entries, Journal, JournalSource};
use super::LedgerError;
use crate::document::{Exchange, Refund, SaleDocument, UnreceiptedReturn, Void};
use crate::sale::{Sale, Tender};
use crate::tender::Payment;
use rust_decimal::Decimal;

fn zero_of(d: Decimal) -> Decimal {
    let mut z = Decimal::ZERO;
    z.rescale(d.scale());
    z
}

pub fn sale_journal(sale: &SaleDocument, accounts: &ChartOfAccounts) -> Journal {
    let mut e = Entries::default();
    for p in sale.payments.iter().filter(|p| !p.is_cash()) {
        e.debit(accounts.payment_account(p), p.amount());
    }
    let cash: Decimal = sale
        .payments
        .iter()
        .filter(|p| p.is_cash())
        .map(Payment::amount)
        .sum();
    if cash > Decimal::ZERO {
        e.debit(&accounts.cash, cash - sale.settlement.change);
    }
    for l in &sale.priced.lines {
        e.credit(&accounts.revenue_account(&l.category_id), l.list_net);
        e.debit(&accounts.discounts, l.list_net - l.net);
        for t in &l.taxes {
            e.credit(&accounts.tax_account(&t.rate_id), t.tax);
        }
    }
    e.credit(&accounts.tips_payable, sale.tip);
    e.credit(&accounts.rounding, sale.settlement.rounding);
    e.into_journal(sale.id, JournalSource::Sale, zero_of(sale.priced.total))
}

pub fn refund_journal(refund: &Refund, accounts: &ChartOfAccounts) -> Journal {
    let mut e = Entries::default();
    for l in &refund.lines {
        e.debit(&accounts.revenue_account(&l.category_id), l.list_net);
        e.credit(&accounts.discounts, l.list_net - l.net);
        for t in &l.taxes {
            e.debit(&accounts.tax_account(&t.rate_id), t.tax);
        }
    }
    for p in &refund.payouts {
        e.credit(accounts.payment_account(&p.payment), p.payment.amount());
    }
    e.debit(&accounts.rounding, refund.rounding);
    e.into_journal(refund.id, JournalSource::Refund, zero_of(refund.total))
}

pub fn unreceipted_return_journal(r: &UnreceiptedReturn, accounts: &ChartOfAccounts) -> Journal {
    let mut e = Entries::default();
    for l in &r.lines {
        e.debit(&accounts.revenue_account(&l.category_id), l.net);
        for t in &l.taxes {
            e.debit(&accounts.tax_account(&t.rate_id), t.tax);
        }
    }
    for p in &r.payouts {
        e.credit(accounts.payment_account(p), p.amount());
    }
    e.debit(&accounts.rounding, r.rounding);
    e.into_journal(r.id, JournalSource::UnreceiptedReturn, zero_of(r.total))
}

/// The sale's journal reversed, under the void's id.
pub fn void_journal(
    void: &Void,
    sale: &SaleDocument,
    accounts: &ChartOfAccounts,
) -> Result<Journal, LedgerError> {
    if void.sale_id != sale.id {
        return Err(LedgerError::WrongSale {
            void_sale: void.sale_id,
            sale: sale.id,
        });
    }
    Ok(sale_journal(sale, accounts).reversed(void.id, JournalSource::Void))
}

/// The return's journal and the new sale's; the exchange clearing account nets to zero over the two.
pub fn exchange_journals(exchange: &Exchange, accounts: &ChartOfAccounts) -> [Journal; 2] {
    [
        refund_journal(&exchange.returned, accounts),
        sale_journal(&exchange.sale, accounts),
    ]
}

pub fn cash_movement_journal(
    m: &CashMovement,
    accounts: &ChartOfAccounts,
) -> Result<Journal, LedgerError> {
    m.check()?;
    let default = match m.kind {
        CashMovementKind::Float => &accounts.cash_float,
        CashMovementKind::PaidIn => &accounts.paid_in,
        CashMovementKind::PaidOut => &accounts.paid_out,
        CashMovementKind::Drop => &accounts.safe,
    };
    let counter = m.account.as_deref().unwrap_or(default);
    let mut e = Entries::default();
    e.debit(&accounts.cash, m.drawer_effect());
    e.credit(counter, m.drawer_effect());
    Ok(e.into_journal(m.id, JournalSource::CashMovement, zero_of(m.amount)))
}

/// The journal of a simple `sale::Sale` (cash and card, one revenue account, tax per rate).
pub fn legacy_sale_journal(sale: &Sale, accounts: &ChartOfAccounts) -> Journal {
    let mut e = Entries::default();
    let cash: Decimal = sale
        .tenders
        .iter()
        .filter(|t| matches!(t, Tender::Cash { .. }))
        .map(Tender::amount)
        .sum();
    for t in &sale.tenders {
        if matches!(t, Tender::Card { .. }) {
            e.debit(&accounts.card_clearing, t.amount());
        }
    }
    if cash > Decimal::ZERO {
        e.debit(&accounts.cash, cash - sale.change);
    }
    e.credit(&accounts.revenue_account(""), sale.net);
    for r in &sale.taxes {
        e.credit(&accounts.tax_account(&r.rate_id), r.tax);
    }
    e.into_journal(sale.id, JournalSource::Sale, zero_of(sale.total))
}
