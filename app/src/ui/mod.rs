//! The checkout UI: header, the offline bar, alerts and toasts, enrollment, sign-in and the lock screen, the
//! screens (checkout, receipt, today's sales, back office), and the dialogs over them (payment, discount, coupon, customer, weight,
//! refund, void, sign-out, park and parked orders, and manager approval on top).

mod alerts;
mod approval;
mod cart;
mod cart_extras;
mod cart_row;
mod checkout;
mod credentials;
mod custom_amount;
mod customer;
mod customer_form;
mod customer_panel;
mod dialogs;
mod discount;
mod enroll;
mod enroll_store;
mod format;
mod header;
mod keypad;
mod keys;
mod lazy;
mod lock;
mod loyalty_panel;
mod modal;
#[cfg(feature = "office")]
mod office;
mod offline;
mod parked;
mod payment;
mod payment_cash;
mod payment_fields;
mod payment_parts;
mod price_check;
mod products;
mod quantity;
mod quick_keys;
mod receipt;
mod receipt_parts;
mod refund;
mod refund_lines;
mod refund_receipt;
mod return_lines;
mod return_no_receipt;
mod return_receipt;
mod sale_receipt;
mod sale_search;
mod sales;
mod sales_rows;
mod search;
mod sign_in;
mod toast;
mod totals;
mod void;
mod weight;

use crate::ids;
use crate::services::boot;
use crate::services::state::{AppState, Phase, Screen};
use lazy::Lazy;
use leptos::prelude::*;
use std::time::Duration;

/// How often relative times ("oldest 2 min") are refreshed.
const CLOCK_TICK: Duration = Duration::from_secs(2);

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    boot::start(state);
    #[cfg(feature = "office")]
    crate::services::office::restore_remote(state);
    keys::install(state);
    crate::services::lock::install(state);
    set_interval(move || state.now_ms.set(ids::now_ms()), CLOCK_TICK);

    // A session past its lifetime ends (never in the middle of a payment or a dialog).
    Effect::new(move |_| {
        state.now_ms.track();
        crate::services::session::sign_in::check_expiry(state);
    });

    let screen = Memo::new(move |_| state.screen.get());
    // While a dialog is open, everything behind it is inert: Tab and clicks stay in the dialog.
    let behind = move || state.modal_open();
    let approving = move || state.auth.approval.with(Option::is_some);
    // Locked (`services::lock`): the till stays mounted, dialogs included, but hidden and inert behind the lock
    // screen, so unlocking returns exactly there.
    let locked = move || state.auth.locked.with(Option::is_some);
    let signed_in = move || {
        view! {
            <Show when=locked>
                <main class="main"><Lazy screen=lazy::lock_screen() /></main>
            </Show>
            <div class="till" style:display=move || if locked() { "none" } else { "contents" } inert=locked>
            <main class="main" inert=behind>
                {move || match screen.get() {
                    Screen::Checkout => view! { <checkout::Checkout /> }.into_any(),
                    Screen::Receipt { from_list } => view! { <Lazy screen=lazy::receipt(from_list) /> }.into_any(),
                    Screen::Sales => view! { <Lazy screen=lazy::todays_sales() /> }.into_any(),
                    #[cfg(feature = "office")]
                    Screen::Office => view! { <office::TillOffice /> }.into_any(),
                }}
            </main>
            <Show when=move || state.payment_open.get()>
                <Lazy screen=lazy::payment() />
            </Show>
            <div class="dialog-layer" inert=approving>
                {move || state.dialog.get().map(|dialog| view! { <Lazy screen=lazy::checkout_dialog(dialog) /> })}
                {move || state.parked.view.get().map(|v| view! { <Lazy screen=lazy::parked(v) /> })}
            </div>
            {move || state.auth.approval.get().map(|request| view! { <Lazy screen=lazy::approval(request) /> })}
            </div>
        }
    };
    view! {
        <div class="app">
            <div class="topbar-wrap" inert=move || behind() && !locked()>
                <header::Header />
            </div>
            <offline::OfflineBar />
            <alerts::Alerts />
            <toast::ToastView />
            {move || match state.auth.phase.get() {
                Phase::Starting => {
                    view! {
                        <main class="main starting" aria-busy="true">
                            <p class="muted">"Starting\u{2026}"</p>
                        </main>
                    }
                        .into_any()
                }
                Phase::Enroll => view! { <main class="main"><EnrollOrOffice /></main> }.into_any(),
                Phase::SignIn => view! { <main class="main"><sign_in::SignInScreen /></main> }.into_any(),
                Phase::SignedIn => signed_in().into_any(),
            }}
        </div>
    }
}

#[cfg(not(feature = "office"))]
use enroll::EnrollScreen as EnrollOrOffice;
/// While the terminal is not enrolled: enrollment (the checkout's wasm), or the back office's remote sign-in.
#[cfg(feature = "office")]
use office::EnrollOrOffice;
