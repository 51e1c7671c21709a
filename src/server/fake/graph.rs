//! Meta's Graph API as the inbox uses it (CHANNELS.md §1.5, §2.4, §3.4, §3.6), under
//! `/meta` (graph.facebook.com: Messenger, Instagram through the Page, WhatsApp) and
//! `/instagram` (graph.instagram.com: Instagram login):
//!
//! - `POST /{ver}/me/messages`, `/{ver}/{page_or_ig_id}/messages`: the Send API. Token as
//!   `access_token` query or Bearer; body `recipient.id`, `messaging_type` (`RESPONSE`,
//!   `UPDATE`, or `MESSAGE_TAG` with `tag`), and `message.text` or `message.attachment`
//!   (or `sender_action`), with optional `quick_replies` (1–13, titles of at most 20
//!   characters, payloads of at most 1000). Answers `{"recipient_id","message_id"}`.
//! - `POST /meta/{ver}/{phone_number_id}/messages` with `messaging_product: "whatsapp"`:
//!   the Cloud API (`to`, `type` text/image/video/audio/document/sticker/template/…, or
//!   `status: "read"`). Answers `{"messaging_product","contacts","messages":[{"id"}]}`.
//! - `POST|DELETE /meta/{ver}/{phone_number_id}/block_users` (these two in `whatsapp`).
//! - `GET /{ver}/{id}?fields=…`: a profile; on `/meta` an id registered as media, or asked
//!   without `fields`, is a WhatsApp media object instead ([`super::media`]).
//!
//! Malformed requests get Graph's error object (`code` 100, HTTP 400); a missing token
//! 401 with code 104.

use super::media;
use super::receipts::{self, SentMessage};
use super::request::{id_of, json, Incoming};
use super::state::FakeState;
use crate::domain::ChannelKind;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use serde_json::{json, Value};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Host {
    /// graph.facebook.com
    Facebook,
    /// graph.instagram.com
    Instagram,
}

/// Everything under `/meta/`.
pub(super) async fn meta(
    State(state): State<FakeState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let req = Incoming::new(method, &uri, headers, body, "meta");
    dispatch(&state, &req, Host::Facebook)
}

/// Everything under `/instagram/`.
pub(super) async fn instagram(
    State(state): State<FakeState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let req = Incoming::new(method, &uri, headers, body, "instagram");
    dispatch(&state, &req, Host::Instagram)
}

fn dispatch(state: &FakeState, req: &Incoming, host: Host) -> Response {
    let segs = req.segs();
    match (host, req.method.as_str(), segs.as_slice()) {
        (Host::Facebook, "GET", ["media-bytes", id]) => media::whatsapp_bytes(state, req, id),
        (_, _, [ver, ..]) if !is_version(ver) => unknown_path(req),
        (_, "POST", [_, account, "messages"]) => {
            let whatsapp = host == Host::Facebook
                && serde_json::from_slice::<Value>(&req.body)
                    .is_ok_and(|v| v.get("messaging_product").is_some());
            if whatsapp {
                super::whatsapp::whatsapp_send(state, req, account)
            } else {
                page_send(state, req, host, account)
            }
        }
        (Host::Facebook, "POST" | "DELETE", [_, _, "block_users"]) => {
            super::whatsapp::block_users(req)
        }
        (_, "GET", [_, id]) if *id != "me" => {
            let media = host == Host::Facebook
                && (state.inner.media.is_registered(id) || req.query("fields").is_none());
            if media {
                media::whatsapp_info(state, req, id)
            } else {
                profile(state, req, host, id)
            }
        }
        _ => unknown_path(req),
    }
}

/// `v23.0`, `v9`.
fn is_version(seg: &str) -> bool {
    let Some(rest) = seg.strip_prefix('v') else {
        return false;
    };
    let mut parts = rest.split('.');
    let major = parts.next().unwrap_or_default();
    let minor = parts.next();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(major) && minor.is_none_or(digits) && parts.next().is_none()
}

/// Graph's error object: `{"error":{"message","type","code","error_subcode"?,"fbtrace_id"}}`.
pub(super) fn graph_error(
    status: StatusCode,
    code: i64,
    subcode: Option<i64>,
    message: &str,
) -> Response {
    let mut error = json!({
        "message": message,
        "type": "OAuthException",
        "code": code,
        "fbtrace_id": trace_id(),
    });
    if let Some(sub) = subcode {
        error["error_subcode"] = json!(sub);
    }
    json(status, &json!({ "error": error }))
}

