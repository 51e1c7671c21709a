//! Every example printed in CHANNELS.md for Messenger, Instagram, WhatsApp and LINE: the
//! complete JSON examples are fixture files copied byte for byte (`doc_*`); fragments printed
//! inside prose are spelled out here around the printed part.

use super::support::{fixture, msg, only, wrap_line, wrap_meta};
use crate::domain::Delivery;
use crate::server::channel::*;

const PAGE: &str = "104727532034518";
const PSID: &str = "7012345678901234";
const IG: &str = "17841400000000001";
const PNID: &str = "106540352242922";
const BOT: &str = "U1234567890abcdef1234567890abcdef";

// ---- Messenger (§1.3) ----

#[test]
fn messenger_text() {
    let parsed = parse_messenger(fixture!("messenger/doc_text.json"), PAGE).unwrap();
    let event = only(&parsed);
    assert_eq!(
        (event.key.as_str(), event.sender.as_str(), event.at),
        ("m_AaBbCc111", PSID, 1_718_000_000_000)
    );
    let m = msg(event);
    assert_eq!(
        (m.external_id, m.text),
        ("m_AaBbCc111", "Hi, where is my order?")
    );
    assert!(m.attachments.is_empty() && m.reply_to.is_none() && m.payload.is_none());
    assert_eq!(
        event.kind.preview(),
        Some(Preview::Text("Hi, where is my order?"))
    );
}

#[test]
fn messenger_text_for_another_page_or_product_is_ignored() {
    let parsed = parse_messenger(fixture!("messenger/doc_text.json"), "999").unwrap();
    assert!(parsed.events.is_empty());
    assert_eq!(parsed.ignored, vec![Ignored::OtherAccount(PAGE.into())]);
    let parsed = parse_instagram(fixture!("messenger/doc_text.json"), PAGE).unwrap();
    assert_eq!(parsed.ignored, vec![Ignored::OtherObject("page".into())]);
    let parsed = parse_whatsapp(fixture!("messenger/doc_text.json"), PAGE).unwrap();
    assert_eq!(parsed.ignored, vec![Ignored::OtherObject("page".into())]);
}

#[test]
fn messenger_image() {
    let body = wrap_meta("page", PAGE, fixture!("messenger/doc_image_item.json"));
    let parsed = parse_messenger(&body, PAGE).unwrap();
    let event = only(&parsed);
    assert_eq!(
        (event.key.as_str(), event.at),
        ("m_AaBbCc112", 1_718_000_001_000)
    );
    let m = msg(event);
    assert_eq!(m.text, "");
    assert_eq!(
        m.attachments,
        [Attachment::new(
            AttachmentKind::Image,
            MediaRef::Url("https://scontent.example/abc.jpg".into())
        )]
    );
    assert_eq!(
        event.kind.preview(),
        Some(Preview::Attachment(AttachmentKind::Image))
    );
}

#[test]
fn messenger_fallback_attachment_without_payload() {
    let item = br#"{"sender":{"id":"7012345678901234"},"recipient":{"id":"104727532034518"},"timestamp":1,
      "message":{"mid":"m_F","attachments":[{"type":"fallback","title":"A shared link","url":"https://example.com/x"},{"type":"fallback"}]}}"#;
    let parsed = parse_messenger(&wrap_meta("page", PAGE, item), PAGE).unwrap();
    let atts = msg(only(&parsed)).attachments;
    assert_eq!(atts.len(), 2);
    assert_eq!(atts[0].kind, AttachmentKind::Other);
    assert_eq!(atts[0].media, MediaRef::Url("https://example.com/x".into()));
    assert_eq!(atts[0].caption.as_deref(), Some("A shared link"));
    assert_eq!(atts[0].detail.as_deref(), Some("fallback"));
    assert_eq!(atts[1].media, MediaRef::None);
}

#[test]
fn messenger_quick_reply_and_reply_to() {
    let item = br#"{"sender":{"id":"7012345678901234"},"recipient":{"id":"104727532034518"},"timestamp":5,
      "message":{"mid":"m_Q","text":"Red","quick_reply":{"payload":"COLOR_RED"},"reply_to":{"mid":"m_Out9"}}}"#;
    let parsed = parse_messenger(&wrap_meta("page", PAGE, item), PAGE).unwrap();
    let m = msg(only(&parsed));
    assert_eq!(
        (m.text, m.payload, m.reply_to),
        ("Red", Some("COLOR_RED"), Some("m_Out9"))
    );
}

