//! Push rules that need no database: batch size, canonical body hashes, card numbers, and the checks each
//! document passes on its own.
//!
//! The store applies a batch mutation by mutation; this module prepares each mutation so the store only has
//! to compare hashes and sequences, and names every way a push can be refused. The rules that need what the
//! store already holds (replays, gaps, refunds against their sale, balances) live in the submodules.

use crate::card_numbers::card_number_field;
use crate::clock::Clock;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use shared::customer::SaveCustomer;
use shared::document::{Exchange, Refund, SaleDocument, UnreceiptedReturn, Void};
use shared::ledger::CashMovement;
use shared::sync::{Mutation, MutationBody, PushRequest, MAX_PUSH_MUTATIONS};
use thiserror::Error;
use uuid::Uuid;

// The rules that decide a batch against what a store already holds, written once for every store.
mod effects;
mod plan;
mod references;
pub mod stamps;
pub mod stock;
#[cfg(test)]
mod test_support;
mod validate;
pub use effects::{
    settle, CustomerBalance, Effect, Flag, FlagKind, Held, Keys, LedgerRow, Settled,
};
pub use plan::{plan, plan_group, AppliedMutation, Known, Plan};
pub use validate::has_nul_escape;

/// Why a push was refused. The whole batch is rolled back whenever one of these is returned.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum PushRejection {
    #[error("a push may carry at most {max} mutations, this one has {count}")]
    TooManyMutations { count: usize, max: usize },
    #[error("mutation {id} conflicts with what was already applied: {reason}")]
    MutationConflict { id: Uuid, reason: String },
    #[error(
        "mutation {id} has sequence {got}, but the next sequence for this device is {expected}"
    )]
    SequenceGap { id: Uuid, got: u64, expected: u64 },
    #[error("mutation {id} carries an invalid sale: {message}")]
    InvalidSale { id: Uuid, message: String },
    #[error("mutation {id} carries an invalid refund: {message}")]
    InvalidRefund { id: Uuid, message: String },
    #[error("mutation {id} carries an invalid void: {message}")]
    InvalidVoid { id: Uuid, message: String },
    #[error("mutation {id} carries an invalid exchange: {message}")]
    InvalidExchange { id: Uuid, message: String },
    #[error("mutation {id} carries an invalid cash movement: {message}")]
    InvalidCashMovement { id: Uuid, message: String },
    #[error("mutation {id} carries an invalid return without a receipt: {message}")]
    InvalidUnreceiptedReturn { id: Uuid, message: String },
    #[error("mutation {id} carries an invalid customer: {message}")]
    InvalidCustomer { id: Uuid, message: String },
    /// A refund, void or exchange names a sale the server has not recorded.
    #[error("mutation {id} refers to sale {sale_id}, which the server has not recorded")]
    UnknownSale { id: Uuid, sale_id: Uuid },
    /// A free-text field holds what looks like a card number. The message names the field, never its value.
    #[error(
        "mutation {id} has what looks like a card number in {field}; send only the card terminal's reference"
    )]
    CardNumberInPayload { id: Uuid, field: &'static str },
}

/// The document a mutation carries.
#[derive(Clone, Debug)]
pub enum Document {
    Sale(SaleDocument),
    Refund(Refund),
    Void(Void),
    Exchange(Box<Exchange>),
    CashMovement(CashMovement),
    UnreceiptedReturn(UnreceiptedReturn),
    /// A customer saved at a till: no document, a change beside them (`store/customers.rs`).
    Customer(SaveCustomer),
}

impl Document {
    fn of(body: MutationBody) -> Document {
        match body {
            MutationBody::CompleteSale { sale } => Document::Sale(sale),
            MutationBody::Refund { refund } => Document::Refund(refund),
            MutationBody::Void { void } => Document::Void(void),
            MutationBody::Exchange { exchange } => Document::Exchange(exchange),
            MutationBody::CashMovement { movement } => Document::CashMovement(movement),
            MutationBody::UnreceiptedReturn { unreceipted_return } => {
                Document::UnreceiptedReturn(unreceipted_return)
            }
            MutationBody::SaveCustomer { save } => Document::Customer(save),
        }
    }

