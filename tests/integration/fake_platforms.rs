//! The fake platforms (`server::fake`) over real HTTP: sends built by the channel adapters
//! are accepted and read back as the adapters expect, the recorder and scripts work, LINE's
//! retry key and reply tokens behave, media needs its token, receipts come back signed, and
//! the simulator's webhook bodies parse with the channel parsers.

use omni_inbox::domain::{ChannelKind, Delivery};
use omni_inbox::server::channel::outbound::{
    instagram_send, line_push, line_reply, messenger_send, whatsapp_send, MessagingType,
    OutboundContent, OutboundRequest,
};
use omni_inbox::server::channel::profile::{
    instagram_profile, line_content, line_profile, messenger_profile, read_profile,
    read_whatsapp_media, whatsapp_media,
};
use omni_inbox::server::channel::signature::{verify_line, verify_meta};
use omni_inbox::server::channel::{
    parse_instagram, parse_line, parse_messenger, parse_whatsapp, read_send_response, EventKind,
    ReceiptTarget, SendOutcome,
};
use omni_inbox::server::fake::{self, customer_message, SimContent};
use serde_json::{json, Value};
use std::time::Duration;
use tokio::sync::mpsc;

const PAGE: &str = "104727532034518";
const PSID: &str = "7012345678901234";
const IG: &str = "17841400000000001";
const IGSID: &str = "6123456789012345";
const PNID: &str = "106540352242922";
const WA: &str = "16505551234";
const BOT: &str = "U1234567890abcdef1234567890abcdef";
const LINE_USER: &str = "U4af4980629abcdef4af4980629abcdef";
const RETRY_KEY: &str = "123e4567-e89b-42d3-a456-426614174000";
/// Longest a test waits for something to arrive.
const WAIT: Duration = Duration::from_secs(10);

struct Fake {
    running: fake::Running,
    http: reqwest::Client,
}

async fn fake() -> Fake {
    Fake {
        running: fake::start("127.0.0.1:0").await.unwrap(),
        http: reqwest::Client::builder().timeout(WAIT).build().unwrap(),
    }
}

/// A platform's answer.
struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }

    fn outcome(&self, kind: ChannelKind) -> SendOutcome {
        read_send_response(
            kind,
            self.status,
            self.header("retry-after"),
            self.header("x-line-accepted-request-id"),
            &self.body,
        )
    }
}

impl Fake {
    fn origin(&self) -> &str {
        &self.running.origin
    }

    fn base(&self, kind: ChannelKind) -> String {
        let urls = self.running.base_urls();
        match kind {
            ChannelKind::Line => urls.line,
            ChannelKind::Instagram => urls.instagram,
            _ => urls.meta,
        }
    }

    /// Sends an adapter's request the way the outbound worker will: base URL + path, Bearer,
    /// extra headers, JSON body.
    async fn send(&self, base: &str, req: &OutboundRequest) -> Answer {
        let url = format!("{base}{}", req.path);
        let method = reqwest::Method::from_bytes(req.method.as_bytes()).unwrap();
        let mut builder = self.http.request(method, url).bearer_auth(&req.bearer);
        for (k, v) in &req.headers {
            builder = builder.header(k, v);
        }
        if !req.body.is_null() {
            builder = builder.json(&req.body);
        }
        answer(builder.send().await.unwrap()).await
    }

    async fn get(&self, path: &str, bearer: Option<&str>) -> Answer {
        let mut builder = self.http.get(format!("{}{path}", self.origin()));
        if let Some(token) = bearer {
            builder = builder.bearer_auth(token);
        }
        answer(builder.send().await.unwrap()).await
    }

