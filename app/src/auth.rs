//! Enrollment, staff sign-in and manager approval, against the server's auth API (`shared::auth`).
//!
//! - Enrolling: a manager's email and password sign in once (`/auth/login`), enroll the terminal
//!   (`/devices`), and that session is logged out again. The terminal keeps the issued identity and device
//!   token in META (`db::session`); every request then carries `X-Device-Token` (`sync::http`).
//! - Signing in: a PIN (`/auth/pin`) gives a staff session, stored in META, so a reload, even offline, keeps
//!   the cashier signed in until the session's `expires_at`. Losing the network never signs anyone out.
//! - Signing out and switching cashier never delete data; the server is told (`/auth/logout`) when online,
//!   else later.
//! - A permission the signed-in staff lacks (refunds, discounts above `DISCOUNT_LIMIT_PERCENT`) needs a
//!   manager's approval: their PIN at this till (`/auth/override`). That needs the network; staff holding
//!   the permission themselves need nothing, offline too.
//! - A 401 to the device token means the enrollment was revoked: sync stops, all data stays.

use crate::actions;
use crate::db;
use crate::db::session::Enrolled;
use crate::error::{AppError, REVOKED};
use crate::state::{AfterApproval, AppState, ApprovalRequest, Dialog, DiscountTarget};
use crate::sync::http::{self, post_json_as, post_no_content, Creds};
use crate::sync::{self, note_reachability};
use leptos::prelude::*;
use leptos::task::spawn_local;
use rust_decimal::Decimal;
use shared::auth::{
    EnrollRequest, Enrollment, LoginRequest, Override, OverrideRequest, Permission, PinRequest,
    Session,
};
use shared::discount::{DiscountValue, ManualDiscount};
use shared::document::{Approval, StaffStamp};

/// Manual discounts above this percent of what they apply to need `Permission::DiscountOverLimit`.
pub const DISCOUNT_LIMIT_PERCENT: Decimal = Decimal::from_parts(20, 0, 0, false, 0);

/// "N min" for a wait in seconds, at least 1.
fn minutes(secs: Option<u64>) -> u64 {
    secs.map_or(1, |s| s.div_ceil(60).max(1))
}

/// The browser believes it has a network (the server may still be unreachable).
fn browser_online(state: AppState) -> bool {
    state.sync.browser_online.get_untracked()
}

/// Apply what was read at start: the enrollment (device token, name) and a session that has not expired.
pub fn restore(state: AppState, stored: db::session::StoredAuth) {
    if let Some(e) = stored.enrollment {
        http::set_device_token(Some(e.device_token));
        state.auth.terminal_name.set(Some(e.name));
    }
    match stored.session {
        Some(s) if s.expires_at > crate::ids::now_utc() => state.auth.session.set(Some(s)),
        Some(s) => {
            // Expired while the page was closed: nobody is signed in; tell the server when it can be told.
            spawn_local(async move {
                if let Err(e) = db::session::end_session(Some(&s.token)).await {
                    leptos::logging::error!("ending an expired session: {e}");
                }
            });
        }
        None => {}
    }
}

// ---- Enrollment --------------------------------------------------------------------------------------------

fn unsynced_message(n: u32) -> String {
    let sales = if n == 1 {
        "1 sale or refund".to_string()
    } else {
        format!("{n} sales or refunds")
    };
    format!(
        "This till still holds {sales} that did not reach the server. Enrolling gives the till a new \
         identity, under which those could no longer be sent, so it cannot be enrolled now. Nothing has been \
         deleted: ask a supervisor to get these sales to the server first."
    )
}

fn login_message(e: &AppError) -> String {
    match e {
        AppError::Network(_) => {
            "Enrolling needs a connection to the server. Check the network, then try again.".into()
        }
        AppError::Server { status: 401, .. } => {
            "That email and password do not match a manager's account. Check both and try again."
                .into()
        }
        AppError::Server { status: 423, .. } => format!(
            "Too many wrong passwords for this account. Try again in {} min.",
            minutes(e.retry_after_secs())
        ),
        AppError::Server { status: 429, .. } => format!(
            "Too many sign-in attempts from this till. Try again in {} min.",
            minutes(e.retry_after_secs())
        ),
        AppError::Server {
            status: 400 | 422, ..
        } => "Enter the manager's email address and password.".into(),
        AppError::Server { status, .. } => {
            format!(
                "The server could not sign the manager in (error {status}). Try again in a moment."
            )
        }
        other => other.cashier_message(),
    }
}

