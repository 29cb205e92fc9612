//! The app's one error type, and the one place that turns an HTTP answer (status + `ErrorBody`, the server's
//! problem details: `code` and `detail` are what the app reads) into an
//! `AppError` and an `AppError` into the words a cashier reads, per request (`Ask`).

use shared::api::ErrorBody;
use shared::cart::CartError;
use shared::catalog::UnknownTaxRate;
use shared::document::DocumentError;
use thiserror::Error;

/// What a till whose device token the server no longer accepts tells the cashier.
pub const REVOKED: &str =
    "This terminal's enrollment was revoked. Ask a manager to enroll it again.";

/// A sign-in (PIN, or the back office's password) without the network.
const SIGN_IN_OFFLINE: &str =
    "Signing in needs a connection to the server. Check the network, then try again.";

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
        /// With `invalid_field` (a 422 of the back office's catalog): the field at fault, as the request's
        /// JSON spells it.
        field: Option<String>,
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
    /// A form's rule refused what was entered (a void of a sale voided meanwhile, …): its sentence.
    #[error(transparent)]
    Rule(#[from] crate::model::error::RuleError),
}

/// The request that failed, for its wording: the same status means different things to different screens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ask {
    /// Storage, sync and anything else at the till: the error banner.
    Till,
    /// A manager's email and password, to enroll this terminal.
    EnrollLogin,
    /// Enrolling this terminal with the manager's session.
    EnrollDevice,
    /// A PIN sign-in at this terminal.
    Pin,
    /// A manager's PIN approving a permission.
    Override,
    /// The back office's email-and-password sign-in (the back office's wasm only, as the two below).
    #[cfg(feature = "office")]
    OfficeSignIn,
    /// Reading the audit log as the staff signed in at this till.
    #[cfg(feature = "office")]
    AuditAtTill,
    /// Reading the audit log as the back office's remote manager.
    #[cfg(feature = "office")]
    AuditRemote,
    /// Reading or changing the back office's catalog (either sign-in).
    #[cfg(feature = "office")]
    Catalog,
    /// Reading or changing the back office's stores (either sign-in).
    #[cfg(feature = "office")]
    Stores,
    /// Reading or changing the loyalty programme, looking up gift cards (either sign-in).
    #[cfg(feature = "office")]
    Loyalty,
    /// Reading or moving stock in the back office (either sign-in).
    #[cfg(feature = "office")]
    Stock,
    /// The back office's webhook endpoints and their delivery logs (either sign-in).
    #[cfg(feature = "office")]
    Webhooks,
}

/// "N min" for a wait in seconds, at least 1.
fn minutes(secs: Option<u64>) -> u64 {
    secs.map_or(1, |s| s.div_ceil(60).max(1))
}

/// What the back office's desks (catalog, stores, stock) say about the server's answers: one row per desk.
#[cfg(feature = "office")]
struct Desk {
    /// After "No connection to the server.": where the desk's data lives.
    offline: &'static str,
    /// 403: who may.
    forbidden: &'static str,
    /// 404: what is gone.
    missing: &'static str,
    /// 409: someone else's change came first.
    stale: &'static str,
}

