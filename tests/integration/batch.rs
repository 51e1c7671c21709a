//! Batches on every engine: several status changes of one conversation in one transaction,
//! all or nothing (`Storage::apply_changes`); the batch service's idempotency, per
//! conversation report and transfer notification; delete, blacklist and the inbound drop.

use crate::common::{as_member, engine_test, list_query, TestDb, NOW};
use crate::storage::demo_store;
use omni_inbox::domain::batch::{BatchAction, Picked, Refused, Skip};
use omni_inbox::domain::event::EventChange;
use omni_inbox::domain::status::{transition, InvalidTransition, Trigger};
use omni_inbox::domain::{ConvState, ConversationId, CustomerId, MemberId};
use omni_inbox::server::db::{Received, SessionMember, StateChange, Store};
use omni_inbox::server::service::batch::{run, BatchRequest};
use omni_inbox::server::service::ingest::{ingest, Inbound};
use omni_inbox::server::service::{Missing, ServiceError};
use omni_inbox::wire::{ConversationRow, View};

/// The changes that `triggers` make to conversation `id` from its current state and version,
/// each expecting the version the one before leaves.
async fn changes(
    s: &Store,
    who: &SessionMember,
    id: ConversationId,
    triggers: &[Trigger],
) -> Vec<StateChange> {
    let rec = s
        .conversation(who.workspace_id, id, Some(who.member_id))
        .await
        .unwrap()
        .unwrap();
    let (mut state, mut version) = (rec.facts.state, rec.version);
    let mut out = Vec::new();
    for (i, t) in triggers.iter().enumerate() {
        let next = transition(state, *t).unwrap();
        out.push(StateChange {
            workspace_id: who.workspace_id,
            conversation_id: id,
            expected_version: version,
            actor: Some(who.member_id),
            change: next.change.event(),
            from: state,
            to: next.to,
            now: NOW + i as i64,
            notify: None,
            handover: None,
        });
        state = next.to;
        version += 1;
    }
    out
}

async fn changes_logged(s: &Store, who: &SessionMember, id: ConversationId) -> Vec<EventChange> {
    s.events(who.workspace_id, id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.change)
        .collect()
}

engine_test!(a_sequence_of_changes_applies_whole_or_not_at_all);
async fn a_sequence_of_changes_applies_whole_or_not_at_all(db: TestDb) {
    let s = &db.store;
    demo_store(s).await;
    let agent = as_member(s, "agent@demo.test").await;
    let me = agent.member_id;
    let pending = s
        .list_conversations(&list_query(&agent, View::PendingHuman, 3))
        .await
        .unwrap()
        .rows;
    let follow_and_close = [Trigger::FollowUp { by: me }, Trigger::Close { by: me }];

    // Follow up, then close: both rows of the event log, the version moved twice.
    let id = pending[0].id;
    let before = changes_logged(s, &agent, id).await;
    let batch = changes(s, &agent, id, &follow_and_close).await;
    assert!(s.apply_changes(&batch).await.unwrap(), "{:?}", db.engine());
    let rec = s
        .conversation(agent.workspace_id, id, Some(me))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        rec.facts.state,
        ConvState::Closed {
            last_owner: Some(me)
        }
    );
    assert_eq!(rec.version, batch[0].expected_version + 2);
    let after = changes_logged(s, &agent, id).await;
    assert_eq!(
        after[before.len()..],
        [EventChange::FollowedUp, EventChange::Closed]
    );

    // Replayed (a retry after it went through): the versions moved, nothing is written.
    assert!(!s.apply_changes(&batch).await.unwrap());
    assert_eq!(changes_logged(s, &agent, id).await, after);

    // Someone changes the conversation between the first step and the second: the first
    // step is rolled back with the transaction.
    let id = pending[1].id;
    let before = changes_logged(s, &agent, id).await;
    let mut batch = changes(s, &agent, id, &follow_and_close).await;
    batch[1].expected_version += 5;
    assert!(!s.apply_changes(&batch).await.unwrap());
    let rec = s
        .conversation(agent.workspace_id, id, Some(me))
        .await
        .unwrap()
        .unwrap();
    assert!(
        matches!(rec.facts.state, ConvState::Pending(_)),
        "{:?}",
        db.engine()
    );
    assert_eq!(rec.version, batch[0].expected_version);
    assert_eq!(changes_logged(s, &agent, id).await, before);
}

