//! Platform webhooks, `/webhooks/<kind>/<key>` (CHANNELS.md §0.1): Meta's GET handshake, and
//! POSTs whose signature is checked over the raw body bytes before anything is parsed. A
//! verified body is stored as it came before the 200 goes back; `server::worker` processes
//! it afterwards, so a crash between the answer and the processing loses nothing.

use super::channel::signature::{verify_line, verify_meta, verify_token_matches};
use super::db::ChannelRecord;
use super::state::AppState;
use crate::domain::ChannelKind;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::collections::HashMap;

/// The largest body a platform may post (WhatsApp allows up to 3 MB; ours is 1 MiB).
pub const MAX_BODY: usize = 1024 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/webhooks/{kind}/{key}", get(handshake).post(receive))
        .layer(DefaultBodyLimit::max(MAX_BODY))
}

async fn channel_of(state: &AppState, kind: &str, key: &str) -> Result<ChannelRecord, Response> {
    let kind = ChannelKind::parse(kind)
        .filter(|k| *k != ChannelKind::WebChat)
        .ok_or_else(|| StatusCode::NOT_FOUND.into_response())?;
    if key.is_empty() || key.len() > 64 {
        return Err(StatusCode::NOT_FOUND.into_response());
    }
    match state.store.channel_by_webhook(kind, key).await {
        Ok(Some(c)) => Ok(c),
        Ok(None) => Err(StatusCode::NOT_FOUND.into_response()),
        Err(e) => {
            tracing::error!(error = %e, "webhook: reading the channel failed");
            Err(StatusCode::SERVICE_UNAVAILABLE.into_response())
        }
    }
}

/// Meta's verification request: the challenge back, for the right verify token only.
async fn handshake(
    State(state): State<AppState>,
    Path((kind, key)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let channel = match channel_of(&state, &kind, &key).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    if channel.kind == ChannelKind::Line {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let token = q.get("hub.verify_token").map(String::as_str).unwrap_or("");
    let challenge = q.get("hub.challenge").map(String::as_str).unwrap_or("");
    if q.get("hub.mode").map(String::as_str) == Some("subscribe")
        && !challenge.is_empty()
        && challenge.len() <= 256
        && verify_token_matches(&channel.credentials.verify_token, token)
    {
        (StatusCode::OK, challenge.to_owned()).into_response()
    } else {
        tracing::info!(channel = %channel.id, "webhook handshake refused: wrong verify token");
        StatusCode::FORBIDDEN.into_response()
    }
}

/// A platform's POST: verify, store, answer.
async fn receive(
    State(state): State<AppState>,
    Path((kind, key)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let channel = match channel_of(&state, &kind, &key).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let secret = channel.credentials.secret.as_bytes();
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let verified = match channel.kind {
        ChannelKind::Line => verify_line(secret, header("x-line-signature"), &body),
        _ => verify_meta(secret, header("x-hub-signature-256"), &body),
    };
    if let Err(e) = verified {
        tracing::info!(channel = %channel.id, reason = ?e, "webhook refused: bad signature");
        return StatusCode::UNAUTHORIZED.into_response();
    }
    // Only JSON is kept: a body that is not would never process. (Bounded: 1 MiB.)
    if serde_json::from_slice::<serde::de::IgnoredAny>(strip_bom(&body)).is_err() {
        return StatusCode::BAD_REQUEST.into_response();
    }
    let now = super::auth::now_millis();
    match state.store.store_inbound_body(&channel, &body, now).await {
        Ok(_) => {
            state.inbound.notify_one();
            StatusCode::OK.into_response()
        }
        Err(e) => {
            // Not acknowledged: the platform delivers it again.
            tracing::error!(channel = %channel.id, error = %e, "webhook: storing the body failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

fn strip_bom(body: &[u8]) -> &[u8] {
    body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body)
}
