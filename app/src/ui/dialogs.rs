//! The small dialogs of the checkout: a discount (line or order), a coupon code, the customer picker, and the
//! weight of a weighed product. Escape or Cancel closes them (see `keys`).

use crate::actions;
use crate::auth;
use crate::format;
use crate::order::{parse_discount, parse_weight, DiscountKind};
use crate::state::{use_state, AfterApproval, AppState, Dialog, DiscountTarget};
use leptos::ev::KeyboardEvent;
use leptos::html::Input;
use leptos::prelude::*;
use shared::auth::Permission;
use shared::catalog::Product;

/// The open dialog, if it is one of these.
#[component]
pub fn CheckoutDialog(dialog: Dialog) -> impl IntoView {
    match dialog {
        Dialog::Discount(target) => view! { <DiscountDialog target /> }.into_any(),
        Dialog::Coupon => view! { <CouponDialog /> }.into_any(),
        Dialog::Customer => view! { <CustomerDialog /> }.into_any(),
        Dialog::Weight(product) => view! { <WeightDialog product /> }.into_any(),
        Dialog::Refund(sale) => view! { <super::refund::RefundDialog sale=*sale /> }.into_any(),
        Dialog::SignOut { switch } => {
            view! { <super::approval::SignOutDialog switch /> }.into_any()
        }
    }
}

/// A modal dialog frame: backdrop, `role=dialog` with its accessible name, and a title.
#[component]
pub fn Modal(label: &'static str, title: String, children: Children) -> impl IntoView {
    view! {
        <div class="modal-backdrop">
            <div class="dialog" role="dialog" aria-modal="true" aria-label=label>
                <h2 class="dialog-title">{title}</h2>
                {children()}
            </div>
        </div>
    }
}

/// Focus `input` once it is in the page.
fn autofocus(input: NodeRef<Input>) {
    Effect::new(move |_| {
        if let Some(el) = input.get() {
            let _ = el.focus();
        }
    });
}

fn on_enter(f: impl Fn() + Copy + 'static) -> impl Fn(KeyboardEvent) + Copy + 'static {
    move |ev: KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            f();
        }
    }
}

fn cancel_button(state: AppState) -> impl IntoView {
    view! {
        <button type="button" class="secondary" on:click=move |_| actions::close_dialog(state)>
            "Cancel"
        </button>
    }
}

#[component]
fn DiscountDialog(target: DiscountTarget) -> impl IntoView {
    let state = use_state();
    let kind = RwSignal::new(DiscountKind::Percent);
    let value = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let value_input = NodeRef::<Input>::new();
    autofocus(value_input);
    let title = match &target {
        DiscountTarget::Line { name, .. } => format!("Discount on {name}"),
        DiscountTarget::Order => "Discount on the order".to_string(),
    };
    let target = StoredValue::new(target);
    let title_text = StoredValue::new(title.clone());
    let parsed = Memo::new(move |_| {
        let scale = state.settings.with(|s| s.currency.scale);
        parse_discount(kind.get(), &value.get(), &reason.get(), scale)
    });
    let apply = move || {
        let Ok(discount) = parsed.get_untracked() else {
            return;
        };
        let target = target.get_value();
        if auth::discount_over_limit(state, &target, &discount) {
            let what = format!(
                "{}: more than {}% off needs approval.",
                title_text.get_value(),
                auth::DISCOUNT_LIMIT_PERCENT
            );
            auth::require(
                state,
                Permission::DiscountOverLimit,
                what,
                AfterApproval::Discount { target, discount },
            );
        } else {
            actions::apply_discount(state, &target, discount);
        }
    };
    let pressed = move |k: DiscountKind| move || if kind.get() == k { "true" } else { "false" };
    let currency = move || state.settings.with(|s| s.currency.code.clone());
    view! {
        <Modal label="Discount" title>
            <div class="methods" role="group" aria-label="Discount type">
                <button
                    type="button"
                    class="method"
                    aria-pressed=pressed(DiscountKind::Percent)
                    on:click=move |_| kind.set(DiscountKind::Percent)
                >
                    "Percent"
                </button>
                <button
                    type="button"
                    class="method"
                    aria-pressed=pressed(DiscountKind::Amount)
                    on:click=move |_| kind.set(DiscountKind::Amount)
                >
                    "Amount"
                </button>
            </div>
            <label class="field">
                <span>
                    {move || match kind.get() {
                        DiscountKind::Percent => "Percent off".to_string(),
                        DiscountKind::Amount => format!("Amount off ({})", currency()),
                    }}
                </span>
                <input
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    aria-label="Discount value"
                    node_ref=value_input
                    on:input=move |ev| value.set(event_target_value(&ev))
                    on:keydown=on_enter(apply)
                />
            </label>
            <label class="field">
                <span>"Reason"</span>
                <input
                    type="text"
                    autocomplete="off"
                    aria-label="Reason"
                    required
                    placeholder="Why (printed on the receipt)"
                    on:input=move |ev| reason.set(event_target_value(&ev))
                    on:keydown=on_enter(apply)
                />
            </label>
            <p class="pay-hint">
                {move || match parsed.get() {
                    Ok(_) => "Ready: press Enter or Apply.".to_string(),
                    Err(e) => e,
                }}
            </p>
            <div class="dialog-actions">
                {cancel_button(state)}
                <button
                    type="button"
                    class="primary"
                    disabled=move || parsed.with(Result::is_err)
                    on:click=move |_| apply()
                >
                    "Apply"
                </button>
            </div>
        </Modal>
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
            <div class="dialog-actions">
                {cancel_button(state)}
                <button
                    type="button"
                    class="primary"
                    disabled=move || code.with(|c| c.trim().is_empty())
                    on:click=move |_| apply()
                >
                    "Apply coupon"
                </button>
            </div>
        </Modal>
    }
}

