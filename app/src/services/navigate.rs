//! Between the checkout and the back office, which are two wasm modules of the same site: the checkout's
//! (`/`) compiles without the back office, the back office's (`/?office`, feature `office`) is the whole app
//! opening on the audit log. boot.js picks the module from the address; both share the origin, so IndexedDB,
//! sessionStorage and the service worker's cache. In the checkout's wasm the header's "Checkout" and "Today's
//! sales" switch screens and "Back office" loads the other page; in the back office's wasm "Checkout" and
//! "Today's sales" load the checkout's page (`/`, `/#sales`), which opens on that screen.

use super::state::{AppState, Screen};
use leptos::prelude::*;

/// The address of the back office's page (boot.js loads its wasm for it).
#[cfg(not(feature = "office"))]
const OFFICE_PAGE: &str = "/?office";
/// The address of the checkout's page.
#[cfg(feature = "office")]
const CHECKOUT_PAGE: &str = "/";
/// The checkout's page, opening on today's sales.
#[cfg(feature = "office")]
const SALES_PAGE: &str = "/#sales";
/// The fragment of `SALES_PAGE`, read by the checkout's wasm at start.
#[cfg(not(feature = "office"))]
const SALES_FRAGMENT: &str = "#sales";

fn load_page(url: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Err(e) = window.location().assign(url) {
        leptos::logging::error!("could not open {url}: {e:?}");
    }
}

/// The header's "Back office": the audit log for the signed-in staff.
#[cfg(not(feature = "office"))]
pub fn open_back_office(_: AppState) {
    load_page(OFFICE_PAGE);
}
#[cfg(feature = "office")]
pub fn open_back_office(state: AppState) {
    state.screen.set(Screen::Office);
}

/// The enrollment screen's "Back office sign-in": a manager's password sign-in on a browser that is no terminal.
#[cfg(not(feature = "office"))]
pub fn open_office_sign_in(_: AppState) {
    load_page(OFFICE_PAGE);
}
#[cfg(feature = "office")]
pub fn open_office_sign_in(state: AppState) {
    state.office.signing_in.set(true);
}

/// The back office is on screen (the header marks its button).
#[cfg(not(feature = "office"))]
pub fn on_back_office(_: AppState) -> bool {
    false
}
#[cfg(feature = "office")]
pub fn on_back_office(state: AppState) -> bool {
    state.screen.get() == Screen::Office
}

/// Leave the back office for the checkout's own page (its wasm): "Back to checkout", the remote manager's
/// sign-out, or staff without the audit permission.
#[cfg(feature = "office")]
pub fn open_checkout() {
    load_page(CHECKOUT_PAGE);
}

/// The header's "Checkout": back to the order (after a receipt, a new sale); from the back office, the
/// checkout's page.
#[cfg(not(feature = "office"))]
pub fn open_checkout_screen(state: AppState) {
    if state.screen.get_untracked() == (Screen::Receipt { from_list: false }) {
        super::actions::new_sale(state);
    } else {
        state.screen.set(Screen::Checkout);
    }
}
#[cfg(feature = "office")]
pub fn open_checkout_screen(_: AppState) {
    open_checkout();
}

/// The header's "Today's sales"; from the back office, the checkout's page opening on them.
#[cfg(not(feature = "office"))]
pub fn open_sales(state: AppState) {
    state.screen.set(Screen::Sales);
}
#[cfg(feature = "office")]
pub fn open_sales(_: AppState) {
    load_page(SALES_PAGE);
}

/// At start in the checkout's wasm: open today's sales when the back office asked for them (`/#sales`), and
/// drop the fragment so that a reload opens the checkout.
#[cfg(not(feature = "office"))]
pub fn open_start_screen(state: AppState) {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return;
    };
    if location.hash().is_ok_and(|h| h == SALES_FRAGMENT) {
        state.screen.set(Screen::Sales);
        let _ = location.set_hash("");
    }
}
#[cfg(feature = "office")]
pub fn open_start_screen(_: AppState) {}
