//! Replies to platform customers, end to end against the local fake platforms over real
//! HTTP: queued in the reply's transaction, sent once by a worker, retried on rate limits and
//! 5xx, failed with the platform's reason (and sent again on Retry), never re-sent when the
//! answer was lost (LINE's retry key; Meta's echo), LINE reply tokens used once, the
//! messaging window refused before anything is queued, and two workers sharing the queue.

use crate::common::{as_member, demo_hash, engine_test, TestDb, NOW};
use omni_inbox::domain::actions::ReplyRefused;
use omni_inbox::domain::Handler;
use omni_inbox::domain::{ChannelKind, ConversationId, Delivery, MessageId, MessageKind, Millis};
use omni_inbox::server::db::{ChannelRecord, Credentials, SessionMember, Store};
use omni_inbox::server::demo;
use omni_inbox::server::fake::script::ScriptedResponse;
use omni_inbox::server::fake::webhook::{customer_message, SimContent};
use omni_inbox::server::fake::{self, Running};
use omni_inbox::server::platform::Platforms;
use omni_inbox::server::service::channel::{connect, ConnectInput};
use omni_inbox::server::service::conversation::{act, Act};
use omni_inbox::server::service::outbound::{send_due, RECONCILE};
use omni_inbox::server::service::{reply, ServiceError};
use omni_inbox::server::worker::process_pending;
use omni_inbox::wire::{ThreadItem, View};
use std::time::Duration;

const PAGE: &str = "104700000000077";
const LINE_BOT: &str = "U0000000000000000000000000000b07";
const WA_NUMBER: &str = "106540352200077";

struct Rig {
    store: Store,
    fake: Running,
    platforms: Platforms,
    admin: SessionMember,
}

async fn rig(db: &TestDb) -> Rig {
    let store = db.store.clone();
    store
        .import(&demo::dataset(NOW, &demo_hash()))
        .await
        .unwrap();
    let fake = fake::start("127.0.0.1:0").await.unwrap();
    let urls = fake.base_urls();
    let platforms = Platforms::with_timeout(urls.platform_urls(), Duration::from_millis(700));
    let admin = as_member(&store, "admin@demo.test").await;
    Rig {
        store,
        fake,
        platforms,
        admin,
    }
}

impl Rig {
    async fn channel(&self, kind: ChannelKind, account: &str) -> ChannelRecord {
        let input = ConnectInput {
            workspace: self.admin.workspace_id,
            kind,
            name: format!("{} outbound", kind.as_str()),
            account_id: account.to_owned(),
            credentials: Credentials {
                secret: "secret".into(),
                access_token: format!("{}-token", kind.as_str()),
                verify_token: "verify".into(),
                extra_id: String::new(),
            },
        };
        connect(&self.store, input, &crate::common::by_test())
            .await
            .unwrap()
            .unwrap()
    }

    /// The customer `sender` writes `text` at `at`; returns their conversation, followed up by
    /// the admin (so that they may reply).
    async fn customer_writes(
        &self,
        c: &ChannelRecord,
        sender: &str,
        text: &str,
        at: Millis,
    ) -> ConversationId {
        let body = customer_message(
            c.kind,
            &c.account_id,
            sender,
            "Customer",
            SimContent::Text(text.into()),
            at,
            &format!("{sender}-{text}"),
        );
        self.store.store_inbound_body(c, &body, at).await.unwrap();
        process_pending(&self.store, None).await.unwrap();
        let id = self.conversation_of(c, sender).await;
        let rec = self
            .store
            .conversation(self.admin.workspace_id, id, Some(self.admin.member_id))
            .await
            .unwrap()
            .unwrap();
        if !matches!(
            rec.facts.state,
            omni_inbox::domain::ConvState::InProgress { .. }
        ) {
            act(&self.store, &self.admin, id, rec.version, Act::FollowUp, at)
                .await
                .unwrap();
        }
        id
    }

    /// The conversation of a sender who already wrote.
    async fn conversation_of(&self, c: &ChannelRecord, sender: &str) -> ConversationId {
        let target = self
            .store
            .resolve_inbound(c.workspace_id, c.id, sender, "?", Handler::Human, NOW)
            .await
            .unwrap();
        match target {
            omni_inbox::server::db::InboundTarget::Conversation(id) => id,
            other => panic!("{other:?}"),
        }
    }

