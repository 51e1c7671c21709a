//! The live inbox's events (`migrations/*/0014_live_events.sql`): every change a member may
//! see writes one in its own transaction, whoever writes (the app or raw SQL), numbered in
//! commit order, and read back exactly once after a cursor.

use crate::common::{as_member, demo_hash, engine_test, on_postgres, TestDb, NOW};
use omni_inbox::domain::{ConversationId, Handler, MessageKind, Status};
use omni_inbox::server::db::{LiveTopic, Store};
use omni_inbox::server::demo;
use omni_inbox::server::service::conversation::{act, Act};
use omni_inbox::server::service::ingest::receive;
use omni_inbox::server::service::reply;
use omni_inbox::wire::View;

async fn pending(s: &Store, ws_member: &str) -> ConversationId {
    let who = as_member(s, ws_member).await;
    let q = crate::common::list_query(&who, View::PendingHuman, 5);
    s.list_conversations(&q).await.unwrap().rows[0].id
}

engine_test!(every_change_is_an_event_read_once_in_commit_order);
async fn every_change_is_an_event_read_once_in_commit_order(db: TestDb) {
    let s = &db.store;
    s.import(&demo::dataset(NOW, &demo_hash())).await.unwrap();
    let admin = as_member(s, "admin@demo.test").await;
    let ws = admin.workspace_id;
    let start = s.sequence_live().await.unwrap();
    // A new workspace's history (the import) writes none.
    assert_eq!(s.live_after(Some(ws), 0, 10).await.unwrap(), vec![]);
    let id = pending(s, "admin@demo.test").await;

    // A customer writes; the admin follows up and writes a note.
    receive(s, ws, id, "還在嗎？", Some("live-1"), Handler::Human, NOW)
        .await
        .unwrap();
    let version = s
        .conversation(ws, id, Some(admin.member_id))
        .await
        .unwrap()
        .unwrap()
        .version;
    act(s, &admin, id, version, Act::FollowUp, NOW)
        .await
        .unwrap();
    reply::send(s, &admin, id, MessageKind::Note, "VIP 客戶", NOW)
        .await
        .unwrap();
    // Writes the app has no call for yet count all the same.
    let agent = as_member(s, "agent@demo.test").await;
    db.raw(
        "insert into conversation_collaborators (workspace_id, conversation_id, member_id, added_at) values ($1, $2, $3, 0)",
        &[ws.get(), id.get(), agent.member_id.get()],
    )
    .await;
    db.raw(
        "insert into notifications (workspace_id, member_id, kind, payload, created_at) values ($1, $2, 'transferred', '{}', 0)",
        &[ws.get(), agent.member_id.get()],
    )
    .await;
    db.raw(
        "update customers set name = 'Renamed', updated_at = 1 where id = (select customer_id from conversations where id = $1)",
        &[id.get()],
    )
    .await;
    db.raw("delete from conversations where id = $1", &[id.get()])
        .await;

    let top = s.sequence_live().await.unwrap();
    let events = s.live_after(Some(ws), start, 100).await.unwrap();
    let seen: Vec<_> = events
        .iter()
        .filter(|e| e.conversation_id == Some(id) || e.member_id == Some(agent.member_id))
        .map(|e| (e.topic, e.before.map(|(status, _)| status), e.gone))
        .collect();
    use LiveTopic::*;
    assert_eq!(
        seen,
        vec![
            (Conversation, Some(Status::Pending), false),
            (Conversation, Some(Status::Pending), false),
            (Message, None, false),
            (Collaborators, None, false),
            (Notification, None, false),
            (Customer, None, false),
            (Collaborators, None, false),
            (Conversation, Some(Status::InProgress), true),
        ],
        "{events:#?}"
    );
    // Numbered in order without gaps, up to the last number given, and read only once.
    for pair in events.windows(2) {
        assert_eq!(pair[1].seq, pair[0].seq + 1);
    }
    assert_eq!(events.last().unwrap().seq, top);
    assert!(s.live_after(Some(ws), top, 100).await.unwrap().is_empty());
    // A cursor in the middle gets exactly the rest.
    let middle = events[3].seq;
    let rest = s.live_after(Some(ws), middle, 100).await.unwrap();
    assert_eq!(rest, events[4..].to_vec());
    // Old events go; the numbering goes on from where it was.
    assert_eq!(s.live_oldest().await.unwrap(), Some(events[0].seq));
    let pruned = s.prune_live(i64::MAX).await.unwrap();
    assert!(pruned as usize >= events.len());
    assert_eq!(s.live_oldest().await.unwrap(), None);
    assert_eq!(s.sequence_live().await.unwrap(), top);
    db.raw(
        "delete from conversations where id = (select min(id) from conversations)",
        &[],
    )
    .await;
    let next = s.sequence_live().await.unwrap();
    assert!(next > top, "{next} after {top}");
    assert_eq!(s.live_oldest().await.unwrap(), Some(top + 1));
    // The workspace's own only.
    assert!(s
        .live_after(
            Some(omni_inbox::domain::WorkspaceId(ws.get() + 1000)),
            start,
            100
        )
        .await
        .unwrap()
        .is_empty());
}

/// Writers commit side by side on PostgreSQL: an event committed after a later-numbered one is
/// numbered after it, so a reader that has moved past the first never misses the second.
#[tokio::test]
async fn a_late_commit_is_numbered_after_what_was_already_read() {
    on_postgres(|db| async move {
        use sqlx::{Connection, PgConnection};
        let s = &db.store;
        s.import(&demo::dataset(NOW, &demo_hash())).await.unwrap();
        let agent = as_member(s, "agent@demo.test").await;
        let ws = agent.workspace_id.get();
        let member = agent.member_id.get();
        let start = s.sequence_live().await.unwrap();
        let insert = "insert into notifications (workspace_id, member_id, kind, payload, created_at) values ($1, $2, $3, '{}', 0)";
        // A writes first and commits last.
        let mut a = PgConnection::connect(&db.url).await.unwrap();
        sqlx::query("begin").execute(&mut a).await.unwrap();
        sqlx::query(insert)
            .bind(ws)
            .bind(member)
            .bind("first-written")
            .execute(&mut a)
            .await
            .unwrap();
        let mut b = PgConnection::connect(&db.url).await.unwrap();
        sqlx::query(insert)
            .bind(ws)
            .bind(member)
            .bind("first-committed")
            .execute(&mut b)
            .await
            .unwrap();
        let top = s.sequence_live().await.unwrap();
        let read = s.live_after(None, start, 100).await.unwrap();
        assert_eq!(read.len(), 1, "only what is committed: {read:?}");
        assert_eq!(read[0].seq, top);
        sqlx::query("commit").execute(&mut a).await.unwrap();
        let later = s.sequence_live().await.unwrap();
        let more = s.live_after(None, top, 100).await.unwrap();
        assert_eq!(more.len(), 1, "{more:?}");
        assert_eq!(more[0].seq, later);
        assert!(later > top);
    })
    .await;
}
