//! Send builders against the bodies printed in CHANNELS.md, and the answer readers against
//! each documented success and error body.

use super::support::fixture;
use crate::domain::ChannelKind;
use crate::server::channel::outbound::*;
use crate::server::channel::profile::*;
use crate::server::channel::{read_send_response, AttachmentKind, SendOutcome};
use serde_json::{json, Value};

fn value(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap()
}

fn text(s: &str) -> OutboundContent {
    OutboundContent::Text(s.into())
}

fn media(kind: AttachmentKind, url: &str) -> OutboundContent {
    OutboundContent::Media {
        kind,
        url: url.into(),
        file_name: None,
        caption: None,
        preview_url: None,
    }
}

#[test]
fn messenger_send_matches_the_documented_body() {
    let req = messenger_send(
        "v23.0",
        "PAGE_TOKEN",
        "7012345678901234",
        &text("Your order ships today."),
        MessagingType::Response,
    )
    .unwrap();
    assert_eq!(
        (req.method, req.path.as_str(), req.bearer.as_str()),
        ("POST", "/v23.0/me/messages", "PAGE_TOKEN")
    );
    assert!(req.headers.is_empty());
    assert_eq!(req.body, value(fixture!("messenger/doc_send_body.json")));

    let req = messenger_send(
        "v23.0",
        "T",
        "1",
        &text("Back to you"),
        MessagingType::HumanAgentTag,
    )
    .unwrap();
    assert_eq!(
        req.body,
        json!({"recipient":{"id":"1"},"messaging_type":"MESSAGE_TAG","tag":"HUMAN_AGENT","message":{"text":"Back to you"}})
    );
    let req = messenger_send(
        "/v23.0/",
        "T",
        "1",
        &media(AttachmentKind::Image, "https://x/a.png"),
        MessagingType::Response,
    )
    .unwrap();
    assert_eq!(req.path, "/v23.0/me/messages");
    assert_eq!(
        req.body,
        json!({"recipient":{"id":"1"},"messaging_type":"RESPONSE",
               "message":{"attachment":{"type":"image","payload":{"url":"https://x/a.png","is_reusable":true}}}})
    );
    let req = instagram_send(
        "v23.0",
        "T",
        "6123456789012345",
        &text("Yes"),
        MessagingType::Response,
    )
    .unwrap();
    assert_eq!(req.path, "/v23.0/me/messages");
    assert_eq!(
        req.body,
        json!({"recipient":{"id":"6123456789012345"},"messaging_type":"RESPONSE","message":{"text":"Yes"}})
    );
}

#[test]
fn builders_refuse_what_the_channel_cannot_carry() {
    assert_eq!(
        messenger_send("v23.0", "T", "1", &text("  "), MessagingType::Response),
        Err(BuildError::Empty)
    );
    assert!(matches!(
        messenger_send(
            "v23.0",
            "T",
            "1",
            &media(AttachmentKind::Location, "x"),
            MessagingType::Response
        ),
        Err(BuildError::Unsupported {
            channel: ChannelKind::Messenger,
            kind: AttachmentKind::Location,
            ..
        })
    ));
    let file = media(AttachmentKind::File, "https://x/a.pdf");
    let err = line_push("T", "U1", &file, "k").unwrap_err();
    assert!(matches!(
        err,
        BuildError::Unsupported {
            channel: ChannelKind::Line,
            kind: AttachmentKind::File,
            ..
        }
    ));
    assert_eq!(
        err.to_string(),
        "line cannot send this file: LINE has no file message; send it as a link"
    );
    assert!(line_reply("T", "rt", &media(AttachmentKind::Video, "https://x/v.mp4")).is_err());
    assert!(line_reply("T", "rt", &media(AttachmentKind::Audio, "https://x/v.m4a")).is_err());
    assert!(whatsapp_send(
        "v23.0",
        "1",
        "T",
        "2",
        &media(AttachmentKind::Contacts, "x"),
        None
    )
    .is_err());
}

