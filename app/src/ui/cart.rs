//! The cart: one row per line (`cart_row`), then the order's customer, coupons and order discounts
//! (`cart_extras`). An order started by another cashier says who started it; an exchange under way says what
//! it credits. A line whose product left the catalog keeps its price (`model::open_order`).

use super::cart_extras::OrderExtras;
use super::cart_row::CartRow;
use super::format;
use crate::services::state::use_state;
use leptos::prelude::*;
use rust_decimal::Decimal;

#[component]
pub fn CartView() -> impl IntoView {
    let state = use_state();
    let empty = move || state.cart.with(|c| c.is_empty());
    let count = move || {
        state.cart.with(|c| match c.item_count() {
            n if n == Decimal::ONE => "1 item".to_string(),
            n => format!("{} items", format::quantity(n)),
        })
    };
    let rows = move || {
        state.cart.with(|c| {
            c.lines
                .iter()
                .map(|l| (l.product_id.clone(), l.name.clone(), l.unit))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="cart" aria-label="Cart">
            <div class="cart-head">
                <h2>"Cart"</h2>
                <span class="cart-count">{count}</span>
                <button
                    type="button"
                    class="secondary small"
                    disabled=empty
                    on:click=move |_| {
                        state.cart.update(|c| c.clear());
                        state.focus_search();
                    }
                >
                    "Clear cart"
                </button>
            </div>
            {move || {
                let started = state.cart.with(|c| c.started_by.clone())?;
                let me = state.auth.session.with(|s| s.as_ref().map(|s| s.staff.id));
                (me != Some(started.id))
                    .then(|| view! { <p class="started-by muted">{format!("Started by {}", started.name)}</p> })
            }}
            {move || {
                state
                    .exchange
                    .get()
                    .map(|e| {
                        let value = state.settings.with(|s| format::money(s, e.value));
                        view! {
                            <p class="exchange-note">
                                <span>
                                    {format!("Exchange: {value} credit for items returned from receipt {}", e.sale.receipt_no)}
                                </span>
                                " "
                                <button
                                    type="button"
                                    class="link-button small"
                                    on:click=move |_| {
                                        state.exchange.set(None);
                                        state.focus_search();
                                    }
                                >
                                    "Cancel exchange"
                                </button>
                            </p>
                        }
                    })
            }}
            <Show when=empty>
                <p class="empty">"Scan an item, search, or pick a product."</p>
            </Show>
            <ul class="cart-lines">
                <For each=rows key=|(id, _, _)| id.clone() let:row>
                    <CartRow product_id=row.0 name=row.1 unit=row.2 />
                </For>
            </ul>
            <OrderExtras />
        </section>
    }
}
