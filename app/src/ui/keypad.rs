//! The big keypad of the PIN screens and the quantity dialog: 1–9, a corner key (Clear, or the decimal point
//! for weights), 0 and Backspace, in a 3 × 4 grid with no empty corner. Each press goes to `press`.

use crate::model::pin::PinKey;
use leptos::prelude::*;

#[component]
pub fn Keypad(
    press: impl Fn(PinKey) + Copy + Send + Sync + 'static,
    /// The key left of 0: `None` for Clear, or a character key (the decimal point).
    #[prop(optional_no_strip)]
    corner: Option<char>,
) -> impl IntoView {
    let key = move |d: char| {
        view! {
            <button type="button" class="key" on:click=move |_| press(PinKey::Digit(d))>
                {d.to_string()}
            </button>
        }
    };
    view! {
        <div class="keypad" role="group" aria-label="Keypad">
            {['1', '2', '3', '4', '5', '6', '7', '8', '9'].into_iter().map(key).collect_view()}
            {match corner {
                Some(c) => key(c).into_any(),
                None => view! {
                    <button type="button" class="key secondary" on:click=move |_| press(PinKey::Clear)>
                        "Clear"
                    </button>
                }
                .into_any(),
            }}
            {key('0')}
            <button
                type="button"
                class="key secondary"
                aria-label="Backspace"
                title="Delete the last digit"
                on:click=move |_| press(PinKey::Back)
            >
                "\u{232b}"
            </button>
        </div>
    }
}
