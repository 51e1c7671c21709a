//! Published examples from public SDKs and projects (sources in
//! `tests/fixtures/channels/SOURCES.md`).

use super::support::{fixture, msg, only, wrap_meta};
use crate::domain::Delivery;
use crate::server::channel::*;

// ---- Messenger: microsoft/botbuilder-dotnet, jgorset/facebook-messenger ----

#[test]
fn botbuilder_messenger_payloads() {
    let parsed = parse_messenger(fixture!("messenger/botbuilder_Payload.json"), "0").unwrap();
    let event = only(&parsed);
    assert_eq!(
        (event.key.as_str(), event.sender.as_str(), event.at),
        ("AAAA-BBBB-CCCC", "0", 2_222_222)
    );
    assert_eq!(msg(event).text, "text");

    // Starts with a UTF-8 byte-order mark; two standby items beside one message.
    let parsed = parse_messenger(
        fixture!("messenger/botbuilder_PayloadWithStandby.json"),
        "page1",
    )
    .unwrap();
    assert_eq!(parsed.ignored, vec![Ignored::Standby, Ignored::Standby]);
    assert_eq!(parsed.events.len(), 1);
    assert_eq!(msg(&parsed.events[0]).external_id, "AAAA-BBBB-CCCC");

    let parsed = parse_messenger(
        fixture!("messenger/botbuilder_PayloadWithPostBack.json"),
        "0",
    )
    .unwrap();
    let event = only(&parsed);
    let m = msg(event);
    assert_eq!(event.key, "m_1457764197618:41d102a3e1ae206a38");
    assert_eq!((m.text, m.payload), ("title", Some("USER_DEFINED_PAYLOAD")));

    let parsed = parse_messenger(
        fixture!("messenger/botbuilder_PayloadWithPassThreadControl.json"),
        "fakeId",
    )
    .unwrap();
    assert_eq!(
        parsed,
        Inbound {
            events: vec![],
            ignored: vec![Ignored::UnknownEvent("pass_thread_control".into())]
        }
    );
    let parsed = parse_messenger(
        fixture!("messenger/botbuilder_PayloadWithReferral.json"),
        "0",
    )
    .unwrap();
    assert_eq!(
        parsed.ignored,
        vec![Ignored::UnknownEvent("referral".into())]
    );
}

#[test]
fn jgorset_messenger_items() {
    let body = wrap_meta(
        "page",
        "PAGE",
        fixture!("messenger/jgorset_message_item.json"),
    );
    let parsed = parse_messenger(&body, "PAGE").unwrap();
    let event = only(&parsed);
    assert_eq!((event.sender.as_str(), event.at), ("3", 1_457_764_197_627));
    let m = msg(event);
    assert_eq!(m.external_id, "mid.1457764197618:41d102a3e1ae206a38");
    assert_eq!(
        (m.text, m.payload),
        ("Hello, bot!", Some("Hi, I am a quick reply!"))
    );
    assert_eq!(
        m.attachments,
        [Attachment::new(
            AttachmentKind::Image,
            MediaRef::Url("https://www.example.com/1.jpg".into())
        )]
    );

    // Coordinates published as "39.920_770" (not a number): the location stays, without them.
    let body = wrap_meta(
        "page",
        "PAGE",
        fixture!("messenger/jgorset_location_item.json"),
    );
    let parsed = parse_messenger(&body, "PAGE").unwrap();
    let m = msg(only(&parsed));
    assert_eq!(m.attachments.len(), 1);
    assert_eq!(
        (m.attachments[0].kind, m.attachments[0].detail.as_deref()),
        (AttachmentKind::Location, None)
    );

    // An app id beyond 2^53 keeps every digit.
    let body = wrap_meta(
        "page",
        "PAGE",
        fixture!("messenger/jgorset_message_echo_item.json"),
    );
    let parsed = parse_messenger(&body, "PAGE").unwrap();
    match &only(&parsed).kind {
        EventKind::Echo {
            external_id,
            text,
            attachments,
            app_id,
            metadata,
        } => {
            assert_eq!(external_id, "mid.1457764197618:41d102a3e1ae206a38");
            assert_eq!(text, "Hello, bot!");
            assert_eq!(attachments.len(), 1);
            assert_eq!(app_id.as_deref(), Some("184719329217930000"));
            assert_eq!(metadata, &None);
        }
        other => panic!("{other:?}"),
    }

    let body = wrap_meta(
        "page",
        "PAGE",
        fixture!("messenger/jgorset_delivery_item.json"),
    );
    let parsed = parse_messenger(&body, "PAGE").unwrap();
    let event = only(&parsed);
    assert_eq!(
        (event.key.as_str(), event.at),
        ("delivery:3:1458668856253", 1_458_668_856_253)
    );
    assert_eq!(
        event.kind,
        EventKind::Receipt {
            state: Delivery::Delivered,
            target: ReceiptTarget::Ids(vec![
                "mid.1457764197618:41d102a3e1ae206a38".into(),
                "mid.1458668856218:ed81099e15d3f4f233".into()
            ]),
            error: None,
        }
    );

    // This published reaction names no message (`mid`): skipped, not guessed.
    let body = wrap_meta(
        "page",
        "PAGE",
        fixture!("messenger/jgorset_message_reaction_item.json"),
    );
    let parsed = parse_messenger(&body, "PAGE").unwrap();
    assert_eq!(
        parsed.ignored,
        vec![Ignored::Malformed("reaction.mid".into())]
    );
}

