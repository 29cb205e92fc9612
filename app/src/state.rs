//! UI state: plain data in signals, shared through context. No storage or network handles in here.

use crate::catalog::Catalog;
use crate::db::outbox::Pending;
use leptos::html::Input;
use leptos::prelude::*;
use shared::cart::Cart;
use shared::catalog::{StoreSettings, TaxRate};
use shared::pricing::{totals, Totals};
use shared::sale::Sale;
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Checkout,
    /// A receipt: the sale just completed (`from_list: false`) or one picked from today's sales.
    Receipt {
        from_list: bool,
    },
    Sales,
}

/// What the product area shows while the search box is empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Browse {
    Categories,
    All,
    Category(String),
}

#[derive(Clone, Copy)]
pub struct SyncSignals {
    /// `navigator.onLine`, kept up to date by the `online` / `offline` events.
    pub browser_online: RwSignal<bool>,
    /// The last request to the server got an answer.
    pub reachable: RwSignal<bool>,
    /// Outbox size and the age of its oldest sale.
    pub pending: RwSignal<Pending>,
}

impl SyncSignals {
    pub fn online(&self) -> bool {
        self.browser_online.get() && self.reachable.get()
    }
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub device_id: RwSignal<Option<Uuid>>,
    pub settings: RwSignal<StoreSettings>,
    pub tax_rates: RwSignal<Vec<TaxRate>>,
    pub catalog: RwSignal<Catalog>,
    pub cart: RwSignal<Cart>,
    pub totals: Memo<Totals>,
    pub screen: RwSignal<Screen>,
    pub browse: RwSignal<Browse>,
    /// Text of the search box, as last typed (Enter reads the input itself, not this).
    pub query: RwSignal<String>,
    pub payment_open: RwSignal<bool>,
    /// The receipt on screen.
    pub receipt: RwSignal<Option<Sale>>,
    /// A short message about the last scan or cart action ("No product with barcode …").
    pub notice: RwSignal<Option<String>>,
    /// A storage problem, until dismissed.
    pub error: RwSignal<Option<String>>,
    /// A sync problem other than being offline, until the next successful exchange or dismissal.
    pub sync_error: RwSignal<Option<String>>,
    pub sync: SyncSignals,
    /// The clock for relative times, ticking every few seconds.
    pub now_ms: RwSignal<f64>,
    /// Bumped whenever stored sales change, so lists reload.
    pub sales_rev: RwSignal<u64>,
    pub search_input: NodeRef<Input>,
}

impl AppState {
    pub fn new() -> Self {
        let cart = RwSignal::new(Cart::default());
        let settings = RwSignal::new(StoreSettings::default());
        let online = web_sys::window()
            .map(|w| w.navigator().on_line())
            .unwrap_or(true);
        AppState {
            device_id: RwSignal::new(None),
            settings,
            tax_rates: RwSignal::new(Vec::new()),
            catalog: RwSignal::new(Catalog::default()),
            cart,
            totals: Memo::new(move |_| cart.with(|c| settings.with(|s| totals(c, s)))),
            screen: RwSignal::new(Screen::Checkout),
            browse: RwSignal::new(Browse::Categories),
            query: RwSignal::new(String::new()),
            payment_open: RwSignal::new(false),
            receipt: RwSignal::new(None),
            notice: RwSignal::new(None),
            error: RwSignal::new(None),
            sync_error: RwSignal::new(None),
            sync: SyncSignals {
                browser_online: RwSignal::new(online),
                reachable: RwSignal::new(online),
                pending: RwSignal::new(Pending::default()),
            },
            now_ms: RwSignal::new(crate::ids::now_ms()),
            sales_rev: RwSignal::new(0),
            search_input: NodeRef::new(),
        }
    }

    /// Put the caret back in the search box (after an add, a dialog, a new sale).
    pub fn focus_search(&self) {
        if let Some(input) = self.search_input.get_untracked() {
            let _ = input.focus();
        }
    }

    /// Focus the search box once the current render is done (after a dialog closes and the page is no
    /// longer inert).
    pub fn focus_search_soon(&self) {
        let state = *self;
        set_timeout(move || state.focus_search(), std::time::Duration::ZERO);
    }

    /// Clear the search box and its text.
    pub fn clear_search(&self) {
        if let Some(input) = self.search_input.get_untracked() {
            input.set_value("");
        }
        self.query.set(String::new());
    }
}

pub fn use_state() -> AppState {
    expect_context::<AppState>()
}
