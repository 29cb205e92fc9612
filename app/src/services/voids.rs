//! Voiding a sale of today: the void is built with `Void::create` (through `model::void`'s rules) from the
//! header the storing transaction hands over, after every refund of the sale and any earlier void of it read
//! in that transaction, stamped with who made it and who approved it, stored with its outbox mutation in ONE
//! IndexedDB transaction (`db::voids`), THEN the sale's receipt shows marked VOID, then it is pushed.

use super::checkout::stored_from_dialog;
use super::session::cashier_stamp;
use super::state::{AppState, Document};
use crate::db;
use crate::error::AppError;
use crate::model::void::VoidForm;
use chrono::{DateTime, Utc};
use leptos::task::spawn_local;
use shared::document::{Approval, Refund, SaleDocument, Void};

/// What a void is made of, besides its header and what the storing transaction reads.
pub struct VoidParts {
    pub sale: SaleDocument,
    /// The sale's refunds the server told about (any terminal's).
    pub known: Vec<Refund>,
    pub reason: String,
    pub start_of_today: DateTime<Utc>,
    pub approval: Option<Approval>,
}

/// Store the void (one transaction), THEN show the sale's receipt marked VOID, then push. `done` gets the
/// error when the void was refused or storing failed.
pub fn complete_void(
    state: AppState,
    parts: VoidParts,
    done: impl FnOnce(Result<(), AppError>) + 'static,
) {
    let cashier = cashier_stamp(state);
    let store = state.store();
    spawn_local(async move {
        let VoidParts {
            sale,
            known,
            reason,
            start_of_today,
            approval,
        } = parts;
        let stored =
            db::voids::complete_void(&store, sale.id, &known, |header, refunds, voided| {
                let form = VoidForm {
                    sale: &sale,
                    refunds: Some(refunds),
                    voided,
                    start_of_today,
                    reason: &reason,
                };
                form.preview()?;
                let mut void =
                    Void::create(header, &sale, refunds, reason.trim()).map_err(|error| {
                        AppError::Document {
                            what: "void",
                            error,
                        }
                    })?;
                void.cashier = cashier;
                void.approval = approval;
                Ok(void)
            })
            .await;
        match stored {
            Ok(void) => {
                let document = Document::Void {
                    void: Box::new(void),
                    sale: Box::new(sale),
                };
                stored_from_dialog(state, document, done).await;
            }
            Err(e) => done(Err(e)),
        }
    });
}