fn device_message(e: &AppError) -> String {
    match e {
        AppError::Network(_) => {
            "The connection to the server was lost while enrolling. Check the network, then try again.".into()
        }
        AppError::Server {
            status: 401 | 403, ..
        } => "This account may not enroll terminals. A manager or an administrator has to do it.".into(),
        AppError::Server {
            status: 400 | 422,
            message,
            ..
        } => format!("The server refused the terminal name: {message}"),
        AppError::Server { status, .. } => {
            format!("The server could not enroll this terminal (error {status}). Try again in a moment.")
        }
        other => other.cashier_message(),
    }
}

/// Enroll this terminal with a manager's credentials; the error is a sentence for the enrollment screen.
pub async fn enroll(
    state: AppState,
    email: String,
    password: String,
    name: String,
) -> Result<(), String> {
    let name = name.trim().to_string();
    if email.trim().is_empty() || password.is_empty() {
        return Err("Enter the manager's email address and password.".into());
    }
    if name.is_empty() {
        return Err("Give the terminal a name, e.g. \u{201c}Till 1\u{201d}.".into());
    }
    if !browser_online(state) {
        return Err(
            "This till is offline. Enrolling needs a connection to the server: connect it, then try again."
                .into(),
        );
    }
    // Check before anyone's password is sent: a till with unsent sales is not re-enrolled.
    let waiting = db::session::unsynced()
        .await
        .map_err(|e| e.cashier_message())?;
    if waiting > 0 {
        return Err(unsynced_message(waiting));
    }
    let login: Session = post_json_as(
        "/api/v1/auth/login",
        &LoginRequest {
            email: email.trim().to_string(),
            password,
        },
        Creds::Anonymous,
    )
    .await
    .map_err(|e| login_message(&e))?;
    note_reachability(state, true);
    let enrolled = post_json_as::<_, Enrollment>(
        "/api/v1/devices",
        &EnrollRequest { name },
        Creds::Staff(&login.token),
    )
    .await;
    // The manager's session was only for this: end it, whatever happened.
    let manager = login.token.clone();
    spawn_local(async move {
        match db::session::queue_logout(&manager).await {
            Ok(()) => flush_logouts().await,
            Err(e) => leptos::logging::error!("queueing the manager's logout: {e}"),
        }
    });
    let enrollment = enrolled.map_err(|e| device_message(&e))?;
    let terminal = match db::session::enroll(&enrollment).await {
        Ok(Enrolled::Done(t)) => t,
        Ok(Enrolled::Unsynced(n)) => return Err(unsynced_message(n)),
        Err(e) => return Err(e.cashier_message()),
    };
    http::set_device_token(Some(enrollment.device_token.clone()));
    state.device_id.set(Some(terminal.device_id));
    state.auth.session.set(None);
    state.auth.revoked.set(false);
    state.auth.re_enroll.set(false);
    state.auth.terminal_name.set(Some(enrollment.name));
    state.sync_error.set(None);
    sync::start(state);
    Ok(())
}

// ---- Sign-in and sign-out ----------------------------------------------------------------------------------

/// The server no longer accepts this terminal's device token: say so, stop syncing, keep everything.
pub fn note_revoked(state: AppState) {
    if !state.auth.revoked.get_untracked() {
        state.auth.revoked.set(true);
    }
    if state.sync_error.get_untracked().as_deref() != Some(REVOKED) {
        state.sync_error.set(Some(REVOKED.into()));
    }
}

