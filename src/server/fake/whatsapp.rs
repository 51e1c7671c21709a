//! The WhatsApp Cloud API (CHANNELS.md §3.4, §3.6) under `/meta`:
//! `POST /{ver}/{phone_number_id}/messages` with `messaging_product: "whatsapp"` (`to`,
//! `type` text/image/video/audio/document/sticker/template/interactive/location/contacts/
//! reaction, or `status: "read"`), answering `{"messaging_product","contacts":[{"input",
//! "wa_id"}],"messages":[{"id":"wamid.…"}]}`; and `POST|DELETE /{ver}/{pnid}/block_users`.
//! Interactive reply buttons and lists are checked against their documented counts and
//! lengths. Refusals are Graph errors with code 100 and `error_data.details`.

use super::graph::{is_http_url, missing_token, trace_id};
use super::receipts::{self, SentMessage};
use super::request::{id_of, json, Incoming};
use super::state::FakeState;
use crate::domain::ChannelKind;
use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

/// A Cloud API refusal: code 100 with `error_data.details`.
fn wa_invalid(details: impl Into<String>) -> Response {
    json(
        StatusCode::BAD_REQUEST,
        &json!({"error": {
            "message": "(#100) Invalid parameter",
            "type": "OAuthException",
            "code": 100,
            "error_data": {"messaging_product": "whatsapp", "details": details.into()},
            "fbtrace_id": trace_id(),
        }}),
    )
}

const WA_TYPES: &[&str] = &[
    "text",
    "image",
    "video",
    "audio",
    "document",
    "sticker",
    "template",
    "interactive",
    "location",
    "contacts",
    "reaction",
];

/// The WhatsApp Cloud API send (and mark-as-read).
pub(super) fn whatsapp_send(state: &FakeState, req: &Incoming, phone_number_id: &str) -> Response {
    let Some(token) = req.graph_token() else {
        return missing_token();
    };
    let body = match req.json_object() {
        Ok(v) => v,
        Err(e) => return wa_invalid(e),
    };
    if body.get("messaging_product").and_then(Value::as_str) != Some("whatsapp") {
        return wa_invalid("messaging_product must be \"whatsapp\"");
    }
    if let Some(status) = body.get("status") {
        if status.as_str() != Some("read") {
            return wa_invalid("status must be \"read\"");
        }
        if id_of(body.get("message_id")).is_none() {
            return wa_invalid("The parameter message_id is required.");
        }
        return json(StatusCode::OK, &json!({ "success": true }));
    }
    let Some(to) = body.get("to").and_then(Value::as_str) else {
        return wa_invalid("The parameter to is required.");
    };
    let wa_id: String = to.chars().filter(char::is_ascii_digit).collect();
    let shape_ok = to
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')'));
    if !shape_ok || !(5..=20).contains(&wa_id.len()) {
        return wa_invalid(format!(
            "Recipient phone number {to:?} is not a valid phone number"
        ));
    }
    if let Some(rt) = body.get("recipient_type") {
        if rt.as_str() != Some("individual") {
            return wa_invalid("recipient_type must be \"individual\"");
        }
    }
    let kind_name = match body.get("type") {
        None => "text",
        Some(t) => match t.as_str().filter(|t| WA_TYPES.contains(t)) {
            Some(t) => t,
            None => {
                return wa_invalid(format!(
                    "Param type must be one of {{{}}}",
                    WA_TYPES.join(", ")
                ))
            }
        },
    };
    let text = match check_whatsapp_content(&body, kind_name) {
        Ok(text) => text,
        Err(why) => return wa_invalid(why),
    };
    if let Some(context) = body.get("context") {
        if id_of(context.get("message_id")).is_none() {
            return wa_invalid("context.message_id must be a message id");
        }
    }
    let message_id = format!("wamid.HBgLfake{}", state.inner.ids.hex());
    let mut message = json!({ "id": message_id });
    if kind_name == "template" {
        message["message_status"] = json!("accepted");
    }
    let target =
        state
            .inner
            .receipts
            .resolve(&[ChannelKind::WhatsApp], Some(phone_number_id), &token);
    if let Some(target) = target {
        receipts::after_send(
            state,
            target,
            SentMessage {
                customer: wa_id.clone(),
                message_id: message_id.clone(),
                text,
            },
        );
    }
    json(
        StatusCode::OK,
        &json!({
            "messaging_product": "whatsapp",
            "contacts": [{ "input": to, "wa_id": wa_id }],
            "messages": [message],
        }),
    )
}

