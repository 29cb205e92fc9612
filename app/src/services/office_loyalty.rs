//! The back office's loyalty: reading and saving the programme with either sign-in (`office::Access`), and
//! looking up a gift card. A field the server refuses comes back as that field's `FieldError`; any other
//! failure as a sentence for the whole form (field `""`).

use super::office::{creds, signed_in, Access};
use super::state::AppState;
use crate::error::{AppError, Ask};
use crate::model::loyalty_form::{form_field, LoyaltyForm};
use crate::model::product_form::FieldError;
use shared::loyalty::wire::{GiftCardLedger, LoyaltySettings};

fn words(e: &AppError) -> String {
    e.words(Ask::Loyalty)
}

/// The settings as stored; the error is a sentence for the screen.
pub async fn load(state: AppState, access: Access) -> Result<LoyaltySettings, String> {
    let token = signed_in(state, access).map_err(|e| words(&e))?;
    state
        .api()
        .loyalty_settings(creds(access, &token))
        .await
        .map_err(|e| words(&e))
}

/// Send the form over `base` (the settings as read); answers them as stored.
pub async fn save(
    state: AppState,
    access: Access,
    form: &LoyaltyForm,
    base: &LoyaltySettings,
) -> Result<LoyaltySettings, FieldError> {
    let upd = form.to_settings(base)?;
    let token = signed_in(state, access).map_err(|e| FieldError::new("", words(&e)))?;
    state
        .api()
        .put_loyalty_settings(&upd, creds(access, &token))
        .await
        .map_err(|e| match e.invalid_field() {
            Some((field, message)) => FieldError::new(form_field(field), message),
            None => FieldError::new("", words(&e)),
        })
}

/// A gift card's balance and ledger; the error is a sentence for the screen.
pub async fn gift_card(
    state: AppState,
    access: Access,
    code: &str,
) -> Result<GiftCardLedger, String> {
    let token = signed_in(state, access).map_err(|e| words(&e))?;
    state
        .api()
        .gift_card_ledger(code, creds(access, &token))
        .await
        .map_err(|e| words(&e))
}
