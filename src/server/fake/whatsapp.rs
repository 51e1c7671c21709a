//! The WhatsApp Cloud API (CHANNELS.md §3.4, §3.6) under `/meta`:
//! `POST /{ver}/{phone_number_id}/messages` with `messaging_product: "whatsapp"` (`to`,
//! `type` text/image/video/audio/document/sticker/template/interactive/location/contacts/
//! reaction, or `status: "read"`), answering `{"messaging_product","contacts":[{"input",
//! "wa_id"}],"messages":[{"id":"wamid.…"}]}`; and `POST|DELETE /{ver}/{pnid}/block_users`.
//! Refusals are Graph errors with code 100 and `error_data.details`.

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
}
