//! Keyboard shortcuts that work anywhere: F9 locks the till (`services::lock`, over any dialog), F2 or Ctrl+Enter opens payment, Escape closes it (or the open
//! dialog, the manager approval first), Enter on the receipt of a just-completed sale starts a new sale.

use crate::services::actions;
use crate::services::session::approval;
use crate::services::state::{AppState, Screen};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

pub fn install(state: AppState) {
    let _ = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.default_prevented() || !state.auth.signed_in_untracked() {
            return;
        }
        if state.auth.locked.with_untracked(Option::is_some) {
            return;
        }
        if ev.key() == "F9" {
            ev.prevent_default();
            crate::services::lock::lock(state);
            return;
        }
        if state.auth.approval.with_untracked(Option::is_some) {
            if ev.key() == "Escape" {
                ev.prevent_default();
                state.auth.approval.set(None);
            }
            return;
        }
        let key = ev.key();
        let paying = state.payment_open.get_untracked();
        let dialog = state.dialog.with_untracked(Option::is_some);
        match key.as_str() {
            "F2" if !paying => {
                ev.prevent_default();
                approval::pay(state);
            }
            "Enter" if (ev.ctrl_key() || ev.meta_key()) && !paying => {
                ev.prevent_default();
                approval::pay(state);
            }
            "Escape" if paying => {
                ev.prevent_default();
                actions::close_payment(state);
            }
            "Escape" if dialog => {
                ev.prevent_default();
                actions::close_dialog(state);
            }
            "Enter"
                if !paying
                    && !dialog
                    && state.screen.get_untracked() == (Screen::Receipt { from_list: false }) =>
            {
                // A focused button or field does its own thing with Enter.
                let on_control = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|el| {
                        matches!(
                            el.tag_name().as_str(),
                            "BUTTON" | "INPUT" | "A" | "SELECT" | "TEXTAREA"
                        )
                    });
                if !on_control {
                    ev.prevent_default();
                    actions::new_sale(state);
                }
            }
            _ => {}
        }
    });
}
