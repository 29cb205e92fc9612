//! Parts of the back office's lists: where a read stands (`Load`), its failure with "Try again", and the table
//! with its caption and column heads.

use leptos::prelude::*;

/// Where the current read of a list stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Load {
    Loading,
    Ready,
    Failed(String),
}

impl Load {
    /// The sentence of a failed read.
    pub fn failure(&self) -> Option<String> {
        match self {
            Load::Failed(message) => Some(message.clone()),
            _ => None,
        }
    }
}

/// A failed read's sentence and a "Try again" that runs `retry`; nothing while the read stands well.
#[component]
pub fn LoadFailure(status: RwSignal<Load>, retry: Callback<()>) -> impl IntoView {
    move || {
        status.with(Load::failure).map(|message| {
            view! {
                <div class="office-error" role="alert">
                    <p>{message}</p>
                    <button type="button" class="secondary" on:click=move |_| retry.run(())>"Try again"</button>
                </div>
            }
        })
    }
}

/// A list's table: its `caption`, one column head per `heads`, the rows as children.
#[component]
pub fn OfficeTable(
    caption: &'static str,
    heads: &'static [&'static str],
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView {
    let heads = heads
        .iter()
        .map(|h| view! { <th scope="col">{*h}</th> })
        .collect_view();
    view! {
        <div class=format!("office-table-wrap {class}")>
            <table class="audit-table">
                <caption>{caption}</caption>
                <thead>
                    <tr>{heads}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}
