//! The parts of the back office's stock sheets (purchase orders, receipts, counts): the item search that adds
//! items, the scan box (a keyboard-wedge scan — digits, then Enter — adds 1 of its item) and the sheet's table
//! of quantities typed.

use crate::model::stock_sheet::Sheet;
use crate::services::office::Access;
use crate::services::office_purchasing;
use crate::services::state::use_state;
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

/// Search the catalog and add the items found to `sheet`.
#[component]
pub fn ItemPicker(
    access: Access,
    location: Uuid,
    sheet: RwSignal<Sheet>,
    message: RwSignal<Option<String>>,
) -> impl IntoView {
    let state = use_state();
    let text = RwSignal::new(String::new());
    let found = RwSignal::new(Vec::new());
    let find = move || {
        let t = text.get_untracked();
        spawn_local(async move {
            match office_purchasing::items(state, access, location, &t, false).await {
                Ok(list) => found.set(list),
                Err(e) => message.set(Some(e)),
            }
        });
    };
    let results = move || {
        found
            .get()
            .into_iter()
            .map(|l| {
                let label = format!("Add {}", l.name);
                let name = l.name.clone();
                view! {
                    <li>
                        <button type="button" class="secondary" aria-label=label
                            on:click=move |_| { sheet.update(|s| { s.add(l.clone()); }); }>
                            {name}
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <form class="office-filters" role="search" aria-label="Find items" on:submit=move |ev| { ev.prevent_default(); find(); }>
            <label class="field">
                <span>"Find an item"</span>
                <input type="search" placeholder="Name, SKU or barcode" prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev)) />
            </label>
            <button type="submit" class="secondary">"Find"</button>
        </form>
        <ul class="sheet-found">{results}</ul>
    }
}

/// The scan box: Enter adds 1 of the item whose barcode (or SKU) was scanned or typed.
#[component]
pub fn ScanBox(sheet: RwSignal<Sheet>, message: RwSignal<Option<String>>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() != "Enter" {
            return;
        }
        ev.prevent_default();
        let code = text.get_untracked();
        text.set(String::new());
        let answer = sheet.try_update(|s| s.scan(&code)).unwrap_or(Ok(None));
        let said = match answer {
            Ok(Some(i)) => sheet.with_untracked(|s| {
                s.lines
                    .get(i)
                    .map(|l| format!("{}: {}", l.name, crate::model::quantity(l.quantity)))
            }),
            Ok(None) => None,
            Err(e) => Some(e.to_string()),
        };
        message.set(said);
    };
    view! {
        <label class="field sheet-scan">
            <span>"Scan or type a barcode, then Enter"</span>
            <input type="text" inputmode="numeric" autocomplete="off" prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev)) on:keydown=on_key />
        </label>
    }
}

/// The sheet's lines: name, SKU, what is expected (when `expected` names the column), the quantity typed and,
/// when `costs`, the cost per unit.
#[component]
pub fn SheetTable(
    sheet: RwSignal<Sheet>,
    quantity: &'static str,
    expected: Option<&'static str>,
    costs: bool,
    message: RwSignal<Option<String>>,
) -> impl IntoView {
    let set = move |i: usize, text: String, cost: bool| {
        let answer = sheet
            .try_update(|s| {
                if cost {
                    s.set_cost(i, &text)
                } else {
                    s.set(i, &text)
                }
            })
            .unwrap_or(Ok(()));
        message.set(answer.err().map(|e| e.to_string()));
    };
    let rows = move || {
        sheet.with(|s| {
            s.lines
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let q = crate::model::quantity(l.quantity);
                    let c = l.cost.map(crate::model::quantity).unwrap_or_default();
                    let exp = expected.map(|_| view! { <td class="num">{crate::model::quantity(l.expected)}</td> });
                    let cost = costs.then(|| view! {
                        <td><input type="text" inputmode="decimal" class="sheet-qty" aria-label=format!("Cost of {}", l.name)
                            prop:value=c on:change=move |ev| set(i, event_target_value(&ev), true) /></td>
                    });
                    view! {
                        <tr>
                            <td>{l.name.clone()}</td>
                            <td>{l.sku.clone()}</td>
                            {exp}
                            <td><input type="text" inputmode="decimal" class="sheet-qty"
                                aria-label=format!("{quantity} of {}", l.name)
                                prop:value=q on:change=move |ev| set(i, event_target_value(&ev), false) /></td>
                            {cost}
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="office-table-wrap">
            <table class="audit-table sheet-table">
                <thead>
                    <tr>
                        <th scope="col">"Item"</th>
                        <th scope="col">"SKU"</th>
                        {expected.map(|h| view! { <th scope="col">{h}</th> })}
                        <th scope="col">{quantity}</th>
                        {costs.then(|| view! { <th scope="col">"Cost"</th> })}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