fn picked(rows: &[ConversationRow]) -> Vec<Picked> {
    rows.iter()
        .map(|r| Picked {
            id: r.id,
            version: r.version,
        })
        .collect()
}

fn request(action: BatchAction, to: Option<MemberId>, selected: Vec<Picked>) -> BatchRequest {
    BatchRequest {
        action,
        to,
        selected,
    }
}

async fn rows(s: &Store, who: &SessionMember, view: View, n: i64) -> Vec<ConversationRow> {
    s.list_conversations(&list_query(who, view, n))
        .await
        .unwrap()
        .rows
}

engine_test!(
    an_idempotency_key_runs_its_batch_once,
    flavor = "multi_thread",
    worker_threads = 4
);
async fn an_idempotency_key_runs_its_batch_once(db: TestDb) {
    let s = &db.store;
    demo_store(s).await;
    let boss = as_member(s, "supervisor@demo.test").await;
    let team = rows(s, &boss, View::TeamOpen, 3).await;
    let ids: Vec<ConversationId> = team.iter().map(|r| r.id).collect();
    let close = request(BatchAction::Close, None, picked(&team));
    let first = run(s, &boss, "k1", &close, NOW).await.unwrap();
    assert_eq!(
        (first.succeeded(), first.failed()),
        (3, 0),
        "{:?}",
        db.engine()
    );
    let logged: Vec<Vec<EventChange>> = {
        let mut v = Vec::new();
        for id in &ids {
            v.push(changes_logged(s, &boss, *id).await);
        }
        v
    };
    // A retry (double click, network retry) gets the same report and writes nothing.
    let again = run(s, &boss, "k1", &close, NOW + 5).await.unwrap();
    assert_eq!(again, first);
    for (id, log) in ids.iter().zip(&logged) {
        assert_eq!(&changes_logged(s, &boss, *id).await, log);
    }
    // The key of another action is refused; another member's keys are their own.
    let reopen = request(BatchAction::Reopen, None, picked(&team));
    assert!(matches!(
        run(s, &boss, "k1", &reopen, NOW).await,
        Err(ServiceError::KeyReused)
    ));
    // Concurrent attempts with one key: one runs, all get its report, each conversation
    // is reopened once. The selection is as the closed conversations are now.
    let mut now_closed = Vec::new();
    for id in &ids {
        let rec = s
            .conversation(boss.workspace_id, *id, Some(boss.member_id))
            .await
            .unwrap()
            .unwrap();
        now_closed.push(Picked {
            id: *id,
            version: rec.version,
        });
    }
    let reopen = request(BatchAction::Reopen, None, now_closed);
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..8 {
        let (s, boss, reopen) = (s.clone(), boss.clone(), reopen.clone());
        tasks.spawn(async move { run(&s, &boss, "k2", &reopen, NOW + 10 + i).await.unwrap() });
    }
    let reports = tasks.join_all().await;
    assert!(
        reports.iter().all(|r| *r == reports[0]),
        "{:?}",
        db.engine()
    );
    assert_eq!(reports[0].succeeded(), 3);
    for id in &ids {
        let log = changes_logged(s, &boss, *id).await;
        assert_eq!(
            log.iter().filter(|c| **c == EventChange::Reopened).count(),
            1,
            "{:?}",
            db.engine()
        );
    }
    let admin = as_member(s, "admin@demo.test").await;
    let theirs = run(s, &admin, "k1", &reopen, NOW + 20).await.unwrap();
    assert_eq!(
        theirs.failed(),
        3,
        "already reopened: the admin's own batch ran"
    );
}

