//! The cart: one row per line (`cart_row`), then the order's customer, coupons and order discounts
//! (`cart_extras`). An order started by another cashier says who started it; an exchange under way says what
//! it credits. A line whose product left the catalog keeps its price (`model::open_order`). A line just
//! removed keeps its place as a row offering Undo; a cleared cart offers Undo above the lines
//! (`model::undo`).

use super::cart_extras::{OrderActions, OrderExtras};
use super::cart_row::CartRow;
use super::format;
use crate::model::undo::{cart_slots, CartSlot, Removed, Undo};
use crate::services::cart_edits;
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
    let slots = move || {
        state
            .cart
            .with(|c| state.undo.with(|u| cart_slots(c, u.as_ref())))
    };
    // Clear cart's Undo offer, while nothing else changed the order.
    let cleared = move || {
        state.undo.with(|u| {
            u.as_ref()
                .filter(|u| u.what == Removed::Cart && state.cart.with(|c| u.applies(c)))
                .map(Undo::message)
        })
    };
    view! {
        <section class="cart" aria-label="Cart">
            <div class="cart-head">
                <h2>"Cart"</h2>
                <span class="cart-count">{count}</span>
                <OrderActions />
                <button
                    type="button"
                    class="secondary small"
                    disabled=empty
                    on:click=move |_| cart_edits::clear_cart(state)
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
            {move || {
                cleared()
                    .map(|message| {
                        view! {
                            <p class="undo-bar" role="status">
                                <span>{message}</span>
                                <button type="button" class="secondary small" on:click=move |_| cart_edits::undo(state)>
                                    "Undo"
                                </button>
                            </p>
                        }
                    })
            }}
            <Show when=empty>
                <p class="empty">"Scan an item, search, or pick a product."</p>
            </Show>
            <ul class="cart-lines">
                <For each=slots key=slot_key let:slot>
                    {match slot {
                        CartSlot::Line { product_id, name, unit } => {
                            view! { <CartRow product_id name unit /> }.into_any()
                        }
                        CartSlot::Removed { name } => view! { <RemovedRow name /> }.into_any(),
                    }}
                </For>
            </ul>
            <OrderExtras />
        </section>
    }
}

fn slot_key(slot: &CartSlot) -> String {
    match slot {
        CartSlot::Line { product_id, .. } => product_id.clone(),
        CartSlot::Removed { name } => format!("removed {name}"),
    }
}

/// The place of the line just removed: what went, and Undo (the lines below stay where they were).
#[component]
fn RemovedRow(name: String) -> impl IntoView {
    let state = use_state();
    view! {
        <li class="cart-line removed" role="status">
            <span class="line-name">{format!("{name} removed")}</span>
            <button
                type="button"
                class="secondary small undo-button"
                aria-label=format!("Undo remove {name}")
                on:click=move |_| cart_edits::undo(state)
            >
                "Undo"
            </button>
        </li>
    }
}
