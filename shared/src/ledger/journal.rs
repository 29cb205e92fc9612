//! Journals and postings, and the builder that nets amounts per account so every journal is balanced.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One line of a journal: either a debit or a credit (the other is zero), never negative.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Posting {
    pub account: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub debit: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub credit: Decimal,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum JournalSource {
    Sale,
    Refund,
    Void,
    CashMovement,
    UnreceiptedReturn,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Journal {
    pub document_id: Uuid,
    pub source: JournalSource,
    pub postings: Vec<Posting>,
}

impl Journal {
    pub fn debits(&self) -> Decimal {
        self.postings.iter().map(|p| p.debit).sum()
    }

    pub fn credits(&self) -> Decimal {
        self.postings.iter().map(|p| p.credit).sum()
    }

    pub fn is_balanced(&self) -> bool {
        self.debits() == self.credits()
    }

    /// The same journal with debits and credits swapped (a reversal).
    pub fn reversed(&self, document_id: Uuid, source: JournalSource) -> Journal {
        Journal {
            document_id,
            source,
            postings: self
                .postings
                .iter()
                .map(|p| Posting {
                    account: p.account.clone(),
                    debit: p.credit,
                    credit: p.debit,
                })
                .collect(),
        }
    }

    /// The net balance of one account in this journal (debits − credits).
    pub fn balance(&self, account: &str) -> Decimal {
        self.postings
            .iter()
            .filter(|p| p.account == account)
            .map(|p| p.debit - p.credit)
            .sum()
    }
}

/// Signed amounts per account (debit positive), netted, in order of first appearance.
#[derive(Default)]
pub(crate) struct Entries {
    amounts: Vec<(String, Decimal)>,
}

impl Entries {
    pub fn debit(&mut self, account: &str, amount: Decimal) {
        match self.amounts.iter_mut().find(|(a, _)| a == account) {
            Some((_, v)) => *v += amount,
            None => self.amounts.push((account.to_string(), amount)),
        }
    }

    pub fn credit(&mut self, account: &str, amount: Decimal) {
        self.debit(account, -amount);
    }

    pub fn into_journal(self, document_id: Uuid, source: JournalSource, zero: Decimal) -> Journal {
        let postings = self
            .amounts
            .into_iter()
            .filter(|(_, v)| !v.is_zero())
            .map(|(account, v)| {
                if v > Decimal::ZERO {
                    Posting {
                        account,
                        debit: v,
                        credit: zero,
                    }
                } else {
                    Posting {
                        account,
                        debit: zero,
                        credit: -v,
                    }
                }
            })
            .collect();
        Journal {
            document_id,
            source,
            postings,
        }
    }
}
