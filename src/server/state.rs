//! What every request handler and server function can reach.

use super::config::Settings;
use super::db::Store;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: Store,
    pub settings: Arc<Settings>,
    /// Wakes the webhook worker (`server::worker`) when a body is stored.
    pub inbound: Arc<tokio::sync::Notify>,
    /// Wakes the sending worker (`server::worker::run_outbound`) when a reply is queued.
    #[from_ref(skip)]
    pub outbound: Arc<tokio::sync::Notify>,
    /// Wakes the search worker (`server::worker::run_reindex`) when a tag change left search
    /// entries stale.
    #[from_ref(skip)]
    pub reindex: Arc<tokio::sync::Notify>,
    /// The platforms' APIs (profiles now; sending and media next).
    pub platforms: Arc<super::platform::Platforms>,
    /// The live inbox: open pages' streams and who has what open (`server::live`).
    pub hub: Arc<super::live::Hub>,
    /// What widget visitors may do per minute (`server::rate`).
    #[from_ref(skip)]
    pub widget_limits: Arc<super::rate::Limiter>,
}
