//! The cart: one row per line with quantity buttons (or the weight), its promotions and discount, and remove;
//! then the order's customer, coupons and order discounts, and the buttons that add them. An order started
//! by another cashier says who started it; a line whose product left the catalog says so (it keeps its price:
//! see `crate::open_order`).

use crate::actions;
use crate::commerce::{self, adjustment_label, coupon_outcome, coupon_text, is_line_level};
use crate::format;
use crate::state::{use_state, Dialog, DiscountTarget};
use leptos::prelude::*;
use rust_decimal::Decimal;
use shared::basket::Unit;

/// A reduction for people: "−1.99".
pub fn minus(scale: u32, amount: Decimal) -> String {
    format!("\u{2212}{}", shared::money::format_amount(amount, scale))
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

#[component]
fn CartRow(product_id: String, name: String, unit: Unit) -> impl IntoView {
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
            Unit::Kilogram => commerce::unit_text(unit, q, price, scale()).unwrap_or_default(),
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
        Unit::Kilogram => view! { <span class="line-qty"></span> }.into_any(),
    };
    let withdrawn = move || id.with_value(|id| state.catalog.with(|c| c.product(id).is_none()));
    view! {
        <li class="cart-line">
            <span class="line-name">
                {name.clone()}
                <Show when=withdrawn>
                    <span class="line-withdrawn">" (no longer in the catalog)"</span>
                </Show>
            </span>
            <span class="line-unit" class:weighed=unit == Unit::Kilogram>{unit_text}</span>
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

/// The customer, coupons and order discounts of the order, and the buttons that add them.
#[component]
fn OrderExtras() -> impl IntoView {
    let state = use_state();
    let scale = move || state.settings.with(|s| s.currency.scale);
    let customer = move || {
        state.cart.with(|c| {
            c.customer
                .as_ref()
                .map(|c| (c.name.clone(), c.group.clone()))
        })
    };
    let coupons = move || state.cart.with(|c| c.coupons.clone());
    let order_discounts = move || {
        let amounts = state.priced.with(|p| {
            p.as_ref()
                .map(commerce::order_adjustments)
                .unwrap_or_default()
        });
        state.cart.with(|c| {
            c.order_discounts
                .iter()
                .enumerate()
                .map(|(k, d)| {
                    let rule = format!("manual-order-{}", k + 1);
                    let amount = amounts
                        .iter()
                        .find(|a| a.rule_id == rule)
                        .map(|a| a.amount)
                        .unwrap_or(Decimal::ZERO);
                    (k, d.reason.clone(), amount)
                })
                .collect::<Vec<_>>()
        })
    };
    let empty = move || state.cart.with(|c| c.is_empty());
    view! {
        <div class="order-extras">
            {move || {
                customer()
                    .map(|(name, group)| {
                        view! {
                            <p class="order-customer">
                                <span>"Customer: "</span>
                                <strong>{name}</strong>
                                {group.map(|g| view! { <span class="muted">{format!(" \u{b7} {g}")}</span> })}
                                " "
                                <button
                                    type="button"
                                    class="link-button small"
                                    on:click=move |_| {
                                        state.cart.update(|c| c.customer = None);
                                        state.focus_search();
                                    }
                                >
                                    "Remove customer"
                                </button>
                            </p>
                        }
                    })
            }}
            <ul class="order-coupons" aria-label="Coupons">
                {move || {
                    coupons()
                        .into_iter()
                        .map(|code| {
                            let outcome = {
                                let code = code.clone();
                                move || {
                                    state
                                        .priced
                                        .with(|p| {
                                            p.as_ref()
                                                .ok()
                                                .and_then(|p| coupon_outcome(p, &code).map(coupon_text))
                                        })
                                        .unwrap_or_else(|| format!("Coupon {code}"))
                                }
                            };
                            let applied = {
                                let code = code.clone();
                                move || {
                                    state
                                        .priced
                                        .with(|p| {
                                            p.as_ref()
                                                .ok()
                                                .and_then(|p| coupon_outcome(p, &code))
                                                .is_some_and(|o| {
                                                    matches!(o, shared::promotion::CouponOutcome::Applied { .. })
                                                })
                                        })
                                }
                            };
                            let remove_code = code.clone();
                            view! {
                                <li class="coupon" class:applied=applied>
                                    <span>{outcome}</span>
                                    " "
                                    <button
                                        type="button"
                                        class="link-button small"
                                        aria-label=format!("Remove coupon {code}")
                                        on:click=move |_| {
                                            state.cart.update(|c| c.remove_coupon(&remove_code));
                                            state.focus_search();
                                        }
                                    >
                                        "Remove"
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <ul class="order-discounts" aria-label="Order discounts">
                {move || {
                    order_discounts()
                        .into_iter()
                        .map(|(k, reason, amount)| {
                            view! {
                                <li class="adjustment">
                                    <span class="adj-name">{adjustment_label("Order discount", Some(&reason))}</span>
                                    " "
                                    <span class="adj-amount">{minus(scale(), amount)}</span>
                                    <button
                                        type="button"
                                        class="link-button small"
                                        aria-label=format!("Remove order discount {reason}")
                                        on:click=move |_| {
                                            state.cart.update(|c| c.remove_order_discount(k));
                                            state.focus_search();
                                        }
                                    >
                                        "Remove"
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <div class="order-actions" role="group" aria-label="Order">
                <button
                    type="button"
                    class="secondary small"
                    on:click=move |_| actions::open_dialog(state, Dialog::Customer)
                >
                    "Customer"
                </button>
                <button
                    type="button"
                    class="secondary small"
                    on:click=move |_| actions::open_dialog(state, Dialog::Coupon)
                >
                    "Coupon"
                </button>
                <button
                    type="button"
                    class="secondary small"
                    aria-label="Order discount"
                    disabled=empty
                    on:click=move |_| actions::open_dialog(state, Dialog::Discount(DiscountTarget::Order))
                >
                    "Discount"
                </button>
            </div>
        </div>
    }
}
