//! The bot (issue 14) on every engine: rules, flows and settings kept, checked and ordered;
//! customer messages routed by them through the one ingest (answers stored and queued with the
//! message, redeliveries answered once, unsubscribed customers never written to, the hourly
//! limit, a member's conversation left alone); and the settings' server functions for every
//! role, another workspace and nobody.

use crate::common::{app, as_member, by_test, demo_hash, engine_test, session_cookie, TestDb, NOW};
use crate::permissions::{import_other_workspace, LOGINS};
use http::StatusCode;
use omni_inbox::domain::bot::buttons::tap_payload;
use omni_inbox::domain::bot::config::{
    FlowDraft, Greeting, Problem, Reply, RuleDraft, Settings, Step, Why,
};
use omni_inbox::domain::bot::{Button, ButtonAction, FlowAt};
use omni_inbox::domain::{ChannelId, ChannelKind, ConvState, Handler, MediaKind, WorkspaceId};
use omni_inbox::server::db::{MediaSource, NewAttachment, Received, Store};
use omni_inbox::server::demo;
use omni_inbox::server::service::ingest::{ingest, Inbound};
use serde_json::json;

fn rule(name: &str, keywords: &[&str], reply: &str) -> RuleDraft {
    RuleDraft::contains(name, keywords, Reply::text(reply))
}

async fn save(s: &Store, ws: WorkspaceId, r: &RuleDraft) -> i64 {
    s.save_rule(ws, None, r, &by_test())
        .await
        .unwrap()
        .unwrap()
        .unwrap()
}

async fn line(s: &Store, ws: WorkspaceId) -> ChannelId {
    s.channels(ws)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.kind == ChannelKind::Line)
        .unwrap()
        .id
}

engine_test!(rules_and_flows_are_kept_checked_and_ordered);
async fn rules_and_flows_are_kept_checked_and_ordered(db: TestDb) {
    let s = &db.store;
    let ws = s.import(&demo::dataset(NOW, &demo_hash())).await.unwrap();
    assert!(s.bot_rules(ws).await.unwrap().is_empty());
    let hours = save(s, ws, &rule("營業時間", &["營業時間"], "09:00–18:00")).await;
    let shipping = save(s, ws, &rule("運費", &["運費"], "滿千免運")).await;
    let names = |rules: Vec<omni_inbox::domain::bot::config::SavedRule>| {
        rules.into_iter().map(|r| r.rule.name).collect::<Vec<_>>()
    };
    assert_eq!(names(s.bot_rules(ws).await.unwrap()), ["營業時間", "運費"]);
    // Moving: one place at a time, nothing past either end.
    assert!(s.move_rule(ws, shipping, true, &by_test()).await.unwrap());
    assert_eq!(names(s.bot_rules(ws).await.unwrap()), ["運費", "營業時間"]);
    assert!(!s.move_rule(ws, shipping, true, &by_test()).await.unwrap());
    assert!(!s.move_rule(ws, 999_999, false, &by_test()).await.unwrap());
    // A button must lead to a rule of the workspace; a rule's button never to a step.
    let mut bad = rule("壞", &["壞"], "x");
    bad.reply.buttons = vec![Button {
        label: "去".into(),
        action: ButtonAction::Rule(999_999),
    }];
    assert_eq!(
        s.save_rule(ws, None, &bad, &by_test()).await.unwrap(),
        Err(Problem::BadTarget)
    );
    bad.reply.buttons[0].action = ButtonAction::Step(1);
    assert_eq!(
        s.save_rule(ws, None, &bad, &by_test()).await.unwrap(),
        Err(Problem::BadTarget)
    );
    // A flow leading to the hours rule; a rule starting it.
    let flow = FlowDraft {
        name: "選單".into(),
        greeting: Greeting::None,
        steps: vec![Step {
            id: 1,
            text: "請選擇".into(),
            buttons: vec![Button {
                label: "營業時間".into(),
                action: ButtonAction::Rule(hours),
            }],
        }],
    };
    let flow_id = s
        .save_flow(ws, None, &flow, &by_test())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    let menu = save(
        s,
        ws,
        &RuleDraft {
            flow: Some(flow_id),
            reply: Reply::default(),
            ..rule("選單", &["選單"], "")
        },
    )
    .await;
    // Neither what a button leads to nor a flow a rule starts can go.
    assert_eq!(
        s.delete_rule(ws, hours, &by_test()).await.unwrap(),
        Err(Problem::InUse)
    );
    assert_eq!(
        s.delete_flow(ws, flow_id, &by_test()).await.unwrap(),
        Err(Problem::InUse)
    );
    assert_eq!(s.delete_rule(ws, menu, &by_test()).await.unwrap(), Ok(true));
    assert_eq!(
        s.delete_flow(ws, flow_id, &by_test()).await.unwrap(),
        Ok(true)
    );
    assert_eq!(
        s.delete_rule(ws, hours, &by_test()).await.unwrap(),
        Ok(true)
    );
    assert_eq!(
        s.delete_rule(ws, hours, &by_test()).await.unwrap(),
        Ok(false)
    );
    // Editing a rule that is not there saves nothing.
    assert_eq!(
        s.save_rule(ws, Some(999_999), &rule("x", &["x"], "x"), &by_test())
            .await
            .unwrap(),
        Ok(None)
    );
    // The compiled bot follows every change (its version moves).
    let before = s.bot(ws).await.unwrap();
    assert_eq!(before.rules.len(), 1);
    let mut off = s.bot_rules(ws).await.unwrap()[0].rule.clone();
    off.enabled = false;
    s.save_rule(ws, Some(shipping), &off, &by_test())
        .await
        .unwrap()
        .unwrap();
    let after = s.bot(ws).await.unwrap();
    assert!(!after.rules[0].enabled);
    let settings = Settings {
        person_words: vec!["找人".into()],
        replies_per_hour: 3,
    };
    s.save_bot_settings(ws, &settings, &by_test())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(s.bot_settings(ws).await.unwrap(), settings);
    assert_eq!(s.bot(ws).await.unwrap().replies_per_hour, 3);
}

