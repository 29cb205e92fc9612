//! The top bar: store name, sync status (online, unsynced count, age of the oldest), and once someone is
//! signed in, navigation (with the back office for staff who may read the audit log) and the cashier (Lock,
//! Switch cashier, Sign out); none of that while the till is locked.

use super::format;
use crate::model::office_access;
use crate::services::state::{use_state, Dialog, Phase, Screen};
use crate::services::{actions, navigate};
use leptos::prelude::*;

#[component]
pub fn Header() -> impl IntoView {
    let state = use_state();
    let online = move || state.sync.online();
    let status_text = move || {
        let pending = state.sync.pending.get();
        let mut text = format!(
            "{} \u{b7} {} unsynced",
            if online() { "Online" } else { "Offline" },
            pending.count
        );
        if let (true, Some(oldest)) = (pending.count > 0, pending.oldest_ms) {
            text.push_str(&format!(
                " \u{b7} oldest {}",
                format::age(state.now_ms.get() - oldest)
            ));
        }
        text
    };
    let on_checkout = move || {
        matches!(
            state.screen.get(),
            Screen::Checkout | Screen::Receipt { from_list: false }
        )
    };
    let on_sales = move || {
        matches!(
            state.screen.get(),
            Screen::Sales | Screen::Receipt { from_list: true }
        )
    };
    let cashier = move || state.auth.staff_name();
    // The back office is for staff whose session holds one of its permissions (audit, catalog, settings).
    let may_audit = move || {
        state.auth.session.with(|s| {
            s.as_ref()
                .is_some_and(|s| office_access::may_open(&s.staff.permissions))
        })
    };
    view! {
        <header class="topbar">
            <div class="store-name">{move || state.settings.with(|s| s.name.clone())}</div>
            <div
                class="sync-status"
                class:offline=move || !online()
                class:pending=move || { state.sync.pending.get().count > 0 }
                role="status"
                aria-label="Sync status"
            >
                <span class="dot" aria-hidden="true"></span>
                <span>{status_text}</span>
            </div>
            <Show when=move || {
                state.auth.phase.get() == Phase::SignedIn && state.auth.locked.with(Option::is_none)
            }>
            <nav class="nav" aria-label="Main">
                <button
                    type="button"
                    class="nav-button"
                    aria-current=move || on_checkout().then_some("page")
                    on:click=move |_| navigate::open_checkout_screen(state)
                >
                    "Checkout"
                </button>
                <button
                    type="button"
                    class="nav-button"
                    aria-current=move || on_sales().then_some("page")
                    on:click=move |_| navigate::open_sales(state)
                >
                    "Today's sales"
                </button>
                <Show when=may_audit>
                    <button
                        type="button"
                        class="nav-button"
                        aria-current=move || navigate::on_back_office(state).then_some("page")
                        on:click=move |_| navigate::open_back_office(state)
                    >
                        "Back office"
                    </button>
                </Show>
            </nav>
            <div class="cashier" role="group" aria-label="Cashier">
                <span class="cashier-name">{cashier}</span>
                <button
                    type="button"
                    class="nav-button lock-button"
                    title="Lock the till (F9)"
                    on:click=move |_| crate::services::lock::lock(state)
                >
                    "Lock"
                </button>
                <button
                    type="button"
                    class="nav-button"
                    on:click=move |_| actions::open_dialog(state, Dialog::SignOut { switch: true })
                >
                    "Switch cashier"
                </button>
                <button
                    type="button"
                    class="nav-button"
                    on:click=move |_| actions::open_dialog(state, Dialog::SignOut { switch: false })
                >
                    "Sign out"
                </button>
            </div>
            </Show>
        </header>
    }
}
