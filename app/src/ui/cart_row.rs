//! One line of the cart: quantity buttons (or the weight), its promotions and discount, and remove; a line
//! whose product left the catalog says so. The line just added (`model::added`) scrolls into view and flashes.

use super::format::{self, minus};
use crate::model::added::Added;
use crate::model::commerce::{self, adjustment_label, is_line_level};
use crate::model::discount::DiscountTarget;
use crate::services::actions;
use crate::services::state::{use_state, Dialog};
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
    let step = move |delta: Decimal| {
        let removed = state.cart.with_untracked(|c| {
            id.with_value(|id| c.line(id))
                .is_some_and(|l| l.quantity + delta <= Decimal::ZERO)
        });
        state.cart.update(|c| id.with_value(|id| c.step(id, delta)));
        if removed {
            state.focus_search();
        }
    };
    let remove = move |_| {
        state.cart.update(|c| id.with_value(|id| c.remove(id)));
        state.focus_search();
    };
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
    let qty_controls = match unit {
        Unit::Each => view! {
            <span class="line-qty">
                <button
                    type="button"
                    class="qty-button"
                    aria-label=format!("Decrease quantity of {name}")
                    on:click=move |_| step(Decimal::NEGATIVE_ONE)
                >
                    "\u{2212}"
                </button>
                <span class="qty">{quantity}</span>
                <button
                    type="button"
                    class="qty-button"
                    aria-label=format!("Increase quantity of {name}")
                    on:click=move |_| step(Decimal::ONE)
                >
                    "+"
                </button>
            </span>
        }
        .into_any(),
        Unit::Kilogram | Unit::Litre => view! { <span class="line-qty"></span> }.into_any(),
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
