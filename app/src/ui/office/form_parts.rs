//! Parts of the back office's forms: a labelled text field (a textarea when it takes lines) bound to one field
//! of a form held in a signal, with the sentence of its error under it (a `FieldError` naming the field; `""`
//! is the whole form's), announced when it changes. The error line's id is `{prefix}-{name}-error`.

use crate::model::product_form::FieldError;
use leptos::prelude::*;

/// The failure shown under `name`'s field (`""`: under the form).
pub fn error_for(error: RwSignal<Option<FieldError>>, name: &'static str) -> Option<String> {
    error.with(|e| {
        e.as_ref()
            .filter(|e| e.field == name)
            .map(|e| e.message.clone())
    })
}

/// The line under a field holding its error.
pub fn error_line(
    error: RwSignal<Option<FieldError>>,
    prefix: &'static str,
    name: &'static str,
) -> impl IntoView {
    view! {
        <span class="field-error" id=format!("{prefix}-{name}-error") aria-live="polite">
            {move || error_for(error, name)}
        </span>
    }
}

/// A labelled text field of `form` (`get` reads it, `put` writes what is typed) with its error under it.
#[component]
pub fn FormText<F: Send + Sync + 'static>(
    label: &'static str,
    name: &'static str,
    /// Names the error line: `{prefix}-{name}-error`.
    prefix: &'static str,
    form: RwSignal<F>,
    get: fn(&F) -> &String,
    put: fn(&mut F, String),
    error: RwSignal<Option<FieldError>>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] lines: bool,
) -> impl IntoView {
    let described = format!("{prefix}-{name}-error");
    let invalid = move || error_for(error, name).is_some().then_some("true");
    let value = move || form.with(|f| get(f).clone());
    let input = if lines {
        view! {
            <textarea
                name=name
                rows="2"
                aria-invalid=invalid
                aria-describedby=described
                prop:value=value
                on:input=move |ev| form.update(|f| put(f, event_target_value(&ev)))
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                type="text"
                name=name
                autocomplete="off"
                inputmode=inputmode
                aria-invalid=invalid
                aria-describedby=described
                prop:value=value
                on:input=move |ev| form.update(|f| put(f, event_target_value(&ev)))
            />
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label class="field">
                <span>{label}</span>
                {input}
            </label>
            {error_line(error, prefix, name)}
        </div>
    }
}

/// A labelled checkbox of `form` (`get` reads it, `put` writes it).
#[component]
pub fn FormCheck<F: Send + Sync + 'static>(
    label: &'static str,
    name: &'static str,
    form: RwSignal<F>,
    get: fn(&F) -> bool,
    put: fn(&mut F, bool),
) -> impl IntoView {
    view! {
        <label class="field field-check">
            <input
                type="checkbox"
                name=name
                prop:checked=move || form.with(get)
                on:change=move |ev| form.update(|f| put(f, event_target_checked(&ev)))
            />
            <span>{label}</span>
        </label>
    }
}

/// The whole form's failure (a `FieldError` naming no field), announced, under the fields.
pub fn form_error(error: RwSignal<Option<FieldError>>) -> impl IntoView {
    move || {
        error_for(error, "")
            .map(|message| view! { <p class="office-error" role="alert">{message}</p> })
    }
}
