//! Everything with IO, compiled only into the server (`ssr`) build: settings, storage, auth,
//! HTTP routes and the demo data. The UI never names this module.

pub mod auth;
pub mod batch;
pub mod config;
pub mod csrf;
pub mod db;
pub mod demo;
pub mod generate;
pub mod http;
pub mod service;
pub mod state;

use crate::app::{shell, App};
use axum::Router;
use leptos_axum::{generate_route_list, LeptosRoutes};
use state::AppState;
use std::net::SocketAddr;
use std::sync::Arc;

/// Builds the whole application router around an already opened store.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    Router::new()
        .leptos_routes(&state, routes, {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .merge(http::routes())
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            csrf::guard,
        ))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

/// Opens the database (migrating it, and seeding the demo workspace if it is empty) and builds
/// the state.
pub async fn prepare(settings: config::Settings) -> Result<AppState, Box<dyn std::error::Error>> {
    let store = db::connect(&settings.database_url).await?;
    if settings.seed_demo && !store.has_workspace().await? {
        tracing::info!("empty database: creating the demo workspace");
        demo::create(&store, auth::now_millis()).await?;
    }
    Ok(AppState {
        leptos_options: settings.leptos.clone(),
        store,
        settings: Arc::new(settings),
    })
}

/// Serves the app until Ctrl-C or SIGTERM.
pub async fn run(settings: config::Settings) -> Result<(), Box<dyn std::error::Error>> {
    let addr = settings.leptos.site_addr;
    let state = prepare(settings).await?;
    let app = router(state);
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    tracing::info!("listening on http://{addr}");
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
}

/// Logs to stderr, filtered by `RUST_LOG` (default: info for this crate, warnings for others).
pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new("omni_inbox=info,tower_http=warn,warn")
    });
    let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
}

/// `omni_inbox seed-demo`: creates the demo workspace in the configured database.
pub async fn seed_demo(settings: &config::Settings) -> Result<(), Box<dyn std::error::Error>> {
    let store = db::connect(&settings.database_url).await?;
    demo::create(&store, auth::now_millis()).await?;
    println!("demo workspace created in {}", settings.database_url);
    Ok(())
}
