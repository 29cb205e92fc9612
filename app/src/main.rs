//! Entry point of the browser app: installs the panic hook and mounts the checkout on the page body.
//!
//! Layers, each importing only those below it: `ui` → `services` → `api` / `db` → `model` → `shared`
//! (`error` and `ids` are leaves every layer may use).

mod api;
mod db;
mod error;
mod ids;
mod model;
mod services;
mod ui;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(ui::App);
}
