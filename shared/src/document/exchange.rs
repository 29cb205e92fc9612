//! Exchanges: goods returned from a sale and other goods taken in the same visit, as two linked documents.
//!
//! Named rule **exchange credit**: the return is a `Refund` whose value goes first to the new sale (up to
//! the new sale's total), as an `ExchangeCredit` payout on the return and an `ExchangeCredit` payment on the
//! new sale, both naming the exchange; what the return is worth beyond that is paid out by the refund method,
//! and what the new sale costs beyond it is paid with the given payments.

use super::refund::{Refund, RefundLineRequest, RefundMethod, RefundRequest};
use super::sale::SaleDocument;
use super::DocumentError;
use crate::basket::Basket;
use crate::pricing::context::PricingContext;
use crate::pricing::engine::price;
use crate::sale::SaleHeader;
use crate::tender::{Balances, Payment};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Exchange {
    pub id: Uuid,
    pub returned: Refund,
    pub sale: SaleDocument,
}

/// The return half: which lines of which sale come back, why, and how value beyond the new sale is paid out.
#[derive(Clone, Debug)]
pub struct ExchangeReturn<'a> {
    pub header: SaleHeader,
    pub original: &'a SaleDocument,
    pub previous_refunds: &'a [Refund],
    pub lines: Vec<RefundLineRequest>,
    pub reason: String,
    pub method: RefundMethod,
}

/// The sale half: what is taken instead, and what pays for it beyond the returned value.
#[derive(Clone, Debug)]
pub struct ExchangeSale<'a> {
    pub header: SaleHeader,
    pub basket: &'a Basket,
    pub payments: Vec<Payment>,
    pub tip: Decimal,
    pub balances: Option<&'a Balances>,
}

impl Exchange {
    /// Return `back` and sell `new` in `ctx`, by the exchange-credit rule.
    pub fn create(
        id: Uuid,
        back: ExchangeReturn,
        new: ExchangeSale,
        ctx: &PricingContext,
    ) -> Result<Exchange, DocumentError> {
        let new_total = price(ctx, new.basket)?.total;
        let request = RefundRequest {
            lines: back.lines,
            method: back.method,
            reason: back.reason,
        };
        let returned = Refund::build(
            back.header,
            back.original,
            back.previous_refunds,
            &request,
            ctx.policy,
            Some((id, new_total)),
        )?;
        let credit = returned.total.min(new_total);
        let mut payments = new.payments;
        if credit > Decimal::ZERO {
            payments.insert(
                0,
                Payment::ExchangeCredit {
                    amount: credit,
                    exchange_id: id,
                },
            );
        }
        let sale =
            SaleDocument::complete(new.header, ctx, new.basket, payments, new.tip, new.balances)?;
        Ok(Exchange { id, returned, sale })
    }
}
