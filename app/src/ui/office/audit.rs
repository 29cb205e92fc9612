//! The audit log screen: filters (action group, outcome, date range), a table of entries newest first, "Load
//! older" for the next page, and what went wrong in words (signed out, not allowed, no connection).

use super::audit_parts::{row, FilterDate, FilterSelect};
use super::list_parts::{Load, LoadFailure, OfficeTable};
use crate::services::navigate;
use crate::services::office::{self, Access, Filters, ACTION_GROUPS, OUTCOMES};
use crate::services::state::use_state;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::auth::AuditEntry;
use uuid::Uuid;

#[component]
pub fn AuditScreen(access: Access) -> impl IntoView {
    let state = use_state();
    let filters = RwSignal::new(Filters::default());
    let entries = RwSignal::new(Vec::<AuditEntry>::new());
    let next_before = RwSignal::new(None::<u64>);
    let status = RwSignal::new(Load::Loading);
    let terminals = RwSignal::new(Vec::<(Uuid, String)>::new());
    // Only the newest read may change the table (filters can change while one is under way).
    let generation = StoredValue::new(0_u64);

    let load = move |older: bool| {
        let before = if older {
            next_before.get_untracked()
        } else {
            None
        };
        let url = match office::audit_query(&filters.get_untracked(), before) {
            Ok(url) => url,
            Err(message) => {
                entries.set(Vec::new());
                next_before.set(None);
                status.set(Load::Failed(message));
                return;
            }
        };
        generation.update_value(|g| *g += 1);
        let this = generation.get_value();
        status.set(Load::Loading);
        spawn_local(async move {
            let result = office::audit_page(state, access, &url).await;
            if generation.try_get_value() != Some(this) {
                return;
            }
            match result {
                Ok(page) => {
                    if older {
                        entries.update(|e| e.extend(page.entries));
                    } else {
                        entries.set(page.entries);
                    }
                    next_before.set(page.next_before);
                    status.set(Load::Ready);
                }
                Err(e) => status.set(Load::Failed(office::read_message(&e, access))),
            }
        });
    };
    Effect::new(move |_| {
        filters.track();
        load(false);
    });
    spawn_local(async move {
        terminals.set(office::terminal_names(state, access).await);
    });

    let session = office::session(state, access);
    let who = move || {
        session.with(|s| {
            s.as_ref()
                .map(|s| {
                    format!(
                        "Signed in as {} ({})",
                        s.staff.name,
                        office::role_label(s.staff.role)
                    )
                })
                .unwrap_or_default()
        })
    };
    let field =
        |get: fn(&Filters) -> &String| Signal::derive(move || filters.with(|f| get(f).clone()));
    let setter = |put: fn(&mut Filters, String)| {
        Callback::new(move |v: String| {
            if filters.with_untracked(|f| {
                let mut changed = f.clone();
                put(&mut changed, v.clone());
                changed != *f
            }) {
                filters.update(|f| put(f, v));
            }
        })
    };
    let status_text = move || match status.get() {
        Load::Loading => "Loading\u{2026}".to_string(),
        Load::Failed(_) => String::new(),
        Load::Ready => match entries.with(Vec::len) {
            0 => "No entries match these filters.".into(),
            1 => "1 entry shown.".into(),
            n if next_before.with(Option::is_some) => {
                format!("{n} entries shown; older ones follow.")
            }
            n => format!("{n} entries shown."),
        },
    };
    let rows = move || {
        let names = terminals.get();
        entries
            .get()
            .into_iter()
            .map(|e| row(e, &names))
            .collect_view()
    };
    let leave = move |_| match access {
        Access::Till => navigate::open_checkout(),
        Access::Remote => spawn_local(office::sign_out_remote(state)),
    };
    view! {
        <section class="office" aria-label="Back office">
            <div class="office-head">
                <div>
                    <h1 class="office-title">"Audit log"</h1>
                    <p class="muted">{who}</p>
                </div>
                <div class="office-actions">
                    <button type="button" class="secondary" on:click=move |_| load(false)>
                        "Refresh"
                    </button>
                    <button type="button" class="primary" on:click=leave>
                        {match access {
                            Access::Till => "Back to checkout",
                            Access::Remote => "Sign out",
                        }}
                    </button>
                </div>
            </div>
            <form class="office-filters" role="search" aria-label="Audit filters" on:submit=|ev| ev.prevent_default()>
                <FilterSelect
                    label="Action"
                    options=&ACTION_GROUPS
                    value=field(|f| &f.action)
                    set=setter(|f, v| f.action = v)
                />
                <FilterSelect
                    label="Outcome"
                    options=&OUTCOMES
                    value=field(|f| &f.outcome)
                    set=setter(|f, v| f.outcome = v)
                />
                <FilterDate label="From" value=field(|f| &f.from) set=setter(|f, v| f.from = v) />
                <FilterDate label="To" value=field(|f| &f.to) set=setter(|f, v| f.to = v) />
            </form>
            <p class="office-status" role="status" aria-live="polite">{status_text}</p>
            <LoadFailure status retry=Callback::new(move |()| load(false)) />
            <OfficeTable caption="Audit log entries, newest first" heads=&["Time", "Who", "Action", "Target", "Terminal", "Outcome", "Details"]>
                {rows}
            </OfficeTable>
            <Show when=move || next_before.with(Option::is_some)>
                <button
                    type="button"
                    class="secondary office-more"
                    disabled=move || status.get() == Load::Loading
                    on:click=move |_| load(true)
                >
                    "Load older"
                </button>
            </Show>
        </section>
    }
}
