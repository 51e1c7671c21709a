//! Platform webhooks through the real router (`/webhooks/<kind>/<key>`): signatures over the
//! raw bytes, the body stored before the 200, processing afterwards by the worker (also after
//! a restart), redeliveries stored once; and the queue of bodies on every engine.

use crate::common::{app, as_member, demo_hash, engine_test, App, TestDb, NOW};
use axum::body::Body;
use http::{Request, StatusCode};
use omni_inbox::domain::{ChannelKind, WorkspaceId};
use omni_inbox::server::channel::signature::{sign_line, sign_meta};
use omni_inbox::server::db::{BodyOutcome, ChannelRecord, Credentials, NewChannel, Store};
use omni_inbox::server::demo;
use omni_inbox::server::service::channel::{connect, webhook_path, ConnectInput, ConnectRefused};
use omni_inbox::server::worker::process_pending;
use omni_inbox::wire::{ConversationRow, View};

const LINE_TEXT: &[u8] = include_bytes!("../fixtures/channels/line/doc_text.json");
const MESSENGER_TEXT: &[u8] = include_bytes!("../fixtures/channels/messenger/doc_text.json");
/// A page of our own: the demo workspace already connects CHANNELS.md's example page.
const PAGE: &str = "104700000000099";
const WHATSAPP_TEXT: &[u8] = include_bytes!("../fixtures/channels/whatsapp/doc_text.json");

async fn workspace(s: &Store) -> WorkspaceId {
    as_member(s, "admin@demo.test").await.workspace_id
}

async fn add(s: &Store, kind: ChannelKind, account: &str, secret: &str) -> ChannelRecord {
    let input = ConnectInput {
        workspace: workspace(s).await,
        kind,
        name: format!("{} test", kind.as_str()),
        account_id: account.to_owned(),
        credentials: Credentials {
            secret: secret.to_owned(),
            access_token: "token".to_owned(),
            verify_token: "verify-me".to_owned(),
            extra_id: String::new(),
        },
    };
    connect(s, input, &crate::common::by_test())
        .await
        .unwrap()
        .unwrap()
}

fn path(c: &ChannelRecord) -> String {
    webhook_path(c.kind, c.webhook_key.as_deref().unwrap())
}

fn signed(c: &ChannelRecord, body: &[u8], secret: &str) -> Request<Body> {
    let (name, value) = match c.kind {
        ChannelKind::Line => ("x-line-signature", sign_line(secret.as_bytes(), body)),
        _ => ("x-hub-signature-256", sign_meta(secret.as_bytes(), body)),
    };
    Request::post(path(c))
        .header("content-type", "application/json")
        .header(name, value)
        .body(Body::from(body.to_vec()))
        .unwrap()
}

async fn pending_rows(app: &App) -> Vec<ConversationRow> {
    let s = &app.db.store;
    let who = as_member(s, "admin@demo.test").await;
    let mut q = crate::common::list_query(&who, View::PendingHuman, 500);
    q.sort = omni_inbox::domain::sorting::Sort::Newest;
    s.list_conversations(&q).await.unwrap().rows
}

