//! A bot's buttons in each platform's send request ([`OutboundContent::Choices`]): the
//! whole bodies for 3, 5 and 14 buttons and for labels longer than a platform shows; the
//! shapes against the platforms' published examples; and the fake platforms accepting what
//! the builders make and refusing an over-long label or too many buttons.

use crate::domain::bot::buttons::tap_payload;
use crate::domain::bot::FlowAt;
use crate::domain::ChannelKind;
use crate::server::channel::outbound::*;
use crate::server::channel::{read_send_response, SendOutcome};
use crate::server::fake;
use serde_json::{json, Value};

const PSID: &str = "7012345678901234";
const IGSID: &str = "6123456789012345";
const PNID: &str = "106540352242922";
const WA: &str = "16505551234";
const LINE_USER: &str = "U4af4980629abcdef4af4980629abcdef";
const RETRY_KEY: &str = "123e4567-e89b-42d3-a456-426614174000";
const TEXT: &str = "您好！請問需要什麼協助？";
const MENU: &str = "查看選項";

const THREE: [&str; 3] = ["營業時間", "訂單查詢", "真人客服"];
const FIVE: [&str; 5] = ["營業時間", "訂單查詢", "真人客服", "退換貨", "其他問題"];
/// 25 characters: longer than any platform's button.
const LONG: &str = "請幫我查詢上個月的訂單與退款進度還有發票寄送地址喔";
/// 22 characters: too long for a quick reply or a WhatsApp button, fine as a list row.
const ROW: &str = "幫我查詢上個月訂單的退款進度與發票寄送地址吧";

fn fourteen() -> Vec<String> {
    (1..=14).map(|i| format!("選項{i}")).collect()
}

/// The payload of button `i` (what the bot's flow sends).
fn tap(i: usize) -> String {
    tap_payload(FlowAt { flow: 7, step: 2 }, i)
}

fn choices<S: AsRef<str>>(text: &str, labels: &[S]) -> OutboundContent {
    OutboundContent::Choices {
        text: text.into(),
        choices: labels
            .iter()
            .enumerate()
            .map(|(i, l)| Choice {
                label: l.as_ref().into(),
                payload: tap(i),
            })
            .collect(),
        menu: MENU.into(),
    }
}

fn messenger(content: &OutboundContent) -> Value {
    messenger_send("v23.0", "T", PSID, content, MessagingType::Response)
        .unwrap()
        .body
}

fn instagram(content: &OutboundContent) -> Value {
    instagram_send("v23.0", "T", IGSID, content, MessagingType::Response)
        .unwrap()
        .body
}

fn whatsapp(content: &OutboundContent) -> Value {
    whatsapp_send("v23.0", PNID, "T", WA, content, None)
        .unwrap()
        .body
}

fn line(content: &OutboundContent) -> Value {
    line_push("T", LINE_USER, content, RETRY_KEY).unwrap().body
}

/// Messenger's body around `message`.
fn fb(message: Value) -> Value {
    json!({"recipient": {"id": PSID}, "messaging_type": "RESPONSE", "message": message})
}

fn ig(message: Value) -> Value {
    json!({"recipient": {"id": IGSID}, "messaging_type": "RESPONSE", "message": message})
}

fn wa_text(body: &str) -> Value {
    json!({"messaging_product": "whatsapp", "recipient_type": "individual", "to": WA,
           "type": "text", "text": {"preview_url": false, "body": body}})
}

fn wa_interactive(interactive: Value) -> Value {
    json!({"messaging_product": "whatsapp", "recipient_type": "individual", "to": WA,
           "type": "interactive", "interactive": interactive})
}

fn line_push_body(message: Value) -> Value {
    json!({"to": LINE_USER, "messages": [message]})
}

