//! The back office's loyalty endpoints (`/api/v1/loyalty/settings`, `/api/v1/gift-cards/{code}/ledger`).

use super::{Client, Creds};
use crate::error::AppError;
use shared::loyalty::wire::{GiftCardLedger, LoyaltySettings};

const SETTINGS: &str = "/api/v1/loyalty/settings";

impl Client {
    /// `GET /loyalty/settings`: the programme and cash-out limits, with their version.
    pub async fn loyalty_settings(&self, creds: Creds<'_>) -> Result<LoyaltySettings, AppError> {
        self.get(SETTINGS, creds).await
    }

    /// `PUT /loyalty/settings`: replace them from the version read; answers them as stored.
    pub async fn put_loyalty_settings(
        &self,
        upd: &LoyaltySettings,
        creds: Creds<'_>,
    ) -> Result<LoyaltySettings, AppError> {
        self.put(SETTINGS, upd, creds).await
    }

    /// `GET /gift-cards/{code}/ledger`: a card's balance and its newest ledger lines.
    pub async fn gift_card_ledger(
        &self,
        code: &str,
        creds: Creds<'_>,
    ) -> Result<GiftCardLedger, AppError> {
        let code = String::from(js_sys::encode_uri_component(code.trim()));
        self.get(&format!("/api/v1/gift-cards/{code}/ledger"), creds)
            .await
    }
}
