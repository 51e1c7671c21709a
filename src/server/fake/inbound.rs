//! The fake plays the customer: `POST /_fake/inbound {"kind", "account_id", "sender_id",
//! "sender_name"?, "text" | "image", "webhook_url", "secret"}` builds the platform's webhook
//! body ([`super::webhook::customer_message`]), signs it, posts it to the inbox and answers
//! `{"status", "message_id", "body"}`. It also registers the sender's name as their profile
//! and, for LINE, issues the body's reply token, so the inbox's profile fetch and reply work.

use super::request::{bad_control, json};
use super::state::{now_ms, FakeState};
use super::webhook::{self, SimContent};
use crate::domain::ChannelKind;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
pub(super) struct InboundBody {
    kind: String,
    account_id: String,
    sender_id: String,
    #[serde(default)]
    sender_name: Option<String>,
    #[serde(default)]
    text: Option<String>,
    /// A media id or URL (see [`SimContent::Image`]).
    #[serde(default)]
    image: Option<String>,
    webhook_url: String,
    secret: String,
}

/// `POST /_fake/inbound`.
pub(super) async fn post(State(state): State<FakeState>, body: axum::body::Bytes) -> Response {
    let b: InboundBody = match serde_json::from_slice(&body) {
        Ok(b) => b,
        Err(e) => return bad_control(format!("inbound: {e}")),
    };
    let Some(kind) = ChannelKind::parse(b.kind.trim()).filter(|k| *k != ChannelKind::WebChat)
    else {
        return bad_control("kind must be messenger, instagram, whatsapp or line");
    };
    let content = match (b.text, b.image) {
        (Some(t), None) if !t.trim().is_empty() => SimContent::Text(t),
        (None, Some(i)) if !i.trim().is_empty() => SimContent::Image { media_id_or_url: i },
        _ => return bad_control("give exactly one of text and image"),
    };
    if b.account_id.is_empty() || b.sender_id.is_empty() || b.secret.is_empty() {
        return bad_control("account_id, sender_id and secret must not be empty");
    }
    let name = b
        .sender_name
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| state.inner.profiles.get(&b.sender_id).name);
    state.register_profile(&b.sender_id, &name);
    let unique = state.inner.ids.hex();
    let now = now_ms();
    let payload = webhook::customer_message(
        kind,
        &b.account_id,
        &b.sender_id,
        &name,
        content,
        now,
        &unique,
    );
    if kind == ChannelKind::Line {
        state.issue_reply_token(
            Some(&webhook::line_reply_token(&unique)),
            super::line::REPLY_TOKEN_TTL_MS,
        );
    }
    let (header, signature) = webhook::sign(kind, b.secret.as_bytes(), &payload);
    let mut request = state
        .inner
        .client
        .post(&b.webhook_url)
        .header("content-type", "application/json")
        .header(header, signature);
    if kind != ChannelKind::Line {
        request = request.header("user-agent", "facebookexternalua");
    }
    let result = request.body(payload.clone()).send().await;
    let text = String::from_utf8_lossy(&payload).into_owned();
    match result {
        Ok(r) => json(
            StatusCode::OK,
            &json!({
                "status": r.status().as_u16(),
                "message_id": webhook::message_id(kind, &unique),
                "body": text,
            }),
        ),
        Err(e) => json(
            StatusCode::BAD_GATEWAY,
            &json!({ "error": format!("posting to {}: {e}", b.webhook_url), "body": text }),
        ),
    }
}