#[test]
fn three_buttons() {
    let content = choices(TEXT, &THREE);
    let quick_replies = json!([
        {"content_type": "text", "title": "營業時間", "payload": "omni1:7:2:0"},
        {"content_type": "text", "title": "訂單查詢", "payload": "omni1:7:2:1"},
        {"content_type": "text", "title": "真人客服", "payload": "omni1:7:2:2"}
    ]);
    assert_eq!(
        messenger(&content),
        fb(json!({"text": TEXT, "quick_replies": quick_replies}))
    );
    assert_eq!(
        instagram(&content),
        ig(json!({"text": TEXT, "quick_replies": quick_replies}))
    );
    assert_eq!(
        whatsapp(&content),
        wa_interactive(json!({
            "type": "button",
            "body": {"text": TEXT},
            "action": {"buttons": [
                {"type": "reply", "reply": {"id": "omni1:7:2:0", "title": "營業時間"}},
                {"type": "reply", "reply": {"id": "omni1:7:2:1", "title": "訂單查詢"}},
                {"type": "reply", "reply": {"id": "omni1:7:2:2", "title": "真人客服"}}
            ]}
        }))
    );
    assert_eq!(
        line(&content),
        line_push_body(json!({
            "type": "text",
            "text": TEXT,
            "quickReply": {"items": [
                {"type": "action", "action": {"type": "postback", "label": "營業時間", "data": "omni1:7:2:0", "displayText": "營業時間"}},
                {"type": "action", "action": {"type": "postback", "label": "訂單查詢", "data": "omni1:7:2:1", "displayText": "訂單查詢"}},
                {"type": "action", "action": {"type": "postback", "label": "真人客服", "data": "omni1:7:2:2", "displayText": "真人客服"}}
            ]}
        }))
    );
    // A reply carries the same message as a push.
    let reply = line_reply("T", "rt", &content).unwrap().body;
    assert_eq!(reply["messages"], line(&content)["messages"]);
    for kind in ChannelKind::ALL {
        assert_eq!(caption_sent_separately(*kind, &content), None);
    }
}

#[test]
fn five_buttons_are_a_whatsapp_list() {
    let content = choices(TEXT, &FIVE);
    let quick_replies: Vec<Value> = FIVE
        .iter()
        .enumerate()
        .map(|(i, l)| json!({"content_type": "text", "title": l, "payload": format!("omni1:7:2:{i}")}))
        .collect();
    assert_eq!(quick_replies.len(), 5);
    assert_eq!(
        messenger(&content),
        fb(json!({"text": TEXT, "quick_replies": quick_replies}))
    );
    assert_eq!(
        instagram(&content),
        ig(json!({"text": TEXT, "quick_replies": quick_replies}))
    );
    assert_eq!(
        whatsapp(&content),
        wa_interactive(json!({
            "type": "list",
            "body": {"text": TEXT},
            "action": {"button": MENU, "sections": [{"title": MENU, "rows": [
                {"id": "omni1:7:2:0", "title": "營業時間"},
                {"id": "omni1:7:2:1", "title": "訂單查詢"},
                {"id": "omni1:7:2:2", "title": "真人客服"},
                {"id": "omni1:7:2:3", "title": "退換貨"},
                {"id": "omni1:7:2:4", "title": "其他問題"}
            ]}]}
        }))
    );
    let items = line(&content)["messages"][0]["quickReply"]["items"].clone();
    assert_eq!(
        items[4],
        json!({"type": "action", "action": {"type": "postback", "label": "其他問題", "data": "omni1:7:2:4", "displayText": "其他問題"}})
    );
    assert_eq!(items.as_array().map(Vec::len), Some(5));
}

#[test]
fn fourteen_buttons_are_numbered_everywhere() {
    let labels = fourteen();
    let content = choices(TEXT, &labels);
    let numbered = "您好！請問需要什麼協助？\n1. 選項1\n2. 選項2\n3. 選項3\n4. 選項4\n5. 選項5\n6. 選項6\n7. 選項7\n8. 選項8\n9. 選項9\n10. 選項10\n11. 選項11\n12. 選項12\n13. 選項13\n14. 選項14";
    assert_eq!(messenger(&content), fb(json!({ "text": numbered })));
    assert_eq!(instagram(&content), ig(json!({ "text": numbered })));
    assert_eq!(whatsapp(&content), wa_text(numbered));
    assert_eq!(
        line(&content),
        line_push_body(json!({"type": "text", "text": numbered}))
    );
    // Eleven: quick replies still, too many rows for a WhatsApp list.
    let eleven = choices(TEXT, &labels[..11]);
    assert!(messenger(&eleven)["message"]["quick_replies"].is_array());
    assert_eq!(whatsapp(&eleven)["type"], "text");
}