#[tokio::test]
async fn a_signed_line_message_is_stored_before_the_answer_and_becomes_a_conversation() {
    let app = app().await;
    let s = &app.db.store;
    let line = add(
        s,
        ChannelKind::Line,
        "U1234567890abcdef1234567890abcdef",
        "line-secret",
    )
    .await;
    assert_eq!(
        app.send(signed(&line, LINE_TEXT, "line-secret"))
            .await
            .status,
        StatusCode::OK
    );
    // Acknowledged, not yet processed: nothing in the inbox until the worker runs.
    assert!(!pending_rows(&app)
        .await
        .iter()
        .any(|r| r.last_message_preview == "予約できますか？"));
    assert_eq!(process_pending(s, None).await.unwrap(), 1);
    let rows = pending_rows(&app).await;
    let row = rows
        .iter()
        .find(|r| r.last_message_preview == "予約できますか？")
        .unwrap();
    assert_eq!(row.channel_kind, ChannelKind::Line);
    assert_eq!(row.unread, 1);
    assert!(
        row.customer_name.starts_with("LINE "),
        "{}",
        row.customer_name
    );

    // The same body again (a redelivery), twice: one message all the same.
    for _ in 0..2 {
        assert_eq!(
            app.send(signed(&line, LINE_TEXT, "line-secret"))
                .await
                .status,
            StatusCode::OK
        );
    }
    assert_eq!(process_pending(s, None).await.unwrap(), 2);
    let rows = pending_rows(&app).await;
    let again: Vec<_> = rows
        .iter()
        .filter(|r| r.customer_name == row.customer_name)
        .collect();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].unread, 1);
    // The settings page will show when the channel last heard from the platform.
    let stored = s
        .channel(line.workspace_id, line.id)
        .await
        .unwrap()
        .unwrap();
    assert!(stored.last_event_at.is_some());
}

