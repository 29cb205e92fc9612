//! [`AuthStore`] on SQLite: staff in [`staff`], devices, sessions, overrides and API keys in
//! [`credentials`], lockouts and the audit log in [`audit`].

pub(super) mod audit;
mod credentials;
mod staff;

use super::SqliteStore;
use crate::store::auth::{
    ApiKeyRecord, AuditFilter, AuthStore, DeviceRecord, FailurePolicy, Lockout, NewAudit,
    NewDevice, OverrideRecord, SessionRecord, StaffChange, StaffRecord,
};
use crate::store::StoreFuture;
use chrono::{DateTime, Utc};
use shared::auth::{AuditEntry, Permission};
use uuid::Uuid;

impl AuthStore for SqliteStore {
    fn has_staff(&self) -> StoreFuture<'_, bool> {
        Box::pin(staff::has_staff(&self.pool))
    }

    fn create_staff<'a>(
        &'a self,
        staff: &'a StaffRecord,
        audit: &'a NewAudit,
    ) -> StoreFuture<'a, ()> {
        Box::pin(staff::create(&self.pool, staff, audit))
    }

    fn list_staff(&self) -> StoreFuture<'_, Vec<StaffRecord>> {
        Box::pin(staff::list(&self.pool))
    }

    fn staff(&self, id: Uuid) -> StoreFuture<'_, Option<StaffRecord>> {
        Box::pin(staff::by_id(&self.pool, id))
    }

    fn staff_by_email<'a>(&'a self, email: &'a str) -> StoreFuture<'a, Option<StaffRecord>> {
        Box::pin(staff::by_email(&self.pool, email))
    }

    fn pin_holders(&self) -> StoreFuture<'_, Vec<StaffRecord>> {
        Box::pin(staff::pin_holders(&self.pool))
    }

    fn update_staff<'a>(
        &'a self,
        id: Uuid,
        change: &'a StaffChange,
        audit: &'a NewAudit,
    ) -> StoreFuture<'a, bool> {
        Box::pin(staff::update(&self.pool, id, change, audit))
    }

    fn enroll_device<'a>(
        &'a self,
        device: &'a NewDevice,
        audit: &'a NewAudit,
    ) -> StoreFuture<'a, ()> {
        Box::pin(credentials::enroll(&self.pool, device, audit))
    }

    fn list_devices(&self) -> StoreFuture<'_, Vec<DeviceRecord>> {
        Box::pin(credentials::devices(&self.pool))
    }

    fn device_by_token<'a>(&'a self, token_hash: &'a str) -> StoreFuture<'a, Option<DeviceRecord>> {
        Box::pin(credentials::device_by_token(&self.pool, token_hash))
    }

    fn revoke_device<'a>(&'a self, id: Uuid, audit: &'a NewAudit) -> StoreFuture<'a, bool> {
        Box::pin(credentials::revoke_device(&self.pool, id, audit))
    }

    fn create_session<'a>(
        &'a self,
        session: &'a SessionRecord,
        audit: &'a NewAudit,
    ) -> StoreFuture<'a, ()> {
        Box::pin(credentials::create_session(&self.pool, session, audit))
    }

    fn session<'a>(
        &'a self,
        token_hash: &'a str,
    ) -> StoreFuture<'a, Option<(SessionRecord, StaffRecord)>> {
        Box::pin(credentials::session(&self.pool, token_hash))
    }

    fn touch_session<'a>(&'a self, token_hash: &'a str, at: DateTime<Utc>) -> StoreFuture<'a, ()> {
        Box::pin(credentials::touch_session(&self.pool, token_hash, at))
    }

    fn end_session<'a>(
        &'a self,
        token_hash: &'a str,
        audit: Option<&'a NewAudit>,
    ) -> StoreFuture<'a, bool> {
        Box::pin(credentials::end_session(&self.pool, token_hash, audit))
    }

    fn create_override<'a>(
        &'a self,
        approval: &'a OverrideRecord,
        audit: &'a NewAudit,
    ) -> StoreFuture<'a, ()> {
        Box::pin(credentials::create_override(&self.pool, approval, audit))
    }

    fn consume_override<'a>(
        &'a self,
        token_hash: &'a str,
        staff_id: Uuid,
        permission: Permission,
        audit: &'a NewAudit,
    ) -> StoreFuture<'a, bool> {
        Box::pin(credentials::consume_override(
            &self.pool, token_hash, staff_id, permission, audit,
        ))
    }

    fn create_api_key<'a>(
        &'a self,
        key: &'a ApiKeyRecord,
        audit: &'a NewAudit,
    ) -> StoreFuture<'a, ()> {
        Box::pin(credentials::create_api_key(&self.pool, key, audit))
    }

    fn list_api_keys(&self) -> StoreFuture<'_, Vec<ApiKeyRecord>> {
        Box::pin(credentials::api_keys(&self.pool))
    }

    fn api_key_by_hash<'a>(&'a self, key_hash: &'a str) -> StoreFuture<'a, Option<ApiKeyRecord>> {
        Box::pin(credentials::api_key_by_hash(&self.pool, key_hash))
    }

    fn revoke_api_key<'a>(&'a self, id: Uuid, audit: &'a NewAudit) -> StoreFuture<'a, bool> {
        Box::pin(credentials::revoke_api_key(&self.pool, id, audit))
    }

    fn lockout<'a>(&'a self, subject: &'a str) -> StoreFuture<'a, Lockout> {
        Box::pin(audit::lockout(&self.pool, subject))
    }

    fn record_failure<'a>(
        &'a self,
        subject: &'a str,
        policy: FailurePolicy,
        audit: &'a NewAudit,
    ) -> StoreFuture<'a, Lockout> {
        Box::pin(audit::record_failure(&self.pool, subject, policy, audit))
    }

    fn clear_failures<'a>(&'a self, subject: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(audit::clear_failures(&self.pool, subject))
    }

    fn append_audit<'a>(&'a self, entry: &'a NewAudit) -> StoreFuture<'a, ()> {
        Box::pin(audit::append(&self.pool, entry))
    }

    fn audit_page<'a>(
        &'a self,
        filter: &'a AuditFilter,
        before: Option<u64>,
        limit: u32,
    ) -> StoreFuture<'a, Vec<AuditEntry>> {
        Box::pin(audit::page(&self.pool, filter, before, limit))
    }
}
