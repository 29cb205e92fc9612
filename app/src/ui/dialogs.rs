//! The dialogs over the checkout and the receipt, by `Dialog`: discount (`discount`), coupon (here), customer
//! (`customer`), weight (`weight`), refund (`refund`), void (`void`), price check (`price_check`), custom amount (`custom_amount`), return without receipt (`return_no_receipt`), sign-out (`approval`), quantity (`quantity`). Escape or Cancel closes them (see
//! `keys`).

use super::approval::SignOutDialog;
use super::custom_amount::CustomAmountDialog;
use super::customer::CustomerDialog;
use super::discount::DiscountDialog;
use super::modal::{autofocus, on_enter, DialogActions, Modal};
use super::price_check::PriceCheckDialog;
use super::quantity::QuantityDialog;
use super::refund::RefundDialog;
use super::return_no_receipt::ReturnNoReceiptDialog;
use super::void::VoidDialog;
use super::weight::WeightDialog;
use crate::services::actions;
use crate::services::state::{use_state, Dialog};
use leptos::html::Input;
use leptos::prelude::*;

/// The open dialog, if it is one of these.
#[component]
pub fn CheckoutDialog(dialog: Dialog) -> impl IntoView {
    match dialog {
        Dialog::Discount(target) => view! { <DiscountDialog target /> }.into_any(),
        Dialog::Coupon => view! { <CouponDialog /> }.into_any(),
        Dialog::Customer => view! { <CustomerDialog /> }.into_any(),
        Dialog::Weight(product) => view! { <WeightDialog product=*product /> }.into_any(),
        Dialog::Refund(sale) => view! { <RefundDialog sale=*sale /> }.into_any(),
        Dialog::Void(sale) => view! { <VoidDialog sale=*sale /> }.into_any(),
        Dialog::PriceCheck => view! { <PriceCheckDialog /> }.into_any(),
        Dialog::CustomAmount => view! { <CustomAmountDialog /> }.into_any(),
        Dialog::ReturnNoReceipt => view! { <ReturnNoReceiptDialog /> }.into_any(),
        Dialog::SignOut { switch } => view! { <SignOutDialog switch /> }.into_any(),
        Dialog::Quantity {
            product_id,
            name,
            unit,
        } => view! { <QuantityDialog product_id name unit /> }.into_any(),
    }
}

#[component]
fn CouponDialog() -> impl IntoView {
    let state = use_state();
    let code = RwSignal::new(String::new());
    let input = NodeRef::<Input>::new();
    autofocus(input);
    let apply = move || {
        let text = code.get_untracked();
        let mut added = None;
        state.cart.update(|c| added = c.add_coupon(&text));
        if added.is_some() {
            actions::close_dialog(state);
        }
    };
    view! {
        <Modal label="Coupon" title="Coupon".to_string()>
            <label class="field">
                <span>"Coupon code"</span>
                <input
                    type="text"
                    autocomplete="off"
                    autocapitalize="characters"
                    spellcheck="false"
                    aria-label="Coupon code"
                    node_ref=input
                    on:input=move |ev| code.set(event_target_value(&ev))
                    on:keydown=on_enter(apply)
                />
            </label>
            <p class="pay-hint">"The cart shows whether the coupon applies."</p>
            <DialogActions
                confirm="Apply coupon"
                disabled=Signal::derive(move || code.with(|c| c.trim().is_empty()))
                on_confirm=apply
            />
        </Modal>
    }
}
