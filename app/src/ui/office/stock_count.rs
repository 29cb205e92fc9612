//! The Stock tab's count: start a full count (every item at the location) or a cycle count (items chosen),
//! enter counted quantities by scanning or typing (fits a 390 px phone), see the variance report (expected
//! when the count started against counted, valued at cost) and post it.

use super::order_print::money;
use super::sheet_parts::{ItemPicker, ScanBox, SheetTable};
use crate::model::quantity;
use crate::model::stock_sheet::Sheet;
use crate::services::office::Access;
use crate::services::office_purchasing;
use crate::services::state::use_state;
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

#[component]
pub fn StockCount(access: Access, location: Uuid, done: Callback<()>) -> impl IntoView {
    let state = use_state();
    let count = RwSignal::new(None::<Uuid>);
    let cycle = RwSignal::new(false);
    let sheet = RwSignal::new(Sheet::default());
    let message = RwSignal::new(None::<String>);
    let start = move |full: bool| {
        spawn_local(async move {
            let started = office_purchasing::start_count(state, access, location).await;
            let id = match started {
                Ok(id) => id,
                Err(e) => return message.set(Some(e)),
            };
            let lines = if full {
                office_purchasing::items(state, access, location, "", true).await
            } else {
                Ok(Vec::new())
            };
            match lines {
                Ok(lines) => {
                    sheet.set(Sheet { lines });
                    cycle.set(!full);
                    count.set(Some(id));
                    message.set(Some("Count started.".into()));
                }
                Err(e) => message.set(Some(e)),
            }
        });
    };
    let post = move |_| {
        let Some(id) = count.get_untracked() else {
            return;
        };
        let counted = sheet.get_untracked();
        spawn_local(async move {
            match office_purchasing::post_count(state, access, id, &counted).await {
                Ok(()) => {
                    message.set(Some("Count posted.".into()));
                    count.set(None);
                    done.run(());
                }
                Err(e) => message.set(Some(e)),
            }
        });
    };
    let report = move || {
        let v = sheet.with(Sheet::variance);
        let rows = sheet.with(|s| {
            v.lines
                .iter()
                .filter_map(|(i, d, value)| {
                    let l = s.lines.get(*i)?;
                    Some(view! {
                        <tr>
                            <td>{l.name.clone()}</td>
                            <td class="num">{quantity(l.expected)}</td>
                            <td class="num">{quantity(l.quantity)}</td>
                            <td class="num">{quantity(*d)}</td>
                            <td class="num">{money(*value)}</td>
                        </tr>
                    })
                })
                .collect_view()
        });
        let note = (v.without_cost > 0).then(|| {
            format!(
                "{} items have no cost; their value is left out.",
                v.without_cost
            )
        });
        view! {
            <div class="office-table-wrap">
                <table class="audit-table" aria-label="Variance report">
                    <caption>"Variance report"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Item"</th>
                            <th scope="col">"Expected"</th>
                            <th scope="col">"Counted"</th>
                            <th scope="col">"Difference"</th>
                            <th scope="col">"Value"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                    <tfoot>
                        <tr>
                            <th scope="row" colspan="3">"Total"</th>
                            <td class="num">{quantity(v.units)}</td>
                            <td class="num">{money(v.value)}</td>
                        </tr>
                    </tfoot>
                </table>
            </div>
            <p class="office-note">{note}</p>
        }
    };
    view! {
        <section class="office-panel sheet-count" aria-label="Count">
            <h2>"Count"</h2>
            <Show
                when=move || count.with(Option::is_some)
                fallback=move || view! {
                    <div class="office-filters">
                        <button type="button" class="primary" on:click=move |_| start(true)>"Start a full count"</button>
                        <button type="button" class="secondary" on:click=move |_| start(false)>"Start a cycle count"</button>
                    </div>
                }
            >
                <Show when=move || cycle.get()>
                    <ItemPicker access location sheet message />
                </Show>
                <ScanBox sheet message />
                <SheetTable sheet quantity="Counted" expected=Some("Expected") costs=false message />
                {report}
                <button type="button" class="primary" on:click=post>"Post count"</button>
            </Show>
            <p class="office-note" role="status">{move || message.get()}</p>
        </section>
    }
}
