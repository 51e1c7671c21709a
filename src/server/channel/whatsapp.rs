//! WhatsApp Cloud API webhooks (CHANNELS.md §3.2): `{"object":"whatsapp_business_account",
//! "entry":[{"id","changes":[{"field":"messages","value":{"metadata":{"phone_number_id"},
//! "contacts":[…],"messages":[…],"statuses":[…]}}]}]}`. Timestamps are strings of seconds.

use super::inbound::{
    parse_object, Attachment, AttachmentKind, EventKind, Ignored, Inbound, InboundEvent, MediaRef,
    ParseError, ReceiptTarget,
};
use super::json;
use super::response::graph_reason;
use crate::domain::Delivery;
use serde_json::Value;

const PLATFORM: &str = "WhatsApp";

/// Parses a WhatsApp webhook for the business number `phone_number_id`.
pub fn parse_whatsapp(body: &[u8], phone_number_id: &str) -> Result<Inbound, ParseError> {
    let root = parse_object(body, PLATFORM)?;
    let Some(Value::Array(entries)) = root.get("entry") else {
        return Err(ParseError::Shape(PLATFORM));
    };
    let mut out = Inbound::default();
    if let Some(object) = root.get("object") {
        if object.as_str() != Some("whatsapp_business_account") {
            out.ignored.push(Ignored::OtherObject(
                json::id(object).unwrap_or_else(|| object.to_string()),
            ));
            return Ok(out);
        }
    }
    for change in entries
        .iter()
        .flat_map(|entry| json::items(entry, &["changes"]))
    {
        if let Some(field) = json::str_at(change, &["field"]).filter(|f| *f != "messages") {
            out.ignored.push(Ignored::OtherField(field.to_owned()));
            continue;
        }
        let Some(value) = change.get("value").filter(|v| v.is_object()) else {
            out.ignored.push(Ignored::Malformed("changes.value".into()));
            continue;
        };
        match json::id_at(value, &["metadata", "phone_number_id"]) {
            Some(id) if id == phone_number_id => {}
            Some(id) => {
                out.ignored.push(Ignored::OtherAccount(id));
                continue;
            }
            None => {
                out.ignored
                    .push(Ignored::Malformed("metadata.phone_number_id".into()));
                continue;
            }
        }
        let contacts = json::items(value, &["contacts"]);
        for message in json::items(value, &["messages"]) {
            match message_event(message, contacts, value) {
                Ok(event) => out.events.push(event),
                Err(ignored) => out.ignored.push(ignored),
            }
        }
        for status in json::items(value, &["statuses"]) {
            match status_event(status) {
                Ok(event) => out.events.push(event),
                Err(ignored) => out.ignored.push(ignored),
            }
        }
    }
    Ok(out)
}

/// The customer: `from` (a wa_id, or a BSUID for users with a username), else the only
/// contact's wa_id or user_id.
fn sender_of(message: &Value, contacts: &[Value]) -> Option<String> {
    json::id_at(message, &["from"])
        .or_else(|| json::id_at(message, &["from_user_id"]))
        .or_else(|| {
            let only = contacts.first().filter(|_| contacts.len() == 1)?;
            json::id_at(only, &["wa_id"]).or_else(|| json::id_at(only, &["user_id"]))
        })
        .or_else(|| json::id_at(message, &["system", "previous_user_id"]))
}

/// The display name of the contact whose wa_id (or BSUID) is the sender.
fn profile_name(contacts: &[Value], sender: &str) -> Option<String> {
    contacts
        .iter()
        .find(|c| {
            json::id_at(c, &["wa_id"]).as_deref() == Some(sender)
                || json::id_at(c, &["user_id"]).as_deref() == Some(sender)
        })
        .and_then(|c| json::string_at(c, &["profile", "name"]))
}