    /// The mutation kind, as stored with the mutation (the body's `type` on the wire).
    pub fn kind(&self) -> &'static str {
        match self {
            Document::Sale(_) => "complete_sale",
            Document::Refund(_) => "refund",
            Document::Void(_) => "void",
            Document::Exchange(_) => "exchange",
            Document::CashMovement(_) => "cash_movement",
            Document::UnreceiptedReturn(_) => "unreceipted_return",
            Document::Customer(_) => "save_customer",
        }
    }

    /// The ids of the documents this mutation records, with what each is (an exchange records three).
    pub fn ids(&self) -> Vec<(Uuid, &'static str)> {
        match self {
            Document::Sale(s) => vec![(s.id, "sale")],
            Document::Refund(r) => vec![(r.id, "refund")],
            Document::Void(v) => vec![(v.id, "void")],
            Document::Exchange(x) => vec![
                (x.id, "exchange"),
                (x.returned.id, "refund"),
                (x.sale.id, "sale"),
            ],
            Document::CashMovement(m) => vec![(m.id, "cash movement")],
            Document::UnreceiptedReturn(r) => vec![(r.id, "return without a receipt")],
            // A customer may be saved many times: each save is its mutation, recorded by its mutation id.
            Document::Customer(_) => Vec::new(),
        }
    }

    /// The earlier sale this document refers to (refunds, voids and the return half of an exchange).
    pub fn referenced_sale(&self) -> Option<Uuid> {
        match self {
            Document::Refund(r) => Some(r.sale_id),
            Document::Void(v) => Some(v.sale_id),
            Document::Exchange(x) => Some(x.returned.sale_id),
            Document::Sale(_)
            | Document::CashMovement(_)
            | Document::UnreceiptedReturn(_)
            | Document::Customer(_) => None,
        }
    }

    /// The sale this document records, if any (a completed sale, or the new half of an exchange).
    pub fn sale(&self) -> Option<&SaleDocument> {
        match self {
            Document::Sale(s) => Some(s),
            Document::Exchange(x) => Some(&x.sale),
            _ => None,
        }
    }

    /// The refund this document records, if any (a refund, or the return half of an exchange).
    pub fn refund(&self) -> Option<&Refund> {
        match self {
            Document::Refund(r) => Some(r),
            Document::Exchange(x) => Some(&x.returned),
            _ => None,
        }
    }
}

/// A mutation ready for the store: its canonical hash, its document, and whether that passed its own checks.
///
/// Validation is decided here but only enforced by the store when the mutation is new, in batch order,
/// so that a replay, a conflict or a gap earlier in the batch is reported first.
#[derive(Clone, Debug)]
pub struct PreparedMutation {
    pub id: Uuid,
    pub seq: u64,
    /// Lowercase hex SHA-256 of `serde_json::to_vec(&body)`.
    pub body_hash: String,
    pub document: Document,
    /// `Err(message)` when the document must not be applied.
    pub validity: Result<(), String>,
}

impl PreparedMutation {
    pub fn kind(&self) -> &'static str {
        self.document.kind()
    }

    /// The refusal for this mutation's document with `message`, by the document's kind.
    pub fn invalid(&self, message: String) -> PushRejection {
        let id = self.id;
        match self.document {
            Document::Sale(_) => PushRejection::InvalidSale { id, message },
            Document::Refund(_) => PushRejection::InvalidRefund { id, message },
            Document::Void(_) => PushRejection::InvalidVoid { id, message },
            Document::Exchange(_) => PushRejection::InvalidExchange { id, message },
            Document::CashMovement(_) => PushRejection::InvalidCashMovement { id, message },
            Document::UnreceiptedReturn(_) => {
                PushRejection::InvalidUnreceiptedReturn { id, message }
            }
            Document::Customer(_) => PushRejection::InvalidCustomer { id, message },
        }
    }
}

/// A whole push, prepared.
#[derive(Clone, Debug)]
pub struct PushBatch {
    pub device_id: Uuid,
    pub mutations: Vec<PreparedMutation>,
    /// When the server received it (from the app's clock): the time the store writes for it.
    pub received_at: DateTime<Utc>,
}

/// The canonical JSON of a mutation body. Serialising these plain data types cannot fail; should it ever, the
/// error text still yields stable bytes that cannot collide with a real body.
fn canonical_bytes(body: &MutationBody) -> Vec<u8> {
    serde_json::to_vec(body).unwrap_or_else(|e| format!("unserialisable: {e}").into_bytes())
}

/// The SHA-256 of a mutation body's canonical JSON, as lowercase hex.
pub fn body_hash(body: &MutationBody) -> String {
    hex::encode(Sha256::digest(canonical_bytes(body)))
}

/// [`prepare_at`] now, by the system clock (for callers without an app state: tests, benchmarks).
pub fn prepare(request: PushRequest) -> Result<PushBatch, PushRejection> {
    prepare_at(request, Clock::system().now())
}

/// Check the batch size, refuse card numbers anywhere in the batch, and prepare every mutation of a push
/// received at `received_at`.
pub fn prepare_at(
    request: PushRequest,
    received_at: DateTime<Utc>,
) -> Result<PushBatch, PushRejection> {
    let count = request.mutations.len();
    if count > MAX_PUSH_MUTATIONS {
        return Err(PushRejection::TooManyMutations {
            count,
            max: MAX_PUSH_MUTATIONS,
        });
    }
    for m in &request.mutations {
        if let Some(field) = card_number_field(&m.body) {
            return Err(PushRejection::CardNumberInPayload { id: m.id, field });
        }
    }
    let device_id = request.device_id;
    let mutations = request
        .mutations
        .into_iter()
        .map(|m| prepare_one(device_id, m))
        .collect();
    Ok(PushBatch {
        device_id,
        mutations,
        received_at,
    })
}

