//! The back office's store endpoints (`/api/v1/stores…`): the stores the signed-in staff may manage, and
//! changing one (with the `version` read), and its quick keys.

use super::{Client, Creds, STORES};
use crate::error::AppError;
use shared::quick_keys::{QuickKeys, QuickKeysUpdate};
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

    /// `GET /stores/{id}/quick-keys`: the store's layout (version 0: none yet).
    pub async fn quick_keys(&self, store: Uuid, creds: Creds<'_>) -> Result<QuickKeys, AppError> {
        self.get(&format!("{STORES}/{store}/quick-keys"), creds)
            .await
    }

    /// `PUT /stores/{id}/quick-keys`: replace the layout read at `upd.version`; answers it as stored.
    pub async fn put_quick_keys(
        &self,
        store: Uuid,
        upd: &QuickKeysUpdate,
        creds: Creds<'_>,
    ) -> Result<QuickKeys, AppError> {
        self.put(&format!("{STORES}/{store}/quick-keys"), upd, creds)
            .await
    }
}
