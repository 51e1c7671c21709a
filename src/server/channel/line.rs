//! LINE Messaging API webhooks (CHANNELS.md §4.3): `{"destination": BOT_USER_ID,
//! "events": [{"type","mode","timestamp","webhookEventId","source","replyToken",…}]}`.
//! An empty `events` is the console's verify ping.

use super::inbound::{
    parse_object, Attachment, AttachmentKind, EventKind, Ignored, Inbound, InboundEvent, MediaRef,
    ParseError,
};
use super::json;
use serde_json::Value;

const PLATFORM: &str = "LINE";

/// Parses a LINE webhook for the bot `bot_user_id`. A body for another bot is ignored whole;
/// a body without `destination` (older webhooks) is taken as this bot's, which its signature
/// (keyed with this channel's secret) already vouches for.
pub fn parse_line(body: &[u8], bot_user_id: &str) -> Result<Inbound, ParseError> {
    let root = parse_object(body, PLATFORM)?;
    let Some(Value::Array(events)) = root.get("events") else {
        return Err(ParseError::Shape(PLATFORM));
    };
    let mut out = Inbound::default();
    if let Some(destination) = root.get("destination") {
        if destination.as_str() != Some(bot_user_id) {
            let name = json::id(destination).unwrap_or_else(|| destination.to_string());
            out.ignored
                .extend(events.iter().map(|_| Ignored::OtherAccount(name.clone())));
            return Ok(out);
        }
    }
    for item in events {
        match event(item) {
            Ok(event) => out.events.push(event),
            Err(ignored) => out.ignored.push(ignored),
        }
    }
    Ok(out)
}

fn event(item: &Value) -> Result<InboundEvent, Ignored> {
    if !item.is_object() {
        return Err(Ignored::Malformed("event".into()));
    }
    if matches!(
        json::str_at(item, &["source", "type"]),
        Some("group" | "room")
    ) {
        return Err(Ignored::GroupOrRoom);
    }
    if json::str_at(item, &["mode"]) == Some("standby") {
        return Err(Ignored::Standby);
    }
    let kind_name = json::str_at(item, &["type"]).unwrap_or_default();
    match kind_name {
        "message" | "follow" | "unfollow" | "postback" | "unsend" => {}
        "" => return Err(Ignored::Malformed("type".into())),
        other => return Err(Ignored::UnknownEvent(other.to_owned())),
    }
    let sender = json::id_at(item, &["source", "userId"])
        .ok_or_else(|| Ignored::Malformed("source.userId".into()))?;
    let at = json::int_at(item, &["timestamp"]).unwrap_or(0);
    let reply_token = json::string_at(item, &["replyToken"]);
    // `webhookEventId` (every event since 2022); older bodies fall back to the message id.
    let key = |fallback: String| json::id_at(item, &["webhookEventId"]).unwrap_or(fallback);
    match kind_name {
        "follow" => Ok(InboundEvent {
            key: key(format!("follow:{sender}:{at}")),
            sender,
            at,
            kind: EventKind::Follow,
        }),
        "unfollow" => Ok(InboundEvent {
            key: key(format!("unfollow:{sender}:{at}")),
            sender,
            at,
            kind: EventKind::Unfollow,
        }),
        "unsend" => {
            let id = json::id_at(item, &["unsend", "messageId"])
                .ok_or_else(|| Ignored::Malformed("unsend.messageId".into()))?;
            let key = key(format!("unsend:{id}"));
            Ok(InboundEvent {
                key,
                sender,
                at,
                kind: EventKind::Withdrawn { external_id: id },
            })
        }
        "postback" => {
            let data = json::str_at(item, &["postback", "data"])
                .unwrap_or_default()
                .to_owned();
            let key = key(format!("postback:{sender}:{at}"));
            let kind = EventKind::Message {
                external_id: key.clone(),
                text: data.clone(),
                attachments: Vec::new(),
                reply_to: None,
                payload: Some(data),
                profile_name: None,
                reply_token,
            };
            Ok(InboundEvent {
                key,
                sender,
                at,
                kind,
            })
        }
        _ => {
            let (id, kind) = message(item.get("message").unwrap_or(&Value::Null), reply_token)?;
            Ok(InboundEvent {
                key: key(format!("message:{id}")),
                sender,
                at,
                kind,
            })
        }
    }
}

fn message(message: &Value, reply_token: Option<String>) -> Result<(String, EventKind), Ignored> {
    let id =
        json::id_at(message, &["id"]).ok_or_else(|| Ignored::Malformed("message.id".into()))?;
    let kind_name = json::str_at(message, &["type"]).unwrap_or_default();
    let mut text = String::new();
    let mut attachments = Vec::new();
    match kind_name {
        "text" => {
            text = json::str_at(message, &["text"])
                .unwrap_or_default()
                .to_owned()
        }
        "image" | "video" | "audio" => {
            let kind = match kind_name {
                "image" => AttachmentKind::Image,
                "video" => AttachmentKind::Video,
                _ => AttachmentKind::Audio,
            };
            // Sent from another app with `external` content: a URL; else fetch it by message id.
            let external = json::str_at(message, &["contentProvider", "type"]) == Some("external");
            let media = json::string_at(message, &["contentProvider", "originalContentUrl"])
                .filter(|_| external)
                .map_or_else(|| MediaRef::PlatformId(id.clone()), MediaRef::Url);
            attachments.push(Attachment::new(kind, media));
        }
        "file" => {
            let mut file = Attachment::new(AttachmentKind::File, MediaRef::PlatformId(id.clone()));
            file.file_name = json::string_at(message, &["fileName"]);
            file.detail = json::id_at(message, &["fileSize"]);
            attachments.push(file);
        }
        "location" => {
            let mut place = Attachment::new(AttachmentKind::Location, MediaRef::None);
            let lat = message.get("latitude").and_then(json::number_text);
            let lng = message.get("longitude").and_then(json::number_text);
            place.detail = lat.zip(lng).map(|(lat, lng)| format!("{lat},{lng}"));
            let label: Vec<&str> = ["title", "address"]
                .iter()
                .filter_map(|k| json::str_at(message, &[k]))
                .collect();
            place.caption = Some(label.join(", ")).filter(|s| !s.is_empty());
            attachments.push(place);
        }
        "sticker" => {
            let mut sticker = Attachment::new(AttachmentKind::Sticker, MediaRef::None);
            let package = json::id_at(message, &["packageId"]);
            let sticker_id = json::id_at(message, &["stickerId"]);
            sticker.detail = match (package, sticker_id) {
                (Some(p), Some(s)) => Some(format!("{p}/{s}")),
                (p, s) => p.or(s),
            };
            attachments.push(sticker);
        }
        "" => return Err(Ignored::Malformed("message.type".into())),
        other => return Err(Ignored::UnknownEvent(other.to_owned())),
    }
    let kind = EventKind::Message {
        external_id: id.clone(),
        text,
        attachments,
        reply_to: json::id_at(message, &["quotedMessageId"]),
        payload: None,
        profile_name: None,
        reply_token,
    };
    Ok((id, kind))
}