#[component]
fn CustomerDialog() -> impl IntoView {
    let state = use_state();
    let query = RwSignal::new(String::new());
    let input = NodeRef::<Input>::new();
    autofocus(input);
    let found = Memo::new(move |_| {
        let q = query.get();
        state.data.with(|d| d.find_customers(&q))
    });
    let pick = move |id: String| {
        let customer = state
            .data
            .with_untracked(|d| d.customers.iter().find(|c| c.id == id).cloned());
        state.cart.update(|c| c.customer = customer);
        actions::close_dialog(state);
    };
    let on_key = move |ev: KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            if let Some(first) = found.with_untracked(|f| f.first().map(|c| c.id.clone())) {
                pick(first);
            }
        }
    };
    view! {
        <Modal label="Customer" title="Customer".to_string()>
            <input
                type="search"
                class="search-input"
                aria-label="Find customer"
                placeholder="Name or group"
                autocomplete="off"
                node_ref=input
                on:input=move |ev| query.set(event_target_value(&ev))
                on:keydown=on_key
            />
            <ul class="customer-list">
                {move || {
                    let list = found.get();
                    if list.is_empty() {
                        return view! { <li class="empty">"No customer matches."</li> }.into_any();
                    }
                    list.into_iter()
                        .take(50)
                        .map(|c| {
                            let id = c.id.clone();
                            let detail = c.group.clone().unwrap_or_default();
                            view! {
                                <li>
                                    <button type="button" class="customer-pick" on:click=move |_| pick(id.clone())>
                                        <span class="customer-name">{c.name.clone()}</span>
                                        " "
                                        <span class="muted">{detail}</span>
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                        .into_any()
                }}
            </ul>
            <div class="dialog-actions">{cancel_button(state)}</div>
        </Modal>
    }
}

#[component]
fn WeightDialog(product: Product) -> impl IntoView {
    let state = use_state();
    let text = RwSignal::new(String::new());
    let input = NodeRef::<Input>::new();
    autofocus(input);
    let parsed = Memo::new(move |_| parse_weight(&text.get()));
    let product = StoredValue::new(product);
    let per_kg = product.with_value(|p| {
        state
            .settings
            .with_untracked(|s| format::amount(s, p.price))
    });
    let name = product.with_value(|p| p.name.clone());
    let add = move || {
        let Ok(w) = parsed.get_untracked() else {
            return;
        };
        state.dialog.set(None);
        product.with_value(|p| actions::add_quantity(state, p, w));
        state.focus_search_soon();
    };
    let preview = move || match parsed.get() {
        Ok(w) => {
            let price = product.with_value(|p| p.price);
            state.settings.with(|s| {
                format!(
                    "{} kg \u{d7} {}/kg \u{2248} {}",
                    shared::money::format_amount(w, 3),
                    format::amount(s, price),
                    format::money(
                        s,
                        shared::money::round(price * w, s.currency.scale, s.rounding)
                    )
                )
            })
        }
        Err(e) => e,
    };
    view! {
        <Modal label="Weight" title=format!("Weight of {name}")>
            <p class="muted">{format!("{per_kg} per kg")}</p>
            <label class="field">
                <span>"Weight in kg"</span>
                <input
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    aria-label="Weight in kg"
                    placeholder="0.000"
                    node_ref=input
                    on:input=move |ev| text.set(event_target_value(&ev))
                    on:keydown=on_enter(add)
                />
            </label>
            <p class="pay-hint">{preview}</p>
            <div class="dialog-actions">
                {cancel_button(state)}
                <button type="button" class="primary" disabled=move || parsed.with(Result::is_err) on:click=move |_| add()>
                    "Add"
                </button>
            </div>
        </Modal>
    }
}
