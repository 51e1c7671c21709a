//! Webhook bodies a customer's message would make, exactly as each platform sends them
//! (CHANNELS.md §1.3, §2.2, §3.2, §4.3), for `omni_inbox simulate`, the fake's
//! `POST /_fake/inbound` and tests. Pure: time and the unique part of the ids come in as
//! arguments.
//!
//! Meta bodies escape non-ASCII as `\uXXXX` (lowercase hex) and `/` as `\/`, the bytes Meta
//! signs; LINE bodies are plain UTF-8. [`sign`] gives the header the inbox verifies.

use super::json_text::{obj, s, Escape, J};
use crate::domain::ChannelKind;
use crate::server::channel::signature::{sign_line, sign_meta};
use base64::Engine as _;
use sha2::{Digest, Sha256};

/// What the simulated customer sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SimContent {
    Text(String),
    /// An image: an `http(s)` URL (Messenger/Instagram attachment URL; LINE `external`
    /// content; WhatsApp takes its last path segment as the media id), or an id (WhatsApp
    /// media id, LINE message id whose content the fake serves; Messenger/Instagram get a
    /// CDN-style URL that names it).
    Image {
        media_id_or_url: String,
    },
}

/// The body of a webhook carrying one message from `sender_id` to `account_id` (page id,
/// Instagram account id, WhatsApp phone number id, LINE bot user id). `sender_name` goes
/// where the platform carries it (WhatsApp `contacts[].profile.name`; the others have the
/// inbox fetch the profile). `unique` makes the ids (mid, wamid, LINE message id,
/// `webhookEventId`, `replyToken`): the same `unique` gives the same body.
///
/// Web chat is not a platform: it gets the widget's `message.create` frame.
pub fn customer_message(
    kind: ChannelKind,
    account_id: &str,
    sender_id: &str,
    sender_name: &str,
    content: SimContent,
    now_ms: i64,
    unique: &str,
) -> Vec<u8> {
    match kind {
        ChannelKind::Messenger | ChannelKind::Instagram => {
            meta_body(kind, account_id, sender_id, content, now_ms, unique)
        }
        ChannelKind::WhatsApp => {
            whatsapp_body(account_id, sender_id, sender_name, content, now_ms, unique)
        }
        ChannelKind::Line => line_body(account_id, sender_id, content, now_ms, unique),
        ChannelKind::WebChat => {
            let text = match content {
                SimContent::Text(t) => t,
                SimContent::Image { media_id_or_url } => media_id_or_url,
            };
            obj([
                ("type", s("message.create")),
                ("echo_id", s(unique)),
                ("visitor_id", s(sender_id)),
                ("text", s(text)),
            ])
            .to_bytes(Escape::Plain)
        }
    }
}

/// The signature header for `body`: `("X-Hub-Signature-256", "sha256=<hex>")` for Meta
/// kinds (keyed with the app secret), `("x-line-signature", <base64>)` for LINE (keyed with
/// the channel secret). Web chat, which has no platform signature, gets the Meta form.
pub fn sign(kind: ChannelKind, secret: &[u8], body: &[u8]) -> (&'static str, String) {
    match kind {
        ChannelKind::Line => ("x-line-signature", sign_line(secret, body)),
        _ => ("X-Hub-Signature-256", sign_meta(secret, body)),
    }
}

/// The platform message id [`customer_message`] gives for `unique` (Messenger `mid`,
/// Instagram `mid`, WhatsApp `wamid`, LINE `message.id`).
pub fn message_id(kind: ChannelKind, unique: &str) -> String {
    match kind {
        ChannelKind::Messenger => format!("m_{}", b64(&digest("mid", unique)[..24])),
        ChannelKind::Instagram => {
            format!("aWdfZAG1faXRlbTo{}", b64(&digest("igmid", unique)[..24]))
        }
        ChannelKind::WhatsApp => format!("wamid.HBgL{}", b64(&digest("wamid", unique)[..24])),
        ChannelKind::Line => line_digits(unique),
        ChannelKind::WebChat => unique.to_owned(),
    }
}

/// The LINE `replyToken` [`customer_message`] gives for `unique` (32 hex digits): register
/// it with the fake (`POST /_fake/reply-tokens`) so the inbox can reply with it.
pub fn line_reply_token(unique: &str) -> String {
    hex(&digest("reply", unique)[..16])
}

/// The LINE `webhookEventId` for `unique` at `now_ms`: a ULID (time, then 80 bits drawn from
/// `unique`).
pub fn line_event_id(now_ms: i64, unique: &str) -> String {
    const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let time = u128::try_from(now_ms.max(0)).unwrap_or(0) & ((1 << 48) - 1);
    let d = digest("event", unique);
    let mut random = 0u128;
    for b in &d[..10] {
        random = (random << 8) | u128::from(*b);
    }
    let value = (time << 80) | random;
    (0..26)
        .rev()
        .map(|i| char::from(CROCKFORD[((value >> (i * 5)) & 31) as usize]))
        .collect()
}

