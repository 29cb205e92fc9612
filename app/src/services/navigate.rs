//! Between the checkout and the back office, which are two wasm modules of the same site: the checkout's
//! (`/`) compiles without the back office, the back office's (`/?office`, feature `office`) is the whole app
//! opening on the audit log. boot.js picks the module from the address; both share the origin, so IndexedDB,
//! sessionStorage and the service worker's cache. In the checkout's wasm the links load the other page; in the
//! back office's they stay on it.

use super::state::AppState;
#[cfg(feature = "office")]
use super::state::Screen;
#[cfg(feature = "office")]
use leptos::prelude::*;

/// The address of the back office's page (boot.js loads its wasm for it).
#[cfg(not(feature = "office"))]
const OFFICE_PAGE: &str = "/?office";
/// The address of the checkout's page.
#[cfg(feature = "office")]
const CHECKOUT_PAGE: &str = "/";

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