engine_test!(a_transfer_reports_each_conversation_and_notifies_the_transferee_once);
async fn a_transfer_reports_each_conversation_and_notifies_the_transferee_once(db: TestDb) {
    let s = &db.store;
    demo_store(s).await;
    let boss = as_member(s, "supervisor@demo.test").await;
    let agent = as_member(s, "agent@demo.test").await;
    let ws = boss.workspace_id;
    let pending = rows(s, &boss, View::PendingHuman, 4).await;
    let agents_own = rows(s, &agent, View::MineOpen, 1).await;
    let mut selected = picked(&pending[..3]);
    // Changed since it was selected.
    selected.push(Picked {
        id: pending[3].id,
        version: pending[3].version - 1,
    });
    // No such conversation in this workspace.
    selected.push(Picked {
        id: ConversationId(987_654),
        version: 1,
    });
    // Already the transferee's.
    selected.extend(picked(&agents_own));
    let before = s.notifications(ws, agent.member_id, 50).await.unwrap();
    let transfer = request(
        BatchAction::Transfer,
        Some(agent.member_id),
        selected.clone(),
    );
    let report = run(s, &boss, "t1", &transfer, NOW).await.unwrap();
    let skipped: Vec<Option<Skip>> = report.items.iter().map(|i| i.skipped).collect();
    assert_eq!(
        skipped,
        [
            None,
            None,
            None,
            Some(Skip::Changed),
            Some(Skip::NotFound),
            Some(Skip::Invalid(InvalidTransition::AlreadyTheirs)),
        ],
        "{:?}",
        db.engine()
    );
    // One notification naming the transferrer, the count and the conversations.
    let after = s.notifications(ws, agent.member_id, 50).await.unwrap();
    assert_eq!(after.unread, before.unread + 1);
    let n = &after.items[0];
    assert_eq!(
        (n.kind.as_str(), n.by_name.as_str(), n.count),
        ("transfer", boss.name.as_str(), 3)
    );
    let moved: Vec<ConversationId> = pending[..3].iter().map(|r| r.id).collect();
    assert_eq!(n.conversations, moved);
    // The three are the agent's now, each with "followed up" then "transferred" logged.
    let mine: Vec<ConversationId> = rows(s, &agent, View::MineOpen, 500)
        .await
        .iter()
        .map(|r| r.id)
        .collect();
    for id in &moved {
        assert!(mine.contains(id));
        let log = changes_logged(s, &boss, *id).await;
        assert_eq!(
            log[log.len() - 2..],
            [EventChange::FollowedUp, EventChange::Transferred]
        );
    }

    // 21 in one transfer: refused whole, nothing changes.
    let many = rows(s, &boss, View::PendingHuman, 21).await;
    if many.len() == 21 {
        let too_many = request(BatchAction::Transfer, Some(agent.member_id), picked(&many));
        assert!(matches!(
            run(s, &boss, "t2", &too_many, NOW).await,
            Err(ServiceError::Batch(Refused::TransferTooMany))
        ));
        assert_eq!(rows(s, &boss, View::PendingHuman, 21).await, many);
    }
    // To someone no longer active: refused whole.
    let gone = as_member(s, "agent5@demo.test").await;
    crate::common::set_active(s, ws, gone.member_id, false)
        .await
        .unwrap();
    let left = rows(s, &boss, View::PendingHuman, 2).await;
    let to_gone = request(BatchAction::Transfer, Some(gone.member_id), picked(&left));
    assert!(matches!(
        run(s, &boss, "t3", &to_gone, NOW).await,
        Err(ServiceError::NotFound(Missing::Member))
    ));
}

