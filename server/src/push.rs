//! Push rules that need no database: batch size, canonical body hashes, and sale validation.
//!
//! The store applies a batch mutation by mutation; this module prepares each mutation so the store only has
//! to compare hashes and sequences, and names every way a push can be refused.

use crate::card_numbers::card_number_field;
use sha2::{Digest, Sha256};
use shared::sale::Sale;
use shared::sync::{Mutation, MutationBody, PushRequest, MAX_PUSH_MUTATIONS};
use thiserror::Error;
use uuid::Uuid;

// The rules that decide a batch against what a store already holds, written once for every store.
mod plan;
#[cfg(test)]
mod test_support;
pub use plan::{plan, AppliedMutation, Known, Plan};

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
    /// A free-text field holds what looks like a card number. The message names the field, never its value.
    #[error(
        "mutation {id} has what looks like a card number in {field}; send only the card terminal's reference"
    )]
    CardNumberInPayload { id: Uuid, field: &'static str },
}

/// A mutation ready for the store: its canonical hash, and whether its sale passed validation.
///
/// Validation is decided here but only enforced by the store when the mutation is new, in batch order,
/// so that a replay, a conflict or a gap earlier in the batch is reported first.
#[derive(Clone, Debug)]
pub struct PreparedMutation {
    pub id: Uuid,
    pub seq: u64,
    /// Lowercase hex SHA-256 of `serde_json::to_vec(&body)`.
    pub body_hash: String,
    pub kind: &'static str,
    pub sale: Sale,
    /// `Err(message)` when the sale must not be applied.
    pub validity: Result<(), String>,
}

/// A whole push, prepared.
#[derive(Clone, Debug)]
pub struct PushBatch {
    pub device_id: Uuid,
    pub mutations: Vec<PreparedMutation>,
}

/// The SHA-256 of a mutation body's canonical JSON, as lowercase hex.
pub fn body_hash(body: &MutationBody) -> String {
    // Serialising these plain data types cannot fail; should it ever, hashing the error text still yields a
    // stable value that cannot collide with a real body.
    let bytes =
        serde_json::to_vec(body).unwrap_or_else(|e| format!("unserialisable: {e}").into_bytes());
    hex::encode(Sha256::digest(&bytes))
}

/// Check the batch size, refuse card numbers anywhere in the batch, and prepare every mutation.
pub fn prepare(request: PushRequest) -> Result<PushBatch, PushRejection> {
    let count = request.mutations.len();
    if count > MAX_PUSH_MUTATIONS {
        return Err(PushRejection::TooManyMutations {
            count,
            max: MAX_PUSH_MUTATIONS,
        });
    }
    for m in &request.mutations {
        let MutationBody::CompleteSale { sale } = &m.body;
        if let Some(field) = card_number_field(sale) {
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
    })
}

fn prepare_one(device_id: Uuid, mutation: Mutation) -> PreparedMutation {
    let body_hash = body_hash(&mutation.body);
    match mutation.body {
        MutationBody::CompleteSale { sale } => {
            let validity = validate_sale(device_id, &sale);
            PreparedMutation {
                id: mutation.id,
                seq: mutation.seq,
                body_hash,
                kind: "complete_sale",
                sale,
                validity,
            }
        }
    }
}

fn validate_sale(device_id: Uuid, sale: &Sale) -> Result<(), String> {
    if sale.device_id != device_id {
        return Err(format!(
            "the sale belongs to device {}, but the push comes from device {device_id}",
            sale.device_id
        ));
    }
    // Every store must be able to keep every text as received; PostgreSQL cannot store U+0000 in text.
    if sale_texts(sale).any(|t| t.contains('\0')) {
        return Err("text fields must not contain the NUL character (U+0000)".into());
    }
    sale.verify().map_err(|e| e.to_string())
}

