//! The visitor's JSON API (`/widget/v1/…`), called by the chat frame. Every call but `session`
//! carries `Authorization: Bearer <visitor token>`; bodies are small JSON read with a cap
//! before anything else (a file: its bytes, up to the widget's file cap).

use super::{internal, lang, message_of, no_store, own_origin, refused, too_fast, WidgetMessage};
use crate::domain::widget as rules;
use crate::domain::{Lang, MessageId};
use crate::server::auth::now_millis;
use crate::server::db::{Visitor, WidgetPage, WidgetRecord};
use crate::server::service::widget::{self as service, Claim, VisitorRefused, VisitorSession};
use crate::server::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, FromRequestParts, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::time::Instant;
use tokio::sync::Semaphore;

/// A JSON body of the widget API is at most this big.
const MAX_JSON: usize = 16 * 1024;

/// Files read at once (each up to 10 MB in memory); more are told to try again.
static UPLOADS: Semaphore = Semaphore::const_new(4);

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/widget/v1/session", post(session))
        .route("/widget/v1/identify", post(identify))
        .route("/widget/v1/contact", post(contact))
        .route("/widget/v1/messages", post(send).get(history))
        .route("/widget/v1/files", post(upload))
        .route("/widget/v1/files/{id}", get(file))
        .route("/widget/v1/typing", post(typing))
        .route("/widget/v1/read", post(read))
}

/// The connection's peer address, when the server was started with it (not in tests).
pub(super) struct Peer(Option<SocketAddr>);

impl<S: Send + Sync> FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(Peer(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0),
        ))
    }
}

/// The client's address (the rightmost untrusted `X-Forwarded-For` behind a trusted proxy).
pub(super) fn address(state: &AppState, headers: &HeaderMap, peer: Option<SocketAddr>) -> String {
    if state.settings.trust_proxy {
        let forwarded: Vec<String> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|a| a.trim().to_owned())
            .collect();
        if let Some(ip) =
            crate::server::http::client_behind_proxies(&forwarded, &state.settings.trusted_proxies)
        {
            return ip.to_string();
        }
    }
    peer.map(|p| p.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
}