engine_test!(delete_and_blacklist_remove_history_and_drop_what_follows);
async fn delete_and_blacklist_remove_history_and_drop_what_follows(db: TestDb) {
    let s = &db.store;
    demo_store(s).await;
    let boss = as_member(s, "supervisor@demo.test").await;
    let ws = boss.workspace_id;
    let closed = rows(s, &boss, View::Closed, 2).await;
    let report = run(
        s,
        &boss,
        "d1",
        &request(BatchAction::Delete, None, picked(&closed)),
        NOW,
    )
    .await
    .unwrap();
    assert_eq!(report.succeeded(), 2, "{:?}", db.engine());
    for r in &closed {
        assert!(s
            .conversation(ws, r.id, Some(boss.member_id))
            .await
            .unwrap()
            .is_none());
        assert!(s.events(ws, r.id).await.unwrap().is_empty());
    }

    // Blacklist the customer of a pending conversation.
    let victim = rows(s, &boss, View::PendingHuman, 1).await.remove(0);
    let customer = s.customer_of(ws, victim.id).await.unwrap().unwrap();
    let profile = s.customer_profile(ws, customer).await.unwrap().unwrap();
    let identity = profile.identities[0].clone();
    let report = run(
        s,
        &boss,
        "b1",
        &request(
            BatchAction::Blacklist,
            None,
            picked(std::slice::from_ref(&victim)),
        ),
        NOW,
    )
    .await
    .unwrap();
    assert_eq!(report.succeeded(), 1);
    assert!(s
        .conversation(ws, victim.id, Some(boss.member_id))
        .await
        .unwrap()
        .is_none());
    let listed = s.blocked_customers(ws).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].customer_id, customer);
    assert_eq!(listed[0].blocked_by.as_deref(), Some(boss.name.as_str()));
    assert!(listed[0].unsubscribed);

    // What they send now goes nowhere: nothing is created, counted or listed.
    let counts = s
        .view_counts(&omni_inbox::server::db::CountQuery {
            workspace_id: ws,
            me: boss.member_id,
            scope: omni_inbox::domain::permission::Scope::All,
            channel: None,
        })
        .await
        .unwrap();
    let message = |text: &'static str, ext: &'static str| Inbound {
        workspace: ws,
        channel: identity.channel_id,
        sender: Box::leak(identity.external_id.clone().into_boxed_str()),
        sender_name: "someone",
        body: text,
        external_id: Some(ext),
        payload: None,
        reply_token: None,
        attachments: &[],
        now: NOW + 60_000,
    };
    assert_eq!(
        ingest(s, &message("還在嗎?", "blk-1")).await.unwrap(),
        Received::Dropped
    );
    assert_eq!(
        s.view_counts(&omni_inbox::server::db::CountQuery {
            workspace_id: ws,
            me: boss.member_id,
            scope: omni_inbox::domain::permission::Scope::All,
            channel: None,
        })
        .await
        .unwrap(),
        counts
    );
    let pending = rows(s, &boss, View::PendingHuman, 500).await;
    assert!(pending.iter().all(|r| r.customer_id != customer));

    // Lifted: the next message opens a new pending conversation.
    assert!(s.unblock_customer(ws, customer, NOW).await.unwrap());
    assert!(!s.unblock_customer(ws, customer, NOW).await.unwrap());
    assert!(s.blocked_customers(ws).await.unwrap().is_empty());
    assert_eq!(
        ingest(s, &message("我回來了", "blk-2")).await.unwrap(),
        Received::Stored
    );
    let pending = rows(s, &boss, View::PendingHuman, 500).await;
    let back = pending
        .iter()
        .find(|r| r.customer_id == customer)
        .expect("a new conversation");
    assert_eq!(back.last_message_preview, "我回來了");
    assert_eq!(
        changes_logged(s, &boss, back.id).await,
        [EventChange::Opened]
    );

    // A first message from someone new makes a customer and a conversation.
    let stranger = Inbound {
        sender: "new-visitor-1",
        sender_name: "新訪客",
        external_id: Some("n-1"),
        ..message("哈囉", "unused")
    };
    assert_eq!(ingest(s, &stranger).await.unwrap(), Received::Stored);
    assert_eq!(ingest(s, &stranger).await.unwrap(), Received::Duplicate);
    let pending = rows(s, &boss, View::PendingHuman, 500).await;
    assert_eq!(
        pending
            .iter()
            .filter(|r| r.customer_name == "新訪客")
            .count(),
        1
    );

    // Two conversations of one customer in one blacklist: both succeed, and every
    // conversation of theirs is gone.
    let mut by_customer = std::collections::HashMap::<CustomerId, Vec<ConversationRow>>::new();
    for view in [View::PendingHuman, View::TeamOpen, View::Closed] {
        for r in rows(s, &boss, view, 500).await {
            by_customer.entry(r.customer_id).or_default().push(r);
        }
    }
    let (twice, theirs) = by_customer
        .into_iter()
        .find(|(_, v)| v.len() >= 2)
        .expect("a customer with two conversations");
    let report = run(
        s,
        &boss,
        "b2",
        &request(BatchAction::Blacklist, None, picked(&theirs[..2])),
        NOW + 200_000,
    )
    .await
    .unwrap();
    assert_eq!(report.succeeded(), 2, "{:?}", db.engine());
    for r in &theirs {
        assert!(s
            .conversation(ws, r.id, Some(boss.member_id))
            .await
            .unwrap()
            .is_none());
    }
    assert!(s
        .blocked_customers(ws)
        .await
        .unwrap()
        .iter()
        .any(|b| b.customer_id == twice));
}