#[cfg(feature = "office")]
impl Desk {
    fn of(ask: Ask) -> Option<&'static Desk> {
        match ask {
            Ask::Catalog => Some(&Desk {
                offline: "The catalog is read and changed on the server:",
                forbidden: "This account may not change the catalog. A manager or an administrator can.",
                missing: "That product is no longer on the server. Search again.",
                stale: "Someone changed this product since you opened it. Close the form, open the product \
                        again and make your change there.",
            }),
            Ask::Stores => Some(&Desk {
                offline: "Stores are read and changed on the server:",
                forbidden: "This account may not manage this store. A manager of the store or an administrator \
                            can.",
                missing: "That store is no longer on the server. Open the list again.",
                stale: "Someone changed this store since you opened it. Close the form, open the store again \
                        and make your change there.",
            }),
            Ask::Stock => Some(&Desk {
                offline: "Stock is read and moved on the server:",
                forbidden: "This account may not see or move stock. A supervisor or a manager can.",
                missing: "That location, order or count is not on the server. Reload the page.",
                stale: "Someone else changed this since you opened it. Reload the page and try again.",
            }),
            Ask::Loyalty => Some(&Desk {
                offline: "The loyalty programme and gift cards are read and changed on the server:",
                forbidden: "This account may not manage loyalty. A manager or an administrator can.",
                missing: "No gift card with this number.",
                stale: "Someone changed the programme since you opened it. Reload it and make your change \
                        again.",
            }),
            Ask::Webhooks => Some(&Desk {
                offline: "Webhooks are read and changed on the server:",
                forbidden: "This account may not manage webhooks. A manager or an administrator can.",
                missing: "That endpoint is no longer on the server. Reload the page.",
                stale: "Someone changed this endpoint since you opened it. Reload the page and try again.",
            }),
            _ => None,
        }
    }

    /// The sentence for an error `status`; a refusal (400, 422) keeps the server's reason, which names the
    /// field or rule at fault.
    fn words(&self, status: u16, reason: &str) -> String {
        match status {
            401 => "Your sign-in has ended. Sign in again, then try again.".into(),
            403 => self.forbidden.into(),
            404 => self.missing.into(),
            409 => self.stale.into(),
            400 | 422 if reason.trim().is_empty() => {
                "The server refused this. Check the form and try again.".into()
            }
            400 | 422 => format!(
                "This cannot be saved: {}",
                crate::model::error::sentence(reason)
            ),
            429 => "Too many requests right now. Try again in a moment.".into(),
            s => format!("The server could not do this (error {s}). Try again in a moment."),
        }
    }
}

impl AppError {
    /// The error an HTTP answer with a failure `status` and body `text` stands for (`ErrorBody` when the body
    /// is one, else the text as the message).
    pub fn from_response(status: u16, text: String, retry_after_secs: Option<u64>) -> Self {
        match serde_json::from_str::<ErrorBody>(&text) {
            Ok(b) => AppError::Server {
                status,
                code: b.error,
                message: b.message,
                expected_seq: b.expected_seq,
                retry_after_secs,
                field: b.field,
            },
            Err(_) => AppError::Server {
                status,
                code: String::new(),
                message: text,
                expected_seq: None,
                retry_after_secs,
                field: None,
            },
        }
    }

    /// A 401 for a request made without any credentials that count (nobody signed in): the back office's.
    #[cfg(feature = "office")]
    pub fn unauthenticated(message: &str) -> Self {
        AppError::Server {
            status: 401,
            code: "unauthenticated".into(),
            message: message.into(),
            expected_seq: None,
            retry_after_secs: None,
            field: None,
        }
    }

    /// The field a 422 `invalid_field` names, with the server's sentence about it.
    #[cfg(feature = "office")]
    pub fn invalid_field(&self) -> Option<(&str, &str)> {
        match self {
            AppError::Server {
                status: 422,
                field: Some(field),
                message,
                ..
            } => Some((field.as_str(), message.as_str())),
            _ => None,
        }
    }

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

    /// The server said, answering `ask`, that it no longer accepts this terminal's device token.
    pub fn revokes_device(&self, ask: Ask) -> bool {
        let AppError::Server {
            status: 401, code, ..
        } = self
        else {
            return false;
        };
        match ask {
            Ask::Pin => code != "invalid_pin",
            Ask::Override => code == "device_revoked" || code == "invalid_device_token",
            Ask::Till => true,
            _ => false,
        }
    }

    /// The server will never take this request (a 4xx other than 429): retrying is pointless.
    pub fn is_final_refusal(&self) -> bool {
        matches!(self, AppError::Server { status, .. } if (400..500).contains(status) && *status != 429)
    }

