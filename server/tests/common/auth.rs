//! Credentials for tests: signing in, enrolling devices, API keys, and clients that send them. Every test
//! server signs in as the seeded admin and enrolls one device at start; pushes for other device ids register
//! those ids directly in the store ([`TestServer::device_token`]), so tests keep their own device ids.

use super::TestServer;
use chrono::Utc;
use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION};
use reqwest::StatusCode;
use server::auth::audit;
use server::auth::passwords::Hasher;
use server::auth::tokens;
use server::store::auth::{NewDevice, StaffRecord};
use server::store::{Store, StoreError};
use shared::auth::{CreatedApiKey, Enrollment, Role, Scope, Session};
use uuid::Uuid;

pub const ADMIN_EMAIL: &str = "admin@demo.store";
pub const ADMIN_PASSWORD: &str = "demo-admin-2026";
pub const MANAGER_EMAIL: &str = "manager@demo.store";
pub const MANAGER_PASSWORD: &str = "demo-manager-2026";
pub const DEVICE_HEADER: &str = "x-device-token";
pub const OVERRIDE_HEADER: &str = "x-override-token";
/// Demo PINs.
pub const MANAGER_PIN: &str = "9999";
pub const SUPERVISOR_PIN: &str = "5678";
pub const CASHIER_PIN: &str = "1234";
pub const CASHIER2_PIN: &str = "2468";

/// A store without the demo admin (`no_demo`) gets one, so every test server can sign in.
pub async fn ensure_admin(store: &dyn Store, hasher: &Hasher) {
    if store
        .staff_by_email(ADMIN_EMAIL)
        .await
        .expect("staff by email")
        .is_some()
    {
        return;
    }
    let record = StaffRecord {
        id: Uuid::now_v7(),
        name: "Test Admin".into(),
        role: Role::Admin,
        email: Some(ADMIN_EMAIL.into()),
        password_hash: Some(hasher.hash(ADMIN_PASSWORD).await.expect("hash")),
        pin_hash: None,
        active: true,
        created_at: Utc::now(),
    };
    let entry = audit::entry(Utc::now(), audit::system(), "staff.create", audit::SUCCESS);
    store
        .create_staff(&record, &entry)
        .await
        .expect("test admin created");
}

/// A client sending a bearer token and, optionally, a device token with every request.
pub fn client_with(bearer: &str, device: Option<&str>) -> reqwest::Client {
    let mut headers = HeaderMap::new();
    headers.insert(
        AUTHORIZATION,
        HeaderValue::from_str(&format!("Bearer {bearer}")).expect("header"),
    );
    if let Some(device) = device {
        headers.insert(
            DEVICE_HEADER,
            HeaderValue::from_str(device).expect("header"),
        );
    }
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .expect("client")
}

/// A client sending only a device token.
pub fn device_client(device_token: &str) -> reqwest::Client {
    let mut headers = HeaderMap::new();
    headers.insert(
        DEVICE_HEADER,
        HeaderValue::from_str(device_token).expect("header"),
    );
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .expect("client")
}

/// Sign in with a password; must succeed.
pub async fn login(client: &reqwest::Client, base: &str, email: &str, password: &str) -> Session {
    let res = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({ "email": email, "password": password }))
        .send()
        .await
        .expect("login sent");
    let status = res.status();
    let text = res.text().await.expect("body");
    assert_eq!(status, StatusCode::OK, "login as {email}: {text}");
    serde_json::from_str(&text).expect("Session")
}

/// Enroll a device with an admin (or manager) session; must succeed.
pub async fn enroll(client: &reqwest::Client, base: &str, bearer: &str, name: &str) -> Enrollment {
    let res = client
        .post(format!("{base}/api/v1/devices"))
        .bearer_auth(bearer)
        .json(&serde_json::json!({ "name": name }))
        .send()
        .await
        .expect("enroll sent");
    let status = res.status();
    let text = res.text().await.expect("body");
    assert_eq!(status, StatusCode::CREATED, "enroll: {text}");
    serde_json::from_str(&text).expect("Enrollment")
}

/// Register a test device with exactly this id in the store, once (its token is derived from the id, so
/// servers sharing a database agree); returns its token.
pub async fn register_device(store: &dyn Store, device: Uuid) -> String {
    let token = format!("test-device-token-{device}");
    let hash = tokens::hash(&token);
    for attempt in 0..100 {
        if store
            .device_by_token(&hash)
            .await
            .expect("lookup")
            .is_some()
        {
            return token;
        }
        let new = NewDevice {
            id: device,
            name: format!("Test device {attempt}"),
            receipt_prefix: tokens::receipt_prefix().expect("prefix"),
            token_hash: hash.clone(),
            at: Utc::now(),
            store_id: shared::stores::DEFAULT_STORE_ID,
        };
        let entry = audit::entry(Utc::now(), audit::system(), "device.enroll", audit::SUCCESS);
        match store.enroll_device(&new, &entry).await {
            Ok(()) => return token,
            Err(StoreError::Conflict(_)) => continue,
            Err(e) => panic!("test device {device} not registered: {e}"),
        }
    }
    panic!("test device {device} not registered")
}

impl TestServer {
    /// The token of the device with this id: the enrolled default device's, or a test device registered in the
    /// store under exactly this id ([`register_device`]).
    pub async fn device_token(&self, device: Uuid) -> String {
        if device == self.device.device_id {
            return self.device.device_token.clone();
        }
        register_device(self.store(), device).await
    }

    /// Sign in with a password as someone else.
    pub async fn login(&self, email: &str, password: &str) -> Session {
        login(&self.anon, &self.base, email, password).await
    }

    /// Sign in with a PIN at a device.
    pub async fn pin(&self, device_token: &str, pin: &str) -> reqwest::Response {
        self.anon
            .post(self.url("/api/v1/auth/pin"))
            .header(DEVICE_HEADER, device_token)
            .json(&serde_json::json!({ "pin": pin }))
            .send()
            .await
            .expect("pin sent")
    }

    /// Sign in with a PIN at the default device; must succeed.
    pub async fn pin_session(&self, pin: &str) -> Session {
        let res = self.pin(&self.device.device_token.clone(), pin).await;
        let status = res.status();
        let text = res.text().await.expect("body");
        assert_eq!(status, StatusCode::OK, "PIN sign-in: {text}");
        serde_json::from_str(&text).expect("Session")
    }

    /// Create an API key with these scopes (as the admin); returns the key.
    pub async fn api_key(&self, scopes: &[Scope]) -> CreatedApiKey {
        let res = self
            .anon
            .post(self.url("/api/v1/api-keys"))
            .bearer_auth(&self.admin_token)
            .json(&serde_json::json!({ "name": "test key", "scopes": scopes }))
            .send()
            .await
            .expect("key sent");
        let status = res.status();
        let text = res.text().await.expect("body");
        assert_eq!(status, StatusCode::CREATED, "API key: {text}");
        serde_json::from_str(&text).expect("CreatedApiKey")
    }
}

/// The entries of `action` in the audit log (of the last 1000), oldest first.
pub async fn audit(srv: &TestServer, action: &str) -> Vec<shared::auth::AuditEntry> {
    let page: shared::auth::AuditPage = srv.get_json("/api/v1/audit?limit=1000").await;
    let mut entries: Vec<_> = page
        .entries
        .into_iter()
        .filter(|e| e.action == action)
        .collect();
    entries.reverse();
    entries
}
