//! The quick-key grid on the till's first screen: the store's favourites as big coloured keys (the product's
//! image when the catalog has one); a tap adds the product as a product tile does (weighed goods are weighed).

use crate::services::actions;
use crate::services::state::use_state;
use leptos::prelude::*;

#[component]
pub fn QuickKeyGrid() -> impl IntoView {
    let state = use_state();
    move || {
        let tiles = state
            .catalog
            .with(|c| state.data.with(|d| d.quick_keys.tiles(c)));
        if tiles.is_empty() {
            return None;
        }
        let keys = tiles
            .into_iter()
            .map(|t| {
                let product = t.product;
                let class = format!("quick-key qk-{}", t.colour);
                let label = t.label.clone();
                view! {
                    <li>
                        <button
                            type="button"
                            class=class
                            aria-label=label
                            on:click=move |_| actions::add_product(state, &product)
                        >
                            {t.image.map(|src| view! { <img class="quick-key-image" src=src alt="" /> })}
                            <span class="quick-key-label">{t.label}</span>
                        </button>
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <nav class="quick-keys" aria-label="Quick keys">
                <ul class="quick-key-grid">{keys}</ul>
            </nav>
        })
    }
}
