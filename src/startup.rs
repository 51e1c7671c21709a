//! The composition root (server build only): opens the store, seeds the demo when asked,
//! builds the router that joins the Leptos pages, the server functions and the plain HTTP
//! routes, and serves until a signal.

use crate::app::{shell, App};
use crate::server::state::AppState;
use crate::server::{assets, auth, config, csrf, db, demo, http, render};
use axum::Router;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::net::SocketAddr;
use std::sync::Arc;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};

/// Builds the whole application router around an already opened store.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    Router::new()
        .route("/pkg/{*file}", axum::routing::get(assets::pkg))
        .leptos_routes(&state, routes, {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .merge(http::routes())
        .merge(crate::server::webhook::routes())
        .merge(crate::server::files::routes())
        .merge(crate::api::upload::routes())
        .merge(crate::api::picture::routes())
        .merge(crate::server::live::stream::routes())
        .merge(crate::server::widget::routes())
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn(render::answer_every_page))
        .layer(axum::middleware::from_fn(http::error_status))
        .layer(compression())
        .layer(axum::middleware::from_fn(http::limit_body))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            csrf::guard,
        ))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

/// Compresses pages and server-function answers (brotli or gzip, as the browser accepts): a
/// list page is 85 KB of HTML, 8 KB with brotli. The wasm, JS and CSS are left alone
/// here: compressing them on every request would cost a core.
fn compression() -> tower_http::compression::CompressionLayer<impl Predicate> {
    let predicate = DefaultPredicate::new()
        .and(NotForContentType::const_new("application/wasm"))
        .and(NotForContentType::const_new("text/javascript"))
        .and(NotForContentType::const_new("application/javascript"))
        .and(NotForContentType::const_new("text/css"));
    tower_http::compression::CompressionLayer::new()
        .br(true)
        .gzip(true)
        .no_deflate()
        .no_zstd()
        .compress_when(predicate)
}

/// Opens the database (migrating it, and seeding the demo workspace if it is empty) and builds
/// the state.
pub async fn prepare(settings: config::Settings) -> Result<AppState, Box<dyn std::error::Error>> {
    let store = db::connect(&settings.database_url).await?;
    if settings.seed_demo && !store.has_workspace().await? {
        tracing::info!("empty database: creating the demo workspace");
        demo::create(&store, auth::now_millis()).await?;
    }
    let platforms = Arc::new(
        crate::server::platform::Platforms::new(settings.platforms.clone())
            .with_public_url(&settings.public_url),
    );
    let hub = crate::server::live::Hub::new(store.clone(), settings.live_backlog).await?;
    tokio::spawn(hub.clone().run());
    Ok(AppState {
        leptos_options: settings.leptos.clone(),
        hub,
        store,
        settings: Arc::new(settings),
        inbound: Arc::new(tokio::sync::Notify::new()),
        outbound: Arc::new(tokio::sync::Notify::new()),
        reindex: Arc::new(tokio::sync::Notify::new()),
        platforms,
        widget_limits: Arc::default(),
    })
}

/// Serves the app until Ctrl-C or SIGTERM.
pub async fn run(settings: config::Settings) -> Result<(), Box<dyn std::error::Error>> {
    let addr = settings.leptos.site_addr;
    let state = prepare(settings).await?;
    tokio::spawn(housekeeping(state.store.clone()));
    tokio::spawn(crate::server::worker::run_inbound(
        state.store.clone(),
        state.platforms.clone(),
        state.inbound.clone(),
        state.settings.inbound_workers,
    ));
    tokio::spawn(crate::server::worker::run_media(
        state.store.clone(),
        state.platforms.clone(),
        state.settings.files_dir.clone(),
    ));
    tokio::spawn(crate::server::worker::run_reindex(
        state.store.clone(),
        state.reindex.clone(),
    ));
    tokio::spawn(crate::server::worker::run_clock(
        state.store.clone(),
        state.outbound.clone(),
    ));
    tokio::spawn(crate::server::worker::run_outbound(
        state.store.clone(),
        state.platforms.clone(),
        state.outbound.clone(),
    ));
    let hub = state.hub.clone();
    let app = router(state);
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    tracing::info!("listening on http://{addr}");
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        http::shutdown_signal().await;
        // Open pages' streams end now, or the server would wait for them forever.
        hub.close();
    })
    .await?;
    Ok(())
}

