//! What a route requires of its caller. Every route registered through `RouteTable` declares one [`Access`].

use shared::auth::{Permission, Scope};
use std::fmt;

/// One way to be let in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Grant {
    /// Any signed-in staff member.
    AnyStaff,
    /// A staff session whose role has this permission (or a matching `X-Override-Token`).
    Staff(Permission),
    /// An enrolled, non-revoked device (`X-Device-Token`).
    Device,
    /// An API key with this scope.
    Scope(Scope),
}

/// A route's requirement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Access {
    /// No credentials needed.
    Public,
    /// `/metrics`: public when the configuration says so, else [`Grant::Scope`] `metrics`.
    Metrics,
    /// Any one of these grants.
    Any(&'static [Grant]),
}

impl Access {
    /// Permissions an override token may stand in for.
    pub fn permissions(&self) -> impl Iterator<Item = Permission> + '_ {
        let grants: &[Grant] = match self {
            Access::Any(grants) => grants,
            _ => &[],
        };
        grants.iter().filter_map(|g| match g {
            Grant::Staff(p) => Some(*p),
            _ => None,
        })
    }

    /// Whether a bearer token (session or API key) can satisfy this access.
    pub fn takes_bearer(&self) -> bool {
        match self {
            Access::Public => false,
            Access::Metrics => true,
            Access::Any(grants) => grants.iter().any(|g| !matches!(g, Grant::Device)),
        }
    }

    /// Whether a device token can satisfy this access.
    pub fn takes_device(&self) -> bool {
        matches!(self, Access::Any(grants) if grants.contains(&Grant::Device))
    }
}

fn name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

impl fmt::Display for Grant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Grant::AnyStaff => write!(f, "a staff session"),
            Grant::Staff(p) => write!(f, "permission `{}`", name(p)),
            Grant::Device => write!(f, "a device token"),
            Grant::Scope(s) => write!(f, "an API key with scope `{}`", name(s)),
        }
    }
}

impl fmt::Display for Access {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Access::Public => write!(f, "nothing (public)"),
            Access::Metrics => write!(
                f,
                "nothing when metrics are public, else an API key with scope `metrics`"
            ),
            Access::Any(grants) => {
                for (i, g) in grants.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", or ")?;
                    }
                    write!(f, "{g}")?;
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_reads_as_a_sentence() {
        let a = Access::Any(&[
            Grant::Staff(Permission::Reports),
            Grant::Scope(Scope::SalesRead),
            Grant::Device,
        ]);
        assert_eq!(
            a.to_string(),
            "permission `reports`, or an API key with scope `sales:read`, or a device token"
        );
        assert_eq!(a.permissions().collect::<Vec<_>>(), [Permission::Reports]);
        assert!(a.takes_bearer() && a.takes_device());
        assert!(!Access::Any(&[Grant::Device]).takes_bearer());
    }
}
