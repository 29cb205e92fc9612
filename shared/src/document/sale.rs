//! A sale priced by the engine and paid with any mix of payments: the full counterpart of `sale::Sale`.

use super::stamp::{Approval, StaffStamp};
use super::DocumentError;
use crate::basket::Basket;
use crate::pricing::context::PricingContext;
use crate::pricing::engine::price;
use crate::pricing::priced::PricedCart;
use crate::sale::SaleHeader;
use crate::tender::{settle, Balances, Payment, Settlement};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SaleDocument {
    pub id: Uuid,
    pub device_id: Uuid,
    pub receipt_no: String,
    pub created_at: DateTime<Utc>,
    #[serde(default)]
    pub customer_id: Option<String>,
    /// Lines with their adjustments and taxes, and the document totals.
    pub priced: PricedCart,
    /// Added to the total; owed to staff (tips payable), never refunded.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub tip: Decimal,
    pub payments: Vec<Payment>,
    pub settlement: Settlement,
    /// Who made it (the signed-in staff at the till); absent on documents made before stamps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cashier: Option<StaffStamp>,
    /// The approval of a discount over the limit in it, when the cashier lacked that permission.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval: Option<Approval>,
}

impl SaleDocument {
    /// Price `basket` in `ctx`, settle `total + tip` with `payments`, and build the document.
    pub fn complete(
        header: SaleHeader,
        ctx: &PricingContext,
        basket: &Basket,
        payments: Vec<Payment>,
        tip: Decimal,
        balances: Option<&Balances>,
    ) -> Result<SaleDocument, DocumentError> {
        if basket.lines.is_empty() {
            return Err(DocumentError::EmptyBasket);
        }
        let priced = price(ctx, basket)?;
        let settlement = settle(priced.total, tip, &payments, ctx.policy, balances)?;
        Ok(SaleDocument {
            id: header.id,
            device_id: header.device_id,
            receipt_no: header.receipt_no,
            created_at: header.created_at,
            customer_id: ctx.customer.map(|c| c.id.clone()),
            tip: settlement.due - priced.total,
            priced,
            payments,
            settlement,
            cashier: None,
            approval: None,
        })
    }

    /// What the goods cost: the priced total (without tip or cash rounding).
    pub fn total(&self) -> Decimal {
        self.priced.total
    }

    /// Check a document received from elsewhere: every line and rate adds up, lines sum to the totals, and
    /// the payments settle `total + tip` exactly (`Σ payments − change = total + tip + rounding`).
    pub fn verify(&self) -> Result<(), DocumentError> {
        let bad = |what: String| Err(DocumentError::Inconsistent(what));
        let p = &self.priced;
        if p.lines.is_empty() {
            return Err(DocumentError::EmptyBasket);
        }
        if self.receipt_no.trim().is_empty() {
            return bad("the receipt number is empty".into());
        }
        for l in &p.lines {
            let adj: Decimal = l.adjustments.iter().map(|a| a.amount).sum();
            let tax: Decimal = l.taxes.iter().map(|t| t.tax).sum();
            if l.quantity <= Decimal::ZERO
                || l.net + l.tax != l.gross
                || tax != l.tax
                || l.base - adj != l.amount
            {
                return bad(format!("line '{}' does not add up", l.name));
            }
            let modifiers = crate::catalog::modifier::deltas(&l.modifiers);
            if l.unit_price < modifiers
                || l.list_unit_price < modifiers
                || l.modifiers.iter().any(|m| m.name.trim().is_empty())
            {
                return bad(format!(
                    "line '{}' has modifiers its price does not hold",
                    l.name
                ));
            }
            if l.amount < Decimal::ZERO
                || l.gross < Decimal::ZERO
                || l.adjustments.iter().any(|a| a.amount < Decimal::ZERO)
            {
                return bad(format!("line '{}' has a negative amount", l.name));
            }
        }
        let sum = |f: fn(&crate::pricing::priced::PricedLine) -> Decimal| {
            p.lines.iter().map(f).sum::<Decimal>()
        };
        if sum(|l| l.gross) != p.total
            || sum(|l| l.net) != p.net
            || sum(|l| l.tax) != p.tax
            || sum(|l| l.base) != p.subtotal
        {
            return bad("the lines do not sum to the totals".into());
        }
        if p.taxes.iter().map(|t| t.tax).sum::<Decimal>() != p.tax
            || p.taxes.iter().any(|t| t.net + t.tax != t.gross)
        {
            return bad("the tax summary does not match the lines".into());
        }
        let s = &self.settlement;
        let paid: Decimal = self.payments.iter().map(Payment::amount).sum();
        let non_cash: Decimal = self
            .payments
            .iter()
            .filter(|p| !p.is_cash())
            .map(Payment::amount)
            .sum();
        if s.due != p.total + self.tip || s.paid != paid || paid - s.change != s.due + s.rounding {
            return bad("the payments do not settle the total".into());
        }
        if s.change < Decimal::ZERO
            || self.tip < Decimal::ZERO
            || non_cash > s.due
            || self.payments.iter().any(|p| p.amount() <= Decimal::ZERO)
        {
            return bad("only cash may be overpaid, and amounts must be positive".into());
        }
        Ok(())
    }
}
