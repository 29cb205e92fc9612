//! The label values of the metrics: bounded sets (methods, limits, refusal reasons) and the label sets the
//! families are keyed by.

use axum::http::Method;
use prometheus_client::encoding::EncodeLabelSet;

/// A request's route template, method and status (`pos_http_requests_total`).
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub route: String,
    pub method: &'static str,
    pub status: u16,
}

/// A route template (`pos_http_request_duration_seconds`).
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    pub route: String,
}

/// Which limit refused a request (`pos_http_rate_limited_total`).
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct LimitLabels {
    pub limit: &'static str,
}

/// Why a push was refused (`pos_sync_push_refused_total`).
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ReasonLabels {
    pub reason: &'static str,
}

/// The method as a label: the standard ones by name, anything else as `OTHER` (bounded label values).
pub fn method_label(method: &Method) -> &'static str {
    const KNOWN: [Method; 9] = [
        Method::GET,
        Method::HEAD,
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
        Method::OPTIONS,
        Method::CONNECT,
        Method::TRACE,
    ];
    const NAMES: [&str; 9] = [
        "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE",
    ];
    KNOWN
        .iter()
        .position(|m| m == method)
        .map_or("OTHER", |i| NAMES[i])
}

/// Which limit refused a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    Api,
    Auth,
}

impl Limit {
    pub const ALL: [Limit; 2] = [Limit::Api, Limit::Auth];

    pub fn label(self) -> &'static str {
        match self {
            Limit::Api => "api",
            Limit::Auth => "auth",
        }
    }
}

/// Why a push was refused, as a metric label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PushRefusal {
    TooManyMutations,
    Conflict,
    Gap,
    InvalidSale,
    InvalidRefund,
    InvalidVoid,
    InvalidExchange,
    InvalidCashMovement,
    InvalidCustomer,
    UnknownSale,
    CardNumber,
    Storage,
    InvalidUnreceiptedReturn,
}

impl PushRefusal {
    pub const ALL: [PushRefusal; 13] = [
        PushRefusal::TooManyMutations,
        PushRefusal::Conflict,
        PushRefusal::Gap,
        PushRefusal::InvalidSale,
        PushRefusal::InvalidRefund,
        PushRefusal::InvalidVoid,
        PushRefusal::InvalidExchange,
        PushRefusal::InvalidCashMovement,
        PushRefusal::InvalidCustomer,
        PushRefusal::UnknownSale,
        PushRefusal::CardNumber,
        PushRefusal::Storage,
        PushRefusal::InvalidUnreceiptedReturn,
    ];

    pub fn label(self) -> &'static str {
        match self {
            PushRefusal::TooManyMutations => "too_many_mutations",
            PushRefusal::Conflict => "mutation_conflict",
            PushRefusal::Gap => "sequence_gap",
            PushRefusal::InvalidSale => "invalid_sale",
            PushRefusal::InvalidRefund => "invalid_refund",
            PushRefusal::InvalidVoid => "invalid_void",
            PushRefusal::InvalidExchange => "invalid_exchange",
            PushRefusal::InvalidCashMovement => "invalid_cash_movement",
            PushRefusal::InvalidCustomer => "invalid_customer",
            PushRefusal::UnknownSale => "unknown_sale",
            PushRefusal::CardNumber => "card_number_in_payload",
            PushRefusal::Storage => "storage",
            PushRefusal::InvalidUnreceiptedReturn => "invalid_unreceipted_return",
        }
    }
}