/// A Send API refusal: code 100, HTTP 400.
fn invalid(message: impl AsRef<str>) -> Response {
    graph_error(StatusCode::BAD_REQUEST, 100, None, message.as_ref())
}

pub(super) fn missing_token() -> Response {
    graph_error(
        StatusCode::UNAUTHORIZED,
        104,
        None,
        "An access token is required to request this resource.",
    )
}

fn unknown_path(req: &Incoming) -> Response {
    graph_error(
        StatusCode::BAD_REQUEST,
        2500,
        None,
        &format!(
            "Unknown path components: /{} ({})",
            req.segments.join("/"),
            req.method
        ),
    )
}

pub(super) fn trace_id() -> String {
    let n: u64 = rand::random();
    format!("A{n:016x}")
}

const TOP_KEYS: &[&str] = &[
    "recipient",
    "message",
    "messaging_type",
    "tag",
    "sender_action",
    "notification_type",
    "persona_id",
];
const MESSAGE_KEYS: &[&str] = &["text", "attachment", "quick_replies", "metadata"];
const ATTACHMENT_TYPES: &[&str] = &["image", "audio", "video", "file", "template"];
const TAGS: &[&str] = &[
    "HUMAN_AGENT",
    "CONFIRMED_EVENT_UPDATE",
    "POST_PURCHASE_UPDATE",
    "ACCOUNT_UPDATE",
];

/// The Messenger / Instagram Send API.
fn page_send(state: &FakeState, req: &Incoming, host: Host, account: &str) -> Response {
    let Some(token) = req.graph_token() else {
        return missing_token();
    };
    let body = match req.json_object() {
        Ok(v) => v,
        Err(e) => return invalid(format!("(#100) {e}")),
    };
    if let Some(key) = body
        .as_object()
        .and_then(|o| o.keys().find(|k| !TOP_KEYS.contains(&k.as_str())))
    {
        return invalid(format!("(#100) Unexpected key \"{key}\" in the request"));
    }
    let Some(recipient) = id_of(body.pointer("/recipient/id")) else {
        return invalid("(#100) The parameter recipient is required");
    };
    if let Some(action) = body.get("sender_action") {
        if body.get("message").is_some() {
            return invalid("(#100) sender_action cannot be sent with message");
        }
        return match action.as_str() {
            Some("typing_on" | "typing_off" | "mark_seen") => {
                json(StatusCode::OK, &json!({ "recipient_id": recipient }))
            }
            _ => invalid(
                "(#100) Param sender_action must be one of {MARK_SEEN, TYPING_ON, TYPING_OFF}",
            ),
        };
    }
    let kinds: &'static [ChannelKind] = match host {
        Host::Facebook => &[ChannelKind::Messenger, ChannelKind::Instagram],
        Host::Instagram => &[ChannelKind::Instagram],
    };
    let account = (account != "me").then_some(account);
    let target = state.inner.receipts.resolve(kinds, account, &token);
    let kind = target.as_ref().map_or(kinds[0], |t| t.kind);
    if let Err(why) = check_messaging_type(&body, kind) {
        return invalid(why);
    }
    let text = match check_message(body.get("message"), kind) {
        Ok(text) => text,
        Err(why) => return invalid(why),
    };
    let message_id = match kind {
        ChannelKind::Instagram => format!("aWdfZAG1faXRlbTo{}", state.inner.ids.hex()),
        _ => format!("m_{}", state.inner.ids.hex()),
    };
    if let Some(target) = target {
        receipts::after_send(
            state,
            target,
            SentMessage {
                customer: recipient.clone(),
                message_id: message_id.clone(),
                text,
            },
        );
    }
    json(
        StatusCode::OK,
        &json!({ "recipient_id": recipient, "message_id": message_id }),
    )
}

fn check_messaging_type(body: &Value, kind: ChannelKind) -> Result<(), String> {
    let tag = body.get("tag");
    match body.get("messaging_type").and_then(Value::as_str) {
        None => Err("(#100) The parameter messaging_type is required".into()),
        Some("RESPONSE" | "UPDATE") if tag.is_some() => {
            Err("(#100) tag can only be used with messaging_type MESSAGE_TAG".into())
        }
        Some("RESPONSE" | "UPDATE") => Ok(()),
        Some("MESSAGE_TAG") => match tag.and_then(Value::as_str) {
            Some("HUMAN_AGENT") => Ok(()),
            Some(t) if kind != ChannelKind::Instagram && TAGS.contains(&t) => Ok(()),
            Some(t) => Err(format!("(#100) Param tag must be a supported message tag, not {t:?}")),
            None => Err("(#100) The parameter tag is required for MESSAGE_TAG".into()),
        },
        Some(other) => Err(format!(
            "(#100) Param messaging_type must be one of {{RESPONSE, UPDATE, MESSAGE_TAG}}, not {other:?}"
        )),
    }
}