// ---- Instagram: chatwoot/chatwoot factories ----

#[test]
fn chatwoot_instagram_events() {
    const ACC: &str = "instagram-message-id-123";
    const ACC4: &str = "instagram-message-id-1234";
    let parsed = parse_instagram(
        fixture!("instagram/chatwoot_instagram_message_create_event.json"),
        ACC,
    )
    .unwrap();
    let event = only(&parsed);
    // Chatwoot's factories spell times as ISO strings; Meta sends numbers. Unreadable → 0.
    assert_eq!(
        (event.key.as_str(), event.sender.as_str(), event.at),
        ("message-id-1", "Sender-id-1", 0)
    );
    assert_eq!(
        msg(event).text,
        "This is the first message from the customer"
    );

    let parsed = parse_instagram(
        fixture!("instagram/chatwoot_instagram_message_standby_event.json"),
        ACC,
    )
    .unwrap();
    assert_eq!(
        parsed,
        Inbound {
            events: vec![],
            ignored: vec![Ignored::Standby]
        }
    );

    let parsed = parse_instagram(
        fixture!("instagram/chatwoot_instagram_story_reply_event.json"),
        ACC,
    )
    .unwrap();
    let m = msg(only(&parsed));
    assert_eq!((m.text, m.reply_to), ("This is the story reply", None));

    let parsed = parse_instagram(
        fixture!("instagram/chatwoot_instagram_test_text_event.json"),
        "0",
    )
    .unwrap();
    let event = only(&parsed);
    assert_eq!(
        (event.key.as_str(), event.sender.as_str()),
        ("random_mid", "12334")
    );

    let parsed = parse_instagram(
        fixture!("instagram/chatwoot_instagram_message_unsend_event.json"),
        ACC,
    )
    .unwrap();
    let event = only(&parsed);
    assert_eq!(event.key, "deleted:message-id-to-delete");
    assert_eq!(
        event.kind,
        EventKind::Withdrawn {
            external_id: "message-id-to-delete".into()
        }
    );

    for (file, kind) in [
        (
            fixture!("instagram/chatwoot_instagram_message_attachment_event.json"),
            "share",
        ),
        (
            fixture!("instagram/chatwoot_instagram_story_mention_event.json"),
            "story_mention",
        ),
    ] {
        let parsed = parse_instagram(file, ACC4).unwrap();
        let m = msg(only(&parsed));
        assert_eq!(m.attachments.len(), 1);
        assert_eq!(m.attachments[0].kind, AttachmentKind::Other);
        assert_eq!(m.attachments[0].detail.as_deref(), Some(kind));
        assert_eq!(
            m.attachments[0].media,
            MediaRef::Url("https://www.example.com/test.jpeg".into())
        );
    }

    let parsed = parse_instagram(
        fixture!("instagram/chatwoot_instagram_story_mention_event_with_echo.json"),
        ACC4,
    )
    .unwrap();
    let event = only(&parsed);
    assert_eq!(event.sender, "chatwoot-app-user-id-1");
    assert!(matches!(&event.kind, EventKind::Echo { attachments, .. } if attachments.len() == 1));

    let parsed = parse_instagram(
        fixture!("instagram/chatwoot_messaging_seen_event.json"),
        ACC,
    )
    .unwrap();
    let event = only(&parsed);
    assert_eq!(event.key, "read:message-id-1");
    assert_eq!(
        event.kind,
        EventKind::Receipt {
            state: Delivery::Read,
            target: ReceiptTarget::Ids(vec!["message-id-1".into()]),
            error: None
        }
    );

    // Another account's body.
    let parsed = parse_instagram(
        fixture!("instagram/chatwoot_messaging_seen_event.json"),
        ACC4,
    )
    .unwrap();
    assert_eq!(parsed.ignored, vec![Ignored::OtherAccount(ACC.into())]);
}

