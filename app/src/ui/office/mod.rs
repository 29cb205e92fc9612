//! The back office: reached from the checkout header by staff whose session holds the audit permission, or,
//! on a browser that is not an enrolled terminal, by a manager's password sign-in from the enrollment screen.
//! Its tabs are the audit log (`audit.rs`) and, for sessions with the catalog permission, the products
//! (`products.rs`, the form in `product_edit.rs`), and for sessions with the stock permission the stock
//! (`stock.rs`, its adjust and transfer panel in `stock_move.rs`); `sign_in.rs` is the remote sign-in form.

mod audit;
mod audit_parts;
mod product_edit;
mod products;
mod sign_in;
mod stock;
mod stock_move;

use super::enroll::EnrollScreen;
use crate::services::navigate;
use crate::services::office::{self, Access};
use crate::services::state::use_state;
use leptos::prelude::*;
use shared::auth::Permission;

/// While the terminal is not enrolled: the remote manager's back office, its sign-in form, or enrollment.
#[component]
pub fn EnrollOrOffice() -> impl IntoView {
    let state = use_state();
    move || {
        if state.office.remote.with(Option::is_some) {
            view! { <OfficeTabs access=Access::Remote /> }.into_any()
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
            <OfficeTabs access=Access::Till />
        </Show>
    }
}

/// The back office's tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    Audit,
    Products,
    Stock,
}

/// The tab bar (Products only for a session with the catalog permission) over the chosen screen.
#[component]
fn OfficeTabs(access: Access) -> impl IntoView {
    let state = use_state();
    let tab = RwSignal::new(Tab::Audit);
    let session = office::session(state, access);
    let catalog = move || {
        session.with(|s| {
            s.as_ref()
                .is_some_and(|s| s.staff.permissions.contains(&Permission::Catalog))
        })
    };
    let stock = move || {
        session.with(|s| {
            s.as_ref()
                .is_some_and(|s| s.staff.permissions.contains(&Permission::Stock))
        })
    };
    let button = move |which: Tab, label: &'static str| {
        view! {
            <button
                type="button"
                class="office-tab"
                aria-current=move || (tab.get() == which).then_some("page")
                on:click=move |_| tab.set(which)
            >
                {label}
            </button>
        }
    };
    view! {
        <Show when=move || catalog() || stock()>
            <nav class="office-tabs" aria-label="Back office sections">
                {button(Tab::Audit, "Audit log")}
                <Show when=catalog>{button(Tab::Products, "Products")}</Show>
                <Show when=stock>{button(Tab::Stock, "Stock")}</Show>
            </nav>
        </Show>
        {move || match tab.get() {
            Tab::Products if catalog() => view! { <products::ProductsScreen access /> }.into_any(),
            Tab::Stock if stock() => view! { <stock::StockScreen access /> }.into_any(),
            _ => view! { <audit::AuditScreen access /> }.into_any(),
        }}
    }
}