/// The visitor of the call's token, or the answer to give instead.
async fn who(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(Visitor, WidgetRecord, String), Response> {
    let lang = lang(headers);
    let Some(token) = bearer(headers) else {
        return Err(refused(lang, VisitorRefused::NoVisitor));
    };
    match service::visitor(&state.store, token).await {
        Ok(Ok((v, w))) => Ok((v, w, token.to_owned())),
        Ok(Err(r)) => Err(refused(lang, r)),
        Err(e) => Err(internal(lang, e)),
    }
}

/// A small JSON body, read with a cap.
async fn json<T: serde::de::DeserializeOwned>(lang: Lang, body: Body) -> Result<T, Response> {
    let bytes = axum::body::to_bytes(body, MAX_JSON)
        .await
        .map_err(|_| refused(lang, VisitorRefused::TooLong))?;
    serde_json::from_slice(&bytes).map_err(|_| refused(lang, VisitorRefused::Malformed("body")))
}

#[derive(Serialize)]
struct VisitorView {
    name: Option<String>,
    email: Option<String>,
    verified: bool,
}

fn visitor_view(v: &Visitor) -> VisitorView {
    VisitorView {
        name: v.name.clone(),
        email: v.email.clone(),
        verified: v.verified,
    }
}

#[derive(Serialize)]
struct SessionAnswer {
    token: String,
    visitor: VisitorView,
    look: rules::WidgetLook,
    messages: Vec<WidgetMessage>,
    more: bool,
    /// Whether the site's claim of who the visitor is was verified (identify only).
    #[serde(skip_serializing_if = "Option::is_none")]
    verified: Option<bool>,
}

fn team(w: &WidgetRecord) -> (&str, Option<&str>) {
    let look = &w.settings.look;
    (&look.display_name, look.avatar_url.as_deref())
}

async fn answer_session(
    state: &AppState,
    lang: Lang,
    s: VisitorSession,
    verified: Option<bool>,
) -> Response {
    let (rows, more) = match service::history(&state.store, &s.visitor, WidgetPage::Latest).await {
        Ok(h) => h,
        Err(e) => return internal(lang, e),
    };
    let messages = rows
        .iter()
        .map(|r| message_of(r, &s.token, team(&s.widget)))
        .collect();
    let mut r = Json(SessionAnswer {
        visitor: visitor_view(&s.visitor),
        look: s.widget.settings.look.clone(),
        token: s.token,
        messages,
        more,
        verified,
    })
    .into_response();
    no_store(&mut r);
    r
}

#[derive(Deserialize)]
struct SessionAsk {
    key: String,
    token: Option<String>,
    host: String,
}

async fn session(
    State(state): State<AppState>,
    Peer(peer): Peer,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let lang = lang(&headers);
    let ask: SessionAsk = match json(lang, body).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let addr = address(&state, &headers, peer);
    if let Err(wait) = state.widget_limits.take(
        &format!("session:{addr}"),
        rules::SESSIONS_PER_ADDRESS_MINUTE,
        Instant::now(),
    ) {
        return too_fast(lang, wait);
    }
    let own = own_origin(&state);
    let opened = service::open(
        &state.store,
        &ask.key,
        ask.token.as_deref().filter(|t| !t.is_empty()),
        &ask.host,
        Some(&own),
        now_millis(),
    )
    .await;
    match opened {
        Ok(Ok(s)) => answer_session(&state, lang, s, None).await,
        Ok(Err(r)) => refused(lang, r),
        Err(e) => internal(lang, e),
    }
}

#[derive(Deserialize)]
struct IdentifyAsk {
    user_id: String,
    name: Option<String>,
    email: Option<String>,
    user_hash: String,
}

async fn identify(State(state): State<AppState>, headers: HeaderMap, body: Body) -> Response {
    let lang = lang(&headers);
    let (_, widget, _) = match who(&state, &headers).await {
        Ok(w) => w,
        Err(r) => return r,
    };
    let ask: IdentifyAsk = match json(lang, body).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let claim = Claim {
        user_id: &ask.user_id,
        name: ask.name.as_deref(),
        email: ask.email.as_deref(),
        user_hash: &ask.user_hash,
    };
    match service::identify(&state.store, widget, &claim, now_millis()).await {
        Ok(Ok((s, verified))) => answer_session(&state, lang, s, Some(verified)).await,
        Ok(Err(r)) => refused(lang, r),
        Err(e) => internal(lang, e),
    }
}

#[derive(Deserialize)]
struct ContactAsk {
    name: Option<String>,
    email: Option<String>,
}

async fn contact(State(state): State<AppState>, headers: HeaderMap, body: Body) -> Response {
    let lang = lang(&headers);
    let (visitor, _, _) = match who(&state, &headers).await {
        Ok(w) => w,
        Err(r) => return r,
    };
    let ask: ContactAsk = match json(lang, body).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    match service::set_contact(
        &state.store,
        &visitor,
        ask.name.as_deref(),
        ask.email.as_deref(),
        now_millis(),
    )
    .await
    {
        Ok(Ok(v)) => Json(serde_json::json!({ "visitor": visitor_view(&v) })).into_response(),
        Ok(Err(r)) => refused(lang, r),
        Err(e) => internal(lang, e),
    }
}

#[derive(Deserialize)]
struct SendAsk {
    text: String,
    echo_id: String,
    /// The payload of the bot's button the visitor tapped (`text` is its label).
    #[serde(default)]
    payload: Option<String>,
}

#[derive(Serialize)]
struct Sent {
    message: WidgetMessage,
}

/// Counts a message or file against the visitor's and the address's minute.
fn limit(state: &AppState, visitor: &Visitor, addr: &str, file: bool) -> Result<(), u64> {
    let (what, per_visitor, per_address) = if file {
        (
            "file",
            rules::FILES_PER_VISITOR_MINUTE,
            rules::FILES_PER_ADDRESS_MINUTE,
        )
    } else {
        (
            "message",
            rules::MESSAGES_PER_VISITOR_MINUTE,
            rules::MESSAGES_PER_ADDRESS_MINUTE,
        )
    };
    state.widget_limits.take_all(
        &[
            (&format!("{what}:v:{}", visitor.id), per_visitor),
            (&format!("{what}:a:{addr}"), per_address),
        ],
        Instant::now(),
    )
}

async fn send(
    State(state): State<AppState>,
    Peer(peer): Peer,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let lang = lang(&headers);
    let (visitor, widget, token) = match who(&state, &headers).await {
        Ok(w) => w,
        Err(r) => return r,
    };
    let ask: SendAsk = match json(lang, body).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    // A payload longer than any button's is refused before anything else.
    if let Err(r) = service::payload_ok(ask.payload.as_deref()) {
        return refused(lang, r);
    }
    let addr = address(&state, &headers, peer);
    if let Err(wait) = limit(&state, &visitor, &addr, false) {
        return too_fast(lang, wait);
    }
    match service::send(
        &state.store,
        &visitor,
        &ask.text,
        ask.payload.as_deref(),
        &ask.echo_id,
        now_millis(),
    )
    .await
    {
        Ok(Ok(row)) => Json(Sent {
            message: message_of(&row, &token, team(&widget)),
        })
        .into_response(),
        Ok(Err(r)) => refused(lang, r),
        Err(e) => internal(lang, e),
    }
}

async fn upload(
    State(state): State<AppState>,
    Peer(peer): Peer,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let lang = lang(&headers);
    let too_big = || {
        super::refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_big",
            crate::i18n::widget::words(lang, "too_big"),
        )
    };
    let declared = headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > rules::MAX_VISITOR_FILE_BYTES) {
        return too_big();
    }
    let (visitor, widget, token) = match who(&state, &headers).await {
        Ok(w) => w,
        Err(r) => return r,
    };
    let addr = address(&state, &headers, peer);
    if let Err(wait) = limit(&state, &visitor, &addr, true) {
        return too_fast(lang, wait);
    }
    let Ok(_permit) = UPLOADS.try_acquire() else {
        return too_fast(lang, 2);
    };
    let bytes: Bytes =
        match axum::body::to_bytes(body, rules::MAX_VISITOR_FILE_BYTES as usize).await {
            Ok(b) => b,
            Err(_) => return too_big(),
        };
    if bytes.is_empty() {
        return refused(lang, VisitorRefused::Empty);
    }
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .filter(|v| v.len() <= 1024)
    };
    let name = header("x-file-name").and_then(crate::server::http::percent_decode);
    let echo = header("x-echo-id").unwrap_or_default();
    match service::send_file(
        &state.store,
        &state.settings.files_dir,
        &visitor,
        &bytes,
        name.as_deref(),
        echo,
        now_millis(),
    )
    .await
    {
        Ok(Ok(row)) => Json(Sent {
            message: message_of(&row, &token, team(&widget)),
        })
        .into_response(),
        Ok(Err(r)) => refused(lang, r),
        Err(e) => internal(lang, e),
    }
}