#[test]
fn whatsapp_send_matches_the_documented_body() {
    let req = whatsapp_send(
        "v23.0",
        "106540352242922",
        "WA_TOKEN",
        "+16505551234",
        &text("Yes — blue and green."),
        Some("wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTEx"),
    )
    .unwrap();
    assert_eq!(
        (req.method, req.path.as_str(), req.bearer.as_str()),
        ("POST", "/v23.0/106540352242922/messages", "WA_TOKEN")
    );
    assert_eq!(req.body, value(fixture!("whatsapp/doc_send_body.json")));

    let doc = OutboundContent::Media {
        kind: AttachmentKind::File,
        url: "https://x/invoice.pdf".into(),
        file_name: Some("invoice.pdf".into()),
        caption: Some("Your invoice".into()),
        preview_url: None,
    };
    let req = whatsapp_send("v23.0", "1", "T", "2", &doc, None).unwrap();
    assert_eq!(
        req.body,
        json!({"messaging_product":"whatsapp","recipient_type":"individual","to":"2","type":"document",
               "document":{"link":"https://x/invoice.pdf","filename":"invoice.pdf","caption":"Your invoice"}})
    );
    assert_eq!(caption_sent_separately(ChannelKind::WhatsApp, &doc), None);
    assert_eq!(
        caption_sent_separately(ChannelKind::Messenger, &doc),
        Some("Your invoice")
    );
    let voice = OutboundContent::Media {
        kind: AttachmentKind::Audio,
        url: "https://x/invoice.pdf".into(),
        file_name: Some("invoice.pdf".into()),
        caption: Some("hear this".into()),
        preview_url: None,
    };
    let req = whatsapp_send("v23.0", "1", "T", "2", &voice, None).unwrap();
    assert_eq!(req.body["audio"], json!({"link":"https://x/invoice.pdf"}));
    assert_eq!(
        caption_sent_separately(ChannelKind::WhatsApp, &voice),
        Some("hear this")
    );

    let read = whatsapp_mark_read("v23.0", "106540352242922", "T", "wamid.…");
    assert_eq!(
        read.body,
        value(fixture!("whatsapp/doc_mark_read_body.json"))
    );
}

#[test]
fn line_push_and_reply_match_the_documented_bodies() {
    let req = line_push(
        "LINE_TOKEN",
        "U4af…",
        &text("…"),
        "123e4567-e89b-12d3-a456-426614174000",
    )
    .unwrap();
    assert_eq!(
        (req.method, req.path.as_str(), req.bearer.as_str()),
        ("POST", "/v2/bot/message/push", "LINE_TOKEN")
    );
    assert_eq!(
        req.headers,
        vec![(
            "X-Line-Retry-Key".to_owned(),
            "123e4567-e89b-12d3-a456-426614174000".to_owned()
        )]
    );
    assert_eq!(req.body, value(fixture!("line/doc_push_body.json")));
    let req = line_reply("LINE_TOKEN", "…", &text("はい、可能です。")).unwrap();
    assert_eq!(req.path, "/v2/bot/message/reply");
    assert!(req.headers.is_empty());
    assert_eq!(req.body, value(fixture!("line/doc_reply_body.json")));

    let img = OutboundContent::Media {
        kind: AttachmentKind::Image,
        url: "https://x/a.jpg".into(),
        file_name: None,
        caption: Some("look".into()),
        preview_url: None,
    };
    let req = line_push("T", "U1", &img, "").unwrap();
    assert!(req.headers.is_empty());
    assert_eq!(
        req.body["messages"][0],
        json!({"type":"image","originalContentUrl":"https://x/a.jpg","previewImageUrl":"https://x/a.jpg"})
    );
    assert_eq!(
        caption_sent_separately(ChannelKind::Line, &img),
        Some("look")
    );
    let video = OutboundContent::Media {
        kind: AttachmentKind::Video,
        url: "https://x/v.mp4".into(),
        file_name: None,
        caption: None,
        preview_url: Some("https://x/v.jpg".into()),
    };
    let req = line_reply("T", "rt", &video).unwrap();
    assert_eq!(
        req.body["messages"][0],
        json!({"type":"video","originalContentUrl":"https://x/v.mp4","previewImageUrl":"https://x/v.jpg"})
    );
}