/// Checks the object named by `type`; the text of a text message.
fn check_whatsapp_content(body: &Value, kind_name: &str) -> Result<Option<String>, String> {
    let Some(item) = body
        .get(kind_name)
        .filter(|v| v.is_object() || v.is_array())
    else {
        return Err(format!("The parameter {kind_name} is required."));
    };
    let str_field = |name: &str| item.get(name).and_then(Value::as_str);
    match kind_name {
        "text" => {
            let Some(text) = str_field("body").filter(|t| !t.trim().is_empty()) else {
                return Err("The parameter text['body'] is required.".into());
            };
            if text.chars().count() > 4096 {
                return Err("text['body'] is longer than 4096 characters".into());
            }
            if item.get("preview_url").is_some_and(|p| !p.is_boolean()) {
                return Err("text['preview_url'] must be a boolean".into());
            }
            Ok(Some(text.to_owned()))
        }
        "image" | "video" | "audio" | "document" | "sticker" => {
            match (str_field("link"), id_of(item.get("id"))) {
                (Some(link), None) if is_http_url(link) => {}
                (Some(_), None) => {
                    return Err(format!("{kind_name}['link'] must be an http(s) URL"))
                }
                (None, Some(_)) => {}
                _ => return Err(format!("{kind_name} needs exactly one of 'id' and 'link'")),
            }
            if let Some(caption) = item.get("caption") {
                if !matches!(kind_name, "image" | "video" | "document") {
                    return Err(format!("{kind_name} cannot have a caption"));
                }
                if caption.as_str().is_none_or(|c| c.chars().count() > 1024) {
                    return Err("caption must be a string of at most 1024 characters".into());
                }
            }
            if item.get("filename").is_some() && kind_name != "document" {
                return Err("only a document has a filename".into());
            }
            Ok(None)
        }
        "template" => {
            if str_field("name").is_none_or(str::is_empty) {
                return Err("The parameter template['name'] is required.".into());
            }
            if item
                .pointer("/language/code")
                .and_then(Value::as_str)
                .is_none_or(str::is_empty)
            {
                return Err("The parameter template['language']['code'] is required.".into());
            }
            Ok(None)
        }
        "interactive" => match str_field("type") {
            Some("button") => check_buttons(item).map(|()| None),
            Some("list") => check_list(item).map(|()| None),
            Some(_) => Ok(None),
            None => Err("The parameter interactive['type'] is required.".into()),
        },
        "location" => {
            let number = |k: &str| {
                item.get(k).is_some_and(|v| {
                    v.is_number() || v.as_str().is_some_and(|s| s.parse::<f64>().is_ok())
                })
            };
            if number("latitude") && number("longitude") {
                Ok(None)
            } else {
                Err("location needs latitude and longitude".into())
            }
        }
        "contacts" => match item.as_array() {
            Some(cards) if !cards.is_empty() => Ok(None),
            _ => Err("contacts must be a non-empty array".into()),
        },
        "reaction" => {
            if id_of(item.get("message_id")).is_none()
                || item.get("emoji").and_then(Value::as_str).is_none()
            {
                Err("reaction needs message_id and emoji".into())
            } else {
                Ok(None)
            }
        }
        _ => Err(format!("Param type {kind_name:?} is not supported")),
    }
}

/// A required string of 1 to `max` characters at `v`, named `what` in the refusal.
fn sized(v: Option<&Value>, max: usize, what: &str) -> Result<String, String> {
    match v.and_then(Value::as_str) {
        Some(s) if !s.trim().is_empty() && s.chars().count() <= max => Ok(s.to_owned()),
        Some(_) => Err(format!(
            "{what} length invalid. Min length: 1, Max length: {max}"
        )),
        None => Err(format!("The parameter {what} is required.")),
    }
}