// ---- Instagram: Meta's quick replies page ----

#[test]
fn meta_instagram_quick_reply_tap() {
    // The webhook example on Meta's Instagram Messaging "Quick Replies" page
    // (developers.facebook.com/docs/messenger-platform/instagram/features/quick-replies),
    // as published: the tapped button's title as text, its payload in `quick_reply`.
    let body = br#"{
  "object": "instagram",
  "entry": [
    {
      "id": "<IGID>",
      "time": 1502905976963,
      "messaging": [
        {
          "sender": {
            "id": "<IGSID>"
          },
          "recipient": {
            "id": "<IGID>"
          },
          "timestamp": 1502905976377,
          "message": {
            "quick_reply": {
              "payload": "<PAYLOAD>"
            },
            "mid": "<MID>",
            "text": "<SOME_TEXT>"
          }
        }
      ]
    }
  ]
}"#;
    let parsed = parse_instagram(body, "<IGID>").unwrap();
    let event = only(&parsed);
    assert_eq!(
        (event.key.as_str(), event.sender.as_str(), event.at),
        ("<MID>", "<IGSID>", 1_502_905_976_377)
    );
    let m = msg(event);
    assert_eq!((m.text, m.payload), ("<SOME_TEXT>", Some("<PAYLOAD>")));
}

// ---- WhatsApp: david-lev/pywa ----

const PNID: &str = "1122334455667";
const WA: &str = "972987654321";

fn wa_only(body: &[u8]) -> InboundEvent {
    let parsed = parse_whatsapp(body, PNID).unwrap();
    only(&parsed).clone()
}

fn media(kind: AttachmentKind, id: &str, mime: &str) -> Attachment {
    let mut a = Attachment::new(kind, MediaRef::PlatformId(id.into()));
    a.mime_type = Some(mime.into());
    a
}