fn message_event(
    message: &Value,
    contacts: &[Value],
    value: &Value,
) -> Result<InboundEvent, Ignored> {
    if message.get("group_id").is_some() {
        return Err(Ignored::GroupOrRoom);
    }
    let id =
        json::id_at(message, &["id"]).ok_or_else(|| Ignored::Malformed("messages.id".into()))?;
    let sender =
        sender_of(message, contacts).ok_or_else(|| Ignored::Malformed("messages.from".into()))?;
    let at = json::int_at(message, &["timestamp"]).map_or(0, json::seconds_to_ms);
    let kind_name = json::str_at(message, &["type"]).unwrap_or_default();
    let mut text = String::new();
    let mut payload = None;
    let mut attachments = Vec::new();
    match kind_name {
        "text" => {
            text = json::str_at(message, &["text", "body"])
                .unwrap_or_default()
                .to_owned()
        }
        "image" | "video" | "audio" | "document" | "sticker" => {
            attachments.push(media(
                kind_name,
                message.get(kind_name).unwrap_or(&Value::Null),
            ));
        }
        "location" => attachments.push(location(message.get("location").unwrap_or(&Value::Null))),
        "contacts" => attachments.push(shared_contacts(json::items(message, &["contacts"]))),
        "interactive" => {
            let reply = ["button_reply", "list_reply"]
                .iter()
                .find_map(|k| json::at(message, &["interactive", k]).filter(|v| v.is_object()));
            if let Some(reply) = reply {
                text = json::str_at(reply, &["title"])
                    .unwrap_or_default()
                    .to_owned();
                payload = json::id_at(reply, &["id"]);
            } else if let Some(flow) =
                json::at(message, &["interactive", "nfm_reply"]).filter(|v| v.is_object())
            {
                text = json::str_at(flow, &["body"]).unwrap_or_default().to_owned();
                payload = json::string_at(flow, &["response_json"]);
            } else {
                attachments.push(Attachment::unsupported("interactive"));
            }
        }
        "button" => {
            text = json::str_at(message, &["button", "text"])
                .unwrap_or_default()
                .to_owned();
            payload = json::string_at(message, &["button", "payload"]);
        }
        "reaction" => {
            let target = json::id_at(message, &["reaction", "message_id"])
                .ok_or_else(|| Ignored::Malformed("reaction.message_id".into()))?;
            let emoji = json::string_at(message, &["reaction", "emoji"]);
            return Ok(InboundEvent {
                key: id,
                sender,
                at,
                kind: EventKind::Reaction {
                    external_id: target,
                    emoji,
                },
            });
        }
        "unsupported" => {
            let errors = json::items(message, &["errors"]);
            let errors = if errors.is_empty() {
                json::items(value, &["errors"])
            } else {
                errors
            };
            let reason = errors
                .first()
                .and_then(|e| {
                    json::string_at(e, &["title"]).or_else(|| json::string_at(e, &["message"]))
                })
                .unwrap_or_else(|| "unsupported".to_owned());
            attachments.push(Attachment::unsupported(reason));
        }
        "system" => {
            let kind = EventKind::System {
                external_id: id.clone(),
                code: json::str_at(message, &["system", "type"])
                    .unwrap_or("system")
                    .to_owned(),
                text: json::str_at(message, &["system", "body"])
                    .unwrap_or_default()
                    .to_owned(),
                new_sender: json::id_at(message, &["system", "wa_id"])
                    .or_else(|| json::id_at(message, &["system", "user_id"])),
            };
            return Ok(InboundEvent {
                key: id,
                sender,
                at,
                kind,
            });
        }
        "" => return Err(Ignored::Malformed("messages.type".into())),
        other => return Err(Ignored::UnknownEvent(other.to_owned())),
    }
    let kind = EventKind::Message {
        external_id: id.clone(),
        text,
        attachments,
        reply_to: json::id_at(message, &["context", "id"]),
        payload,
        profile_name: profile_name(contacts, &sender),
        reply_token: None,
    };
    Ok(InboundEvent {
        key: id,
        sender,
        at,
        kind,
    })
}