fn pin_message(state: AppState, e: &AppError) -> String {
    match e {
        AppError::Network(_) => {
            note_reachability(state, false);
            "Signing in needs a connection to the server. Check the network, then try again.".into()
        }
        AppError::Server { status: 423, .. } => format!(
            "Too many wrong PINs. Try again in {} min.",
            minutes(e.retry_after_secs())
        ),
        AppError::Server {
            status: 401, code, ..
        } if code == "invalid_pin" => "That PIN is not right. Try again.".into(),
        AppError::Server { status: 401, .. } => {
            note_revoked(state);
            REVOKED.into()
        }
        AppError::Server { status: 429, .. } => format!(
            "Too many sign-in attempts. Try again in {} min.",
            minutes(e.retry_after_secs())
        ),
        AppError::Server {
            status: 400 | 422, ..
        } => "A PIN is 4 to 8 digits.".into(),
        AppError::Server { status, .. } => {
            format!("The server could not sign you in (error {status}). Try again in a moment.")
        }
        other => other.cashier_message(),
    }
}

/// Sign in with a PIN at this terminal; the error is a sentence for the PIN screen.
pub async fn sign_in(state: AppState, pin: String) -> Result<(), String> {
    let pin = pin.trim().to_string();
    if pin.is_empty() {
        return Err("Enter your PIN.".into());
    }
    let session: Session = post_json_as(
        "/api/v1/auth/pin",
        &PinRequest { pin: pin.clone() },
        Creds::Device,
    )
    .await
    .map_err(|e| pin_message(state, &e))?;
    note_reachability(state, true);
    if state.auth.revoked.get_untracked() {
        // The device token works again.
        state.auth.revoked.set(false);
        state.sync_error.set(None);
        sync::push::request_push(state);
    }
    db::session::save_session(&session)
        .await
        .map_err(|e| e.cashier_message())?;
    state.notice.set(None);
    crate::lock::remember(session.staff.id, &pin);
    crate::lock::clear(state);
    state.auth.session.set(Some(session));
    LAST_TOUCH_MS.with(|t| t.set(crate::ids::now_ms()));
    Ok(())
}

/// Tell the server a session is over. True when there is nothing left to tell (logged out now, or a token it
/// refuses anyway); false when it should be tried again later (no connection, server trouble).
async fn log_out_on_server(token: &str) -> bool {
    match post_no_content(
        "/api/v1/auth/logout",
        &serde_json::json!({}),
        Creds::DeviceAndStaff(token),
    )
    .await
    {
        Ok(()) => true,
        // The server will never take this token (ended, revoked, refused): nothing is left to tell it.
        Err(AppError::Server { status, .. }) if (400..500).contains(&status) && status != 429 => {
            true
        }
        Err(e) => {
            if !e.is_network() {
                leptos::logging::error!("logout: {e}");
            }
            false
        }
    }
}

/// Back to the PIN screen: nobody is signed in. Sales, the outbox and the order being rung up stay; the
/// session is logged out on the server now when online, else later (`flush_logouts`).
pub fn sign_out(state: AppState) {
    let Some(session) = state.auth.session.get_untracked() else {
        return;
    };
    state.payment_open.set(false);
    state.dialog.set(None);
    state.auth.approval.set(None);
    state.auth.approved.set(None);
    state.auth.session.set(None);
    crate::lock::forget();
    crate::lock::clear(state);
    spawn_local(async move {
        // Forget the session first, so a reload right now does not sign the cashier back in.
        if let Err(e) = db::session::end_session(Some(&session.token)).await {
            state.error.set(Some(e.cashier_message()));
            return;
        }
        if browser_online(state) {
            flush_logouts().await;
        }
    });
}

/// Log out an ended session on the server: now when online, else later (`flush_logouts`).
pub fn log_out_later(state: AppState, token: String) {
    spawn_local(async move {
        if let Err(e) = db::session::queue_logout(&token).await {
            leptos::logging::error!("queueing a logout: {e}");
            return;
        }
        if browser_online(state) {
            flush_logouts().await;
        }
    });
}

/// Log out, on the server, the sessions signed out while it could not be told.
pub async fn flush_logouts() {
    let pending = match db::session::pending_logouts().await {
        Ok(p) => p,
        Err(e) => {
            leptos::logging::error!("reading pending logouts: {e}");
            return;
        }
    };
    let mut done = Vec::new();
    for token in pending {
        if log_out_on_server(&token).await {
            done.push(token);
        }
    }
    if let Err(e) = db::session::forget_logouts(&done).await {
        leptos::logging::error!("storing logouts: {e}");
    }
}

