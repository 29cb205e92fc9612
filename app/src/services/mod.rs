//! The app's services: what happens behind the screens. They hold the page's few long-lived handles in one
//! value (`context::Handles`, carried by `state::AppState`), call storage (`db`) and the server (`api`), and
//! talk to the UI only through the signals of `AppState`.
//!
//! `office` is the back office's data, compiled only into the back office's wasm (feature `office`); the
//! checkout reaches it through `navigate`.

pub mod actions;
pub mod boot;
pub mod cart_edits;
pub mod checkout;
pub mod context;
pub mod customers;
pub mod history;
pub mod lock;
pub mod navigate;
#[cfg(feature = "office")]
pub mod office;
#[cfg(feature = "office")]
pub mod office_catalog;
#[cfg(feature = "office")]
pub mod office_loyalty;
#[cfg(feature = "office")]
pub mod office_purchasing;
#[cfg(feature = "office")]
pub mod office_quick_keys;
#[cfg(feature = "office")]
pub mod office_stock;
#[cfg(feature = "office")]
pub mod office_stores;
#[cfg(feature = "office")]
pub mod office_webhooks;
pub mod open_order;
pub mod parked;
pub mod returns;
pub mod session;
pub mod state;
pub mod sync;
pub mod voids;
