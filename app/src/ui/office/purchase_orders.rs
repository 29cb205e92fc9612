//! The Stock tab's purchase orders: pick or add a supplier, add items with quantities and costs, create the
//! order (its printable page in `order_print.rs`), and receive the location's orders still to arrive (read from
//! the server when the tab opens, newest first) partly or fully by typing or scanning what arrived.

use super::order_print::OrderPrint;
use super::sheet_parts::{ItemPicker, ScanBox, SheetTable};
use crate::model::stock_sheet::{Sheet, SheetLine};
use crate::services::office::Access;
use crate::services::office_purchasing;
use crate::services::state::use_state;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::purchasing::{OrderStatus, PurchaseOrder, Supplier};
use uuid::Uuid;

/// What is still to arrive of `order`, as a receipt sheet (names and codes from `ordered`).
fn to_receive(order: &PurchaseOrder, ordered: &Sheet) -> Sheet {
    let lines = order
        .lines
        .iter()
        .filter_map(|o| {
            let known = ordered
                .lines
                .iter()
                .find(|l| l.product_id == o.product_id)?;
            Some(SheetLine {
                expected: (o.ordered - o.received).max(rust_decimal::Decimal::ZERO),
                quantity: rust_decimal::Decimal::ZERO,
                cost: Some(o.unit_cost),
                ..known.clone()
            })
        })
        .collect();
    Sheet { lines }
}

fn status_words(s: OrderStatus) -> &'static str {
    match s {
        OrderStatus::Open => "open",
        OrderStatus::PartlyReceived => "partly received",
        OrderStatus::Received => "received",
    }
}

#[component]
pub fn PurchaseOrders(access: Access, location: Uuid) -> impl IntoView {
    let state = use_state();
    let suppliers = RwSignal::new(Vec::<Supplier>::new());
    let supplier = RwSignal::new(None::<Uuid>);
    let new_name = RwSignal::new(String::new());
    let sheet = RwSignal::new(Sheet::default());
    let orders = RwSignal::new(Vec::<(PurchaseOrder, Sheet)>::new());
    let receiving = RwSignal::new(None::<usize>);
    let arrived = RwSignal::new(Sheet::default());
    let message = RwSignal::new(None::<String>);
    spawn_local(async move {
        match office_purchasing::suppliers(state, access).await {
            Ok(list) => {
                supplier.set(list.first().map(|s| s.id));
                suppliers.set(list);
            }
            Err(e) => message.set(Some(e)),
        }
    });
    // The location's orders still to arrive, newest first; orders created here are added on top.
    spawn_local(async move {
        match office_purchasing::outstanding(state, access, location).await {
            Ok(list) => orders.update(|l| l.extend(list)),
            Err(e) => message.set(Some(e)),
        }
    });
    let add_supplier = move |_| {
        let name = new_name.get_untracked();
        spawn_local(async move {
            match office_purchasing::add_supplier(state, access, &name).await {
                Ok(s) => {
                    supplier.set(Some(s.id));
                    suppliers.update(|l| l.push(s));
                    new_name.set(String::new());
                }
                Err(e) => message.set(Some(e)),
            }
        });
    };
    let create = move |_| {
        let Some(from) = supplier.get_untracked() else {
            return message.set(Some("Choose or add a supplier first.".into()));
        };
        let lines = sheet.get_untracked();
        spawn_local(async move {
            match office_purchasing::order(state, access, (from, location), &lines).await {
                Ok(o) => {
                    orders.update(|l| l.insert(0, (o, lines)));
                    receiving.update(|r| {
                        if let Some(i) = r {
                            *i += 1;
                        }
                    });
                    sheet.set(Sheet::default());
                    message.set(Some("Purchase order created.".into()));
                }
                Err(e) => message.set(Some(e)),
            }
        });
    };
    let open = move |i: usize| {
        if let Some((o, s)) = orders.get_untracked().get(i) {
            arrived.set(to_receive(o, s));
            receiving.set(Some(i));
        }
    };
    let receive = move |_| {
        let Some(i) = receiving.get_untracked() else {
            return;
        };
        let Some(id) = orders.with_untracked(|l| l.get(i).map(|(o, _)| o.id)) else {
            return;
        };
        let got = arrived.get_untracked();
        spawn_local(async move {
            match office_purchasing::receive(state, access, id, &got).await {
                Ok(o) => {
                    message.set(Some(format!(
                        "Received: the order is {}.",
                        status_words(o.status)
                    )));
                    orders.update(|l| {
                        if let Some(entry) = l.get_mut(i) {
                            entry.0 = o;
                        }
                    });
                    open(i);
                }
                Err(e) => message.set(Some(e)),
            }
        });
    };
    let supplier_name = move |id: Uuid| {
        suppliers.with(|l| {
            l.iter()
                .find(|s| s.id == id)
                .map(|s| s.name.clone())
                .unwrap_or_default()
        })
    };
    let order_rows = move || {
        orders.get().into_iter().enumerate().map(|(i, (o, s))| {
            let lines = s.lines.len();
            view! {
                <li>
                    {format!("{} \u{b7} {lines} items \u{b7} {}", supplier_name(o.supplier_id), status_words(o.status))}
                    <button type="button" class="secondary" on:click=move |_| open(i)>"Receive or print"</button>
                </li>
            }
        }).collect_view()
    };
    let chosen = move || {
        let i = receiving.get()?;
        let (o, s) = orders.with(|l| l.get(i).cloned())?;
        let name = supplier_name(o.supplier_id);
        Some(view! {
            <section class="office-panel" aria-label="Receive the order">
                <h3>"Receive"</h3>
                <ScanBox sheet=arrived message />
                <SheetTable sheet=arrived quantity="Arrived" expected=Some("To come") costs=false message />
                <button type="button" class="primary" on:click=receive>"Book what arrived"</button>
                <OrderPrint order=o sheet=s supplier=name />
            </section>
        })
    };
    let options = move || {
        suppliers.get().into_iter().map(|s| {
        let id = s.id;
        view! { <option value=id.to_string() selected=move || supplier.get() == Some(id)>{s.name}</option> }
    }).collect_view()
    };
    view! {
        <section class="office-panel no-print-wrap" aria-label="Purchase orders">
            <h2>"Purchase orders"</h2>
            <div class="office-filters no-print">
                <label class="field">
                    <span>"Supplier"</span>
                    <select on:change=move |ev| supplier.set(event_target_value(&ev).parse().ok())>{options}</select>
                </label>
                <label class="field">
                    <span>"New supplier"</span>
                    <input type="text" prop:value=move || new_name.get() on:input=move |ev| new_name.set(event_target_value(&ev)) />
                </label>
                <button type="button" class="secondary" on:click=add_supplier>"Add supplier"</button>
            </div>
            <div class="no-print">
                <ItemPicker access location sheet message />
                <SheetTable sheet quantity="Order" expected=None costs=true message />
                <button type="button" class="primary" on:click=create>"Create purchase order"</button>
                <ul class="sheet-orders">{order_rows}</ul>
            </div>
            {chosen}
            <p class="office-note no-print" role="status">{move || message.get()}</p>
        </section>
    }
}
