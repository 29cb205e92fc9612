//! One [`AuthStore`](crate::store::auth::AuthStore) implementation for every store: each method hands the
//! store's pool to the function of the same name in the store's own `staff`, `credentials` and `audit` modules
//! (the SQL differs per database; the delegation does not).

/// `impl AuthStore for $store`, delegating to the modules `staff`, `credentials` and `audit` in scope where the
/// macro is used, with `self.pool`.
macro_rules! delegate_auth_store {
    ($store:ty) => {
        impl $crate::store::auth::AuthStore for $store {
            fn has_staff(&self) -> $crate::store::StoreFuture<'_, bool> {
                Box::pin(staff::has_staff(&self.pool))
            }

            fn create_staff<'a>(
                &'a self,
                staff: &'a $crate::store::auth::StaffRecord,
                audit: &'a $crate::store::auth::NewAudit,
            ) -> $crate::store::StoreFuture<'a, ()> {
                Box::pin(staff::create(&self.pool, staff, audit))
            }

            fn list_staff(
                &self,
            ) -> $crate::store::StoreFuture<'_, Vec<$crate::store::auth::StaffRecord>> {
                Box::pin(staff::list(&self.pool))
            }

            fn staff(
                &self,
                id: uuid::Uuid,
            ) -> $crate::store::StoreFuture<'_, Option<$crate::store::auth::StaffRecord>> {
                Box::pin(staff::by_id(&self.pool, id))
            }

            fn staff_by_email<'a>(
                &'a self,
                email: &'a str,
            ) -> $crate::store::StoreFuture<'a, Option<$crate::store::auth::StaffRecord>> {
                Box::pin(staff::by_email(&self.pool, email))
            }

            fn pin_holders(
                &self,
            ) -> $crate::store::StoreFuture<'_, Vec<$crate::store::auth::StaffRecord>> {
                Box::pin(staff::pin_holders(&self.pool))
            }

            fn update_staff<'a>(
                &'a self,
                id: uuid::Uuid,
                change: &'a $crate::store::auth::StaffChange,
                audit: &'a $crate::store::auth::NewAudit,
            ) -> $crate::store::StoreFuture<'a, bool> {
                Box::pin(staff::update(&self.pool, id, change, audit))
            }

            fn enroll_device<'a>(
                &'a self,
                device: &'a $crate::store::auth::NewDevice,
                audit: &'a $crate::store::auth::NewAudit,
            ) -> $crate::store::StoreFuture<'a, ()> {
                Box::pin(credentials::enroll(&self.pool, device, audit))
            }

            fn list_devices(
                &self,
            ) -> $crate::store::StoreFuture<'_, Vec<$crate::store::auth::DeviceRecord>> {
                Box::pin(credentials::devices(&self.pool))
            }

            fn device_by_token<'a>(
                &'a self,
                token_hash: &'a str,
            ) -> $crate::store::StoreFuture<'a, Option<$crate::store::auth::DeviceRecord>> {
                Box::pin(credentials::device_by_token(&self.pool, token_hash))
            }

            fn revoke_device<'a>(
                &'a self,
                id: uuid::Uuid,
                audit: &'a $crate::store::auth::NewAudit,
            ) -> $crate::store::StoreFuture<'a, bool> {
                Box::pin(credentials::revoke_device(&self.pool, id, audit))
            }

            fn create_session<'a>(
                &'a self,
                session: &'a $crate::store::auth::SessionRecord,
                audit: &'a $crate::store::auth::NewAudit,
            ) -> $crate::store::StoreFuture<'a, ()> {
                Box::pin(credentials::create_session(&self.pool, session, audit))
            }

            fn session<'a>(
                &'a self,
                token_hash: &'a str,
            ) -> $crate::store::StoreFuture<
                'a,
                Option<(
                    $crate::store::auth::SessionRecord,
                    $crate::store::auth::StaffRecord,
                )>,
            > {
                Box::pin(credentials::session(&self.pool, token_hash))
            }

            fn touch_session<'a>(
                &'a self,
                token_hash: &'a str,
                at: chrono::DateTime<chrono::Utc>,
            ) -> $crate::store::StoreFuture<'a, ()> {
                Box::pin(credentials::touch_session(&self.pool, token_hash, at))
            }

            fn end_session<'a>(
                &'a self,
                token_hash: &'a str,
                audit: Option<&'a $crate::store::auth::NewAudit>,
            ) -> $crate::store::StoreFuture<'a, bool> {
                Box::pin(credentials::end_session(&self.pool, token_hash, audit))
            }

            fn create_override<'a>(
                &'a self,
                approval: &'a $crate::store::auth::OverrideRecord,
                audit: &'a $crate::store::auth::NewAudit,
            ) -> $crate::store::StoreFuture<'a, ()> {
                Box::pin(credentials::create_override(&self.pool, approval, audit))
            }

            fn consume_override<'a>(
                &'a self,
                token_hash: &'a str,
                staff_id: uuid::Uuid,
                permission: shared::auth::Permission,
                audit: &'a $crate::store::auth::NewAudit,
            ) -> $crate::store::StoreFuture<'a, bool> {
                Box::pin(credentials::consume_override(
                    &self.pool, token_hash, staff_id, permission, audit,
                ))
            }

            fn create_api_key<'a>(
                &'a self,
                key: &'a $crate::store::auth::ApiKeyRecord,
                audit: &'a $crate::store::auth::NewAudit,
            ) -> $crate::store::StoreFuture<'a, ()> {
                Box::pin(credentials::create_api_key(&self.pool, key, audit))
            }

            fn list_api_keys(
                &self,
            ) -> $crate::store::StoreFuture<'_, Vec<$crate::store::auth::ApiKeyRecord>> {
                Box::pin(credentials::api_keys(&self.pool))
            }

            fn api_key_by_hash<'a>(
                &'a self,
                key_hash: &'a str,
            ) -> $crate::store::StoreFuture<'a, Option<$crate::store::auth::ApiKeyRecord>> {
                Box::pin(credentials::api_key_by_hash(&self.pool, key_hash))
            }

            fn revoke_api_key<'a>(
                &'a self,
                id: uuid::Uuid,
                audit: &'a $crate::store::auth::NewAudit,
            ) -> $crate::store::StoreFuture<'a, bool> {
                Box::pin(credentials::revoke_api_key(&self.pool, id, audit))
            }

            fn lockout<'a>(
                &'a self,
                subject: &'a str,
            ) -> $crate::store::StoreFuture<'a, $crate::store::auth::Lockout> {
                Box::pin(audit::lockout(&self.pool, subject))
            }

            fn record_failure<'a>(
                &'a self,
                subject: &'a str,
                policy: $crate::store::auth::FailurePolicy,
                audit: &'a $crate::store::auth::NewAudit,
            ) -> $crate::store::StoreFuture<'a, $crate::store::auth::Lockout> {
                Box::pin(audit::record_failure(&self.pool, subject, policy, audit))
            }

            fn clear_failures<'a>(
                &'a self,
                subject: &'a str,
            ) -> $crate::store::StoreFuture<'a, ()> {
                Box::pin(audit::clear_failures(&self.pool, subject))
            }

            fn append_audit<'a>(
                &'a self,
                entry: &'a $crate::store::auth::NewAudit,
            ) -> $crate::store::StoreFuture<'a, ()> {
                Box::pin(audit::append(&self.pool, entry))
            }

            fn audit_page<'a>(
                &'a self,
                filter: &'a $crate::store::auth::AuditFilter,
                before: Option<u64>,
                limit: u32,
            ) -> $crate::store::StoreFuture<'a, Vec<shared::auth::AuditEntry>> {
                Box::pin(audit::page(&self.pool, filter, before, limit))
            }
        }
    };
}

pub(crate) use delegate_auth_store;
