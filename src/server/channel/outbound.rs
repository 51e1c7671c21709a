//! Send requests as data (CHANNELS.md §1.5, §2.4, §3.4, §4.5): method, path after the
//! provider's base URL, bearer token, extra headers and JSON body. The HTTP client lives
//! elsewhere; nothing here sends.

use super::inbound::AttachmentKind;
use crate::domain::ChannelKind;
use serde_json::{json, Value};

/// One HTTP request to a platform. `path` follows the configured base URL (§0.3), e.g.
/// `/v23.0/me/messages`; `body` is `Value::Null` for a GET.
#[derive(Clone, Debug, PartialEq)]
pub struct OutboundRequest {
    pub method: &'static str,
    pub path: String,
    /// Sent as `Authorization: Bearer …`.
    pub bearer: String,
    pub headers: Vec<(String, String)>,
    pub body: Value,
}

/// What an agent sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutboundContent {
    Text(String),
    Media {
        kind: AttachmentKind,
        /// A public https URL the platform fetches.
        url: String,
        file_name: Option<String>,
        /// Carried with the media where the platform allows (WhatsApp image, video,
        /// document); elsewhere see [`caption_sent_separately`].
        caption: Option<String>,
        /// A still image for platforms that need one (LINE: image preview, video cover);
        /// an image is its own preview when `None`.
        preview_url: Option<String>,
    },
}

/// Messenger/Instagram `messaging_type` (§1.6): inside the 24 h window, or a human agent's
/// reply within 7 days under the `HUMAN_AGENT` tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessagingType {
    Response,
    HumanAgentTag,
}

/// A message the channel cannot carry, refused before anything is sent.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    #[error("{channel} cannot send this {}: {why}", kind.as_str())]
    Unsupported {
        channel: ChannelKind,
        kind: AttachmentKind,
        why: &'static str,
    },
    #[error("the message is empty")]
    Empty,
}

/// Messenger Send API: `POST /{ver}/me/messages` with the Page access token.
pub fn messenger_send(
    graph_version: &str,
    page_access_token: &str,
    psid: &str,
    content: &OutboundContent,
    messaging_type: MessagingType,
) -> Result<OutboundRequest, BuildError> {
    meta_send(
        ChannelKind::Messenger,
        graph_version,
        page_access_token,
        psid,
        content,
        messaging_type,
    )
}

/// Instagram messaging through the Page (Facebook Login flavour): the same endpoint and body
/// as Messenger, addressed to the IGSID.
pub fn instagram_send(
    graph_version: &str,
    page_access_token: &str,
    igsid: &str,
    content: &OutboundContent,
    messaging_type: MessagingType,
) -> Result<OutboundRequest, BuildError> {
    meta_send(
        ChannelKind::Instagram,
        graph_version,
        page_access_token,
        igsid,
        content,
        messaging_type,
    )
}

fn meta_send(
    channel: ChannelKind,
    graph_version: &str,
    token: &str,
    recipient: &str,
    content: &OutboundContent,
    messaging_type: MessagingType,
) -> Result<OutboundRequest, BuildError> {
    let message = match content {
        OutboundContent::Text(text) => json!({ "text": non_empty(text)? }),
        OutboundContent::Media { kind, url, .. } => {
            let kind_name = match kind {
                AttachmentKind::Image => "image",
                AttachmentKind::Video => "video",
                AttachmentKind::Audio => "audio",
                AttachmentKind::File => "file",
                _ => return Err(unsupported(channel, *kind, "send it as a link")),
            };
            json!({ "attachment": { "type": kind_name, "payload": { "url": url, "is_reusable": true } } })
        }
    };
    let mut body = json!({ "recipient": { "id": recipient }, "message": message });
    match messaging_type {
        MessagingType::Response => body["messaging_type"] = json!("RESPONSE"),
        MessagingType::HumanAgentTag => {
            body["messaging_type"] = json!("MESSAGE_TAG");
            body["tag"] = json!("HUMAN_AGENT");
        }
    }
    Ok(post(
        format!("/{}/me/messages", version(graph_version)),
        token,
        Vec::new(),
        body,
    ))
}

/// The tag on a Messenger send that its echo carries back (`message.metadata`, CHANNELS.md
/// §1.3), so an echo of our own send is recognised even when the send's answer was lost.
pub fn tag_own_send(req: &mut OutboundRequest, message_id: i64) {
    if let Some(message) = req.body.get_mut("message").filter(|m| m.is_object()) {
        message["metadata"] = json!(format!("{OWN_TAG}{message_id}"));
    }
}

/// The message id of our own send named by an echo's `metadata`.
pub fn own_send(metadata: &str) -> Option<i64> {
    metadata
        .strip_prefix(OWN_TAG)?
        .parse()
        .ok()
        .filter(|id| *id > 0)
}

const OWN_TAG: &str = "inbox:msg:";

