//! The frame and helpers every dialog shares: the modal frame with its accessible name, focusing the first
//! field, Enter to confirm, and Cancel.

use crate::services::actions;
use crate::services::state::AppState;
use leptos::ev::KeyboardEvent;
use leptos::html::Input;
use leptos::prelude::*;

/// A modal dialog frame: backdrop, `role=dialog` with its accessible name, and a title.
#[component]
pub fn Modal(label: &'static str, title: String, children: Children) -> impl IntoView {
    view! {
        <div class="modal-backdrop">
            <div class="dialog" role="dialog" aria-modal="true" aria-label=label>
                <h2 class="dialog-title">{title}</h2>
                {children()}
            </div>
        </div>
    }
}

/// Focus `input` once it is in the page.
pub fn autofocus(input: NodeRef<Input>) {
    Effect::new(move |_| {
        if let Some(el) = input.get() {
            let _ = el.focus();
        }
    });
}

pub fn on_enter(f: impl Fn() + Copy + 'static) -> impl Fn(KeyboardEvent) + Copy + 'static {
    move |ev: KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            f();
        }
    }
}

pub fn cancel_button(state: AppState) -> impl IntoView {
    view! {
        <button type="button" class="secondary" on:click=move |_| actions::close_dialog(state)>
            "Cancel"
        </button>
    }
}
