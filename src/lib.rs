#![recursion_limit = "256"]
//! Omni Inbox: an omnichannel customer-service inbox (Leptos SSR + hydration over axum).
//! See ARCHITECTURE.md for the map.

/// Server functions and the data they exchange with the browser.
pub mod api;
/// The HTML shell and routes.
pub mod app;
/// Pure domain rules: statuses, permissions, waiting levels.
pub mod domain;
/// Every UI string in zh-TW and English.
pub mod i18n;
/// Everything with IO: storage, auth, HTTP (server build only).
#[cfg(feature = "ssr")]
pub mod server;
/// Components.
pub mod ui;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