#[test]
fn messenger_delivery_with_mids() {
    let body = wrap_meta("page", PAGE, fixture!("messenger/doc_delivery_item.json"));
    let parsed = parse_messenger(&body, PAGE).unwrap();
    let event = only(&parsed);
    assert_eq!(event.key, format!("delivery:{PSID}:1718000005000"));
    assert_eq!((event.sender.as_str(), event.at), (PSID, 1_718_000_005_000));
    assert_eq!(
        event.kind,
        EventKind::Receipt {
            state: Delivery::Delivered,
            target: ReceiptTarget::Ids(vec!["m_Out001".into()]),
            error: None
        }
    );
}

#[test]
fn messenger_delivery_without_mids_uses_the_watermark() {
    let item = br#"{"sender":{"id":"7012345678901234"},"recipient":{"id":"104727532034518"},"delivery":{"watermark":1718000005000}}"#;
    let parsed = parse_messenger(&wrap_meta("page", PAGE, item), PAGE).unwrap();
    let event = only(&parsed);
    assert_eq!(
        event.kind,
        EventKind::Receipt {
            state: Delivery::Delivered,
            target: ReceiptTarget::Watermark(1_718_000_005_000),
            error: None
        }
    );
    let item = br#"{"sender":{"id":"7012345678901234"},"recipient":{"id":"104727532034518"},"delivery":{}}"#;
    let parsed = parse_messenger(&wrap_meta("page", PAGE, item), PAGE).unwrap();
    assert_eq!(
        parsed.ignored,
        vec![Ignored::Malformed("delivery.mids/watermark".into())]
    );
}

#[test]
fn messenger_read_watermark() {
    let body = wrap_meta("page", PAGE, fixture!("messenger/doc_read_item.json"));
    let parsed = parse_messenger(&body, PAGE).unwrap();
    let event = only(&parsed);
    assert_eq!(
        (event.key.as_str(), event.at),
        ("read:7012345678901234:1718000005000", 1_718_000_009_000)
    );
    assert_eq!(
        event.kind,
        EventKind::Receipt {
            state: Delivery::Read,
            target: ReceiptTarget::Watermark(1_718_000_005_000),
            error: None
        }
    );
}

#[test]
fn messenger_postback() {
    let body = wrap_meta("page", PAGE, fixture!("messenger/doc_postback_item.json"));
    let parsed = parse_messenger(&body, PAGE).unwrap();
    let event = only(&parsed);
    assert_eq!(
        (event.key.as_str(), event.sender.as_str()),
        ("m_AaBbCc113", PSID)
    );
    let m = msg(event);
    assert_eq!(
        (m.external_id, m.text, m.payload),
        ("m_AaBbCc113", "Talk to an agent", Some("HANDOFF"))
    );
}

#[test]
fn messenger_echo() {
    let body = wrap_meta("page", PAGE, fixture!("messenger/doc_echo_item.json"));
    let parsed = parse_messenger(&body, PAGE).unwrap();
    let event = only(&parsed);
    assert_eq!(
        (event.key.as_str(), event.sender.as_str(), event.at),
        ("m_Out002", PSID, 1_718_000_011_000)
    );
    assert_eq!(
        event.kind,
        EventKind::Echo {
            external_id: "m_Out002".into(),
            text: "Hello from support".into(),
            attachments: vec![],
            app_id: Some("1517776481860111".into()),
            metadata: Some("inbox:msg:42".into()),
        }
    );
}

#[test]
fn messenger_batched_entries_standby_and_changes() {
    let items: Vec<&[u8]> = vec![
        fixture!("messenger/doc_image_item.json"),
        fixture!("messenger/doc_delivery_item.json"),
        fixture!("messenger/doc_read_item.json"),
        fixture!("messenger/doc_postback_item.json"),
        fixture!("messenger/doc_echo_item.json"),
    ];
    let mut body =
        br#"{"object":"page","entry":[{"id":104727532034518,"time":1,"messaging":["#.to_vec();
    body.extend(items.join(&b","[..]));
    body.extend_from_slice(br#",7,{"sender":{"id":"1"},"optin":{"ref":"x"}}],"standby":[{"sender":{"id":"2"}}]},
      {"id":"104727532034518","changes":[{"field":"feed","value":{}}]},{"id":"other","messaging":[{}]},{"time":3}]}"#);
    let parsed = parse_messenger(&body, PAGE).unwrap();
    let keys: Vec<&str> = parsed.events.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "m_AaBbCc112",
            "delivery:7012345678901234:1718000005000",
            "read:7012345678901234:1718000005000",
            "m_AaBbCc113",
            "m_Out002"
        ]
    );
    assert_eq!(
        parsed.ignored,
        vec![
            Ignored::Malformed("sender.id".into()),
            Ignored::UnknownEvent("optin".into()),
            Ignored::Standby,
            Ignored::OtherField("feed".into()),
            Ignored::OtherAccount("other".into()),
            Ignored::Malformed("entry.id".into()),
        ]
    );
}

