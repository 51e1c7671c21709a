//! Fake messaging platforms: one local HTTP server speaking the documented wire formats of
//! Facebook Messenger, Instagram, the WhatsApp Cloud API and LINE (CHANNELS.md §1.8, §2.7,
//! §3.7, §4.8, §7), for tests and the demo. The inbox's base URL settings point at it with
//! path prefixes ([`BaseUrls`]): `/meta` (graph.facebook.com), `/instagram`
//! (graph.instagram.com), `/line` (api.line.me), `/line-data` (api-data.line.me); `/cdn/`
//! serves attachment URLs.
//!
//! The platform routes validate strictly and answer as the platforms do ([`graph`],
//! `whatsapp`, [`line`], [`media`]); every request to them is recorded ([`recorder`]) and may be answered
//! from a script or delayed ([`script`]); successful sends can be followed by signed receipt
//! webhooks to the inbox ([`receipts`]); [`webhook`] builds the bodies a customer's message
//! makes, and `/_fake/inbound` posts one ([`inbound`]).
//!
//! Control API (JSON; `GET /_fake` lists it):
//!
//! | route | what |
//! |---|---|
//! | `GET /_fake/requests[?prefix=/line]` | every platform request: method, path, query, headers, body, status |
//! | `POST /_fake/reset[?only=requests]` | forget everything (or only the requests) |
//! | `POST /_fake/script`, `GET /_fake/script` | queue canned answers for a route; show them |
//! | `POST /_fake/delay` | make a route slow |
//! | `POST /_fake/media` | serve bytes under a media id / message id / `/cdn/` name |
//! | `POST /_fake/profiles` | a customer's name (and picture, LINE language) |
//! | `POST /_fake/reply-tokens` | issue a LINE reply token |
//! | `POST /_fake/receipts`, `GET /_fake/receipts` | where to post receipts; what was posted |
//! | `POST /_fake/inbound` | post a customer's message to the inbox, signed |
//!
//! `omni_inbox fake-platforms [--listen 127.0.0.1:9400]` runs it ([`run_cli`]).

pub mod graph;
mod inbound;
pub mod json_text;
pub mod line;
pub mod media;
pub mod profiles;
pub mod receipts;
pub mod recorder;
mod request;
pub mod script;
mod state;
pub mod webhook;
mod whatsapp;

pub use receipts::{ReceiptPost, ReceiptTarget};
pub use recorder::Recorded;
pub use script::ScriptedResponse;
pub use state::FakeState;
pub use webhook::{customer_message, sign, SimContent};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::Router;
use std::time::Duration;

/// Largest request body the fake reads.
const MAX_BODY: usize = 16 * 1024 * 1024;

/// The four base URLs for a fake served at `origin` (`http://127.0.0.1:9400`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrls {
    /// `APP_META_GRAPH_BASE_URL`
    pub meta: String,
    /// `APP_INSTAGRAM_GRAPH_BASE_URL`
    pub instagram: String,
    /// `APP_LINE_API_BASE_URL`
    pub line: String,
    /// `APP_LINE_DATA_API_BASE_URL`
    pub line_data: String,
}

impl BaseUrls {
    pub fn for_origin(origin: &str) -> Self {
        let origin = origin.trim_end_matches('/');
        BaseUrls {
            meta: format!("{origin}/meta"),
            instagram: format!("{origin}/instagram"),
            line: format!("{origin}/line"),
            line_data: format!("{origin}/line-data"),
        }
    }

    /// The platform settings that point the inbox here.
    pub fn platform_urls(&self) -> crate::server::config::PlatformUrls {
        crate::server::config::PlatformUrls {
            meta_graph: self.meta.clone(),
            instagram_graph: self.instagram.clone(),
            line_api: self.line.clone(),
            line_data_api: self.line_data.clone(),
            ..Default::default()
        }
    }

    /// The settings that point the inbox here, as `(variable, value)`.
    pub fn env(&self) -> [(&'static str, &str); 4] {
        [
            ("APP_META_GRAPH_BASE_URL", &self.meta),
            ("APP_INSTAGRAM_GRAPH_BASE_URL", &self.instagram),
            ("APP_LINE_API_BASE_URL", &self.line),
            ("APP_LINE_DATA_API_BASE_URL", &self.line_data),
        ]
    }
}

/// The fake platforms' routes and control API around `state`.
pub fn router(state: FakeState) -> Router {
    Router::new()
        .route("/_fake", get(help))
        .route("/_fake/requests", get(recorder::list))
        .route("/_fake/reset", post(recorder::reset))
        .route(
            "/_fake/script",
            post(script::post_script).get(script::get_script),
        )
        .route("/_fake/delay", post(script::post_delay))
        .route("/_fake/media", post(media::register))
        .route("/_fake/profiles", post(profiles::register))
        .route("/_fake/reply-tokens", post(line::issue_token))
        .route(
            "/_fake/receipts",
            post(receipts::register).get(receipts::list),
        )
        .route("/_fake/inbound", post(inbound::post))
        .route("/meta/{*rest}", any(graph::meta))
        .route("/instagram/{*rest}", any(graph::instagram))
        .route("/line/{*rest}", any(line::api))
        .route("/line-data/{*rest}", any(line::data))
        .route("/cdn/{*name}", get(media::cdn))
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            platform_layer,
        ))
        .with_state(state)
}

/// Serves the fake on `listener` until the task is dropped or the listener fails.
pub async fn serve(listener: tokio::net::TcpListener, state: FakeState) -> std::io::Result<()> {
    axum::serve(listener, router(state)).await
}

