//! The back office's webhooks with either sign-in (`office::Access`): the endpoints, adding one (a refused
//! field comes back as that field's `FieldError`), enabling or disabling, a test event, the delivery log and
//! replaying one event. Other failures are a sentence for the screen.

use super::office::{creds, signed_in, Access};
use super::state::AppState;
use crate::error::{AppError, Ask};
use crate::model::product_form::FieldError;
use crate::model::webhook_form::{form_field, WebhookForm};
use shared::webhooks::{Delivery, Endpoint, EndpointSecret};
use uuid::Uuid;

fn words(e: &AppError) -> String {
    e.words(Ask::Webhooks)
}

fn token(state: AppState, access: Access) -> Result<String, String> {
    signed_in(state, access).map_err(|e| words(&e))
}

/// Every endpoint, oldest first.
pub async fn list(state: AppState, access: Access) -> Result<Vec<Endpoint>, String> {
    let token = token(state, access)?;
    state
        .api()
        .webhook_endpoints(creds(access, &token))
        .await
        .map_err(|e| words(&e))
}

/// Add the form's endpoint; answers it with its secret (shown once).
pub async fn add(
    state: AppState,
    access: Access,
    form: &WebhookForm,
) -> Result<EndpointSecret, FieldError> {
    let new = form.to_new()?;
    let token = token(state, access).map_err(|m| FieldError::new("", m))?;
    state
        .api()
        .add_webhook_endpoint(&new, creds(access, &token))
        .await
        .map_err(|e| match e.invalid_field() {
            Some((field, message)) => FieldError::new(form_field(field), message),
            None => FieldError::new("", words(&e)),
        })
}

/// Enable or disable an endpoint.
pub async fn set_enabled(
    state: AppState,
    access: Access,
    id: Uuid,
    enabled: bool,
) -> Result<Endpoint, String> {
    let token = token(state, access)?;
    state
        .api()
        .set_webhook_enabled(id, enabled, creds(access, &token))
        .await
        .map_err(|e| words(&e))
}

/// Queue a test event for an endpoint; answers a sentence for the screen.
pub async fn test(state: AppState, access: Access, id: Uuid) -> Result<String, String> {
    let token = token(state, access)?;
    state
        .api()
        .send_webhook_test(id, creds(access, &token))
        .await
        .map(|t| {
            format!(
                "Test event {} queued; its delivery shows in the log.",
                t.event_id
            )
        })
        .map_err(|e| words(&e))
}

/// The newest deliveries of an endpoint.
pub async fn deliveries(
    state: AppState,
    access: Access,
    id: Uuid,
) -> Result<Vec<Delivery>, String> {
    let token = token(state, access)?;
    state
        .api()
        .webhook_deliveries(id, creds(access, &token))
        .await
        .map(|p| p.items)
        .map_err(|e| words(&e))
}

/// Send one event to an endpoint again.
pub async fn replay(
    state: AppState,
    access: Access,
    id: Uuid,
    event_id: Uuid,
) -> Result<String, String> {
    let token = token(state, access)?;
    state
        .api()
        .replay_webhook_event(id, event_id, creds(access, &token))
        .await
        .map(|r| match r.queued {
            0 => "That delivery is still waiting to be sent.".to_owned(),
            _ => "Queued again.".to_owned(),
        })
        .map_err(|e| words(&e))
}
