//! The website chat widget's API through the real router (issue 12): only the widget's sites
//! open sessions and frame it, a visitor's messages reach the inbox through the one ingest and
//! the team's replies reach the visitor (history and stream), the site's identity HMAC is
//! checked (a forged one never sees the real user's history), rate limits and size caps
//! refuse before any work, a blacklisted visitor is dropped, other sites can neither post nor
//! read, and the loader stays within its budget. The bot's buttons (issue 14) reach the
//! visitor with its messages, and a tap's payload continues its flow.

use crate::common::{as_member, App, TestDb};
use crate::live_stream::SseStream;
use axum::body::Body;
use http::{header, Request, StatusCode};
use omni_inbox::domain::batch::{BatchAction, Picked};
use omni_inbox::domain::bot::buttons::parse_tap;
use omni_inbox::domain::bot::config::{FlowDraft, Greeting, Reply, RuleDraft, Step};
use omni_inbox::domain::bot::{Button, ButtonAction, Channels, FlowAt, MatchMode};
use omni_inbox::domain::{ConversationId, Handler, MessageKind};
use omni_inbox::server::auth::now_millis;
use omni_inbox::server::channel::signature::user_hash;
use omni_inbox::server::demo::{DEMO_WIDGET_KEY, DEMO_WIDGET_SECRET};
use omni_inbox::server::service::batch::{run, BatchRequest};
use omni_inbox::server::service::conversation::{act, visible, Act};
use serde_json::{json, Value};
use std::time::Duration;

const SITE: &str = "http://localhost:3100";
const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

async fn call(
    app: &App,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut b = Request::builder().method(method).uri(path);
    if let Some(t) = token {
        b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let req = match body {
        Some(v) => b
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(v.to_string()))
            .unwrap(),
        None => b.body(Body::empty()).unwrap(),
    };
    let r = app.send(req).await;
    let v = serde_json::from_str(&r.body).unwrap_or(Value::Null);
    (r.status, v)
}

async fn session(app: &App, token: Option<&str>) -> Value {
    let (status, v) = call(
        app,
        "POST",
        "/widget/v1/session",
        None,
        Some(json!({ "key": DEMO_WIDGET_KEY, "token": token, "host": SITE })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    v
}

fn token(v: &Value) -> String {
    v["token"].as_str().unwrap().to_owned()
}

async fn say(app: &App, token: &str, text: &str, echo: &str) -> (StatusCode, Value) {
    call(
        app,
        "POST",
        "/widget/v1/messages",
        Some(token),
        Some(json!({ "text": text, "echo_id": echo })),
    )
    .await
}

fn texts(v: &Value) -> Vec<String> {
    v["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            format!(
                "{}:{}",
                m["from"].as_str().unwrap(),
                m["text"].as_str().unwrap()
            )
        })
        .collect()
}

/// The demo web chat conversation whose last message is `text`.
async fn conversation_of(app: &App, text: &str) -> ConversationId {
    let id: i64 = app
        .db
        .scalar(&format!(
            "select c.id from conversations c join channels ch on ch.id = c.channel_id
             where ch.kind = 'web_chat' and c.last_message_preview = '{text}'"
        ))
        .await;
    ConversationId(id)
}

fn files_dir() -> std::path::PathBuf {
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    std::env::temp_dir().join(format!("omni-widget-{}-{n}", std::process::id()))
}

/// The demo app with a file store of its own.
async fn with_files() -> (App, std::path::PathBuf) {
    let dir = files_dir();
    let path = dir.display().to_string();
    let app =
        crate::common::app_with(&[("APP_SEED_DEMO", "true"), ("APP_FILES_DIR", path.as_str())])
            .await;
    (app, dir)
}

/// The demo app on `db` (either engine) with a file store of its own.
async fn with_files_on(db: TestDb) -> (App, std::path::PathBuf) {
    let dir = files_dir();
    let path = dir.display().to_string();
    let app = crate::common::app_on(db, &[("APP_FILES_DIR", path.as_str())]).await;
    (app, dir)
}

