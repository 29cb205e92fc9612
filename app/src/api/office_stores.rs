//! The back office's store endpoints (`/api/v1/stores…`): the stores the signed-in staff may manage, and
//! changing one (with the `version` read).

use super::{Client, Creds, STORES};
use crate::error::AppError;
use shared::stores::{Store, StoreList, StoreUpdate};
use uuid::Uuid;

impl Client {
    /// `GET /stores`: the stores, by name.
    pub async fn stores(&self, creds: Creds<'_>) -> Result<StoreList, AppError> {
        self.get(STORES, creds).await
    }

    /// `PUT /stores/{id}`: change a store's settings; answers it as stored.
    pub async fn update_store(
        &self,
        id: Uuid,
        upd: &StoreUpdate,
        creds: Creds<'_>,
    ) -> Result<Store, AppError> {
        self.put(&format!("{STORES}/{id}"), upd, creds).await
    }
}