/// At most this often, activity at the till (a sale reaching the server) tells the server the signed-in
/// session is still in use, so its idle timeout does not end it while the cashier is selling.
pub const KEEP_ALIVE_EVERY_MS: f64 = 10.0 * 60.0 * 1000.0;

thread_local! {
    static LAST_TOUCH_MS: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
}

/// Note the session as used (`GET /auth/me`), at most every `KEEP_ALIVE_EVERY_MS`. Failures change nothing
/// here: the cashier stays signed in on this till (an approval would then ask them to sign in again).
pub fn keep_alive(state: AppState) {
    let Some(token) = state
        .auth
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.token.clone()))
    else {
        return;
    };
    let now = crate::ids::now_ms();
    if now - LAST_TOUCH_MS.with(std::cell::Cell::get) < KEEP_ALIVE_EVERY_MS {
        return;
    }
    LAST_TOUCH_MS.with(|t| t.set(now));
    spawn_local(async move {
        if let Err(e) =
            http::get_json_as::<serde_json::Value>("/api/v1/auth/me", Creds::DeviceAndStaff(&token))
                .await
        {
            leptos::logging::log!("session keep-alive: {e}");
        }
    });
}

/// Sign out once the session's lifetime is over, but never in the middle of a payment or a dialog.
pub fn check_expiry(state: AppState) {
    let expired = state.auth.session.with_untracked(|s| {
        s.as_ref()
            .is_some_and(|s| s.expires_at <= crate::ids::now_utc())
    });
    if expired && !state.modal_open_untracked() {
        sign_out(state);
        state.notice.set(Some(
            "Your session has ended. Sign in again with your PIN.".into(),
        ));
    }
}

// ---- Manager approval --------------------------------------------------------------------------------------

/// Do `then` when the signed-in staff holds `permission`; otherwise ask for a manager's approval first.
pub fn require(state: AppState, permission: Permission, what: String, then: AfterApproval) {
    if state.auth.can(permission) {
        proceed(state, then, None);
    } else {
        state.auth.approval.set(Some(ApprovalRequest {
            permission,
            what,
            then,
        }));
    }
}

/// Do what was waiting for approval; `approval` is the override the server gave (none when no approval was
/// needed). It is stamped on the document the action makes: the refund (or exchange) made in the dialog it
/// opens, or the sale the approved discount is part of.
pub fn proceed(state: AppState, then: AfterApproval, approval: Option<Override>) {
    state.auth.approval.set(None);
    let approval = approval.map(|o| stamp_of(&o));
    match then {
        AfterApproval::Refund(sale) => {
            state.auth.approved.set(approval);
            actions::open_dialog(state, Dialog::Refund(sale));
        }
        AfterApproval::Discount { target, discount } => {
            actions::apply_discount(state, &target, discount);
            if let Some(approval) = approval {
                state.notice.set(Some(format!(
                    "Discount approved by {}.",
                    approval.approver.name
                )));
                state.cart.update(|o| o.approval = Some(approval));
            }
        }
    }
}

/// The approval to stamp on a document, from the override the server issued.
pub fn stamp_of(o: &Override) -> Approval {
    Approval {
        approver: StaffStamp {
            id: o.approver.id,
            name: o.approver.name.clone(),
        },
        permission: o.permission,
        override_token: Some(o.override_token.clone()),
    }
}

/// The signed-in staff member, to stamp as the cashier on the documents this till makes now.
pub fn cashier_stamp(state: AppState) -> Option<StaffStamp> {
    state.auth.session.with_untracked(|s| {
        s.as_ref().map(|s| StaffStamp {
            id: s.staff.id,
            name: s.staff.name.clone(),
        })
    })
}