#[test]
fn a_label_longer_than_any_button_is_numbered_everywhere() {
    assert_eq!(LONG.chars().count(), 25);
    let content = choices(TEXT, &["營業時間", LONG]);
    let numbered = format!("{TEXT}\n1. 營業時間\n2. {LONG}");
    assert_eq!(messenger(&content), fb(json!({ "text": numbered })));
    assert_eq!(instagram(&content), ig(json!({ "text": numbered })));
    assert_eq!(whatsapp(&content), wa_text(&numbered));
    assert_eq!(
        line(&content),
        line_push_body(json!({"type": "text", "text": numbered}))
    );

    // 22 characters: numbered where buttons hold 20, a row of a WhatsApp list.
    assert_eq!(ROW.chars().count(), 22);
    let content = choices(TEXT, &["營業時間", ROW]);
    let numbered = format!("{TEXT}\n1. 營業時間\n2. {ROW}");
    assert_eq!(messenger(&content), fb(json!({ "text": numbered })));
    assert_eq!(
        line(&content)["messages"][0],
        json!({"type": "text", "text": numbered})
    );
    assert_eq!(
        whatsapp(&content),
        wa_interactive(json!({
            "type": "list",
            "body": {"text": TEXT},
            "action": {"button": MENU, "sections": [{"title": MENU, "rows": [
                {"id": "omni1:7:2:0", "title": "營業時間"},
                {"id": "omni1:7:2:1", "title": ROW}
            ]}]}
        }))
    );
}

#[test]
fn what_a_platform_would_refuse_goes_another_way() {
    // Only buttons: the numbered labels are the text, the buttons stay.
    let content = choices("  ", &["是", "否"]);
    assert_eq!(
        messenger(&content),
        fb(json!({"text": "1. 是\n2. 否", "quick_replies": [
            {"content_type": "text", "title": "是", "payload": "omni1:7:2:0"},
            {"content_type": "text", "title": "否", "payload": "omni1:7:2:1"}
        ]}))
    );
    assert_eq!(
        whatsapp(&content)["interactive"]["body"],
        json!({"text": "1. 是\n2. 否"})
    );
    assert_eq!(line(&content)["messages"][0]["text"], "1. 是\n2. 否");

    // Labels are shown trimmed.
    let padded = choices(TEXT, &[" 是 ", "否"]);
    assert_eq!(
        messenger(&padded)["message"]["quick_replies"][0]["title"],
        "是"
    );

    // WhatsApp reply buttons need distinct titles and a body of at most 1024 characters:
    // otherwise a list.
    let same = choices(TEXT, &["好", "好"]);
    assert_eq!(whatsapp(&same)["interactive"]["type"], "list");
    let long_text = "字".repeat(1025);
    let long = choices(&long_text, &THREE);
    assert_eq!(whatsapp(&long)["interactive"]["type"], "list");
    assert_eq!(whatsapp(&long)["interactive"]["body"]["text"], long_text);
    let longer = choices(&"字".repeat(4097), &THREE);
    assert_eq!(whatsapp(&longer)["type"], "text");

    // A list needs its menu; a long one is cut to WhatsApp's 20 characters.
    let mut no_menu = choices(TEXT, &FIVE);
    if let OutboundContent::Choices { menu, .. } = &mut no_menu {
        *menu = " ".into();
    }
    assert_eq!(whatsapp(&no_menu)["type"], "text");
    let mut long_menu = choices(TEXT, &FIVE);
    if let OutboundContent::Choices { menu, .. } = &mut long_menu {
        *menu = format!("{}  尾巴", "按".repeat(19));
    }
    let action = whatsapp(&long_menu)["interactive"]["action"].clone();
    assert_eq!(action["button"], "按".repeat(19));
    assert_eq!(action["sections"][0]["title"], "按".repeat(19));

    // A payload a platform would refuse (empty, padded, repeated, too long): numbered.
    let with_payloads = |payloads: &[&str]| OutboundContent::Choices {
        text: TEXT.into(),
        choices: payloads
            .iter()
            .zip(THREE)
            .map(|(p, l)| Choice {
                label: l.into(),
                payload: (*p).into(),
            })
            .collect(),
        menu: MENU.into(),
    };
    let numbered = format!("{TEXT}\n1. 營業時間\n2. 訂單查詢\n3. 真人客服");
    for bad in [
        vec!["a", "", "c"],
        vec!["a", " b", "c"],
        vec!["a", "a", "c"],
    ] {
        let content = with_payloads(&bad);
        assert_eq!(
            messenger(&content),
            fb(json!({ "text": numbered })),
            "{bad:?}"
        );
        assert_eq!(whatsapp(&content), wa_text(&numbered), "{bad:?}");
        assert_eq!(line(&content)["messages"][0]["text"], numbered.as_str());
    }
    let (p256, p301) = ("p".repeat(256), "p".repeat(301));
    // 256 fits a WhatsApp button id (not a row id, nor LINE's 300-character data).
    let content = with_payloads(&["a", &p256, "c"]);
    assert_eq!(whatsapp(&content)["interactive"]["type"], "button");
    assert!(line(&content)["messages"][0]["quickReply"].is_object());
    let content = with_payloads(&["a", &p301, "c"]);
    assert_eq!(whatsapp(&content)["type"], "text");
    assert_eq!(line(&content)["messages"][0]["text"], numbered.as_str());
    assert!(messenger(&content)["message"]["quick_replies"].is_array());
    let content = with_payloads(&["a", &"p".repeat(1001), "c"]);
    assert_eq!(messenger(&content), fb(json!({ "text": numbered })));

    // No choices: the text alone, and an empty message is refused as before.
    let none = choices::<&str>(TEXT, &[]);
    assert_eq!(messenger(&none), fb(json!({ "text": TEXT })));
    assert_eq!(whatsapp(&none), wa_text(TEXT));
    assert_eq!(
        line(&none),
        line_push_body(json!({"type": "text", "text": TEXT}))
    );
    let empty = choices::<&str>(" ", &[]);
    assert_eq!(
        messenger_send("v23.0", "T", PSID, &empty, MessagingType::Response),
        Err(BuildError::Empty)
    );
    assert_eq!(
        whatsapp_send("v23.0", PNID, "T", WA, &empty, None),
        Err(BuildError::Empty)
    );
    assert_eq!(line_reply("T", "rt", &empty), Err(BuildError::Empty));
}

