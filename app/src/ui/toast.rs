//! The toast: a transient message drawn over the page (it moves nothing), gone by itself once
//! `model::toast` says so on the app's clock tick, or when dismissed.

use crate::services::state::use_state;
use leptos::prelude::*;

#[component]
pub fn ToastView() -> impl IntoView {
    let state = use_state();
    let text = move || {
        let now = state.now_ms.get();
        state.toast.with(|t| {
            t.as_ref()
                .filter(|t| t.visible_at(now))
                .map(|t| t.text.clone())
        })
    };
    let dismiss = move |_| {
        state.toast.set(None);
        state.focus_search();
    };
    view! {
        <div class="toast-layer">
            {move || {
                text()
                    .map(|text| {
                        view! {
                            <div class="toast" role="alert">
                                <p class="toast-text">{text}</p>
                                <button type="button" class="toast-close" aria-label="Dismiss message" on:click=dismiss>
                                    "\u{d7}"
                                </button>
                            </div>
                        }
                    })
            }}
        </div>
    }
}
