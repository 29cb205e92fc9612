//! Totals, always visible: tax per rate, net, and the total due.

use crate::format;
use crate::state::use_state;
use leptos::prelude::*;

#[component]
pub fn TotalsView() -> impl IntoView {
    let state = use_state();
    let taxes = move || {
        state.totals.with(|t| {
            state.settings.with(|s| {
                t.taxes
                    .iter()
                    .map(|r| {
                        view! {
                            <div class="totals-row">
                                <dt>{r.name.clone()}</dt>
                                " "
                                <dd>{format::amount(s, r.tax)}</dd>
                            </div>
                        }
                    })
                    .collect_view()
            })
        })
    };
    let net = move || {
        state
            .totals
            .with(|t| state.settings.with(|s| format::amount(s, t.net)))
    };
    let total = move || {
        state
            .totals
            .with(|t| state.settings.with(|s| format::money(s, t.total)))
    };
    view! {
        <div class="totals">
            <dl class="totals-list">
                {taxes}
                <div class="totals-row">
                    <dt>"Net"</dt>
                    " "
                    <dd>{net}</dd>
                </div>
            </dl>
            <div class="totals-total">
                <span>"Total"</span>
                " "
                <output aria-label="Total">{total}</output>
            </div>
        </div>
    }
}