/// The interactive message's `body.text` (required, at most `max` characters) and optional
/// `footer.text` (at most 60).
fn check_body(item: &Value, max: usize) -> Result<(), String> {
    sized(
        item.pointer("/body/text"),
        max,
        "interactive['body']['text']",
    )?;
    if let Some(footer) = item.get("footer") {
        sized(footer.get("text"), 60, "interactive['footer']['text']")?;
    }
    Ok(())
}

/// Reply buttons (Meta, "Interactive reply buttons messages"): body up to 1024 characters;
/// 1 to 3 buttons `{"type":"reply","reply":{"id","title"}}`, ids up to 256 characters and
/// titles up to 20, both unique in the message.
fn check_buttons(item: &Value) -> Result<(), String> {
    check_body(item, 1024)?;
    let Some(buttons) = item.pointer("/action/buttons").and_then(Value::as_array) else {
        return Err("The parameter interactive['action']['buttons'] is required.".into());
    };
    if buttons.is_empty() || buttons.len() > 3 {
        return Err(format!(
            "Number of buttons invalid: {}. Min: 1, Max: 3",
            buttons.len()
        ));
    }
    let (mut ids, mut titles) = (Vec::new(), Vec::new());
    for b in buttons {
        if b.get("type").and_then(Value::as_str) != Some("reply") {
            return Err("Button type must be \"reply\"".into());
        }
        let id = sized(b.pointer("/reply/id"), 256, "Button id")?;
        let title = sized(b.pointer("/reply/title"), 20, "Button title")?;
        if ids.contains(&id) {
            return Err(format!("Duplicate button id {id:?}"));
        }
        if titles.contains(&title) {
            return Err(format!("Duplicate button title {title:?}"));
        }
        ids.push(id);
        titles.push(title);
    }
    Ok(())
}

/// A list (Meta, "Interactive list messages"): body up to 4096 characters; `action.button`
/// up to 20; 1 to 10 sections, titled (up to 24) when there are several; 1 to 10 rows in
/// all, each with an `id` up to 200 characters, a `title` up to 24 and an optional
/// `description` up to 72.
fn check_list(item: &Value) -> Result<(), String> {
    check_body(item, 4096)?;
    sized(
        item.pointer("/action/button"),
        20,
        "interactive['action']['button']",
    )?;
    let Some(sections) = item.pointer("/action/sections").and_then(Value::as_array) else {
        return Err("The parameter interactive['action']['sections'] is required.".into());
    };
    if sections.is_empty() || sections.len() > 10 {
        return Err(format!(
            "Number of sections invalid: {}. Min: 1, Max: 10",
            sections.len()
        ));
    }
    let mut rows_in_all = 0;
    for section in sections {
        match section.get("title") {
            Some(title) => {
                sized(Some(title), 24, "Section title")?;
            }
            None if sections.len() > 1 => {
                return Err("A section title is required when there are several sections".into())
            }
            None => {}
        }
        let Some(rows) = section.get("rows").and_then(Value::as_array) else {
            return Err("The parameter sections['rows'] is required.".into());
        };
        if rows.is_empty() {
            return Err("A section needs at least one row".into());
        }
        for row in rows {
            sized(row.get("id"), 200, "Row id")?;
            sized(row.get("title"), 24, "Row title")?;
            if let Some(d) = row.get("description") {
                if d.as_str().is_none_or(|d| d.chars().count() > 72) {
                    return Err("Row description length invalid. Max length: 72".into());
                }
            }
        }
        rows_in_all += rows.len();
    }
    if rows_in_all > 10 {
        return Err(format!(
            "Number of rows invalid: {rows_in_all}. Min: 1, Max: 10 in all sections"
        ));
    }
    Ok(())
}