/// Checks `message`; its text, if it is a text message.
fn check_message(message: Option<&Value>, kind: ChannelKind) -> Result<Option<String>, String> {
    let Some(message) = message.and_then(Value::as_object) else {
        return Err("(#100) The parameter message is required".into());
    };
    if let Some(key) = message.keys().find(|k| !MESSAGE_KEYS.contains(&k.as_str())) {
        return Err(format!("(#100) Unexpected key \"{key}\" in message"));
    }
    if let Some(meta) = message.get("metadata") {
        if meta.as_str().is_none_or(|m| m.len() > 1000) {
            return Err(
                "(#100) Param message[metadata] must be a string of at most 1000 characters".into(),
            );
        }
    }
    if let Some(q) = message.get("quick_replies") {
        check_quick_replies(q)?;
    }
    match (message.get("text"), message.get("attachment")) {
        (Some(_), Some(_)) => {
            Err("(#100) Only one of message[text] and message[attachment] may be set".into())
        }
        (None, None) => Err("(#100) Must send either message text or an attachment".into()),
        (Some(text), None) => {
            let Some(text) = text.as_str().filter(|t| !t.trim().is_empty()) else {
                return Err(
                    "(#100) Param message[text] must be a non-empty UTF-8 encoded string".into(),
                );
            };
            let too_long = match kind {
                ChannelKind::Instagram => text.len() > 1000,
                _ => text.chars().count() > 2000,
            };
            if too_long {
                return Err("(#100) Length of param message[text] is over the limit (Messenger 2000 characters, Instagram 1000 bytes)".into());
            }
            Ok(Some(text.to_owned()))
        }
        (None, Some(attachment)) => {
            let kind_name = attachment.get("type").and_then(Value::as_str);
            let Some(kind_name) = kind_name.filter(|t| ATTACHMENT_TYPES.contains(t)) else {
                return Err("(#100) Param message[attachment][type] must be one of {image, audio, video, file, template}".into());
            };
            let Some(payload) = attachment.get("payload").filter(|p| p.is_object()) else {
                return Err("(#100) The parameter message[attachment][payload] is required".into());
            };
            if kind_name == "template" {
                if payload
                    .get("template_type")
                    .and_then(Value::as_str)
                    .is_none()
                {
                    return Err("(#100) The parameter message[attachment][payload][template_type] is required".into());
                }
                return Ok(None);
            }
            let url = payload.get("url").and_then(Value::as_str);
            let reusable = payload.get("is_reusable");
            if reusable.is_some_and(|r| !r.is_boolean()) {
                return Err(
                    "(#100) Param message[attachment][payload][is_reusable] must be a boolean"
                        .into(),
                );
            }
            match (url, id_of(payload.get("attachment_id"))) {
                (Some(url), None) if is_http_url(url) => Ok(None),
                (Some(_), None) => Err("(#100) Param message[attachment][payload][url] must be a valid URL".into()),
                (None, Some(_)) => Ok(None),
                _ => Err("(#100) message[attachment][payload] needs exactly one of url and attachment_id".into()),
            }
        }
    }
}

const QUICK_REPLY_KEYS: &[&str] = &["content_type", "title", "payload", "image_url"];

