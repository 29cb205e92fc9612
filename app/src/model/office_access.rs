//! Who may open the back office and which of its tabs: the audit log with `AuditView`, the products with
//! `Catalog`, the stores with `Settings`, the stock with `Stock`, loyalty and gift cards with `Loyalty`, the webhooks with `Webhooks`. A session holding any of them opens it and sees only its tabs
//! (the server checks each request again).

use shared::auth::Permission;

/// A tab of the back office.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OfficeTab {
    Audit,
    Products,
    Stores,
    Stock,
    Loyalty,
    Webhooks,
}

impl OfficeTab {
    /// Every tab, in the order the tab bar shows them, with the permission each needs.
    pub const ALL: [(OfficeTab, Permission); 6] = [
        (OfficeTab::Audit, Permission::AuditView),
        (OfficeTab::Products, Permission::Catalog),
        (OfficeTab::Stores, Permission::Settings),
        (OfficeTab::Stock, Permission::Stock),
        (OfficeTab::Loyalty, Permission::Loyalty),
        (OfficeTab::Webhooks, Permission::Webhooks),
    ];

    /// The tab's name on the tab bar (the back office's wasm only).
    #[cfg(feature = "office")]
    pub fn label(self) -> &'static str {
        match self {
            OfficeTab::Audit => "Audit log",
            OfficeTab::Products => "Products",
            OfficeTab::Stores => "Stores",
            OfficeTab::Stock => "Stock",
            OfficeTab::Loyalty => "Loyalty",
            OfficeTab::Webhooks => "Webhooks",
        }
    }
}

/// The tabs a session with `permissions` may use, in tab-bar order (none: no back office).
pub fn tabs(permissions: &[Permission]) -> Vec<OfficeTab> {
    OfficeTab::ALL
        .iter()
        .filter(|(_, needs)| permissions.contains(needs))
        .map(|(tab, _)| *tab)
        .collect()
}

/// Whether a session with `permissions` may open the back office at all.
pub fn may_open(permissions: &[Permission]) -> bool {
    !tabs(permissions).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Permission::*;

    #[test]
    fn each_permission_opens_its_own_tab_only() {
        assert_eq!(tabs(&[Sell, Catalog]), [OfficeTab::Products]);
        assert_eq!(tabs(&[Settings]), [OfficeTab::Stores]);
        assert_eq!(
            tabs(&[Settings, AuditView, Catalog]),
            [OfficeTab::Audit, OfficeTab::Products, OfficeTab::Stores]
        );
        assert!(may_open(&[Catalog]));
        assert!(may_open(&[Settings]));
        assert_eq!(tabs(&[Sell, Refund, Void, Stock]), [OfficeTab::Stock]);
        assert!(!may_open(&[Sell, Refund, Void]));
        assert_eq!(tabs(&[Webhooks]), [OfficeTab::Webhooks]);
    }
}
