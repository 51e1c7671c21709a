//! Snooze (issue 16), on every engine and with a controlled clock: only the owner of a
//! conversation in progress snoozes it, between a minute and 30 days ahead or until the
//! customer writes; it leaves Mine · In progress for Mine · Snoozed (lists and counts agree);
//! its time, the customer writing, or its owner bring it back, the first two with a
//! notification and each with a line in the thread; a change of status ends it.

use crate::common::{
    as_member, demo_hash, engine_test, latest_notification, list_query, TestDb, NOW,
};
use omni_inbox::domain::event::EventChange;
use omni_inbox::domain::permission::Scope;
use omni_inbox::domain::snooze::{Problem, Until};
use omni_inbox::domain::{ConversationId, NotificationKind};
use omni_inbox::server::db::{CountQuery, SessionMember, Store};
use omni_inbox::server::demo;
use omni_inbox::server::service::conversation::{act, open, transfer, Act};
use omni_inbox::server::service::ingest::{ingest, Inbound};
use omni_inbox::server::service::snooze::{snooze, unsnooze, wake_due};
use omni_inbox::server::service::ServiceError;
use omni_inbox::wire::{ThreadItem, View};

const HOUR: i64 = 3_600_000;

async fn ids(s: &Store, who: &SessionMember, view: View) -> Vec<ConversationId> {
    s.list_conversations(&list_query(who, view, 500))
        .await
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.id)
        .collect()
}

async fn counts(s: &Store, who: &SessionMember) -> (i64, i64) {
    let c = s
        .view_counts(&CountQuery {
            workspace_id: who.workspace_id,
            me: who.member_id,
            scope: Scope::All,
            channel: None,
        })
        .await
        .unwrap();
    (c.mine_open, c.mine_snoozed)
}

async fn version(s: &Store, who: &SessionMember, id: ConversationId) -> i64 {
    open(s, who, id, NOW).await.unwrap().version
}

fn has(items: &[ThreadItem], change: EventChange) -> usize {
    items
        .iter()
        .filter(|i| matches!(i, ThreadItem::Event { change: c, .. } if *c == change))
        .count()
}

