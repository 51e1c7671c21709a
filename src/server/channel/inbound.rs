//! What every parser returns: the platform's events normalised, and what was skipped and why.

use crate::domain::Delivery;
use serde::{Deserialize, Serialize};

/// One webhook body, parsed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbound {
    pub events: Vec<InboundEvent>,
    /// What was skipped and why, for the logs (answer 200 all the same).
    pub ignored: Vec<Ignored>,
}

/// One normalised event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboundEvent {
    /// The dedupe key, unique per channel (CHANNELS.md §0.2): the message id for messages,
    /// echoes and WhatsApp reactions; `"{wamid}:{status}"` for WhatsApp statuses; LINE's
    /// `webhookEventId`; a prefixed key for other events (`delivery:…`, `read:…`,
    /// `reaction:…`, `deleted:…`, `postback:…`).
    pub key: String,
    /// The customer's platform id (PSID, IGSID, wa_id or BSUID, LINE userId), also for echoes
    /// and receipts of what the business sent.
    pub sender: String,
    /// When it happened (Unix ms) as the platform says; 0 when the body gives no readable
    /// time (the caller uses its receive time).
    pub at: i64,
    pub kind: EventKind,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventKind {
    /// The customer wrote, sent media, or tapped a button (postbacks, quick replies and
    /// interactive replies carry the button's title as `text` and its data as `payload`).
    Message {
        external_id: String,
        text: String,
        attachments: Vec<Attachment>,
        /// The platform id of the message this one quotes.
        reply_to: Option<String>,
        payload: Option<String>,
        /// WhatsApp `contacts[].profile.name`.
        profile_name: Option<String>,
        /// LINE's reply token (single use, about a minute).
        reply_token: Option<String>,
    },
    /// The page/business sent this (from our API or the platform's own inbox); `sender` is
    /// the customer it went to.
    Echo {
        external_id: String,
        text: String,
        attachments: Vec<Attachment>,
        app_id: Option<String>,
        metadata: Option<String>,
    },
    /// A delivery/read/failure report on what the business sent.
    Receipt {
        state: Delivery,
        target: ReceiptTarget,
        /// The platform's reason for `Failed`.
        error: Option<String>,
    },
    /// The customer reacted to a message (`emoji: None` = took the reaction back).
    Reaction {
        external_id: String,
        emoji: Option<String>,
    },
    /// The customer unsent a message (Instagram `is_deleted`, LINE `unsend`).
    Withdrawn { external_id: String },
    /// A platform notice about the customer (WhatsApp `system`: changed number or identity);
    /// `new_sender` is their new id when the notice gives one.
    System {
        external_id: String,
        code: String,
        text: String,
        new_sender: Option<String>,
    },
    /// LINE: the customer added (or unblocked) the account.
    Follow,
    /// LINE: the customer blocked the account.
    Unfollow,
}

/// Which outbound messages a receipt is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReceiptTarget {
    /// These platform message ids.
    Ids(Vec<String>),
    /// Everything sent to this customer up to this time (Unix ms).
    Watermark(i64),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub kind: AttachmentKind,
    pub media: MediaRef,
    pub mime_type: Option<String>,
    pub file_name: Option<String>,
    pub caption: Option<String>,
    /// Kind-specific text: `"lat,lng"` for a location, `"packageId/stickerId"` or the sticker
    /// id for a sticker, the contacts for contacts, the platform's type or reason for `Other`.
    pub detail: Option<String>,
}

impl Attachment {
    pub fn new(kind: AttachmentKind, media: MediaRef) -> Self {
        Attachment {
            kind,
            media,
            mime_type: None,
            file_name: None,
            caption: None,
            detail: None,
        }
    }