fn override_message(state: AppState, e: &AppError) -> String {
    match e {
        AppError::Network(_) => {
            note_reachability(state, false);
            "Manager approval needs the network. Connect the till, or ask a supervisor to sign in here."
                .into()
        }
        AppError::Server { status: 403, .. } => {
            "That PIN belongs to someone who may not approve this. A supervisor or manager has to.".into()
        }
        AppError::Server { status: 423, .. } => format!(
            "Too many wrong PINs. Try again in {} min.",
            minutes(e.retry_after_secs())
        ),
        AppError::Server { status: 401, code, .. } if code == "invalid_pin" => {
            "That PIN is not right. Try again.".into()
        }
        AppError::Server { status: 401, code, .. }
            if code == "device_revoked" || code == "invalid_device_token" =>
        {
            note_revoked(state);
            REVOKED.into()
        }
        AppError::Server { status: 401, .. } => {
            "Your sign-in has ended on the server. Use \u{201c}Switch cashier\u{201d} to sign in again, then \
             ask for approval."
                .into()
        }
        AppError::Server { status: 429, .. } => format!(
            "Too many attempts. Try again in {} min.",
            minutes(e.retry_after_secs())
        ),
        AppError::Server {
            status: 400 | 422, ..
        } => "A PIN is 4 to 8 digits.".into(),
        AppError::Server { status, .. } => {
            format!("The server could not check the approval (error {status}). Try again in a moment.")
        }
        other => other.cashier_message(),
    }
}

/// Ask the server to approve `permission` for the signed-in staff with an approver's PIN.
pub async fn approve(
    state: AppState,
    pin: String,
    permission: Permission,
) -> Result<Override, String> {
    let pin = pin.trim().to_string();
    if pin.is_empty() {
        return Err("Enter the manager's PIN.".into());
    }
    let Some(token) = state
        .auth
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.token.clone()))
    else {
        return Err("Nobody is signed in at this till.".into());
    };
    let approval: Override = post_json_as(
        "/api/v1/auth/override",
        &OverrideRequest { pin, permission },
        Creds::DeviceAndStaff(&token),
    )
    .await
    .map_err(|e| override_message(state, &e))?;
    note_reachability(state, true);
    Ok(approval)
}

/// The discount takes more than `DISCOUNT_LIMIT_PERCENT` off what it applies to: a percent above it, or an
/// amount above that share of the line's (or the order's) list price.
pub fn discount_over_limit(
    state: AppState,
    target: &DiscountTarget,
    discount: &ManualDiscount,
) -> bool {
    let base = state.cart.with_untracked(|c| match target {
        DiscountTarget::Line { product_id, .. } => c
            .line(product_id)
            .map(|l| l.unit_price * l.quantity)
            .unwrap_or_default(),
        DiscountTarget::Order => c.lines.iter().map(|l| l.unit_price * l.quantity).sum(),
    });
    over_limit(&discount.value, base)
}

/// `value` takes more than `DISCOUNT_LIMIT_PERCENT` of `base`.
fn over_limit(value: &DiscountValue, base: Decimal) -> bool {
    match value {
        DiscountValue::Percent(p) => *p > DISCOUNT_LIMIT_PERCENT,
        DiscountValue::Amount(a) => *a * Decimal::ONE_HUNDRED > base * DISCOUNT_LIMIT_PERCENT,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn the_limit_is_twenty_percent_of_the_list_price() {
        assert_eq!(DISCOUNT_LIMIT_PERCENT, dec("20"));
        assert!(!over_limit(&DiscountValue::Percent(dec("20")), dec("10")));
        assert!(over_limit(&DiscountValue::Percent(dec("20.5")), dec("10")));
        assert!(!over_limit(
            &DiscountValue::Amount(dec("2.00")),
            dec("10.00")
        ));
        assert!(over_limit(
            &DiscountValue::Amount(dec("2.01")),
            dec("10.00")
        ));
        assert!(over_limit(
            &DiscountValue::Amount(dec("0.01")),
            Decimal::ZERO
        ));
    }

    #[test]
    fn waits_are_whole_minutes_at_least_one() {
        assert_eq!(minutes(None), 1);
        assert_eq!(minutes(Some(0)), 1);
        assert_eq!(minutes(Some(59)), 1);
        assert_eq!(minutes(Some(61)), 2);
        assert_eq!(minutes(Some(300)), 5);
    }

    #[test]
    fn unsynced_sales_are_counted_in_words() {
        assert!(unsynced_message(1).contains("1 sale or refund that"));
        assert!(unsynced_message(3).contains("3 sales or refunds that"));
    }
}