/// A customer writing on the demo's LINE channel.
struct Customer<'a> {
    s: &'a Store,
    ws: WorkspaceId,
    channel: ChannelId,
    sender: String,
    n: std::sync::atomic::AtomicI64,
}

impl Customer<'_> {
    async fn send(&self, body: &str, payload: Option<&str>, files: &[NewAttachment]) -> Received {
        let n = self.n.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        self.send_as(&format!("{}-{n}", self.sender), body, payload, files)
            .await
    }

    async fn send_as(
        &self,
        external: &str,
        body: &str,
        payload: Option<&str>,
        files: &[NewAttachment],
    ) -> Received {
        ingest(
            self.s,
            &Inbound {
                workspace: self.ws,
                channel: self.channel,
                sender: &self.sender,
                sender_name: "測試顧客",
                body,
                external_id: Some(external),
                payload,
                reply_token: None,
                attachments: files,
                now: NOW + self.n.load(std::sync::atomic::Ordering::SeqCst) * 1000,
            },
        )
        .await
        .unwrap()
    }

    /// The conversation's state, why it is there, and the bot's messages (text, buttons).
    async fn seen(&self, db: &TestDb) -> (ConvState, Option<Why>, Vec<(String, Option<String>)>) {
        let id = self.conversation(db).await;
        let rec = self
            .s
            .conversation(self.ws, id, None)
            .await
            .unwrap()
            .unwrap();
        let detail = self
            .s
            .conversation_detail(self.ws, id, 200)
            .await
            .unwrap()
            .unwrap();
        let mut bot = Vec::new();
        for item in detail.items {
            if let omni_inbox::wire::ThreadItem::Message {
                by_bot: true, body, ..
            } = item
            {
                bot.push(body);
            }
        }
        let buttons = db
            .texts(&format!(
                "select coalesce(buttons, '') from messages where conversation_id = {} and by_bot order by id",
                id.get()
            ))
            .await;
        let bot = bot
            .into_iter()
            .zip(buttons)
            .map(|(b, k)| (b, (!k.is_empty()).then_some(k)))
            .collect();
        (rec.facts.state, detail.why, bot)
    }

    async fn conversation(&self, db: &TestDb) -> omni_inbox::domain::ConversationId {
        let id = db
            .scalar(&format!(
                "select c.id from conversations c join customer_identities ci
                   on ci.customer_id = c.customer_id and ci.channel_id = c.channel_id
                 where ci.external_id = '{}'",
                self.sender
            ))
            .await;
        omni_inbox::domain::ConversationId(id)
    }
}

