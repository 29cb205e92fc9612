//! The back office: reached from the checkout header by staff whose session holds the audit permission, or,
//! on a browser that is not an enrolled terminal, by a manager's password sign-in from the enrollment screen.
//! It shows the audit log (`audit.rs`); `sign_in.rs` is the remote sign-in form.

mod audit;
mod audit_parts;
mod sign_in;

use super::enroll::EnrollScreen;
use crate::services::navigate;
use crate::services::office::Access;
use crate::services::state::use_state;
use leptos::prelude::*;
use shared::auth::Permission;

/// While the terminal is not enrolled: the remote manager's back office, its sign-in form, or enrollment.
#[component]
pub fn EnrollOrOffice() -> impl IntoView {
    let state = use_state();
    move || {
        if state.office.remote.with(Option::is_some) {
            view! { <audit::AuditScreen access=Access::Remote /> }.into_any()
        } else if state.office.signing_in.get() {
            view! { <sign_in::RemoteSignIn /> }.into_any()
        } else {
            view! { <EnrollScreen /> }.into_any()
        }
    }
}

/// The back office at the till, for the signed-in staff; back to the checkout's page for staff without the
/// audit permission (after a switch of cashier).
#[component]
pub fn TillOffice() -> impl IntoView {
    let state = use_state();
    let allowed = move || {
        state.auth.session.with(|s| {
            s.as_ref()
                .is_some_and(|s| s.staff.permissions.contains(&Permission::AuditView))
        })
    };
    Effect::new(move |_| {
        if !allowed() {
            navigate::open_checkout();
        }
    });
    view! {
        <Show when=allowed>
            <audit::AuditScreen access=Access::Till />
        </Show>
    }
}
