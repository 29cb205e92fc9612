//! Shared domain of the point of sale: pure types and logic used by both the browser app and the server.
//!
//! Architecture Invariant: this crate does no IO and depends on no web, database or async runtime crate,
//! so every rule here is testable as a pure function and behaves identically in WASM and on the server.
#![forbid(unsafe_code)]

pub mod api;
pub mod barcode;
pub mod cart;
pub mod catalog;
pub mod money;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod pricing;
pub mod sale;
pub mod sync;

pub use rust_decimal::Decimal;