#[derive(Deserialize)]
struct Before {
    before: Option<i64>,
}

#[derive(Serialize)]
struct Page {
    messages: Vec<WidgetMessage>,
    more: bool,
}

async fn history(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<Before>,
) -> Response {
    let lang = lang(&headers);
    let (visitor, widget, token) = match who(&state, &headers).await {
        Ok(w) => w,
        Err(r) => return r,
    };
    let page = match q.before {
        Some(id) => WidgetPage::Before(MessageId(id)),
        None => WidgetPage::Latest,
    };
    match service::history(&state.store, &visitor, page).await {
        Ok((rows, more)) => {
            let mut r = Json(Page {
                messages: rows
                    .iter()
                    .map(|m| message_of(m, &token, team(&widget)))
                    .collect(),
                more,
            })
            .into_response();
            no_store(&mut r);
            r
        }
        Err(e) => internal(lang, e),
    }
}

#[derive(Deserialize)]
struct FileToken {
    token: Option<String>,
}

/// A file of the visitor's own conversation (the token comes in the query: an `<img>` sends
/// no header), served as `/files/` serves members: inline only for checked images.
async fn file(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Query(q): Query<FileToken>,
) -> Response {
    let lang = lang(&headers);
    let token = q.token.unwrap_or_default();
    let visitor = match service::visitor(&state.store, &token).await {
        Ok(Ok((v, _))) => v,
        Ok(Err(r)) => return refused(lang, r),
        Err(e) => return internal(lang, e),
    };
    let found = match state.store.visitor_conversation(&visitor).await {
        Ok((Some(c), _)) => state.store.widget_file(visitor.workspace_id, c, id).await,
        Ok((None, _)) => Ok(None),
        Err(e) => Err(e),
    };
    match found {
        Ok(Some(f)) => crate::server::files::respond(&state, &f, "file", "private, no-store").await,
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => internal(lang, e),
    }
}

async fn typing(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let (visitor, _, _) = match who(&state, &headers).await {
        Ok(w) => w,
        Err(r) => return r,
    };
    if let Ok((Some(c), false)) = state.store.visitor_conversation(&visitor).await {
        state.hub.customer_typing(visitor.workspace_id, c).await;
    }
    StatusCode::NO_CONTENT.into_response()
}

#[derive(Deserialize)]
struct ReadAsk {
    up_to: i64,
}

async fn read(State(state): State<AppState>, headers: HeaderMap, body: Body) -> Response {
    let lang = lang(&headers);
    let (visitor, _, _) = match who(&state, &headers).await {
        Ok(w) => w,
        Err(r) => return r,
    };
    let ask: ReadAsk = match json(lang, body).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    if let Ok((Some(c), false)) = state.store.visitor_conversation(&visitor).await {
        if let Err(e) = state
            .store
            .visitor_received(visitor.workspace_id, c, MessageId(ask.up_to), true)
            .await
        {
            return internal(lang, e);
        }
    }
    StatusCode::NO_CONTENT.into_response()
}
