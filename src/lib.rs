#![recursion_limit = "256"]
//! Omni Inbox: an omnichannel customer-service inbox (Leptos SSR + hydration over axum).
//! See ARCHITECTURE.md for the map.

/// Server functions: the browser's RPC surface (session → service → answer).
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
/// The composition root: router, startup, demo seeding (server build only).
#[cfg(feature = "ssr")]
pub mod startup;
/// Components.
pub mod ui;
/// Data exchanged between the server and the browser (both builds).
pub mod wire;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // Suspended parts hydrate in tasks queued behind this call; a zero timeout runs after them.
    // `<html data-hydrated>` then tells end-to-end tests the page answers clicks and scrolls.
    leptos::prelude::set_timeout(
        || {
            if let Some(html) = leptos::prelude::document().document_element() {
                let _ = html.set_attribute("data-hydrated", "");
            }
        },
        std::time::Duration::ZERO,
    );
}
