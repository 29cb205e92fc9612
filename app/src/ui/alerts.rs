//! One non-blocking alert banner for the last scan problem and for storage or sync problems.

use crate::services::state::use_state;
use leptos::prelude::*;

#[component]
pub fn Alerts() -> impl IntoView {
    let state = use_state();
    let any = move || {
        state.notice.with(Option::is_some)
            || state.error.with(Option::is_some)
            || state.sync_error.with(Option::is_some)
    };
    let dismiss = move |_| {
        state.notice.set(None);
        state.error.set(None);
        state.sync_error.set(None);
        state.focus_search();
    };
    view! {
        <Show when=any>
            <div class="alerts" role="alert">
                {move || state.notice.get().map(|m| view! { <p class="alert notice">{m}</p> })}
                {move || state.error.get().map(|m| view! { <p class="alert problem">{m}</p> })}
                {move || state.sync_error.get().map(|m| view! { <p class="alert problem">{m}</p> })}
                <button type="button" class="dismiss" on:click=dismiss>"Dismiss"</button>
            </div>
        </Show>
    }
}
