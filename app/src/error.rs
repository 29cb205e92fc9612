//! The app layer's one error type, and the words a cashier sees for each kind of failure.

use shared::cart::CartError;
use shared::document::DocumentError;
use thiserror::Error;

/// What a till whose device token the server no longer accepts tells the cashier.
pub const REVOKED: &str =
    "This terminal's enrollment was revoked. Ask a manager to enroll it again.";

#[derive(Debug, Error)]
pub enum AppError {
    /// IndexedDB refused or failed (quota, private mode, blocked upgrade, broken record).
    #[error("storage: {0}")]
    Storage(String),
    /// No answer from the server: offline, fetch rejected, dropped or timed-out response.
    #[error("network: {0}")]
    Network(String),
    /// The server answered with an error status and (usually) an `ErrorBody`.
    #[error("server answered {status} {code}: {message}")]
    Server {
        status: u16,
        code: String,
        message: String,
        expected_seq: Option<u64>,
        /// `Retry-After` of a 423 (locked) or 429 (rate limited) answer, in seconds.
        retry_after_secs: Option<u64>,
    },
    /// Data that does not have the expected shape (from storage or the server).
    #[error("unexpected data: {0}")]
    Data(String),
    /// Something the browser should provide is missing (window, crypto).
    #[error("browser: {0}")]
    Browser(String),
    /// The engine refused a sale or refund (`what`): underpaid, over-refund, a missing reason, …
    #[error("{what}: {error}")]
    Document {
        what: &'static str,
        error: DocumentError,
    },
    #[error(transparent)]
    Cart(#[from] CartError),
}

impl AppError {
    /// True for failures that only mean "no connection right now": retry later, show Offline, no banner.
    pub fn is_network(&self) -> bool {
        matches!(self, AppError::Network(_))
    }

    /// The server refused the credentials (401).
    pub fn is_unauthenticated(&self) -> bool {
        matches!(self, AppError::Server { status: 401, .. })
    }

    /// How long the server asked to wait (423 locked, 429 rate limited).
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            AppError::Server {
                retry_after_secs, ..
            } => *retry_after_secs,
            _ => None,
        }
    }

    /// A sentence for the error banner, in words a cashier understands.
    pub fn cashier_message(&self) -> String {
        match self {
            AppError::Storage(_) => "This device could not save or read its sales data. Try again; if it keeps \
                                     happening, call a supervisor before taking more payments."
                .into(),
            AppError::Network(_) => {
                "No connection to the server. Sales are kept on this device and sent when it is back.".into()
            }
            AppError::Server { code, .. } if code == "mutation_conflict" => {
                "The server refused a sale as a conflicting duplicate. The sale is kept on this device; \
                 please call a supervisor."
                    .into()
            }
            AppError::Server { code, .. } if code == "invalid_sale" => {
                "The server refused a sale as invalid. The sale is kept on this device; please call a supervisor."
                    .into()
            }
            AppError::Server { code, .. } if code == "sequence_gap" => {
                "This till and the server disagree about which sales were sent. Sales are kept on this device; \
                 please call a supervisor."
                    .into()
            }
            AppError::Server { status: 401, .. } => REVOKED.into(),
            AppError::Server { code, .. } if code == "device_mismatch" => {
                "The server says these sales belong to another terminal than the one this till is enrolled as. \
                 Sales are kept on this device; please call a supervisor."
                    .into()
            }
            AppError::Server { status: 429, .. } => {
                "The server is busy with too many requests from this till. Sales are kept on this device and \
                 sent again in a moment."
                    .into()
            }
            AppError::Server { status, .. } => format!(
                "The server had a problem (error {status}). Sales are kept on this device and sent again later."
            ),
            AppError::Data(_) => "The till received data it does not understand. Sales are kept on this device; \
                                  please call a supervisor."
                .into(),
            AppError::Browser(_) => "This browser is missing something the till needs. Reload the page; if it \
                                     keeps happening, call a supervisor."
                .into(),
            AppError::Document { what, error } => format!("The {what} cannot be completed: {error}."),
            AppError::Cart(CartError::UnknownTaxRate { product, .. }) => {
                format!("{product} cannot be sold: its tax rate is not on this till yet. Wait for the catalog to sync.")
            }
            AppError::Cart(e) => format!("The cart could not be changed: {e}."),
        }
    }
}

impl From<indexed_db_futures::error::Error> for AppError {
    fn from(e: indexed_db_futures::error::Error) -> Self {
        AppError::Storage(e.to_string())
    }
}

impl From<indexed_db_futures::error::OpenDbError> for AppError {
    fn from(e: indexed_db_futures::error::OpenDbError) -> Self {
        AppError::Storage(e.to_string())
    }
}