engine_test!(customer_messages_are_routed_answered_and_bounded);
async fn customer_messages_are_routed_answered_and_bounded(db: TestDb) {
    let s = &db.store;
    let ws = s.import(&demo::dataset(NOW, &demo_hash())).await.unwrap();
    demo::bot::create(s, ws, NOW).await.unwrap();
    let channel = line(s, ws).await;
    let customer = |sender: &str| Customer {
        s,
        ws,
        channel,
        sender: sender.into(),
        n: std::sync::atomic::AtomicI64::new(0),
    };
    let bot_pending = ConvState::Pending(Handler::Bot);
    let human_pending = ConvState::Pending(Handler::Human);
    let hours = Why::Rule {
        position: 1,
        name: "營業時間".into(),
    };

    // A rule answers: Pending · Bot, why, the answer stored as the bot's and queued for LINE.
    let a = customer("U-bot-a");
    assert_eq!(
        a.send_as("a-1", "請問營業時間？", None, &[]).await,
        Received::Stored
    );
    let (state, why, said) = a.seen(&db).await;
    assert_eq!((state, why), (bot_pending, Some(hours.clone())));
    assert_eq!(said.len(), 1);
    assert!(said[0].0.contains("08:00"), "{said:?}");
    let id = a.conversation(&db).await;
    let queued = db
        .scalar(&format!(
            "select count(*) from outbound_queue q join messages m on m.id = q.message_id
             where m.conversation_id = {} and m.by_bot",
            id.get()
        ))
        .await;
    assert_eq!(queued, 1);
    // A redelivery is stored once and answered once.
    assert_eq!(
        a.send_as("a-1", "請問營業時間？", None, &[]).await,
        Received::Duplicate
    );
    assert_eq!(a.seen(&db).await.2.len(), 1);
    // Asking for a person: Pending · Human, and the bot keeps out from then on.
    a.send("我要找真人", None, &[]).await;
    let (state, why, _) = a.seen(&db).await;
    assert_eq!((state, why), (human_pending, Some(Why::AskedForPerson)));
    a.send("營業時間", None, &[]).await;
    let (state, why, said) = a.seen(&db).await;
    assert_eq!(
        (state, why, said.len()),
        (human_pending, Some(Why::AskedForPerson), 1)
    );

    // Nothing matched: a person; a picture: a person, saying so.
    let b = customer("U-bot-b");
    b.send("我的訂單還沒到", None, &[]).await;
    assert_eq!(b.seen(&db).await.0, human_pending);
    assert_eq!(b.seen(&db).await.1, Some(Why::NoMatch));
    let picture = NewAttachment {
        kind: MediaKind::Image,
        source: MediaSource::Platform("m-1".into()),
        mime_type: None,
        file_name: None,
        caption: None,
        detail: None,
    };
    let c = customer("U-bot-c");
    c.send("", None, std::slice::from_ref(&picture)).await;
    let (state, why, said) = c.seen(&db).await;
    assert_eq!(
        (state, why, said.len()),
        (human_pending, Some(Why::SentMedia(MediaKind::Image)), 0)
    );

    // The menu flow: its buttons stored with the message; a typed number continues it; a tap
    // on "talk to a person" hands over.
    let d = customer("U-bot-d");
    d.send("選單", None, &[]).await;
    let (state, _, said) = d.seen(&db).await;
    assert_eq!(state, bot_pending);
    let buttons: Vec<(String, String)> =
        serde_json::from_str(said[0].1.as_deref().unwrap()).unwrap();
    assert_eq!(buttons.len(), 5);
    assert_eq!(buttons[3].0, "門市地址");
    let flow = s.bot_flows(ws).await.unwrap()[0].id;
    assert_eq!(buttons[3].1, tap_payload(FlowAt { flow, step: 1 }, 3));
    d.send("4", None, &[]).await;
    let (state, why, said) = d.seen(&db).await;
    assert_eq!(state, bot_pending);
    assert!(said[1].0.contains("門市地址"), "{said:?}");
    assert_eq!(
        why,
        Some(Why::Flow {
            name: "主選單".into(),
            step: 2
        })
    );
    let person = tap_payload(FlowAt { flow, step: 2 }, 1);
    // As LINE sends a tap: a postback whose only text is its data; kept as the label tapped.
    d.send(&person, Some(&person), &[]).await;
    let (state, why, said) = d.seen(&db).await;
    assert_eq!(
        (state, why, said.len()),
        (human_pending, Some(Why::TappedPerson), 2)
    );
    let last = db
        .texts(&format!(
            "select body from messages where conversation_id = {} and kind = 'inbound' order by id desc",
            d.conversation(&db).await.get()
        ))
        .await;
    assert_eq!(last[0], "真人客服");

    // The hourly limit: the third automatic answer within the hour goes to a person instead.
    let mut settings = s.bot_settings(ws).await.unwrap();
    settings.replies_per_hour = 2;
    s.save_bot_settings(ws, &settings, &by_test())
        .await
        .unwrap()
        .unwrap();
    let e = customer("U-bot-e");
    for _ in 0..3 {
        e.send("運費多少", None, &[]).await;
    }
    let (state, why, said) = e.seen(&db).await;
    assert_eq!(
        (state, why, said.len()),
        (human_pending, Some(Why::ReplyLimit), 2)
    );

    // An unsubscribed customer (LINE unfollow) is never written to.
    let f = customer("U-bot-f");
    f.send("您好", None, &[]).await;
    s.set_unsubscribed(channel, "U-bot-f", Some(NOW))
        .await
        .unwrap();
    f.send("營業時間", None, &[]).await;
    let (_, why, said) = f.seen(&db).await;
    assert_eq!((why, said.len()), (Some(Why::MayNotWrite), 0));

    // A member's conversation is never answered by the bot.
    let g = customer("U-bot-g");
    g.send("營業時間", None, &[]).await;
    let id = g.conversation(&db).await;
    let agent = s.login_record("agent@demo.test").await.unwrap().unwrap();
    let rec = s.conversation(ws, id, None).await.unwrap().unwrap();
    let taken = omni_inbox::server::service::conversation::act(
        s,
        &as_member(s, "agent@demo.test").await,
        id,
        rec.version,
        omni_inbox::server::service::conversation::Act::FollowUp,
        NOW + 10_000,
    )
    .await;
    assert!(taken.is_ok(), "{taken:?}");
    g.send("營業時間", None, &[]).await;
    let (state, _, said) = g.seen(&db).await;
    assert_eq!(state.owner(), Some(agent.member_id));
    assert_eq!(said.len(), 1);

    // A blacklisted customer is never answered: their message is dropped, nothing queued.
    let h = customer("U-bot-h");
    h.send("您好", None, &[]).await;
    let id = h.conversation(&db).await;
    let block = format!(
        "update customers set blocked = true
         where id = (select customer_id from conversations where id = {})",
        id.get()
    );
    db.raw(&block, &[]).await;
    let queued = "select count(*) from outbound_queue";
    let before = db.scalar(queued).await;
    assert_eq!(h.send("營業時間", None, &[]).await, Received::Dropped);
    assert_eq!(db.scalar(queued).await, before);
}