#[test]
fn meta_envelope_shape_errors() {
    assert!(matches!(
        parse_messenger(b"", PAGE),
        Err(ParseError::NotJson(_))
    ));
    assert!(matches!(
        parse_messenger(b"not json", PAGE),
        Err(ParseError::NotJson(_))
    ));
    assert_eq!(
        parse_messenger(b"[]", PAGE),
        Err(ParseError::Shape("Messenger"))
    );
    assert_eq!(
        parse_messenger(br#"{"object":"page"}"#, PAGE),
        Err(ParseError::Shape("Messenger"))
    );
    assert_eq!(
        parse_instagram(br#"{"object":"instagram","entry":{}}"#, IG),
        Err(ParseError::Shape("Instagram"))
    );
    // An empty batch is fine.
    assert_eq!(
        parse_messenger(br#"{"object":"page","entry":[]}"#, PAGE),
        Ok(Inbound::default())
    );
}

// ---- Instagram (§2.2) ----

#[test]
fn instagram_text() {
    let parsed = parse_instagram(fixture!("instagram/doc_text.json"), IG).unwrap();
    let event = only(&parsed);
    assert_eq!(
        (event.key.as_str(), event.sender.as_str(), event.at),
        ("aWdfZAG1faXRlbTox", "6123456789012345", 1_718_000_000_400)
    );
    assert_eq!(msg(event).text, "Do you ship to Osaka?");
    // The same body is not a Messenger body.
    let parsed = parse_messenger(fixture!("instagram/doc_text.json"), IG).unwrap();
    assert_eq!(
        parsed.ignored,
        vec![Ignored::OtherObject("instagram".into())]
    );
}

fn ig_item(part: &str) -> Vec<u8> {
    let item = format!(
        r#"{{"sender":{{"id":"6123456789012345"}},"recipient":{{"id":"{IG}"}},"timestamp":1718000000400,{part}}}"#
    );
    wrap_meta("instagram", IG, item.as_bytes())
}

#[test]
fn instagram_seen_reaction_postback_deleted_unsupported() {
    // "read":{"mid":"…"} exactly as printed.
    let parsed = parse_instagram(&ig_item(r#""read":{"mid":"…"}"#), IG).unwrap();
    let event = only(&parsed);
    assert_eq!(event.key, "read:…");
    assert_eq!(
        event.kind,
        EventKind::Receipt {
            state: Delivery::Read,
            target: ReceiptTarget::Ids(vec!["…".into()]),
            error: None
        }
    );

    let react = r#""reaction":{"mid":"aWdf1","action":"react","reaction":"love","emoji":"❤️"}"#;
    let parsed = parse_instagram(&ig_item(react), IG).unwrap();
    let event = only(&parsed);
    assert_eq!(
        event.key,
        "reaction:6123456789012345:aWdf1:react:1718000000400"
    );
    assert_eq!(
        event.kind,
        EventKind::Reaction {
            external_id: "aWdf1".into(),
            emoji: Some("❤️".into())
        }
    );
    let unreact = r#""reaction":{"mid":"aWdf1","action":"unreact"}"#;
    let parsed = parse_instagram(&ig_item(unreact), IG).unwrap();
    assert_eq!(
        only(&parsed).kind,
        EventKind::Reaction {
            external_id: "aWdf1".into(),
            emoji: None
        }
    );

    let postback = r#""postback":{"mid":"aWdf2","title":"Track order","payload":"TRACK"}"#;
    let parsed = parse_instagram(&ig_item(postback), IG).unwrap();
    let m = msg(only(&parsed));
    assert_eq!(
        (m.external_id, m.text, m.payload),
        ("aWdf2", "Track order", Some("TRACK"))
    );

    let parsed = parse_instagram(
        &ig_item(r#""message":{"mid":"aWdf3","is_deleted":true}"#),
        IG,
    )
    .unwrap();
    let event = only(&parsed);
    assert_eq!(event.key, "deleted:aWdf3");
    assert_eq!(
        event.kind,
        EventKind::Withdrawn {
            external_id: "aWdf3".into()
        }
    );

    let parsed = parse_instagram(
        &ig_item(r#""message":{"mid":"aWdf4","is_unsupported":true}"#),
        IG,
    )
    .unwrap();
    assert_eq!(
        msg(only(&parsed)).attachments,
        [Attachment::unsupported("unsupported")]
    );
}

#[test]
fn instagram_echo_comes_from_the_account() {
    // "for your own sends (echo) it is reversed": sender is the account.
    for flag in [r#","is_echo":true"#, ""] {
        let item = format!(
            r#"{{"sender":{{"id":"{IG}"}},"recipient":{{"id":"6123456789012345"}},"timestamp":9,"message":{{"mid":"aWdfOut"{flag},"text":"Yes we do"}}}}"#
        );
        let parsed = parse_instagram(&wrap_meta("instagram", IG, item.as_bytes()), IG).unwrap();
        let event = only(&parsed);
        assert_eq!(event.sender, "6123456789012345");
        assert!(
            matches!(&event.kind, EventKind::Echo { text, .. } if text == "Yes we do"),
            "{flag}"
        );
    }
}

#[test]
fn instagram_changes_test_payload_is_ignored() {
    let body = br#"{"object":"instagram","entry":[{"id":"17841400000000001","time":1,"changes":[{"field":"messages","value":{"sender":{"id":"1"}}}]}]}"#;
    let parsed = parse_instagram(body, IG).unwrap();
    assert_eq!(
        parsed,
        Inbound {
            events: vec![],
            ignored: vec![Ignored::OtherField("messages".into())]
        }
    );
}

// ---- WhatsApp (§3.2) ----

#[test]
fn whatsapp_text() {
    let parsed = parse_whatsapp(fixture!("whatsapp/doc_text.json"), PNID).unwrap();
    let event = only(&parsed);
    assert_eq!(
        (event.key.as_str(), event.sender.as_str(), event.at),
        (
            "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTEx",
            "16505551234",
            1_749_416_383_000
        )
    );
    let m = msg(event);
    assert_eq!(
        (m.text, m.profile_name),
        ("Does it come in another color?", Some("Sheena Nelson"))
    );
    let parsed = parse_whatsapp(fixture!("whatsapp/doc_text.json"), "1").unwrap();
    assert_eq!(parsed.ignored, vec![Ignored::OtherAccount(PNID.into())]);
}

/// The text example with its message replaced.
fn wa_message(message: &str) -> Vec<u8> {
    let doc = std::str::from_utf8(fixture!("whatsapp/doc_text.json")).unwrap();
    let start = doc.find(r#""messages":["#).unwrap();
    format!("{}\"messages\":[{message}]}}}}]}}]}}", &doc[..start]).into_bytes()
}

#[test]
fn whatsapp_image() {
    let image = r#"{"from":"16505551234","id":"wamid.IMG","timestamp":"1749416390","type":"image","image":{"caption":"…","mime_type":"image/jpeg","sha256":"…","id":"<MEDIA_ID>"}}"#;
    let parsed = parse_whatsapp(&wa_message(image), PNID).unwrap();
    let m = msg(only(&parsed));
    let mut expected = Attachment::new(
        AttachmentKind::Image,
        MediaRef::PlatformId("<MEDIA_ID>".into()),
    );
    expected.mime_type = Some("image/jpeg".into());
    expected.caption = Some("…".into());
    assert_eq!(m.attachments, [expected]);
    assert_eq!(m.text, "");
}

#[test]
fn whatsapp_replies_and_buttons() {
    let cases = [
        (
            r#""type":"text","text":{"body":"this one"},"context":{"from":"15550783881","id":"wamid.OUT1"}"#,
            "this one",
            None,
            Some("wamid.OUT1"),
        ),
        (
            r#""type":"interactive","interactive":{"type":"button_reply","button_reply":{"id":"YES","title":"Yes please"}}"#,
            "Yes please",
            Some("YES"),
            None,
        ),
        (
            r#""type":"interactive","interactive":{"type":"list_reply","list_reply":{"id":"row-2","title":"Blue","description":"…"}}"#,
            "Blue",
            Some("row-2"),
            None,
        ),
        (
            r#""type":"button","button":{"payload":"STOP","text":"Stop promotions"}"#,
            "Stop promotions",
            Some("STOP"),
            None,
        ),
    ];
    for (part, text, payload, reply_to) in cases {
        let message =
            format!(r#"{{"from":"16505551234","id":"wamid.X","timestamp":"1749416390",{part}}}"#);
        let parsed = parse_whatsapp(&wa_message(&message), PNID).unwrap();
        let m = msg(only(&parsed));
        assert_eq!(
            (m.text, m.payload, m.reply_to),
            (text, payload, reply_to),
            "{part}"
        );
    }
}

#[test]
fn whatsapp_status_delivered() {
    let parsed = parse_whatsapp(fixture!("whatsapp/doc_status_delivered.json"), PNID).unwrap();
    let event = only(&parsed);
    assert_eq!(
        (event.key.as_str(), event.sender.as_str(), event.at),
        (
            "wamid.HBgLOutbound001:delivered",
            "16505551234",
            1_749_416_400_000
        )
    );
    assert_eq!(
        event.kind,
        EventKind::Receipt {
            state: Delivery::Delivered,
            target: ReceiptTarget::Ids(vec!["wamid.HBgLOutbound001".into()]),
            error: None
        }
    );
}

#[test]
fn whatsapp_status_failed_and_sent() {
    let doc = std::str::from_utf8(fixture!("whatsapp/doc_status_delivered.json")).unwrap();
    // The failed example's `errors` as printed, quoted as a key.
    let failed = doc.replace(
        r#""status":"delivered""#,
        r#""status":"failed","errors":[{"code":131047,"title":"Re-engagement message","message":"…","error_data":{"details":"…"}}]"#,
    );
    let parsed = parse_whatsapp(failed.as_bytes(), PNID).unwrap();
    let event = only(&parsed);
    assert_eq!(event.key, "wamid.HBgLOutbound001:failed");
    assert_eq!(
        event.kind,
        EventKind::Receipt {
            state: Delivery::Failed,
            target: ReceiptTarget::Ids(vec!["wamid.HBgLOutbound001".into()]),
            error: Some("131047 - Re-engagement message (…)".into()),
        }
    );
    let sent = doc.replace(r#""status":"delivered""#, r#""status":"sent""#);
    let parsed = parse_whatsapp(sent.as_bytes(), PNID).unwrap();
    let event = only(&parsed);
    assert_eq!(event.key, "wamid.HBgLOutbound001:sent");
    assert!(matches!(
        event.kind,
        EventKind::Receipt {
            state: Delivery::Sent,
            ..
        }
    ));
}

#[test]
fn whatsapp_two_changes_and_other_fields() {
    let text = std::str::from_utf8(fixture!("whatsapp/doc_text.json")).unwrap();
    let status = std::str::from_utf8(fixture!("whatsapp/doc_status_delivered.json")).unwrap();
    let change = |doc: &str| {
        let start = doc.find(r#"{"field""#).unwrap();
        doc[start..doc.len() - 5].to_owned()
    };
    let body = format!(
        r#"{{"object":"whatsapp_business_account","entry":[{{"id":"1","changes":[{},{},{{"field":"account_update","value":{{}}}}]}}]}}"#,
        change(text),
        change(status)
    );
    let parsed = parse_whatsapp(body.as_bytes(), PNID).unwrap();
    assert_eq!(parsed.events.len(), 2);
    assert_eq!(
        parsed.ignored,
        vec![Ignored::OtherField("account_update".into())]
    );
}

// ---- LINE (§4.1, §4.3) ----

#[test]
fn line_text() {
    let parsed = parse_line(fixture!("line/doc_text.json"), BOT).unwrap();
    let event = only(&parsed);
    assert_eq!(
        (event.key.as_str(), event.sender.as_str(), event.at),
        (
            "01J0ABCDEF0123456789ABCDEF",
            "U4af4980629abcdef4af4980629abcdef",
            1_718_000_000_000
        )
    );
    let m = msg(event);
    assert_eq!(
        (m.external_id, m.text),
        ("468789577898262530", "予約できますか？")
    );
    assert_eq!(m.reply_token, Some("b60d432864f44d079f6d8efe86cf404b"));
    let parsed = parse_line(fixture!("line/doc_text.json"), "Uother").unwrap();
    assert_eq!(parsed.ignored, vec![Ignored::OtherAccount(BOT.into())]);
}

#[test]
fn line_follow_unfollow() {
    let parsed = parse_line(&wrap_line(BOT, fixture!("line/doc_follow_event.json")), BOT).unwrap();
    let event = only(&parsed);
    assert_eq!(
        (event.key.as_str(), &event.kind),
        ("01J0ABCDEF0123456789ABCDEG", &EventKind::Follow)
    );
    assert_eq!(event.at, 1_718_000_100_000);
    let parsed = parse_line(
        &wrap_line(BOT, fixture!("line/doc_unfollow_event.json")),
        BOT,
    )
    .unwrap();
    let event = only(&parsed);
    assert_eq!(
        (event.key.as_str(), &event.kind),
        ("01J0ABCDEF0123456789ABCDEH", &EventKind::Unfollow)
    );
}

#[test]
fn line_verify_ping_is_ok_and_empty() {
    for bot in [BOT, "U…"] {
        assert_eq!(
            parse_line(fixture!("line/doc_verify_ping.json"), bot),
            Ok(Inbound::default())
        );
    }
}

fn line_event(part: &str) -> Vec<u8> {
    let event = format!(
        r#"{{"type":"{}","mode":"active","timestamp":1718000000000,"webhookEventId":"01J0X","source":{{"type":"user","userId":"U4af"}},"replyToken":"rt",{part}}}"#,
        part.split('"').nth(1).unwrap()
    );
    wrap_line(BOT, event.as_bytes())
}

#[test]
fn line_image_postback_unsend() {
    let image = r#""message":{"type":"image","id":"468789577898262531","quoteToken":"…","contentProvider":{"type":"line"},"imageSet":{"id":"…","index":1,"total":2}}"#;
    let parsed = parse_line(&line_event(image), BOT).unwrap();
    let m = msg(only(&parsed));
    assert_eq!(
        m.attachments,
        [Attachment::new(
            AttachmentKind::Image,
            MediaRef::PlatformId("468789577898262531".into())
        )]
    );

    let parsed = parse_line(
        &line_event(r#""postback":{"data":"action=handoff","params":{}}"#),
        BOT,
    )
    .unwrap();
    let event = only(&parsed);
    let m = msg(event);
    assert_eq!((event.key.as_str(), m.external_id), ("01J0X", "01J0X"));
    assert_eq!(
        (m.text, m.payload, m.reply_token),
        ("action=handoff", Some("action=handoff"), Some("rt"))
    );

    let parsed = parse_line(&line_event(r#""unsend":{"messageId":"…"}"#), BOT).unwrap();
    assert_eq!(
        only(&parsed).kind,
        EventKind::Withdrawn {
            external_id: "…".into()
        }
    );
}

#[test]
fn line_standby_group_room_and_unknown() {
    let standby = br#"{"type":"message","mode":"standby","timestamp":1,"source":{"type":"user","userId":"U1"},"message":{"type":"text","id":"1","text":"x"}}"#;
    let room = br#"{"type":"message","mode":"active","timestamp":1,"source":{"type":"room","roomId":"R1","userId":"U1"},"message":{"type":"text","id":"1","text":"x"}}"#;
    let beacon = br#"{"type":"beacon","mode":"active","timestamp":1,"source":{"type":"user","userId":"U1"},"beacon":{"hwid":"d41d8cd98f","type":"enter"}}"#;
    let body = [
        &wrap_line(BOT, standby)[..],
        &wrap_line(BOT, room),
        &wrap_line(BOT, beacon),
    ];
    let ignored: Vec<Ignored> = body
        .iter()
        .flat_map(|b| parse_line(b, BOT).unwrap().ignored)
        .collect();
    assert_eq!(
        ignored,
        vec![
            Ignored::Standby,
            Ignored::GroupOrRoom,
            Ignored::UnknownEvent("beacon".into())
        ]
    );
    assert_eq!(
        parse_line(br#"{"destination":"U1"}"#, BOT),
        Err(ParseError::Shape("LINE"))
    );
}
