//! The LINE Messaging API as the inbox uses it (CHANNELS.md §4.5), under `/line` (api.line.me)
//! and `/line-data` (api-data.line.me). Every answer carries `x-line-request-id`; a missing
//! Bearer token is 401.
//!
//! - `POST /line/v2/bot/message/push {"to", "messages": [1–5]}`, optional
//!   `X-Line-Retry-Key` (a UUID): a second request with an accepted key answers 409 with
//!   `x-line-accepted-request-id` and sends nothing.
//! - `POST /line/v2/bot/message/reply {"replyToken", "messages"}`: a token issued by
//!   `POST /_fake/reply-tokens` works once, within its lifetime; a second use, an unknown,
//!   expired or empty token → 400 `{"message":"Invalid reply token"}`.
//! - `GET /line/v2/bot/profile/{userId}`, `POST /line/v2/bot/chat/markAsRead`.
//! - `GET /line-data/v2/bot/message/{id}/content` (bytes) and `…/content/transcoding`.
//!
//! A message may carry a `quickReply` (1–13 items, labels of at most 20 characters,
//! postback `data` and `displayText` of at most 300).
//!
//! A malformed body answers 400 `{"message": "The request body has N error(s)", "details":
//! [{"message", "property"}]}`; sends answer `{"sentMessages": [{"id", "quoteToken"}]}`.

use super::request::{bad_control, json, Incoming};
use super::state::{lock, now_ms, FakeState};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::Response;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Mutex;

/// Default lifetime of an issued reply token (LINE: use it within a minute).
pub const REPLY_TOKEN_TTL_MS: i64 = 60_000;

#[derive(Default)]
pub(super) struct LineState {
    /// Accepted retry key → (request id, the answer's sentMessages).
    retry_keys: Mutex<HashMap<String, (String, Value)>>,
    /// Reply token → (expires at, used).
    reply_tokens: Mutex<HashMap<String, (i64, bool)>>,
}

impl LineState {
    pub fn clear(&self) {
        lock(&self.retry_keys).clear();
        lock(&self.reply_tokens).clear();
    }

    fn issue(&self, token: String, ttl_ms: i64) -> i64 {
        let expires = now_ms().saturating_add(ttl_ms);
        lock(&self.reply_tokens).insert(token, (expires, false));
        expires
    }

    /// Uses the token once; false if unknown, used or expired.
    fn take(&self, token: &str) -> bool {
        let mut tokens = lock(&self.reply_tokens);
        match tokens.get_mut(token) {
            Some((expires, used)) if !*used && now_ms() < *expires => {
                *used = true;
                true
            }
            _ => false,
        }
    }
}

impl FakeState {
    /// Issues a reply token valid once for `ttl_ms` (a fresh random one when `token` is
    /// `None`); returns it.
    pub fn issue_reply_token(&self, token: Option<&str>, ttl_ms: i64) -> String {
        let token = token.map_or_else(|| self.inner.ids.uuid().replace('-', ""), str::to_owned);
        self.inner.line.issue(token.clone(), ttl_ms);
        token
    }
}

/// Everything under `/line/`.
pub(super) async fn api(
    State(state): State<FakeState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let req = Incoming::new(method, &uri, headers, body, "line");
    let request_id = state.inner.ids.uuid();
    let mut response = if req.bearer().is_none() {
        unauthorized()
    } else {
        let segs = req.segs();
        match (req.method.as_str(), segs.as_slice()) {
            ("POST", ["v2", "bot", "message", "push"]) => push(&state, &req, &request_id),
            ("POST", ["v2", "bot", "message", "reply"]) => reply(&state, &req),
            ("GET", ["v2", "bot", "profile", user]) => profile(&state, &req, user),
            ("POST", ["v2", "bot", "chat", "markAsRead"]) => mark_as_read(&req),
            _ => not_found(),
        }
    };
    set_request_id(&mut response, &request_id);
    response
}

/// Everything under `/line-data/`.
pub(super) async fn data(
    State(state): State<FakeState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let req = Incoming::new(method, &uri, headers, body, "line-data");
    let mut response = if req.bearer().is_none() {
        unauthorized()
    } else {
        let segs = req.segs();
        match (req.method.as_str(), segs.as_slice()) {
            ("GET", ["v2", "bot", "message", id, "content"]) => {
                super::media::line_content(&state, id)
            }
            ("GET", ["v2", "bot", "message", _, "content", "transcoding"]) => {
                json(StatusCode::OK, &json!({ "status": "succeeded" }))
            }
            _ => not_found(),
        }
    };
    set_request_id(&mut response, &state.inner.ids.uuid());
    response
}

