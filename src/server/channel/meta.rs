//! Messenger and Instagram webhooks (CHANNELS.md §1.3, §2.2): `{"object":"page"|"instagram",
//! "entry":[{"id","time","messaging":[…],"standby":[…],"changes":[…]}]}`.

use super::inbound::{
    parse_object, Attachment, AttachmentKind, EventKind, Ignored, Inbound, InboundEvent, MediaRef,
    ParseError, ReceiptTarget,
};
use super::json;
use crate::domain::Delivery;
use serde_json::Value;

/// Parses a Messenger webhook for the page `page_id`.
pub fn parse_messenger(body: &[u8], page_id: &str) -> Result<Inbound, ParseError> {
    parse(body, page_id, Flavour::Messenger)
}

/// Parses an Instagram webhook for the professional account `ig_account_id`.
pub fn parse_instagram(body: &[u8], ig_account_id: &str) -> Result<Inbound, ParseError> {
    parse(body, ig_account_id, Flavour::Instagram)
}

#[derive(Clone, Copy)]
enum Flavour {
    Messenger,
    Instagram,
}

impl Flavour {
    fn object(self) -> &'static str {
        match self {
            Flavour::Messenger => "page",
            Flavour::Instagram => "instagram",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Flavour::Messenger => "Messenger",
            Flavour::Instagram => "Instagram",
        }
    }
}

fn parse(body: &[u8], account_id: &str, flavour: Flavour) -> Result<Inbound, ParseError> {
    let root = parse_object(body, flavour.name())?;
    let Some(Value::Array(entries)) = root.get("entry") else {
        return Err(ParseError::Shape(flavour.name()));
    };
    let mut out = Inbound::default();
    // A missing `object` is tolerated (the entry ids are still checked); another one is not ours.
    if let Some(object) = root.get("object") {
        if object.as_str() != Some(flavour.object()) {
            let name = json::id(object).unwrap_or_else(|| object.to_string());
            out.ignored.push(Ignored::OtherObject(name));
            return Ok(out);
        }
    }
    for entry in entries {
        let Some(entry_id) = json::id_at(entry, &["id"]) else {
            out.ignored.push(Ignored::Malformed("entry.id".into()));
            continue;
        };
        if entry_id != account_id {
            out.ignored.push(Ignored::OtherAccount(entry_id));
            continue;
        }
        let entry_time = json::int_at(entry, &["time"]);
        for item in json::items(entry, &["messaging"]) {
            match event(item, account_id, entry_time, flavour) {
                Ok(event) => out.events.push(event),
                Err(ignored) => out.ignored.push(ignored),
            }
        }
        out.ignored.extend(
            json::items(entry, &["standby"])
                .iter()
                .map(|_| Ignored::Standby),
        );
        for change in json::items(entry, &["changes"]) {
            let field = json::str_at(change, &["field"]).unwrap_or("?");
            out.ignored.push(Ignored::OtherField(field.to_owned()));
        }
    }
    Ok(out)
}

fn event(
    item: &Value,
    account_id: &str,
    entry_time: Option<i64>,
    flavour: Flavour,
) -> Result<InboundEvent, Ignored> {
    let sender = json::id_at(item, &["sender", "id"]);
    let timestamp = json::int_at(item, &["timestamp"]);
    let at = timestamp.or(entry_time).unwrap_or(0);
    let part = |name: &str| item.get(name).filter(|v| v.is_object());
    if let Some(message) = part("message") {
        return message_event(item, message, account_id, at, flavour);
    }
    let sender = sender.ok_or_else(|| Ignored::Malformed("sender.id".into()))?;
    if let Some(postback) = part("postback") {
        let key =
            json::id_at(postback, &["mid"]).unwrap_or_else(|| format!("postback:{sender}:{at}"));
        let payload = json::string_at(postback, &["payload"]);
        let text = json::string_at(postback, &["title"])
            .or_else(|| payload.clone())
            .unwrap_or_default();
        let kind = message_kind(key.clone(), text, Vec::new(), None, payload);
        return Ok(InboundEvent {
            key,
            sender,
            at,
            kind,
        });
    }
    if let Some(delivery) = part("delivery") {
        let mids: Vec<String> = json::items(delivery, &["mids"])
            .iter()
            .filter_map(json::id)
            .collect();
        let watermark = json::int_at(delivery, &["watermark"]);
        let key = match (watermark, mids.first()) {
            (Some(w), _) => format!("delivery:{sender}:{w}"),
            (None, Some(first)) => format!("delivery:{first}"),
            (None, None) => return Err(Ignored::Malformed("delivery.mids/watermark".into())),
        };
        // Named messages when given, else "everything before the watermark".
        let target = match watermark {
            Some(w) if mids.is_empty() => ReceiptTarget::Watermark(w),
            _ => ReceiptTarget::Ids(mids),
        };
        let at = timestamp.or(watermark).or(entry_time).unwrap_or(0);
        let kind = EventKind::Receipt {
            state: Delivery::Delivered,
            target,
            error: None,
        };
        return Ok(InboundEvent {
            key,
            sender,
            at,
            kind,
        });
    }
    if let Some(read) = part("read") {
        // Instagram (messaging_seen) names the message; Messenger gives a watermark.
        let (key, target) = if let Some(mid) = json::id_at(read, &["mid"]) {
            (format!("read:{mid}"), ReceiptTarget::Ids(vec![mid]))
        } else if let Some(w) = json::int_at(read, &["watermark"]) {
            (format!("read:{sender}:{w}"), ReceiptTarget::Watermark(w))
        } else {
            return Err(Ignored::Malformed("read.mid/watermark".into()));
        };
        let kind = EventKind::Receipt {
            state: Delivery::Read,
            target,
            error: None,
        };
        return Ok(InboundEvent {
            key,
            sender,
            at,
            kind,
        });
    }
    if let Some(reaction) = part("reaction") {
        let mid = json::id_at(reaction, &["mid"])
            .ok_or_else(|| Ignored::Malformed("reaction.mid".into()))?;
        let action = json::str_at(reaction, &["action"]).unwrap_or("react");
        let emoji = match action {
            "unreact" => None,
            _ => json::string_at(reaction, &["emoji"])
                .or_else(|| json::string_at(reaction, &["reaction"])),
        };
        let key = format!("reaction:{sender}:{mid}:{action}:{at}");
        return Ok(InboundEvent {
            key,
            sender,
            at,
            kind: EventKind::Reaction {
                external_id: mid,
                emoji,
            },
        });
    }
    let name = item
        .as_object()
        .and_then(|o| {
            o.keys()
                .find(|k| !matches!(k.as_str(), "sender" | "recipient" | "timestamp"))
        })
        .map_or_else(|| "empty".to_owned(), String::clone);
    Err(Ignored::UnknownEvent(name))
}

