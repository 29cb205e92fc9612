//! The back office's stores: the list the signed-in staff may manage, and saving a store's settings with
//! either sign-in (`office::Access`). A change the server refuses for one field comes back as that field's
//! `FieldError`; any other failure as a sentence for the whole form (field `""`).

use super::office::{creds, signed_in, Access};
use super::state::AppState;
use crate::error::{AppError, Ask};
use crate::model::product_form::FieldError;
use crate::model::store_form::{form_field, StoreForm};
use shared::stores::Store;

fn words(e: &AppError) -> String {
    e.words(Ask::Stores)
}

/// The stores, by name; the error is a sentence for the screen.
pub async fn list(state: AppState, access: Access) -> Result<Vec<Store>, String> {
    let token = signed_in(state, access).map_err(|e| words(&e))?;
    state
        .api()
        .stores(creds(access, &token))
        .await
        .map(|l| l.stores)
        .map_err(|e| words(&e))
}

/// Send the form for `base` (the store as read); answers the store as stored.
pub async fn save(
    state: AppState,
    access: Access,
    form: &StoreForm,
    base: &Store,
) -> Result<Store, FieldError> {
    let upd = form.to_update(base)?;
    let token = signed_in(state, access).map_err(|e| FieldError::new("", words(&e)))?;
    state
        .api()
        .update_store(base.id, &upd, creds(access, &token))
        .await
        .map_err(|e| match e.invalid_field() {
            Some((field, message)) => FieldError::new(form_field(field), message),
            None => FieldError::new("", words(&e)),
        })
}
