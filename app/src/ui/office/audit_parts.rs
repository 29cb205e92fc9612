//! The audit log screen's parts: one table row, and the filters' select and date inputs.

use crate::services::office;
use crate::ui::format;
use leptos::prelude::*;
use shared::auth::AuditEntry;
use uuid::Uuid;

/// One row of the table.
pub fn row(entry: AuditEntry, terminals: &[(Uuid, String)]) -> impl IntoView {
    let ms = entry.at.timestamp_millis() as f64;
    let details = entry.details.to_string();
    let outcome_class = format!("badge outcome-{}", entry.outcome);
    view! {
        <tr>
            <td>
                <time datetime=entry.at.to_rfc3339()>{format::local_timestamp(ms)}</time>
            </td>
            <td>{office::actor_label(&entry.actor)}</td>
            <td>
                <span class="audit-action">{office::action_label(&entry.action).to_string()}</span>
                <span class="audit-code">{entry.action.clone()}</span>
            </td>
            <td class="audit-target">{entry.target.unwrap_or_else(|| "\u{2014}".into())}</td>
            <td>{office::terminal_label(entry.device_id, terminals)}</td>
            <td>
                <span class=outcome_class>{office::outcome_label(&entry.outcome).to_string()}</span>
            </td>
            <td class="audit-details" title=details>
                {office::details_summary(&entry.details)}
            </td>
        </tr>
    }
}

/// A labelled select over `(label, value)` options that sets one field of the filters.
#[component]
pub fn FilterSelect(
    label: &'static str,
    options: &'static [(&'static str, &'static str)],
    value: Signal<String>,
    set: Callback<String>,
) -> impl IntoView {
    let options = options
        .iter()
        .map(|(text, v)| {
            view! {
                <option value=*v selected=move || value.get() == *v>
                    {*text}
                </option>
            }
        })
        .collect_view();
    view! {
        <label class="field">
            <span>{label}</span>
            <select on:change=move |ev| set.run(event_target_value(&ev))>{options}</select>
        </label>
    }
}

/// A labelled date input that sets one field of the filters.
#[component]
pub fn FilterDate(
    label: &'static str,
    value: Signal<String>,
    set: Callback<String>,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <input type="date" prop:value=move || value.get() on:change=move |ev| set.run(event_target_value(&ev)) />
        </label>
    }
}
