//! Tagged wire enums read tag first: `#[derive(shared_derive::TagFirst)]` emits a `Deserialize` calling
//! [`TagFirst`] (crate `shared-wire`, kept apart because a serde `Deserializer` must name every primitive).

pub use shared_wire::TagFirst;
