//! Screens and dialogs the checkout's first load does without: each `#[lazy]` function below is a split
//! point, so the code only it reaches (the screen, its dialogs' rules, the services only they call) is cut
//! out of the checkout's wasm into a module of its own by `cargo xtask build` (wasm-split), fetched the
//! first time the screen opens and precached by the service worker for offline use.
//!
//! A screen opts in by being rendered here and only here: add `#[lazy] pub fn name(props) -> AnyView`
//! rendering the component, and show `<Lazy screen=lazy::name(props) />` where the component was shown.
//! Anything the main module still calls directly stays in the main module.

use super::{approval, dialogs, lock, parked, payment, receipt, sales};
use crate::services::state::{ApprovalRequest, Dialog, ParkView};
use leptos::lazy;
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use std::future::Future;

/// Shows the view `screen` resolves to once its module is loaded (nothing before: a module from the
/// service worker's cache loads in a few milliseconds). The view is built under this component's owner, so
/// it reads the same context and is disposed with it.
#[component]
pub fn Lazy<F>(screen: F) -> impl IntoView
where
    F: Future<Output = AnyView> + 'static,
{
    let slot = StoredValue::new_local(None::<AnyView>);
    let ready = Trigger::new();
    spawn_local_scoped_with_cancellation(async move {
        let view = screen.await;
        slot.try_set_value(Some(view));
        ready.notify();
    });
    move || {
        ready.track();
        slot.try_update_value(Option::take).flatten()
    }
}

/// The payment dialog (tenders, change, completing the sale).
#[lazy]
pub fn payment() -> AnyView {
    view! { <payment::PaymentDialog /> }.into_any()
}

/// A receipt (just sold, or picked from today's sales).
#[lazy]
pub fn receipt(from_list: bool) -> AnyView {
    view! { <receipt::ReceiptScreen from_list /> }.into_any()
}

/// Today's sales (history, refunds and exchanges start there).
#[lazy]
pub fn todays_sales() -> AnyView {
    view! { <sales::TodaysSales /> }.into_any()
}

/// The checkout's dialogs: discount, coupon, customer, weight, refund, sign-out, quantity.
#[lazy]
pub fn checkout_dialog(dialog: Dialog) -> AnyView {
    view! { <dialogs::CheckoutDialog dialog /> }.into_any()
}

/// Naming an order to park, or the list of parked orders.
#[lazy]
pub fn parked(view: ParkView) -> AnyView {
    parked::parked_view(view)
}

/// A manager's PIN for one action.
#[lazy]
pub fn approval(request: ApprovalRequest) -> AnyView {
    view! { <approval::ApprovalDialog request /> }.into_any()
}

/// The lock screen (inactivity or the Lock button).
#[lazy]
pub fn lock_screen() -> AnyView {
    view! { <lock::LockScreen /> }.into_any()
}