/// `{"id": MEDIA_ID, "mime_type", "caption", "filename", "sha256"}`.
fn media(kind_name: &str, item: &Value) -> Attachment {
    let kind = match kind_name {
        "image" => AttachmentKind::Image,
        "video" => AttachmentKind::Video,
        "audio" => AttachmentKind::Audio,
        "sticker" => AttachmentKind::Sticker,
        _ => AttachmentKind::File,
    };
    let media = json::id_at(item, &["id"])
        .map(MediaRef::PlatformId)
        .or_else(|| json::string_at(item, &["link"]).map(MediaRef::Url))
        .unwrap_or(MediaRef::None);
    let mut out = Attachment::new(kind, media);
    out.mime_type = json::string_at(item, &["mime_type"]);
    out.file_name = json::string_at(item, &["filename"]);
    out.caption = json::string_at(item, &["caption"]);
    out
}

/// `{"latitude", "longitude", "name", "address"}` → detail `"lat,lng"`, caption the place.
fn location(item: &Value) -> Attachment {
    let mut out = Attachment::new(AttachmentKind::Location, MediaRef::None);
    let lat = item.get("latitude").and_then(json::number_text);
    let lng = item.get("longitude").and_then(json::number_text);
    out.detail = lat.zip(lng).map(|(lat, lng)| format!("{lat},{lng}"));
    let label: Vec<&str> = ["name", "address"]
        .iter()
        .filter_map(|k| json::str_at(item, &[k]))
        .collect();
    out.caption = Some(label.join(", ")).filter(|s| !s.is_empty());
    out.media = json::string_at(item, &["url"]).map_or(MediaRef::None, MediaRef::Url);
    out
}

/// Shared contact cards: detail `"Name +phone, +phone; Name …"`.
fn shared_contacts(cards: &[Value]) -> Attachment {
    let mut out = Attachment::new(AttachmentKind::Contacts, MediaRef::None);
    let described: Vec<String> = cards
        .iter()
        .map(|card| {
            let name = json::str_at(card, &["name", "formatted_name"]).unwrap_or_default();
            let phones: Vec<&str> = json::items(card, &["phones"])
                .iter()
                .filter_map(|p| json::str_at(p, &["phone"]))
                .collect();
            [name, &phones.join(", ")]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|s| !s.is_empty())
        .collect();
    out.detail = Some(described.join("; ")).filter(|s| !s.is_empty());
    out
}

fn status_event(status: &Value) -> Result<InboundEvent, Ignored> {
    if json::str_at(status, &["recipient_type"]) == Some("group") {
        return Err(Ignored::GroupOrRoom);
    }
    let id =
        json::id_at(status, &["id"]).ok_or_else(|| Ignored::Malformed("statuses.id".into()))?;
    let name = json::str_at(status, &["status"]).unwrap_or_default();
    let state = match name {
        "sent" => Delivery::Sent,
        "delivered" => Delivery::Delivered,
        "read" => Delivery::Read,
        "failed" => Delivery::Failed,
        "" => return Err(Ignored::Malformed("statuses.status".into())),
        other => return Err(Ignored::UnknownEvent(format!("status {other}"))),
    };
    let sender = json::id_at(status, &["recipient_id"])
        .or_else(|| json::id_at(status, &["recipient_user_id"]))
        .ok_or_else(|| Ignored::Malformed("statuses.recipient_id".into()))?;
    let at = json::int_at(status, &["timestamp"]).map_or(0, json::seconds_to_ms);
    let error =
        (state == Delivery::Failed).then(|| failure(json::items(status, &["errors"]).first()));
    let key = format!("{id}:{name}");
    let kind = EventKind::Receipt {
        state,
        target: ReceiptTarget::Ids(vec![id]),
        error,
    };
    Ok(InboundEvent {
        key,
        sender,
        at,
        kind,
    })
}

/// `errors[0]` as "code - title (details)".
fn failure(error: Option<&Value>) -> String {
    let Some(error) = error else {
        return "failed".to_owned();
    };
    let code = json::id_at(error, &["code"]);
    let title = json::string_at(error, &["title"]).or_else(|| json::string_at(error, &["message"]));
    let details = json::string_at(error, &["error_data", "details"]);
    graph_reason(code.as_deref(), title.as_deref(), details.as_deref())
}