fn prepare_one(device_id: Uuid, mutation: Mutation) -> PreparedMutation {
    let bytes = canonical_bytes(&mutation.body);
    let body_hash = hex::encode(Sha256::digest(&bytes));
    let document = Document::of(mutation.body);
    let validity = validate::validity(device_id, &document, &bytes);
    PreparedMutation {
        id: mutation.id,
        seq: mutation.seq,
        body_hash,
        document,
        validity,
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::sale;
    use super::*;
    use shared::tender::Payment;
    use shared::Decimal;

    fn request(device: Uuid, sale: SaleDocument, count: usize) -> PushRequest {
        PushRequest {
            device_id: device,
            mutations: (0..count)
                .map(|i| Mutation {
                    id: Uuid::from_u128(i as u128 + 1),
                    seq: i as u64 + 1,
                    body: MutationBody::CompleteSale { sale: sale.clone() },
                })
                .collect(),
        }
    }

    #[test]
    fn hash_is_stable_and_sensitive_to_the_body() {
        let device = Uuid::from_u128(1);
        let a = MutationBody::CompleteSale {
            sale: sale(device, 7),
        };
        let mut other = sale(device, 7);
        other.receipt_no = "R-2".into();
        let b = MutationBody::CompleteSale { sale: other };
        assert_eq!(body_hash(&a), body_hash(&a.clone()));
        assert_ne!(body_hash(&a), body_hash(&b));
        assert_eq!(body_hash(&a).len(), 64);
    }

    /// A body pushed before documents carried staff stamps (e.g. still in a terminal's outbox) has the hash it
    /// had then: the SHA-256 of its own bytes, pinned here, so a replay of it is still a replay.
    #[test]
    fn a_body_from_before_stamps_keeps_its_hash() {
        let old = r#"{"type":"refund","refund":{"id":"00000000-0000-0000-0000-0000000000c8","device_id":"00000000-0000-0000-0000-000000000001","receipt_no":"R-200","created_at":"2026-01-02T03:04:05Z","sale_id":"00000000-0000-0000-0000-000000000064","reason":"damaged","lines":[],"taxes":[],"net":"0","tax":"0","total":"0","payouts":[],"rounding":"0"}}"#;
        let body: MutationBody = serde_json::from_str(old).expect("an old body parses");
        let MutationBody::Refund { refund } = &body else {
            panic!("a refund");
        };
        assert_eq!((&refund.cashier, &refund.approval), (&None, &None));
        assert_eq!(
            body_hash(&body),
            hex::encode(Sha256::digest(old.as_bytes()))
        );
        assert_eq!(
            body_hash(&body),
            "5be6575ed4233ebfaf13483a9b95615781baa205f62e6c7e7eb50930d3183590"
        );
    }

    #[test]
    fn valid_sale_from_the_right_device_passes() {
        let device = Uuid::from_u128(1);
        let batch = prepare(request(device, sale(device, 7), 1)).expect("small batch");
        assert_eq!(batch.mutations[0].validity, Ok(()));
        assert_eq!(batch.mutations[0].kind(), "complete_sale");
    }

    #[test]
    fn a_nul_character_in_any_text_makes_the_sale_invalid() {
        let device = Uuid::from_u128(1);
        let mut bad = sale(device, 7);
        bad.priced.lines[0].name = "Bad\0Name".into();
        let batch = prepare(request(device, bad, 1)).expect("small batch");
        let message = batch.mutations[0].validity.clone().expect_err("invalid");
        assert!(message.contains("NUL"), "{message}");
        // An escaped backslash followed by "u0000" is text, not a NUL character.
        let mut fine = sale(device, 7);
        fine.priced.lines[0].name = "Back\\u0000slash".into();
        let batch = prepare(request(device, fine, 1)).expect("small batch");
        assert_eq!(batch.mutations[0].validity, Ok(()));
    }

    #[test]
    fn sale_of_another_device_or_with_wrong_totals_is_invalid() {
        let device = Uuid::from_u128(1);
        let foreign = prepare(request(device, sale(Uuid::from_u128(2), 7), 1)).expect("batch");
        assert!(foreign.mutations[0].validity.is_err());
        let mut bad = sale(device, 7);
        bad.priced.total += Decimal::ONE;
        let tampered = prepare(request(device, bad, 1)).expect("small batch");
        assert!(tampered.mutations[0].validity.is_err());
    }

    #[test]
    fn a_card_number_in_a_reference_refuses_the_batch_without_echoing_it() {
        let device = Uuid::from_u128(1);
        let mut with_pan = sale(device, 7);
        with_pan.payments = vec![Payment::Card {
            amount: with_pan.priced.total,
            reference: "4111 1111 1111 1111".into(),
        }];
        let err = prepare(request(device, with_pan, 1)).expect_err("card number");
        assert!(matches!(
            err,
            PushRejection::CardNumberInPayload {
                field: "payments.reference",
                ..
            }
        ));
        assert!(!err.to_string().contains("1111"), "{err}");
    }

    #[test]
    fn oversized_batch_is_refused() {
        let device = Uuid::from_u128(1);
        let err = prepare(request(device, sale(device, 7), MAX_PUSH_MUTATIONS + 1))
            .expect_err("too many");
        assert!(matches!(err, PushRejection::TooManyMutations { .. }));
    }
}