fn message_event(
    item: &Value,
    message: &Value,
    account_id: &str,
    at: i64,
    flavour: Flavour,
) -> Result<InboundEvent, Ignored> {
    let sender = json::id_at(item, &["sender", "id"]);
    let recipient = json::id_at(item, &["recipient", "id"]);
    let mid =
        json::id_at(message, &["mid"]).ok_or_else(|| Ignored::Malformed("message.mid".into()))?;
    // An echo (`is_echo`, or an Instagram message whose sender is the account) went to the
    // customer: the recipient.
    let from_account = matches!(flavour, Flavour::Instagram)
        && sender.as_deref() == Some(account_id)
        && recipient.as_deref() != Some(account_id);
    let echo = json::flag(message, &["is_echo"]) || from_account;
    let customer = if echo { recipient } else { sender };
    let customer = customer.ok_or_else(|| {
        Ignored::Malformed(if echo { "recipient.id" } else { "sender.id" }.into())
    })?;
    if json::flag(message, &["is_deleted"]) {
        let key = format!("deleted:{mid}");
        return Ok(InboundEvent {
            key,
            sender: customer,
            at,
            kind: EventKind::Withdrawn { external_id: mid },
        });
    }
    let text = json::str_at(message, &["text"])
        .unwrap_or_default()
        .to_owned();
    let mut attachments: Vec<Attachment> = json::items(message, &["attachments"])
        .iter()
        .filter_map(attachment)
        .collect();
    if json::flag(message, &["is_unsupported"]) {
        attachments.push(Attachment::unsupported("unsupported"));
    }
    let kind = if echo {
        EventKind::Echo {
            external_id: mid.clone(),
            text,
            attachments,
            app_id: json::id_at(message, &["app_id"]),
            metadata: json::string_at(message, &["metadata"]),
        }
    } else {
        let reply_to = json::id_at(message, &["reply_to", "mid"]);
        let payload = json::string_at(message, &["quick_reply", "payload"]);
        message_kind(mid.clone(), text, attachments, reply_to, payload)
    };
    Ok(InboundEvent {
        key: mid,
        sender: customer,
        at,
        kind,
    })
}

fn message_kind(
    external_id: String,
    text: String,
    attachments: Vec<Attachment>,
    reply_to: Option<String>,
    payload: Option<String>,
) -> EventKind {
    EventKind::Message {
        external_id,
        text,
        attachments,
        reply_to,
        payload,
        profile_name: None,
        reply_token: None,
    }
}

/// `{"type": "image|video|audio|file|location|fallback|share|story_mention|reel|…",
/// "payload": {"url": …}}`; `fallback` may have no payload (its URL and title on the item).
fn attachment(item: &Value) -> Option<Attachment> {
    if !item.is_object() {
        return None;
    }
    let kind_name = json::str_at(item, &["type"]).unwrap_or("unknown");
    let url =
        json::string_at(item, &["payload", "url"]).or_else(|| json::string_at(item, &["url"]));
    let media = url.map_or(MediaRef::None, MediaRef::Url);
    let sticker = json::id_at(item, &["payload", "sticker_id"]);
    let kind = match kind_name {
        "image" if sticker.is_some() => AttachmentKind::Sticker,
        "image" => AttachmentKind::Image,
        "video" | "reel" | "ig_reel" => AttachmentKind::Video,
        "audio" => AttachmentKind::Audio,
        "file" => AttachmentKind::File,
        "location" => AttachmentKind::Location,
        _ => AttachmentKind::Other,
    };
    let mut out = Attachment::new(kind, media);
    out.caption =
        json::string_at(item, &["title"]).or_else(|| json::string_at(item, &["payload", "title"]));
    out.detail = match kind {
        AttachmentKind::Sticker => sticker,
        AttachmentKind::Location => {
            let coords = json::at(item, &["payload", "coordinates"]);
            let lat = coords
                .and_then(|c| c.get("lat"))
                .and_then(json::number_text);
            let lng = coords
                .and_then(|c| c.get("long"))
                .and_then(json::number_text);
            lat.zip(lng).map(|(lat, lng)| format!("{lat},{lng}"))
        }
        AttachmentKind::Video if kind_name != "video" => Some(kind_name.to_owned()),
        AttachmentKind::Other => Some(kind_name.to_owned()),
        _ => None,
    };
    Some(out)
}
