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

/// A labelled one-line text field of a dialog: what is typed goes to `on_input`, Enter confirms.
#[component]
pub fn TextField(
    /// The visible label above the field.
    #[prop(into)]
    label: Signal<String>,
    /// The accessible name.
    aria_label: &'static str,
    on_input: impl Fn(String) + 'static,
    on_enter: impl Fn(KeyboardEvent) + 'static,
    /// `decimal` for amounts, quantities and weights.
    #[prop(optional)]
    inputmode: Option<&'static str>,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional)] node_ref: NodeRef<Input>,
    /// The most characters the field takes.
    #[prop(optional)]
    maxlength: Option<u32>,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <input
                type="text"
                inputmode=inputmode
                autocomplete="off"
                aria-label=aria_label
                placeholder=placeholder
                maxlength=maxlength
                required=required
                node_ref=node_ref
                on:input=move |ev| on_input(event_target_value(&ev))
                on:keydown=on_enter
            />
        </label>
    }
}

/// A dialog's Cancel and its one confirming button, disabled while `disabled` holds. Cancel closes the open
/// `Dialog` unless `on_cancel` says otherwise (the park dialogs close their own view).
#[component]
pub fn DialogActions(
    confirm: &'static str,
    #[prop(into)] disabled: Signal<bool>,
    on_confirm: impl Fn() + 'static,
    #[prop(optional, into)] on_cancel: Option<Callback<()>>,
) -> impl IntoView {
    let state = crate::services::state::use_state();
    let cancel = match on_cancel {
        None => cancel_button(state).into_any(),
        Some(on_cancel) => view! {
            <button type="button" class="secondary" on:click=move |_| on_cancel.run(())>
                "Cancel"
            </button>
        }
        .into_any(),
    };
    view! {
        <div class="dialog-actions">
            {cancel}
            <button type="button" class="primary" disabled=disabled on:click=move |_| on_confirm()>
                {confirm}
            </button>
        </div>
    }
}