    /// A sentence for the error banner, in words a cashier understands.
    pub fn cashier_message(&self) -> String {
        self.words(Ask::Till)
    }

    /// The sentence shown for this error after `ask` failed.
    pub fn words(&self, ask: Ask) -> String {
        use Ask::*;
        let wait = minutes(self.retry_after_secs());
        let AppError::Server {
            status,
            code,
            message,
            ..
        } = self
        else {
            return match (self, ask) {
                (AppError::Network(_), EnrollLogin) => {
                    "Enrolling needs a connection to the server. Check the network, then try again.".into()
                }
                (AppError::Network(_), EnrollDevice) => "The connection to the server was lost while \
                                                          enrolling. Check the network, then try again."
                    .into(),
                (AppError::Network(_), Pin) => SIGN_IN_OFFLINE.into(),
                #[cfg(feature = "office")]
                (AppError::Network(_), OfficeSignIn) => SIGN_IN_OFFLINE.into(),
                (AppError::Network(_), Override) => "Manager approval needs the network. Connect the till, \
                                                     or ask a supervisor to sign in here."
                    .into(),
                #[cfg(feature = "office")]
                (AppError::Network(_), AuditAtTill | AuditRemote) => "No connection to the server. The \
                                                                      audit log is read from the server: \
                                                                      check the network, then try again."
                    .into(),
                #[cfg(feature = "office")]
                (AppError::Network(_), _) if Desk::of(ask).is_some() => Desk::of(ask)
                    .map_or_else(String::new, |d| {
                        format!("No connection to the server. {} check the network, then try again.", d.offline)
                    }),
                _ => self.local_words(),
            };
        };
        let code = code.as_str();
        match (ask, *status) {
            (EnrollLogin, 401) => {
                "That email and password do not match a manager's account. Check both and try again.".into()
            }
            (EnrollLogin, 423) => {
                format!("Too many wrong passwords for this account. Try again in {wait} min.")
            }
            (EnrollLogin, 429) => {
                format!("Too many sign-in attempts from this till. Try again in {wait} min.")
            }
            (EnrollLogin, 400 | 422) => "Enter the manager's email address and password.".into(),
            (EnrollLogin, s) => {
                format!("The server could not sign the manager in (error {s}). Try again in a moment.")
            }
            (EnrollDevice, 401 | 403) => {
                "This account may not enroll terminals. A manager or an administrator has to do it.".into()
            }
            (EnrollDevice, 400 | 422) => format!("The server refused the terminal name: {message}"),
            (EnrollDevice, s) => {
                format!("The server could not enroll this terminal (error {s}). Try again in a moment.")
            }
            (Pin, 423) | (Override, 423) => format!("Too many wrong PINs. Try again in {wait} min."),
            (Pin | Override, 401) if code == "invalid_pin" => "That PIN is not right. Try again.".into(),
            (Pin, 401) => REVOKED.into(),
            (Pin, 429) => format!("Too many sign-in attempts. Try again in {wait} min."),
            (Pin | Override, 400 | 422) => "A PIN is 4 to 8 digits.".into(),
            (Pin, s) => format!("The server could not sign you in (error {s}). Try again in a moment."),
            (Override, 403) => {
                "That PIN belongs to someone who may not approve this. A supervisor or manager has to.".into()
            }
            (Override, 401) if self.revokes_device(Override) => REVOKED.into(),
            (Override, 401) => "Your sign-in has ended on the server. Use \u{201c}Switch cashier\u{201d} to \
                                sign in again, then ask for approval."
                .into(),
            (Override, 429) => format!("Too many attempts. Try again in {wait} min."),
            (Override, s) => {
                format!("The server could not check the approval (error {s}). Try again in a moment.")
            }
            #[cfg(feature = "office")]
            (OfficeSignIn, 401) => {
                "That email and password do not match a manager's account. Check both and try again.".into()
            }
            #[cfg(feature = "office")]
            (OfficeSignIn, 423 | 429) => format!("Too many sign-in attempts. Try again in {wait} min."),
            #[cfg(feature = "office")]
            (OfficeSignIn, 400 | 422) => "Enter your email address and password.".into(),
            #[cfg(feature = "office")]
            (OfficeSignIn, s) => {
                format!("The server could not sign you in (error {s}). Try again in a moment.")
            }
            #[cfg(feature = "office")]
            (AuditRemote, 401) => "Your back-office sign-in has ended. Sign out, then sign in again.".into(),
            #[cfg(feature = "office")]
            (AuditAtTill, 401) => {
                "Your sign-in has ended on the server. Use \u{201c}Switch cashier\u{201d} to sign in again.".into()
            }
            #[cfg(feature = "office")]
            (AuditAtTill | AuditRemote, 403) => {
                "This account may not view the audit log. A manager or an administrator can.".into()
            }
            #[cfg(feature = "office")]
            (AuditAtTill | AuditRemote, 400) => format!("The server refused these filters: {message}"),
            #[cfg(feature = "office")]
            (AuditAtTill | AuditRemote, 429) => "Too many requests right now. Try again in a moment.".into(),
            #[cfg(feature = "office")]
            (AuditAtTill | AuditRemote, s) => {
                format!("The server could not read the audit log (error {s}). Try again in a moment.")
            }
            #[cfg(feature = "office")]
            (Catalog | Stores | Stock | Loyalty | Webhooks, s) => Desk::of(ask).map_or_else(String::new, |d| d.words(s, message)),
            (Till, _) if code == "mutation_conflict" => "The server refused a sale as a conflicting \
                                                         duplicate. The sale is kept on this device; please \
                                                         call a supervisor."
                .into(),
            (Till, _) if code == "invalid_sale" => "The server refused a sale as invalid. The sale is kept on \
                                                    this device; please call a supervisor."
                .into(),
            (Till, _) if code == "sequence_gap" => "This till and the server disagree about which sales were \
                                                    sent. Sales are kept on this device; please call a \
                                                    supervisor."
                .into(),
            (Till, 401) => REVOKED.into(),
            (Till, _) if code == "device_mismatch" => "The server says these sales belong to another terminal \
                                                       than the one this till is enrolled as. Sales are kept \
                                                       on this device; please call a supervisor."
                .into(),
            (Till, 429) => "The server is busy with too many requests from this till. Sales are kept on this \
                            device and sent again in a moment."
                .into(),
            (Till, s) => format!(
                "The server had a problem (error {s}). Sales are kept on this device and sent again later."
            ),
        }
    }

