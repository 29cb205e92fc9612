//! The cart: one row per line with quantity buttons and remove, and "Clear cart".

use crate::format;
use crate::state::{use_state, AppState};
use leptos::prelude::*;
use rust_decimal::Decimal;
use shared::cart::Cart;

/// Run a cart edit on the line of `product_id` (lines are addressed by product, not by a stale index).
fn edit(
    state: AppState,
    product_id: &str,
    f: impl FnOnce(&mut Cart, usize) -> Result<(), shared::cart::CartError>,
) {
    state.cart.update(|c| {
        if let Some(i) = c.lines.iter().position(|l| l.product_id == product_id) {
            if let Err(e) = f(c, i) {
                state
                    .notice
                    .set(Some(crate::error::AppError::from(e).cashier_message()));
            }
        }
    });
}

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
                .map(|l| (l.product_id.clone(), l.name.clone(), l.unit_price))
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
            <Show when=empty>
                <p class="empty">"Scan an item, search, or pick a product."</p>
            </Show>
            <ul class="cart-lines">
                <For each=rows key=|(id, _, _)| id.clone() let:row>
                    <CartRow product_id=row.0 name=row.1 unit_price=row.2 />
                </For>
            </ul>
        </section>
    }
}

#[component]
fn CartRow(product_id: String, name: String, unit_price: Decimal) -> impl IntoView {
    let state = use_state();
    let settings = state.settings.get_untracked();
    let id = StoredValue::new(product_id);
    let index = move || {
        state
            .cart
            .with(|c| id.with_value(|id| c.lines.iter().position(|l| &l.product_id == id)))
    };
    let quantity = move || {
        state.cart.with(|c| {
            index()
                .map(|i| format::quantity(c.lines[i].quantity))
                .unwrap_or_default()
        })
    };
    let line_total = move || {
        let gross = index().and_then(|i| state.totals.with(|t| t.lines.get(i).map(|l| l.gross)));
        state
            .settings
            .with(|s| gross.map(|g| format::amount(s, g)).unwrap_or_default())
    };
    let decrease = move |_| {
        let removed = state.cart.with_untracked(|c| {
            id.with_value(|id| {
                c.lines
                    .iter()
                    .any(|l| &l.product_id == id && l.quantity <= Decimal::ONE)
            })
        });
        id.with_value(|id| edit(state, id, |c, i| c.decrement(i)));
        if removed {
            state.focus_search();
        }
    };
    let increase = move |_| id.with_value(|id| edit(state, id, |c, i| c.increment(i)));
    let remove = move |_| {
        id.with_value(|id| edit(state, id, |c, i| c.remove(i)));
        state.focus_search();
    };
    view! {
        <li class="cart-line">
            <span class="line-name">{name.clone()}</span>
            <span class="line-unit">{format::amount(&settings, unit_price)}</span>
            <span class="line-qty">
                <button
                    type="button"
                    class="qty-button"
                    aria-label=format!("Decrease quantity of {name}")
                    on:click=decrease
                >
                    "\u{2212}"
                </button>
                <span class="qty">{quantity}</span>
                <button
                    type="button"
                    class="qty-button"
                    aria-label=format!("Increase quantity of {name}")
                    on:click=increase
                >
                    "+"
                </button>
            </span>
            <span class="line-total">{line_total}</span>
            <button type="button" class="remove-button" aria-label=format!("Remove {name}") on:click=remove>
                "\u{d7}"
            </button>
        </li>
    }
}
