//! The outbox as the rest of the app sees it: how many mutations wait and when the oldest document among them
//! was made (the header's sync status). The mutations themselves are `shared::sync::Mutation`, stored as sent.

use chrono::{DateTime, Utc};
use shared::sync::{Mutation, MutationBody};
use shared::tender::Payment;

/// The gift card, store credit and loyalty payments of waiting sales (an exchange's new sale too): what this
/// till spent from balances the server has not counted yet.
pub fn spent<'a>(waiting: impl IntoIterator<Item = &'a Mutation>) -> Vec<Payment> {
    waiting
        .into_iter()
        .flat_map(|m| match &m.body {
            MutationBody::CompleteSale { sale } => sale.payments.as_slice(),
            MutationBody::Exchange { exchange } => exchange.sale.payments.as_slice(),
            _ => &[],
        })
        .filter(|p| {
            matches!(
                p,
                Payment::GiftCard { .. } | Payment::StoreCredit { .. } | Payment::Loyalty { .. }
            )
        })
        .cloned()
        .collect()
}

/// Waiting mutations: how many, and when the oldest document among them was made (ms since the epoch).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Pending {
    pub count: u32,
    pub oldest_ms: Option<f64>,
}

impl Pending {
    /// `count` waiting mutations, `first` the oldest of them.
    pub fn of(count: u32, first: Option<&Mutation>) -> Self {
        Pending {
            count,
            oldest_ms: first.map(|m| created_at(&m.body).timestamp_millis() as f64),
        }
    }
}

/// When the document a mutation carries was made.
pub fn created_at(body: &MutationBody) -> DateTime<Utc> {
    match body {
        MutationBody::CompleteSale { sale } => sale.created_at,
        MutationBody::Refund { refund } => refund.created_at,
        MutationBody::Void { void } => void.created_at,
        MutationBody::Exchange { exchange } => exchange.sale.created_at,
        MutationBody::CashMovement { movement } => movement.created_at,
        MutationBody::UnreceiptedReturn { unreceipted_return } => unreceipted_return.created_at,
        MutationBody::SaveCustomer { save } => save.saved_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    #[test]
    fn the_oldest_is_the_first_mutations_document() {
        assert_eq!(Pending::of(0, None), Pending::default());
        let mut refund: shared::document::Refund = serde_json::from_value(serde_json::json!({
            "id": Uuid::nil(), "device_id": Uuid::nil(), "receipt_no": "ABCD-000001",
            "created_at": "2024-05-01T10:00:00Z", "sale_id": Uuid::nil(), "reason": "x",
            "lines": [], "taxes": [], "net": "0", "tax": "0", "total": "0", "payouts": [], "rounding": "0"
        }))
        .unwrap();
        refund.reason = "broken".into();
        let m = Mutation {
            id: Uuid::nil(),
            seq: 1,
            body: MutationBody::Refund { refund },
        };
        assert_eq!(
            Pending::of(3, Some(&m)).oldest_ms,
            Some(1_714_557_600_000.0)
        );
    }
}
