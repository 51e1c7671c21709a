//! Customer messages through the one inbound entry point (`service::ingest`), on every engine.

use crate::common::{demo_hash, engine_test, TestDb, NOW};
use omni_inbox::domain::event::EventChange;
use omni_inbox::domain::permission::Scope;
use omni_inbox::domain::{ChannelKind, ConvState, ConversationId, Handler, MemberId, WorkspaceId};
use omni_inbox::server::db::{Credentials, ListQuery, NewChannel, Received, Store};
use omni_inbox::server::demo;
use omni_inbox::server::service::ingest::receive;
use omni_inbox::wire::{ConversationRow, View};

async fn rows(s: &Store, ws: WorkspaceId, me: MemberId, view: View) -> Vec<ConversationRow> {
    let q = ListQuery {
        workspace_id: ws,
        me,
        scope: Scope::All,
        view,
        channel: None,
        owner: None,
        sort: Default::default(),
        after: None,
        now: crate::common::NOW,
        limit: 500,
    };
    s.list_conversations(&q).await.unwrap().rows
}

async fn row(
    s: &Store,
    ws: WorkspaceId,
    me: MemberId,
    view: View,
    id: ConversationId,
) -> Option<ConversationRow> {
    rows(s, ws, me, view).await.into_iter().find(|r| r.id == id)
}

engine_test!(customer_messages_move_conversations_as_the_table_says);
async fn customer_messages_move_conversations_as_the_table_says(db: TestDb) {
    let s = &db.store;
    s.import(&demo::dataset(NOW, &demo_hash())).await.unwrap();
    let owner = s.login_record("agent@demo.test").await.unwrap().unwrap();
    let (ws, me) = (owner.workspace_id, owner.member_id);
    let at = NOW + 60_000;

    // Closed → pending (human), with an event-log row; the owner is released.
    let closed = rows(s, ws, me, View::MineClosed).await[0].id;
    let before = s.conversation(ws, closed, Some(me)).await.unwrap().unwrap();
    let events = s.events(ws, closed).await.unwrap().len();
    assert_eq!(
        receive(
            s,
            ws,
            closed,
            "又是我，請問…",
            Some("m-1"),
            Handler::Human,
            at
        )
        .await
        .unwrap(),
        Received::Stored
    );
    let after = s.conversation(ws, closed, Some(me)).await.unwrap().unwrap();
    assert_eq!(after.facts.state, ConvState::Pending(Handler::Human));
    assert_eq!(after.version, before.version + 1);
    let log = s.events(ws, closed).await.unwrap();
    assert_eq!(
        (log.len(), log.last().unwrap().change),
        (events + 1, EventChange::Returned)
    );
    let pending = row(s, ws, me, View::PendingHuman, closed)
        .await
        .expect("back in Pending/Human");
    assert_eq!(
        (
            pending.waiting_since,
            pending.last_message_preview.as_str(),
            pending.last_message_at
        ),
        (Some(at), "又是我，請問…", at)
    );

    // In progress → stays with its owner; unread and the waiting clock rise; no event.
    let open = rows(s, ws, me, View::MineOpen)
        .await
        .into_iter()
        .find(|r| r.members[0].id == me)
        .unwrap();
    let before = s
        .conversation(ws, open.id, Some(me))
        .await
        .unwrap()
        .unwrap();
    let events = s.events(ws, open.id).await.unwrap().len();
    receive(
        s,
        ws,
        open.id,
        "hello? anyone there",
        Some("m-2"),
        Handler::Human,
        at,
    )
    .await
    .unwrap();
    let after = s
        .conversation(ws, open.id, Some(me))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (after.facts.state, after.version),
        (before.facts.state, before.version)
    );
    assert_eq!(s.events(ws, open.id).await.unwrap().len(), events);
    let now = row(s, ws, me, View::MineOpen, open.id).await.unwrap();
    assert_eq!(now.unread, open.unread + 1);
    assert_eq!(now.waiting_since, Some(open.waiting_since.unwrap_or(at)));

    // A redelivery of the same platform message changes nothing.
    assert_eq!(
        receive(
            s,
            ws,
            open.id,
            "hello? anyone there",
            Some("m-2"),
            Handler::Human,
            at
        )
        .await
        .unwrap(),
        Received::Duplicate
    );
    assert_eq!(
        row(s, ws, me, View::MineOpen, open.id)
            .await
            .unwrap()
            .unread,
        now.unread
    );

    // Pending/bot: another keyword match stays with the bot; anything else goes to a person.
    let bot = rows(s, ws, me, View::PendingBot).await[0].id;
    receive(s, ws, bot, "運費多少", Some("m-3"), Handler::Bot, at)
        .await
        .unwrap();
    assert_eq!(
        s.conversation(ws, bot, Some(me))
            .await
            .unwrap()
            .unwrap()
            .facts
            .state,
        ConvState::Pending(Handler::Bot)
    );
    receive(s, ws, bot, "[圖片]", Some("m-4"), Handler::Human, at)
        .await
        .unwrap();
    assert_eq!(
        s.conversation(ws, bot, Some(me))
            .await
            .unwrap()
            .unwrap()
            .facts
            .state,
        ConvState::Pending(Handler::Human)
    );
    assert_eq!(
        s.events(ws, bot).await.unwrap().last().unwrap().change,
        EventChange::HandedToHuman
    );
}