fn read(kind: ChannelKind, status: u16, body: &[u8]) -> SendOutcome {
    read_send_response(kind, status, None, None, body)
}

#[test]
fn graph_answers() {
    use ChannelKind::*;
    assert_eq!(
        read(Messenger, 200, fixture!("messenger/doc_send_success.json")),
        SendOutcome::Sent {
            external_id: Some("m_Out003".into())
        }
    );
    assert_eq!(
        read(WhatsApp, 200, fixture!("whatsapp/doc_send_success.json")),
        SendOutcome::Sent {
            external_id: Some("wamid.…".into())
        }
    );
    assert_eq!(
        read(Instagram, 200, b"<html>"),
        SendOutcome::Sent { external_id: None }
    );

    assert_eq!(
        read(Messenger, 400, fixture!("messenger/doc_error_window.json")),
        SendOutcome::Failed {
            code: Some("10/2018278".into()),
            reason: "10 - (#10) This message is sent outside of allowed window.".into(),
            reauthorize: false,
        }
    );
    let expired = br#"{"error":{"message":"Error validating access token: Session has expired on Friday.","type":"OAuthException","code":190,"error_subcode":463,"fbtrace_id":"A"}}"#;
    assert!(
        matches!(read(Instagram, 400, expired), SendOutcome::Failed { reauthorize: true, ref code, .. } if code.as_deref() == Some("190/463"))
    );
    assert!(matches!(
        read(WhatsApp, 401, b""),
        SendOutcome::Failed {
            reauthorize: true,
            ..
        }
    ));

    let rate = br#"{"error":{"message":"(#613) Calls to this api have exceeded the rate limit.","type":"OAuthException","code":613}}"#;
    assert_eq!(
        read(Messenger, 400, rate),
        SendOutcome::Retry {
            after_ms: None,
            reason: "613 - (#613) Calls to this api have exceeded the rate limit.".into()
        }
    );
    let throughput = br#"{"error":{"message":"(#130429) Rate limit hit","type":"OAuthException","code":130429,"error_data":{"messaging_product":"whatsapp","details":"Cloud API message throughput has been reached."}}}"#;
    assert_eq!(
        read_send_response(WhatsApp, 400, Some("30"), None, throughput),
        SendOutcome::Retry {
            after_ms: Some(30_000),
            reason:
                "130429 - (#130429) Rate limit hit (Cloud API message throughput has been reached.)"
                    .into()
        }
    );
    assert!(matches!(
        read(WhatsApp, 400, fixture!("whatsapp/doc_error_pair_rate.json")),
        SendOutcome::Retry { .. }
    ));
    let window = br#"{"error":{"message":"(#131047) Re-engagement message","type":"OAuthException","code":131047,"error_data":{"messaging_product":"whatsapp","details":"Message failed to send because more than 24 hours have passed since the customer last replied to this number."},"fbtrace_id":"A"}}"#;
    assert_eq!(
        read(WhatsApp, 400, window),
        SendOutcome::Failed {
            code: Some("131047".into()),
            reason: "131047 - (#131047) Re-engagement message (Message failed to send because more than 24 hours have passed since the customer last replied to this number.)".into(),
            reauthorize: false,
        }
    );
    let transient = br#"{"error":{"message":"An unexpected error has occurred.","code":131000,"is_transient":true}}"#;
    assert!(matches!(
        read(WhatsApp, 400, transient),
        SendOutcome::Retry { .. }
    ));
    assert_eq!(
        read(Messenger, 500, b"<html>Bad Gateway</html>"),
        SendOutcome::Retry {
            after_ms: None,
            reason: "HTTP 500".into()
        }
    );
    assert_eq!(
        read(Messenger, 400, b"\xff\xfe"),
        SendOutcome::Failed {
            code: None,
            reason: "HTTP 400".into(),
            reauthorize: false
        }
    );
    assert_eq!(
        read(WebChat, 200, b"{}"),
        SendOutcome::Failed {
            code: None,
            reason: "web chat has no platform send".into(),
            reauthorize: false
        }
    );
}

