//! Send requests as data (CHANNELS.md §1.5, §2.4, §3.4, §4.5): method, path after the
//! provider's base URL, bearer token, extra headers and JSON body. The HTTP client lives
//! elsewhere; nothing here sends.

use super::inbound::AttachmentKind;
use crate::domain::bot::buttons::{numbered, presentation, Presentation};
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
    /// A bot's message with buttons: the text and each button's label and the payload a tap
    /// sends back; `menu` names a WhatsApp list's button (what opens the list).
    ///
    /// Each platform shows the buttons as [`presentation`] says (quick replies, WhatsApp
    /// reply buttons or a list), or as the labels numbered under the text where it cannot,
    /// also when a payload, the text or the menu is beyond what the platform takes. No
    /// platform sends buttons without a body text, so a message that is only buttons takes
    /// its numbered labels as its text and keeps the native buttons. No choices: the text
    /// alone.
    Choices {
        text: String,
        choices: Vec<Choice>,
        menu: String,
    },
}

/// One button of [`OutboundContent::Choices`]: what it shows, and what a tap sends back
/// (a quick reply's `payload`, a WhatsApp reply's `id`, a LINE postback's `data`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub label: String,
    pub payload: String,
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
        OutboundContent::Choices { text, choices, .. } => {
            let labels = labels(choices);
            match choices_presentation(channel, text, choices, "") {
                Presentation::QuickReplies => {
                    let replies: Vec<Value> = choices
                        .iter()
                        .zip(&labels)
                        .map(|(c, label)| {
                            json!({ "content_type": "text", "title": label, "payload": c.payload })
                        })
                        .collect();
                    json!({ "text": prompt(text, &labels), "quick_replies": replies })
                }
                Presentation::None => json!({ "text": non_empty(text)? }),
                _ => json!({ "text": numbered(text, &labels) }),
            }
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
        OutboundContent::Choices {
            text,
            choices,
            menu,
        } => {
            let labels = labels(choices);
            let menu = whatsapp_menu(menu);
            let interactive = match choices_presentation(
                ChannelKind::WhatsApp,
                text,
                choices,
                &menu,
            ) {
                Presentation::WhatsAppButtons => {
                    let buttons: Vec<Value> = choices
                        .iter()
                        .zip(&labels)
                        .map(|(c, label)| {
                            json!({ "type": "reply", "reply": { "id": c.payload, "title": label } })
                        })
                        .collect();
                    Some(json!({
                        "type": "button",
                        "body": { "text": prompt(text, &labels) },
                        "action": { "buttons": buttons },
                    }))
                }
                Presentation::WhatsAppList => {
                    let rows: Vec<Value> = choices
                        .iter()
                        .zip(&labels)
                        .map(|(c, label)| json!({ "id": c.payload, "title": label }))
                        .collect();
                    Some(json!({
                        "type": "list",
                        "body": { "text": prompt(text, &labels) },
                        "action": { "button": menu, "sections": [{ "title": menu, "rows": rows }] },
                    }))
                }
                _ => None,
            };
            if let Some(interactive) = interactive {
                body["type"] = json!("interactive");
                body["interactive"] = interactive;
            } else {
                let plain = if choices.is_empty() {
                    non_empty(text)?.to_owned()
                } else {
                    numbered(text, &labels)
                };
                body["type"] = json!("text");
                body["text"] = json!({ "preview_url": false, "body": plain });
            }
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
        OutboundContent::Choices { text, choices, .. } => {
            let labels = labels(choices);
            match choices_presentation(ChannelKind::Line, text, choices, "") {
                // A postback action: the tap shows the label as the customer's message
                // (`displayText`, required in a quick reply) and sends `data` by webhook.
                Presentation::QuickReplies => {
                    let items: Vec<Value> = choices
                        .iter()
                        .zip(&labels)
                        .map(|(c, label)| {
                            json!({ "type": "action", "action": {
                                "type": "postback", "label": label, "data": c.payload, "displayText": label,
                            } })
                        })
                        .collect();
                    Ok(json!({
                        "type": "text",
                        "text": prompt(text, &labels),
                        "quickReply": { "items": items },
                    }))
                }
                Presentation::None => Ok(json!({ "type": "text", "text": non_empty(text)? })),
                _ => Ok(json!({ "type": "text", "text": numbered(text, &labels) })),
            }
        }
    }
}