/// `message.quick_replies` (Messenger quick replies reference; Instagram's quick replies
/// page): 1 to 13 items; `content_type` `text`, `user_phone_number` or `user_email`; a text
/// one needs a non-empty `title` of at most 20 characters (Meta's limit; Instagram says it
/// truncates beyond, the fake refuses so a builder bug shows) and a `payload` of at most
/// 1000 characters.
fn check_quick_replies(q: &Value) -> Result<(), String> {
    let Some(items) = q.as_array().filter(|a| !a.is_empty() && a.len() <= 13) else {
        return Err("(#100) Param message[quick_replies] must be an array of 1 to 13 items".into());
    };
    for (i, item) in items.iter().enumerate() {
        let at = format!("message[quick_replies][{i}]");
        let Some(item) = item.as_object() else {
            return Err(format!("(#100) Param {at} must be an object"));
        };
        if let Some(key) = item
            .keys()
            .find(|k| !QUICK_REPLY_KEYS.contains(&k.as_str()))
        {
            return Err(format!("(#100) Unexpected key \"{key}\" in {at}"));
        }
        match item.get("content_type").and_then(Value::as_str) {
            Some("text") => {}
            Some("user_phone_number" | "user_email") => continue,
            _ => {
                return Err(format!(
                    "(#100) Param {at}[content_type] must be one of {{text, user_phone_number, user_email}}"
                ))
            }
        }
        let title = item
            .get("title")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if title.trim().is_empty() {
            return Err(format!(
                "(#100) {at}[title] is required for a text quick reply"
            ));
        }
        if title.chars().count() > 20 {
            return Err(format!(
                "(#100) Param {at}[title] must be at most 20 characters"
            ));
        }
        let payload = match item.get("payload") {
            Some(Value::String(p)) => p.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        if payload.is_empty() {
            return Err(format!(
                "(#100) {at}[payload] is required for a text quick reply"
            ));
        }
        if payload.chars().count() > 1000 {
            return Err(format!(
                "(#100) Param {at}[payload] must be at most 1000 characters"
            ));
        }
        if let Some(url) = item.get("image_url") {
            if !url.as_str().is_some_and(is_http_url) {
                return Err(format!("(#100) Param {at}[image_url] must be a valid URL"));
            }
        }
    }
    Ok(())
}

pub(super) fn is_http_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/') && !r.contains(char::is_whitespace))
}

const PROFILE_FIELDS: &[&str] = &[
    "id",
    "name",
    "first_name",
    "last_name",
    "profile_pic",
    "username",
    "locale",
    "timezone",
];

