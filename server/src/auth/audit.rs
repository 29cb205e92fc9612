//! Audit entries: who (staff, API key, device, nobody), from which device, did what, with what outcome.

use crate::store::auth::{ApiKeyRecord, DeviceRecord, NewAudit, StaffRecord};
use chrono::{DateTime, Utc};
use shared::auth::{ActorKind, AuditActor};
use uuid::Uuid;

pub const SUCCESS: &str = "success";
pub const FAILURE: &str = "failure";
pub const DENIED: &str = "denied";
pub const LOCKED: &str = "locked";
/// Every outcome an entry may have.
pub const OUTCOMES: [&str; 4] = [SUCCESS, FAILURE, DENIED, LOCKED];

pub fn staff(s: &StaffRecord) -> AuditActor {
    AuditActor {
        kind: ActorKind::Staff,
        id: Some(s.id.to_string()),
        name: Some(s.name.clone()),
    }
}

pub fn device(d: &DeviceRecord) -> AuditActor {
    AuditActor {
        kind: ActorKind::Device,
        id: Some(d.id.to_string()),
        name: Some(d.name.clone()),
    }
}

pub fn api_key(k: &ApiKeyRecord) -> AuditActor {
    AuditActor {
        kind: ActorKind::ApiKey,
        id: Some(k.id.to_string()),
        name: Some(k.name.clone()),
    }
}

pub fn anonymous() -> AuditActor {
    AuditActor {
        kind: ActorKind::Anonymous,
        id: None,
        name: None,
    }
}

pub fn system() -> AuditActor {
    AuditActor {
        kind: ActorKind::System,
        id: None,
        name: None,
    }
}

/// An entry at `at` by `actor`; add the device, target and details with the builder methods.
pub fn entry(at: DateTime<Utc>, actor: AuditActor, action: &str, outcome: &str) -> NewAudit {
    NewAudit {
        at,
        actor,
        device_id: None,
        action: action.to_owned(),
        target: None,
        outcome: outcome.to_owned(),
        details: serde_json::Value::Object(serde_json::Map::new()),
    }
}

/// Builder methods for [`NewAudit`].
pub trait AuditExt {
    fn device(self, device: Option<Uuid>) -> Self;
    fn target(self, target: impl ToString) -> Self;
    fn details(self, details: serde_json::Value) -> Self;
}

impl AuditExt for NewAudit {
    fn device(mut self, device: Option<Uuid>) -> Self {
        self.device_id = device;
        self
    }

    fn target(mut self, target: impl ToString) -> Self {
        self.target = Some(target.to_string());
        self
    }

    fn details(mut self, details: serde_json::Value) -> Self {
        self.details = details;
        self
    }
}