/// The WhatsApp Business Account id used in envelopes for a phone number id (stable).
pub fn waba_id_for(phone_number_id: &str) -> String {
    let d = digest("waba", phone_number_id);
    let n = u64::from_be_bytes(d[..8].try_into().unwrap_or([0; 8])) % 1_000_000_000_000;
    format!("10{n:012}")
}

/// An id as one URL path segment (percent-encoding all but letters, digits, `-._~`).
pub fn path_segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn digest(label: &str, unique: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(label.as_bytes());
    h.update([0]);
    h.update(unique.as_bytes());
    h.finalize().into()
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn line_digits(unique: &str) -> String {
    let d = digest("lineid", unique);
    let n = u64::from_be_bytes(d[..8].try_into().unwrap_or([0; 8])) % 100_000_000_000_000_000;
    format!("5{n:017}")
}

fn is_url(text: &str) -> bool {
    text.starts_with("https://") || text.starts_with("http://")
}

fn meta_body(
    kind: ChannelKind,
    account_id: &str,
    sender_id: &str,
    content: SimContent,
    now_ms: i64,
    unique: &str,
) -> Vec<u8> {
    let mid = message_id(kind, unique);
    let message = match content {
        SimContent::Text(text) => obj([("mid", s(mid)), ("text", s(text))]),
        SimContent::Image { media_id_or_url } => {
            let url = if is_url(&media_id_or_url) {
                media_id_or_url
            } else if kind == ChannelKind::Instagram {
                format!(
                    "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id={}",
                    path_segment(&media_id_or_url)
                )
            } else {
                format!(
                    "https://scontent.xx.fbcdn.net/v/t1.15752-9/{}.png",
                    path_segment(&media_id_or_url)
                )
            };
            obj([
                ("mid", s(mid)),
                (
                    "attachments",
                    J::Arr(vec![obj([
                        ("type", s("image")),
                        ("payload", obj([("url", s(url))])),
                    ])]),
                ),
            ])
        }
    };
    let object = if kind == ChannelKind::Instagram {
        "instagram"
    } else {
        "page"
    };
    let event = obj([
        ("sender", obj([("id", s(sender_id))])),
        ("recipient", obj([("id", s(account_id))])),
        ("timestamp", J::Int(now_ms)),
        ("message", message),
    ]);
    obj([
        ("object", s(object)),
        (
            "entry",
            J::Arr(vec![obj([
                ("id", s(account_id)),
                ("time", J::Int(now_ms + 123)),
                ("messaging", J::Arr(vec![event])),
            ])]),
        ),
    ])
    .to_bytes(Escape::Meta)
}

fn whatsapp_body(
    phone_number_id: &str,
    sender_id: &str,
    sender_name: &str,
    content: SimContent,
    now_ms: i64,
    unique: &str,
) -> Vec<u8> {
    let mut message = obj([
        ("from", s(sender_id)),
        ("id", s(message_id(ChannelKind::WhatsApp, unique))),
        ("timestamp", s((now_ms / 1000).to_string())),
    ]);
    match content {
        SimContent::Text(text) => {
            message.push("type", s("text"));
            message.push("text", obj([("body", s(text))]));
        }
        SimContent::Image { media_id_or_url } => {
            let id = if is_url(&media_id_or_url) {
                let path = media_id_or_url.split(['?', '#']).next().unwrap_or_default();
                path.rsplit('/').next().unwrap_or_default().to_owned()
            } else {
                media_id_or_url
            };
            let sha = hex(&Sha256::digest(super::media::generated_png(&id)));
            message.push("type", s("image"));
            message.push(
                "image",
                obj([
                    ("mime_type", s("image/png")),
                    ("sha256", s(sha)),
                    ("id", s(id)),
                ]),
            );
        }
    }
    let display = format!("1555{}", &waba_id_for(phone_number_id)[6..]);
    let value = obj([
        ("messaging_product", s("whatsapp")),
        (
            "metadata",
            obj([
                ("display_phone_number", s(display)),
                ("phone_number_id", s(phone_number_id)),
            ]),
        ),
        (
            "contacts",
            J::Arr(vec![obj([
                ("profile", obj([("name", s(sender_name))])),
                ("wa_id", s(sender_id)),
            ])]),
        ),
        ("messages", J::Arr(vec![message])),
    ]);
    obj([
        ("object", s("whatsapp_business_account")),
        (
            "entry",
            J::Arr(vec![obj([
                ("id", s(waba_id_for(phone_number_id))),
                (
                    "changes",
                    J::Arr(vec![obj([("value", value), ("field", s("messages"))])]),
                ),
            ])]),
        ),
    ])
    .to_bytes(Escape::Meta)
}

fn line_body(
    bot_user_id: &str,
    sender_id: &str,
    content: SimContent,
    now_ms: i64,
    unique: &str,
) -> Vec<u8> {
    let id = message_id(ChannelKind::Line, unique);
    let quote = b64(&digest("quote", unique)[..24]);
    let message = match content {
        SimContent::Text(text) => obj([
            ("type", s("text")),
            ("id", s(id)),
            ("quoteToken", s(quote)),
            ("text", s(text)),
            ("markAsReadToken", s(b64(&digest("read", unique)[..18]))),
        ]),
        SimContent::Image { media_id_or_url } if is_url(&media_id_or_url) => obj([
            ("type", s("image")),
            ("id", s(id)),
            ("quoteToken", s(quote)),
            (
                "contentProvider",
                obj([
                    ("type", s("external")),
                    ("originalContentUrl", s(media_id_or_url.clone())),
                    ("previewImageUrl", s(media_id_or_url)),
                ]),
            ),
        ]),
        SimContent::Image { media_id_or_url } => obj([
            ("type", s("image")),
            (
                "id",
                s(if media_id_or_url.is_empty() {
                    id
                } else {
                    media_id_or_url
                }),
            ),
            ("quoteToken", s(quote)),
            ("contentProvider", obj([("type", s("line"))])),
        ]),
    };
    let event = obj([
        ("type", s("message")),
        ("message", message),
        ("webhookEventId", s(line_event_id(now_ms, unique))),
        ("deliveryContext", obj([("isRedelivery", J::Bool(false))])),
        ("timestamp", J::Int(now_ms)),
        (
            "source",
            obj([("type", s("user")), ("userId", s(sender_id))]),
        ),
        ("replyToken", s(line_reply_token(unique))),
        ("mode", s("active")),
    ]);
    obj([
        ("destination", s(bot_user_id)),
        ("events", J::Arr(vec![event])),
    ])
    .to_bytes(Escape::Plain)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::channel::signature::{verify_line, verify_meta};
    use crate::server::channel::{
        parse_instagram, parse_line, parse_messenger, parse_whatsapp, AttachmentKind, EventKind,
        InboundEvent, MediaRef,
    };

    const NOW: i64 = 1_718_000_000_000;

    fn text(t: &str) -> SimContent {
        SimContent::Text(t.into())
    }

    fn only(events: &[InboundEvent]) -> &InboundEvent {
        assert_eq!(events.len(), 1, "{events:?}");
        &events[0]
    }

    fn message_text(e: &InboundEvent) -> (&str, &[crate::server::channel::Attachment]) {
        match &e.kind {
            EventKind::Message {
                text, attachments, ..
            } => (text, attachments),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn messenger_and_instagram_bodies_are_escaped_and_parse() {
        for (kind, account) in [
            (ChannelKind::Messenger, "104727532034518"),
            (ChannelKind::Instagram, "17841400000000001"),
        ] {
            let body = customer_message(
                kind,
                account,
                "7012345678901234",
                "王小明",
                text("你好，訂單在哪？ 😀"),
                NOW,
                "u1",
            );
            assert!(body.is_ascii());
            let raw = String::from_utf8(body.clone()).unwrap();
            assert!(raw.contains(r"\u4f60\u597d"), "{raw}");
            assert!(raw.contains(r"\ud83d\ude00"), "{raw}");
            let parsed = match kind {
                ChannelKind::Messenger => parse_messenger(&body, account),
                _ => parse_instagram(&body, account),
            }
            .unwrap();
            assert!(parsed.ignored.is_empty(), "{:?}", parsed.ignored);
            let e = only(&parsed.events);
            assert_eq!(e.sender, "7012345678901234");
            assert_eq!(e.key, message_id(kind, "u1"));
            assert_eq!(e.at, NOW);
            assert_eq!(message_text(e).0, "你好，訂單在哪？ 😀");
            let (name, value) = sign(kind, b"secret", &body);
            assert_eq!(name, "X-Hub-Signature-256");
            assert_eq!(verify_meta(b"secret", Some(&value), &body), Ok(()));

            let img = customer_message(
                kind,
                account,
                "7012345678901234",
                "x",
                SimContent::Image {
                    media_id_or_url: "http://127.0.0.1:9/cdn/p.png".into(),
                },
                NOW,
                "u2",
            );
            let parsed = match kind {
                ChannelKind::Messenger => parse_messenger(&img, account),
                _ => parse_instagram(&img, account),
            }
            .unwrap();
            let (_, attachments) = message_text(only(&parsed.events));
            assert_eq!(attachments[0].kind, AttachmentKind::Image);
            assert_eq!(
                attachments[0].media,
                MediaRef::Url("http://127.0.0.1:9/cdn/p.png".into())
            );
        }
        assert_ne!(
            message_id(ChannelKind::Messenger, "a"),
            message_id(ChannelKind::Messenger, "b")
        );
        assert_eq!(
            customer_message(
                ChannelKind::Messenger,
                "1",
                "2",
                "n",
                text("a"),
                NOW,
                "same"
            ),
            customer_message(
                ChannelKind::Messenger,
                "1",
                "2",
                "n",
                text("a"),
                NOW,
                "same"
            )
        );
    }

    #[test]
    fn whatsapp_body_carries_the_profile_name_and_parses() {
        let body = customer_message(
            ChannelKind::WhatsApp,
            "106540352242922",
            "886912345678",
            "陳美玲",
            text("請問有貨嗎？"),
            NOW,
            "w1",
        );
        assert!(body.is_ascii());
        let parsed = parse_whatsapp(&body, "106540352242922").unwrap();
        let e = only(&parsed.events);
        assert_eq!(e.sender, "886912345678");
        assert_eq!(e.at, NOW);
        match &e.kind {
            EventKind::Message {
                text,
                profile_name,
                external_id,
                ..
            } => {
                assert_eq!(text, "請問有貨嗎？");
                assert_eq!(profile_name.as_deref(), Some("陳美玲"));
                assert_eq!(external_id, &message_id(ChannelKind::WhatsApp, "w1"));
            }
            other => panic!("{other:?}"),
        }
        let img = customer_message(
            ChannelKind::WhatsApp,
            "106540352242922",
            "886912345678",
            "x",
            SimContent::Image {
                media_id_or_url: "1234567890".into(),
            },
            NOW,
            "w2",
        );
        let parsed = parse_whatsapp(&img, "106540352242922").unwrap();
        let (_, attachments) = message_text(only(&parsed.events));
        assert_eq!(
            attachments[0].media,
            MediaRef::PlatformId("1234567890".into())
        );
        assert_eq!(attachments[0].mime_type.as_deref(), Some("image/png"));
    }

    #[test]
    fn line_body_is_plain_utf8_with_event_id_reply_token_and_parses() {
        let bot = "U1234567890abcdef1234567890abcdef";
        let user = "U4af4980629abcdef4af4980629abcdef";
        let body = customer_message(
            ChannelKind::Line,
            bot,
            user,
            "x",
            text("予約できますか？"),
            NOW,
            "l1",
        );
        let raw = String::from_utf8(body.clone()).unwrap();
        assert!(raw.contains("予約できますか？"));
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        let ev = &v["events"][0];
        assert_eq!(ev["source"]["type"], "user");
        assert_eq!(ev["deliveryContext"]["isRedelivery"], false);
        assert_eq!(ev["webhookEventId"].as_str().unwrap().len(), 26);
        assert_eq!(ev["replyToken"], line_reply_token("l1"));
        let parsed = parse_line(&body, bot).unwrap();
        let e = only(&parsed.events);
        assert_eq!(e.key, line_event_id(NOW, "l1"));
        match &e.kind {
            EventKind::Message {
                text,
                reply_token,
                external_id,
                ..
            } => {
                assert_eq!(text, "予約できますか？");
                assert_eq!(
                    reply_token.as_deref(),
                    Some(line_reply_token("l1").as_str())
                );
                assert_eq!(external_id, &message_id(ChannelKind::Line, "l1"));
                assert_eq!(external_id.len(), 18);
            }
            other => panic!("{other:?}"),
        }
        let (name, value) = sign(ChannelKind::Line, b"chsecret", &body);
        assert_eq!(name, "x-line-signature");
        assert_eq!(verify_line(b"chsecret", Some(&value), &body), Ok(()));
        let img = customer_message(
            ChannelKind::Line,
            bot,
            user,
            "x",
            SimContent::Image {
                media_id_or_url: "468789577898262531".into(),
            },
            NOW,
            "l2",
        );
        let parsed = parse_line(&img, bot).unwrap();
        let (_, attachments) = message_text(only(&parsed.events));
        assert_eq!(
            attachments[0].media,
            MediaRef::PlatformId("468789577898262531".into())
        );
    }

    #[test]
    fn ulid_time_prefix_sorts_by_time() {
        let a = line_event_id(1_000, "x");
        let b = line_event_id(2_000, "x");
        assert!(a < b);
        assert_eq!(line_event_id(0, "x")[..10], *"0000000000");
    }
}
