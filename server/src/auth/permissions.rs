//! Roles and their permissions: the one table. Each role has every permission of the role before it.

use shared::auth::{Permission, Role};
use Permission::*;

const CASHIER: &[Permission] = &[Sell];
const SUPERVISOR: &[Permission] = &[
    Sell,
    Refund,
    Void,
    DiscountOverLimit,
    NoSale,
    PriceOverride,
    Stock,
    ReturnWithoutReceipt,
];
const MANAGER: &[Permission] = &[
    Sell,
    Refund,
    Void,
    DiscountOverLimit,
    NoSale,
    PriceOverride,
    Reports,
    Catalog,
    Settings,
    StaffManage,
    DeviceEnroll,
    AuditView,
    Stock,
    ReturnWithoutReceipt,
    Loyalty,
    Customers,
    Webhooks,
];
const ADMIN: &[Permission] = &[
    Sell,
    Refund,
    Void,
    DiscountOverLimit,
    NoSale,
    PriceOverride,
    Reports,
    Catalog,
    Settings,
    StaffManage,
    DeviceEnroll,
    AuditView,
    ApiKeys,
    Stock,
    ReturnWithoutReceipt,
    Loyalty,
    Customers,
    Webhooks,
];

/// The permissions of `role`.
pub fn permissions(role: Role) -> &'static [Permission] {
    match role {
        Role::Cashier => CASHIER,
        Role::Supervisor => SUPERVISOR,
        Role::Manager => MANAGER,
        Role::Admin => ADMIN,
    }
}

pub fn allows(role: Role, permission: Permission) -> bool {
    permissions(role).contains(&permission)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Permission; 18] = [
        Sell,
        Refund,
        Void,
        DiscountOverLimit,
        NoSale,
        PriceOverride,
        Reports,
        Catalog,
        Settings,
        StaffManage,
        DeviceEnroll,
        AuditView,
        ApiKeys,
        Stock,
        ReturnWithoutReceipt,
        Loyalty,
        Customers,
        Webhooks,
    ];

    #[test]
    fn each_role_extends_the_one_before_and_admin_has_everything() {
        let roles = [Role::Cashier, Role::Supervisor, Role::Manager, Role::Admin];
        for pair in roles.windows(2) {
            for p in permissions(pair[0]) {
                assert!(allows(pair[1], *p), "{:?} lacks {p:?}", pair[1]);
            }
            assert!(permissions(pair[1]).len() > permissions(pair[0]).len());
        }
        for p in ALL {
            assert!(allows(Role::Admin, p), "admin lacks {p:?}");
        }
        assert!(!allows(Role::Manager, ApiKeys));
        assert!(allows(Role::Manager, Loyalty));
        assert!(!allows(Role::Supervisor, Loyalty));
        assert!(!allows(Role::Supervisor, Reports));
        assert!(!allows(Role::Supervisor, Customers));
        assert!(allows(Role::Manager, Customers));
        assert_eq!(permissions(Role::Cashier), &[Sell]);
        assert!(!allows(Role::Cashier, ReturnWithoutReceipt));
        assert!(allows(Role::Supervisor, ReturnWithoutReceipt));
        assert!(allows(Role::Manager, ReturnWithoutReceipt));
    }
}