/// The demo workspace with a WhatsApp channel for `phone`.
async fn demo_with_whatsapp(s: &Store, phone: &str) -> omni_inbox::server::db::ChannelRecord {
    s.import(&demo::dataset(NOW, &demo_hash())).await.unwrap();
    let ws = s
        .login_record("admin@demo.test")
        .await
        .unwrap()
        .unwrap()
        .workspace_id;
    let id = s
        .create_channel(
            &NewChannel {
                workspace_id: ws,
                kind: ChannelKind::WhatsApp,
                name: format!("WhatsApp {phone}"),
                account_id: phone.into(),
                webhook_key: format!("key-{phone}"),
                credentials: Credentials::default(),
                now: NOW,
            },
            &crate::common::by_test(),
        )
        .await
        .unwrap();
    s.channel(ws, id).await.unwrap().unwrap()
}

/// A WhatsApp webhook for `phone_id` carrying `(sender, message id)` pairs.
fn whatsapp_body(phone_id: &str, msgs: &[(usize, String)]) -> Vec<u8> {
    let contacts: Vec<_> = msgs
        .iter()
        .map(|(from, _)| serde_json::json!({"profile": {"name": format!("Loop sender {from}")}, "wa_id": format!("88690000{from:04}")}))
        .collect();
    let messages: Vec<_> = msgs
        .iter()
        .map(|(from, id)| {
            serde_json::json!({"from": format!("88690000{from:04}"), "id": id,
                "timestamp": (NOW / 1000).to_string(), "type": "text", "text": {"body": id}})
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550783881", "phone_number_id": phone_id},
            "contacts": contacts,
            "messages": messages,
        }}]}]
    }))
    .unwrap()
}

