//! Documents that refer to an earlier sale, checked against that sale and what already happened to it.
//!
//! - **refund**: the sale must be recorded and not voided; the refund is rebuilt with `Refund::create` from
//!   its own request data (its lines' quantities, its reason, and its method: one store-credit payout not tied
//!   to a payment means store credit, anything else the original tenders), after every earlier refund of the
//!   sale, with the store's policy; it must come out identical. Over-refunds fail the rebuild.
//! - **void**: the sale must be recorded, not voided and without refunds (`Void::create` must accept it).
//! - **exchange**: the return half is a refund of the sale, rebuilt the same way except for its payouts
//!   (the exchange credit goes to the new sale, checked in `validate`).
//!
//! Staff stamps (cashier, approval) are carried from the received document onto the rebuilt one: they never
//! make a document invalid here; `stamps` checks approvals and flags what lacks one.

use super::{PreparedMutation, PushRejection};
use crate::push::Document;
use shared::document::{
    Exchange, Refund, RefundLineRequest, RefundMethod, RefundRequest, SaleDocument, Void,
};
use shared::policy::StorePolicy;
use shared::sale::SaleHeader;
use shared::tender::Payment;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// What the plan knows about sales at this point of the batch: recorded before or earlier in it.
pub struct History<'h> {
    pub sales: &'h HashMap<Uuid, &'h SaleDocument>,
    pub refunds: &'h HashMap<Uuid, Vec<Refund>>,
    pub voided: &'h HashSet<Uuid>,
    pub policy: &'h StorePolicy,
}

impl History<'_> {
    /// The sale `sale_id`, refused as unknown when it is not recorded, and as invalid when it was voided.
    fn live_sale(
        &self,
        m: &PreparedMutation,
        sale_id: Uuid,
    ) -> Result<&SaleDocument, PushRejection> {
        let sale = self
            .sales
            .get(&sale_id)
            .copied()
            .ok_or(PushRejection::UnknownSale { id: m.id, sale_id })?;
        if self.voided.contains(&sale_id) {
            return Err(m.invalid(format!("sale {sale_id} was voided")));
        }
        Ok(sale)
    }

    fn refunds_of(&self, sale_id: Uuid) -> &[Refund] {
        self.refunds.get(&sale_id).map_or(&[], Vec::as_slice)
    }
}

/// Check `m` against the history when it refers to a sale; documents that do not pass.
pub fn check(m: &PreparedMutation, history: &History) -> Result<(), PushRejection> {
    match &m.document {
        Document::Refund(refund) => check_refund(m, refund, history),
        Document::Void(void) => check_void(m, void, history),
        Document::Exchange(exchange) => check_exchange(m, exchange, history),
        Document::Sale(_)
        | Document::CashMovement(_)
        | Document::UnreceiptedReturn(_)
        | Document::Customer(_) => Ok(()),
    }
}

/// The request a refund was made from: its lines' quantities, its reason and its method.
pub fn request_of(refund: &Refund) -> RefundRequest {
    let method = match refund.payouts.as_slice() {
        [single] => match &single.payment {
            Payment::StoreCredit { account, .. } if single.original.is_none() => {
                RefundMethod::StoreCredit {
                    account: account.clone(),
                }
            }
            _ => RefundMethod::OriginalTenders,
        },
        _ => RefundMethod::OriginalTenders,
    };
    RefundRequest {
        lines: refund
            .lines
            .iter()
            .map(|l| RefundLineRequest {
                line: l.line,
                quantity: l.quantity,
            })
            .collect(),
        method,
        reason: refund.reason.clone(),
    }
}

fn header_of(
    id: Uuid,
    device_id: Uuid,
    receipt_no: &str,
    created_at: chrono::DateTime<chrono::Utc>,
) -> SaleHeader {
    SaleHeader {
        id,
        device_id,
        receipt_no: receipt_no.to_owned(),
        created_at,
    }
}

/// Rebuild `refund` with `method` after the sale's earlier refunds.
fn rebuild(
    m: &PreparedMutation,
    refund: &Refund,
    method: RefundMethod,
    history: &History,
) -> Result<Refund, PushRejection> {
    let sale = history.live_sale(m, refund.sale_id)?;
    let request = RefundRequest {
        method,
        ..request_of(refund)
    };
    let header = header_of(
        refund.id,
        refund.device_id,
        &refund.receipt_no,
        refund.created_at,
    );
    Refund::create(
        header,
        sale,
        history.refunds_of(refund.sale_id),
        &request,
        history.policy,
    )
    .map_err(|e| m.invalid(e.to_string()))
}

/// `rebuilt` with the staff stamps of `received`: `Refund::create` leaves them out (they are records about the
/// refund, not part of its money), so they are carried over before the comparison.
fn with_stamps_of(received: &Refund, rebuilt: Refund) -> Refund {
    Refund {
        cashier: received.cashier.clone(),
        approval: received.approval.clone(),
        ..rebuilt
    }
}

fn check_refund(
    m: &PreparedMutation,
    refund: &Refund,
    history: &History,
) -> Result<(), PushRejection> {
    let rebuilt = with_stamps_of(
        refund,
        rebuild(m, refund, request_of(refund).method, history)?,
    );
    if rebuilt != *refund {
        return Err(m.invalid(format!(
            "it does not match a refund of sale {} after its {} earlier refund(s) (expected a total of {} \
             paid out as {})",
            refund.sale_id,
            history.refunds_of(refund.sale_id).len(),
            rebuilt.total,
            payout_summary(&rebuilt)
        )));
    }
    Ok(())
}

fn payout_summary(r: &Refund) -> String {
    let parts: Vec<String> = r
        .payouts
        .iter()
        .map(|p| format!("{} {}", p.payment.label(), p.payment.amount()))
        .collect();
    if parts.is_empty() {
        "nothing".into()
    } else {
        parts.join(", ")
    }
}

fn check_void(m: &PreparedMutation, void: &Void, history: &History) -> Result<(), PushRejection> {
    if history.voided.contains(&void.sale_id) && history.sales.contains_key(&void.sale_id) {
        return Err(m.invalid(format!("sale {} is already voided", void.sale_id)));
    }
    let sale = history.live_sale(m, void.sale_id)?;
    let header = header_of(void.id, void.device_id, &void.receipt_no, void.created_at);
    let rebuilt = Void::create(header, sale, history.refunds_of(void.sale_id), &void.reason)
        .map_err(|e| m.invalid(e.to_string()))?;
    let rebuilt = Void {
        cashier: void.cashier.clone(),
        approval: void.approval.clone(),
        ..rebuilt
    };
    if rebuilt != *void {
        return Err(m.invalid("it does not match a void of its sale".into()));
    }
    Ok(())
}

/// The return half, rebuilt except for its payouts: lines, taxes and totals must match exactly.
fn check_exchange(
    m: &PreparedMutation,
    exchange: &Exchange,
    history: &History,
) -> Result<(), PushRejection> {
    let returned = &exchange.returned;
    // Any method gives the same lines; store credit pays the whole amount in one payout, never refused.
    let method = RefundMethod::StoreCredit {
        account: "exchange".into(),
    };
    let rebuilt = with_stamps_of(returned, rebuild(m, returned, method, history)?);
    let same = Refund {
        payouts: returned.payouts.clone(),
        rounding: returned.rounding,
        ..rebuilt
    };
    if same != *returned {
        return Err(m.invalid(format!(
            "its return does not match a refund of sale {} after its earlier refunds",
            returned.sale_id
        )));
    }
    Ok(())
}
