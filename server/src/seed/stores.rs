//! The demo's second store, "Harbour Street" (the first is the demo store itself, `DEFAULT_STORE_ID`): its own
//! address and receipt texts, and one product at its own price, so a second terminal shows what a store
//! changes. Created through the same audited store writes as the API (actor: the system).

use crate::auth::audit::{self, AuditExt};
use crate::store::{Store, StoreResult};
use chrono::{DateTime, Utc};
use serde_json::json;
use shared::catalog::StoreSettings;
use shared::stock::{LocationKind, NewLocation};
use shared::stores::NewStore;
use shared::Decimal;
use uuid::Uuid;

/// The demo's second store.
pub const HARBOUR_STREET_ID: Uuid = Uuid::from_u128(0x0000_0000_0000_4000_8000_0000_0000_0002);
/// Harbour Street's shop floor (where its sales move stock) and back room.
pub const HARBOUR_FLOOR: Uuid = Uuid::from_u128(0x0000_0000_0000_4000_8000_0000_0000_0201);
pub const HARBOUR_BACK_ROOM: Uuid = Uuid::from_u128(0x0000_0000_0000_4000_8000_0000_0000_0202);

pub fn harbour_street() -> NewStore {
    NewStore {
        settings: StoreSettings {
            name: "Harbour Street".into(),
            address: vec![
                "5 Harbour Street".into(),
                "20457 Hamburg".into(),
                "Germany".into(),
            ],
            time_zone: "Europe/Berlin".into(),
            receipt_header: "Harbour Street · fresh from the quay".into(),
            receipt_footer: "Thank you, see you at the harbour!".into(),
            ..super::demo_settings()
        },
        cash_rounding: None,
        active: true,
    }
}

/// The product Harbour Street sells at its own price, and that price (50 cents above the chain's).
pub fn harbour_price() -> (String, Decimal) {
    let products = super::demo_products();
    let first = &products[0];
    (first.id.clone(), first.price + Decimal::new(50, 2))
}

/// Harbour Street's locations: a shop floor where it sells and a back room.
pub fn harbour_locations() -> [(Uuid, NewLocation); 2] {
    let at_store = |name: &str, kind, sells| NewLocation {
        store_id: Some(HARBOUR_STREET_ID.to_string()),
        name: name.into(),
        kind,
        sells,
    };
    [
        (
            HARBOUR_FLOOR,
            at_store("Shop floor", LocationKind::SalesFloor, true),
        ),
        (
            HARBOUR_BACK_ROOM,
            at_store("Back room", LocationKind::BackRoom, false),
        ),
    ]
}

/// Create the second store, its price and its locations (on a freshly seeded demo database).
pub async fn seed(store: &dyn Store, now: DateTime<Utc>) -> StoreResult<()> {
    let new = harbour_street();
    let created = audit::entry(now, audit::system(), "store.create", audit::SUCCESS)
        .target(HARBOUR_STREET_ID)
        .details(json!({ "name": new.settings.name, "demo": true }));
    store
        .create_store(HARBOUR_STREET_ID, &new, &created)
        .await?;
    let (product, price) = harbour_price();
    let priced = audit::entry(now, audit::system(), "store.price_override", audit::SUCCESS)
        .target(HARBOUR_STREET_ID)
        .details(json!({ "product_id": product, "price": price, "demo": true }));
    store
        .put_store_price(HARBOUR_STREET_ID, &product, Some(price), &priced)
        .await?;
    for (id, location) in harbour_locations() {
        let entry = audit::entry(
            now,
            audit::system(),
            "stock.location.create",
            audit::SUCCESS,
        )
        .target(id)
        .details(json!({ "name": location.name, "store_id": HARBOUR_STREET_ID, "demo": true }));
        store.create_location(id, &location, now, &entry).await?;
    }
    Ok(())
}