    /// Words for failures that are not the server's answer (the same for every request).
    fn local_words(&self) -> String {
        match self {
            AppError::Storage(_) => "This device could not save or read its sales data. Try again; if it keeps \
                                     happening, call a supervisor before taking more payments."
                .into(),
            AppError::Network(_) => {
                "No connection to the server. Sales are kept on this device and sent when it is back.".into()
            }
            AppError::Server { .. } => self.words(Ask::Till),
            AppError::Data(_) => "The till received data it does not understand. Sales are kept on this device; \
                                  please call a supervisor."
                .into(),
            AppError::Browser(_) => "This browser is missing something the till needs. Reload the page; if it \
                                     keeps happening, call a supervisor."
                .into(),
            AppError::Document { what, error } => format!("The {what} cannot be completed: {error}."),
            AppError::Cart(CartError::UnknownTaxRate(UnknownTaxRate { product, .. })) => {
                format!("{product} cannot be sold: its tax rate is not on this till yet. Wait for the catalog to sync.")
            }
            AppError::Cart(e) => format!("The cart could not be changed: {e}."),
            AppError::Rule(e) => e.to_string(),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, code: &str) -> AppError {
        AppError::from_response(
            status,
            format!(
                r#"{{"type":"urn:pos:problem:{code}","title":"Conflict","status":{status},"detail":"nope","code":"{code}"}}"#
            ),
            Some(61),
        )
    }

    #[test]
    fn answers_become_server_errors_with_their_code() {
        match answer(409, "sequence_gap") {
            AppError::Server {
                status: 409,
                code,
                message,
                retry_after_secs: Some(61),
                ..
            } => assert_eq!((code.as_str(), message.as_str()), ("sequence_gap", "nope")),
            other => panic!("{other:?}"),
        }
        match AppError::from_response(502, "Bad gateway".into(), None) {
            AppError::Server { code, message, .. } => {
                assert_eq!((code.as_str(), message.as_str()), ("", "Bad gateway"))
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_same_status_reads_differently_per_request() {
        assert_eq!(answer(401, "x").words(Ask::Till), REVOKED);
        assert_eq!(
            answer(401, "invalid_pin").words(Ask::Pin),
            "That PIN is not right. Try again."
        );
        assert_eq!(answer(401, "invalid_device_token").words(Ask::Pin), REVOKED);
        assert!(answer(401, "session_expired")
            .words(Ask::Override)
            .starts_with("Your sign-in has ended on the server."));
        assert_eq!(answer(401, "device_revoked").words(Ask::Override), REVOKED);
        assert_eq!(
            answer(423, "locked").words(Ask::Pin),
            "Too many wrong PINs. Try again in 2 min."
        );
        assert_eq!(
            answer(422, "bad").words(Ask::EnrollDevice),
            "The server refused the terminal name: nope"
        );
        assert!(answer(500, "")
            .words(Ask::EnrollDevice)
            .contains("(error 500)"));
        #[cfg(feature = "office")]
        assert!(answer(500, "")
            .words(Ask::AuditRemote)
            .contains("(error 500)"));
        assert!(answer(409, "mutation_conflict")
            .cashier_message()
            .contains("conflicting duplicate"));
        assert!(AppError::Network("x".into())
            .words(Ask::Override)
            .starts_with("Manager approval needs the network"));
        assert!(AppError::Storage("x".into())
            .words(Ask::Pin)
            .starts_with("This device could not save"));
    }

    #[test]
    fn revocation_and_final_refusals() {
        assert!(answer(401, "x").revokes_device(Ask::Pin));
        assert!(!answer(401, "invalid_pin").revokes_device(Ask::Pin));
        assert!(!answer(401, "session_expired").revokes_device(Ask::Override));
        assert!(!answer(401, "x").revokes_device(Ask::EnrollLogin));
        assert!(answer(404, "x").is_final_refusal());
        assert!(!answer(429, "x").is_final_refusal());
        assert!(!answer(503, "x").is_final_refusal());
    }

    #[test]
    fn waits_are_whole_minutes_at_least_one() {
        assert_eq!(minutes(None), 1);
        assert_eq!(minutes(Some(0)), 1);
        assert_eq!(minutes(Some(59)), 1);
        assert_eq!(minutes(Some(61)), 2);
        assert_eq!(minutes(Some(300)), 5);
    }

    #[cfg(feature = "office")]
    #[test]
    fn each_back_office_desk_speaks_of_its_own_things() {
        assert!(answer(404, "x").words(Ask::Catalog).contains("product"));
        assert!(answer(404, "x").words(Ask::Stores).contains("store"));
        assert!(answer(409, "stale")
            .words(Ask::Stock)
            .contains("Someone else changed"));
        assert!(answer(403, "x").words(Ask::Stock).contains("supervisor"));
        assert_eq!(
            answer(422, "invalid_field").words(Ask::Stores),
            "This cannot be saved: Nope."
        );
        assert!(AppError::Network("x".into())
            .words(Ask::Stock)
            .starts_with("No connection to the server. Stock is read and moved on the server:"));
        assert!(answer(502, "").words(Ask::Catalog).contains("(error 502)"));
    }
}