fn set_request_id(response: &mut Response, id: &str) {
    if let Ok(v) = HeaderValue::from_str(id) {
        response.headers_mut().insert("x-line-request-id", v);
    }
}

fn unauthorized() -> Response {
    json(
        StatusCode::UNAUTHORIZED,
        &json!({"message": "Authentication failed. Confirm that the access token in the authorization header is valid."}),
    )
}

fn not_found() -> Response {
    json(StatusCode::NOT_FOUND, &json!({ "message": "Not found" }))
}

fn bad(message: &str) -> Response {
    json(StatusCode::BAD_REQUEST, &json!({ "message": message }))
}

/// 400 with `details`.
fn invalid(details: Vec<(String, String)>) -> Response {
    let list: Vec<Value> = details
        .iter()
        .map(|(property, message)| json!({ "message": message, "property": property }))
        .collect();
    json(
        StatusCode::BAD_REQUEST,
        &json!({
            "message": format!("The request body has {} error(s)", list.len()),
            "details": list,
        }),
    )
}

fn is_uuid(key: &str) -> bool {
    let parts: Vec<&str> = key.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `POST /v2/bot/message/push`.
fn push(state: &FakeState, req: &Incoming, request_id: &str) -> Response {
    let key = req.header("x-line-retry-key").map(str::trim);
    if let Some(key) = key {
        if !is_uuid(key) {
            return bad("The value of the X-Line-Retry-Key header must be a UUID");
        }
    }
    let body = match req.json_object() {
        Ok(v) => v,
        Err(e) => return bad(&e),
    };
    let mut details = Vec::new();
    if body
        .get("to")
        .and_then(Value::as_str)
        .is_none_or(|t| t.trim().is_empty())
    {
        details.push(("to".to_owned(), "May not be empty".to_owned()));
    }
    check_common(&body, &mut details);
    // The key is checked and taken under one lock, so two racing retries send once.
    let mut keys = lock(&state.inner.line.retry_keys);
    if let Some((accepted, sent)) = key.and_then(|k| keys.get(&k.to_ascii_lowercase())) {
        let mut response = json(
            StatusCode::CONFLICT,
            &json!({ "message": "The retry key is already accepted", "sentMessages": sent }),
        );
        if let Ok(v) = HeaderValue::from_str(accepted) {
            response
                .headers_mut()
                .insert("x-line-accepted-request-id", v);
        }
        return response;
    }
    if !details.is_empty() {
        return invalid(details);
    }
    let sent = sent_messages(state, &body);
    if let Some(k) = key {
        keys.insert(
            k.to_ascii_lowercase(),
            (request_id.to_owned(), sent.clone()),
        );
    }
    drop(keys);
    json(StatusCode::OK, &json!({ "sentMessages": sent }))
}

/// `POST /v2/bot/message/reply`.
fn reply(state: &FakeState, req: &Incoming) -> Response {
    if req.header("x-line-retry-key").is_some() {
        return bad("X-Line-Retry-Key is not supported by this endpoint");
    }
    let body = match req.json_object() {
        Ok(v) => v,
        Err(e) => return bad(&e),
    };
    let mut details = Vec::new();
    check_common(&body, &mut details);
    let token = body
        .get("replyToken")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if token.is_empty() {
        return bad("Invalid reply token");
    }
    if !details.is_empty() {
        return invalid(details);
    }
    if !state.inner.line.take(token) {
        return bad("Invalid reply token");
    }
    let sent = sent_messages(state, &body);
    json(StatusCode::OK, &json!({ "sentMessages": sent }))
}

/// Fresh ids for each message.
fn sent_messages(state: &FakeState, body: &Value) -> Value {
    let n = body
        .get("messages")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    Value::Array(
        (0..n)
            .map(|_| {
                json!({ "id": state.inner.ids.digits(), "quoteToken": format!("q{}", state.inner.ids.hex()) })
            })
            .collect(),
    )
}

/// `messages` (1–5, each valid) and `notificationDisabled`.
fn check_common(body: &Value, details: &mut Vec<(String, String)>) {
    if let Some(n) = body.get("notificationDisabled") {
        if !n.is_boolean() {
            details.push(("notificationDisabled".into(), "Must be a boolean".into()));
        }
    }
    let Some(messages) = body.get("messages").and_then(Value::as_array) else {
        details.push(("messages".into(), "May not be empty".into()));
        return;
    };
    if messages.is_empty() || messages.len() > 5 {
        details.push(("messages".into(), "Size must be between 1 and 5".into()));
        return;
    }
    for (i, m) in messages.iter().enumerate() {
        check_message(m, &format!("messages[{i}]"), details);
    }
}

fn check_message(m: &Value, at: &str, details: &mut Vec<(String, String)>) {
    let mut need = |field: &str, ok: bool, why: &str| {
        if !ok {
            details.push((format!("{at}.{field}"), why.to_owned()));
        }
    };
    let text = |k: &str| m.get(k).and_then(Value::as_str);
    let url = |k: &str| {
        text(k).is_some_and(|u| {
            (u.starts_with("https://") || u.starts_with("http://")) && u.len() <= 2000
        })
    };
    match text("type") {
        Some("text") => {
            let t = text("text").unwrap_or_default();
            need("text", !t.trim().is_empty(), "May not be empty");
            need(
                "text",
                t.chars().count() <= 5000,
                "Length must be at most 5000",
            );
        }
        Some("image") => {
            need(
                "originalContentUrl",
                url("originalContentUrl"),
                "Must be a valid URL",
            );
            need(
                "previewImageUrl",
                url("previewImageUrl"),
                "Must be a valid URL",
            );
        }
        Some("video") => {
            need(
                "originalContentUrl",
                url("originalContentUrl"),
                "Must be a valid URL",
            );
            need(
                "previewImageUrl",
                url("previewImageUrl"),
                "Must be a valid URL",
            );
        }
        Some("audio") => {
            need(
                "originalContentUrl",
                url("originalContentUrl"),
                "Must be a valid URL",
            );
            need(
                "duration",
                m.get("duration")
                    .and_then(Value::as_i64)
                    .is_some_and(|d| d > 0),
                "Must be a positive number",
            );
        }
        Some("sticker") => {
            need("packageId", text("packageId").is_some(), "May not be empty");
            need("stickerId", text("stickerId").is_some(), "May not be empty");
        }
        Some("location") => {
            need("title", text("title").is_some(), "May not be empty");
            need("address", text("address").is_some(), "May not be empty");
            need(
                "latitude",
                m.get("latitude").is_some_and(Value::is_number),
                "Must be a number",
            );
            need(
                "longitude",
                m.get("longitude").is_some_and(Value::is_number),
                "Must be a number",
            );
        }
        Some("flex" | "template" | "imagemap") => {
            need(
                "altText",
                text("altText").is_some_and(|t| !t.is_empty()),
                "May not be empty",
            );
        }
        _ => need(
            "type",
            false,
            "Must be one of text, image, video, audio, sticker, location, flex, template, imagemap",
        ),
    }
    if let Some(quick) = m.get("quickReply") {
        check_quick_reply(quick, &format!("{at}.quickReply"), details);
    }
}

/// Actions a quick reply button may carry (not the rich menu switch).
const QUICK_REPLY_ACTIONS: &[&str] = &[
    "postback",
    "message",
    "uri",
    "datetimepicker",
    "camera",
    "cameraRoll",
    "location",
    "clipboard",
];

/// `quickReply` on any message (Messaging API reference, "Quick reply"; "Postback action"):
/// 1 to 13 items `{"type":"action","action":{…}}`; every action has a `label` of 1 to 20
/// characters; a postback has `data` (1 to 300) and, in a quick reply, `displayText`
/// (1 to 300) and not the deprecated `text`; a message action has `text` (1 to 300).
fn check_quick_reply(q: &Value, at: &str, details: &mut Vec<(String, String)>) {
    let Some(items) = q.get("items").and_then(Value::as_array) else {
        details.push((format!("{at}.items"), "May not be empty".into()));
        return;
    };
    if items.is_empty() || items.len() > 13 {
        details.push((
            format!("{at}.items"),
            "Size must be between 1 and 13".into(),
        ));
        return;
    }
    for (i, item) in items.iter().enumerate() {
        let at = format!("{at}.items[{i}]");
        let mut need = |field: &str, ok: bool, why: &str| {
            if !ok {
                details.push((format!("{at}.{field}"), why.to_owned()));
            }
        };
        let sized = |v: Option<&Value>, max: usize| {
            v.and_then(Value::as_str)
                .is_some_and(|s| !s.is_empty() && s.chars().count() <= max)
        };
        need(
            "type",
            item.get("type").and_then(Value::as_str) == Some("action"),
            "Must be action",
        );
        if let Some(url) = item.get("imageUrl") {
            need(
                "imageUrl",
                url.as_str()
                    .is_some_and(|u| u.starts_with("https://") && u.len() <= 2000),
                "Must be an https URL",
            );
        }
        let Some(action) = item.get("action").filter(|a| a.is_object()) else {
            need("action", false, "May not be empty");
            continue;
        };
        let kind = action
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if !QUICK_REPLY_ACTIONS.contains(&kind) {
            need(
                "action.type",
                false,
                "Must be one of postback, message, uri, datetimepicker, camera, cameraRoll, location, clipboard",
            );
            continue;
        }
        need(
            "action.label",
            sized(action.get("label"), 20),
            "Length must be between 1 and 20",
        );
        match kind {
            "postback" => {
                need(
                    "action.data",
                    sized(action.get("data"), 300),
                    "Length must be between 1 and 300",
                );
                need(
                    "action.displayText",
                    sized(action.get("displayText"), 300),
                    "Length must be between 1 and 300",
                );
                need(
                    "action.text",
                    action.get("text").is_none(),
                    "Cannot be used with quick reply buttons",
                );
            }
            "message" => need(
                "action.text",
                sized(action.get("text"), 300),
                "Length must be between 1 and 300",
            ),
            _ => {}
        }
    }
}

/// `GET /v2/bot/profile/{userId}`.
fn profile(state: &FakeState, req: &Incoming, user: &str) -> Response {
    let person = state.inner.profiles.get(user);
    let picture = person.picture_url.clone().unwrap_or_else(|| {
        format!(
            "{}/cdn/avatar-{}.png",
            req.origin(),
            super::webhook::path_segment(user)
        )
    });
    json(
        StatusCode::OK,
        &json!({
            "displayName": person.name,
            "userId": user,
            "pictureUrl": picture,
            "statusMessage": "",
            "language": person.language.as_deref().unwrap_or("zh-TW"),
        }),
    )
}

/// `POST /v2/bot/chat/markAsRead {"markAsReadToken"}`.
fn mark_as_read(req: &Incoming) -> Response {
    let token = req.json_object().ok().and_then(|b| {
        b.get("markAsReadToken")
            .and_then(Value::as_str)
            .map(str::to_owned)
    });
    match token.filter(|t| !t.is_empty()) {
        Some(_) => json(StatusCode::OK, &json!({})),
        None => invalid(vec![("markAsReadToken".into(), "May not be empty".into())]),
    }
}

#[derive(Deserialize)]
pub(super) struct TokenBody {
    #[serde(default)]
    token: Option<String>,
    #[serde(default)]
    ttl_ms: Option<i64>,
}

/// `POST /_fake/reply-tokens {"token"?, "ttl_ms"?}` → `{"token", "expires_at_ms"}`.
pub(super) async fn issue_token(State(state): State<FakeState>, body: Bytes) -> Response {
    let body: TokenBody = if body.is_empty() {
        TokenBody {
            token: None,
            ttl_ms: None,
        }
    } else {
        match serde_json::from_slice(&body) {
            Ok(b) => b,
            Err(e) => return bad_control(format!("reply-tokens: {e}")),
        }
    };
    if body.token.as_deref().is_some_and(|t| t.trim().is_empty()) {
        return bad_control("token must not be empty");
    }
    let token = body
        .token
        .unwrap_or_else(|| state.inner.ids.uuid().replace('-', ""));
    let expires = state
        .inner
        .line
        .issue(token.clone(), body.ttl_ms.unwrap_or(REPLY_TOKEN_TTL_MS));
    json(
        StatusCode::OK,
        &json!({ "token": token, "expires_at_ms": expires }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids() {
        assert!(is_uuid("123e4567-e89b-12d3-a456-426614174000"));
        assert!(is_uuid("123E4567-E89B-12D3-A456-426614174000"));
        assert!(!is_uuid("123e4567e89b12d3a456426614174000"));
        assert!(!is_uuid("123e4567-e89b-12d3-a456-42661417400g"));
    }

    #[test]
    fn messages_are_checked_with_their_property_paths() {
        let mut d = Vec::new();
        check_common(
            &json!({"messages": [{"type": "text", "text": ""}, {"type": "image", "originalContentUrl": "https://x/a.png"}, {"type": "nope"}]}),
            &mut d,
        );
        let props: Vec<&str> = d.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            props,
            [
                "messages[0].text",
                "messages[1].previewImageUrl",
                "messages[2].type"
            ]
        );
        let mut d = Vec::new();
        check_common(&json!({"messages": []}), &mut d);
        assert_eq!(d[0].0, "messages");
        let mut d = Vec::new();
        let six: Vec<Value> = (0..6)
            .map(|_| json!({"type": "text", "text": "a"}))
            .collect();
        check_common(&json!({ "messages": six }), &mut d);
        assert_eq!(d.len(), 1);
        let mut d = Vec::new();
        check_common(
            &json!({"messages": [{"type": "text", "text": "a"}], "notificationDisabled": false}),
            &mut d,
        );
        assert!(d.is_empty());
    }

    fn postback(label: &str, data: &str) -> Value {
        json!({"type": "action", "action": {"type": "postback", "label": label, "data": data, "displayText": label}})
    }

    fn props(message: Value) -> Vec<String> {
        let mut d = Vec::new();
        check_common(&json!({ "messages": [message] }), &mut d);
        d.into_iter().map(|(p, _)| p).collect()
    }

    #[test]
    fn quick_replies_as_line_documents_them() {
        // LINE's "Use quick replies" example, and a quick reply item with the reference's
        // postback action (label, data, displayText).
        let published = json!({
            "type": "text",
            "text": "Select your favorite food category or send me your location!",
            "quickReply": {"items": [
                {"type": "action", "imageUrl": "https://example.com/sushi.png",
                 "action": {"type": "message", "label": "Sushi", "text": "Sushi"}},
                {"type": "action", "imageUrl": "https://example.com/tempura.png",
                 "action": {"type": "message", "label": "Tempura", "text": "Tempura"}},
                {"type": "action", "action": {"type": "location", "label": "Send location"}},
                {"type": "action", "action": {"type": "postback", "label": "Buy", "data": "action=buy&itemid=111", "displayText": "Buy"}}
            ]}
        });
        assert_eq!(props(published), Vec::<String>::new());
        let twenty = "按".repeat(20);
        let thirteen: Vec<Value> = (0..13).map(|i| postback("選項", &i.to_string())).collect();
        for ok in [
            json!({"type": "text", "text": "a", "quickReply": {"items": thirteen}}),
            json!({"type": "text", "text": "a", "quickReply": {"items": [postback(&twenty, &"d".repeat(300))]}}),
            json!({"type": "image", "originalContentUrl": "https://x/a.png", "previewImageUrl": "https://x/a.png",
                   "quickReply": {"items": [postback("a", "b")]}}),
        ] {
            assert_eq!(props(ok.clone()), Vec::<String>::new(), "{ok}");
        }
        let fourteen: Vec<Value> = (0..14).map(|i| postback("選項", &i.to_string())).collect();
        let text =
            |items: Value| json!({"type": "text", "text": "a", "quickReply": {"items": items}});
        for (bad, want) in [
            (text(json!(fourteen)), "messages[0].quickReply.items"),
            (text(json!([])), "messages[0].quickReply.items"),
            (
                text(json!([
                    postback("a", "b"),
                    postback(&format!("{twenty}!"), "c")
                ])),
                "messages[0].quickReply.items[1].action.label",
            ),
            (
                text(json!([postback("a", &"d".repeat(301))])),
                "messages[0].quickReply.items[0].action.data",
            ),
            (
                text(
                    json!([{"type": "action", "action": {"type": "postback", "label": "a", "data": "b"}}]),
                ),
                "messages[0].quickReply.items[0].action.displayText",
            ),
            (
                text(
                    json!([{"type": "action", "action": {"type": "postback", "label": "a", "data": "b", "displayText": "a", "text": "a"}}]),
                ),
                "messages[0].quickReply.items[0].action.text",
            ),
            (
                text(
                    json!([{"type": "action", "action": {"type": "richmenuswitch", "label": "a"}}]),
                ),
                "messages[0].quickReply.items[0].action.type",
            ),
            (
                text(
                    json!([{"type": "button", "action": {"type": "message", "label": "a", "text": "a"}}]),
                ),
                "messages[0].quickReply.items[0].type",
            ),
            (
                json!({"type": "text", "text": "a", "quickReply": {}}),
                "messages[0].quickReply.items",
            ),
        ] {
            assert_eq!(props(bad.clone()), vec![want.to_owned()], "{bad}");
        }
    }

    #[test]
    fn reply_tokens_work_once_and_expire() {
        let s = LineState::default();
        s.issue("a".into(), 60_000);
        s.issue("old".into(), -1);
        assert!(s.take("a"));
        assert!(!s.take("a"));
        assert!(!s.take("old"));
        assert!(!s.take("never"));
    }
}
