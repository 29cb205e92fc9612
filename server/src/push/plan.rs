//! The push rules, written once for every store: replay, conflict, gap, invalid document, and documents that
//! refer to earlier sales, decided in batch order; plus the balance effects of what is accepted.
//!
//! A store locks the device, reads what it already holds for the batch ([`Known`]: the device's last sequence,
//! the batch's mutation ids and document ids that are already recorded, and the sales the batch's refunds,
//! voids and exchanges refer to, with their refunds and voids), and asks [`plan`] which mutations are new.
//! The plan walks the batch exactly as a one-by-one application would, so duplicates inside one batch behave as
//! if the earlier copy had already been written, and a refund may follow its sale in the same batch. The store
//! then writes the new mutations (in bulk if it can), settles the balance effects (`effects`), and sets the
//! device's last sequence, all in the same transaction.

use super::effects::{self, Effect};
use super::references::{self, History};
use super::{Document, PreparedMutation, PushBatch, PushRejection};
use shared::document::{Refund, SaleDocument};
use shared::policy::StorePolicy;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// A mutation the store has already applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppliedMutation {
    pub device_id: Uuid,
    pub body_hash: String,
}

/// What the store holds that bears on a batch, read inside the push transaction with the device locked.
#[derive(Clone, Debug, Default)]
pub struct Known {
    /// The device's last applied sequence (0 if it never pushed).
    pub last_seq: u64,
    /// Already applied mutations among the batch's mutation ids ([`PushBatch::mutation_ids`]).
    pub mutations: HashMap<Uuid, AppliedMutation>,
    /// Already recorded documents among the batch's document ids ([`PushBatch::document_ids`]): document id →
    /// the mutation that recorded it.
    pub documents: HashMap<Uuid, Uuid>,
    /// The recorded sales among [`PushBatch::referenced_sale_ids`] (a missing one is unknown).
    pub sales: HashMap<Uuid, SaleDocument>,
    /// Their refunds (exchange returns included), by sale id, in any order.
    pub refunds: HashMap<Uuid, Vec<Refund>>,
    /// Those of them that are voided.
    pub voided: HashSet<Uuid>,
    /// The store's policy, for rebuilding refunds (read only when the batch refers to sales).
    pub policy: StorePolicy,
}

/// What to write for an accepted batch.
#[derive(Debug)]
pub struct Plan<'a> {
    /// The mutations to apply, in sequence order (replays left out).
    pub new: Vec<&'a PreparedMutation>,
    /// The device's last applied sequence once the new mutations are written.
    pub last_seq: u64,
    /// The balance effects of the new mutations, in order (settled with [`effects::settle`]).
    pub effects: Vec<Effect>,
}

impl PushBatch {
    /// The ids of the batch's mutations, each once (for the store's lookup of applied mutations).
    pub fn mutation_ids(&self) -> Vec<Uuid> {
        unique(self.mutations.iter().map(|m| m.id))
    }

    /// The ids of the documents the batch records, each once (for the store's lookup of recorded documents).
    pub fn document_ids(&self) -> Vec<Uuid> {
        unique(
            self.mutations
                .iter()
                .flat_map(|m| m.document.ids().into_iter().map(|(id, _)| id)),
        )
    }

    /// The ids of the earlier sales the batch's refunds, voids and exchanges refer to, each once.
    pub fn referenced_sale_ids(&self) -> Vec<Uuid> {
        unique(
            self.mutations
                .iter()
                .filter_map(|m| m.document.referenced_sale()),
        )
    }
}

