//! Completed sales: immutable documents built from a priced cart and the tenders that paid it.

use crate::cart::Cart;
use crate::catalog::{StoreSettings, TaxMode};
use crate::money::Currency;
use crate::policy::StorePolicy;
use crate::pricing::{totals, TaxSummary};
use crate::tender::{settle, Payment, TenderError};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use shared_derive::TagFirst;
use thiserror::Error;
use uuid::Uuid;

/// How (part of) a sale was paid. The app never sees a card number: a card tender carries only the
/// reference the external card terminal or gateway gave.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TagFirst)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Tender {
    Cash {
        #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
        amount: Decimal,
    },
    Card {
        #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
        amount: Decimal,
        reference: String,
    },
}

impl Tender {
    pub fn amount(&self) -> Decimal {
        match self {
            Tender::Cash { amount } | Tender::Card { amount, .. } => *amount,
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            Tender::Cash { .. } => "Cash",
            Tender::Card { .. } => "Card",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SaleLine {
    pub product_id: String,
    pub sku: String,
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub quantity: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub unit_price: Decimal,
    pub tax_rate_id: String,
    pub tax_name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub tax_percent: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub net: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub tax: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub gross: Decimal,
}

/// A completed sale. Once built it is a fact: it is never edited, only referenced by later documents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Sale {
    pub id: Uuid,
    pub device_id: Uuid,
    pub receipt_no: String,
    pub created_at: DateTime<Utc>,
    pub currency: Currency,
    pub tax_mode: TaxMode,
    pub lines: Vec<SaleLine>,
    pub taxes: Vec<TaxSummary>,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub net: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub tax: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub total: Decimal,
    pub tenders: Vec<Tender>,
    /// Cash handed back: the tendered sum minus the total. Only cash can be overpaid.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub change: Decimal,
}

/// Identity of a sale being completed, made by the terminal.
#[derive(Clone, Debug)]
pub struct SaleHeader {
    pub id: Uuid,
    pub device_id: Uuid,
    pub receipt_no: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum SaleError {
    #[error("the cart is empty")]
    EmptyCart,
    #[error("a sale needs at least one line")]
    NoLines,
    #[error("tender amounts must be positive")]
    NonPositiveTender,
    #[error("a card payment needs the reference from the card terminal")]
    MissingCardReference,
    #[error("{remaining} still to pay")]
    Underpaid { remaining: Decimal },
    #[error("card payments cannot exceed the amount due; only cash gives change")]
    CardOverpayment,
    #[error("the sale's amounts do not add up: {0}")]
    Inconsistent(String),
}

/// Sum of tender amounts.
pub fn tendered(tenders: &[Tender]) -> Decimal {
    tenders.iter().map(Tender::amount).sum()
}

/// Check tenders against a total: positive amounts, card references present, non-cash tenders never more
/// than the total, and enough paid. Returns the change due (in cash).
///
/// A thin wrapper over `tender::settle` (no tip, no cash rounding, amounts kept at their own scale).
pub fn check_tenders(total: Decimal, tenders: &[Tender]) -> Result<Decimal, SaleError> {
    let scale = tenders
        .iter()
        .map(|t| t.amount().scale())
        .fold(total.scale(), u32::max);
    let policy = StorePolicy::from(StoreSettings {
        currency: Currency::new("XXX", scale),
        ..StoreSettings::default()
    });
    settle_legacy(total, tenders, &policy)
}

fn settle_legacy(
    total: Decimal,
    tenders: &[Tender],
    policy: &StorePolicy,
) -> Result<Decimal, SaleError> {
    let payments: Vec<Payment> = tenders.iter().map(Payment::from).collect();
    match settle(total, Decimal::ZERO, &payments, policy, None) {
        Ok(s) => Ok(s.change),
        Err(TenderError::NonPositive) => Err(SaleError::NonPositiveTender),
        Err(TenderError::MissingCardReference) => Err(SaleError::MissingCardReference),
        Err(TenderError::NonCashOverpayment) => Err(SaleError::CardOverpayment),
        Err(TenderError::Underpaid { remaining }) => Err(SaleError::Underpaid { remaining }),
        Err(other) => Err(SaleError::Inconsistent(other.to_string())),
    }
}

impl From<&Tender> for Payment {
    fn from(t: &Tender) -> Self {
        match t {
            Tender::Cash { amount } => Payment::Cash { amount: *amount },
            Tender::Card { amount, reference } => Payment::Card {
                amount: *amount,
                reference: reference.clone(),
            },
        }
    }
}

impl Sale {
    /// Build the sale document from a cart: prices it with `pricing::totals` and checks the tenders.
    ///
    /// A thin wrapper over the commerce engine (`pricing::engine` through `totals`, and `tender::settle`);
    /// `document::SaleDocument::complete` is the full version (customers, promotions, any tender, tips).
    pub fn complete(
        header: SaleHeader,
        cart: &Cart,
        settings: &StoreSettings,
        tenders: Vec<Tender>,
    ) -> Result<Sale, SaleError> {
        if cart.is_empty() {
            return Err(SaleError::EmptyCart);
        }
        let t = totals(cart, settings);
        let change = settle_legacy(t.total, &tenders, &StorePolicy::from(settings.clone()))?;
        let lines = cart
            .lines
            .iter()
            .zip(&t.lines)
            .map(|(l, lt)| SaleLine {
                product_id: l.product_id.clone(),
                sku: l.sku.clone(),
                name: l.name.clone(),
                quantity: l.quantity,
                unit_price: l.unit_price,
                tax_rate_id: l.tax_rate_id.clone(),
                tax_name: l.tax_name.clone(),
                tax_percent: l.tax_percent,
                net: lt.net,
                tax: lt.tax,
                gross: lt.gross,
            })
            .collect();
        Ok(Sale {
            id: header.id,
            device_id: header.device_id,
            receipt_no: header.receipt_no,
            created_at: header.created_at,
            currency: settings.currency.clone(),
            tax_mode: settings.tax_mode,
            lines,
            taxes: t.taxes,
            net: t.net,
            tax: t.tax,
            total: t.total,
            tenders,
            change,
        })
    }

    /// Check that a sale received from elsewhere is internally consistent: every line and rate has
    /// net + tax = gross, lines sum to the totals, taxes per rate sum to the tax, and tenders minus change
    /// equal the total. The server refuses a sale that fails this.
    pub fn verify(&self) -> Result<(), SaleError> {
        let bad = |what: &str| Err(SaleError::Inconsistent(what.to_string()));
        if self.lines.is_empty() {
            return Err(SaleError::NoLines);
        }
        if self.receipt_no.trim().is_empty() {
            return bad("the receipt number is empty");
        }
        for l in &self.lines {
            if l.quantity <= Decimal::ZERO {
                return bad(&format!(
                    "line '{}' has a quantity of {}",
                    l.name, l.quantity
                ));
            }
            if l.net + l.tax != l.gross {
                return bad(&format!("line '{}': net + tax ≠ gross", l.name));
            }
            if l.tax < Decimal::ZERO || l.unit_price < Decimal::ZERO {
                return bad(&format!("line '{}' has a negative price or tax", l.name));
            }
        }
        let sum = |f: fn(&SaleLine) -> Decimal| self.lines.iter().map(f).sum::<Decimal>();
        if sum(|l| l.gross) != self.total
            || sum(|l| l.net) != self.net
            || sum(|l| l.tax) != self.tax
        {
            return bad("the lines do not sum to the totals");
        }
        if self.taxes.iter().map(|t| t.tax).sum::<Decimal>() != self.tax
            || self.taxes.iter().map(|t| t.gross).sum::<Decimal>() != self.total
            || self.taxes.iter().any(|t| t.net + t.tax != t.gross)
        {
            return bad("the tax summary does not match the lines");
        }
        let change = check_tenders(self.total, &self.tenders)?;
        if change != self.change {
            return bad("the change is not the tendered amount minus the total");
        }
        Ok(())
    }
}