/// Every free text of a sale document.
fn sale_texts(sale: &Sale) -> impl Iterator<Item = &str> {
    let header = [sale.receipt_no.as_str(), sale.currency.code.as_str()];
    let lines = sale.lines.iter().flat_map(|l| {
        [
            l.product_id.as_str(),
            l.sku.as_str(),
            l.name.as_str(),
            l.tax_rate_id.as_str(),
            l.tax_name.as_str(),
        ]
    });
    let taxes = sale
        .taxes
        .iter()
        .flat_map(|t| [t.rate_id.as_str(), t.name.as_str()]);
    let tenders = sale.tenders.iter().filter_map(|t| match t {
        shared::sale::Tender::Card { reference, .. } => Some(reference.as_str()),
        shared::sale::Tender::Cash { .. } => None,
    });
    header.into_iter().chain(lines).chain(taxes).chain(tenders)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use shared::cart::Cart;
    use shared::catalog::{Product, StoreSettings, TaxRate};
    use shared::sale::{SaleHeader, Tender};
    use shared::Decimal;

    fn sale(device_id: Uuid) -> Sale {
        let rates = vec![TaxRate {
            id: "std".into(),
            name: "VAT 19%".into(),
            percent: Decimal::from(19),
        }];
        let product = Product {
            id: "p".into(),
            sku: "p".into(),
            name: "P".into(),
            barcode: None,
            category_id: "c".into(),
            price: Decimal::new(199, 2),
            tax_rate_id: "std".into(),
            active: true,
            version: 1,
        };
        let mut cart = Cart::default();
        cart.add(&product, &rates).expect("known rate");
        let header = SaleHeader {
            id: Uuid::from_u128(7),
            device_id,
            receipt_no: "R-1".into(),
            created_at: Utc
                .with_ymd_and_hms(2026, 1, 2, 3, 4, 5)
                .single()
                .expect("valid date"),
        };
        let tenders = vec![Tender::Cash {
            amount: Decimal::new(500, 2),
        }];
        Sale::complete(header, &cart, &StoreSettings::default(), tenders).expect("valid sale")
    }

    fn request(device: Uuid, sale: Sale, count: usize) -> PushRequest {
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
        let a = MutationBody::CompleteSale { sale: sale(device) };
        let mut other = sale(device);
        other.receipt_no = "R-2".into();
        let b = MutationBody::CompleteSale { sale: other };
        assert_eq!(body_hash(&a), body_hash(&a.clone()));
        assert_ne!(body_hash(&a), body_hash(&b));
        assert_eq!(body_hash(&a).len(), 64);
    }

    #[test]
    fn valid_sale_from_the_right_device_passes() {
        let device = Uuid::from_u128(1);
        let batch = prepare(request(device, sale(device), 1)).expect("small batch");
        assert_eq!(batch.mutations[0].validity, Ok(()));
        assert_eq!(batch.mutations[0].kind, "complete_sale");
    }

    #[test]
    fn a_nul_character_in_any_text_makes_the_sale_invalid() {
        let device = Uuid::from_u128(1);
        let mut bad = sale(device);
        bad.lines[0].name = "Bad\0Name".into();
        let batch = prepare(request(device, bad, 1)).expect("small batch");
        let message = batch.mutations[0].validity.clone().expect_err("invalid");
        assert!(message.contains("NUL"), "{message}");
    }

    #[test]
    fn sale_of_another_device_or_with_wrong_totals_is_invalid() {
        let device = Uuid::from_u128(1);
        let foreign = prepare(request(device, sale(Uuid::from_u128(2)), 1)).expect("small batch");
        assert!(foreign.mutations[0].validity.is_err());
        let mut bad = sale(device);
        bad.total += Decimal::ONE;
        let tampered = prepare(request(device, bad, 1)).expect("small batch");
        assert!(tampered.mutations[0].validity.is_err());
    }

    #[test]
    fn a_card_number_in_a_reference_refuses_the_batch_without_echoing_it() {
        let device = Uuid::from_u128(1);
        let mut with_pan = sale(device);
        with_pan.tenders = vec![Tender::Card {
            amount: with_pan.total,
            reference: "4111 1111 1111 1111".into(),
        }];
        with_pan.change = Decimal::ZERO;
        let err = prepare(request(device, with_pan, 1)).expect_err("card number");
        assert!(matches!(
            err,
            PushRejection::CardNumberInPayload {
                field: "tenders.reference",
                ..
            }
        ));
        assert!(!err.to_string().contains("1111"), "{err}");
    }

    #[test]
    fn oversized_batch_is_refused() {
        let device = Uuid::from_u128(1);
        let err =
            prepare(request(device, sale(device), MAX_PUSH_MUTATIONS + 1)).expect_err("too many");
        assert!(matches!(err, PushRejection::TooManyMutations { .. }));
    }
}
