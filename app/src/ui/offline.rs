//! The offline bar: while the till cannot reach the server, a full-width bar says so (the header's dot alone is
//! easy to miss) and that selling goes on.

use crate::services::state::use_state;
use leptos::prelude::*;

#[component]
pub fn OfflineBar() -> impl IntoView {
    let state = use_state();
    view! {
        <Show when=move || !state.sync.online()>
            <div class="offline-bar" role="status" aria-label="Offline">
                <strong>"Offline"</strong>
                <span>" \u{2014} sales are kept on this till and sent when the connection is back."</span>
            </div>
        </Show>
    }
}
