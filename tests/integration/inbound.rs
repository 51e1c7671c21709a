//! Customer messages through the one inbound entry point (`service::ingest`), on every engine.

use crate::common::{demo_hash, engine_test, TestDb, NOW};
use omni_inbox::domain::event::EventChange;
use omni_inbox::domain::permission::Scope;
use omni_inbox::domain::{ConvState, ConversationId, Handler, MemberId, WorkspaceId};
use omni_inbox::server::db::{ListQuery, Received, Store};
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