    async fn reply(&self, id: ConversationId, text: &str, now: Millis) -> MessageId {
        reply::send(
            &self.store,
            &self.admin,
            id,
            MessageKind::Outbound,
            text,
            now,
        )
        .await
        .unwrap()
    }

    async fn send(&self, at: Millis) -> usize {
        send_due(&self.store, &self.platforms, "worker-a", move || at)
            .await
            .unwrap()
    }

    /// The sends that reached the fake (not its control API), with their answers.
    fn sends(&self) -> Vec<omni_inbox::server::fake::recorder::Recorded> {
        self.fake
            .state
            .requests()
            .into_iter()
            .filter(|r| r.method == "POST" && r.path.contains("/messag"))
            .collect()
    }

    async fn message(
        &self,
        id: ConversationId,
        message: MessageId,
    ) -> (Option<Delivery>, Option<String>) {
        let d = self
            .store
            .conversation_detail(self.admin.workspace_id, id, 50)
            .await
            .unwrap()
            .unwrap();
        d.items
            .into_iter()
            .find_map(|i| match i {
                ThreadItem::Message {
                    id,
                    delivery,
                    delivery_error,
                    ..
                } if id == message => Some((delivery, delivery_error)),
                _ => None,
            })
            .expect("the message")
    }

    fn script(&self, route: &str, errors: &[&str]) {
        let responses = errors
            .iter()
            .map(|e| ScriptedResponse {
                error: Some((*e).to_owned()),
                ..Default::default()
            })
            .collect();
        self.fake.state.script(route, responses).unwrap();
    }
}

engine_test!(a_reply_is_sent_once_with_our_tag_and_its_platform_id_kept);
async fn a_reply_is_sent_once_with_our_tag_and_its_platform_id_kept(db: TestDb) {
    let r = rig(&db).await;
    let c = r.channel(ChannelKind::Messenger, PAGE).await;
    let id = r
        .customer_writes(&c, "7000000000000001", "hello", NOW)
        .await;
    let m = r.reply(id, "Your order ships today.", NOW + 60_000).await;
    assert_eq!(r.message(id, m).await, (Some(Delivery::Queued), None));
    assert_eq!(r.send(NOW + 61_000).await, 1);
    let sends = r.sends();
    assert_eq!(sends.len(), 1, "{sends:?}");
    let body = &sends[0].body;
    assert_eq!(body["recipient"]["id"], "7000000000000001");
    assert_eq!(body["message"]["text"], "Your order ships today.");
    assert_eq!(body["messaging_type"], "RESPONSE");
    assert_eq!(
        body["message"]["metadata"],
        format!("inbox:msg:{}", m.get())
    );
    assert_eq!(sends[0].status, Some(200));
    assert_eq!(r.message(id, m).await.0, Some(Delivery::Sent));
    // Nothing is sent twice, however often the worker looks.
    assert_eq!(r.send(NOW + 3_600_000).await, 0);
    assert_eq!(r.sends().len(), 1);
    // A note is never sent.
    reply::send(
        &r.store,
        &r.admin,
        id,
        MessageKind::Note,
        "internal",
        NOW + 70_000,
    )
    .await
    .unwrap();
    assert_eq!(r.send(NOW + 3_700_000).await, 0);
}

engine_test!(rate_limits_and_5xx_are_retried_with_backoff_then_sent);
async fn rate_limits_and_5xx_are_retried_with_backoff_then_sent(db: TestDb) {
    let r = rig(&db).await;
    let c = r.channel(ChannelKind::WhatsApp, WA_NUMBER).await;
    let id = r.customer_writes(&c, "886912000001", "hi", NOW).await;
    let m = r.reply(id, "Hello!", NOW + 1_000).await;
    r.script("/meta", &["http_503", "wa_130429"]);
    assert_eq!(r.send(NOW + 2_000).await, 1);
    // Not due again before its backoff (2 s, and the 503's Retry-After of 1 s).
    assert_eq!(r.send(NOW + 2_500).await, 0);
    assert_eq!(r.message(id, m).await.0, Some(Delivery::Queued));
    assert_eq!(r.send(NOW + 5_000).await, 1);
    assert_eq!(r.message(id, m).await.0, Some(Delivery::Queued));
    assert_eq!(r.send(NOW + 20_000).await, 1);
    let statuses: Vec<_> = r.sends().iter().map(|s| s.status).collect();
    assert_eq!(statuses, [Some(503), Some(400), Some(200)]);
    assert_eq!(r.message(id, m).await.0, Some(Delivery::Sent));
}