engine_test!(snoozed_conversations_wait_and_come_back);
async fn snoozed_conversations_wait_and_come_back(db: TestDb) {
    let s = &db.store;
    s.import(&demo::dataset(NOW, &demo_hash())).await.unwrap();
    let agent = as_member(s, "agent@demo.test").await;
    let boss = as_member(s, "supervisor@demo.test").await;
    let channel = s.channels(agent.workspace_id).await.unwrap()[0].id;
    // Two new customers write; the agent follows both up.
    let mut mine = Vec::new();
    for (sender, text) in [("snooze-a", "訂單什麼時候到？"), ("snooze-b", "請問有貨嗎")]
    {
        ingest(
            s,
            &Inbound {
                workspace: agent.workspace_id,
                channel,
                sender,
                sender_name: sender,
                body: text,
                external_id: Some(sender),
                payload: None,
                reply_token: None,
                attachments: &[],
                now: NOW,
            },
        )
        .await
        .unwrap();
    }
    let pending = s
        .list_conversations(&list_query(&agent, View::PendingHuman, 500))
        .await
        .unwrap()
        .rows;
    for name in ["snooze-a", "snooze-b"] {
        let row = pending.iter().find(|r| r.customer_name == name).unwrap();
        act(s, &agent, row.id, row.version, Act::FollowUp, NOW)
            .await
            .unwrap();
        mine.push(row.id);
    }
    let (a, b) = (mine[0], mine[1]);
    let (open_before, snoozed_before) = counts(s, &agent).await;
    assert_eq!(snoozed_before, 0);

    // Refused: someone else's, a stale version, too soon, too far.
    let v = version(s, &agent, a).await;
    let r = snooze(s, &boss, a, v, Until::At(NOW + HOUR), NOW).await;
    assert!(matches!(r, Err(ServiceError::NotAllowed)), "{r:?}");
    let r = snooze(s, &agent, a, v - 1, Until::At(NOW + HOUR), NOW).await;
    assert!(matches!(r, Err(ServiceError::Changed { .. })), "{r:?}");
    let r = snooze(s, &agent, a, v, Until::At(NOW + 30_000), NOW).await;
    assert!(
        matches!(r, Err(ServiceError::Snooze(Problem::InThePast))),
        "{r:?}"
    );
    let r = snooze(s, &agent, a, v, Until::At(NOW + 31 * 24 * HOUR), NOW).await;
    assert!(
        matches!(r, Err(ServiceError::Snooze(Problem::TooFar))),
        "{r:?}"
    );
    assert_eq!(counts(s, &agent).await, (open_before, 0));

    // A until a time, B until the customer writes: both leave In progress for Snoozed.
    snooze(s, &agent, a, v, Until::At(NOW + 2 * HOUR), NOW)
        .await
        .unwrap();
    let vb = version(s, &agent, b).await;
    snooze(s, &agent, b, vb, Until::CustomerWrites, NOW)
        .await
        .unwrap();
    let open_ids = ids(s, &agent, View::MineOpen).await;
    let snoozed_ids = ids(s, &agent, View::MineSnoozed).await;
    assert!(!open_ids.contains(&a) && !open_ids.contains(&b));
    assert_eq!(snoozed_ids.len(), 2);
    assert!(snoozed_ids.contains(&a) && snoozed_ids.contains(&b));
    assert_eq!(counts(s, &agent).await, (open_before - 2, 2));
    assert_eq!(counts(s, &agent).await.0, open_ids.len() as i64);
    let detail = open(s, &agent, a, NOW).await.unwrap();
    assert_eq!(detail.snoozed.map(|z| z.until), Some(Some(NOW + 2 * HOUR)));
    assert_eq!(has(&detail.items, EventChange::Snoozed), 1);
    // The team still sees it in progress.
    assert!(ids(s, &boss, View::TeamOpen).await.contains(&a));

    // Its time: not a millisecond before; then back, with a notification naming the customer.
    assert_eq!(wake_due(s, NOW + 2 * HOUR - 1).await.unwrap(), 0);
    assert_eq!(wake_due(s, NOW + 2 * HOUR).await.unwrap(), 1);
    assert!(ids(s, &agent, View::MineOpen).await.contains(&a));
    assert_eq!(ids(s, &agent, View::MineSnoozed).await, vec![b]);
    let told = latest_notification(s, &agent).await;
    assert_eq!(told.kind, NotificationKind::SnoozeOver);
    assert_eq!(told.customer.as_deref(), Some("snooze-a"));
    assert_eq!(told.conversations, vec![a]);
    let detail = open(s, &agent, a, NOW).await.unwrap();
    assert_eq!(detail.snoozed, None);
    assert_eq!(has(&detail.items, EventChange::Woke), 1);
    // Woken once: later passes find nothing.
    assert_eq!(wake_due(s, NOW + 100 * HOUR).await.unwrap(), 0);

    // B waits for its customer, whatever the time; their message brings it back.
    assert_eq!(ids(s, &agent, View::MineSnoozed).await, vec![b]);
    ingest(
        s,
        &Inbound {
            workspace: agent.workspace_id,
            channel,
            sender: "snooze-b",
            sender_name: "snooze-b",
            body: "還在嗎？",
            external_id: Some("snooze-b-2"),
            payload: None,
            reply_token: None,
            attachments: &[],
            now: NOW + 200 * HOUR,
        },
    )
    .await
    .unwrap();
    assert!(ids(s, &agent, View::MineSnoozed).await.is_empty());
    assert!(ids(s, &agent, View::MineOpen).await.contains(&b));
    let told = latest_notification(s, &agent).await;
    assert_eq!(told.kind, NotificationKind::SnoozeReply);
    assert_eq!(told.customer.as_deref(), Some("snooze-b"));

    // The owner wakes one early (no notification); a transfer ends a snooze too.
    let v = version(s, &agent, a).await;
    snooze(s, &agent, a, v, Until::At(NOW + 5 * HOUR), NOW + 3 * HOUR)
        .await
        .unwrap();
    let unread = s
        .notifications(agent.workspace_id, agent.member_id, 5)
        .await
        .unwrap()
        .items
        .len();
    unsnooze(s, &agent, a, NOW + 3 * HOUR).await.unwrap();
    assert!(ids(s, &agent, View::MineOpen).await.contains(&a));
    assert_eq!(
        s.notifications(agent.workspace_id, agent.member_id, 5)
            .await
            .unwrap()
            .items
            .len(),
        unread
    );
    let v = version(s, &agent, a).await;
    snooze(s, &agent, a, v, Until::CustomerWrites, NOW + 3 * HOUR)
        .await
        .unwrap();
    let v = version(s, &agent, a).await;
    transfer(s, &agent, a, v, boss.member_id, "", NOW + 4 * HOUR)
        .await
        .unwrap();
    assert!(ids(s, &boss, View::MineOpen).await.contains(&a));
    assert_eq!(open(s, &boss, a, NOW).await.unwrap().snoozed, None);
    assert_eq!(counts(s, &agent).await.1, 0);
}