/// A body's shape: keys and kinds of values; an array as the shape of its items, which must
/// all share it.
fn shape(v: &Value) -> Value {
    match v {
        Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), shape(v))).collect()),
        Value::Array(items) => {
            let shapes: Vec<Value> = items.iter().map(shape).collect();
            assert!(shapes.windows(2).all(|w| w[0] == w[1]), "{v}");
            Value::Array(shapes.into_iter().take(1).collect())
        }
        Value::String(_) => json!("string"),
        Value::Number(_) => json!("number"),
        Value::Bool(_) => json!("bool"),
        Value::Null => Value::Null,
    }
}

/// `v` without the optional fields named by JSON pointers to objects and the key to drop.
fn without(mut v: Value, drop: &[(&str, &str)]) -> Value {
    for (at, key) in drop {
        let targets: Vec<&mut Value> = if let Some(array_at) = at.strip_suffix("/*") {
            match v.pointer_mut(array_at).and_then(Value::as_array_mut) {
                Some(items) => items.iter_mut().collect(),
                None => Vec::new(),
            }
        } else {
            v.pointer_mut(at).into_iter().collect()
        };
        for t in targets {
            if let Some(o) = t.as_object_mut() {
                o.remove(*key);
            }
        }
    }
    v
}

#[test]
fn our_bodies_have_the_published_shapes() {
    // Meta, Messenger "Quick replies" (developers.facebook.com/docs/messenger-platform/
    // send-messages/quick-replies): `image_url` is optional and we send none.
    let messenger_doc = json!({
      "recipient":{"id":"{PSID}"},
      "messaging_type": "RESPONSE",
      "message":{
        "text": "Pick a color:",
        "quick_replies":[
          {"content_type":"text","title":"Red","payload":"{POSTBACK_PAYLOAD}","image_url":"http://example.com/img/red.png"},
          {"content_type":"text","title":"Green","payload":"{POSTBACK_PAYLOAD}","image_url":"http://example.com/img/green.png"}
        ]
      }
    });
    // Meta, Instagram Messaging "Quick Replies" (…/instagram-messaging/features/quick-replies).
    let instagram_doc = json!({
      "recipient":{"id":"<IGSID>"},
      "messaging_type": "RESPONSE",
      "message":{
        "text": "<SOME_TEXT>",
        "quick_replies":[
          {"content_type":"text","title":"<TITLE_1>","payload":"<POSTBACK_PAYLOAD_1>"},
          {"content_type":"text","title":"<TITLE_2>","payload":"<POSTBACK_PAYLOAD_2>"}
        ]
      }
    });
    let content = choices(TEXT, &THREE);
    assert_eq!(
        shape(&messenger(&content)),
        shape(&without(
            messenger_doc,
            &[("/message/quick_replies/*", "image_url")]
        ))
    );
    assert_eq!(shape(&instagram(&content)), shape(&instagram_doc));

    // Meta, WhatsApp "Interactive reply buttons messages", example request (header and
    // footer are optional).
    let buttons_doc = json!({
      "messaging_product": "whatsapp",
      "recipient_type": "individual",
      "to": "+16505551234",
      "type": "interactive",
      "interactive": {
        "type": "button",
        "header": {"type": "image", "image": {"id": "2762702990552401"}},
        "body": {"text": "Hi Pablo! Your gardening workshop is scheduled for 9am tomorrow. Use the buttons if you need to reschedule. Thank you!"},
        "footer": {"text": "Lucky Shrub: Your gateway to succulents!™"},
        "action": {"buttons": [
          {"type": "reply", "reply": {"id": "change-button", "title": "Change"}},
          {"type": "reply", "reply": {"id": "cancel-button", "title": "Cancel"}}
        ]}
      }
    });
    assert_eq!(
        shape(&whatsapp(&content)),
        shape(&without(
            buttons_doc,
            &[("/interactive", "header"), ("/interactive", "footer")]
        ))
    );
    // Meta, WhatsApp "Interactive list messages", example request (header, footer and row
    // descriptions are optional; two sections there, one here).
    let list_doc = json!({
      "messaging_product": "whatsapp",
      "recipient_type": "individual",
      "to": "+16505551234",
      "type": "interactive",
      "interactive": {
        "type": "list",
        "header": {"type": "text", "text": "Choose Shipping Option"},
        "body": {"text": "Which shipping option do you prefer?"},
        "footer": {"text": "Lucky Shrub: Your gateway to succulents™"},
        "action": {
          "button": "Shipping Options",
          "sections": [
            {"title": "I want it ASAP!", "rows": [
              {"id": "priority_express", "title": "Priority Mail Express", "description": "Next Day to 2 Days"},
              {"id": "priority_mail", "title": "Priority Mail", "description": "1–3 Days"}
            ]},
            {"title": "I can wait a bit", "rows": [
              {"id": "usps_ground_advantage", "title": "USPS Ground Advantage", "description": "2–5 Days"},
              {"id": "media_mail", "title": "Media Mail", "description": "2–8 Days"}
            ]}
          ]
        }
      }
    });
    let list_doc = without(
        list_doc,
        &[
            ("/interactive", "header"),
            ("/interactive", "footer"),
            ("/interactive/action/sections/0/rows/*", "description"),
            ("/interactive/action/sections/1/rows/*", "description"),
        ],
    );
    assert_eq!(shape(&whatsapp(&choices(TEXT, &FIVE))), shape(&list_doc));

    // LINE, "Use quick replies" (developers.line.biz/en/docs/messaging-api/using-quick-reply/):
    // a text message with `quickReply.items[]` of `{"type":"action","action":{…}}` (`imageUrl`
    // optional); our action is the reference's postback action (label, data, displayText;
    // `inputOption` and `fillInText` optional).
    let line_doc = json!({
      "type": "text",
      "text": "Select your favorite food category or send me your location!",
      "quickReply": {
        "items": [
          {"type": "action", "imageUrl": "https://example.com/sushi.png",
           "action": {"type": "message", "label": "Sushi", "text": "Sushi"}},
          {"type": "action", "imageUrl": "https://example.com/tempura.png",
           "action": {"type": "message", "label": "Tempura", "text": "Tempura"}}
        ]
      }
    });
    let postback_doc = json!({
      "type": "postback",
      "label": "Buy",
      "data": "action=buy&itemid=111",
      "displayText": "Buy",
      "inputOption": "openKeyboard",
      "fillInText": "---\nName: \nPhone: \nBirthday: \n---"
    });
    let ours = line(&content)["messages"][0].clone();
    let mut doc = without(line_doc, &[("/quickReply/items/*", "imageUrl")]);
    let postback = without(postback_doc, &[("", "inputOption"), ("", "fillInText")]);
    for item in doc["quickReply"]["items"].as_array_mut().unwrap() {
        item["action"] = postback.clone();
    }
    assert_eq!(shape(&ours), shape(&doc));
}

