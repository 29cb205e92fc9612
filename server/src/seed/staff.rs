//! The demo staff, seeded with the demo store into a database without staff: an admin and a manager who sign
//! in with email and password, and PINs for the manager, a supervisor and two cashiers.

use crate::auth::audit::{self, AuditExt};
use crate::auth::passwords::Hasher;
use crate::auth::AuthError;
use crate::store::auth::StaffRecord;
use crate::store::Store;
use chrono::{DateTime, Utc};
use serde_json::json;
use shared::auth::Role;
use uuid::Uuid;

/// One demo staff member: name, role, PIN, email and password.
pub struct DemoStaff {
    pub name: &'static str,
    pub role: Role,
    pub pin: Option<&'static str>,
    pub login: Option<(&'static str, &'static str)>,
}

pub const DEMO_STAFF: &[DemoStaff] = &[
    DemoStaff {
        name: "Ada Admin",
        role: Role::Admin,
        pin: None,
        login: Some(("admin@demo.store", "demo-admin-2026")),
    },
    DemoStaff {
        name: "Maria Manager",
        role: Role::Manager,
        pin: Some("9999"),
        login: Some(("manager@demo.store", "demo-manager-2026")),
    },
    DemoStaff {
        name: "Sam Supervisor",
        role: Role::Supervisor,
        pin: Some("5678"),
        login: None,
    },
    DemoStaff {
        name: "Chris Cashier",
        role: Role::Cashier,
        pin: Some("1234"),
        login: None,
    },
    DemoStaff {
        name: "Alex Cashier",
        role: Role::Cashier,
        pin: Some("2468"),
        login: None,
    },
];

/// The demo credentials, as printed once after the first start.
pub fn credentials_text() -> String {
    let mut text = String::from("Demo staff (change or deactivate them before real use):\n");
    for s in DEMO_STAFF {
        let role = serde_json::to_value(s.role)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let mut line = format!("  {:<15} {:<10}", s.name, role);
        if let Some(pin) = s.pin {
            line.push_str(&format!(" PIN {pin}"));
        }
        if let Some((email, password)) = s.login {
            line.push_str(&format!("  login {email} / {password}"));
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

/// Seed the demo staff if the store has no staff at all. Returns whether it seeded.
/// `now` is when they are created.
pub async fn seed_if_none(
    store: &dyn Store,
    hasher: &Hasher,
    now: DateTime<Utc>,
) -> Result<bool, AuthError> {
    if store.has_staff().await? {
        return Ok(false);
    }
    for s in DEMO_STAFF {
        let record = StaffRecord {
            id: Uuid::now_v7(),
            name: s.name.into(),
            role: s.role,
            email: s.login.map(|(email, _)| email.to_owned()),
            password_hash: match s.login {
                Some((_, password)) => Some(hasher.hash(password).await?),
                None => None,
            },
            pin_hash: match s.pin {
                Some(pin) => Some(hasher.hash(pin).await?),
                None => None,
            },
            active: true,
            created_at: now,
        };
        let entry = audit::entry(now, audit::system(), "staff.create", audit::SUCCESS)
            .target(record.id)
            .details(json!({ "name": record.name, "role": record.role, "demo": true }));
        store.create_staff(&record, &entry).await?;
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_printed_credentials_name_every_login_and_pin() {
        let text = credentials_text();
        for needle in [
            "admin@demo.store / demo-admin-2026",
            "manager@demo.store / demo-manager-2026",
            "Maria Manager",
            "PIN 9999",
            "Sam Supervisor",
            "PIN 5678",
            "Chris Cashier",
            "PIN 1234",
            "Alex Cashier",
            "PIN 2468",
        ] {
            assert!(text.contains(needle), "{needle} missing from {text}");
        }
    }
}