/// WhatsApp Cloud API: `POST /{ver}/{phone_number_id}/messages`; `context_message_id` quotes
/// the customer's message.
pub fn whatsapp_send(
    graph_version: &str,
    phone_number_id: &str,
    token: &str,
    to: &str,
    content: &OutboundContent,
    context_message_id: Option<&str>,
) -> Result<OutboundRequest, BuildError> {
    let mut body =
        json!({ "messaging_product": "whatsapp", "recipient_type": "individual", "to": to });
    match content {
        OutboundContent::Text(text) => {
            body["type"] = json!("text");
            body["text"] = json!({ "preview_url": false, "body": non_empty(text)? });
        }
        OutboundContent::Media {
            kind,
            url,
            file_name,
            caption,
            ..
        } => {
            let kind_name = match kind {
                AttachmentKind::Image => "image",
                AttachmentKind::Video => "video",
                AttachmentKind::Audio => "audio",
                AttachmentKind::File => "document",
                AttachmentKind::Sticker => "sticker",
                _ => {
                    return Err(unsupported(
                        ChannelKind::WhatsApp,
                        *kind,
                        "send it as a link",
                    ))
                }
            };
            let mut media = json!({ "link": url });
            if let Some(caption) = caption.as_deref().filter(|_| whatsapp_captions(*kind)) {
                media["caption"] = json!(caption);
            }
            if let Some(name) = file_name
                .as_deref()
                .filter(|_| *kind == AttachmentKind::File)
            {
                media["filename"] = json!(name);
            }
            body["type"] = json!(kind_name);
            body[kind_name] = media;
        }
    }
    if let Some(id) = context_message_id {
        body["context"] = json!({ "message_id": id });
    }
    let path = format!(
        "/{}/{}/messages",
        version(graph_version),
        segment(phone_number_id)
    );
    Ok(post(path, token, Vec::new(), body))
}

/// WhatsApp "mark as read" (blue ticks for the customer's message): the messages endpoint
/// with `{"status":"read","message_id":…}`.
pub fn whatsapp_mark_read(
    graph_version: &str,
    phone_number_id: &str,
    token: &str,
    message_id: &str,
) -> OutboundRequest {
    let body =
        json!({ "messaging_product": "whatsapp", "status": "read", "message_id": message_id });
    let path = format!(
        "/{}/{}/messages",
        version(graph_version),
        segment(phone_number_id)
    );
    post(path, token, Vec::new(), body)
}

/// LINE push (any time, to friends): `POST /v2/bot/message/push` with `X-Line-Retry-Key`
/// (a UUID made once per outbound message and kept, so a retry is executed at most once).
pub fn line_push(
    token: &str,
    to: &str,
    content: &OutboundContent,
    retry_key: &str,
) -> Result<OutboundRequest, BuildError> {
    let body = json!({ "to": to, "messages": [line_message(content)?] });
    let headers = if retry_key.is_empty() {
        Vec::new()
    } else {
        vec![("X-Line-Retry-Key".to_owned(), retry_key.to_owned())]
    };
    Ok(post(
        "/v2/bot/message/push".to_owned(),
        token,
        headers,
        body,
    ))
}

/// LINE reply (free, single-use token, about a minute): `POST /v2/bot/message/reply`.
pub fn line_reply(
    token: &str,
    reply_token: &str,
    content: &OutboundContent,
) -> Result<OutboundRequest, BuildError> {
    let body = json!({
        "replyToken": reply_token,
        "messages": [line_message(content)?],
        "notificationDisabled": false,
    });
    Ok(post(
        "/v2/bot/message/reply".to_owned(),
        token,
        Vec::new(),
        body,
    ))
}

fn line_message(content: &OutboundContent) -> Result<Value, BuildError> {
    let no = |kind, why| Err(unsupported(ChannelKind::Line, kind, why));
    match content {
        OutboundContent::Text(text) => Ok(json!({ "type": "text", "text": non_empty(text)? })),
        OutboundContent::Media {
            kind,
            url,
            preview_url,
            ..
        } => match kind {
            AttachmentKind::Image => Ok(json!({
                "type": "image",
                "originalContentUrl": url,
                "previewImageUrl": preview_url.as_deref().unwrap_or(url),
            })),
            AttachmentKind::Video => match preview_url {
                Some(preview) => Ok(
                    json!({ "type": "video", "originalContentUrl": url, "previewImageUrl": preview }),
                ),
                None => no(*kind, "a LINE video needs a preview image"),
            },
            AttachmentKind::Audio => no(*kind, "a LINE audio message needs its duration"),
            AttachmentKind::File => no(*kind, "LINE has no file message; send it as a link"),
            _ => no(*kind, "send it as a link"),
        },
    }
}

/// The caption of `content` when `channel` cannot carry it with the media: the caller sends
/// it as its own text message after the media.
pub fn caption_sent_separately(channel: ChannelKind, content: &OutboundContent) -> Option<&str> {
    let OutboundContent::Media { kind, caption, .. } = content else {
        return None;
    };
    let caption = caption.as_deref().filter(|c| !c.trim().is_empty())?;
    match channel {
        ChannelKind::WhatsApp if whatsapp_captions(*kind) => None,
        _ => Some(caption),
    }
}

fn whatsapp_captions(kind: AttachmentKind) -> bool {
    matches!(
        kind,
        AttachmentKind::Image | AttachmentKind::Video | AttachmentKind::File
    )
}

fn non_empty(text: &str) -> Result<&str, BuildError> {
    if text.trim().is_empty() {
        Err(BuildError::Empty)
    } else {
        Ok(text)
    }
}

fn unsupported(channel: ChannelKind, kind: AttachmentKind, why: &'static str) -> BuildError {
    BuildError::Unsupported { channel, kind, why }
}

fn post(path: String, token: &str, headers: Vec<(String, String)>, body: Value) -> OutboundRequest {
    OutboundRequest {
        method: "POST",
        path,
        bearer: token.to_owned(),
        headers,
        body,
    }
}

pub(super) fn get(path: String, token: &str) -> OutboundRequest {
    OutboundRequest {
        method: "GET",
        path,
        bearer: token.to_owned(),
        headers: Vec::new(),
        body: Value::Null,
    }
}

/// The Graph version as a path segment (`v23.0`), without stray slashes.
pub(super) fn version(graph_version: &str) -> &str {
    graph_version.trim_matches('/')
}

/// An id as one path segment: anything but letters, digits, `-`, `_` and `~` is
/// percent-encoded (dots too, so no id is a `..` segment), so an id from a webhook can never
/// add segments or a query.
pub(super) fn segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
    out
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";