/// Files under `dir`, however deep.
fn walk(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| {
                    if e.path().is_dir() {
                        walk(&e.path())
                    } else {
                        1
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

#[tokio::test]
async fn only_the_widgets_sites_open_sessions_and_frame_it() {
    let app = crate::common::app().await;
    for (host, status, code) in [
        (
            "https://evil.example",
            StatusCode::FORBIDDEN,
            "site_not_allowed",
        ),
        ("null", StatusCode::FORBIDDEN, "site_not_allowed"),
    ] {
        let (s, v) = call(
            &app,
            "POST",
            "/widget/v1/session",
            None,
            Some(json!({ "key": DEMO_WIDGET_KEY, "host": host })),
        )
        .await;
        assert_eq!((s, v["error"].as_str()), (status, Some(code)), "{host}");
        assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let (s, v) = call(
        &app,
        "POST",
        "/widget/v1/session",
        None,
        Some(json!({ "key": "wk_nope", "host": SITE })),
    )
    .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::NOT_FOUND, Some("unknown_widget"))
    );
    // The inbox's own pages (its demo) may run it too.
    let own = json!({ "key": DEMO_WIDGET_KEY, "host": "http://127.0.0.1:3000" });
    assert_eq!(
        call(&app, "POST", "/widget/v1/session", None, Some(own))
            .await
            .0,
        StatusCode::OK
    );

    // The frame: framed only by the widget's sites, running only its own script.
    let ok = app
        .get(
            &format!("/widget/frame?key={DEMO_WIDGET_KEY}&host={SITE}"),
            None,
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    let csp = ok.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(
        csp.contains("frame-ancestors 'self' http://localhost:3000 http://localhost:3100"),
        "{csp}"
    );
    assert!(
        csp.contains("script-src 'self';") && csp.contains("default-src 'none'"),
        "{csp}"
    );
    assert!(!ok.body.contains("<script>"), "no inline script");
    let bad = app
        .get(
            &format!("/widget/frame?key={DEMO_WIDGET_KEY}&host=https://evil.example"),
            None,
        )
        .await;
    assert_eq!(bad.status, StatusCode::FORBIDDEN);
    assert!(bad.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .contains("frame-ancestors 'none'"));
}

#[tokio::test]
async fn other_sites_can_neither_post_nor_read() {
    let app = crate::common::app().await;
    let t = token(&session(&app, None).await);
    // A cross-site POST (a form or fetch from another site) is refused before anything.
    let req = Request::post("/widget/v1/messages")
        .header(header::AUTHORIZATION, format!("Bearer {t}"))
        .header(header::ORIGIN, "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            json!({ "text": "hi", "echo_id": "x1" }).to_string(),
        ))
        .unwrap();
    assert_eq!(app.send(req).await.status, StatusCode::FORBIDDEN);
    // Answers never let another site read them (no CORS header), and need the token.
    let req = Request::get("/widget/v1/messages")
        .header(header::AUTHORIZATION, format!("Bearer {t}"))
        .header(header::ORIGIN, "https://evil.example")
        .body(Body::empty())
        .unwrap();
    let r = app.send(req).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
    assert_eq!(
        call(&app, "GET", "/widget/v1/messages", None, None).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        call(&app, "GET", "/widget/v1/messages", Some("forged"), None)
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get("/widget/v1/events?token=forged", None).await.status,
        StatusCode::UNAUTHORIZED
    );
}

crate::common::engine_test!(a_visitor_and_an_agent_write_to_each_other);
crate::common::engine_test!(a_verified_identity_follows_the_user_and_a_forged_one_gets_nothing);

async fn a_visitor_and_an_agent_write_to_each_other(db: TestDb) {
    let (app, _files) = with_files_on(db).await;
    let s = &app.db.store;
    let first = session(&app, None).await;
    let t = token(&first);
    assert_eq!(first["messages"], json!([]));
    assert_eq!(first["look"]["display_name"], "晨光咖啡 Morning Light");

    let (status, sent) = say(&app, &t, "請問有燕麥奶嗎？", "e-1").await;
    assert_eq!(status, StatusCode::OK, "{sent}");
    assert_eq!(sent["message"]["from"], "visitor");
    assert_eq!(sent["message"]["echo_id"], "e-1");
    assert_eq!(sent["message"]["state"], "sent");
    // A retry of the same message is stored once.
    let (_, again) = say(&app, &t, "請問有燕麥奶嗎？", "e-1").await;
    assert_eq!(again["message"]["id"], sent["message"]["id"]);

    // It is a pending web chat conversation in the inbox.
    let id = conversation_of(&app, "請問有燕麥奶嗎？").await;
    let agent = as_member(s, "agent@demo.test").await;
    let rec = visible(s, &agent, id).await.unwrap();
    assert_eq!(
        rec.facts.state.handler(),
        Some(omni_inbox::domain::Handler::Human)
    );

    // The visitor's stream hears the agent's reply at once, marked delivered as it goes out.
    let mut stream = SseStream::open_path(
        &app,
        &format!(
            "/widget/v1/events?token={t}&after={}",
            sent["message"]["id"]
        ),
        None,
    )
    .await;
    act(s, &agent, id, rec.version, Act::FollowUp, now_millis())
        .await
        .unwrap();
    omni_inbox::server::service::reply::send(
        s,
        &agent,
        id,
        MessageKind::Outbound,
        "有的，燕麥拿鐵加 10 元。",
        now_millis(),
    )
    .await
    .unwrap();
    omni_inbox::server::service::reply::send(
        s,
        &agent,
        id,
        MessageKind::Note,
        "內部備註：VIP",
        now_millis(),
    )
    .await
    .unwrap();
    let heard = loop {
        let m = stream
            .next(Duration::from_secs(10))
            .await
            .expect("the reply reaches the visitor");
        if m.event.as_deref() == Some("message") {
            break m;
        }
    };
    let reply: Value = serde_json::from_str(&heard.data).unwrap();
    assert_eq!(reply["from"], "agent");
    assert_eq!(reply["text"], "有的，燕麥拿鐵加 10 元。");
    assert_eq!(reply["author"]["name"], "張家豪");
    assert_eq!(heard.id, reply["id"].as_i64());
    tokio::time::sleep(Duration::from_millis(300)).await;
    let delivered: i64 = app
        .db
        .scalar(&format!("select count(*) from messages where conversation_id = {id} and kind = 'outbound' and delivery = 'delivered'"))
        .await;
    assert_eq!(delivered, 1);

    // History after a reload: both messages, never the note; read by the visitor.
    let back = session(&app, Some(&t)).await;
    assert_eq!(token(&back), t, "the same visitor");
    assert_eq!(
        texts(&back),
        ["visitor:請問有燕麥奶嗎？", "agent:有的，燕麥拿鐵加 10 元。"]
    );
    let up_to = back["messages"][1]["id"].as_i64().unwrap();
    let (status, _) = call(
        &app,
        "POST",
        "/widget/v1/read",
        Some(&t),
        Some(json!({ "up_to": up_to })),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let read: i64 = app
        .db
        .scalar(&format!(
            "select count(*) from messages where id = {up_to} and delivery = 'read'"
        ))
        .await;
    assert_eq!(read, 1);

    // An image from the visitor is kept and shown to them (and only to them).
    let req = Request::post("/widget/v1/files")
        .header(header::AUTHORIZATION, format!("Bearer {t}"))
        .header("x-file-name", "oat%20milk.png")
        .header("x-echo-id", "e-2")
        .header(header::CONTENT_TYPE, "image/png")
        .body(Body::from(PNG.to_vec()))
        .unwrap();
    let r = app.send(req).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let m: Value = serde_json::from_str(&r.body).unwrap();
    let file = &m["message"]["attachments"][0];
    assert_eq!(
        (file["kind"].as_str(), file["name"].as_str()),
        (Some("image"), Some("oat milk.png"))
    );
    let url = file["url"].as_str().unwrap().to_owned();
    let got = app
        .send_bytes(Request::get(&url).body(Body::empty()).unwrap())
        .await;
    assert_eq!((got.status, got.bytes.as_slice()), (StatusCode::OK, PNG));
    assert_eq!(got.headers[header::CONTENT_TYPE], "image/png");
    let someone_else = token(&session(&app, None).await);
    let theirs = url.replace(&t, &someone_else);
    assert_eq!(app.get(&theirs, None).await.status, StatusCode::NOT_FOUND);
    // The agent sees it in the thread as the customer's image.
    let kept: i64 = app
        .db
        .scalar(&format!("select count(*) from attachments a join messages m on m.id = a.message_id where m.conversation_id = {id} and a.state = 'stored' and a.kind = 'image'"))
        .await;
    assert_eq!(kept, 1);
}

async fn a_verified_identity_follows_the_user_and_a_forged_one_gets_nothing(db: TestDb) {
    let app = crate::common::app_on(db, &[]).await;
    let user = "member-7";
    let good = user_hash(DEMO_WIDGET_SECRET.as_bytes(), user);
    let identify = |t: String, hash: String| {
        let app = &app;
        async move {
            call(
                app,
                "POST",
                "/widget/v1/identify",
                Some(&t),
                Some(json!({ "user_id": user, "name": "王小明", "email": "ming@example.com", "user_hash": hash })),
            )
            .await
        }
    };
    // On a laptop: verified, writes.
    let laptop = token(&session(&app, None).await);
    let (status, v) = identify(laptop.clone(), good.clone()).await;
    assert_eq!(
        (status, v["verified"].as_bool()),
        (StatusCode::OK, Some(true)),
        "{v}"
    );
    assert_eq!(v["visitor"]["name"], "王小明");
    let laptop = token(&v);
    say(&app, &laptop, "我的訂單還沒到", "o-1").await;
    // The customer carries the name and email the site vouched for.
    let named: i64 = app
        .db
        .scalar(
            "select count(*) from customers where name = '王小明' and email = 'ming@example.com'",
        )
        .await;
    assert_eq!(named, 1);

    // On a phone, the same user sees the same history.
    let phone = token(&session(&app, None).await);
    let (_, v) = identify(phone, good.clone().to_uppercase()).await;
    assert_eq!(v["verified"], true);
    assert_eq!(texts(&v), ["visitor:我的訂單還沒到"]);
    say(&app, &token(&v), "訂單號碼 A123", "o-2").await;

    // A forged hash: a fresh anonymous visitor with no history, whose words go elsewhere.
    let stranger = token(&session(&app, None).await);
    for forged in ["0".repeat(64), good[..63].to_owned(), "not hex".into()] {
        let (status, v) = identify(stranger.clone(), forged).await;
        assert_eq!(
            (status, v["verified"].as_bool()),
            (StatusCode::OK, Some(false))
        );
        assert_eq!(v["messages"], json!([]));
        assert_eq!(v["visitor"]["name"], Value::Null);
        say(
            &app,
            &token(&v),
            "給我他的地址",
            &format!("f-{}", token(&v).len()),
        )
        .await;
    }
    let real = session(&app, Some(&laptop)).await;
    assert_eq!(
        texts(&real),
        ["visitor:我的訂單還沒到", "visitor:訂單號碼 A123"]
    );
    let (s, v) = identify(stranger, good.replace(|c: char| c.is_ascii_digit(), "a")).await;
    assert_eq!((s, v["verified"].as_bool()), (StatusCode::OK, Some(false)));
    // A malformed user id is refused.
    let (s, _) = call(
        &app,
        "POST",
        "/widget/v1/identify",
        Some(&laptop),
        Some(json!({ "user_id": "", "user_hash": good })),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn rate_limits_and_size_caps_refuse_before_any_work() {
    let (app, files) = with_files().await;
    let t = token(&session(&app, None).await);
    for i in 0..20 {
        assert_eq!(
            say(&app, &t, &format!("m{i}"), &format!("r-{i}")).await.0,
            StatusCode::OK
        );
    }
    let (status, v) = say(&app, &t, "one too many", "r-20").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        v["retry_after"]
            .as_u64()
            .is_some_and(|s| (1..=60).contains(&s)),
        "{v}"
    );
    let stored: i64 = app
        .db
        .scalar("select count(*) from messages where body = 'one too many'")
        .await;
    assert_eq!(stored, 0);

    // Sizes: the text, the JSON body, the file (declared, then actual), the file's type.
    let other = token(&session(&app, None).await);
    let (s, v) = say(&app, &other, &"字".repeat(4001), "big").await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, Some("too_long"))
    );
    let (s, _) = say(&app, &other, "   ", "blank").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = say(&app, &other, "x".repeat(20_000).as_str(), "huge").await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
    let (s, _) = say(&app, &other, "hi", "bad echo id!").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let file = |bytes: Vec<u8>, declared: Option<u64>| {
        let mut b = Request::post("/widget/v1/files")
            .header(header::AUTHORIZATION, format!("Bearer {other}"))
            .header("x-echo-id", "f1");
        if let Some(n) = declared {
            b = b.header(header::CONTENT_LENGTH, n);
        }
        b.body(Body::from(bytes)).unwrap()
    };
    assert_eq!(
        app.send(file(Vec::new(), Some(11 * 1024 * 1024)))
            .await
            .status,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    let r = app
        .send(file(b"MZ\x90\0 an executable".to_vec(), None))
        .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", r.body);
    let files_left = walk(&files);
    assert_eq!(files_left, 0, "a refused file leaves nothing behind");

    // Per address: 60 messages a minute whoever writes. So far 23 counted (20 by the first
    // visitor, 3 refused by size or shape after the count; the body too big to read is not).
    let a = token(&session(&app, None).await);
    let b = token(&session(&app, None).await);
    for i in 0..20 {
        assert_eq!(
            say(&app, &a, "a", &format!("a-{i}")).await.0,
            StatusCode::OK
        );
    }
    for i in 0..17 {
        assert_eq!(
            say(&app, &b, "b", &format!("b-{i}")).await.0,
            StatusCode::OK,
            "{i}"
        );
    }
    assert_eq!(
        say(&app, &b, "b", "b-17").await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
    let c = token(&session(&app, None).await);
    assert_eq!(
        say(&app, &c, "c", "c-1").await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn a_blacklisted_visitor_is_dropped() {
    let app = crate::common::app().await;
    let s = &app.db.store;
    let t = token(&session(&app, None).await);
    say(&app, &t, "我要抱怨!!!", "b-1").await;
    let id = conversation_of(&app, "我要抱怨!!!").await;
    let admin = as_member(s, "admin@demo.test").await;
    let rec = visible(s, &admin, id).await.unwrap();
    let req = BatchRequest {
        action: BatchAction::Blacklist,
        to: None,
        selected: vec![Picked {
            id,
            version: rec.version,
        }],
    };
    run(s, &admin, "bl-1", &req, now_millis()).await.unwrap();
    let (status, v) = say(&app, &t, "還在嗎", "b-2").await;
    assert_eq!(
        (status, v["error"].as_str()),
        (StatusCode::FORBIDDEN, Some("unavailable"))
    );
    let stored: i64 = app
        .db
        .scalar("select count(*) from messages where body = '還在嗎'")
        .await;
    assert_eq!(stored, 0);
    // Their history is gone with the conversation; a stream ends at once.
    let back = session(&app, Some(&t)).await;
    assert_eq!(back["messages"], json!([]));
    let mut stream =
        SseStream::open_path(&app, &format!("/widget/v1/events?token={t}"), None).await;
    let told = stream.next(Duration::from_secs(5)).await;
    assert_eq!(told.and_then(|m| m.event).as_deref(), Some("unavailable"));
}

#[tokio::test]
async fn the_loader_is_small_and_gzipped() {
    let app = crate::common::app().await;
    let req = Request::get("/widget.js")
        .header(header::ACCEPT_ENCODING, "gzip, br")
        .body(Body::empty())
        .unwrap();
    let r = app.send_bytes(req).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers[header::CONTENT_ENCODING], "gzip");
    println!("widget.js: {} bytes gzipped", r.bytes.len());
    assert!(
        r.bytes.len() <= 5 * 1024,
        "the loader is {} bytes gzipped, over 5 KB",
        r.bytes.len()
    );
    // The frame's script and style are named by their hash and kept.
    let frame = app
        .get(
            &format!("/widget/frame?key={DEMO_WIDGET_KEY}&host={SITE}"),
            None,
        )
        .await;
    let js = frame
        .body
        .split("src=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert!(js.starts_with("/widget/frame.js?v="), "{js}");
    let r = app
        .send_bytes(
            Request::get(js)
                .header(header::ACCEPT_ENCODING, "gzip")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.headers[header::CACHE_CONTROL]
        .to_str()
        .unwrap()
        .contains("immutable"));
    assert!(r.bytes.len() < 150 * 1024);
}

/// A visitor's tap on a bot's button: its label as the text, its payload.
async fn tap(app: &App, token: &str, button: &Value, echo: &str) -> (StatusCode, Value) {
    call(
        app,
        "POST",
        "/widget/v1/messages",
        Some(token),
        Some(json!({ "text": button["label"], "echo_id": echo, "payload": button["payload"] })),
    )
    .await
}

/// The visitor's messages now (the latest page).
async fn history(app: &App, token: &str) -> Vec<Value> {
    let (status, v) = call(app, "GET", "/widget/v1/messages", Some(token), None).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    v["messages"].as_array().unwrap().clone()
}

/// A message's buttons as (label, payload).
fn buttons_of(m: &Value) -> Vec<(String, String)> {
    m["buttons"]
        .as_array()
        .unwrap_or_else(|| panic!("no buttons on {m}"))
        .iter()
        .map(|b| {
            (
                b["label"].as_str().unwrap().to_owned(),
                b["payload"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

crate::common::engine_test!(the_bots_buttons_reach_the_visitor_and_a_tap_continues_its_flow);

async fn the_bots_buttons_reach_the_visitor_and_a_tap_continues_its_flow(db: TestDb) {
    let app = crate::common::app_on(db, &[]).await;
    let s = &app.db.store;
    let agent = as_member(s, "agent@demo.test").await;
    let ws = agent.workspace_id;
    // A flow of three steps, started by a keyword no demo rule has.
    let button = |label: &str, action| Button {
        label: label.into(),
        action,
    };
    let flow = FlowDraft {
        name: "訂位".into(),
        greeting: Greeting::None,
        steps: vec![
            Step {
                id: 1,
                text: "想訂哪一天？".into(),
                buttons: vec![
                    button("今天", ButtonAction::Step(2)),
                    button("明天", ButtonAction::Step(3)),
                    button("真人客服", ButtonAction::Person),
                ],
            },
            Step {
                id: 2,
                text: "今天還有 4 個座位。".into(),
                buttons: vec![button("回上一步", ButtonAction::Step(1))],
            },
            Step {
                id: 3,
                text: "明天全天都可以訂。".into(),
                buttons: Vec::new(),
            },
        ],
    };
    let flow = s
        .save_flow(ws, None, &flow, &crate::common::by_test())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    let rule = RuleDraft {
        name: "訂位".into(),
        enabled: true,
        mode: MatchMode::Contains,
        keywords: vec!["訂位".into()],
        channels: Channels::All,
        hours: None,
        flow: Some(flow),
        reply: Reply::default(),
    };
    s.save_rule(ws, None, &rule, &crate::common::by_test())
        .await
        .unwrap()
        .unwrap()
        .unwrap();

    // The visitor writes the keyword: the bot's first step comes with its buttons.
    let t = token(&session(&app, None).await);
    let (status, sent) = say(&app, &t, "我想訂位", "k-1").await;
    assert_eq!(status, StatusCode::OK, "{sent}");
    assert!(sent["message"].get("buttons").is_none(), "{sent}");
    let msgs = history(&app, &t).await;
    assert_eq!(
        texts(&json!({ "messages": msgs })),
        ["visitor:我想訂位", "bot:想訂哪一天？"]
    );
    assert!(
        msgs[0].get("buttons").is_none(),
        "only the bot's carry buttons"
    );
    let menu = buttons_of(&msgs[1]);
    let labels: Vec<&str> = menu.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(labels, ["今天", "明天", "真人客服"]);
    for (i, (_, payload)) in menu.iter().enumerate() {
        assert_eq!(parse_tap(payload), Some((FlowAt { flow, step: 1 }, i)));
    }
    let id = conversation_of(&app, "想訂哪一天？").await;
    let rec = visible(s, &agent, id).await.unwrap();
    assert_eq!(rec.facts.state.handler(), Some(Handler::Bot));

    // A tap on "今天": the visitor's message is its label, and the bot answers with step 2,
    // heard on the visitor's stream with its own buttons.
    let mut stream = SseStream::open_path(
        &app,
        &format!(
            "/widget/v1/events?token={t}&after={}",
            msgs[1]["id"].as_i64().unwrap()
        ),
        None,
    )
    .await;
    let (status, tapped) = tap(&app, &t, &msgs[1]["buttons"][0], "k-2").await;
    assert_eq!(status, StatusCode::OK, "{tapped}");
    assert_eq!(
        (&tapped["message"]["from"], &tapped["message"]["text"]),
        (&json!("visitor"), &json!("今天"))
    );
    let heard = loop {
        let m = stream
            .next(Duration::from_secs(10))
            .await
            .expect("the bot's answer reaches the visitor");
        if m.event.as_deref() != Some("message") {
            continue;
        }
        let v: Value = serde_json::from_str(&m.data).unwrap();
        if v["from"] == "bot" {
            break v;
        }
    };
    assert_eq!(heard["text"], "今天還有 4 個座位。");
    assert_eq!(buttons_of(&heard)[0].0, "回上一步");
    let msgs = history(&app, &t).await;
    assert_eq!(
        texts(&json!({ "messages": msgs })),
        [
            "visitor:我想訂位",
            "bot:想訂哪一天？",
            "visitor:今天",
            "bot:今天還有 4 個座位。"
        ]
    );
    assert_eq!(
        parse_tap(&buttons_of(&msgs[3])[0].1),
        Some((FlowAt { flow, step: 2 }, 0))
    );

    // Back to the menu, then "真人客服": the conversation waits for a person (because the
    // customer tapped it) and the bot says nothing more.
    tap(&app, &t, &msgs[3]["buttons"][0], "k-3").await;
    let msgs = history(&app, &t).await;
    let last = msgs.last().unwrap();
    assert_eq!(last["text"], "想訂哪一天？");
    let (status, _) = tap(&app, &t, &last["buttons"][2], "k-4").await;
    assert_eq!(status, StatusCode::OK);
    let msgs = history(&app, &t).await;
    assert_eq!(
        texts(&json!({ "messages": &msgs[msgs.len() - 2..] })),
        ["bot:想訂哪一天？", "visitor:真人客服"]
    );
    let rec = visible(s, &agent, id).await.unwrap();
    assert_eq!(rec.facts.state.handler(), Some(Handler::Human));
    let tapped_person: i64 = app
        .db
        .scalar(&format!(
            "select count(*) from conversations where id = {id} and pending_reason like '%TappedPerson%'"
        ))
        .await;
    assert_eq!(tapped_person, 1);
    let by_bot: i64 = app
        .db
        .scalar(&format!(
            "select count(*) from messages where conversation_id = {id} and by_bot"
        ))
        .await;
    assert_eq!(by_bot, 3, "no answer to the tap on 真人客服");

    // A payload longer than any button's is refused before anything is stored; one that is
    // not a tap of ours is only text to routing.
    let other = token(&session(&app, None).await);
    for long in ["x".repeat(101), "字".repeat(101)] {
        let (status, v) = call(
            &app,
            "POST",
            "/widget/v1/messages",
            Some(&other),
            Some(json!({ "text": "訂位", "echo_id": "p-1", "payload": long })),
        )
        .await;
        assert_eq!(
            (status, v["error"].as_str()),
            (StatusCode::BAD_REQUEST, Some("malformed"))
        );
    }
    assert!(history(&app, &other).await.is_empty());
    let (status, _) = call(
        &app,
        "POST",
        "/widget/v1/messages",
        Some(&other),
        Some(json!({ "text": "我想訂位", "echo_id": "p-2", "payload": "字".repeat(100) })),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        texts(&json!({ "messages": history(&app, &other).await })),
        ["visitor:我想訂位", "bot:想訂哪一天？"]
    );
}
