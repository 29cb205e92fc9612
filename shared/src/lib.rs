//! Shared domain of the point of sale: pure types and logic used by both the browser app and the server.
//!
//! Architecture Invariant: this crate does no IO and depends on no web, database or async runtime crate,
//! so every rule here is testable as a pure function and behaves identically in WASM and on the server.
#![forbid(unsafe_code)]

// `#[derive(shared_derive::TagFirst)]` names its runtime `::shared::wire`, here too.
extern crate self as shared;

pub mod api;
pub mod auth;
pub mod barcode;
pub mod basket;
pub mod cart;
pub mod cash_rounding;
pub mod catalog;
pub mod customer;
pub mod discount;
pub mod document;
pub mod held;
pub mod import;
pub mod ledger;
pub mod lock;
pub mod loyalty;
pub mod money;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod policy;
pub mod price_list;
pub mod pricing;
pub mod promotion;
pub mod purchasing;
pub mod quick_keys;
pub mod sale;
pub mod stock;
pub mod stores;
pub mod sync;
pub mod tax;
pub mod tender;
pub mod unit;
pub mod webhooks;
pub mod window;
pub mod wire;

pub use rust_decimal::Decimal;
