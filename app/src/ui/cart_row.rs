//! One line of the cart: quantity buttons with the quantity to tap for the keypad (or the weight, to weigh
//! again), its promotions and discount, and remove (with Undo, `services::cart_edits`); a line
//! whose product left the catalog says so. The line just added (`model::added`) scrolls into view and flashes.

use super::format::{self, minus};
use crate::model::added::Added;
use crate::model::commerce::{self, adjustment_label, is_line_level};
use crate::model::discount::DiscountTarget;
use crate::model::quantity::again_title;
use crate::services::state::{use_state, Dialog};
use crate::services::{actions, cart_edits};
use leptos::prelude::*;
use rust_decimal::Decimal;
use shared::basket::Unit;
use wasm_bindgen::JsCast;

#[component]
pub fn CartRow(product_id: String, name: String, unit: Unit) -> impl IntoView {
    let state = use_state();
    let id = StoredValue::new(product_id);
    let index = move || state.cart.with(|c| id.with_value(|id| c.position(id)));
    let scale = move || state.settings.with(|s| s.currency.scale);
    let quantity = move || {
        state.cart.with(|c| {
            id.with_value(|id| c.line(id))
                .map(|l| commerce::quantity_text(l.unit, l.quantity))
                .unwrap_or_default()
        })
    };
    // The priced line at this line's position (the engine keeps basket order).
    let priced_line = move || {
        let i = index()?;
        state
            .priced
            .with(|p| p.as_ref().ok().and_then(|p| p.lines.get(i).cloned()))
    };
    let line_total = move || {
        priced_line()
            .map(|l| state.settings.with(|s| format::amount(s, l.gross)))
            .unwrap_or_default()
    };
    let unit_text = move || {
        let (q, catalog_price) = state.cart.with(|c| {
            id.with_value(|id| c.line(id))
                .map(|l| (l.quantity, l.unit_price))
                .unwrap_or((Decimal::ONE, Decimal::ZERO))
        });
        let price = priced_line().map(|l| l.unit_price).unwrap_or(catalog_price);
        match unit {
            Unit::Kilogram | Unit::Litre => {
                commerce::unit_text(unit, q, price, scale()).unwrap_or_default()
            }
            Unit::Each => shared::money::format_amount(price, scale()),
        }
    };
    let adjustments = move || {
        let Some(l) = priced_line() else {
            return Vec::new();
        };
        let policy = state.data.with(|d| d.policy.clone());
        let mut out: Vec<(String, String, bool)> = Vec::new();
        if let Some(list) = &l.price_list {
            let saved = commerce::price_list_saving(&l, &policy);
            if saved > Decimal::ZERO {
                out.push((list.name.clone(), minus(policy.scale(), saved), false));
            }
        }
        for a in l.adjustments.iter().filter(|a| is_line_level(a.kind)) {
            let manual = a.kind == shared::pricing::priced::AdjustmentKind::ManualLine;
            out.push((
                adjustment_label(&a.name, a.reason.as_deref()),
                minus(policy.scale(), a.amount),
                manual,
            ));
        }
        out
    };
    let has_discount = move || {
        state.cart.with(|c| {
            id.with_value(|id| c.line(id))
                .is_some_and(|l| l.discount.is_some())
        })
    };
    let step = move |delta: Decimal| cart_edits::step_line(state, &id.get_value(), delta);
    let remove = move |_| cart_edits::remove_line(state, &id.get_value());
    let keypad_name = name.clone();
    let open_keypad =
        move |_| cart_edits::open_quantity(state, id.get_value(), keypad_name.clone(), unit);
    let discount_name = name.clone();
    let open_discount = move |_| {
        actions::open_dialog(
            state,
            Dialog::Discount(DiscountTarget::Line {
                product_id: id.get_value(),
                name: discount_name.clone(),
            }),
        )
    };
    let remove_discount = move |_| {
        state
            .cart
            .update(|c| id.with_value(|id| c.set_line_discount(id, None)));
        state.focus_search();
    };
    let remove_discount_label = format!("Remove discount {name}");
    // The quantity (or weight) to tap for the keypad; pieces have − and + beside it.
    let (tap_label, tap_title, tap_class) = match unit {
        Unit::Each => (format!("Quantity of {name}"), "Type the quantity", "qty"),
        Unit::Kilogram => (
            again_title(unit, &name).unwrap_or_default(),
            "Weigh again",
            "qty weight",
        ),
        Unit::Litre => (
            again_title(unit, &name).unwrap_or_default(),
            "Measure again",
            "qty weight",
        ),
    };
    let steps = (unit == Unit::Each).then(|| {
        (
            step_button(
                format!("Decrease quantity of {name}"),
                "\u{2212}",
                move || step(Decimal::NEGATIVE_ONE),
            ),
            step_button(format!("Increase quantity of {name}"), "+", move || {
                step(Decimal::ONE)
            }),
        )
    });
    let (minus_button, plus_button) = steps.unzip();
    let qty_controls = view! {
        <span class="line-qty">
            {minus_button}
            <button type="button" class=tap_class aria-label=tap_label title=tap_title on:click=open_keypad>
                {quantity}
            </button>
            {plus_button}
        </span>
    };
    let row = NodeRef::<leptos::html::Li>::new();
    // This line's flash, while it is the line just added.
    let flash = move || {
        state.added.with(|a| {
            a.as_ref()
                .filter(|a| id.with_value(|id| a.product_id == *id))
                .map(Added::flash_class)
        })
    };
    Effect::new(move |_| {
        if let (Some(_), Some(el)) = (flash(), row.get()) {
            scroll_into_view(&el);
        }
    });
    let withdrawn = move || id.with_value(|id| state.catalog.with(|c| c.product(id).is_none()));
    view! {
        <li
            class="cart-line"
            node_ref=row
            class:just-added=move || flash().is_some()
            class:flash-odd=move || flash() == Some("flash-odd")
            class:flash-even=move || flash() == Some("flash-even")
        >
            <span class="line-name">
                {name.clone()}
                <Show when=withdrawn>
                    <span class="line-withdrawn">" (no longer in the catalog)"</span>
                </Show>
            </span>
            <span class="line-unit" class:weighed=unit.is_measured()>{unit_text}</span>
            <button
                type="button"
                class="line-discount"
                aria-label=format!("Discount {name}")
                title="Discount"
                on:click=open_discount
            >
                "%"
            </button>
            {qty_controls}
            <span class="line-total">{line_total}</span>
            <button type="button" class="remove-button" aria-label=format!("Remove {name}") on:click=remove>
                "\u{d7}"
            </button>
            <ul class="line-adjustments">
                {move || {
                    adjustments()
                        .into_iter()
                        .map(|(label, amount, manual)| {
                            let remove_label = remove_discount_label.clone();
                            view! {
                                <li class="adjustment">
                                    <span class="adj-name">{label}</span>
                                    " "
                                    <span class="adj-amount">{amount}</span>
                                    {(manual && has_discount())
                                        .then(|| {
                                            view! {
                                                <button
                                                    type="button"
                                                    class="link-button small"
                                                    aria-label=remove_label
                                                    on:click=remove_discount
                                                >
                                                    "Remove"
                                                </button>
                                            }
                                        })}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </li>
    }
}

/// A − or + button of a piece line.
fn step_button(label: String, text: &'static str, on_click: impl Fn() + 'static) -> impl IntoView {
    view! {
        <button type="button" class="qty-button" aria-label=label on:click=move |_| on_click()>
            {text}
        </button>
    }
}

/// Scroll the line into view the least that shows it (`block: "nearest"`), in the cart's list and, on a phone,
/// the page.
fn scroll_into_view(el: &web_sys::HtmlElement) {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"block".into(), &"nearest".into());
    let scroll = js_sys::Reflect::get(el, &"scrollIntoView".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(scroll) = scroll {
        let _ = scroll.call1(el, &options);
    }
}