#[test]
fn pywa_messages() {
    let event = wa_only(fixture!("whatsapp/pywa_message_text.json"));
    assert_eq!(
        (event.key.as_str(), event.sender.as_str(), event.at),
        ("wamid.xyzxyz", WA, 1_697_043_223_000)
    );
    let m = msg(&event);
    assert_eq!((m.text, m.profile_name), ("Body Text", Some("Test Name")));

    for (file, expected) in [
        (
            fixture!("whatsapp/pywa_message_image.json"),
            media(AttachmentKind::Image, "65463453", "image/jpeg"),
        ),
        // Newer webhooks add a `url` that needs the token: still resolved by id.
        (
            fixture!("whatsapp/pywa_message_media_with_url.json"),
            media(AttachmentKind::Image, "65463453", "image/jpeg"),
        ),
        (
            fixture!("whatsapp/pywa_message_audio.json"),
            media(
                AttachmentKind::Audio,
                "1234567890987654321",
                "audio/ogg; codecs=opus",
            ),
        ),
        (
            fixture!("whatsapp/pywa_message_static_sticker.json"),
            media(AttachmentKind::Sticker, "1234567890987654321", "image/webp"),
        ),
        (
            fixture!("whatsapp/pywa_message_document.json"),
            Attachment {
                file_name: Some("filename.pdf".into()),
                caption: Some("caption".into()),
                ..media(
                    AttachmentKind::File,
                    "1234567890987654321",
                    "application/pdf",
                )
            },
        ),
    ] {
        let event = wa_only(file);
        assert_eq!(msg(&event).attachments, [expected]);
    }

    let event = wa_only(fixture!("whatsapp/pywa_message_chosen_location.json"));
    let place = &msg(&event).attachments[0];
    assert_eq!(place.kind, AttachmentKind::Location);
    assert_eq!(place.detail.as_deref(), Some("37.4611978,-122.2164385"));
    assert_eq!(
        place.caption.as_deref(),
        Some("Facebook HQ, 1 Hacker Way, Menlo Park, CA 94025")
    );
    assert_eq!(
        place.media,
        MediaRef::Url("https://maps.google.com/?cid=2000000000000000000".into())
    );

    let event = wa_only(fixture!("whatsapp/pywa_message_contacts.json"));
    let cards = &msg(&event).attachments[0];
    assert_eq!(cards.kind, AttachmentKind::Contacts);
    assert_eq!(
        cards.detail.as_deref(),
        Some("Chandler Bing +1 555-555-5555; Monica +1 666-666-6666; Rachel Green +1 777-777-7777")
    );

    let event = wa_only(fixture!("whatsapp/pywa_message_reply.json"));
    let m = msg(&event);
    assert_eq!(
        (m.text, m.reply_to),
        ("replied text", Some("wamid.xyzxyz=="))
    );

    for file in [
        fixture!("whatsapp/pywa_message_unsupported.json"),
        fixture!("whatsapp/pywa_message_unsupported_with_type.json"),
    ] {
        let event = wa_only(file);
        assert_eq!(
            msg(&event).attachments,
            [Attachment::unsupported("Message type unknown")]
        );
    }

    // An interactive message the platform could not describe (value-level `errors`).
    let event = wa_only(fixture!(
        "whatsapp/pywa_message_interactive_message_with_err.json"
    ));
    let m = msg(&event);
    assert_eq!(m.attachments, [Attachment::unsupported("interactive")]);
    assert_eq!(m.reply_to, Some("wamid.gvwegfretge=="));

    let parsed = parse_whatsapp(fixture!("whatsapp/pywa_message_order.json"), PNID).unwrap();
    assert_eq!(parsed.ignored, vec![Ignored::UnknownEvent("order".into())]);
}

#[test]
fn pywa_reactions() {
    let event = wa_only(fixture!("whatsapp/pywa_message_reaction.json"));
    assert_eq!(event.key, "wamid.xyzxyz");
    assert_eq!(
        event.kind,
        EventKind::Reaction {
            external_id: "wamid.yzxyzx=".into(),
            emoji: Some("😮".into())
        }
    );
    for file in [
        fixture!("whatsapp/pywa_message_unreaction_empty.json"),
        fixture!("whatsapp/pywa_message_unreaction_no_emoji.json"),
    ] {
        assert_eq!(
            wa_only(file).kind,
            EventKind::Reaction {
                external_id: "wamid.yzxyzx=".into(),
                emoji: None
            }
        );
    }
}

#[test]
fn pywa_buttons_and_lists() {
    for file in [
        fixture!("whatsapp/pywa_callback_button_button.json"),
        fixture!("whatsapp/pywa_callback_button_quick_reply.json"),
        fixture!("whatsapp/pywa_callback_selection_callback.json"),
    ] {
        let event = wa_only(file);
        let m = msg(&event);
        assert_eq!(
            (m.text, m.payload, m.profile_name),
            ("title", Some("callback_data"), Some("Test Name"))
        );
    }
}

