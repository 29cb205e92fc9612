//! The checkout screen: search and products on one side, cart, totals and Pay on the other.

use super::cart::CartView;
use super::parked::ParkBar;
use super::products::ProductArea;
use super::search::SearchBox;
use super::totals::TotalsView;
use crate::services::session::approval;
use crate::services::state::use_state;
use leptos::prelude::*;

#[component]
pub fn Checkout() -> impl IntoView {
    let state = use_state();
    let empty = move || state.cart.with(|c| c.is_empty());
    view! {
        <div class="checkout">
            <section class="catalog-pane" aria-label="Products">
                <SearchBox />
                <ProductArea />
            </section>
            <aside class="order-pane">
                <CartView />
                <TotalsView />
                <ParkBar />
                <button
                    type="button"
                    class="pay-button"
                    disabled=empty
                    aria-keyshortcuts="F2 Control+Enter"
                    on:click=move |_| approval::pay(state)
                >
                    "Pay"
                </button>
            </aside>
        </div>
    }
}
