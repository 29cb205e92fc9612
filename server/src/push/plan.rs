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
use super::stock::{self, StockMove};
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
    /// The first store's policy, for rebuilding refunds of sales whose device is not in `device_policies`
    /// (read only when the batch refers to sales).
    pub policy: StorePolicy,
    /// The policy of each device's store, for the devices of the referenced sales and of the batches: a
    /// refund is rebuilt with the policy of its sale's device's store.
    pub device_policies: HashMap<Uuid, StorePolicy>,
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
    /// The stock movements of the new mutations, in order (written at the device's selling location).
    pub stock: Vec<StockMove>,
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
    let last_seq = known.last_seq;
    let (mut walk, recorded) = Walk::split(known);
    walk.batch(batch, last_seq, &recorded)
}

/// Decide several batches (of any devices) in order, as if each were applied in its own transaction right after
/// the previous ones: a batch sees what the accepted batches before it recorded, and a refused batch leaves no
/// trace for those after it. `known` covers every batch (the union of their ids and referenced sales); its
/// `last_seq` is not used: each device's last sequence is in `last_seqs` (absent: 0).
pub fn plan_group<'b>(
    batches: &'b [PushBatch],
    last_seqs: &HashMap<Uuid, u64>,
    known: Known,
) -> Vec<Result<Plan<'b>, PushRejection>> {
    let (mut walk, recorded) = Walk::split(known);
    let mut seqs = last_seqs.clone();
    batches
        .iter()
        .map(|b| {
            let last = seqs.get(&b.device_id).copied().unwrap_or(0);
            let planned = walk.batch(b, last, &recorded);
            if let Ok(p) = &planned {
                seqs.insert(b.device_id, p.last_seq);
            }
            planned
        })
        .collect()
}

/// The recorded sales a walk refers to, and the policy (owned here, borrowed by the walk's decisions).
struct Recorded {
    sales: HashMap<Uuid, SaleDocument>,
    policy: StorePolicy,
    device_policies: HashMap<Uuid, StorePolicy>,
}

impl Recorded {
    /// The policy `device`'s store prices with.
    fn policy_of(&self, device: Uuid) -> &StorePolicy {
        self.device_policies.get(&device).unwrap_or(&self.policy)
    }
}

/// What the rules look at while walking batches: what the store holds plus what accepted mutations added.
struct Walk<'a> {
    mutations: HashMap<Uuid, AppliedMutation>,
    documents: HashMap<Uuid, Uuid>,
    /// Sales accepted during the walk (the recorded ones are in [`Recorded`]).
    sales: HashMap<Uuid, &'a SaleDocument>,
    refunds: HashMap<Uuid, Vec<Refund>>,
    voided: HashSet<Uuid>,
}

impl<'a> Walk<'a> {
    fn split(known: Known) -> (Walk<'a>, Recorded) {
        let Known {
            mutations,
            documents,
            sales,
            refunds,
            voided,
            policy,
            device_policies,
            ..
        } = known;
        let walk = Walk {
            mutations,
            documents,
            sales: HashMap::new(),
            refunds,
            voided,
        };
        (
            walk,
            Recorded {
                sales,
                policy,
                device_policies,
            },
        )
    }

    /// Walk one batch from the device's `last_seq`; on refusal, undo what it added.
    fn batch<'b: 'a>(
        &mut self,
        batch: &'b PushBatch,
        last_seq: u64,
        recorded: &'a Recorded,
    ) -> Result<Plan<'b>, PushRejection> {
        let mut new = Vec::new();
        let mut effects = Vec::new();
        let mut moves = Vec::new();
        let out = (&mut effects, &mut moves);
        match self.mutations_of(batch, last_seq, recorded, &mut new, out) {
            Ok(last_seq) => Ok(Plan {
                new,
                last_seq,
                effects,
                stock: moves,
            }),
            Err(refusal) => {
                self.undo(&new);
                Err(refusal)
            }
        }
    }

    /// The rules, mutation by mutation; accepted ones go to `new` and are recorded in the walk.
    fn mutations_of<'b: 'a>(
        &mut self,
        batch: &'b PushBatch,
        mut last_seq: u64,
        recorded: &'a Recorded,
        new: &mut Vec<&'b PreparedMutation>,
        (effects, moves): (&mut Vec<Effect>, &mut Vec<StockMove>),
    ) -> Result<u64, PushRejection> {
        for m in &batch.mutations {
            let conflict = |reason: String| PushRejection::MutationConflict { id: m.id, reason };
            if let Some(applied) = self.mutations.get(&m.id) {
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
                if let Some(other) = self.documents.get(doc_id) {
                    let reason =
                        format!("{what} {doc_id} was already recorded by mutation {other}");
                    return Err(conflict(reason));
                }
            }
            // The rules only look at the sale this mutation refers to (recorded, or accepted in this walk).
            let mut sales: HashMap<Uuid, &SaleDocument> = HashMap::new();
            let mut policy = &recorded.policy;
            if let Some(id) = m.document.referenced_sale() {
                let found = self.sales.get(&id).copied();
                if let Some(sale) = found.or_else(|| recorded.sales.get(&id)) {
                    sales.insert(id, sale);
                    policy = recorded.policy_of(sale.device_id);
                }
            }
            let history = History {
                sales: &sales,
                refunds: &self.refunds,
                voided: &self.voided,
                policy,
            };
            references::check(m, &history)?;
            effects_of(m, &sales, &self.refunds, effects);
            stock::of(&m.document, &sales, moves);

            self.mutations.insert(
                m.id,
                AppliedMutation {
                    device_id: batch.device_id,
                    body_hash: m.body_hash.clone(),
                },
            );
            for (doc_id, _) in ids {
                self.documents.insert(doc_id, m.id);
            }
            if let Some(sale) = m.document.sale() {
                self.sales.insert(sale.id, sale);
            }
            if let Some(refund) = m.document.refund() {
                self.refunds
                    .entry(refund.sale_id)
                    .or_default()
                    .push(refund.clone());
            }
            if let Document::Void(void) = &m.document {
                self.voided.insert(void.sale_id);
            }
            new.push(m);
            last_seq = m.seq;
        }
        Ok(last_seq)
    }

    /// Take back what the accepted mutations of a refused batch added, newest first.
    fn undo(&mut self, new: &[&PreparedMutation]) {
        for m in new.iter().rev() {
            self.mutations.remove(&m.id);
            for (doc_id, _) in m.document.ids() {
                self.documents.remove(&doc_id);
            }
            if let Some(sale) = m.document.sale() {
                self.sales.remove(&sale.id);
            }
            if let Some(refund) = m.document.refund() {
                if let Some(list) = self.refunds.get_mut(&refund.sale_id) {
                    list.pop();
                }
            }
            if let Document::Void(void) = &m.document {
                self.voided.remove(&void.sale_id);
            }
        }
    }
}