engine_test!(a_refusal_fails_the_reply_with_the_reason_and_retry_sends_it);
async fn a_refusal_fails_the_reply_with_the_reason_and_retry_sends_it(db: TestDb) {
    let r = rig(&db).await;
    let c = r.channel(ChannelKind::Messenger, PAGE).await;
    let id = r
        .customer_writes(&c, "7000000000000002", "hello", NOW)
        .await;
    let m = r.reply(id, "Are you there?", NOW + 1_000).await;
    r.script("/meta", &["meta_551_1545041"]);
    r.send(NOW + 2_000).await;
    let (delivery, reason) = r.message(id, m).await;
    assert_eq!(delivery, Some(Delivery::Failed));
    assert!(
        reason.as_deref().unwrap().contains("isn't available"),
        "{reason:?}"
    );
    // Failed for good: the worker leaves it.
    assert_eq!(r.send(NOW + 3_600_000).await, 0);
    // The member sends it again.
    reply::retry(&r.store, &r.admin, id, m, NOW + 5_000)
        .await
        .unwrap();
    assert_eq!(r.message(id, m).await, (Some(Delivery::Queued), None));
    r.send(NOW + 6_000).await;
    assert_eq!(r.message(id, m).await.0, Some(Delivery::Sent));
    assert_eq!(r.sends().len(), 2);
    // Only a failed reply of this conversation can be retried.
    assert!(matches!(
        reply::retry(&r.store, &r.admin, id, m, NOW + 7_000).await,
        Err(ServiceError::NotFound(_))
    ));
}

engine_test!(an_expired_token_fails_the_reply_and_marks_the_channel);
async fn an_expired_token_fails_the_reply_and_marks_the_channel(db: TestDb) {
    let r = rig(&db).await;
    let c = r.channel(ChannelKind::Messenger, PAGE).await;
    let id = r
        .customer_writes(&c, "7000000000000003", "hello", NOW)
        .await;
    let m = r.reply(id, "Hi", NOW + 1_000).await;
    r.script("/meta", &["meta_190"]);
    r.send(NOW + 2_000).await;
    assert_eq!(r.message(id, m).await.0, Some(Delivery::Failed));
    let channel = r
        .store
        .channel(c.workspace_id, c.id)
        .await
        .unwrap()
        .unwrap();
    assert!(
        channel
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("access token")),
        "{:?}",
        channel.last_error
    );
}

engine_test!(a_lost_answer_is_not_sent_again_but_confirmed_by_the_echo);
async fn a_lost_answer_is_not_sent_again_but_confirmed_by_the_echo(db: TestDb) {
    let r = rig(&db).await;
    let c = r.channel(ChannelKind::Messenger, PAGE).await;
    let id = r
        .customer_writes(&c, "7000000000000004", "hello", NOW)
        .await;
    let confirmed = r.reply(id, "first", NOW + 1_000).await;
    let abandoned = r.reply(id, "second", NOW + 1_000).await;
    // Both sends reach the platform, but the answers come after the client gave up.
    r.fake
        .state
        .script(
            "/meta",
            vec![ScriptedResponse::late(1_500), ScriptedResponse::late(1_500)],
        )
        .unwrap();
    r.send(NOW + 2_000).await;
    assert_eq!(r.sends().len(), 2);
    assert_eq!(r.message(id, confirmed).await.0, Some(Delivery::Queued));
    // Waiting for the echo: never sent again meanwhile.
    assert_eq!(r.send(NOW + RECONCILE / 2).await, 0);
    // The echo of the first, with our tag, confirms it.
    let echo = format!(
        r#"{{"object":"page","entry":[{{"id":"{PAGE}","time":{t},"messaging":[{{"sender":{{"id":"{PAGE}"}},"recipient":{{"id":"7000000000000004"}},"timestamp":{t},"message":{{"is_echo":true,"app_id":1517776481860111,"metadata":"inbox:msg:{m}","mid":"m_echoed_first","text":"first"}}}}]}}]}}"#,
        t = NOW + 3_000,
        m = confirmed.get()
    );
    r.store
        .store_inbound_body(&c, echo.as_bytes(), NOW + 3_000)
        .await
        .unwrap();
    process_pending(&r.store, None).await.unwrap();
    assert_eq!(r.message(id, confirmed).await.0, Some(Delivery::Sent));
    // The second never got one: given up after the wait, not sent again.
    assert_eq!(r.send(NOW + RECONCILE + 5_000).await, 1);
    let (delivery, reason) = r.message(id, abandoned).await;
    assert_eq!(delivery, Some(Delivery::Failed));
    assert_eq!(reason.as_deref(), Some("inbox:unconfirmed"));
    assert_eq!(r.sends().len(), 2);
    // The echo is not a second message in the thread.
    let thread = r
        .store
        .conversation_detail(r.admin.workspace_id, id, 50)
        .await
        .unwrap()
        .unwrap();
    let firsts = thread
        .items
        .iter()
        .filter(|i| matches!(i, ThreadItem::Message { body, .. } if body == "first"))
        .count();
    assert_eq!(firsts, 1);
}