#[tokio::test]
async fn bad_signatures_oversized_and_unreadable_bodies_are_refused_and_store_nothing() {
    let app = app().await;
    let s = &app.db.store;
    let line = add(
        s,
        ChannelKind::Line,
        "U1234567890abcdef1234567890abcdef",
        "line-secret",
    )
    .await;
    let meta = add(s, ChannelKind::Messenger, PAGE, "app-secret").await;

    // A tampered byte, the wrong secret, no header at all.
    let mut tampered = LINE_TEXT.to_vec();
    let at = tampered.iter().position(|b| *b == b'5').unwrap();
    tampered[at] = b'6';
    let mut req = signed(&line, LINE_TEXT, "line-secret");
    *req.body_mut() = Body::from(tampered);
    assert_eq!(app.send(req).await.status, StatusCode::UNAUTHORIZED);
    let req = signed(&line, LINE_TEXT, "another-secret");
    assert_eq!(app.send(req).await.status, StatusCode::UNAUTHORIZED);
    let req = Request::post(path(&meta))
        .body(Body::from(MESSENGER_TEXT.to_vec()))
        .unwrap();
    assert_eq!(app.send(req).await.status, StatusCode::UNAUTHORIZED);
    // Meta's signature on LINE's channel (the wrong header for the kind).
    let mut req = signed(&meta, LINE_TEXT, "line-secret");
    *req.uri_mut() = path(&line).parse().unwrap();
    assert_eq!(app.send(req).await.status, StatusCode::UNAUTHORIZED);

    // Signed but not JSON; signed but over 1 MiB; an unknown key or kind.
    assert_eq!(
        app.send(signed(&line, b"not json", "line-secret"))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    let huge = vec![b' '; 1024 * 1024 + 1];
    assert_eq!(
        app.send(signed(&line, &huge, "line-secret")).await.status,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    let req = Request::post("/webhooks/line/no-such-key")
        .body(Body::from(LINE_TEXT.to_vec()))
        .unwrap();
    assert_eq!(app.send(req).await.status, StatusCode::NOT_FOUND);
    let mut req = signed(&line, LINE_TEXT, "line-secret");
    *req.uri_mut() = path(&line)
        .replace("/line/", "/messenger/")
        .parse()
        .unwrap();
    assert_eq!(app.send(req).await.status, StatusCode::NOT_FOUND);

    // None of it was kept.
    assert_eq!(process_pending(s, None).await.unwrap(), 0);
}

#[tokio::test]
async fn meta_handshake_answers_the_challenge_only_for_the_verify_token() {
    let app = app().await;
    let meta = add(&app.db.store, ChannelKind::Messenger, PAGE, "app-secret").await;
    let url = |token: &str| {
        format!(
            "{}?hub.mode=subscribe&hub.verify_token={token}&hub.challenge=1158201444",
            path(&meta)
        )
    };
    let ok = app.get(&url("verify-me"), None).await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(ok.body, "1158201444");
    assert_eq!(
        app.get(&url("guess"), None).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.get(&url(""), None).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn meta_signs_the_escaped_bytes_and_whatsapp_names_the_customer() {
    let app = app().await;
    let s = &app.db.store;
    let meta = add(s, ChannelKind::Messenger, PAGE, "app-secret").await;
    // Meta escapes non-ASCII as \uXXXX and signs that form (CHANNELS.md §0.1).
    let escaped = String::from_utf8(MESSENGER_TEXT.to_vec())
        .unwrap()
        .replace(
            "Hi, where is my order?",
            r"Gr\u00fc\u00dfe, wo ist meine Bestellung?",
        )
        .replace("104727532034518", PAGE);
    assert_eq!(
        app.send(signed(&meta, escaped.as_bytes(), "app-secret"))
            .await
            .status,
        StatusCode::OK
    );
    let wa = add(s, ChannelKind::WhatsApp, "106540352242922", "wa-secret").await;
    assert_eq!(
        app.send(signed(&wa, WHATSAPP_TEXT, "wa-secret"))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(process_pending(s, None).await.unwrap(), 2);
    let rows = pending_rows(&app).await;
    assert!(rows.iter().any(
        |r| r.last_message_preview == "Grüße, wo ist meine Bestellung?"
            && r.channel_kind == ChannelKind::Messenger
    ));
    let sheena = rows
        .iter()
        .find(|r| r.customer_name == "Sheena Nelson")
        .unwrap();
    assert_eq!(
        sheena.last_message_preview,
        "Does it come in another color?"
    );
}

#[tokio::test]
async fn a_disabled_channel_is_answered_and_kept_but_not_processed() {
    let app = app().await;
    let s = &app.db.store;
    let line = add(
        s,
        ChannelKind::Line,
        "U1234567890abcdef1234567890abcdef",
        "line-secret",
    )
    .await;
    assert!(s
        .set_channel_enabled(line.workspace_id, line.id, false, &crate::common::by_test())
        .await
        .unwrap());
    assert_eq!(
        app.send(signed(&line, LINE_TEXT, "line-secret"))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(process_pending(s, None).await.unwrap(), 0);
    assert!(!pending_rows(&app)
        .await
        .iter()
        .any(|r| r.last_message_preview == "予約できますか？"));
}

#[tokio::test]
async fn a_body_acknowledged_before_a_restart_is_processed_after_it() {
    let app = app().await;
    let line = add(
        &app.db.store,
        ChannelKind::Line,
        "U1234567890abcdef1234567890abcdef",
        "line-secret",
    )
    .await;
    assert_eq!(
        app.send(signed(&line, LINE_TEXT, "line-secret"))
            .await
            .status,
        StatusCode::OK
    );
    // The server stops here; another process opens the same database and finds the body.
    let reopened = omni_inbox::server::db::connect(&app.db.url).await.unwrap();
    assert_eq!(process_pending(&reopened, None).await.unwrap(), 1);
    assert!(pending_rows(&app)
        .await
        .iter()
        .any(|r| r.last_message_preview == "予約できますか？"));
}

#[tokio::test]
async fn channels_validate_what_is_typed_and_an_account_connects_once() {
    let app = app().await;
    let s = &app.db.store;
    let ws = workspace(s).await;
    let input = |kind, name: &str, account: &str, secret: &str| ConnectInput {
        workspace: ws,
        kind,
        name: name.to_owned(),
        account_id: account.to_owned(),
        credentials: Credentials {
            secret: secret.to_owned(),
            ..Default::default()
        },
    };
    let refused = |r: Result<Result<ChannelRecord, ConnectRefused>, _>| r.unwrap().unwrap_err();
    assert_eq!(
        refused(
            connect(
                s,
                input(ChannelKind::Line, " ", "U1", "s"),
                &crate::common::by_test()
            )
            .await
        ),
        ConnectRefused::Name
    );
    assert_eq!(
        refused(
            connect(
                s,
                input(ChannelKind::Line, "LINE", "", "s"),
                &crate::common::by_test()
            )
            .await
        ),
        ConnectRefused::AccountId
    );
    assert_eq!(
        refused(
            connect(
                s,
                input(ChannelKind::Line, "LINE", "U1", ""),
                &crate::common::by_test()
            )
            .await
        ),
        ConnectRefused::Secret("channel secret")
    );
    assert_eq!(
        refused(
            connect(
                s,
                input(ChannelKind::WebChat, "Site", "x", "s"),
                &crate::common::by_test()
            )
            .await
        ),
        ConnectRefused::WebChatNotHere
    );
    let first = connect(
        s,
        input(ChannelKind::Line, "LINE", "U1", "s"),
        &crate::common::by_test(),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(
        refused(
            connect(
                s,
                input(ChannelKind::Line, "LINE again", "U1", "s"),
                &crate::common::by_test()
            )
            .await
        ),
        ConnectRefused::AlreadyConnected
    );
    // Keys are unguessable and distinct.
    let second = connect(
        s,
        input(ChannelKind::Line, "LINE 2", "U2", "s"),
        &crate::common::by_test(),
    )
    .await
    .unwrap()
    .unwrap();
    let (a, b) = (first.webhook_key.unwrap(), second.webhook_key.unwrap());
    assert!(a.len() >= 32 && a != b);
    // Secrets never reach a log line.
    let secret = Credentials {
        secret: "super-secret-value".into(),
        access_token: "tok-123456".into(),
        ..Default::default()
    };
    let logged = format!("{secret:?} {:?}", first.credentials);
    assert!(
        !logged.contains("super-secret-value") && !logged.contains("tok-123456"),
        "{logged}"
    );
}

async fn channel_in(s: &Store, ws: WorkspaceId, account: &str) -> ChannelRecord {
    let id = s
        .create_channel(
            &NewChannel {
                workspace_id: ws,
                kind: ChannelKind::Line,
                name: "LINE".into(),
                account_id: account.into(),
                webhook_key: format!("key-{account}"),
                credentials: Credentials::default(),
                now: NOW,
            },
            &crate::common::by_test(),
        )
        .await
        .unwrap();
    s.channel(ws, id).await.unwrap().unwrap()
}

engine_test!(
    two_workers_never_claim_the_same_body,
    flavor = "multi_thread",
    worker_threads = 4
);
async fn two_workers_never_claim_the_same_body(db: TestDb) {
    let s = &db.store;
    s.import(&demo::dataset(NOW, &demo_hash())).await.unwrap();
    let ws = workspace(s).await;
    let c = channel_in(s, ws, "Uclaims").await;
    for i in 0..40 {
        s.store_inbound_body(&c, format!("{{\"n\":{i}}}").as_bytes(), NOW)
            .await
            .unwrap();
    }
    let (a, b) = tokio::join!(
        s.claim_inbound_bodies(30, NOW, 60_000),
        s.claim_inbound_bodies(30, NOW, 60_000)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    let mut ids: Vec<i64> = a.iter().chain(&b).map(|x| x.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), a.len() + b.len(), "a body was claimed twice");
    assert_eq!(ids.len(), 40);
    // Leased: nobody takes them again until the lease runs out, then someone does.
    assert!(s
        .claim_inbound_bodies(50, NOW + 30_000, 60_000)
        .await
        .unwrap()
        .is_empty());
    let again = s
        .claim_inbound_bodies(50, NOW + 61_000, 60_000)
        .await
        .unwrap();
    assert_eq!(again.len(), 40);
    assert!(again.iter().all(|x| x.attempts == 2));
    // Done bodies are never claimed again; a failing one is retried, then given up.
    for body in &again {
        s.finish_inbound_body(body, &BodyOutcome::Done, NOW)
            .await
            .unwrap();
    }
    assert!(s
        .claim_inbound_bodies(50, NOW + 200_000, 60_000)
        .await
        .unwrap()
        .is_empty());
    let failing = s.store_inbound_body(&c, b"{}", NOW).await.unwrap();
    let mut at = NOW;
    for attempt in 1..=5 {
        at += 61_000;
        let claimed = s.claim_inbound_bodies(1, at, 60_000).await.unwrap();
        assert_eq!(claimed.len(), 1, "attempt {attempt}");
        assert_eq!(claimed[0].id, failing);
        let error = "database unavailable".to_owned();
        s.finish_inbound_body(&claimed[0], &BodyOutcome::Retry { error }, at)
            .await
            .unwrap();
    }
    assert!(s
        .claim_inbound_bodies(1, at + 61_000, 60_000)
        .await
        .unwrap()
        .is_empty());
    let stored = s.channel(ws, c.id).await.unwrap().unwrap();
    assert_eq!(stored.last_error.as_deref(), Some("database unavailable"));
}

engine_test!(
    the_same_body_processed_twice_at_once_stores_one_message,
    flavor = "multi_thread",
    worker_threads = 4
);
async fn the_same_body_processed_twice_at_once_stores_one_message(db: TestDb) {
    let s = &db.store;
    s.import(&demo::dataset(NOW, &demo_hash())).await.unwrap();
    let ws = workspace(s).await;
    let c = channel_in(s, ws, "U1234567890abcdef1234567890abcdef").await;
    for _ in 0..2 {
        s.store_inbound_body(&c, LINE_TEXT, NOW).await.unwrap();
    }
    let claimed = s.claim_inbound_bodies(2, NOW, 60_000).await.unwrap();
    assert_eq!(claimed.len(), 2);
    use omni_inbox::server::service::channel::process_body;
    let (a, b) = tokio::join!(
        process_body(s, None, &claimed[0], NOW),
        process_body(s, None, &claimed[1], NOW)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(
        (a.0.clone(), b.0.clone()),
        (BodyOutcome::Done, BodyOutcome::Done)
    );
    assert_eq!(a.1.messages + b.1.messages, 1);
    assert_eq!(a.1.duplicates + b.1.duplicates, 1);
}

#[tokio::test]
async fn a_new_customer_is_named_by_the_platforms_profile_and_a_slow_platform_does_not_hold_it() {
    let app = app().await;
    let s = &app.db.store;
    let fake = omni_inbox::server::fake::start("127.0.0.1:0")
        .await
        .unwrap();
    let urls = fake.base_urls();
    let platforms = omni_inbox::server::platform::Platforms::new(urls.platform_urls());
    let http = reqwest::Client::new();
    let register = |id: &str, name: &str| {
        http.post(format!("{}/_fake/profiles", fake.origin))
            .json(&serde_json::json!({"id": id, "name": name}))
            .send()
    };
    assert!(register("U4af4980629abcdef4af4980629abcdef", "林美華")
        .await
        .unwrap()
        .status()
        .is_success());
    assert!(register("7012345678901234", "Mei Lin")
        .await
        .unwrap()
        .status()
        .is_success());

    let line = add(
        s,
        ChannelKind::Line,
        "U1234567890abcdef1234567890abcdef",
        "line-secret",
    )
    .await;
    let meta = add(s, ChannelKind::Messenger, PAGE, "app-secret").await;
    assert_eq!(
        app.send(signed(&line, LINE_TEXT, "line-secret"))
            .await
            .status,
        StatusCode::OK
    );
    let messenger = String::from_utf8(MESSENGER_TEXT.to_vec())
        .unwrap()
        .replace("104727532034518", PAGE);
    assert_eq!(
        app.send(signed(&meta, messenger.as_bytes(), "app-secret"))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(process_pending(s, Some(&platforms)).await.unwrap(), 2);
    let rows = pending_rows(&app).await;
    assert!(rows
        .iter()
        .any(|r| r.customer_name == "林美華" && r.last_message_preview == "予約できますか？"));
    assert!(rows.iter().any(|r| r.customer_name == "Mei Lin"));
    // The look-ups carried the channels' tokens.
    let seen: serde_json::Value = http
        .get(format!("{}/_fake/requests", fake.origin))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let text = seen.to_string();
    assert!(
        text.contains("/v2/bot/profile/U4af4980629abcdef4af4980629abcdef"),
        "{text}"
    );
    assert!(text.contains("Bearer token"), "{text}");

    // A platform that does not answer in time: the customer gets a stand-in name, and the
    // body is processed all the same.
    http.post(format!("{}/_fake/delay", fake.origin))
        .json(&serde_json::json!({"route": "/line/v2/bot/profile/", "delay_ms": 10_000}))
        .send()
        .await
        .unwrap();
    let other = String::from_utf8(LINE_TEXT.to_vec())
        .unwrap()
        .replace(
            "U4af4980629abcdef4af4980629abcdef",
            "U0000000000000000000000000000beef",
        )
        .replace("468789577898262530", "468789577898262999");
    assert_eq!(
        app.send(signed(&line, other.as_bytes(), "line-secret"))
            .await
            .status,
        StatusCode::OK
    );
    let started = std::time::Instant::now();
    assert_eq!(process_pending(s, Some(&platforms)).await.unwrap(), 1);
    assert!(started.elapsed() < std::time::Duration::from_secs(6));
    let rows = pending_rows(&app).await;
    assert!(
        rows.iter().any(|r| r.customer_name == "LINE 00beef"),
        "{:?}",
        rows.iter().map(|r| &r.customer_name).collect::<Vec<_>>()
    );
}

/// The delivery state of message `id` in its conversation's thread.
async fn delivery_of(
    s: &Store,
    ws: WorkspaceId,
    conversation: omni_inbox::domain::ConversationId,
    id: omni_inbox::domain::MessageId,
) -> Option<omni_inbox::domain::Delivery> {
    let d = s
        .conversation_detail(ws, conversation, 100)
        .await
        .unwrap()
        .unwrap();
    d.items.into_iter().find_map(|item| match item {
        omni_inbox::wire::ThreadItem::Message {
            id: m, delivery, ..
        } if m == id => delivery,
        _ => None,
    })
}

fn messenger_item(item: serde_json::Value) -> Vec<u8> {
    serde_json::json!({"object": "page", "entry": [{"id": PAGE, "time": NOW, "messaging": [item]}]})
        .to_string()
        .into_bytes()
}

#[tokio::test]
async fn receipts_move_a_reply_forward_only_and_a_failure_keeps_its_reason() {
    use omni_inbox::domain::{Delivery, MessageKind};
    let app = app().await;
    let s = &app.db.store;
    let meta = add(s, ChannelKind::Messenger, PAGE, "app-secret").await;
    let ws = meta.workspace_id;
    let first = String::from_utf8(MESSENGER_TEXT.to_vec())
        .unwrap()
        .replace("104727532034518", PAGE);
    assert_eq!(
        app.send(signed(&meta, first.as_bytes(), "app-secret"))
            .await
            .status,
        StatusCode::OK
    );
    process_pending(s, None).await.unwrap();
    let conversation = pending_rows(&app)
        .await
        .into_iter()
        .find(|r| r.last_message_preview == "Hi, where is my order?")
        .unwrap()
        .id;
    let admin = as_member(s, "admin@demo.test").await;
    let reply = |body: &str| omni_inbox::server::db::NewMessage {
        workspace_id: ws,
        conversation_id: conversation,
        author: admin.member_id,
        kind: MessageKind::Outbound,
        body: body.to_owned(),
        now: NOW,
        expected: None,
        retry_key: format!("key-{body}"),
        file: None,
    };
    let sent = s.add_message(&reply("It ships today.")).await.unwrap();
    let queued = s.add_message(&reply("And a second one.")).await.unwrap();
    assert_eq!(
        delivery_of(s, ws, conversation, sent).await,
        Some(Delivery::Queued)
    );
    assert!(s.record_sent(ws, sent, "m_Out001").await.unwrap());
    assert_eq!(
        delivery_of(s, ws, conversation, sent).await,
        Some(Delivery::Sent)
    );

    let post = |item: serde_json::Value| {
        let body = messenger_item(item);
        let req = signed(&meta, &body, "app-secret");
        app.send(req)
    };
    let customer = serde_json::json!({"id": "7012345678901234"});
    let page = serde_json::json!({"id": PAGE});
    // Delivered by id, then read up to a watermark after it was sent.
    assert_eq!(
        post(serde_json::json!({"sender": customer, "recipient": page,
        "delivery": {"mids": ["m_Out001"], "watermark": NOW + 1_000}}))
        .await
        .status,
        StatusCode::OK
    );
    process_pending(s, None).await.unwrap();
    assert_eq!(
        delivery_of(s, ws, conversation, sent).await,
        Some(Delivery::Delivered)
    );
    assert_eq!(
        post(
            serde_json::json!({"sender": customer, "recipient": page, "timestamp": NOW + 2_000,
        "read": {"watermark": NOW + 2_000}})
        )
        .await
        .status,
        StatusCode::OK
    );
    process_pending(s, None).await.unwrap();
    assert_eq!(
        delivery_of(s, ws, conversation, sent).await,
        Some(Delivery::Read)
    );
    // A late delivery receipt does not undo the read; the watermark did not touch what is still
    // queued (it never reached the platform).
    assert_eq!(
        post(serde_json::json!({"sender": customer, "recipient": page,
        "delivery": {"mids": ["m_Out001"], "watermark": NOW + 1_000}}))
        .await
        .status,
        StatusCode::OK
    );
    process_pending(s, None).await.unwrap();
    assert_eq!(
        delivery_of(s, ws, conversation, sent).await,
        Some(Delivery::Read)
    );
    assert_eq!(
        delivery_of(s, ws, conversation, queued).await,
        Some(Delivery::Queued)
    );
    // Another customer's receipt naming our id changes nothing of this conversation's.
    assert!(s.record_sent(ws, queued, "m_Out002").await.unwrap());
    let stranger = serde_json::json!({"id": "7999999999999999"});
    assert_eq!(
        post(serde_json::json!({"sender": stranger, "recipient": page,
        "delivery": {"mids": ["m_Out002"], "watermark": NOW + 1_000}}))
        .await
        .status,
        StatusCode::OK
    );
    process_pending(s, None).await.unwrap();
    assert_eq!(
        delivery_of(s, ws, conversation, queued).await,
        Some(Delivery::Sent)
    );

    // WhatsApp: a failed status carries the platform's reason.
    let wa = add(s, ChannelKind::WhatsApp, "106540352242922", "wa-secret").await;
    assert_eq!(
        app.send(signed(&wa, WHATSAPP_TEXT, "wa-secret"))
            .await
            .status,
        StatusCode::OK
    );
    process_pending(s, None).await.unwrap();
    let wa_conversation = pending_rows(&app)
        .await
        .into_iter()
        .find(|r| r.customer_name == "Sheena Nelson")
        .unwrap()
        .id;
    let wa_reply = s
        .add_message(&omni_inbox::server::db::NewMessage {
            conversation_id: wa_conversation,
            ..reply("Yes, in blue.")
        })
        .await
        .unwrap();
    assert!(s
        .record_sent(ws, wa_reply, "wamid.HBgLOutbound001")
        .await
        .unwrap());
    let failed = String::from_utf8(include_bytes!("../fixtures/channels/whatsapp/doc_status_delivered.json").to_vec())
        .unwrap()
        .replace("\"status\":\"delivered\"", "\"status\":\"failed\",\"errors\":[{\"code\":131047,\"title\":\"Re-engagement message\",\"message\":\"More than 24 hours have passed\"}]");
    assert_eq!(
        app.send(signed(&wa, failed.as_bytes(), "wa-secret"))
            .await
            .status,
        StatusCode::OK
    );
    process_pending(s, None).await.unwrap();
    assert_eq!(
        delivery_of(s, ws, wa_conversation, wa_reply).await,
        Some(Delivery::Failed)
    );
}