#[test]
fn line_answers() {
    use ChannelKind::Line;
    let ok = br#"{"sentMessages":[{"id":"461230966842064897","quoteToken":"IStG5h1Tz7b"}]}"#;
    assert_eq!(
        read(Line, 200, ok),
        SendOutcome::Sent {
            external_id: Some("461230966842064897".into())
        }
    );
    assert_eq!(
        read(Line, 200, b"{}"),
        SendOutcome::Sent { external_id: None }
    );
    assert_eq!(
        read(Line, 400, br#"{"message":"Invalid reply token"}"#),
        SendOutcome::Failed {
            code: None,
            reason: "Invalid reply token".into(),
            reauthorize: false
        }
    );
    assert_eq!(
        read(Line, 400, fixture!("line/doc_error.json")),
        SendOutcome::Failed {
            code: None,
            reason: "… (messages[0].text: …)".into(),
            reauthorize: false
        }
    );
    assert_eq!(
        read(Line, 400, fixture!("line/java_error_with_detail.json")),
        SendOutcome::Failed {
            code: None,
            reason: "The request body has 2 error(s) (messages[0].text: May not be empty; messages[1].type: Must be one of the following values: [text, image, video, audio, location, sticker, richmessage, template, imagemap])".into(),
            reauthorize: false,
        }
    );
    assert_eq!(
        read_send_response(
            Line,
            429,
            Some("5"),
            None,
            br#"{"message":"The API rate limit has been exceeded. Try again later."}"#
        ),
        SendOutcome::Retry {
            after_ms: Some(5_000),
            reason: "The API rate limit has been exceeded. Try again later.".into()
        }
    );
    assert!(matches!(
        read(
            Line,
            429,
            br#"{"message":"You have reached your monthly limit."}"#
        ),
        SendOutcome::Failed { .. }
    ));
    let conflict = br#"{"message":"The retry key is already accepted","sentMessages":[{"id":"461230966842064897"}]}"#;
    assert_eq!(
        read_send_response(
            Line,
            409,
            None,
            Some("3a5c1a4e-0e55-4a1d-bd67-4b64bbbdcd35"),
            conflict
        ),
        SendOutcome::AlreadyAccepted {
            request_id: Some("3a5c1a4e-0e55-4a1d-bd67-4b64bbbdcd35".into())
        }
    );
    assert_eq!(
        read(Line, 409, b""),
        SendOutcome::AlreadyAccepted { request_id: None }
    );
    assert_eq!(
        read(Line, 500, b""),
        SendOutcome::Retry {
            after_ms: None,
            reason: "HTTP 500".into()
        }
    );
    assert!(matches!(
        read(Line, 401, br#"{"message":"Authentication failed"}"#),
        SendOutcome::Failed {
            reauthorize: true,
            ..
        }
    ));
}

#[test]
fn answers_never_panic_on_garbage() {
    let deep = "[".repeat(10_000);
    let long = format!(
        r#"{{"error":{{"message":"{}","code":100}},"message":"{}"}}"#,
        "x".repeat(100_000),
        "y".repeat(100_000)
    );
    let bodies: Vec<&[u8]> = vec![
        b"",
        b"\xff\xfe\x00",
        b"null",
        b"[]",
        b"7",
        br#""str""#,
        br#"{"error":7}"#,
        br#"{"error":{"code":"abc","error_subcode":[]}}"#,
        br#"{"error":{"code":1e400}}"#,
        br#"{"error":{"code":-1,"error_data":[1]}}"#,
        br#"{"messages":{"id":1}}"#,
        br#"{"messages":[7]}"#,
        br#"{"sentMessages":"x","details":{"message":1}}"#,
        br#"{"details":[{"property":1},7]}"#,
        deep.as_bytes(),
        long.as_bytes(),
    ];
    for kind in ChannelKind::ALL {
        for status in [
            0,
            100,
            200,
            204,
            301,
            400,
            401,
            404,
            408,
            409,
            429,
            500,
            599,
            u16::MAX,
        ] {
            for body in &bodies {
                for after in [
                    None,
                    Some(""),
                    Some("abc"),
                    Some("-1"),
                    Some("99999999999999999999"),
                    Some("Wed, 21 Oct 2015 07:28:00 GMT"),
                ] {
                    match read_send_response(*kind, status, after, Some(" "), body) {
                        SendOutcome::Retry { reason, .. } | SendOutcome::Failed { reason, .. } => {
                            assert!(reason.chars().count() <= 501, "{}", reason.len());
                        }
                        _ => {}
                    }
                }
            }
        }
    }
}

#[test]
fn profile_and_media_lookups() {
    let req = messenger_profile("v23.0", "T", "7012345678901234");
    assert_eq!(
        (req.method, req.path.as_str(), &req.body),
        (
            "GET",
            "/v23.0/7012345678901234?fields=first_name,last_name,name,profile_pic",
            &Value::Null
        )
    );
    assert_eq!(
        instagram_profile("v23.0", "T", "61").path,
        "/v23.0/61?fields=name,username,profile_pic"
    );
    assert_eq!(line_profile("T", "U4af").path, "/v2/bot/profile/U4af");
    // An id from a webhook never adds segments or a query.
    assert_eq!(
        line_profile("T", "../x?y=1#z").path,
        "/v2/bot/profile/%2E%2E%2Fx%3Fy%3D1%23z"
    );
    assert_eq!(
        line_content("T", "468789577898262531").path,
        "/v2/bot/message/468789577898262531/content"
    );
    assert_eq!(
        whatsapp_media("v23.0", "T", "1908647269898587").path,
        "/v23.0/1908647269898587"
    );

    let fb = br#"{"first_name":"Peter","last_name":"Chang","profile_pic":"https://platform-lookaside.fbsbx.com/p","id":"7012345678901234"}"#;
    assert_eq!(
        read_profile(ChannelKind::Messenger, 200, fb),
        Some(Profile {
            name: Some("Peter Chang".into()),
            picture_url: Some("https://platform-lookaside.fbsbx.com/p".into())
        })
    );
    let ig = br#"{"name":"","username":"shop.fan","profile_pic":null}"#;
    assert_eq!(
        read_profile(ChannelKind::Instagram, 200, ig),
        Some(Profile {
            name: Some("shop.fan".into()),
            picture_url: None
        })
    );
    let line = br#"{"displayName":"LINE taro","userId":"U4af4980629...","language":"en","pictureUrl":"https://obs.line-apps.com/...","statusMessage":"Hello, LINE!"}"#;
    assert_eq!(
        read_profile(ChannelKind::Line, 200, line),
        Some(Profile {
            name: Some("LINE taro".into()),
            picture_url: Some("https://obs.line-apps.com/...".into())
        })
    );
    assert_eq!(read_profile(ChannelKind::Line, 404, line), None);
    assert_eq!(read_profile(ChannelKind::Line, 200, b"{}"), None);
    assert_eq!(read_profile(ChannelKind::Messenger, 200, b"garbage"), None);

    let media = br#"{"messaging_product":"whatsapp","url":"https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1","mime_type":"image/jpeg","sha256":"h","file_size":"303833","id":"1908647269898587"}"#;
    assert_eq!(
        read_whatsapp_media(200, media),
        Some(MediaInfo {
            url: "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1".into(),
            mime_type: Some("image/jpeg".into()),
            file_size: Some(303_833),
        })
    );
    assert_eq!(
        read_whatsapp_media(200, br#"{"mime_type":"image/jpeg"}"#),
        None
    );
    assert_eq!(read_whatsapp_media(404, media), None);
}