/// The balance effects of an accepted mutation (a void's are those of the sale it cancels); `refunds` are the
/// refunds accepted before it, by sale.
fn effects_of(
    m: &PreparedMutation,
    sales: &HashMap<Uuid, &SaleDocument>,
    refunds: &HashMap<Uuid, Vec<Refund>>,
    out: &mut Vec<Effect>,
) {
    let refund = |r: &Refund, out: &mut Vec<Effect>| {
        let sale = sales.get(&r.sale_id).copied();
        let earlier = refunds.get(&r.sale_id).map_or(&[][..], Vec::as_slice);
        effects::of_refund(m.id, r, sale, earlier, out);
    };
    match &m.document {
        Document::Sale(sale) => effects::of_sale(m.id, sale, out),
        Document::Refund(r) => refund(r, out),
        Document::Void(void) => {
            if let Some(sale) = sales.get(&void.sale_id) {
                effects::of_void(m.id, void.id, sale, out);
            }
        }
        Document::Exchange(x) => {
            refund(&x.returned, out);
            effects::of_sale(m.id, &x.sale, out);
        }
        Document::UnreceiptedReturn(r) => effects::of_unreceipted_return(m.id, r, out),
        Document::CashMovement(_) | Document::Customer(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::push::test_support::{prepared, prepared_body, refund, sale};
    use shared::sync::MutationBody;

    fn batch(device: Uuid, mutations: Vec<PreparedMutation>) -> PushBatch {
        PushBatch {
            received_at: chrono::DateTime::UNIX_EPOCH,
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

    #[test]
    fn a_group_walks_batches_in_order_and_a_refused_batch_leaves_no_trace() {
        let (till, desk) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let s = sale(till, 100);
        let first = refund(&s, 200, &[]);
        let second = refund(&s, 201, std::slice::from_ref(&first));
        let batches = vec![
            // Refused (a gap after the sale): its sale must not count for what follows.
            batch(
                till,
                vec![prepared(10, 1, s.clone()), prepared(11, 3, sale(till, 101))],
            ),
            // So a refund of that sale is of an unknown sale.
            batch(desk, vec![refund_of(20, 1, first.clone())]),
            // The same mutation and sale again, now valid: new, not a replay or a conflict.
            batch(till, vec![prepared(10, 1, s.clone())]),
            // The till's next push in the same group continues from the batch before.
            batch(till, vec![prepared(12, 2, sale(till, 102))]),
            // Now the refund applies, and a later batch sees it (the second refund follows the first).
            batch(desk, vec![refund_of(20, 1, first.clone())]),
            batch(desk, vec![refund_of(21, 2, second)]),
            // A replay of the desk's first push answers the desk's last sequence.
            batch(desk, vec![refund_of(20, 1, first)]),
        ];
        let plans = plan_group(&batches, &HashMap::new(), Known::default());
        let outcome: Vec<Result<(Vec<u64>, u64), String>> = plans
            .iter()
            .map(|p| {
                p.as_ref()
                    .map(|p| (seqs(p), p.last_seq))
                    .map_err(|e| e.to_string())
            })
            .collect();
        assert!(
            matches!(
                &plans[0],
                Err(PushRejection::SequenceGap { expected: 2, .. })
            ),
            "{outcome:?}"
        );
        assert!(
            matches!(&plans[1], Err(PushRejection::UnknownSale { .. })),
            "{outcome:?}"
        );
        assert_eq!(
            outcome[2..],
            [
                Ok((vec![1], 1)),
                Ok((vec![2], 2)),
                Ok((vec![1], 1)),
                Ok((vec![2], 2)),
                Ok((vec![], 2)),
            ]
        );
    }

    #[test]
    fn a_group_starts_each_device_from_its_stored_sequence() {
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let batches = vec![
            batch(a, vec![prepared(10, 8, sale(a, 100))]),
            batch(b, vec![prepared(20, 1, sale(b, 200))]),
        ];
        let stored = HashMap::from([(a, 7)]);
        let plans = plan_group(&batches, &stored, Known::default());
        let last: Vec<Option<u64>> = plans
            .iter()
            .map(|p| p.as_ref().ok().map(|p| p.last_seq))
            .collect();
        assert_eq!(last, vec![Some(8), Some(1)]);
    }
}
