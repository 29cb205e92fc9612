//! Refunds: a new document giving back some quantity of some lines of a sale, and paying it out.
//!
//! Named rule **cumulative proportional refund**: for a line that sold `Q` units for `G` (its gross after
//! every adjustment, allocated order discount and tax), the amount refunded once `c` units in all have come
//! back is `round(G × c / Q)` with the store's rule; a refund of `q` more units gives back
//! `round(G × (c + q) / Q) − round(G × c / Q)`. The same holds for each tax rate and for the line's list net.
//! So partial refunds never add up to more than the line was paid for, and refunding the last unit gives back
//! exactly what is left.
//!
//! Named rule **refund tenders**: `OriginalTenders` pays back to the sale's non-cash payments in their
//! original order (each up to its amount less what earlier refunds already returned to it), then in cash (up
//! to the cash kept); exchange credit, and anything the original payments cannot take, is paid in cash. Cash
//! rounding applies to the cash paid out. `StoreCredit` puts the whole amount on a store credit account.

use super::sale::SaleDocument;
use super::stamp::{Approval, StaffStamp};
use super::DocumentError;
use crate::policy::StorePolicy;
use crate::pricing::priced::{rate_totals, LineTax, RateTotal};
use crate::sale::SaleHeader;
use crate::tender::Payment;
use chrono::{DateTime, Utc};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use shared_derive::TagFirst;
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundLineRequest {
    /// Index of the line in the sale.
    pub line: usize,
    pub quantity: Decimal,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TagFirst)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RefundMethod {
    OriginalTenders,
    StoreCredit { account: String },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundRequest {
    pub lines: Vec<RefundLineRequest>,
    pub method: RefundMethod,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefundLine {
    /// Index of the line in the sale.
    pub line: usize,
    pub product_id: String,
    pub name: String,
    pub category_id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub quantity: Decimal,
    pub taxes: Vec<LineTax>,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub net: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub tax: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub gross: Decimal,
    /// The refunded share of the line's list net (for reversing revenue and discounts in the ledger).
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub list_net: Decimal,
}

/// Money paid back, and which of the sale's payments it returns (`None`: not tied to one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefundPayout {
    pub original: Option<usize>,
    pub payment: Payment,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Refund {
    pub id: Uuid,
    pub device_id: Uuid,
    pub receipt_no: String,
    pub created_at: DateTime<Utc>,
    pub sale_id: Uuid,
    pub reason: String,
    pub lines: Vec<RefundLine>,
    pub taxes: Vec<RateTotal>,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub net: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub tax: Decimal,
    /// What the goods are refunded for.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub total: Decimal,
    pub payouts: Vec<RefundPayout>,
    /// Cash rounding of the cash paid out: `Σ payouts − total`.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub rounding: Decimal,
    /// Who made it (the signed-in staff at the till); absent on documents made before stamps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cashier: Option<StaffStamp>,
    /// The approval it was made under, when the cashier lacked the permission.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval: Option<Approval>,
}

/// Units of each sale line already refunded by `previous` (all of which must belong to `sale`).
pub fn refunded_quantities(
    sale: &SaleDocument,
    previous: &[Refund],
) -> Result<Vec<Decimal>, DocumentError> {
    let mut done = vec![Decimal::ZERO; sale.priced.lines.len()];
    for r in previous {
        if r.sale_id != sale.id {
            return Err(DocumentError::ForeignRefund(r.id));
        }
        for l in &r.lines {
            if let Some(d) = done.get_mut(l.line) {
                *d += l.quantity;
            }
        }
    }
    Ok(done)
}

/// The refunded part of `amount` for `q` more of `total_q` units after `done`.
fn share(
    policy: &StorePolicy,
    amount: Decimal,
    done: Decimal,
    q: Decimal,
    total_q: Decimal,
) -> Decimal {
    policy
        .round(policy.round(amount * (done + q) / total_q) - policy.round(amount * done / total_q))
}

fn refund_lines(
    sale: &SaleDocument,
    done: &[Decimal],
    request: &[RefundLineRequest],
    policy: &StorePolicy,
) -> Result<Vec<RefundLine>, DocumentError> {
    if request.is_empty() {
        return Err(DocumentError::NoLines);
    }
    let mut out = Vec::with_capacity(request.len());
    for (k, r) in request.iter().enumerate() {
        let l = sale
            .priced
            .lines
            .get(r.line)
            .ok_or(DocumentError::NoSuchLine(r.line))?;
        if request[..k].iter().any(|o| o.line == r.line) {
            return Err(DocumentError::DuplicateLine(r.line));
        }
        if r.quantity <= Decimal::ZERO
            || r.quantity.normalize().scale()
                > l.unit.max_scale().max(l.quantity.normalize().scale())
        {
            return Err(DocumentError::BadQuantity { line: r.line });
        }
        let remaining = l.quantity - done[r.line];
        if r.quantity > remaining {
            return Err(DocumentError::OverRefund {
                line: r.line,
                remaining,
            });
        }
        let part = |amount: Decimal| share(policy, amount, done[r.line], r.quantity, l.quantity);
        let taxes: Vec<LineTax> = l
            .taxes
            .iter()
            .map(|t| LineTax {
                tax: part(t.tax),
                ..t.clone()
            })
            .collect();
        let gross = part(l.gross);
        let tax = taxes
            .iter()
            .map(|t| t.tax)
            .fold(policy.zero(), |a, b| a + b);
        out.push(RefundLine {
            line: r.line,
            product_id: l.product_id.clone(),
            name: l.name.clone(),
            category_id: l.category_id.clone(),
            quantity: r.quantity,
            net: policy.round(gross - tax),
            tax,
            gross,
            list_net: part(l.list_net),
            taxes,
        });
    }
    Ok(out)
}

/// What each of the sale's payments can still take back, in payout order (non-cash first, then cash).
fn capacities(sale: &SaleDocument, previous: &[Refund]) -> Vec<(usize, Decimal)> {
    let returned = |k: usize| -> Decimal {
        previous
            .iter()
            .flat_map(|r| &r.payouts)
            .filter(|p| p.original == Some(k))
            .map(|p| p.payment.amount())
            .sum()
    };
    let mut out: Vec<(usize, Decimal)> = sale
        .payments
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.is_cash() && !matches!(p, Payment::ExchangeCredit { .. }))
        .map(|(k, p)| (k, p.amount() - returned(k)))
        .collect();
    // All cash is pooled on the first cash payment: what the drawer kept.
    if let Some(first) = sale.payments.iter().position(Payment::is_cash) {
        let cash: Decimal = sale
            .payments
            .iter()
            .filter(|p| p.is_cash())
            .map(Payment::amount)
            .sum();
        out.push((first, cash - sale.settlement.change - returned(first)));
    }
    out
}

/// Pay `amount` out by `method`; returns the payouts and the cash rounding.
fn payouts(
    sale: &SaleDocument,
    previous: &[Refund],
    amount: Decimal,
    method: &RefundMethod,
    policy: &StorePolicy,
) -> Result<(Vec<RefundPayout>, Decimal), DocumentError> {
    let mut out = Vec::new();
    if amount <= Decimal::ZERO {
        return Ok((out, policy.zero()));
    }
    let mut left = amount;
    let mut cash = policy.zero();
    match method {
        RefundMethod::StoreCredit { account } => {
            if account.trim().is_empty() {
                return Err(crate::tender::TenderError::MissingAccount("store credit").into());
            }
            out.push(RefundPayout {
                original: None,
                payment: Payment::StoreCredit {
                    amount,
                    account: account.clone(),
                },
            });
            left = Decimal::ZERO;
        }
        RefundMethod::OriginalTenders => {
            for (k, cap) in capacities(sale, previous) {
                let take = cap.min(left);
                if take <= Decimal::ZERO {
                    continue;
                }
                left -= take;
                let original = &sale.payments[k];
                if original.is_cash() {
                    cash += take;
                    continue;
                }
                let payment = match original {
                    Payment::Loyalty {
                        amount: paid,
                        points,
                        account,
                    } => Payment::Loyalty {
                        amount: take,
                        points: (Decimal::from(*points) * take / *paid)
                            .trunc()
                            .to_u64()
                            .unwrap_or(0),
                        account: account.clone(),
                    },
                    other => other.with_amount(take),
                };
                out.push(RefundPayout {
                    original: Some(k),
                    payment,
                });
            }
        }
    }
    let cash_original = sale.payments.iter().position(Payment::is_cash);
    cash += left;
    let mut rounding = policy.zero();
    if cash > Decimal::ZERO {
        let paid = match &policy.cash_rounding {
            Some(r) => r.round(cash, policy.scale()),
            None => cash,
        };
        rounding = paid - cash;
        if paid > Decimal::ZERO {
            out.push(RefundPayout {
                original: cash_original,
                payment: Payment::Cash { amount: paid },
            });
        }
    }
    Ok((out, rounding))
}

impl Refund {
    /// Refund `request` of `sale`, after the `previous` refunds of the same sale.
    pub fn create(
        header: SaleHeader,
        sale: &SaleDocument,
        previous: &[Refund],
        request: &RefundRequest,
        policy: &StorePolicy,
    ) -> Result<Refund, DocumentError> {
        Refund::build(header, sale, previous, request, policy, None)
    }

    /// As `create`; with `exchange = Some((exchange_id, credit))`, up to `credit` of the refund is carried to
    /// the new sale of that exchange instead of being paid out.
    pub(crate) fn build(
        header: SaleHeader,
        sale: &SaleDocument,
        previous: &[Refund],
        request: &RefundRequest,
        policy: &StorePolicy,
        exchange: Option<(Uuid, Decimal)>,
    ) -> Result<Refund, DocumentError> {
        if request.reason.trim().is_empty() {
            return Err(DocumentError::MissingReason);
        }
        let done = refunded_quantities(sale, previous)?;
        let lines = refund_lines(sale, &done, &request.lines, policy)?;
        let zero = policy.zero();
        let total = lines.iter().map(|l| l.gross).fold(zero, |a, b| a + b);
        let credit = exchange.map_or(zero, |(_, c)| c.min(total));
        let (mut outs, rounding) =
            payouts(sale, previous, total - credit, &request.method, policy)?;
        if let Some((exchange_id, _)) = exchange.filter(|_| credit > Decimal::ZERO) {
            outs.insert(
                0,
                RefundPayout {
                    original: None,
                    payment: Payment::ExchangeCredit {
                        amount: credit,
                        exchange_id,
                    },
                },
            );
        }
        Ok(Refund {
            id: header.id,
            device_id: header.device_id,
            receipt_no: header.receipt_no,
            created_at: header.created_at,
            sale_id: sale.id,
            reason: request.reason.clone(),
            taxes: rate_totals(lines.iter().map(|l| (l.taxes.as_slice(), l.net)), zero),
            net: lines.iter().map(|l| l.net).fold(zero, |a, b| a + b),
            tax: lines.iter().map(|l| l.tax).fold(zero, |a, b| a + b),
            total,
            lines,
            payouts: outs,
            rounding,
            cashier: None,
            approval: None,
        })
    }

    /// Σ payouts: `total + rounding`.
    pub fn paid_out(&self) -> Decimal {
        self.payouts.iter().map(|p| p.payment.amount()).sum()
    }
}