/// `GET /{ver}/{psid or igsid}?fields=…`: only the fields asked for, and `id`.
fn profile(state: &FakeState, req: &Incoming, host: Host, id: &str) -> Response {
    if req.graph_token().is_none() {
        return missing_token();
    }
    let fields = req.query("fields").unwrap_or(match host {
        Host::Facebook => "name",
        Host::Instagram => "name,username",
    });
    let fields: Vec<&str> = fields
        .split(',')
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .collect();
    if let Some(bad) = fields.iter().find(|f| !PROFILE_FIELDS.contains(f)) {
        return graph_error(
            StatusCode::BAD_REQUEST,
            100,
            None,
            &format!("(#100) Tried accessing nonexisting field ({bad}) on node type (User)"),
        );
    }
    let person = state.inner.profiles.get(id);
    let (first, last) = super::profiles::split_name(&person.name);
    let picture = person.picture_url.clone().unwrap_or_else(|| {
        format!(
            "{}/cdn/avatar-{}.png",
            req.origin(),
            super::webhook::path_segment(id)
        )
    });
    let username = {
        let u: String = person
            .name
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if u.is_empty() {
            format!("user{}", &id[id.len().saturating_sub(6)..])
        } else {
            u
        }
    };
    let mut out = serde_json::Map::new();
    for field in fields {
        let value = match field {
            "name" => json!(person.name),
            "first_name" => json!(first),
            "last_name" => json!(last),
            "profile_pic" => json!(picture),
            "username" => json!(username),
            "locale" => json!("zh_TW"),
            "timezone" => json!(8),
            _ => continue,
        };
        out.insert(field.to_owned(), value);
    }
    out.insert("id".to_owned(), json!(id));
    json(StatusCode::OK, &Value::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        for ok in ["v23.0", "v9", "v19.10"] {
            assert!(is_version(ok), "{ok}");
        }
        for bad in ["23.0", "v", "v1.", "v1.2.3", "me", "vx"] {
            assert!(!is_version(bad), "{bad}");
        }
    }

    #[test]
    fn messaging_types_and_tags() {
        let m = ChannelKind::Messenger;
        let ok = |b: Value| check_messaging_type(&b, m).is_ok();
        assert!(ok(json!({"messaging_type": "RESPONSE"})));
        assert!(ok(
            json!({"messaging_type": "MESSAGE_TAG", "tag": "HUMAN_AGENT"})
        ));
        assert!(ok(
            json!({"messaging_type": "MESSAGE_TAG", "tag": "ACCOUNT_UPDATE"})
        ));
        assert!(!ok(json!({})));
        assert!(!ok(
            json!({"messaging_type": "RESPONSE", "tag": "HUMAN_AGENT"})
        ));
        assert!(!ok(json!({"messaging_type": "MESSAGE_TAG"})));
        assert!(!ok(json!({"messaging_type": "response"})));
        let ig = json!({"messaging_type": "MESSAGE_TAG", "tag": "ACCOUNT_UPDATE"});
        assert!(check_messaging_type(&ig, ChannelKind::Instagram).is_err());
    }

    #[test]
    fn messages_must_be_text_or_one_attachment() {
        let m = ChannelKind::Messenger;
        let check = |v: Value| check_message(Some(&v), m);
        assert_eq!(check(json!({"text": "hi"})), Ok(Some("hi".into())));
        assert_eq!(
            check(
                json!({"attachment": {"type": "image", "payload": {"url": "https://x/a.png", "is_reusable": true}}})
            ),
            Ok(None)
        );
        for bad in [
            json!({}),
            json!({"text": ""}),
            json!({"text": "  "}),
            json!({"text": 5}),
            json!({"text": "a", "attachment": {}}),
            json!({"text": "a", "extra": 1}),
            json!({"attachment": {"type": "gif", "payload": {"url": "https://x"}}}),
            json!({"attachment": {"type": "image", "payload": {"url": "ftp://x"}}}),
            json!({"attachment": {"type": "image", "payload": {}}}),
            json!({"attachment": {"type": "image"}}),
            json!({"text": "x".repeat(2001)}),
        ] {
            assert!(check(bad.clone()).is_err(), "{bad}");
        }
        assert!(check_message(None, m).is_err());
        assert!(check_message(
            Some(&json!({"text": "é".repeat(600)})),
            ChannelKind::Instagram
        )
        .is_err());
    }

    #[test]
    fn quick_replies_as_meta_documents_them() {
        let check = |v: Value| check_message(Some(&v), ChannelKind::Messenger);
        let reply = |title: &str, payload: Value| json!({"content_type": "text", "title": title, "payload": payload});
        // Meta's quick replies example (developers.facebook.com/docs/messenger-platform/
        // send-messages/quick-replies), with its image_url.
        let published = json!({"text": "Pick a color:", "quick_replies": [
            {"content_type": "text", "title": "Red", "payload": "<POSTBACK_PAYLOAD>", "image_url": "http://example.com/img/red.png"},
            {"content_type": "text", "title": "Green", "payload": "<POSTBACK_PAYLOAD>", "image_url": "http://example.com/img/green.png"}
        ]});
        assert_eq!(check(published), Ok(Some("Pick a color:".into())));
        let twenty = &"按".repeat(20);
        assert_eq!(twenty.chars().count(), 20);
        let thirteen: Vec<Value> = (0..13).map(|i| reply("選項", json!(i))).collect();
        for ok in [
            json!({"text": "a", "quick_replies": [reply(twenty, json!("x".repeat(1000)))]}),
            json!({"text": "a", "quick_replies": thirteen}),
            json!({"text": "a", "quick_replies": [{"content_type": "user_email"}]}),
            json!({"attachment": {"type": "image", "payload": {"url": "https://x/a.png"}},
                   "quick_replies": [reply("a", json!("A"))]}),
        ] {
            assert!(check(ok.clone()).is_ok(), "{ok}");
        }
        let fourteen: Vec<Value> = (0..14).map(|i| reply("選項", json!(i))).collect();
        for (bad, why) in [
            (
                json!({"text": "a", "quick_replies": [reply(&format!("{twenty}!"), json!("A"))]}),
                "[title] must be at most 20",
            ),
            (
                json!({"text": "a", "quick_replies": fourteen}),
                "1 to 13 items",
            ),
            (json!({"text": "a", "quick_replies": []}), "1 to 13 items"),
            (
                json!({"text": "a", "quick_replies": [reply("a", json!("x".repeat(1001)))]}),
                "[payload] must be at most 1000",
            ),
            (
                json!({"text": "a", "quick_replies": [reply("a", json!(""))]}),
                "[payload] is required",
            ),
            (
                json!({"text": "a", "quick_replies": [reply(" ", json!("A"))]}),
                "[title] is required",
            ),
            (
                json!({"text": "a", "quick_replies": [{"content_type": "location"}]}),
                "[content_type] must be one of",
            ),
            (
                json!({"text": "a", "quick_replies": [{"content_type": "text", "title": "a", "payload": "A", "label": "a"}]}),
                "Unexpected key \"label\"",
            ),
            (
                json!({"quick_replies": [reply("a", json!("A"))]}),
                "either message text or an attachment",
            ),
        ] {
            let err = check(bad.clone()).unwrap_err();
            assert!(err.contains(why), "{bad}: {err}");
        }
    }
}
