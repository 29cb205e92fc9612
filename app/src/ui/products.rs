//! The product area: search results while typing (the one Enter adds marked), otherwise the category chips
//! over every product ("All", the first screen, under the store's quick keys) or a category's products.

use super::format;
use crate::model::catalog::SEARCH_LIMIT;
use crate::model::enter::{mixes_units, Enter};
use crate::services::actions;
use crate::services::state::{use_state, Browse};
use leptos::prelude::*;
use shared::catalog::Product;

#[component]
pub fn ProductArea() -> impl IntoView {
    let state = use_state();
    // What follows a multiplier ("3*soap") is what is searched.
    let query = Memo::new(move |_| {
        state
            .query
            .with(|q| crate::model::multiplier::split(q).1.to_string())
    });
    move || {
        let q = query.get();
        if !q.is_empty() {
            let (results, enter) = state.catalog.with(|c| {
                let enter = Enter::on(c, &q).product().map(|p| p.id.clone());
                (c.search(&q, SEARCH_LIMIT), enter)
            });
            let empty = results.is_empty();
            let mixed = mixes_units(&results);
            return view! {
                <div class="product-area">
                    {empty.then(|| view! { <p class="empty">"No products match. Try fewer letters."</p> })}
                    <ProductGrid products=results enter mixed />
                </div>
            }
            .into_any();
        }
        let selected = match state.browse.get() {
            Browse::Category(id) => Some(id),
            Browse::All => None,
        };
        let first_screen = selected.is_none();
        let products = state.catalog.with(|c| c.in_category(selected.as_deref()));
        let loading = state
            .catalog
            .with(|c| c.is_empty() && c.categories().is_empty());
        view! {
            <div class="product-area">
                {first_screen.then(|| view! { <super::quick_keys::QuickKeyGrid /> })}
                <CategoryBar />
                {loading.then(|| view! { <p class="empty">"Loading products\u{2026}"</p> })}
                <ProductGrid products enter=None mixed=false />
            </div>
        }
        .into_any()
    }
}

/// The row of category chips above a category's products.
#[component]
fn CategoryBar() -> impl IntoView {
    let state = use_state();
    let pressed = move |b: Browse| {
        move || {
            if state.browse.get() == b {
                "true"
            } else {
                "false"
            }
        }
    };
    view! {
        <div class="category-bar" role="group" aria-label="Categories">
            <button
                type="button"
                class="chip"
                aria-pressed=pressed(Browse::All)
                on:click=move |_| state.browse.set(Browse::All)
            >
                "All"
            </button>
            {move || {
                state
                    .catalog
                    .with(|c| c.categories().to_vec())
                    .into_iter()
                    .map(|cat| {
                        let id = cat.id.clone();
                        view! {
                            <button
                                type="button"
                                class="chip"
                                aria-pressed=pressed(Browse::Category(cat.id.clone()))
                                on:click=move |_| state.browse.set(Browse::Category(id.clone()))
                            >
                                {cat.name}
                            </button>
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
}

#[component]
/// `enter`: the product Enter in the search box adds, marked on its tile. Weighed goods are marked "per kg";
/// when the tiles mix both (`mixed`), pieces are marked "each" too.
fn ProductGrid(products: Vec<Product>, enter: Option<String>, mixed: bool) -> impl IntoView {
    let state = use_state();
    let settings = state.settings.get_untracked();
    let items = products
        .into_iter()
        .map(|p| {
            let price = match p.unit {
                shared::basket::Unit::Each => format::amount(&settings, p.price),
                shared::basket::Unit::Kilogram | shared::basket::Unit::Litre => format!(
                    "{}/{}",
                    format::amount(&settings, p.price),
                    p.unit.symbol().unwrap_or_default()
                ),
            };
            let mark = match p.unit {
                shared::basket::Unit::Kilogram => Some("per kg"),
                shared::basket::Unit::Litre => Some("per litre"),
                shared::basket::Unit::Each => mixed.then_some("each"),
            };
            let label = match mark {
                Some(m) => format!("{} {} {m}", p.name, price),
                None => format!("{} {}", p.name, price),
            };
            let name = p.name.clone();
            let id = p.id.clone();
            let on_enter = enter.as_deref() == Some(p.id.as_str());
            view! {
                <li>
                    <button
                        type="button"
                        class="product-tile"
                        class:enter-target=on_enter
                        aria-label=label
                        aria-keyshortcuts=on_enter.then_some("Enter")
                        on:click=move |_| actions::add_product(state, &p)
                    >
                        <span class="product-name">{name}</span>
                        <span class="product-price">{price}</span>
                        {mark.map(|m| view! { <span class="unit-mark" class:weighed=m == "per kg">{m}</span> })}
                        <StockMark id />
                        {on_enter.then(|| view! { <span class="enter-badge" aria-hidden="true">"Enter \u{21b5}"</span> })}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="product-grid">{items}</ul> }
}

/// The item's stock at this store as last pulled, with its age ("12 in stock · 5 min"); negative and stale
/// levels are marked. Nothing until a level was pulled.
#[component]
fn StockMark(id: String) -> impl IntoView {
    let state = use_state();
    move || {
        let note = state.data.with(|d| d.stock.note(&id, state.now_ms.get()))?;
        let title = if note.stale {
            "Stock not updated for over an hour"
        } else {
            "Stock at this store"
        };
        Some(view! {
            <span class="stock-mark" class:negative=note.negative class:stale=note.stale title=title>
                {format!("{} \u{b7} {}", note.text, format::age(note.age_ms))}
            </span>
        })
    }
}