fn rule_json(name: &str) -> serde_json::Value {
    json!({ "id": null, "rule": serde_json::to_value(rule(name, &[name], "好的")).unwrap() })
}

/// A one-step flow whose button asks for a person.
fn flow(name: &str) -> FlowDraft {
    FlowDraft {
        name: name.into(),
        greeting: Greeting::None,
        steps: vec![Step {
            id: 1,
            text: "請選擇".into(),
            buttons: vec![Button {
                label: "真人客服".into(),
                action: ButtonAction::Person,
            }],
        }],
    }
}

fn flow_json(id: Option<i64>, name: &str) -> serde_json::Value {
    json!({ "id": id, "flow": serde_json::to_value(flow(name)).unwrap() })
}

#[tokio::test]
async fn the_settings_answer_only_their_roles_in_their_workspace() {
    let app = app().await;
    let s = &app.db.store;
    let other = import_other_workspace(s).await;
    let theirs = save(s, other, &rule("別人的", &["別人的"], "x")).await;
    let their_flow = s
        .save_flow(other, None, &flow("別人的選單"), &by_test())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    let origin = Some("http://127.0.0.1:3000");
    for (i, login) in LOGINS.into_iter().enumerate() {
        let who = as_member(s, login).await;
        let may = matches!(
            who.role,
            omni_inbox::domain::Role::Admin
                | omni_inbox::domain::Role::Supervisor
                | omni_inbox::domain::Role::CsManager
        );
        let cookie = session_cookie(&app.login(login, "demo1234").await);
        let want = if may {
            StatusCode::OK
        } else {
            StatusCode::FORBIDDEN
        };
        let r = app
            .post("/api/bot_overview", "", Some(&cookie), origin)
            .await;
        assert_eq!(r.status, want, "{login}: {}", r.body);
        let name = format!("規則{i}");
        let r = app
            .post_json("/api/save_bot_rule", &rule_json(&name), &cookie)
            .await;
        assert_eq!(r.status, want, "{login}: {}", r.body);
        // A flow saved, and deleted again, by whom may.
        let r = app
            .post_json(
                "/api/save_bot_flow",
                &flow_json(None, &format!("選單{i}")),
                &cookie,
            )
            .await;
        assert_eq!(r.status, want, "{login}: {}", r.body);
        if may {
            let id: i64 = serde_json::from_str(&r.body).unwrap();
            let r = app
                .post(
                    "/api/delete_bot_flow",
                    &format!("id={id}"),
                    Some(&cookie),
                    origin,
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{login}: {}", r.body);
        }
        let sim = json!({ "form": { "text": "運費", "channel": line(s, who.workspace_id).await, "place": "New", "draft": null } });
        let r = app.post_json("/api/simulate_bot", &sim, &cookie).await;
        assert_eq!(r.status, want, "{login}: {}", r.body);
        let settings = json!({ "settings": { "person_words": ["真人"], "replies_per_hour": 5 } });
        let r = app
            .post_json("/api/save_bot_settings", &settings, &cookie)
            .await;
        assert_eq!(r.status, want, "{login}: {}", r.body);
        // Another workspace's rule is not there, for anyone (and untouched).
        for (path, form) in [
            ("/api/delete_bot_rule", format!("id={theirs}")),
            ("/api/move_bot_rule", format!("id={theirs}&up=true")),
            ("/api/delete_bot_flow", format!("id={their_flow}")),
        ] {
            let r = app.post(path, &form, Some(&cookie), origin).await;
            let want = if may {
                StatusCode::NOT_FOUND
            } else {
                StatusCode::FORBIDDEN
            };
            assert_eq!(r.status, want, "{login} {path}: {}", r.body);
        }
        let edit = json!({ "id": theirs, "rule": serde_json::to_value(rule("改", &["改"], "x")).unwrap() });
        let r = app.post_json("/api/save_bot_rule", &edit, &cookie).await;
        assert_ne!(r.status, StatusCode::OK, "{login}: {}", r.body);
        let edit = flow_json(Some(their_flow), "改");
        let r = app.post_json("/api/save_bot_flow", &edit, &cookie).await;
        assert_ne!(r.status, StatusCode::OK, "{login}: {}", r.body);
    }
    assert_eq!(s.bot_rules(other).await.unwrap()[0].rule.name, "別人的");
    let their_flows = s.bot_flows(other).await.unwrap();
    assert_eq!(their_flows.len(), 1);
    assert_eq!(their_flows[0].flow.name, "別人的選單");
    // Nobody signed in: 401, and nothing saved.
    let r = app.post("/api/bot_overview", "", None, origin).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let before = s
        .bot_rules(as_member(s, "admin@demo.test").await.workspace_id)
        .await
        .unwrap()
        .len();
    let r = app
        .send(crate::common::post_request(
            "application/json",
            "/api/save_bot_rule",
            &rule_json("匿名").to_string(),
            None,
            origin,
        ))
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let ws = as_member(s, "admin@demo.test").await.workspace_id;
    assert_eq!(s.bot_rules(ws).await.unwrap().len(), before);
    let flows_before = s.bot_flows(ws).await.unwrap();
    let r = app
        .send(crate::common::post_request(
            "application/json",
            "/api/save_bot_flow",
            &flow_json(None, "匿名").to_string(),
            None,
            origin,
        ))
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = app
        .post(
            "/api/delete_bot_flow",
            &format!("id={}", flows_before[0].id),
            None,
            origin,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(s.bot_flows(ws).await.unwrap().len(), flows_before.len());
    // A rule tried before it is saved answers in the simulator, and nothing is stored or sent.
    let channel = line(s, ws).await;
    let messages = db_count(s, ws).await;
    let draft = rule("門市", &["門市在哪"], "我們在復興南路。");
    let sim = json!({ "form": { "text": "請問門市在哪裡", "channel": channel, "place": "New",
        "draft": [null, serde_json::to_value(&draft).unwrap()] } });
    let r = app
        .post_json("/api/simulate_bot", &sim, &cookie_admin(&app).await)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let got: omni_inbox::wire::Simulated = serde_json::from_str(&r.body).unwrap();
    assert_eq!(got.outcome, omni_inbox::wire::SimOutcome::BotReplies);
    assert_eq!(got.messages[0].text, "我們在復興南路。");
    assert!(matches!(got.why, Some(Why::Rule { ref name, .. }) if name == "門市"));
    assert!(s
        .bot_rules(ws)
        .await
        .unwrap()
        .iter()
        .all(|r| r.rule.name != "門市"));
    let sim = json!({ "form": { "text": "我要找真人", "channel": channel, "place": "WithBot", "draft": null } });
    let r = app
        .post_json("/api/simulate_bot", &sim, &cookie_admin(&app).await)
        .await;
    let got: omni_inbox::wire::Simulated = serde_json::from_str(&r.body).unwrap();
    assert_eq!(
        (got.outcome, got.why),
        (
            omni_inbox::wire::SimOutcome::ToPerson,
            Some(Why::AskedForPerson)
        )
    );
    assert_eq!(db_count(s, ws).await, messages);
    // A refused rule names its field in the member's language, and nothing is saved.
    let cookie = session_cookie(&app.login("admin@demo.test", "demo1234").await);
    let empty = json!({ "id": null, "rule": serde_json::to_value(rule("空", &[], "x")).unwrap() });
    let r = app.post_json("/api/save_bot_rule", &empty, &cookie).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("keywords"), "{}", r.body);
    assert_eq!(s.bot_rules(ws).await.unwrap().len(), before);
}

async fn cookie_admin(app: &crate::common::App) -> String {
    session_cookie(&app.login("admin@demo.test", "demo1234").await)
}

/// Conversations of the workspace (the simulator opens none).
async fn db_count(s: &Store, ws: WorkspaceId) -> usize {
    let who = as_member(s, "admin@demo.test").await;
    let mut n = 0;
    for view in [
        omni_inbox::wire::View::PendingHuman,
        omni_inbox::wire::View::PendingBot,
    ] {
        n += s
            .list_conversations(&crate::common::list_query(&who, view, 500))
            .await
            .unwrap()
            .rows
            .len();
    }
    assert_eq!(who.workspace_id, ws);
    n
}