/// How often expired sessions, throttle rows and old batch keys are purged.
const PURGE_EVERY: std::time::Duration = std::time::Duration::from_secs(15 * 60);
/// Batch idempotency keys are kept this long (a retry comes within seconds).
const BATCH_KEYS_FOR: crate::domain::Millis = 7 * 24 * 3600 * 1000;

/// Live events are kept this long: a page away longer reloads instead of resuming.
const LIVE_EVENTS_FOR: crate::domain::Millis = 24 * 3600 * 1000;

/// Purges what has outlived its use, now and then every [`PURGE_EVERY`].
async fn housekeeping(store: db::Store) {
    // Conversations from before search get their search entries, once.
    match store.search_backfill().await {
        Ok(n) if n > 0 => tracing::info!(conversations = n, "indexed conversations for search"),
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "indexing conversations for search failed"),
    }
    // Tags from before issue 15 get the key their names compare by, once.
    if let Err(e) = store.fill_tag_keys().await {
        tracing::warn!(error = %e, "keying tags failed");
    }
    let mut tick = tokio::time::interval(PURGE_EVERY);
    loop {
        tick.tick().await;
        let now = auth::now_millis();
        match store
            .purge(
                now,
                now - auth::SESSION_MAX_AGE,
                auth::EMAIL_RULE.window.max(auth::ADDR_RULE.window),
                now - BATCH_KEYS_FOR,
            )
            .await
        {
            Ok(n) if n > 0 => tracing::info!(rows = n, "purged expired sessions and keys"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "housekeeping failed"),
        }
        match store.prune_live(now - LIVE_EVENTS_FOR).await {
            Ok(n) if n > 0 => tracing::info!(rows = n, "pruned old live events"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "pruning live events failed"),
        }
    }
}

/// Logs to stderr, filtered by `RUST_LOG` (default: info for this crate, warnings for others).
pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new("omni_inbox=info,tower_http=warn,warn")
    });
    // Logs go to stderr, so what the commands print (`channels list --json`) stays clean.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// `omni_inbox seed-demo`: creates the demo workspace in the configured database.
pub async fn seed_demo(settings: &config::Settings) -> Result<(), Box<dyn std::error::Error>> {
    let store = db::connect(&settings.database_url).await?;
    demo::create(&store, auth::now_millis()).await?;
    println!("demo workspace created in {}", settings.database_url);
    Ok(())
}

/// `omni_inbox create-workspace --name N --admin-email E [--admin-name A]`: a new workspace
/// with its first admin, and the one-time link (under `APP_PUBLIC_URL`) that sets their
/// password.
pub async fn create_workspace(
    settings: &config::Settings,
    mut args: impl Iterator<Item = String>,
) -> Result<(), Box<dyn std::error::Error>> {
    let (mut name, mut email, mut admin) = (None, None, None);
    while let Some(flag) = args.next() {
        let slot = match flag.as_str() {
            "--name" => &mut name,
            "--admin-email" => &mut email,
            "--admin-name" => &mut admin,
            other => return Err(format!("unknown option {other:?}").into()),
        };
        *slot = Some(args.next().ok_or(format!("{flag} needs a value"))?);
    }
    let usage = "usage: omni_inbox create-workspace --name N --admin-email E [--admin-name A]";
    let (Some(name), Some(email)) = (name, email) else {
        return Err(usage.into());
    };
    let admin = admin.unwrap_or_else(|| email.split('@').next().unwrap_or("Admin").to_owned());
    let store = db::connect(&settings.database_url).await?;
    let (ws, token) = crate::server::service::account::create_workspace(
        &store,
        &name,
        &email,
        &admin,
        auth::now_millis(),
    )
    .await
    .map_err(|e| format!("{e}"))?;
    println!("workspace {ws} \"{name}\" created; its admin {email} sets a password at (valid 72 hours, once):");
    println!("{}/set-password?token={token}", settings.public_url);
    Ok(())
}
