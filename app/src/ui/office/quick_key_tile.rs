//! One key of the quick-key editor, drawn as the till draws it (its colour, its label or the product's name),
//! with its controls: label, colour from the palette, move earlier / later (buttons, so the keyboard can do
//! it), and remove. Edits go to the editor's `QuickKeyEditor`.

use crate::model::quick_key_editor::QuickKeyEditor;
use leptos::prelude::*;
use shared::quick_keys::{QuickKey, COLOURS};

#[component]
pub fn QuickKeyTile(
    index: usize,
    count: usize,
    qk: QuickKey,
    /// The product's name (the key's id when the catalog list did not have it).
    name: String,
    editor: RwSignal<QuickKeyEditor>,
) -> impl IntoView {
    let shown = qk.label.clone().unwrap_or_else(|| name.clone());
    let class = format!("quick-key qk-{}", qk.colour);
    let current = qk.colour.clone();
    let colours = COLOURS
        .iter()
        .map(|c| {
            let selected = *c == current;
            view! { <option value={*c} selected={selected}>{*c}</option> }
        })
        .collect_view();
    let label = qk.label.clone().unwrap_or_default();
    view! {
        <li class="qk-edit" aria-label=format!("Key {} of {count}: {shown}", index + 1)>
            <div class=class>
                <span class="quick-key-label">{shown.clone()}</span>
            </div>
            <label class="field">
                <span>"Label"</span>
                <input
                    type="text"
                    maxlength=24
                    placeholder=name.clone()
                    aria-label=format!("Label of {name}")
                    prop:value=label
                    on:change=move |ev| editor.update(|e| e.set_label(index, &event_target_value(&ev)))
                />
            </label>
            <label class="field">
                <span>"Colour"</span>
                <select
                    aria-label=format!("Colour of {name}")
                    on:change=move |ev| editor.update(|e| e.set_colour(index, &event_target_value(&ev)))
                >
                    {colours}
                </select>
            </label>
            <div class="qk-moves">
                <button
                    type="button"
                    class="secondary"
                    aria-label=format!("Move {name} earlier")
                    disabled={index == 0}
                    on:click=move |_| editor.update(|e| e.move_up(index))
                >
                    "\u{2191}"
                </button>
                <button
                    type="button"
                    class="secondary"
                    aria-label=format!("Move {name} later")
                    disabled={index + 1 == count}
                    on:click=move |_| editor.update(|e| e.move_down(index))
                >
                    "\u{2193}"
                </button>
                <button
                    type="button"
                    class="secondary"
                    aria-label=format!("Remove {name}")
                    on:click=move |_| editor.update(|e| e.remove(index))
                >
                    "Remove"
                </button>
            </div>
        </li>
    }
}