// ---- The fake platforms accept what the builders make, and refuse the rest ----

async fn post(http: &reqwest::Client, base: &str, req: &OutboundRequest) -> (u16, Vec<u8>) {
    let mut builder = http
        .post(format!("{base}{}", req.path))
        .bearer_auth(&req.bearer)
        .json(&req.body);
    for (k, v) in &req.headers {
        builder = builder.header(k, v);
    }
    let answer = builder.send().await.unwrap();
    let status = answer.status().as_u16();
    (status, answer.bytes().await.unwrap().to_vec())
}

/// Every body the builders make for `content` on each platform (push and reply on LINE),
/// with the fake's base URL for it.
fn requests(
    urls: &fake::BaseUrls,
    content: &OutboundContent,
    reply_token: &str,
) -> Vec<(ChannelKind, String, OutboundRequest)> {
    let r = MessagingType::Response;
    vec![
        (
            ChannelKind::Messenger,
            urls.meta.clone(),
            messenger_send("v23.0", "PAGE_TOKEN", PSID, content, r).unwrap(),
        ),
        (
            ChannelKind::Instagram,
            urls.instagram.clone(),
            instagram_send("v23.0", "IG_TOKEN", IGSID, content, r).unwrap(),
        ),
        (
            ChannelKind::WhatsApp,
            urls.meta.clone(),
            whatsapp_send("v23.0", PNID, "WA_TOKEN", WA, content, None).unwrap(),
        ),
        (
            ChannelKind::Line,
            urls.line.clone(),
            line_push("LINE_TOKEN", LINE_USER, content, "").unwrap(),
        ),
        (
            ChannelKind::Line,
            urls.line.clone(),
            line_reply("LINE_TOKEN", reply_token, content).unwrap(),
        ),
    ]
}