/// A fake started in the background (tests): its origin, state and task.
pub struct Running {
    /// `http://127.0.0.1:PORT`
    pub origin: String,
    pub state: FakeState,
    pub task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    pub fn base_urls(&self) -> BaseUrls {
        BaseUrls::for_origin(&self.origin)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Binds `addr` (e.g. `127.0.0.1:0`) and serves a fresh fake in the background.
pub async fn start(addr: &str) -> std::io::Result<Running> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let origin = format!("http://{}", listener.local_addr()?);
    let state = FakeState::new();
    let task = tokio::spawn(serve(listener, state.clone()));
    Ok(Running {
        origin,
        state,
        task,
    })
}

/// Records every platform request, then answers it from a script, after a delay, or
/// normally. The control API passes straight through.
async fn platform_layer(State(state): State<FakeState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if path == "/_fake" || path.starts_with("/_fake/") {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "request body too large").into_response();
    };
    let recorder = &state.inner.recorder;
    let seq = recorder.start(&parts, &bytes);
    let method = parts.method.as_str().to_owned();
    if let Some(ms) = state.inner.scripts.delay_for(&method, &path) {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    let scripted = state.inner.scripts.next_for(&method, &path);
    if let Some(answer) = &scripted {
        tokio::time::sleep(Duration::from_millis(answer.delay_ms)).await;
    }
    let answer_delay = scripted.as_ref().map_or(0, |a| a.answer_delay_ms);
    let (response, canned) = match scripted {
        Some(answer) if !answer.pass => (answer.response(), true),
        _ => (
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await,
            false,
        ),
    };
    // Done as the platform does it; the answer comes late (or never, if the client left).
    recorder.finish(seq, response.status().as_u16(), canned);
    if answer_delay > 0 {
        tokio::time::sleep(Duration::from_millis(answer_delay)).await;
    }
    response
}

async fn not_found() -> Response {
    request::json(
        StatusCode::NOT_FOUND,
        &serde_json::json!({ "error": "no such route on the fake platforms; GET /_fake lists them" }),
    )
}

/// `GET /_fake`: the routes and the canned errors.
async fn help() -> Response {
    let canned: serde_json::Map<String, serde_json::Value> = script::CANNED
        .iter()
        .map(|(name, what)| ((*name).to_owned(), serde_json::json!(what)))
        .collect();
    request::json(
        StatusCode::OK,
        &serde_json::json!({
            "platform_prefixes": {
                "/meta": "graph.facebook.com (Messenger, Instagram via Page, WhatsApp Cloud API)",
                "/instagram": "graph.instagram.com",
                "/line": "api.line.me",
                "/line-data": "api-data.line.me",
                "/cdn/{name}": "attachment URLs",
            },
            "control": {
                "GET /_fake/requests[?prefix=]": "recorded platform requests",
                "POST /_fake/reset[?only=requests]": "forget everything (or the requests)",
                "POST /_fake/script": "{route, method?, responses: [{status?, body?, headers?, delay_ms?, error?, pass?, answer_delay_ms?}]}",
                "GET /_fake/script": "queued answers and delays",
                "POST /_fake/delay": "{route, method?, delay_ms} (0 removes)",
                "POST /_fake/media": "{id, mime_type, base64, file_name?}",
                "POST /_fake/profiles": "{id, name, picture_url?, language?}",
                "POST /_fake/reply-tokens": "{token?, ttl_ms?} -> {token, expires_at_ms}",
                "POST /_fake/receipts": "{kind, account_id, webhook_url, secret, delay_ms?, states?, access_token?, waba_id?, display_phone_number?}",
                "GET /_fake/receipts": "{targets, posts}",
                "POST /_fake/inbound": "{kind, account_id, sender_id, sender_name?, text|image, webhook_url, secret}",
            },
            "canned_errors": canned,
        }),
    )
}

/// `omni_inbox fake-platforms [--listen 127.0.0.1:9400]`: serves the fake until Ctrl-C or
/// SIGTERM, after printing the base URLs to set.
pub async fn run_cli(args: impl Iterator<Item = String>) -> Result<(), Box<dyn std::error::Error>> {
    run_cli_with(args, FakeState::new()).await
}

/// [`run_cli`] on a state the caller holds (to register receipts as channels appear).
pub async fn run_cli_with(
    mut args: impl Iterator<Item = String>,
    state: FakeState,
) -> Result<(), Box<dyn std::error::Error>> {
    let usage = "usage: omni_inbox fake-platforms [--listen 127.0.0.1:9400] [--receipts]";
    let mut listen = "127.0.0.1:9400".to_owned();
    while let Some(flag) = args.next() {
        match flag.as_str() {
            "--listen" => listen = args.next().ok_or(usage)?,
            "-h" | "--help" => {
                println!("{usage}");
                return Ok(());
            }
            other => return Err(format!("unknown option {other:?}; {usage}").into()),
        }
    }
    let listener = tokio::net::TcpListener::bind(&listen).await?;
    let origin = format!("http://{}", listener.local_addr()?);
    println!("fake platforms listening on {origin} (control API: {origin}/_fake)");
    for (name, value) in BaseUrls::for_origin(&origin).env() {
        println!("{name}={value}");
    }
    axum::serve(listener, router(state))
        .with_graceful_shutdown(crate::server::http::shutdown_signal())
        .await?;
    Ok(())
}