/// `POST|DELETE /{ver}/{pnid}/block_users {"messaging_product":"whatsapp","block_users":[{"user"}]}`.
pub(super) fn block_users(req: &Incoming) -> Response {
    if req.graph_token().is_none() {
        return missing_token();
    }
    let body = match req.json_object() {
        Ok(v) => v,
        Err(e) => return wa_invalid(e),
    };
    if body.get("messaging_product").and_then(Value::as_str) != Some("whatsapp") {
        return wa_invalid("messaging_product must be \"whatsapp\"");
    }
    let users: Option<Vec<String>> = body
        .get("block_users")
        .and_then(Value::as_array)
        .filter(|a| !a.is_empty() && a.len() <= 1000)
        .and_then(|a| a.iter().map(|u| id_of(u.get("user"))).collect());
    let Some(users) = users else {
        return wa_invalid("block_users must be 1 to 1000 objects with a user");
    };
    let done: Vec<Value> = users
        .iter()
        .map(|u| json!({ "input": u, "wa_id": u.chars().filter(char::is_ascii_digit).collect::<String>() }))
        .collect();
    let key = if req.method == Method::DELETE {
        "removed_users"
    } else {
        "added_users"
    };
    json(
        StatusCode::OK,
        &json!({ "messaging_product": "whatsapp", "block_users": { key: done } }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whatsapp_content() {
        let check = |b: Value, t: &str| check_whatsapp_content(&b, t);
        assert_eq!(
            check(
                json!({"text": {"preview_url": false, "body": "hi"}}),
                "text"
            ),
            Ok(Some("hi".into()))
        );
        assert!(check(
            json!({"image": {"link": "https://x/a.png", "caption": "c"}}),
            "image"
        )
        .is_ok());
        assert!(check(
            json!({"document": {"id": "123", "filename": "a.pdf"}}),
            "document"
        )
        .is_ok());
        assert!(check(
            json!({"template": {"name": "t", "language": {"code": "en_US"}}}),
            "template"
        )
        .is_ok());
        for (bad, t) in [
            (json!({"text": {"body": ""}}), "text"),
            (json!({}), "text"),
            (json!({"image": {}}), "image"),
            (json!({"image": {"link": "x", "id": "1"}}), "image"),
            (json!({"audio": {"id": "1", "caption": "no"}}), "audio"),
            (json!({"image": {"id": "1", "filename": "a"}}), "image"),
            (json!({"template": {"name": "t"}}), "template"),
        ] {
            assert!(check(bad.clone(), t).is_err(), "{bad}");
        }
    }

    fn button(id: &str, title: &str) -> Value {
        json!({"type": "reply", "reply": {"id": id, "title": title}})
    }

    fn row(id: &str, title: &str) -> Value {
        json!({"id": id, "title": title})
    }

    fn interactive(kind: &str, action: Value) -> Value {
        json!({"interactive": {"type": kind, "body": {"text": "請選擇"}, "action": action}})
    }

    #[test]
    fn reply_buttons_as_meta_documents_them() {
        let check = |b: Value| check_whatsapp_content(&b, "interactive");
        // Meta's example request ("Interactive reply buttons messages"), header and all.
        let published = json!({"interactive": {
            "type": "button",
            "header": {"type": "image", "image": {"id": "2762702990552401"}},
            "body": {"text": "Hi Pablo! Your gardening workshop is scheduled for 9am tomorrow. Use the buttons if you need to reschedule. Thank you!"},
            "footer": {"text": "Lucky Shrub: Your gateway to succulents!™"},
            "action": {"buttons": [
                {"type": "reply", "reply": {"id": "change-button", "title": "Change"}},
                {"type": "reply", "reply": {"id": "cancel-button", "title": "Cancel"}}
            ]}
        }});
        assert_eq!(check(published), Ok(None));
        let twenty = &"按".repeat(20);
        let ok = interactive(
            "button",
            json!({"buttons": [button("a", twenty), button(&"i".repeat(256), "b"), button("c", "c")]}),
        );
        assert_eq!(check(ok), Ok(None));
        for (action, why) in [
            (json!({"buttons": []}), "Number of buttons"),
            (
                json!({"buttons": [button("a", "a"), button("b", "b"), button("c", "c"), button("d", "d")]}),
                "Number of buttons invalid: 4",
            ),
            (
                json!({"buttons": [button("a", &format!("{twenty}!"))]}),
                "Button title length invalid",
            ),
            (
                json!({"buttons": [button(&"i".repeat(257), "a")]}),
                "Button id length invalid",
            ),
            (
                json!({"buttons": [button("a", "x"), button("a", "y")]}),
                "Duplicate button id",
            ),
            (
                json!({"buttons": [button("a", "x"), button("b", "x")]}),
                "Duplicate button title",
            ),
            (
                json!({"buttons": [{"type": "url", "reply": {"id": "a", "title": "a"}}]}),
                "reply",
            ),
            (json!({}), "action']['buttons']"),
        ] {
            let err = check(interactive("button", action.clone())).unwrap_err();
            assert!(err.contains(why), "{action}: {err}");
        }
        let long_body = json!({"interactive": {"type": "button", "body": {"text": "字".repeat(1025)},
            "action": {"buttons": [button("a", "a")]}}});
        assert!(check(long_body).unwrap_err().contains("body"));
        let no_body =
            json!({"interactive": {"type": "button", "action": {"buttons": [button("a", "a")]}}});
        assert!(check(no_body).is_err());
    }

    #[test]
    fn lists_as_meta_documents_them() {
        let check = |b: Value| check_whatsapp_content(&b, "interactive");
        // Meta's example request ("Interactive list messages"): two titled sections.
        let published = json!({"interactive": {
            "type": "list",
            "header": {"type": "text", "text": "Choose Shipping Option"},
            "body": {"text": "Which shipping option do you prefer?"},
            "footer": {"text": "Lucky Shrub: Your gateway to succulents™"},
            "action": {"button": "Shipping Options", "sections": [
                {"title": "I want it ASAP!", "rows": [
                    {"id": "priority_express", "title": "Priority Mail Express", "description": "Next Day to 2 Days"},
                    {"id": "priority_mail", "title": "Priority Mail", "description": "1–3 Days"}
                ]},
                {"title": "I can wait a bit", "rows": [
                    {"id": "usps_ground_advantage", "title": "USPS Ground Advantage", "description": "2–5 Days"},
                    {"id": "media_mail", "title": "Media Mail", "description": "2–8 Days"}
                ]}
            ]}
        }});
        assert_eq!(check(published), Ok(None));
        let ten: Vec<Value> = (0..10).map(|i| row(&format!("r{i}"), "選項")).collect();
        let twenty_four = &"選".repeat(24);
        assert_eq!(twenty_four.chars().count(), 24);
        for action in [
            json!({"button": "選項", "sections": [{"rows": ten.clone()}]}),
            json!({"button": "選項", "sections": [{"title": "選項", "rows": [row(&"i".repeat(200), twenty_four)]}]}),
        ] {
            assert_eq!(
                check(interactive("list", action.clone())),
                Ok(None),
                "{action}"
            );
        }
        let eleven: Vec<Value> = (0..11).map(|i| row(&format!("r{i}"), "選項")).collect();
        for (action, why) in [
            (
                json!({"button": "選項", "sections": [{"rows": eleven}]}),
                "Number of rows invalid: 11",
            ),
            (
                json!({"button": "選項", "sections": [{"title": "a", "rows": ten.clone()}, {"title": "b", "rows": [row("x", "y")]}]}),
                "Number of rows invalid: 11",
            ),
            (
                json!({"button": "選項", "sections": [{"rows": [row("a", &format!("{twenty_four}!"))]}]}),
                "Row title length invalid",
            ),
            (
                json!({"button": "選項", "sections": [{"rows": [row(&"i".repeat(201), "a")]}]}),
                "Row id length invalid",
            ),
            (
                json!({"button": "按".repeat(21), "sections": [{"rows": [row("a", "a")]}]}),
                "['button'] length invalid",
            ),
            (
                json!({"sections": [{"rows": [row("a", "a")]}]}),
                "['button'] is required",
            ),
            (
                json!({"button": "選項", "sections": []}),
                "Number of sections",
            ),
            (
                json!({"button": "選項", "sections": [{"rows": []}]}),
                "at least one row",
            ),
            (
                json!({"button": "選項", "sections": [{"rows": [row("a", "a")]}, {"rows": [row("b", "b")]}]}),
                "section title is required",
            ),
            (
                json!({"button": "選項", "sections": [{"title": "標".repeat(25), "rows": [row("a", "a")]}]}),
                "Section title length invalid",
            ),
        ] {
            let err = check(interactive("list", action.clone())).unwrap_err();
            assert!(err.contains(why), "{action}: {err}");
        }
    }
}
