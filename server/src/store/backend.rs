//! What makes a database a store: a [`Backend`] names its pool and does what differs by design (pushes,
//! closing); [`Store`] and [`AuthStore`] are implemented once for every backend over the shared table modules
//! (`catalog.rs`, `commerce.rs`, `queries.rs`, `auth/staff.rs`, `auth/credentials.rs`, `auth/audit.rs`).

use super::auth::{
    audit, credentials, staff, ApiKeyRecord, AuditFilter, AuthStore, DeviceRecord, FailurePolicy,
    Lockout, NewAudit, NewDevice, OverrideRecord, SessionRecord, StaffChange, StaffRecord,
};
use super::sql::{sql, Columns, Db};
use super::{
    catalog, catalog_edit, commerce, products, queries, require_migrations, CatalogEdit,
    CatalogWrite, IngestFlag, ProductQuery, Progress, Store, StoreFuture,
};
use crate::push::PushBatch;
use chrono::{DateTime, Utc};
use shared::api::{CustomerPage, ProductPage};
use shared::auth::{AuditEntry, Permission};
use shared::catalog::GiftCardBalance;
use shared::document::{Refund, SaleDocument, Void};
use shared::sync::{Change, PullResponse};
use sqlx::migrate::Migrator;
use sqlx::Pool;
use uuid::Uuid;

/// A store on one database: SQLite or PostgreSQL.
pub trait Backend: Send + Sync + 'static {
    type Db: Db;

    fn pool(&self) -> &Pool<Self::Db>;

    /// The schema migrations embedded for this database.
    fn migrator(&self) -> &'static Migrator;

    /// [`Store::push`]: each database writes batches its own way.
    fn push(&self, batch: PushBatch) -> StoreFuture<'_, u64>;

    /// [`Store::close`].
    fn close(&self) -> StoreFuture<'_, ()>;
}

impl<B: Backend> Store for B {
    fn is_empty(&self) -> StoreFuture<'_, bool> {
        Box::pin(catalog::is_empty(self.pool()))
    }

    fn write_catalog<'a>(&'a self, catalog: &'a CatalogWrite) -> StoreFuture<'a, ()> {
        Box::pin(catalog::write(self.pool(), catalog))
    }

    fn import_catalog<'a>(
        &'a self,
        catalog: &'a CatalogWrite,
        audit: &'a NewAudit,
        progress: Progress<'a>,
    ) -> StoreFuture<'a, ()> {
        Box::pin(catalog::import(self.pool(), catalog, audit, progress))
    }

    fn pull(&self, cursor: u64, limit: u32) -> StoreFuture<'_, PullResponse> {
        Box::pin(catalog::pull(self.pool(), cursor, limit, None))
    }

    fn push(&self, batch: PushBatch) -> StoreFuture<'_, u64> {
        Backend::push(self, batch)
    }

    fn products_page(&self, after: Option<String>, limit: u32) -> StoreFuture<'_, ProductPage> {
        Box::pin(catalog::products_page(self.pool(), after, limit))
    }

    fn edit_catalog<'a>(
        &'a self,
        edit: &'a CatalogEdit,
        audit: &'a NewAudit,
    ) -> StoreFuture<'a, Vec<Change>> {
        Box::pin(catalog_edit::edit(self.pool(), edit, audit))
    }

    fn search_products<'a>(
        &'a self,
        q: &'a ProductQuery,
        limit: u32,
    ) -> StoreFuture<'a, ProductPage> {
        Box::pin(products::search(self.pool(), q, limit))
    }

    fn list_sales(
        &self,
        device_id: Option<Uuid>,
        limit: u32,
    ) -> StoreFuture<'_, Vec<SaleDocument>> {
        Box::pin(queries::list_sales(self.pool(), device_id, limit))
    }

    fn search_sales<'a>(
        &'a self,
        q: &'a super::SaleSearch,
        limit: u32,
    ) -> StoreFuture<'a, (Vec<SaleDocument>, bool)> {
        Box::pin(queries::search_sales(self.pool(), q, limit))
    }

    fn sale(&self, id: Uuid) -> StoreFuture<'_, Option<SaleDocument>> {
        Box::pin(queries::sale(self.pool(), id))
    }

    fn sale_refunds(&self, sale_id: Uuid) -> StoreFuture<'_, Option<Vec<Refund>>> {
        Box::pin(queries::sale_refunds(self.pool(), sale_id))
    }

    fn sale_void(&self, sale_id: Uuid) -> StoreFuture<'_, Option<Void>> {
        Box::pin(queries::sale_void(self.pool(), sale_id))
    }

    fn list_refunds(&self, limit: u32) -> StoreFuture<'_, Vec<Refund>> {
        Box::pin(queries::list_refunds(self.pool(), limit))
    }

    fn gift_card<'a>(&'a self, code: &'a str) -> StoreFuture<'a, Option<GiftCardBalance>> {
        Box::pin(commerce::gift_card(self.pool(), code))
    }

    fn customers_page(&self, after: Option<String>, limit: u32) -> StoreFuture<'_, CustomerPage> {
        Box::pin(commerce::customers_page(self.pool(), after, limit))
    }

    fn flags(&self, limit: u32) -> StoreFuture<'_, Vec<IngestFlag>> {
        Box::pin(queries::flags(self.pool(), limit))
    }

    /// The database answers, and every embedded migration has been applied successfully.
    fn check_ready(&self) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            let rows = sql("SELECT version FROM _sqlx_migrations WHERE success")
                .fetch_all(self.pool())
                .await?;
            let applied = rows
                .iter()
                .map(|r| r.int("version"))
                .collect::<Result<Vec<_>, _>>()?;
            require_migrations(self.migrator(), &applied)
        })
    }

    fn close(&self) -> StoreFuture<'_, ()> {
        Backend::close(self)
    }
}