#[tokio::test]
async fn the_fakes_accept_every_body_the_builders_make() {
    let running = fake::start("127.0.0.1:0").await.unwrap();
    let urls = running.base_urls();
    let http = reqwest::Client::new();
    let long = fourteen();
    // The last one, a list for its long text on WhatsApp, is beyond Instagram's 1000 bytes.
    let cases: Vec<OutboundContent> = vec![
        choices(TEXT, &THREE),
        choices(TEXT, &FIVE),
        choices(TEXT, &long),
        choices(TEXT, &["營業時間", LONG]),
        choices(TEXT, &["營業時間", ROW]),
        choices("", &THREE),
        choices(&"字".repeat(1500), &THREE),
    ];
    for (n, content) in cases.iter().enumerate() {
        let token = running
            .state
            .issue_reply_token(Some(&format!("rt{n}")), 60_000);
        for (kind, base, req) in requests(&urls, content, &token) {
            if n == cases.len() - 1 && kind == ChannelKind::Instagram {
                continue;
            }
            let (status, body) = post(&http, &base, &req).await;
            assert_eq!(
                status,
                200,
                "{kind:?} case {n}: {}\n{}",
                String::from_utf8_lossy(&body),
                req.body
            );
            assert!(matches!(
                read_send_response(kind, status, None, None, &body),
                SendOutcome::Sent {
                    external_id: Some(_)
                }
            ));
            // The recorder keeps the whole body: a test reads the text and the buttons back.
            let recorded = running.state.requests().pop().unwrap();
            assert_eq!(recorded.body, req.body);
        }
    }
    let recorded = running.state.requests();
    let first_whatsapp = recorded
        .iter()
        .find(|r| r.body["type"] == "interactive")
        .unwrap();
    assert_eq!(first_whatsapp.body["interactive"]["body"]["text"], TEXT);
    assert_eq!(
        first_whatsapp.body["interactive"]["action"]["buttons"][2]["reply"],
        json!({"id": "omni1:7:2:2", "title": "真人客服"})
    );
}

