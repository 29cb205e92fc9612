//! The back office: reached from the checkout header by staff whose session holds the audit, catalog or
//! settings permission, or, on a browser that is not an enrolled terminal, by a manager's password sign-in from
//! the enrollment screen. Its tabs (`model::office_access`: each for the sessions with its permission) are the
//! audit log (`audit.rs`), the products (`products.rs`, the form in `product_edit.rs`) and the stores
//! (`stores.rs`, the form in `store_edit.rs`) and the stock (`stock.rs`, its adjust and transfer panel in
//! `stock_move.rs`; purchase orders in `purchase_orders.rs` with `order_print.rs`, counts in `stock_count.rs`,
//! their sheets' parts in `sheet_parts.rs`) and loyalty (`loyalty.rs`: the programme and a gift card lookup); and the webhooks
//! (`webhooks.rs`: endpoints with Enable/Disable and
//! Send test, the delivery log with Replay in `webhook_log.rs`, the "Add endpoint" form in `webhook_add.rs`);
//! `sign_in.rs` is the remote sign-in form.

mod audit;
mod audit_parts;
mod form_parts;
mod list_parts;
mod loyalty;
mod order_print;
mod product_edit;
mod products;
mod purchase_orders;
mod quick_key_tile;
mod quick_keys_edit;
mod sheet_parts;
mod sign_in;
mod stock;
mod stock_count;
mod stock_move;
mod store_edit;
mod stores;
mod webhook_add;
mod webhook_log;
mod webhooks;

use super::enroll::EnrollScreen;
use crate::model::office_access::{self, OfficeTab};
use crate::services::navigate;
use crate::services::office::{self, Access};
use crate::services::state::use_state;
use leptos::prelude::*;

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

/// The back office at the till, for the signed-in staff; back to the checkout's page for staff without any
/// of its permissions (after a switch of cashier).
#[component]
pub fn TillOffice() -> impl IntoView {
    let state = use_state();
    let allowed = move || {
        state.auth.session.with(|s| {
            s.as_ref()
                .is_some_and(|s| office_access::may_open(&s.staff.permissions))
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

/// The tab bar (the tabs the session may use) over the chosen screen.
#[component]
fn OfficeTabs(access: Access) -> impl IntoView {
    let state = use_state();
    let session = office::session(state, access);
    let tabs = move || {
        session.with(|s| {
            s.as_ref()
                .map(|s| office_access::tabs(&s.staff.permissions))
                .unwrap_or_default()
        })
    };
    let chosen = RwSignal::new(None::<OfficeTab>);
    // The tab shown: the one chosen while the session may use it, else its first.
    let tab = move || {
        let tabs = tabs();
        chosen
            .get()
            .filter(|t| tabs.contains(t))
            .or(tabs.first().copied())
    };
    let button = move |which: OfficeTab| {
        view! {
            <button
                type="button"
                class="office-tab"
                aria-current=move || (tab() == Some(which)).then_some("page")
                on:click=move |_| chosen.set(Some(which))
            >
                {which.label()}
            </button>
        }
    };
    view! {
        <Show when=move || { tabs().len() > 1 }>
            <nav class="office-tabs" aria-label="Back office sections">
                {move || tabs().into_iter().map(button).collect_view()}
            </nav>
        </Show>
        {move || match tab() {
            Some(OfficeTab::Products) => view! { <products::ProductsScreen access /> }.into_any(),
            Some(OfficeTab::Stores) => view! { <stores::StoresScreen access /> }.into_any(),
            Some(OfficeTab::Stock) => view! { <stock::StockScreen access /> }.into_any(),
            Some(OfficeTab::Loyalty) => view! { <loyalty::LoyaltyScreen access /> }.into_any(),
            Some(OfficeTab::Webhooks) => view! { <webhooks::WebhooksScreen access /> }.into_any(),
            _ => view! { <audit::AuditScreen access /> }.into_any(),
        }}
    }
}