#[test]
fn pywa_statuses() {
    for (file, name, state, at) in [
        (
            fixture!("whatsapp/pywa_message_status_sent.json"),
            "sent",
            Delivery::Sent,
            1_698_266_945_000,
        ),
        (
            fixture!("whatsapp/pywa_message_status_read.json"),
            "read",
            Delivery::Read,
            1_689_380_458_000,
        ),
    ] {
        let event = wa_only(file);
        assert_eq!(
            (event.key.as_str(), event.sender.as_str(), event.at),
            (format!("wamid.xyzxyz:{name}").as_str(), WA, at)
        );
        assert_eq!(
            event.kind,
            EventKind::Receipt {
                state,
                target: ReceiptTarget::Ids(vec!["wamid.xyzxyz".into()]),
                error: None
            }
        );
    }
    let event = wa_only(fixture!("whatsapp/pywa_message_status_failed.json"));
    let EventKind::Receipt {
        state: Delivery::Failed,
        error: Some(error),
        ..
    } = &event.kind
    else {
        panic!("{:?}", event.kind)
    };
    assert_eq!(
        error,
        "130472 - User's number is part of an experiment (Failed to send message because this user's phone number is part of an experiment)"
    );
    let parsed =
        parse_whatsapp(fixture!("whatsapp/pywa_message_status_played.json"), PNID).unwrap();
    assert_eq!(
        parsed.ignored,
        vec![Ignored::UnknownEvent("status played".into())]
    );
    let parsed = parse_whatsapp(
        fixture!("whatsapp/pywa_message_status_group.json"),
        "<BUSINESS_PHONE_NUMBER_ID>",
    )
    .unwrap();
    assert_eq!(parsed.ignored, vec![Ignored::GroupOrRoom]);
}

#[test]
fn pywa_system_notices() {
    let event = wa_only(fixture!("whatsapp/pywa_system_phone_number_change.json"));
    assert_eq!(event.sender, WA);
    assert_eq!(
        event.kind,
        EventKind::System {
            external_id: "wamid.xyzxyz==".into(),
            code: "user_changed_number".into(),
            text: "User A changed from 972987654321 to 972912345678".into(),
            new_sender: Some("972912345678".into()),
        }
    );
    let event = wa_only(fixture!("whatsapp/pywa_system_identity_change.json"));
    assert!(
        matches!(&event.kind, EventKind::System { code, new_sender: None, .. } if code == "customer_identity_changed")
    );
}

#[test]
fn whatsapp_bsuid_without_wa_id() {
    // The pywa button payload's contact, as a username user: no wa_id, `from` is the BSUID.
    let body = std::str::from_utf8(fixture!("whatsapp/pywa_callback_button_button.json"))
        .unwrap()
        .replace("\"wa_id\": \"972987654321\",", "")
        .replace(
            "\"from\": \"972987654321\"",
            "\"from\": \"US.13491208655302741918\"",
        );
    let event = wa_only(body.as_bytes());
    assert_eq!(event.sender, "US.13491208655302741918");
    assert_eq!(msg(&event).profile_name, Some("Test Name"));
    // And with no `from` at all, the only contact's BSUID.
    let body = body.replace("\"from\": \"US.13491208655302741918\",", "");
    assert_eq!(wa_only(body.as_bytes()).sender, "US.13491208655302741918");
}

// ---- LINE: line/line-bot-sdk-java ----

const BOT: &str = "Uab012345678901234567890123456789";
const LINE_USER: &str = "u206d25c2ea6bd87c17655609a1c37cb8";

fn line_only(body: &[u8]) -> InboundEvent {
    let parsed = parse_line(body, BOT).unwrap();
    only(&parsed).clone()
}