fn unique(ids: impl Iterator<Item = Uuid>) -> Vec<Uuid> {
    let mut ids: Vec<Uuid> = ids.collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Decide the batch against what is known. Any refusal refuses the whole batch.
///
/// In batch order, for each mutation: an id applied before is a replay if it came from the same device with the
/// same body hash, otherwise a conflict; a new id must carry the next sequence (else a gap naming the expected
/// one), a valid document, document ids not recorded by another mutation, and pass the checks against the sale
/// it refers to (`references`).
pub fn plan(batch: &PushBatch, known: Known) -> Result<Plan<'_>, PushRejection> {
    let Known {
        mut last_seq,
        mut mutations,
        mut documents,
        sales: recorded_sales,
        mut refunds,
        mut voided,
        policy,
    } = known;
    let mut sales: HashMap<Uuid, &SaleDocument> =
        recorded_sales.iter().map(|(id, s)| (*id, s)).collect();
    let mut new = Vec::new();
    let mut effects = Vec::new();
    for m in &batch.mutations {
        let conflict = |reason: String| PushRejection::MutationConflict { id: m.id, reason };
        if let Some(applied) = mutations.get(&m.id) {
            if applied.device_id != batch.device_id {
                let reason = format!("it was applied for device {}", applied.device_id);
                return Err(conflict(reason));
            }
            if applied.body_hash != m.body_hash {
                return Err(conflict("it was applied with a different body".into()));
            }
            continue; // A replay: already applied, nothing to do.
        }
        let expected = last_seq.saturating_add(1);
        if m.seq != expected {
            return Err(PushRejection::SequenceGap {
                id: m.id,
                got: m.seq,
                expected,
            });
        }
        if let Err(message) = &m.validity {
            return Err(m.invalid(message.clone()));
        }
        let ids = m.document.ids();
        for (doc_id, what) in &ids {
            if let Some(other) = documents.get(doc_id) {
                let reason = format!("{what} {doc_id} was already recorded by mutation {other}");
                return Err(conflict(reason));
            }
        }
        let history = History {
            sales: &sales,
            refunds: &refunds,
            voided: &voided,
            policy: &policy,
        };
        references::check(m, &history)?;
        effects_of(m, &sales, &mut effects);

        mutations.insert(
            m.id,
            AppliedMutation {
                device_id: batch.device_id,
                body_hash: m.body_hash.clone(),
            },
        );
        for (doc_id, _) in ids {
            documents.insert(doc_id, m.id);
        }
        if let Some(sale) = m.document.sale() {
            sales.insert(sale.id, sale);
        }
        if let Some(refund) = m.document.refund() {
            refunds
                .entry(refund.sale_id)
                .or_default()
                .push(refund.clone());
        }
        if let Document::Void(void) = &m.document {
            voided.insert(void.sale_id);
        }
        new.push(m);
        last_seq = m.seq;
    }
    Ok(Plan {
        new,
        last_seq,
        effects,
    })
}