engine_test!(an_echo_from_the_platforms_own_app_is_recorded_once);
async fn an_echo_from_the_platforms_own_app_is_recorded_once(db: TestDb) {
    let r = rig(&db).await;
    let c = r.channel(ChannelKind::Messenger, PAGE).await;
    let id = r
        .customer_writes(&c, "7000000000000005", "hello", NOW)
        .await;
    let echo = format!(
        r#"{{"object":"page","entry":[{{"id":"{PAGE}","time":{t},"messaging":[{{"sender":{{"id":"{PAGE}"}},"recipient":{{"id":"7000000000000005"}},"timestamp":{t},"message":{{"is_echo":true,"app_id":263902037430900,"mid":"m_from_business_suite","text":"Answered from Business Suite"}}}}]}}]}}"#,
        t = NOW + 5_000
    );
    for _ in 0..2 {
        r.store
            .store_inbound_body(&c, echo.as_bytes(), NOW + 5_000)
            .await
            .unwrap();
        process_pending(&r.store, None).await.unwrap();
    }
    let thread = r
        .store
        .conversation_detail(r.admin.workspace_id, id, 50)
        .await
        .unwrap()
        .unwrap();
    let echoes: Vec<_> = thread
        .items
        .iter()
        .filter_map(|i| match i {
            ThreadItem::Message {
                kind,
                body,
                author_name,
                delivery,
                ..
            } if body == "Answered from Business Suite" => {
                Some((*kind, author_name.clone(), *delivery))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        echoes,
        [(MessageKind::Outbound, None, Some(Delivery::Sent))]
    );
}

engine_test!(line_uses_a_fresh_reply_token_once_then_pushes_with_a_retry_key);
async fn line_uses_a_fresh_reply_token_once_then_pushes_with_a_retry_key(db: TestDb) {
    let r = rig(&db).await;
    let c = r.channel(ChannelKind::Line, LINE_BOT).await;
    let sender = "U70000000000000000000000000000001";
    let unique = format!("{sender}-請問有門市嗎");
    r.fake.state.issue_reply_token(
        Some(&omni_inbox::server::fake::webhook::line_reply_token(
            &unique,
        )),
        60_000,
    );
    let id = r.customer_writes(&c, sender, "請問有門市嗎", NOW).await;
    let first = r.reply(id, "有的，信義店。", NOW + 5_000).await;
    let second = r.reply(id, "營業到晚上九點。", NOW + 6_000).await;
    r.send(NOW + 7_000).await;
    let sends = r.sends();
    let paths: Vec<_> = sends.iter().map(|s| s.path.as_str()).collect();
    assert!(paths[0].ends_with("/v2/bot/message/reply"), "{paths:?}");
    assert!(paths[1].ends_with("/v2/bot/message/push"), "{paths:?}");
    assert!(sends[1].headers.contains_key("x-line-retry-key"));
    assert_eq!(r.message(id, first).await.0, Some(Delivery::Sent));
    assert_eq!(r.message(id, second).await.0, Some(Delivery::Sent));
}

engine_test!(a_line_push_whose_answer_was_lost_is_repeated_safely_with_its_key);
async fn a_line_push_whose_answer_was_lost_is_repeated_safely_with_its_key(db: TestDb) {
    let r = rig(&db).await;
    let c = r.channel(ChannelKind::Line, LINE_BOT).await;
    let id = r
        .customer_writes(&c, "U70000000000000000000000000000002", "在嗎", NOW)
        .await;
    let m = r.reply(id, "在的", NOW + 120_000).await;
    // The push is accepted, but its answer comes too late for the client.
    r.fake
        .state
        .script("/line", vec![ScriptedResponse::late(1_500)])
        .unwrap();
    r.send(NOW + 121_000).await;
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    assert_eq!(r.message(id, m).await.0, Some(Delivery::Queued));
    // The retry carries the same key: LINE answers 409 (already accepted), which is sent.
    r.send(NOW + 200_000).await;
    let sends = r.sends();
    assert_eq!(sends.len(), 2, "{sends:?}");
    assert_eq!(
        sends[0].headers.get("x-line-retry-key"),
        sends[1].headers.get("x-line-retry-key")
    );
    assert_eq!(sends[1].status, Some(409));
    assert_eq!(r.message(id, m).await.0, Some(Delivery::Sent));
}

engine_test!(a_reply_outside_the_window_or_to_an_unfollower_is_refused_before_queueing);
async fn a_reply_outside_the_window_or_to_an_unfollower_is_refused_before_queueing(db: TestDb) {
    let r = rig(&db).await;
    let wa = r.channel(ChannelKind::WhatsApp, WA_NUMBER).await;
    let id = r.customer_writes(&wa, "886912000002", "hi", NOW).await;
    let day = 24 * 3_600_000;
    let detail =
        omni_inbox::server::service::conversation::open(&r.store, &r.admin, id, NOW + 60_000)
            .await
            .unwrap();
    assert_eq!(
        detail.window,
        omni_inbox::domain::window::Window::Open { until: NOW + day }
    );
    assert_eq!(detail.reply_refused, None);
    let late = reply::send(
        &r.store,
        &r.admin,
        id,
        MessageKind::Outbound,
        "late",
        NOW + day + 1,
    )
    .await;
    assert!(
        matches!(late, Err(ServiceError::Reply(ReplyRefused::WindowClosed))),
        "{late:?}"
    );
    let detail =
        omni_inbox::server::service::conversation::open(&r.store, &r.admin, id, NOW + day + 1)
            .await
            .unwrap();
    assert_eq!(detail.reply_refused, Some(ReplyRefused::WindowClosed));
    // A note is still possible; nothing was queued.
    reply::send(
        &r.store,
        &r.admin,
        id,
        MessageKind::Note,
        "call them",
        NOW + day + 2,
    )
    .await
    .unwrap();
    assert_eq!(r.send(NOW + day + 3).await, 0);
    // The customer writes again: the window opens again.
    r.customer_writes(&wa, "886912000002", "still there?", NOW + day + 10)
        .await;
    r.reply(id, "Yes!", NOW + day + 20).await;

    // LINE: an unfollow refuses replies, a follow allows them again; a follow of someone new
    // makes a customer without a conversation.
    let line = r.channel(ChannelKind::Line, LINE_BOT).await;
    let sender = "U70000000000000000000000000000003";
    let lid = r.customer_writes(&line, sender, "哈囉", NOW).await;
    let event = |kind: &str, user: &str, n: u32| {
        format!(
            r#"{{"destination":"{LINE_BOT}","events":[{{"type":"{kind}","mode":"active","timestamp":{t},"source":{{"type":"user","userId":"{user}"}},"webhookEventId":"01JF00000000000000000{n:05}","deliveryContext":{{"isRedelivery":false}}{extra}}}]}}"#,
            t = NOW + 1_000,
            extra = if kind == "follow" {
                r#","replyToken":"abc","follow":{"isUnblocked":true}"#
            } else {
                ""
            }
        )
    };
    r.store
        .store_inbound_body(&line, event("unfollow", sender, 1).as_bytes(), NOW + 1_000)
        .await
        .unwrap();
    process_pending(&r.store, None).await.unwrap();
    let refused = reply::send(
        &r.store,
        &r.admin,
        lid,
        MessageKind::Outbound,
        "hi",
        NOW + 2_000,
    )
    .await;
    assert!(
        matches!(
            refused,
            Err(ServiceError::Reply(ReplyRefused::Unsubscribed))
        ),
        "{refused:?}"
    );
    r.store
        .store_inbound_body(&line, event("follow", sender, 2).as_bytes(), NOW + 3_000)
        .await
        .unwrap();
    let newcomer = "U70000000000000000000000000000004";
    r.store
        .store_inbound_body(&line, event("follow", newcomer, 3).as_bytes(), NOW + 3_000)
        .await
        .unwrap();
    process_pending(&r.store, None).await.unwrap();
    r.reply(lid, "歡迎回來", NOW + 4_000).await;
    assert!(r.store.knows_sender(line.id, newcomer).await.unwrap());
    let mut q = crate::common::list_query(&r.admin, View::PendingHuman, 500);
    q.channel = Some(line.id);
    let pending = r.store.list_conversations(&q).await.unwrap().rows;
    assert_eq!(
        pending.len(),
        0,
        "a follow makes no conversation: {pending:?}"
    );
}

engine_test!(
    two_workers_send_every_reply_exactly_once,
    flavor = "multi_thread",
    worker_threads = 4
);
async fn two_workers_send_every_reply_exactly_once(db: TestDb) {
    let r = rig(&db).await;
    let c = r.channel(ChannelKind::WhatsApp, WA_NUMBER).await;
    let mut replies = Vec::new();
    for i in 0..6 {
        let id = r
            .customer_writes(&c, &format!("88691200010{i}"), "hi", NOW)
            .await;
        for j in 0..5 {
            replies.push((
                id,
                r.reply(id, &format!("reply {i}-{j}"), NOW + 1_000).await,
            ));
        }
    }
    let work = |claim: &'static str| {
        let (store, platforms) = (r.store.clone(), &r.platforms);
        async move {
            let mut n = 0;
            loop {
                let done = send_due(&store, platforms, claim, || NOW + 2_000)
                    .await
                    .unwrap();
                if done == 0 {
                    return n;
                }
                n += done;
            }
        }
    };
    let (a, b) = tokio::join!(work("worker-a"), work("worker-b"));
    assert_eq!(a + b, replies.len(), "each reply handled once ({a} + {b})");
    let sends = r.sends();
    assert_eq!(sends.len(), replies.len());
    let mut texts: Vec<String> = sends
        .iter()
        .map(|s| s.body["text"]["body"].as_str().unwrap().to_owned())
        .collect();
    texts.sort();
    texts.dedup();
    assert_eq!(texts.len(), replies.len(), "a reply was sent twice");
    for (id, m) in replies {
        assert_eq!(r.message(id, m).await.0, Some(Delivery::Sent));
    }
}

engine_test!(reactions_and_unsends_show_on_their_messages);
async fn reactions_and_unsends_show_on_their_messages(db: TestDb) {
    let r = rig(&db).await;
    // WhatsApp: the customer reacts to our reply (pywa's published reaction payload).
    let wa = r.channel(ChannelKind::WhatsApp, "1122334455667").await;
    let id = r.customer_writes(&wa, "972987654321", "hi", NOW).await;
    let m = r.reply(id, "Here is your invoice.", NOW + 1_000).await;
    // The platform names the message it accepted (its documented answer).
    let accepted = serde_json::json!({
        "messaging_product": "whatsapp",
        "contacts": [{"input": "972987654321", "wa_id": "972987654321"}],
        "messages": [{"id": "wamid.yzxyzx="}],
    });
    r.fake
        .state
        .script("/meta", vec![ScriptedResponse::status(200, accepted)])
        .unwrap();
    r.send(NOW + 2_000).await;
    assert_eq!(r.message(id, m).await.0, Some(Delivery::Sent));
    let reaction = include_bytes!("../fixtures/channels/whatsapp/pywa_message_reaction.json");
    r.store
        .store_inbound_body(&wa, reaction, NOW + 3_000)
        .await
        .unwrap();
    process_pending(&r.store, None).await.unwrap();
    let reactions: Vec<_> = thread(&r, id)
        .await
        .into_iter()
        .filter_map(|i| match i {
            ThreadItem::Message {
                id: mid, reaction, ..
            } if mid == m => Some(reaction),
            _ => None,
        })
        .collect();
    assert_eq!(reactions, [Some("\u{1f62e}".to_owned())]);

    // LINE: the customer unsends their message (line-bot-sdk-java's published payload).
    let line = r
        .channel(ChannelKind::Line, "Uab012345678901234567890123456789")
        .await;
    let user = "u206d25c2ea6bd87c17655609a1c37cb8";
    let lid = r.customer_writes(&line, user, "打錯字了", NOW).await;
    let theirs = omni_inbox::server::fake::webhook::message_id(
        ChannelKind::Line,
        &format!("{user}-打錯字了"),
    );
    let unsend =
        String::from_utf8(include_bytes!("../fixtures/channels/line/java_unsend.json").to_vec())
            .unwrap()
            .replace("\"325708\"", &format!("\"{theirs}\""));
    r.store
        .store_inbound_body(&line, unsend.as_bytes(), NOW + 4_000)
        .await
        .unwrap();
    process_pending(&r.store, None).await.unwrap();
    let withdrawn: Vec<_> = thread(&r, lid)
        .await
        .into_iter()
        .filter_map(|i| match i {
            ThreadItem::Message {
                body, withdrawn, ..
            } if body == "打錯字了" => Some(withdrawn),
            _ => None,
        })
        .collect();
    assert_eq!(withdrawn, [true]);
}

async fn thread(r: &Rig, id: ConversationId) -> Vec<ThreadItem> {
    r.store
        .conversation_detail(r.admin.workspace_id, id, 50)
        .await
        .unwrap()
        .unwrap()
        .items
}

engine_test!(the_bots_buttons_go_out_as_each_platform_shows_them);
/// The demo's menu flow answers "選單" on LINE with quick-reply postbacks, on WhatsApp with an
/// interactive list (five buttons are more than its three reply buttons) and on Messenger with
/// quick replies, each button's payload the tap the flow reads back.
async fn the_bots_buttons_go_out_as_each_platform_shows_them(db: TestDb) {
    let r = rig(&db).await;
    let ws = r.admin.workspace_id;
    demo::bot::create(&r.store, ws, NOW).await.unwrap();
    let line = r.channel(ChannelKind::Line, LINE_BOT).await;
    let wa = r.channel(ChannelKind::WhatsApp, WA_NUMBER).await;
    let page = r.channel(ChannelKind::Messenger, PAGE).await;
    for (c, sender) in [
        (&line, "U00000000000000000000000000b0701"),
        (&wa, "886912000701"),
        (&page, "7000000000000701"),
    ] {
        let body = customer_message(
            c.kind,
            &c.account_id,
            sender,
            "Customer",
            SimContent::Text("選單".into()),
            NOW,
            &format!("{sender}-menu"),
        );
        r.store.store_inbound_body(c, &body, NOW).await.unwrap();
    }
    process_pending(&r.store, None).await.unwrap();
    assert_eq!(r.send(NOW + 1_000).await, 3);
    let flow = r.store.bot_flows(ws).await.unwrap()[0].id;
    let payloads: Vec<String> = (0..5)
        .map(|i| {
            omni_inbox::domain::bot::buttons::tap_payload(
                omni_inbox::domain::bot::FlowAt { flow, step: 1 },
                i,
            )
        })
        .collect();
    let sent = r.fake.state.requests();
    let body = |part: &str| {
        sent.iter()
            .find(|q| q.path.contains(part) && q.method == "POST")
            .unwrap_or_else(|| panic!("nothing sent to …{part}: {sent:?}"))
            .body
            .clone()
    };
    let line_body = body("/v2/bot/message/");
    let items = line_body["messages"][0]["quickReply"]["items"]
        .as_array()
        .unwrap();
    assert_eq!(items.len(), 5);
    assert_eq!(items[3]["action"]["label"], "門市地址");
    assert_eq!(items[3]["action"]["data"], payloads[3].as_str());
    let wa_body = body(&format!("/{WA_NUMBER}/messages"));
    assert_eq!(wa_body["interactive"]["type"], "list", "{wa_body}");
    let rows = wa_body["interactive"]["action"]["sections"][0]["rows"]
        .as_array()
        .unwrap();
    assert_eq!(rows[4]["id"], payloads[4].as_str());
    let page_body = body("/me/messages");
    let quick = page_body["message"]["quick_replies"].as_array().unwrap();
    assert_eq!(quick[0]["title"], "營業時間");
    assert_eq!(quick[0]["payload"], payloads[0].as_str());
}

engine_test!(follow_up_and_send_is_both_or_neither);
async fn follow_up_and_send_is_both_or_neither(db: TestDb) {
    use omni_inbox::domain::ConvState;
    let r = rig(&db).await;
    let agent = as_member(&r.store, "agent@demo.test").await;
    let wa = r.channel(ChannelKind::WhatsApp, WA_NUMBER).await;
    let sender = "886912000077";
    let body = customer_message(
        wa.kind,
        &wa.account_id,
        sender,
        "Customer",
        SimContent::Text("還有貨嗎？".into()),
        NOW,
        "pending-1",
    );
    r.store.store_inbound_body(&wa, &body, NOW).await.unwrap();
    process_pending(&r.store, None).await.unwrap();
    let id = r.conversation_of(&wa, sender).await;
    let state = || async {
        let rec = r
            .store
            .conversation(agent.workspace_id, id, Some(agent.member_id))
            .await
            .unwrap()
            .unwrap();
        (rec.facts.state, rec.version)
    };
    let (pending, version) = state().await;
    assert!(matches!(pending, ConvState::Pending(_)), "{pending:?}");
    let outbound = || async {
        r.store
            .conversation_detail(agent.workspace_id, id, 50)
            .await
            .unwrap()
            .unwrap()
            .items
            .into_iter()
            .filter(|i| {
                matches!(
                    i,
                    ThreadItem::Message {
                        kind: MessageKind::Outbound,
                        ..
                    }
                )
            })
            .count()
    };
    let day = 24 * 3_600_000;

    // Past the platform's window the reply is refused, and the conversation stays pending.
    let late =
        reply::follow_up_and_send(&r.store, &agent, id, version, "有的", NOW + day + 1).await;
    assert!(
        matches!(late, Err(ServiceError::Reply(ReplyRefused::WindowClosed))),
        "{late:?}"
    );
    assert_eq!(state().await, (pending, version));
    // A version the conversation has left is refused; nothing is written.
    let stale = reply::follow_up_and_send(&r.store, &agent, id, version - 1, "有的", NOW + 1).await;
    assert!(
        matches!(stale, Err(ServiceError::Changed { .. })),
        "{stale:?}"
    );
    // An empty reply is refused before anything.
    assert!(
        reply::follow_up_and_send(&r.store, &agent, id, version, "  ", NOW + 1)
            .await
            .is_err()
    );
    assert_eq!(state().await, (pending, version));
    assert_eq!(outbound().await, 0);

    // Within the window: followed up by the agent and the reply queued, in one step.
    reply::follow_up_and_send(
        &r.store,
        &agent,
        id,
        version,
        "有的，今天出貨",
        NOW + 60_000,
    )
    .await
    .unwrap();
    let (now, v2) = state().await;
    assert_eq!(
        now,
        ConvState::InProgress {
            owner: agent.member_id
        }
    );
    assert_eq!(v2, version + 1);
    assert_eq!(outbound().await, 1);
    assert_eq!(r.send(NOW + 61_000).await, 1);
    assert_eq!(r.sends().len(), 1);
    // The same button pressed again (the conversation is no longer pending) changes nothing.
    let again =
        reply::follow_up_and_send(&r.store, &agent, id, version, "有的", NOW + 62_000).await;
    assert!(
        matches!(again, Err(ServiceError::Changed { .. })),
        "{again:?}"
    );
    assert_eq!(outbound().await, 1);
    // Someone who may not follow it up (a sales rep of another branch sees it not at all).
    let rep = as_member(&r.store, "salesrep2@demo.test").await;
    let (_, v3) = state().await;
    let hidden = reply::follow_up_and_send(&r.store, &rep, id, v3, "hi", NOW + 63_000).await;
    assert!(hidden.is_err(), "{hidden:?}");
    assert_eq!(outbound().await, 1);
}