#[test]
fn line_sdk_messages() {
    let event = line_only(fixture!("line/java_text_user.json"));
    // Before webhookEventId existed: keyed by the message id.
    assert_eq!(
        (event.key.as_str(), event.sender.as_str(), event.at),
        ("message:325708", LINE_USER, 1_462_629_479_859)
    );
    let m = msg(&event);
    assert_eq!(
        (m.external_id, m.text, m.reply_token),
        (
            "325708",
            "Hello, world",
            Some("nHuyWiB7yP5Zw52FIkcQobQuGDXCTA")
        )
    );
    assert_eq!(
        msg(&line_only(fixture!("line/java_text_emojis.json"))).text,
        "Hello, world"
    );

    let event = line_only(fixture!("line/java_webhook_redelivery.json"));
    assert_eq!(event.key, "01G2KZKG2DS765NMRH3GZFD8AP");

    let sticker = line_only(fixture!("line/java_sticker.json"));
    let a = &msg(&sticker).attachments[0];
    assert_eq!(
        (a.kind, a.detail.as_deref(), &a.media),
        (AttachmentKind::Sticker, Some("1/1"), &MediaRef::None)
    );

    for (file, kind, url) in [
        (
            fixture!("line/java_image.json"),
            AttachmentKind::Image,
            "https://example.com/original.jpg",
        ),
        (
            fixture!("line/java_model_image_no_destination.json"),
            AttachmentKind::Image,
            "https://example.com/original.jpg",
        ),
        (
            fixture!("line/java_video.json"),
            AttachmentKind::Video,
            "https://example.com/original.mp4",
        ),
    ] {
        assert_eq!(
            msg(&line_only(file)).attachments,
            [Attachment::new(kind, MediaRef::Url(url.into()))]
        );
    }

    let file = line_only(fixture!("line/java_file.json"));
    let a = &msg(&file).attachments[0];
    assert_eq!(a.kind, AttachmentKind::File);
    assert_eq!(a.media, MediaRef::PlatformId("325708".into()));
    assert_eq!(
        (a.file_name.as_deref(), a.detail.as_deref()),
        (Some("sample.pdf"), Some("22016"))
    );

    let place = line_only(fixture!("line/java_location.json"));
    let a = &msg(&place).attachments[0];
    // Published as 139.70372892916203 (17 digits): read as the nearest f64 and written back
    // in its shortest form, the same double.
    assert_eq!(
        a.detail.as_deref(),
        Some("35.65910807942215,139.70372892916205")
    );
    assert_eq!(
        a.caption.as_deref(),
        Some("hello, 〒150-0002 東京都渋谷区渋谷２丁目２１−１")
    );
}

#[test]
fn line_sdk_other_events() {
    let event = line_only(fixture!("line/java_follow.json"));
    assert_eq!(
        (event.key.as_str(), &event.kind),
        (
            "follow:u206d25c2ea6bd87c17655609a1c37cb8:1462629479859",
            &EventKind::Follow
        )
    );
    assert_eq!(
        line_only(fixture!("line/java_unfollow.json")).kind,
        EventKind::Unfollow
    );
    let event = line_only(fixture!("line/java_unsend.json"));
    assert_eq!(
        (event.key.as_str(), &event.kind),
        (
            "unsend:325708",
            &EventKind::Withdrawn {
                external_id: "325708".into()
            }
        )
    );
    let event = line_only(fixture!("line/java_postback.json"));
    let m = msg(&event);
    assert_eq!(
        (m.text, m.payload),
        (
            "action=buyItem&itemId=123123&color=red",
            Some("action=buyItem&itemId=123123&color=red")
        )
    );

    let parsed = parse_line(fixture!("line/java_text_group.json"), BOT).unwrap();
    assert_eq!(parsed.ignored, vec![Ignored::GroupOrRoom]);
    let parsed = parse_line(fixture!("line/java_join.json"), BOT).unwrap();
    assert_eq!(parsed.ignored, vec![Ignored::GroupOrRoom]);
    let parsed = parse_line(fixture!("line/java_text_user.json"), "Uanother").unwrap();
    assert_eq!(
        parsed,
        Inbound {
            events: vec![],
            ignored: vec![Ignored::OtherAccount(BOT.into())]
        }
    );
}

#[test]
fn every_fixture_is_listed_in_sources() {
    let sources =
        std::fs::read_to_string(format!("{}/SOURCES.md", super::support::FIXTURE_DIR)).unwrap();
    for platform in ["messenger", "instagram", "whatsapp", "line"] {
        for entry in
            std::fs::read_dir(format!("{}/{platform}", super::support::FIXTURE_DIR)).unwrap()
        {
            let name = entry.unwrap().file_name().into_string().unwrap();
            assert!(
                sources.contains(&format!("`{platform}/{name}`")),
                "{platform}/{name} is not in SOURCES.md"
            );
        }
    }
}
