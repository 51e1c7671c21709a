//! A transfer's handover note (issue 16): on every engine, pinned on the conversation for the
//! new owner until its status next changes, kept in the thread as the transferring member's
//! internal note, and carried with the customer's name in the new owner's notification, all
//! in the transfer's transaction; too long a note changes nothing. Through the real router,
//! the note is optional.

use crate::common::{
    app, as_member, demo_hash, engine_test, json, latest_notification, list_query, session_cookie,
    TestDb, NOW,
};
use http::StatusCode;
use omni_inbox::domain::{MessageKind, NotificationKind};
use omni_inbox::server::demo;
use omni_inbox::server::service::conversation::{act, open, transfer, Act};
use omni_inbox::server::service::ServiceError;
use omni_inbox::wire::{ThreadItem, View};

engine_test!(a_handover_note_is_pinned_noted_and_notified);
async fn a_handover_note_is_pinned_noted_and_notified(db: TestDb) {
    let s = &db.store;
    s.import(&demo::dataset(NOW, &demo_hash())).await.unwrap();
    let boss = as_member(s, "supervisor@demo.test").await;
    let agent = as_member(s, "agent@demo.test").await;
    let row = s
        .list_conversations(&list_query(&boss, View::PendingHuman, 1))
        .await
        .unwrap()
        .rows
        .remove(0);
    let id = row.id;
    act(s, &boss, id, row.version, Act::FollowUp, NOW)
        .await
        .unwrap();
    let version = open(s, &boss, id, NOW).await.unwrap().version;
    let note = "客人要退貨，已給退貨單號 R123，請明天回覆。";

    // Too long: refused, nothing moves.
    let long = "長".repeat(1_001);
    let refused = transfer(s, &boss, id, version, agent.member_id, &long, NOW + 1).await;
    assert!(
        matches!(refused, Err(ServiceError::Input(_))),
        "{refused:?}"
    );
    assert_eq!(open(s, &boss, id, NOW + 1).await.unwrap().version, version);

    transfer(
        s,
        &boss,
        id,
        version,
        agent.member_id,
        &format!("  {note}\n"),
        NOW + 2,
    )
    .await
    .unwrap();
    let detail = open(s, &agent, id, NOW + 3).await.unwrap();
    let pinned = detail.handover.clone().expect("pinned");
    assert_eq!(pinned.note, note);
    assert_eq!(pinned.by_name, boss.name);
    assert_eq!(pinned.at, NOW + 2);
    let last_note = detail.items.iter().rev().find_map(|i| match i {
        ThreadItem::Message {
            kind: MessageKind::Note,
            body,
            author_name,
            ..
        } => Some((body.clone(), author_name.clone())),
        _ => None,
    });
    assert_eq!(last_note, Some((note.to_owned(), Some(boss.name.clone()))));
    let told = latest_notification(s, &agent).await;
    assert_eq!(told.kind, NotificationKind::Transfer);
    assert_eq!(told.customer.as_deref(), Some(row.customer_name.as_str()));
    assert_eq!(told.note.as_deref(), Some(note));
    assert_eq!(told.conversations, vec![id]);

    // The next change of status takes the pin away; the note stays in the thread.
    act(s, &agent, id, detail.version, Act::Close, NOW + 4)
        .await
        .unwrap();
    let closed = open(s, &agent, id, NOW + 5).await.unwrap();
    assert_eq!(closed.handover, None);
    assert!(closed
        .items
        .iter()
        .any(|i| matches!(i, ThreadItem::Message { body, .. } if body == note)));

    // Without a note: nothing pinned, the notification still names the customer.
    act(s, &agent, id, closed.version, Act::Reopen, NOW + 6)
        .await
        .unwrap();
    let v = open(s, &agent, id, NOW + 7).await.unwrap().version;
    transfer(s, &agent, id, v, boss.member_id, "   ", NOW + 8)
        .await
        .unwrap();
    assert_eq!(open(s, &boss, id, NOW + 9).await.unwrap().handover, None);
    let told = latest_notification(s, &boss).await;
    assert_eq!(told.customer.as_deref(), Some(row.customer_name.as_str()));
    assert_eq!(told.note, None);
}

#[tokio::test]
async fn the_note_is_optional_over_http() {
    let app = app().await;
    let boss = session_cookie(&app.login("supervisor@demo.test", "demo1234").await);
    let s = &app.db.store;
    let sup = as_member(s, "supervisor@demo.test").await;
    let agent = as_member(s, "agent@demo.test").await;
    let origin = Some("http://127.0.0.1:3000");
    let rows = s
        .list_conversations(&list_query(&sup, View::PendingHuman, 2))
        .await
        .unwrap()
        .rows;
    for (row, note) in rows.iter().zip(["", "&note=%E8%AB%8B%E5%9B%9E%E8%A6%86"]) {
        act(s, &sup, row.id, row.version, Act::FollowUp, NOW)
            .await
            .unwrap();
        let version = open(s, &sup, row.id, NOW).await.unwrap().version;
        let r = app
            .post(
                "/api/transfer_conversation",
                &format!(
                    "id={}&version={version}&to={}{note}",
                    row.id.get(),
                    agent.member_id.get()
                ),
                Some(&boss),
                origin,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let pinned = open(s, &agent, row.id, NOW).await.unwrap().handover;
        assert_eq!(
            pinned.map(|h| h.note),
            (!note.is_empty()).then(|| "請回覆".to_owned())
        );
    }
    // The agent's panel of notifications carries both.
    let cookie = session_cookie(&app.login("agent@demo.test", "demo1234").await);
    let r = app
        .post("/api/notifications", "", Some(&cookie), origin)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let items = json(&r)["items"].as_array().unwrap().clone();
    assert_eq!(items[0]["note"], "請回覆");
    assert!(items[1]["note"].is_null());
    assert_eq!(items[0]["customer"], rows[1].customer_name.as_str());
}
