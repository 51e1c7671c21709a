//! Auto-close (issue 16), on every engine and with a controlled clock: off by default; with a
//! channel's rule an answered conversation in progress closes once nobody has written in it for
//! the rule's hours, not a millisecond before, after its closing message (the workspace's own,
//! queued for the platform); a customer who waits for an answer is never closed on; the thread
//! says "auto-closed". Only admins and
//! supervisors set a rule, within 1–720 hours, on their own workspace's channels.

use crate::common::{as_member, demo_hash, engine_test, list_query, TestDb, NOW};
use omni_inbox::domain::event::EventChange;
use omni_inbox::domain::snooze::Problem;
use omni_inbox::domain::{ChannelKind, MessageKind, Status};
use omni_inbox::server::demo;
use omni_inbox::server::service::auto_close::{set, sweep};
use omni_inbox::server::service::conversation::{act, open, Act};
use omni_inbox::server::service::{reply, ServiceError};
use omni_inbox::wire::{ThreadItem, View};

const HOUR: i64 = 3_600_000;
const URL: &str = "https://inbox.example.com";

fn auto_closed(items: &[ThreadItem]) -> bool {
    items.iter().any(|i| {
        matches!(
            i,
            ThreadItem::Event {
                change: EventChange::AutoClosed,
                ..
            }
        )
    })
}

engine_test!(quiet_answered_conversations_close_after_the_hours);
async fn quiet_answered_conversations_close_after_the_hours(db: TestDb) {
    let s = &db.store;
    s.import(&demo::dataset(NOW, &demo_hash())).await.unwrap();
    let boss = as_member(s, "supervisor@demo.test").await;
    let agent = as_member(s, "agent@demo.test").await;
    let line: Vec<_> = s
        .list_conversations(&list_query(&agent, View::PendingHuman, 100))
        .await
        .unwrap()
        .rows
        .into_iter()
        .filter(|r| r.channel_kind == ChannelKind::Line)
        .take(2)
        .collect();
    assert_eq!(line.len(), 2, "the demo has pending LINE conversations");
    let channel = line[0].channel_id;
    for r in &line {
        act(s, &agent, r.id, r.version, Act::FollowUp, NOW)
            .await
            .unwrap();
    }
    let (answered, waiting) = (line[0].id, line[1].id);
    let t = NOW + HOUR;
    reply::send(
        s,
        &agent,
        answered,
        MessageKind::Outbound,
        "已為您處理，謝謝。",
        t,
    )
    .await
    .unwrap();

    // Off by default: nothing closes, however long the silence.
    assert_eq!(sweep(s, t + 1_000 * HOUR).await.unwrap(), 0);

    // Who may set it, and within what.
    let refused = set(s, &agent, channel, Some(24), None, URL, NOW).await;
    assert!(
        matches!(refused, Err(ServiceError::NotAllowed)),
        "{refused:?}"
    );
    for bad in [0, 721] {
        let r = set(s, &boss, channel, Some(bad), None, URL, NOW).await;
        assert!(
            matches!(r, Err(ServiceError::Snooze(Problem::Hours))),
            "{r:?}"
        );
    }
    let long = "字".repeat(1_001);
    let r = set(s, &boss, channel, Some(24), Some(&long), URL, NOW).await;
    assert!(
        matches!(r, Err(ServiceError::Snooze(Problem::MessageTooLong))),
        "{r:?}"
    );
    let closing = "感謝您的來訊！若還有問題，歡迎隨時再傳訊息給我們。";
    let view = set(s, &boss, channel, Some(24), Some(closing), URL, NOW)
        .await
        .unwrap();
    assert_eq!(view.auto_close.map(|r| r.hours), Some(24));

    // A millisecond before the hours: still open.
    sweep(s, t + 24 * HOUR - 1).await.unwrap();
    let before = open(s, &agent, answered, t + 24 * HOUR - 1).await.unwrap();
    assert_eq!(before.status, Status::InProgress);
    assert!(!auto_closed(&before.items));

    // At the hours: closed, after the closing message, "auto-closed" in the thread; the
    // customer who waits for an answer is left alone.
    assert!(sweep(s, t + 24 * HOUR).await.unwrap() >= 1);
    let after = open(s, &agent, answered, t + 24 * HOUR).await.unwrap();
    assert_eq!(after.status, Status::Closed);
    assert!(auto_closed(&after.items));
    let sent = after.items.iter().rev().find_map(|i| match i {
        ThreadItem::Message {
            kind: MessageKind::Outbound,
            body,
            by_bot,
            ..
        } => Some((body.clone(), *by_bot)),
        _ => None,
    });
    assert_eq!(sent, Some((closing.to_owned(), true)));
    let queued = s
        .claim_outbound("test", 50, t + 24 * HOUR, 60_000)
        .await
        .unwrap();
    assert!(
        queued.iter().any(|j| j.body == closing),
        "the closing message waits for the platform"
    );
    let still = open(s, &agent, waiting, t + 1_000 * HOUR).await.unwrap();
    sweep(s, t + 1_000 * HOUR).await.unwrap();
    assert_eq!(
        open(s, &agent, waiting, t + 1_000 * HOUR)
            .await
            .unwrap()
            .status,
        still.status
    );
    assert_eq!(still.status, Status::InProgress);
    // Closed once: the next passes do nothing to it.
    assert_eq!(
        open(s, &agent, answered, t + 2_000 * HOUR)
            .await
            .unwrap()
            .version,
        after.version
    );

    // Switched off again: a quiet conversation stays.
    let v = open(s, &agent, answered, t).await.unwrap().version;
    act(s, &agent, answered, v, Act::Reopen, t + 25 * HOUR)
        .await
        .unwrap();
    reply::send(
        s,
        &agent,
        answered,
        MessageKind::Outbound,
        "補充說明",
        t + 25 * HOUR,
    )
    .await
    .unwrap();
    set(s, &boss, channel, None, None, URL, t + 25 * HOUR)
        .await
        .unwrap();
    sweep(s, t + 1_000 * HOUR).await.unwrap();
    assert_eq!(
        open(s, &agent, answered, t + 1_000 * HOUR)
            .await
            .unwrap()
            .status,
        Status::InProgress
    );
}
