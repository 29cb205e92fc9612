//! The refund dialog's table: per sale line what was sold, what is refunded already, what it cost, and the
//! quantity coming back, chosen with − and + (a piece at a time; a weighed line whole, or its weight typed)
//! or "Refund all", never more than may still come back; the first + takes the focus.

use super::format;
use crate::model::refund::RefundEntry;
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use rust_decimal::Decimal;
use shared::basket::Unit;
use shared::document::SaleDocument;
use shared::money::format_amount;
use wasm_bindgen::JsCast;

/// The table of `sale`'s lines; `refundable` is what each line may still return, typed quantities go to
/// `entry`, Enter in a field does `on_enter`.
pub fn refund_lines(
    sale: &SaleDocument,
    refundable: Memo<Vec<Decimal>>,
    entry: RwSignal<RefundEntry>,
    on_enter: impl Fn(KeyboardEvent) + Copy + 'static,
) -> impl IntoView {
    let scale = sale.priced.currency.scale;
    let rows = sale
        .priced
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let name = l.name.clone();
            let unit = l.unit;
            let sold = l.quantity;
            let remaining = move || refundable.with(|r| r.get(i).copied().unwrap_or(sold));
            let shown = move |q: Decimal| match unit {
                Unit::Kilogram | Unit::Litre => {
                    format!(
                        "{} {}",
                        format_amount(q, 3),
                        unit.symbol().unwrap_or_default()
                    )
                }
                Unit::Each => format::quantity(q),
            };
            let gross = format_amount(l.gross, scale);
            view! {
                <tr>
                    <td>{name.clone()}</td>
                    <td class="num">{shown(sold)}</td>
                    <td class="num">{move || shown(sold - remaining())}</td>
                    <td class="num">{gross}</td>
                    <td class="refund-qty">
                        <button
                            type="button"
                            class="qty-step"
                            aria-label=format!("One less of {name}")
                            disabled=move || entry.with(|e| e.chosen(i).is_zero())
                            on:click=move |_| entry.update(|e| e.less(i, unit))
                        >
                            "\u{2212}"
                        </button>
                        <input
                            class="qty-input"
                            type="text"
                            inputmode="decimal"
                            autocomplete="off"
                            aria-label=format!("Refund quantity of {name}")
                            prop:value=move || entry.with(|e| e.quantities[i].clone())
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                entry.update(|e| e.quantities[i] = v);
                            }
                            on:keydown=on_enter
                        />
                        <button
                            type="button"
                            class="qty-step"
                            aria-label=format!("One more of {name}")
                            disabled=move || entry.with(|e| e.chosen(i) >= remaining())
                            on:click=move |_| entry.update(|e| e.more(i, unit, remaining()))
                        >
                            "+"
                        </button>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let table = NodeRef::<leptos::html::Table>::new();
    Effect::new(move |_| {
        let first = table
            .get()
            .and_then(|t| {
                t.query_selector("button.qty-step:not([disabled])")
                    .ok()
                    .flatten()
            })
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(el) = first {
            let _ = el.focus();
        }
    });
    view! {
        <div class="refund-all">
            <button
                type="button"
                class="secondary"
                on:click=move |_| refundable.with(|left| entry.update(|e| e.choose_all(left)))
            >
                "Refund all"
            </button>
        </div>
        <table class="refund-lines" node_ref=table>
            <thead>
                <tr>
                    <th scope="col">"Item"</th>
                    <th scope="col" class="num">"Sold"</th>
                    <th scope="col" class="num">"Refunded"</th>
                    <th scope="col" class="num">"Paid"</th>
                    <th scope="col">"Back"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