impl<B: Backend> AuthStore for B {
    fn has_staff(&self) -> StoreFuture<'_, bool> {
        Box::pin(staff::has_staff(self.pool()))
    }

    fn create_staff<'a>(&'a self, s: &'a StaffRecord, audit: &'a NewAudit) -> StoreFuture<'a, ()> {
        Box::pin(staff::create(self.pool(), s, audit))
    }

    fn list_staff(&self) -> StoreFuture<'_, Vec<StaffRecord>> {
        Box::pin(staff::list(self.pool()))
    }

    fn staff(&self, id: Uuid) -> StoreFuture<'_, Option<StaffRecord>> {
        Box::pin(staff::by_id(self.pool(), id))
    }

    fn staff_by_email<'a>(&'a self, email: &'a str) -> StoreFuture<'a, Option<StaffRecord>> {
        Box::pin(staff::by_email(self.pool(), email))
    }

    fn pin_holders(&self) -> StoreFuture<'_, Vec<StaffRecord>> {
        Box::pin(staff::pin_holders(self.pool()))
    }

    fn update_staff<'a>(
        &'a self,
        id: Uuid,
        change: &'a StaffChange,
        audit: &'a NewAudit,
    ) -> StoreFuture<'a, bool> {
        Box::pin(staff::update(self.pool(), id, change, audit))
    }

    fn enroll_device<'a>(&'a self, d: &'a NewDevice, audit: &'a NewAudit) -> StoreFuture<'a, ()> {
        Box::pin(credentials::enroll(self.pool(), d, audit))
    }

    fn list_devices(&self) -> StoreFuture<'_, Vec<DeviceRecord>> {
        Box::pin(credentials::devices(self.pool()))
    }

    fn device_by_token<'a>(&'a self, hash: &'a str) -> StoreFuture<'a, Option<DeviceRecord>> {
        Box::pin(credentials::device_by_token(self.pool(), hash))
    }

    fn revoke_device<'a>(&'a self, id: Uuid, audit: &'a NewAudit) -> StoreFuture<'a, bool> {
        Box::pin(credentials::revoke_device(self.pool(), id, audit))
    }

    fn create_session<'a>(
        &'a self,
        session: &'a SessionRecord,
        audit: &'a NewAudit,
    ) -> StoreFuture<'a, ()> {
        Box::pin(credentials::create_session(self.pool(), session, audit))
    }

    fn session<'a>(
        &'a self,
        hash: &'a str,
    ) -> StoreFuture<'a, Option<(SessionRecord, StaffRecord)>> {
        Box::pin(credentials::session(self.pool(), hash))
    }

    fn touch_session<'a>(&'a self, hash: &'a str, at: DateTime<Utc>) -> StoreFuture<'a, ()> {
        Box::pin(credentials::touch_session(self.pool(), hash, at))
    }

    fn end_session<'a>(
        &'a self,
        hash: &'a str,
        audit: Option<&'a NewAudit>,
    ) -> StoreFuture<'a, bool> {
        Box::pin(credentials::end_session(self.pool(), hash, audit))
    }

    fn create_override<'a>(
        &'a self,
        approval: &'a OverrideRecord,
        audit: &'a NewAudit,
    ) -> StoreFuture<'a, ()> {
        Box::pin(credentials::create_override(self.pool(), approval, audit))
    }

    fn consume_override<'a>(
        &'a self,
        hash: &'a str,
        staff_id: Uuid,
        permission: Permission,
        audit: &'a NewAudit,
    ) -> StoreFuture<'a, bool> {
        Box::pin(credentials::consume_override(
            self.pool(),
            hash,
            staff_id,
            permission,
            audit,
        ))
    }

    fn create_api_key<'a>(
        &'a self,
        key: &'a ApiKeyRecord,
        audit: &'a NewAudit,
    ) -> StoreFuture<'a, ()> {
        Box::pin(credentials::create_api_key(self.pool(), key, audit))
    }

    fn list_api_keys(&self) -> StoreFuture<'_, Vec<ApiKeyRecord>> {
        Box::pin(credentials::api_keys(self.pool()))
    }

    fn api_key_by_hash<'a>(&'a self, hash: &'a str) -> StoreFuture<'a, Option<ApiKeyRecord>> {
        Box::pin(credentials::api_key_by_hash(self.pool(), hash))
    }

    fn revoke_api_key<'a>(&'a self, id: Uuid, audit: &'a NewAudit) -> StoreFuture<'a, bool> {
        Box::pin(credentials::revoke_api_key(self.pool(), id, audit))
    }

    fn lockout<'a>(&'a self, subject: &'a str) -> StoreFuture<'a, Lockout> {
        Box::pin(audit::lockout(self.pool(), subject))
    }

    fn record_failure<'a>(
        &'a self,
        subject: &'a str,
        policy: FailurePolicy,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, Lockout> {
        Box::pin(audit::record_failure(self.pool(), subject, policy, entry))
    }

    fn clear_failures<'a>(&'a self, subject: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(audit::clear_failures(self.pool(), subject))
    }

    fn append_audit<'a>(&'a self, entry: &'a NewAudit) -> StoreFuture<'a, ()> {
        Box::pin(audit::append(self.pool(), entry))
    }

    fn audit_page<'a>(
        &'a self,
        filter: &'a AuditFilter,
        before: Option<u64>,
        limit: u32,
    ) -> StoreFuture<'a, Vec<AuditEntry>> {
        Box::pin(audit::page(self.pool(), filter, before, limit))
    }
}