    /// A control-API post; panics unless it answers 200.
    async fn control(&self, path: &str, body: Value) -> Value {
        let a = answer(
            self.http
                .post(format!("{}{path}", self.origin()))
                .json(&body)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(
            a.status,
            200,
            "{path}: {}",
            String::from_utf8_lossy(&a.body)
        );
        a.json()
    }

    async fn requests(&self, prefix: &str) -> Vec<Value> {
        let a = self
            .get(&format!("/_fake/requests?prefix={prefix}"), None)
            .await;
        assert_eq!(a.status, 200);
        a.json().as_array().unwrap().clone()
    }
}

async fn answer(r: reqwest::Response) -> Answer {
    Answer {
        status: r.status().as_u16(),
        headers: r.headers().clone(),
        body: r.bytes().await.unwrap().to_vec(),
    }
}

fn text(t: &str) -> OutboundContent {
    OutboundContent::Text(t.to_owned())
}

fn sent_id(outcome: SendOutcome) -> String {
    match outcome {
        SendOutcome::Sent {
            external_id: Some(id),
        } => id,
        other => panic!("not sent: {other:?}"),
    }
}

fn messenger(token: &str, body: &str) -> OutboundRequest {
    messenger_send("v23.0", token, PSID, &text(body), MessagingType::Response).unwrap()
}

#[tokio::test]
async fn sends_built_by_the_adapters_succeed_and_are_recorded() {
    let f = fake().await;
    let meta = f.base(ChannelKind::Messenger);

    let req = messenger("PAGE_TOKEN", "Your order ships today.");
    let a = f.send(&meta, &req).await;
    let mid = sent_id(a.outcome(ChannelKind::Messenger));
    assert!(mid.starts_with("m_"));
    assert_eq!(a.json()["recipient_id"], PSID);
    let again = sent_id(f.send(&meta, &req).await.outcome(ChannelKind::Messenger));
    assert_ne!(mid, again, "every send gets a fresh id");

    // Human agent tag, an attachment, and the Instagram-login host.
    let tagged = messenger_send(
        "v23.0",
        "PAGE_TOKEN",
        PSID,
        &OutboundContent::Media {
            kind: omni_inbox::server::channel::AttachmentKind::Image,
            url: format!("{}/cdn/photo.png", f.origin()),
            file_name: None,
            caption: None,
            preview_url: None,
        },
        MessagingType::HumanAgentTag,
    )
    .unwrap();
    sent_id(f.send(&meta, &tagged).await.outcome(ChannelKind::Messenger));
    let ig = instagram_send(
        "v23.0",
        "IG_TOKEN",
        IGSID,
        &text("Yes"),
        MessagingType::Response,
    )
    .unwrap();
    let ig_id = sent_id(
        f.send(&f.base(ChannelKind::Instagram), &ig)
            .await
            .outcome(ChannelKind::Instagram),
    );
    assert!(ig_id.starts_with("aWdf"));

    let wa = whatsapp_send(
        "v23.0",
        PNID,
        "WA_TOKEN",
        "+16505551234",
        &text("Yes — blue and green."),
        Some("wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTEx"),
    )
    .unwrap();
    let a = f.send(&meta, &wa).await;
    let wamid = sent_id(a.outcome(ChannelKind::WhatsApp));
    assert!(wamid.starts_with("wamid."));
    assert_eq!(
        a.json()["contacts"],
        json!([{ "input": "+16505551234", "wa_id": WA }])
    );
    assert_eq!(a.json()["messaging_product"], "whatsapp");

    let push = line_push(
        "LINE_TOKEN",
        LINE_USER,
        &text("はい、可能です。"),
        RETRY_KEY,
    )
    .unwrap();
    let a = f.send(&f.base(ChannelKind::Line), &push).await;
    let line_id = sent_id(a.outcome(ChannelKind::Line));
    assert_eq!(line_id.len(), 18);
    assert!(a.header("x-line-request-id").is_some());
    assert!(a.json()["sentMessages"][0]["quoteToken"].is_string());

    // The recorder saw each request as sent, with its answer.
    let all = f.requests("/").await;
    assert_eq!(all.len(), 6);
    let first = &all[0];
    assert_eq!(first["method"], "POST");
    assert_eq!(first["path"], "/meta/v23.0/me/messages");
    assert_eq!(first["headers"]["authorization"], "Bearer PAGE_TOKEN");
    assert_eq!(first["body"], req.body);
    assert_eq!(first["status"], 200);
    assert_eq!(first["scripted"], false);
    let line = f.requests("/line").await;
    assert_eq!(line.len(), 1);
    assert_eq!(line[0]["headers"]["x-line-retry-key"], RETRY_KEY);
    assert_eq!(line[0]["body"], push.body);
    assert_eq!(f.requests("/meta/v23.0/").await.len(), 4);

    // The access_token query works as well as a Bearer header.
    let a = answer(
        f.http
            .post(format!(
                "{meta}/v23.0/{PAGE}/messages?access_token=PAGE_TOKEN"
            ))
            .json(&req.body)
            .send()
            .await
            .unwrap(),
    )
    .await;
    sent_id(a.outcome(ChannelKind::Messenger));

    f.control("/_fake/reset", json!({})).await;
    assert!(f.requests("/").await.is_empty());
}

#[tokio::test]
async fn malformed_requests_get_the_platform_error() {
    let f = fake().await;
    let meta = f.base(ChannelKind::Messenger);

    let mut req = messenger("T", "hi");
    req.body.as_object_mut().unwrap().remove("messaging_type");
    let a = f.send(&meta, &req).await;
    assert_eq!(a.status, 400);
    assert_eq!(a.json()["error"]["code"], 100);
    assert!(matches!(
        a.outcome(ChannelKind::Messenger),
        SendOutcome::Failed { code: Some(c), reauthorize: false, .. } if c == "100"
    ));

    let mut req = messenger("T", "hi");
    req.body["message"]["text"] = json!("");
    assert_eq!(f.send(&meta, &req).await.status, 400);
    let mut req = messenger("T", "hi");
    req.body["recipient"] = json!({});
    assert_eq!(f.send(&meta, &req).await.status, 400);

    // No token at all.
    let mut req = messenger("T", "hi");
    req.bearer = String::new();
    let a = answer(
        f.http
            .post(format!("{meta}{}", req.path))
            .json(&req.body)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, 401);
    assert!(matches!(
        a.outcome(ChannelKind::Messenger),
        SendOutcome::Failed {
            reauthorize: true,
            ..
        }
    ));

    let mut wa = whatsapp_send("v23.0", PNID, "T", WA, &text("x"), None).unwrap();
    wa.body["text"]["body"] = json!("");
    let a = f.send(&meta, &wa).await;
    assert_eq!(a.status, 400);
    assert!(a.json()["error"]["error_data"]["details"].is_string());
    let mut wa = whatsapp_send("v23.0", PNID, "T", WA, &text("x"), None).unwrap();
    wa.body["to"] = json!("not a number");
    assert_eq!(f.send(&meta, &wa).await.status, 400);

    let line = f.base(ChannelKind::Line);
    let mut push = line_push("T", LINE_USER, &text("x"), "").unwrap();
    push.body["messages"] = json!([{ "type": "text", "text": "" }]);
    let a = f.send(&line, &push).await;
    assert_eq!(a.status, 400);
    assert_eq!(a.json()["details"][0]["property"], "messages[0].text");
    match a.outcome(ChannelKind::Line) {
        SendOutcome::Failed { reason, .. } => {
            assert!(reason.contains("messages[0].text"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
    let six = vec![json!({"type": "text", "text": "a"}); 6];
    push.body["messages"] = json!(six);
    assert_eq!(f.send(&line, &push).await.status, 400);
    let mut no_token = line_push("T", LINE_USER, &text("x"), "").unwrap();
    no_token.bearer = String::new();
    let a = answer(
        f.http
            .post(format!("{line}{}", no_token.path))
            .json(&no_token.body)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, 401);
    let bad_key = line_push("T", LINE_USER, &text("x"), "not-a-uuid").unwrap();
    assert_eq!(f.send(&line, &bad_key).await.status, 400);

    // Nothing malformed was "sent": every answer above was an error.
    assert!(f
        .requests("/")
        .await
        .iter()
        .all(|r| r["status"].as_u64().unwrap() >= 400));
}

#[tokio::test]
async fn a_scripted_500_then_normal_behaviour() {
    let f = fake().await;
    let meta = f.base(ChannelKind::Messenger);
    f.control(
        "/_fake/script",
        json!({"route": "/meta/v23.0/me/messages", "responses": [
            {"status": 500, "body": {"error": {"message": "boom", "code": 1}}, "headers": {"Retry-After": "1"}}
        ]}),
    )
    .await;
    let req = messenger("T", "hi");
    assert_eq!(
        f.send(&meta, &req).await.outcome(ChannelKind::Messenger),
        SendOutcome::Retry {
            after_ms: Some(1000),
            reason: "1 - boom".into()
        }
    );
    sent_id(f.send(&meta, &req).await.outcome(ChannelKind::Messenger));
    let recorded = f.requests("/meta").await;
    assert_eq!(
        recorded
            .iter()
            .map(|r| (
                r["status"].as_u64().unwrap(),
                r["scripted"].as_bool().unwrap()
            ))
            .collect::<Vec<_>>(),
        [(500, true), (200, false)]
    );
}

#[tokio::test]
async fn canned_errors_read_as_the_adapters_expect() {
    let f = fake().await;
    let meta = f.base(ChannelKind::Messenger);
    // A prefix route covers every Graph call.
    f.control(
        "/_fake/script",
        json!({"route": "/meta", "responses": [
            {"error": "meta_190"}, {"error": "meta_10_2018278"}, {"error": "meta_613"}
        ]}),
    )
    .await;
    let req = messenger("T", "hi");
    match f.send(&meta, &req).await.outcome(ChannelKind::Messenger) {
        SendOutcome::Failed {
            code,
            reauthorize: true,
            ..
        } => assert_eq!(code.as_deref(), Some("190/463")),
        other => panic!("{other:?}"),
    }
    match f.send(&meta, &req).await.outcome(ChannelKind::Messenger) {
        SendOutcome::Failed {
            code,
            reauthorize: false,
            ..
        } => assert_eq!(code.as_deref(), Some("10/2018278")),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        f.send(&meta, &req).await.outcome(ChannelKind::Messenger),
        SendOutcome::Retry { .. }
    ));

    let wa = whatsapp_send("v23.0", PNID, "T", WA, &text("x"), None).unwrap();
    f.control(
        "/_fake/script",
        json!({"route": format!("/meta/v23.0/{PNID}/messages"), "responses": [
            {"error": "wa_131047"}, {"error": "wa_131056"}
        ]}),
    )
    .await;
    match f.send(&meta, &wa).await.outcome(ChannelKind::WhatsApp) {
        SendOutcome::Failed { code, reason, .. } => {
            assert_eq!(code.as_deref(), Some("131047"));
            assert!(reason.contains("24 hours"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        f.send(&meta, &wa).await.outcome(ChannelKind::WhatsApp),
        SendOutcome::Retry { .. }
    ));

    let line = f.base(ChannelKind::Line);
    f.control(
        "/_fake/script",
        json!({"route": "/line/v2/bot/message/push", "method": "POST", "responses": [{"error": "line_429"}]}),
    )
    .await;
    let push = line_push("T", LINE_USER, &text("x"), RETRY_KEY).unwrap();
    assert!(matches!(
        f.send(&line, &push).await.outcome(ChannelKind::Line),
        SendOutcome::Retry {
            after_ms: Some(1000),
            ..
        }
    ));
    // The refused push did not use up its retry key.
    sent_id(f.send(&line, &push).await.outcome(ChannelKind::Line));

    let bad = answer(
        f.http
            .post(format!("{}/_fake/script", f.origin()))
            .json(&json!({"route": "/meta", "responses": [{"error": "no_such_error"}]}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(bad.status, 400);
}

#[tokio::test]
async fn line_retry_key_sends_once_then_409_already_accepted() {
    let f = fake().await;
    let line = f.base(ChannelKind::Line);
    let push = line_push("T", LINE_USER, &text("once"), RETRY_KEY).unwrap();
    let first = f.send(&line, &push).await;
    let id = sent_id(first.outcome(ChannelKind::Line));
    let request_id = first.header("x-line-request-id").unwrap().to_owned();
    let second = f.send(&line, &push).await;
    assert_eq!(second.status, 409);
    assert_eq!(
        second.outcome(ChannelKind::Line),
        SendOutcome::AlreadyAccepted {
            request_id: Some(request_id)
        }
    );
    assert_eq!(second.json()["sentMessages"][0]["id"], id.as_str());
    // Another key is another message.
    let other = line_push(
        "T",
        LINE_USER,
        &text("once"),
        "223e4567-e89b-42d3-a456-426614174000",
    )
    .unwrap();
    assert_ne!(
        sent_id(f.send(&line, &other).await.outcome(ChannelKind::Line)),
        id
    );
    // Without a key every push sends.
    let keyless = line_push("T", LINE_USER, &text("again"), "").unwrap();
    sent_id(f.send(&line, &keyless).await.outcome(ChannelKind::Line));
    sent_id(f.send(&line, &keyless).await.outcome(ChannelKind::Line));
}

#[tokio::test]
async fn a_reply_token_works_once() {
    let f = fake().await;
    let line = f.base(ChannelKind::Line);
    let token = f.control("/_fake/reply-tokens", json!({})).await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let reply = line_reply("T", &token, &text("ありがとう")).unwrap();
    sent_id(f.send(&line, &reply).await.outcome(ChannelKind::Line));
    let again = f.send(&line, &reply).await;
    assert_eq!(again.status, 400);
    assert_eq!(again.json(), json!({ "message": "Invalid reply token" }));
    assert!(matches!(
        again.outcome(ChannelKind::Line),
        SendOutcome::Failed { reason, .. } if reason == "Invalid reply token"
    ));
    for unknown in ["nope", ""] {
        let r = line_reply("T", unknown, &text("x")).unwrap();
        assert_eq!(f.send(&line, &r).await.status, 400, "{unknown:?}");
    }
    // A named token, already expired.
    f.control("/_fake/reply-tokens", json!({"token": "old", "ttl_ms": -1}))
        .await;
    let r = line_reply("T", "old", &text("x")).unwrap();
    assert_eq!(f.send(&line, &r).await.status, 400);
    // In process, the same.
    let t = f.running.state.issue_reply_token(None, 60_000);
    let r = line_reply("T", &t, &text("x")).unwrap();
    sent_id(f.send(&line, &r).await.outcome(ChannelKind::Line));
}

#[tokio::test]
async fn media_needs_its_bearer_token() {
    let f = fake().await;
    let meta = f.base(ChannelKind::WhatsApp);
    let bytes = b"%PDF-1.4 fake".to_vec();
    use base64::Engine as _;
    let registered = f
        .control(
            "/_fake/media",
            json!({"id": "987654321", "mime_type": "application/pdf",
                   "base64": base64::engine::general_purpose::STANDARD.encode(&bytes)}),
        )
        .await;
    assert_eq!(registered["file_size"], bytes.len());

    let info = f
        .send(&meta, &whatsapp_media("v23.0", "WA_TOKEN", "987654321"))
        .await;
    assert_eq!(info.status, 200);
    assert_eq!(info.json()["sha256"], registered["sha256"]);
    let media = read_whatsapp_media(info.status, &info.body).unwrap();
    assert_eq!(media.mime_type.as_deref(), Some("application/pdf"));
    assert_eq!(media.file_size, Some(bytes.len() as u64));
    assert_eq!(
        media.url,
        format!("{}/meta/media-bytes/987654321", f.origin())
    );

    let path = media.url.strip_prefix(f.origin()).unwrap();
    let got = f.get(path, Some("WA_TOKEN")).await;
    assert_eq!(got.status, 200);
    assert_eq!(got.header("content-type"), Some("application/pdf"));
    assert_eq!(got.body, bytes);
    assert_eq!(f.get(path, None).await.status, 401);
    assert_eq!(f.get(path, Some("OTHER")).await.status, 401);
    assert_eq!(f.get("/meta/v23.0/987654321", None).await.status, 401);

    // An id never registered is a small PNG.
    let info = f
        .send(&meta, &whatsapp_media("v23.0", "WA_TOKEN", "111"))
        .await;
    let media = read_whatsapp_media(info.status, &info.body).unwrap();
    assert_eq!(media.mime_type.as_deref(), Some("image/png"));
    let png = f
        .get(
            media.url.strip_prefix(f.origin()).unwrap(),
            Some("WA_TOKEN"),
        )
        .await;
    assert!(png.body.starts_with(b"\x89PNG\r\n\x1a\n"));
    assert_eq!(Some(png.body.len() as u64), media.file_size);

    // LINE content on the data API, with and without the token.
    let data = f.running.base_urls().line_data;
    let content = f
        .send(&data, &line_content("LINE_TOKEN", "987654321"))
        .await;
    assert_eq!((content.status, content.body.clone()), (200, bytes.clone()));
    let mut anonymous = line_content("", "987654321");
    anonymous.bearer = String::new();
    let a = answer(
        f.http
            .get(format!("{data}{}", anonymous.path))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, 401);

    // Plain attachment URLs for Messenger and Instagram.
    let cdn = f.get("/cdn/photo.png", None).await;
    assert_eq!(cdn.header("content-type"), Some("image/png"));
    assert!(cdn.body.starts_with(b"\x89PNG"));
}

#[tokio::test]
async fn profiles_registered_or_default() {
    let f = fake().await;
    f.control("/_fake/profiles", json!({"id": PSID, "name": "王小明"}))
        .await;
    let meta = f.base(ChannelKind::Messenger);
    let a = f.send(&meta, &messenger_profile("v23.0", "T", PSID)).await;
    assert_eq!(a.status, 200);
    let v = a.json();
    assert_eq!(v["id"], PSID);
    assert_eq!(v["name"], "王小明");
    assert!(v["profile_pic"].as_str().unwrap().starts_with(f.origin()));
    let p = read_profile(ChannelKind::Messenger, a.status, &a.body).unwrap();
    assert_eq!(p.name.as_deref(), Some("王小明"));

    let a = f
        .send(
            &f.base(ChannelKind::Instagram),
            &instagram_profile("v23.0", "T", IGSID),
        )
        .await;
    let p = read_profile(ChannelKind::Instagram, a.status, &a.body).unwrap();
    assert_eq!(p.name, Some(fake::profiles::default_name(IGSID)));
    assert!(a.json()["username"].is_string());

    let a = f
        .send(&f.base(ChannelKind::Line), &line_profile("T", LINE_USER))
        .await;
    let v = a.json();
    assert_eq!(v["userId"], LINE_USER);
    assert_eq!(v["displayName"], fake::profiles::default_name(LINE_USER));
    assert_eq!(v["language"], "zh-TW");
    assert!(read_profile(ChannelKind::Line, a.status, &a.body).is_some());

    let bad = f
        .get(
            &format!("/meta/v23.0/{PSID}?fields=name,shoe_size"),
            Some("T"),
        )
        .await;
    assert_eq!(bad.status, 400);
}

/// A stand-in for the inbox's webhook endpoint: every post's signature header and body.
async fn webhook_sink() -> (String, mpsc::UnboundedReceiver<(Option<String>, Vec<u8>)>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let app = axum::Router::new().route(
        "/webhooks/{kind}",
        axum::routing::post(
            move |headers: axum::http::HeaderMap, body: axum::body::Bytes| {
                let tx = tx.clone();
                async move {
                    let sig = headers
                        .get("x-hub-signature-256")
                        .or_else(|| headers.get("x-line-signature"))
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned);
                    let _ = tx.send((sig, body.to_vec()));
                    "EVENT_RECEIVED"
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (origin, rx)
}

async fn next_post(
    rx: &mut mpsc::UnboundedReceiver<(Option<String>, Vec<u8>)>,
) -> (Option<String>, Vec<u8>) {
    tokio::time::timeout(WAIT, rx.recv())
        .await
        .expect("a webhook within the wait")
        .unwrap()
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

#[tokio::test]
async fn receipts_come_back_signed_delivery_then_read() {
    let f = fake().await;
    let (sink, mut rx) = webhook_sink().await;
    f.control(
        "/_fake/receipts",
        json!({"kind": "messenger", "account_id": PAGE, "access_token": "PAGE_TOKEN",
               "webhook_url": format!("{sink}/webhooks/messenger"), "secret": "app-secret",
               "delay_ms": 50, "states": ["delivered", "read"]}),
    )
    .await;
    let before = now_ms();
    let mid = sent_id(
        f.send(
            &f.base(ChannelKind::Messenger),
            &messenger("PAGE_TOKEN", "hi"),
        )
        .await
        .outcome(ChannelKind::Messenger),
    );

    let (sig, body) = next_post(&mut rx).await;
    assert_eq!(verify_meta(b"app-secret", sig.as_deref(), &body), Ok(()));
    let parsed = parse_messenger(&body, PAGE).unwrap();
    assert_eq!(parsed.events.len(), 1);
    assert_eq!(parsed.events[0].sender, PSID);
    assert_eq!(
        parsed.events[0].kind,
        EventKind::Receipt {
            state: Delivery::Delivered,
            target: ReceiptTarget::Ids(vec![mid.clone()]),
            error: None
        }
    );
    let (sig, body) = next_post(&mut rx).await;
    assert_eq!(verify_meta(b"app-secret", sig.as_deref(), &body), Ok(()));
    let parsed = parse_messenger(&body, PAGE).unwrap();
    match &parsed.events[0].kind {
        EventKind::Receipt {
            state: Delivery::Read,
            target: ReceiptTarget::Watermark(w),
            ..
        } => assert!(*w >= before, "the watermark covers the message"),
        other => panic!("{other:?}"),
    }

    // WhatsApp: statuses for the wamid.
    f.control(
        "/_fake/receipts",
        json!({"kind": "whatsapp", "account_id": PNID,
               "webhook_url": format!("{sink}/webhooks/whatsapp"), "secret": "wa-secret",
               "delay_ms": 20}),
    )
    .await;
    let wa = whatsapp_send("v23.0", PNID, "WA_TOKEN", WA, &text("x"), None).unwrap();
    let wamid = sent_id(
        f.send(&f.base(ChannelKind::WhatsApp), &wa)
            .await
            .outcome(ChannelKind::WhatsApp),
    );
    for state in [Delivery::Delivered, Delivery::Read] {
        let (sig, body) = next_post(&mut rx).await;
        assert_eq!(verify_meta(b"wa-secret", sig.as_deref(), &body), Ok(()));
        let parsed = parse_whatsapp(&body, PNID).unwrap();
        assert_eq!(
            parsed.events[0].kind,
            EventKind::Receipt {
                state,
                target: ReceiptTarget::Ids(vec![wamid.clone()]),
                error: None
            }
        );
        assert_eq!(parsed.events[0].sender, WA);
    }

    // Instagram: messaging_seen names the mid.
    f.control(
        "/_fake/receipts",
        json!({"kind": "instagram", "account_id": IG,
               "webhook_url": format!("{sink}/webhooks/instagram"), "secret": "ig-secret",
               "delay_ms": 20}),
    )
    .await;
    let ig = instagram_send(
        "v23.0",
        "IG_TOKEN",
        IGSID,
        &text("Yes"),
        MessagingType::Response,
    )
    .unwrap();
    let ig_mid = sent_id(
        f.send(&f.base(ChannelKind::Instagram), &ig)
            .await
            .outcome(ChannelKind::Instagram),
    );
    let (sig, body) = next_post(&mut rx).await;
    assert_eq!(verify_meta(b"ig-secret", sig.as_deref(), &body), Ok(()));
    assert_eq!(
        parse_instagram(&body, IG).unwrap().events[0].kind,
        EventKind::Receipt {
            state: Delivery::Read,
            target: ReceiptTarget::Ids(vec![ig_mid]),
            error: None
        }
    );

    // A target nobody listens on: the failure is logged, the send still succeeded.
    f.control(
        "/_fake/receipts",
        json!({"kind": "messenger", "account_id": "999", "webhook_url": "http://127.0.0.1:9/x",
               "secret": "s", "delay_ms": 0, "states": ["delivered"]}),
    )
    .await;
    let mut to_999 = messenger("T", "x");
    to_999.path = "/v23.0/999/messages".into();
    sent_id(
        f.send(&f.base(ChannelKind::Messenger), &to_999)
            .await
            .outcome(ChannelKind::Messenger),
    );
    let failed = tokio::time::timeout(WAIT, async {
        loop {
            let posts = f.running.state.receipt_posts();
            if let Some(p) = posts.into_iter().find(|p| p.account_id == "999") {
                return p;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
    .unwrap();
    assert!(
        failed.status.is_none() && failed.error.is_some(),
        "{failed:?}"
    );
    let listed = f.get("/_fake/receipts", None).await.json();
    assert_eq!(listed["targets"].as_array().unwrap().len(), 4);
    assert!(listed["posts"].as_array().unwrap().len() >= 6);
}

#[tokio::test]
async fn simulator_bodies_parse_for_all_four_kinds() {
    let now = now_ms();
    let name = "陳美玲";
    let said = "你好，請問訂單寄出了嗎？";
    let cases = [
        (ChannelKind::Messenger, PAGE, PSID),
        (ChannelKind::Instagram, IG, IGSID),
        (ChannelKind::WhatsApp, PNID, WA),
        (ChannelKind::Line, BOT, LINE_USER),
    ];
    for (kind, account, sender) in cases {
        let body = customer_message(
            kind,
            account,
            sender,
            name,
            SimContent::Text(said.into()),
            now,
            "sim-1",
        );
        let raw = String::from_utf8(body.clone()).unwrap();
        if kind == ChannelKind::Line {
            assert!(raw.contains(said), "LINE sends UTF-8 as it is");
        } else {
            assert!(raw.is_ascii(), "{kind}: Meta escapes non-ASCII");
            assert!(
                raw.contains(r"\u4f60\u597d"),
                "{kind}: lowercase \\uXXXX: {raw}"
            );
        }
        let (header, value) = fake::sign(kind, b"secret", &body);
        let parsed = match kind {
            ChannelKind::Messenger => parse_messenger(&body, account),
            ChannelKind::Instagram => parse_instagram(&body, account),
            ChannelKind::WhatsApp => parse_whatsapp(&body, account),
            _ => parse_line(&body, account),
        }
        .unwrap();
        if kind == ChannelKind::Line {
            assert_eq!(header, "x-line-signature");
            assert_eq!(verify_line(b"secret", Some(&value), &body), Ok(()));
        } else {
            assert_eq!(header, "X-Hub-Signature-256");
            assert_eq!(verify_meta(b"secret", Some(&value), &body), Ok(()));
        }
        assert!(parsed.ignored.is_empty(), "{kind}: {:?}", parsed.ignored);
        assert_eq!(parsed.events.len(), 1, "{kind}");
        let e = &parsed.events[0];
        assert_eq!(e.sender, sender);
        match &e.kind {
            EventKind::Message {
                text,
                profile_name,
                reply_token,
                external_id,
                ..
            } => {
                assert_eq!(text, said);
                assert_eq!(external_id, &fake::webhook::message_id(kind, "sim-1"));
                assert_eq!(
                    profile_name.as_deref(),
                    (kind == ChannelKind::WhatsApp).then_some(name)
                );
                assert_eq!(reply_token.is_some(), kind == ChannelKind::Line);
            }
            other => panic!("{kind}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn the_fake_posts_a_customer_message_and_the_line_reply_works() {
    let f = fake().await;
    let (sink, mut rx) = webhook_sink().await;
    let posted = f
        .control(
            "/_fake/inbound",
            json!({"kind": "line", "account_id": BOT, "sender_id": LINE_USER,
                   "sender_name": "林小美", "text": "予約できますか？",
                   "webhook_url": format!("{sink}/webhooks/line"), "secret": "ch-secret"}),
        )
        .await;
    assert_eq!(posted["status"], 200);
    let (sig, body) = next_post(&mut rx).await;
    assert_eq!(verify_line(b"ch-secret", sig.as_deref(), &body), Ok(()));
    let parsed = parse_line(&body, BOT).unwrap();
    let reply_token = match &parsed.events[0].kind {
        EventKind::Message { reply_token, .. } => reply_token.clone().unwrap(),
        other => panic!("{other:?}"),
    };
    // The token in the body works once; the sender's name is their profile.
    let reply = line_reply("T", &reply_token, &text("はい")).unwrap();
    sent_id(
        f.send(&f.base(ChannelKind::Line), &reply)
            .await
            .outcome(ChannelKind::Line),
    );
    assert_eq!(f.send(&f.base(ChannelKind::Line), &reply).await.status, 400);
    let profile = f
        .send(&f.base(ChannelKind::Line), &line_profile("T", LINE_USER))
        .await;
    assert_eq!(profile.json()["displayName"], "林小美");

    let posted = f
        .control(
            "/_fake/inbound",
            json!({"kind": "whatsapp", "account_id": PNID, "sender_id": WA,
                   "image": "55501", "webhook_url": format!("{sink}/webhooks/whatsapp"),
                   "secret": "wa-secret"}),
        )
        .await;
    let (sig, body) = next_post(&mut rx).await;
    assert_eq!(verify_meta(b"wa-secret", sig.as_deref(), &body), Ok(()));
    let e = &parse_whatsapp(&body, PNID).unwrap().events[0];
    assert_eq!(e.key, posted["message_id"].as_str().unwrap());
}

#[tokio::test]
async fn a_slow_route_makes_the_client_time_out() {
    let f = fake().await;
    f.control(
        "/_fake/delay",
        json!({"route": "/line/v2/bot/message/push", "delay_ms": 2000}),
    )
    .await;
    let push = line_push("T", LINE_USER, &text("x"), "").unwrap();
    let impatient = reqwest::Client::builder()
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = impatient
        .post(format!("{}{}", f.base(ChannelKind::Line), push.path))
        .bearer_auth("T")
        .json(&push.body)
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err}");
    // Other routes are not slowed, and removing the delay restores the route.
    let profile = f
        .send(&f.base(ChannelKind::Line), &line_profile("T", LINE_USER))
        .await;
    assert_eq!(profile.status, 200);
    f.control(
        "/_fake/delay",
        json!({"route": "/line/v2/bot/message/push", "delay_ms": 0}),
    )
    .await;
    sent_id(
        f.send(&f.base(ChannelKind::Line), &push)
            .await
            .outcome(ChannelKind::Line),
    );
    // A one-off slow success from a script.
    f.control(
        "/_fake/script",
        json!({"route": "/line", "responses": [{"pass": true, "delay_ms": 300}]}),
    )
    .await;
    let started = std::time::Instant::now();
    sent_id(
        f.send(&f.base(ChannelKind::Line), &push)
            .await
            .outcome(ChannelKind::Line),
    );
    assert!(started.elapsed() >= Duration::from_millis(300));
}