/// The balance effects of an accepted mutation (a void's are those of the sale it cancels).
fn effects_of(m: &PreparedMutation, sales: &HashMap<Uuid, &SaleDocument>, out: &mut Vec<Effect>) {
    match &m.document {
        Document::Sale(sale) => effects::of_sale(m.id, sale, out),
        Document::Refund(refund) => effects::of_refund(m.id, refund, out),
        Document::Void(void) => {
            if let Some(sale) = sales.get(&void.sale_id) {
                effects::of_void(m.id, sale, out);
            }
        }
        Document::Exchange(x) => {
            effects::of_refund(m.id, &x.returned, out);
            effects::of_sale(m.id, &x.sale, out);
        }
        Document::CashMovement(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::push::test_support::{prepared, prepared_body, refund, sale};
    use shared::sync::MutationBody;

    fn batch(device: Uuid, mutations: Vec<PreparedMutation>) -> PushBatch {
        PushBatch {
            device_id: device,
            mutations,
        }
    }

    fn seqs(plan: &Plan<'_>) -> Vec<u64> {
        plan.new.iter().map(|m| m.seq).collect()
    }

    #[test]
    fn new_mutations_in_order_are_planned() {
        let device = Uuid::from_u128(1);
        let b = batch(
            device,
            vec![
                prepared(10, 1, sale(device, 100)),
                prepared(11, 2, sale(device, 101)),
            ],
        );
        let plan = plan(&b, Known::default()).expect("accepted");
        assert_eq!((seqs(&plan), plan.last_seq), (vec![1, 2], 2));
    }

    #[test]
    fn replays_are_skipped_and_a_replay_only_batch_answers_the_last_sequence() {
        let device = Uuid::from_u128(1);
        let first = prepared(10, 1, sale(device, 100));
        let mut known = Known {
            last_seq: 5,
            ..Known::default()
        };
        known.mutations.insert(
            first.id,
            AppliedMutation {
                device_id: device,
                body_hash: first.body_hash.clone(),
            },
        );
        let b = batch(
            device,
            vec![first.clone(), prepared(11, 6, sale(device, 101))],
        );
        let plan_ = plan(&b, known.clone()).expect("accepted");
        assert_eq!((seqs(&plan_), plan_.last_seq), (vec![6], 6));
        let only = batch(device, vec![first]);
        let plan_ = plan(&only, known).expect("accepted");
        assert_eq!((seqs(&plan_), plan_.last_seq), (vec![], 5));
    }

    #[test]
    fn same_id_with_another_body_or_device_conflicts() {
        let device = Uuid::from_u128(1);
        let m = prepared(10, 1, sale(device, 100));
        let mut known = Known::default();
        known.mutations.insert(
            m.id,
            AppliedMutation {
                device_id: device,
                body_hash: "other".into(),
            },
        );
        let err = plan(&batch(device, vec![m.clone()]), known).expect_err("conflict");
        assert!(
            matches!(err, PushRejection::MutationConflict { .. }),
            "{err}"
        );
        let mut known = Known::default();
        known.mutations.insert(
            m.id,
            AppliedMutation {
                device_id: Uuid::from_u128(2),
                body_hash: m.body_hash.clone(),
            },
        );
        let err = plan(&batch(device, vec![m]), known).expect_err("conflict");
        assert!(err.to_string().contains("applied for device"), "{err}");
    }

    #[test]
    fn a_gap_names_the_expected_sequence() {
        let device = Uuid::from_u128(1);
        let b = batch(
            device,
            vec![
                prepared(10, 1, sale(device, 100)),
                prepared(11, 3, sale(device, 101)),
            ],
        );
        let err = plan(&b, Known::default()).expect_err("gap");
        assert_eq!(
            err,
            PushRejection::SequenceGap {
                id: Uuid::from_u128(11),
                got: 3,
                expected: 2
            }
        );
    }

    #[test]
    fn an_invalid_sale_is_refused_only_after_earlier_rules() {
        let device = Uuid::from_u128(1);
        let mut bad = prepared(10, 2, sale(device, 100));
        bad.validity = Err("broken".into());
        // Wrong sequence and invalid: the gap is reported first.
        let err = plan(&batch(device, vec![bad.clone()]), Known::default()).expect_err("gap");
        assert!(matches!(err, PushRejection::SequenceGap { .. }), "{err}");
        bad.seq = 1;
        let err = plan(&batch(device, vec![bad]), Known::default()).expect_err("invalid");
        assert!(matches!(err, PushRejection::InvalidSale { .. }), "{err}");
    }

    #[test]
    fn duplicates_inside_one_batch_behave_as_if_written_one_by_one() {
        let device = Uuid::from_u128(1);
        let m = prepared(10, 1, sale(device, 100));
        // The same mutation twice: the second copy is a replay of the first.
        let twice = batch(device, vec![m.clone(), m.clone()]);
        let plan_ = plan(&twice, Known::default()).expect("ok");
        assert_eq!((seqs(&plan_), plan_.last_seq), (vec![1], 1));
        // The same id with another body: a conflict.
        let mut other = prepared(10, 2, sale(device, 101));
        other.body_hash = "different".into();
        let err =
            plan(&batch(device, vec![m.clone(), other]), Known::default()).expect_err("conflict");
        assert!(
            matches!(err, PushRejection::MutationConflict { .. }),
            "{err}"
        );
        // Two mutations carrying one sale: the second is a conflict.
        let twin = prepared(11, 2, sale(device, 100));
        let err = plan(&batch(device, vec![m, twin]), Known::default()).expect_err("conflict");
        assert!(err.to_string().contains("already recorded"), "{err}");
    }

    #[test]
    fn a_sale_recorded_by_another_mutation_conflicts() {
        let device = Uuid::from_u128(1);
        let m = prepared(10, 1, sale(device, 100));
        let mut known = Known::default();
        known
            .documents
            .insert(Uuid::from_u128(100), Uuid::from_u128(99));
        let err = plan(&batch(device, vec![m]), known).expect_err("conflict");
        assert!(
            matches!(err, PushRejection::MutationConflict { .. }),
            "{err}"
        );
    }

    #[test]
    fn lookup_ids_are_unique() {
        let device = Uuid::from_u128(1);
        let m = prepared(10, 1, sale(device, 100));
        let b = batch(device, vec![m.clone(), m]);
        assert_eq!(b.mutation_ids(), vec![Uuid::from_u128(10)]);
        assert_eq!(b.document_ids(), vec![Uuid::from_u128(100)]);
    }

    fn refund_of(id: u128, seq: u64, r: shared::document::Refund) -> PreparedMutation {
        let device = r.device_id;
        prepared_body(id, seq, device, MutationBody::Refund { refund: r })
    }

    #[test]
    fn a_refund_may_follow_its_sale_in_the_same_batch_and_may_not_over_refund() {
        let device = Uuid::from_u128(1);
        let s = sale(device, 100);
        let first = refund(&s, 200, &[]);
        let second = refund(&s, 201, std::slice::from_ref(&first));
        let b = batch(
            device,
            vec![
                prepared(10, 1, s.clone()),
                refund_of(11, 2, first.clone()),
                refund_of(12, 3, second.clone()),
            ],
        );
        let plan_ = plan(&b, Known::default()).expect("accepted");
        assert_eq!(seqs(&plan_), vec![1, 2, 3]);
        // A third refund made where only the first was known: nothing is left to refund.
        let b = batch(
            device,
            vec![
                prepared(10, 1, s.clone()),
                refund_of(11, 2, first.clone()),
                refund_of(12, 3, second),
                refund_of(13, 4, refund(&s, 204, &[first])),
            ],
        );
        let err = plan(&b, Known::default()).expect_err("over-refund");
        assert!(matches!(err, PushRejection::InvalidRefund { .. }), "{err}");
    }

    #[test]
    fn a_refund_or_void_of_an_unknown_sale_is_refused_and_a_refunded_sale_cannot_be_voided() {
        let device = Uuid::from_u128(1);
        let s = sale(device, 100);
        let r = refund(&s, 200, &[]);
        let err = plan(
            &batch(device, vec![refund_of(11, 1, r.clone())]),
            Known::default(),
        )
        .expect_err("unknown");
        assert!(
            matches!(err, PushRejection::UnknownSale { sale_id, .. } if sale_id == s.id),
            "{err}"
        );
        let mut known = Known::default();
        known.sales.insert(s.id, s.clone());
        known.refunds.insert(s.id, vec![r]);
        let header = shared::sale::SaleHeader {
            id: Uuid::from_u128(300),
            device_id: device,
            receipt_no: "V-1".into(),
            created_at: s.created_at,
        };
        let void = shared::document::Void::create(header, &s, &[], "mistake").expect("void");
        let m = prepared_body(12, 1, device, MutationBody::Void { void });
        let err = plan(&batch(device, vec![m]), known).expect_err("refunded");
        assert!(matches!(err, PushRejection::InvalidVoid { .. }), "{err}");
    }
}