/// Meta quick reply `payload`: at most 1000 characters.
const META_PAYLOAD_CHARS: usize = 1000;
/// WhatsApp reply buttons: body text up to 1024 characters, button `id` up to 256, titles
/// unique in the message.
const WHATSAPP_BUTTONS_BODY_CHARS: usize = 1024;
const WHATSAPP_BUTTON_ID_CHARS: usize = 256;
/// WhatsApp list: body text up to 4096 characters, row `id` up to 200, the list's button
/// (and section title, at most 24) up to 20.
const WHATSAPP_LIST_BODY_CHARS: usize = 4096;
const WHATSAPP_ROW_ID_CHARS: usize = 200;
const WHATSAPP_MENU_CHARS: usize = 20;
/// LINE postback `data`: at most 300 characters.
const LINE_DATA_CHARS: usize = 300;

/// How `choices` go out on `channel`: [`presentation`] of their labels, then narrowed where
/// the platform would refuse it. Every payload must be non-empty, without surrounding
/// spaces, within the platform's length, and distinct (a tap names its button); WhatsApp's
/// reply buttons also need distinct titles and a body of at most 1024 characters, else they
/// go as a list; a list needs a `menu` (blank: numbered) and a body of at most 4096.
/// Numbered text needs no payload: a typed number or label continues the flow.
fn choices_presentation(
    channel: ChannelKind,
    text: &str,
    choices: &[Choice],
    menu: &str,
) -> Presentation {
    let labels = labels(choices);
    let body_chars = prompt(text, &labels).chars().count();
    let payloads_fit = |max: usize| {
        let mut seen = std::collections::HashSet::new();
        choices.iter().all(|c| {
            let p = c.payload.as_str();
            !p.is_empty() && p.trim() == p && p.chars().count() <= max && seen.insert(p)
        })
    };
    let distinct = |items: &[&str]| {
        let mut seen = std::collections::HashSet::new();
        items.iter().all(|i| seen.insert(*i))
    };
    match presentation(channel, &labels) {
        Presentation::QuickReplies => {
            let max = match channel {
                ChannelKind::Line => LINE_DATA_CHARS,
                _ => META_PAYLOAD_CHARS,
            };
            if payloads_fit(max) {
                Presentation::QuickReplies
            } else {
                Presentation::Numbered
            }
        }
        how @ (Presentation::WhatsAppButtons | Presentation::WhatsAppList) => {
            let buttons = how == Presentation::WhatsAppButtons
                && body_chars <= WHATSAPP_BUTTONS_BODY_CHARS
                && distinct(&labels)
                && payloads_fit(WHATSAPP_BUTTON_ID_CHARS);
            if buttons {
                Presentation::WhatsAppButtons
            } else if !menu.is_empty()
                && body_chars <= WHATSAPP_LIST_BODY_CHARS
                && payloads_fit(WHATSAPP_ROW_ID_CHARS)
            {
                // Three labels that fit reply buttons fit rows too.
                Presentation::WhatsAppList
            } else {
                Presentation::Numbered
            }
        }
        other => other,
    }
}

/// The labels as shown: without surrounding spaces.
fn labels(choices: &[Choice]) -> Vec<&str> {
    choices.iter().map(|c| c.label.trim()).collect()
}

/// The body text beside native buttons: the text, or the numbered labels when it is blank.
fn prompt(text: &str, labels: &[&str]) -> String {
    if text.trim().is_empty() {
        numbered("", labels)
    } else {
        text.to_owned()
    }
}

/// A WhatsApp list's button: `menu` trimmed to its first 20 characters (empty if blank).
/// It also titles the list's one section: Meta's current list-message page marks the
/// section title required (older references: only with several sections).
fn whatsapp_menu(menu: &str) -> String {
    let short: String = menu.trim().chars().take(WHATSAPP_MENU_CHARS).collect();
    short.trim_end().to_owned()
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