engine_test!(
    bodies_processed_by_concurrent_loops_store_each_message_once,
    flavor = "multi_thread",
    worker_threads = 4
);
/// The server's webhook worker (`run_inbound`, several loops at once) on bodies whose senders
/// overlap, some delivered twice: every message is stored once, each sender is one customer
/// with one conversation (opened once), and the conversation counts agree.
async fn bodies_processed_by_concurrent_loops_store_each_message_once(db: TestDb) {
    use omni_inbox::server::config::PlatformUrls;
    use omni_inbox::server::platform::Platforms;
    use omni_inbox::server::worker::run_inbound;
    use std::sync::Arc;
    let s = &db.store;
    const PHONE: &str = "106540352299999";
    const SENDERS: usize = 12;
    const BODIES: usize = 40;
    const PER_BODY: usize = 10;
    let c = demo_with_whatsapp(s, PHONE).await;
    let id = c.id;
    for b in 0..BODIES {
        // Every body names most senders, so the loops race on their first contact and on
        // their conversations.
        let msgs: Vec<_> = (0..PER_BODY)
            .map(|i| ((b * 7 + i * 5) % SENDERS, format!("wamid.loops.{b}.{i}")))
            .collect();
        let body = whatsapp_body(PHONE, &msgs);
        s.store_inbound_body(&c, &body, NOW).await.unwrap();
        if b % 8 == 0 {
            // Redelivered.
            s.store_inbound_body(&c, &body, NOW).await.unwrap();
        }
    }
    let wake = Arc::new(tokio::sync::Notify::new());
    let platforms = Arc::new(Platforms::new(PlatformUrls::default()));
    let worker = tokio::spawn(run_inbound(s.clone(), platforms, wake.clone(), 4));
    wake.notify_one();
    let started = std::time::Instant::now();
    while db
        .scalar("select count(*) from inbound_bodies where state <> 'done'")
        .await
        > 0
    {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "bodies left unprocessed"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    worker.abort();
    let on = |sql: &str| sql.replace("$channel", &id.0.to_string());
    let messages = BODIES as i64 * PER_BODY as i64;
    assert_eq!(
        db.scalar("select count(*) from messages where external_id like 'wamid.loops.%'")
            .await,
        messages
    );
    assert_eq!(
        db.scalar("select count(distinct external_id) from messages where external_id like 'wamid.loops.%'").await,
        messages
    );
    assert_eq!(
        db.scalar("select count(*) from customers where name like 'Loop sender %'")
            .await,
        SENDERS as i64,
        "one customer per sender"
    );
    let channel_rows = [
        "select count(*) from customer_identities where channel_id = $channel",
        "select count(*) from conversations where channel_id = $channel",
        "select count(*) from conversation_events e join conversations c on c.id = e.conversation_id
         where c.channel_id = $channel",
        "select cast(coalesce(sum(n), 0) as bigint) from conversation_counts where channel_id = $channel",
    ];
    for sql in channel_rows {
        assert_eq!(db.scalar(&on(sql)).await, SENDERS as i64, "{sql}");
    }
    assert_eq!(
        db.scalar(&on("select cast(sum(inbound_count) as bigint) from conversations where channel_id = $channel")
        )
        .await,
        messages,
        "each message counted once"
    );
}

engine_test!(each_message_of_a_body_undoes_only_itself);
/// One body's messages are stored together (one transaction on SQLite): a message repeated in
/// the body, and one from a blacklisted customer, leave nothing of themselves, and the
/// messages around them are stored, each once.
async fn each_message_of_a_body_undoes_only_itself(db: TestDb) {
    use omni_inbox::server::worker::process_pending;
    let s = &db.store;
    const PHONE: &str = "106540352299998";
    let c = demo_with_whatsapp(s, PHONE).await;
    let id = c.id;
    let on = |sql: &str| sql.replace("$channel", &id.0.to_string());
    // Sender 2 wrote before and was blacklisted since.
    let first = whatsapp_body(PHONE, &[(2, "wamid.one.0".into())]);
    s.store_inbound_body(&c, &first, NOW).await.unwrap();
    process_pending(s, None).await.unwrap();
    db.raw(
        "update customers set blocked = true where name = 'Loop sender 2'",
        &[],
    )
    .await;
    assert_eq!(
        db.scalar("select count(*) from customers where blocked and name = 'Loop sender 2'")
            .await,
        1
    );

    let body = whatsapp_body(
        PHONE,
        &[
            (1, "wamid.one.1".into()),
            (1, "wamid.one.1".into()),
            (2, "wamid.one.2".into()),
            (3, "wamid.one.3".into()),
        ],
    );
    s.store_inbound_body(&c, &body, NOW).await.unwrap();
    process_pending(s, None).await.unwrap();
    assert_eq!(
        db.scalar("select count(*) from inbound_bodies where state <> 'done'")
            .await,
        0
    );
    for (id, stored) in [
        ("wamid.one.0", 1),
        ("wamid.one.1", 1),
        ("wamid.one.2", 0),
        ("wamid.one.3", 1),
    ] {
        let sql = format!("select count(*) from messages where external_id = '{id}'");
        assert_eq!(db.scalar(&sql).await, stored, "{id}");
    }
    for sql in [
        "select count(*) from customer_identities where channel_id = $channel",
        "select count(*) from conversations where channel_id = $channel",
        "select cast(sum(inbound_count) as bigint) from conversations where channel_id = $channel",
    ] {
        assert_eq!(db.scalar(&on(sql)).await, 3, "{sql}");
    }
}
