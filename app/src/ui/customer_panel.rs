//! The customer on the order, in the customer dialog: their note, balances (store credit and points as
//! pulled: the loyalty screens add to this panel), and their purchases as the server counts them — lifetime
//! spend, visits, last purchases, favourite items — fetched when online and shown "as of" the time counted;
//! offline it says so.

use super::format;
use crate::services::customers;
use crate::services::state::use_state;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::catalog::CustomerRecord;
use shared::customer::CustomerSummary;

#[component]
pub fn CustomerPanel(customer: CustomerRecord) -> impl IntoView {
    let state = use_state();
    let summary = RwSignal::new(None::<Option<CustomerSummary>>);
    let id = customer.id.clone();
    spawn_local(async move {
        summary.set(Some(customers::summary(state, id).await));
    });
    let settings = state.data.with_untracked(|d| d.settings().clone());
    let money = move |v| format::money(&settings, v);
    let note = (!customer.note.is_empty()).then(|| customer.note.clone());
    let balances = format!(
        "Store credit {} · {} points",
        money(customer.store_credit),
        customer.loyalty_points
    );
    view! {
        <section class="customer-panel" aria-label="Customer on the order">
            <p class="customer-name"><strong>{customer.name.clone()}</strong></p>
            {note.map(|n| view! { <p class="customer-note">{format!("Note: {n}")}</p> })}
            <p class="customer-balances">{balances}</p>
            {move || match summary.get() {
                None => view! { <p class="muted">"Counting purchases…"</p> }.into_any(),
                Some(None) => view! { <p class="muted">"Purchase history needs the server (offline)."</p> }.into_any(),
                Some(Some(s)) => {
                    let as_of = format::local_date_time(s.as_of.timestamp_millis() as f64);
                    let last = s
                        .last_purchases
                        .iter()
                        .map(|p| view! { <li>{format!("{} · {}", p.receipt_no, money(p.total))}</li> })
                        .collect_view();
                    let favourites = s
                        .favourite_items
                        .iter()
                        .map(|f| format!("{} ×{}", f.name, f.times))
                        .collect::<Vec<_>>()
                        .join(", ");
                    view! {
                        <p class="customer-spend">
                            {format!("Lifetime spend {} · {} visits (as of {as_of})", money(s.lifetime_spend), s.visits)}
                        </p>
                        <ul class="customer-last" aria-label="Last purchases">{last}</ul>
                        <p class="customer-favourites">{format!("Favourites: {favourites}")}</p>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}
