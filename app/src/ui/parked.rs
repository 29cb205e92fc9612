//! Park and hold on screen: the Park and Parked buttons under the cart (F4 parks, F8 lists), the dialog that
//! names the order being parked, and the list of parked orders to resume — this till's (also offline) and,
//! online, those other tills of the store parked. Everything they do is `services::parked`.

use super::format;
use super::modal::{autofocus, on_enter, DialogActions, Modal, TextField};
use crate::model::parked::{elsewhere, shelf};
use crate::services::parked;
use crate::services::state::{use_state, AppState, ParkView};
use leptos::html::Input;
use leptos::prelude::*;
use shared::held::HeldOrder;

/// The Park and Parked buttons, with their keys.
#[component]
pub fn ParkBar() -> impl IntoView {
    let state = use_state();
    install_keys(state);
    let count = move || {
        let now = crate::ids::now_utc();
        state.now_ms.track();
        let till = state.data.with(|d| d.till);
        state.parked.records.with(|r| shelf(r, &till, now).len())
    };
    view! {
        <div class="park-bar">
            <button
                type="button"
                class="secondary park-button"
                aria-keyshortcuts="F4"
                disabled=move || state.cart.with(|c| c.is_empty())
                on:click=move |_| parked::open_park(state)
            >
                "Park"
            </button>
            <button
                type="button"
                class="secondary parked-button"
                aria-keyshortcuts="F8"
                on:click=move |_| parked::open_list(state)
            >
                {move || format!("Parked ({})", count())}
            </button>
        </div>
    }
}

/// The open park dialog (mounted in the dialog layer, outside the inert page; loaded on demand by
/// `lazy::parked`).
pub(super) fn parked_view(view: ParkView) -> AnyView {
    match view {
        ParkView::Park => view! { <ParkDialog /> }.into_any(),
        ParkView::List => view! { <ParkedList /> }.into_any(),
    }
}

/// F4 parks, F8 lists the parked orders, Escape closes either dialog (only on the checkout, with no other
/// dialog open).
fn install_keys(state: AppState) {
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.default_prevented()
            || !state.auth.signed_in_untracked()
            || state.auth.locked.with_untracked(Option::is_some)
        {
            return;
        }
        let ours = state.parked.view.with_untracked(Option::is_some);
        let other_open = state.payment_open.get_untracked()
            || state.dialog.with_untracked(Option::is_some)
            || state.auth.approval.with_untracked(Option::is_some);
        match ev.key().as_str() {
            "Escape" if ours => {
                ev.prevent_default();
                parked::close_view(state);
            }
            "F4" if !ours && !other_open => {
                ev.prevent_default();
                parked::open_park(state);
            }
            "F8" if !ours && !other_open => {
                ev.prevent_default();
                parked::open_list(state);
            }
            _ => {}
        }
    });
    on_cleanup(move || handle.remove());
}

fn message(state: AppState) -> impl IntoView {
    move || {
        state
            .parked
            .message
            .get()
            .map(|m| view! { <p class="park-error" role="alert">{m}</p> })
    }
}

fn close_button(state: AppState, text: &'static str) -> impl IntoView {
    view! {
        <button type="button" class="secondary" on:click=move |_| parked::close_view(state)>
            {text}
        </button>
    }
}

#[component]
fn ParkDialog() -> impl IntoView {
    let state = use_state();
    let label = RwSignal::new(String::new());
    let input = NodeRef::<Input>::new();
    autofocus(input);
    let park = move || parked::park(state, label.get_untracked());
    view! {
        <Modal label="Park order" title="Park this order".to_string()>
            <TextField
                label="Name or note".to_string()
                aria_label="Name or note"
                placeholder="Table 4, blue coat, back in 10 min"
                maxlength=80
                node_ref=input
                on_input=move |v| label.set(v)
                on_enter=on_enter(park)
            />
            <p class="pay-hint">"The order is kept on this till, and offered to the store's other tills once online."</p>
            {message(state)}
            <DialogActions
                confirm="Park order"
                disabled=Signal::derive(|| false)
                on_confirm=park
                on_cancel=Callback::new(move |()| parked::close_view(state))
            />
        </Modal>
    }
}

/// "3 items · 14:05 · Chris" for a list row.
fn summary(
    lines: usize,
    at: chrono::DateTime<chrono::Utc>,
    by: Option<&str>,
    till: Option<&str>,
) -> String {
    let mut parts = vec![
        if lines == 1 {
            "1 line".to_string()
        } else {
            format!("{lines} lines")
        },
        format::local_time(at.timestamp_millis() as f64),
    ];
    parts.extend(by.map(str::to_owned));
    parts.extend(till.map(|t| format!("on {t}")));
    parts.join(" \u{b7} ")
}

#[component]
fn ParkedList() -> impl IntoView {
    let state = use_state();
    let own = move || {
        state.now_ms.track();
        let till = state.data.with(|d| d.till);
        state
            .parked
            .records
            .with(|r| shelf(r, &till, crate::ids::now_utc()))
    };
    let others = move || {
        state
            .parked
            .remote
            .with(|remote| state.parked.records.with(|r| elsewhere(remote, r)))
    };
    let online = move || state.sync.online();
    view! {
        <Modal label="Parked orders" title="Parked orders".to_string()>
            {message(state)}
            <h3 class="parked-heading">"On this till"</h3>
            <ul class="parked-list" aria-label="Parked on this till">
                <For each=own key=|r| (r.id, r.label.clone()) let:r>
                    {
                        let id = r.id;
                        let text = summary(
                            r.order.lines.len(),
                            r.parked_at,
                            r.parked_by.as_ref().map(|s| s.name.as_str()),
                            None,
                        );
                        view! {
                            <li class="parked-row">
                                <span class="parked-label">{r.label.clone()}</span>
                                <span class="parked-meta">{text}</span>
                                <button type="button" class="primary" on:click=move |_| parked::resume_own(state, id)>
                                    "Resume"
                                </button>
                            </li>
                        }
                    }
                </For>
            </ul>
            <Show when=move || own().is_empty()>
                <p class="muted">"Nothing parked on this till."</p>
            </Show>
            <h3 class="parked-heading">"On other tills"</h3>
            <Show
                when=online
                fallback=|| view! { <p class="muted">"Offline: orders parked on other tills show once the till is online."</p> }
            >
                <ul class="parked-list" aria-label="Parked on other tills">
                    <For each=others key=|h| (h.id, h.version) let:h>
                        <RemoteRow held=h />
                    </For>
                </ul>
                <Show when=move || others().is_empty()>
                    <p class="muted">"Nothing parked on other tills."</p>
                </Show>
            </Show>
            <div class="dialog-actions">{close_button(state, "Close")}</div>
        </Modal>
    }
}

#[component]
fn RemoteRow(held: HeldOrder) -> impl IntoView {
    let state = use_state();
    let text = summary(
        held.order.lines.len(),
        held.parked_at,
        held.parked_by.as_ref().map(|s| s.name.as_str()),
        Some(held.parked_on_name.as_deref().unwrap_or("another till")),
    );
    let label = held.label.clone();
    view! {
        <li class="parked-row">
            <span class="parked-label">{label}</span>
            <span class="parked-meta">{text}</span>
            <button type="button" class="primary" on:click=move |_| parked::resume_remote(state, held.clone())>
                "Resume"
            </button>
        </li>
    }
}
