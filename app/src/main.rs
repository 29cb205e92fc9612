//! Entry point of the browser app: installs the panic hook and mounts the checkout on the page body.

mod actions;
mod auth;
mod boot;
mod catalog;
mod commerce;
mod db;
mod error;
mod format;
mod ids;
mod lock;
mod office;
mod open_order;
mod order;
mod state;
mod sync;
mod ui;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(ui::App);
}
