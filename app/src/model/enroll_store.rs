//! Which store a terminal is enrolled for: when the manager's account manages more than one open store, the
//! enrollment screen asks, with the first store (the chain's default) chosen; with one store or none it does
//! not ask and the server's default applies.

use shared::stores::{Store, DEFAULT_STORE_ID};
use uuid::Uuid;

/// One store offered at enrollment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreChoice {
    pub id: Uuid,
    pub name: String,
}

/// The open stores of `stores` to choose from (the first store first, then by name), or `None` when there is
/// nothing to choose.
pub fn store_choices(stores: &[Store]) -> Option<Vec<StoreChoice>> {
    let mut open: Vec<StoreChoice> = stores
        .iter()
        .filter(|s| s.active)
        .map(|s| StoreChoice {
            id: s.id,
            name: s.settings.name.clone(),
        })
        .collect();
    open.sort_by(|a, b| {
        (b.id == DEFAULT_STORE_ID)
            .cmp(&(a.id == DEFAULT_STORE_ID))
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    (open.len() > 1).then_some(open)
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::catalog::StoreSettings;

    fn store(id: Uuid, name: &str, active: bool) -> Store {
        Store {
            id,
            settings: StoreSettings {
                name: name.into(),
                ..Default::default()
            },
            cash_rounding: None,
            active,
            version: 1,
        }
    }

    #[test]
    fn the_first_store_leads_then_open_stores_by_name() {
        let harbour = Uuid::from_u128(2);
        let annex = Uuid::from_u128(3);
        let closed = Uuid::from_u128(4);
        let list = [
            store(harbour, "Harbour Street", true),
            store(closed, "Airport", false),
            store(annex, "annex", true),
            store(DEFAULT_STORE_ID, "Main Street", true),
        ];
        let ids: Vec<Uuid> = store_choices(&list)
            .expect("three open stores")
            .iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(ids, [DEFAULT_STORE_ID, annex, harbour]);
    }

    #[test]
    fn one_open_store_is_no_choice() {
        assert_eq!(store_choices(&[]), None);
        let only = [
            store(DEFAULT_STORE_ID, "Main Street", true),
            store(Uuid::from_u128(2), "Closed", false),
        ];
        assert_eq!(store_choices(&only), None);
    }
}