#[tokio::test]
async fn the_fakes_refuse_a_long_label_or_too_many_buttons() {
    let running = fake::start("127.0.0.1:0").await.unwrap();
    let urls = running.base_urls();
    let http = reqwest::Client::new();
    let twenty_one = "按".repeat(21);
    let twenty_five = "按".repeat(25);
    let three = choices(TEXT, &THREE);
    let five = choices(TEXT, &FIVE);
    let token = running.state.issue_reply_token(Some("rt"), 60_000);
    let sent = requests(&urls, &three, &token);
    let listed = requests(&urls, &five, &token);

    // Each builder's body, broken as a buggy builder might break it.
    let mut bad: Vec<(ChannelKind, String, OutboundRequest, &str)> = Vec::new();
    for (kind, base, req) in &sent {
        let at = match kind {
            ChannelKind::Messenger | ChannelKind::Instagram => "/message/quick_replies",
            ChannelKind::WhatsApp => "/interactive/action/buttons",
            _ => "/messages/0/quickReply/items",
        };
        if *kind == ChannelKind::Line && req.path.ends_with("reply") {
            continue; // the token works once; push covers LINE's message check
        }
        let mut long = req.clone();
        let label = match kind {
            ChannelKind::Messenger | ChannelKind::Instagram => "/0/title",
            ChannelKind::WhatsApp => "/0/reply/title",
            _ => "/0/action/label",
        };
        *long.body.pointer_mut(&format!("{at}{label}")).unwrap() = json!(twenty_one);
        bad.push((*kind, base.clone(), long, "label of 21 characters"));

        let mut many = req.clone();
        let items = many.body.pointer_mut(at).unwrap().as_array_mut().unwrap();
        let n = match kind {
            ChannelKind::WhatsApp => 4,
            _ => 14,
        };
        let mut i = 0;
        while items.len() < n {
            let mut more = items[i % 3].clone();
            // Distinct ids and titles, so the count is what is wrong.
            if *kind == ChannelKind::WhatsApp {
                more["reply"]["id"] = json!(format!("extra{i}"));
                more["reply"]["title"] = json!(format!("extra{i}"));
            }
            items.push(more);
            i += 1;
        }
        bad.push((*kind, base.clone(), many, "too many buttons"));
    }
    // WhatsApp lists: a row title of 25 characters, 11 rows.
    let (_, base, list) = listed
        .iter()
        .find(|(k, _, _)| *k == ChannelKind::WhatsApp)
        .unwrap();
    let mut long_row = list.clone();
    long_row.body["interactive"]["action"]["sections"][0]["rows"][0]["title"] = json!(twenty_five);
    bad.push((
        ChannelKind::WhatsApp,
        base.clone(),
        long_row,
        "row title of 25",
    ));
    let mut many_rows = list.clone();
    let rows = many_rows.body["interactive"]["action"]["sections"][0]["rows"]
        .as_array_mut()
        .unwrap();
    for i in 5..11 {
        rows.push(json!({"id": format!("omni1:7:2:{i}"), "title": "選項"}));
    }
    bad.push((ChannelKind::WhatsApp, base.clone(), many_rows, "11 rows"));

    for (kind, base, req, what) in bad {
        let (status, body) = post(&http, &base, &req).await;
        assert_eq!(
            status,
            400,
            "{kind:?} {what}: {}",
            String::from_utf8_lossy(&body)
        );
        let answer: Value = serde_json::from_slice(&body).unwrap();
        match kind {
            ChannelKind::Line => {
                let details = answer["details"].as_array().unwrap();
                assert!(
                    details[0]["property"]
                        .as_str()
                        .unwrap()
                        .starts_with("messages[0].quickReply.items"),
                    "{answer}"
                );
            }
            _ => assert_eq!(answer["error"]["code"], 100, "{answer}"),
        }
        assert!(
            matches!(
                read_send_response(kind, status, None, None, &body),
                SendOutcome::Failed { .. }
            ),
            "{kind:?} {what}: {answer}"
        );
    }
}
