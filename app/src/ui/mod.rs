//! The checkout UI: header, alerts, the three screens, and the dialogs over them (payment, discount, coupon,
//! customer, weight, refund).

mod alerts;
mod cart;
mod checkout;
mod dialogs;
mod header;
mod keys;
mod payment;
mod products;
mod receipt;
mod refund;
mod sales;
mod search;
mod totals;

use crate::state::{AppState, Screen};
use crate::{boot, ids};
use leptos::prelude::*;
use std::time::Duration;

/// How often relative times ("oldest 2 min") are refreshed.
const CLOCK_TICK: Duration = Duration::from_secs(2);

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    boot::start(state);
    keys::install(state);
    set_interval(move || state.now_ms.set(ids::now_ms()), CLOCK_TICK);

    let screen = Memo::new(move |_| state.screen.get());
    // While a dialog is open, everything behind it is inert: Tab and clicks stay in the dialog.
    let behind = move || state.modal_open();
    view! {
        <div class="app">
            <div class="topbar-wrap" inert=behind>
                <header::Header />
            </div>
            <alerts::Alerts />
            <main class="main" inert=behind>
                {move || match screen.get() {
                    Screen::Checkout => view! { <checkout::Checkout /> }.into_any(),
                    Screen::Receipt { from_list } => view! { <receipt::ReceiptScreen from_list /> }.into_any(),
                    Screen::Sales => view! { <sales::TodaysSales /> }.into_any(),
                }}
            </main>
            <Show when=move || state.payment_open.get()>
                <payment::PaymentDialog />
            </Show>
            {move || state.dialog.get().map(|dialog| view! { <dialogs::CheckoutDialog dialog /> })}
        </div>
    }
}