    /// Something the customer sent that we cannot show; `reason` names it for the agent.
    pub fn unsupported(reason: impl Into<String>) -> Self {
        Attachment {
            detail: Some(reason.into()),
            ..Attachment::new(AttachmentKind::Other, MediaRef::None)
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AttachmentKind {
    Image,
    Video,
    Audio,
    File,
    Sticker,
    Location,
    Contacts,
    Other,
}

impl AttachmentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AttachmentKind::Image => "image",
            AttachmentKind::Video => "video",
            AttachmentKind::Audio => "audio",
            AttachmentKind::File => "file",
            AttachmentKind::Sticker => "sticker",
            AttachmentKind::Location => "location",
            AttachmentKind::Contacts => "contacts",
            AttachmentKind::Other => "other",
        }
    }
}

/// Where an attachment's bytes are.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MediaRef {
    /// A URL to download (Meta CDN links expire; fetch soon).
    Url(String),
    /// An id to resolve through the platform (WhatsApp media id, LINE message id).
    PlatformId(String),
    None,
}

/// What a thread row or notification shows for a message: its text, or else the kind of
/// its first attachment (the UI words it, e.g. "[圖片]"/"[Image]").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preview<'a> {
    Text(&'a str),
    Attachment(AttachmentKind),
    Empty,
}

/// The preview of a message's text and attachments.
pub fn preview<'a>(text: &'a str, attachments: &[Attachment]) -> Preview<'a> {
    let trimmed = text.trim();
    if !trimmed.is_empty() {
        Preview::Text(trimmed)
    } else if let Some(first) = attachments.first() {
        Preview::Attachment(first.kind)
    } else {
        Preview::Empty
    }
}

impl EventKind {
    /// The preview of a message or echo; `None` for other events.
    pub fn preview(&self) -> Option<Preview<'_>> {
        match self {
            EventKind::Message {
                text, attachments, ..
            }
            | EventKind::Echo {
                text, attachments, ..
            } => Some(preview(text, attachments)),
            _ => None,
        }
    }
}

/// What a parser skipped, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Ignored {
    /// Addressed to another page / account / number / bot than this channel's (its id).
    OtherAccount(String),
    /// A Meta envelope for another product (`object`).
    OtherObject(String),
    /// A Meta `changes[]` item that is not a message (dashboard test payloads, other
    /// subscriptions): its `field`.
    OtherField(String),
    /// LINE group or room chat.
    GroupOrRoom,
    /// Meta handover `standby[]` or LINE `mode: "standby"`: another app has the thread.
    Standby,
    /// An event or message type we do not handle (its name).
    UnknownEvent(String),
    /// An event without what it needs (the missing part named).
    Malformed(String),
}

/// The body is not JSON, or not the platform's envelope: answer 400.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("the body is not JSON: {0}")]
    NotJson(String),
    #[error("the body is not a {0} webhook")]
    Shape(&'static str),
}

/// Parses the body as JSON (a leading UTF-8 byte-order mark tolerated), checking it is an
/// object.
pub(super) fn parse_object(
    body: &[u8],
    platform: &'static str,
) -> Result<serde_json::Value, ParseError> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| ParseError::NotJson(e.to_string()))?;
    if value.is_object() {
        Ok(value)
    } else {
        Err(ParseError::Shape(platform))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preview_prefers_text_then_first_attachment() {
        let img = Attachment::new(AttachmentKind::Image, MediaRef::Url("u".into()));
        assert_eq!(
            preview("  hi ", std::slice::from_ref(&img)),
            Preview::Text("hi")
        );
        assert_eq!(
            preview(" ", &[img]),
            Preview::Attachment(AttachmentKind::Image)
        );
        assert_eq!(preview("", &[]), Preview::Empty);
        assert_eq!(EventKind::Follow.preview(), None);
    }

    #[test]
    fn parse_object_refuses_non_objects() {
        assert!(matches!(
            parse_object(b"[]", "x"),
            Err(ParseError::Shape("x"))
        ));
        assert!(matches!(
            parse_object(b"{", "x"),
            Err(ParseError::NotJson(_))
        ));
        assert!(parse_object(b"{}", "x").is_ok());
    }
}
