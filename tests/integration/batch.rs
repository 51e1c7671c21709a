//! Batch changes on every engine: several status changes of one conversation in one
//! transaction, all or nothing (`Storage::apply_changes`).

use crate::common::{as_member, engines, list_query, NOW};
use crate::storage::demo_store;
use omni_inbox::api::types::View;
use omni_inbox::domain::status::{transition, Trigger};
use omni_inbox::domain::ConvState;
use omni_inbox::server::db::{SessionMember, StateChange, Store};

/// The changes that `triggers` make to conversation `id` from its current state and version,
/// each expecting the version the one before leaves.
async fn changes(
    s: &Store,
    who: &SessionMember,
    id: i64,
    triggers: &[Trigger],
) -> Vec<StateChange> {
    let rec = s
        .conversation(who.workspace_id, id, who.member_id)
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
            change: next.change.code(),
            from: state,
            to: next.to,
            now: NOW + i as i64,
            notify: None,
        });
        state = next.to;
        version += 1;
    }
    out
}

async fn changes_logged(s: &Store, who: &SessionMember, id: i64) -> Vec<String> {
    s.events(who.workspace_id, id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.change)
        .collect()
}

#[tokio::test]
async fn a_sequence_of_changes_applies_whole_or_not_at_all() {
    for db in engines().await {
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
            .conversation(agent.workspace_id, id, me)
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
            ["followed_up".to_owned(), "closed".to_owned()]
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
            .conversation(agent.workspace_id, id, me)
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
        db.drop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_idempotency_key_runs_its_batch_once() {
    use omni_inbox::server::db::BatchClaim;
    for db in engines().await {
        let s = &db.store;
        demo_store(s).await;
        let agent = as_member(s, "agent@demo.test").await;
        let other = as_member(s, "agent2@demo.test").await;
        let (ws, me) = (agent.workspace_id, agent.member_id);
        let claim = |who: &SessionMember, key: &'static str, action: &'static str| {
            let (s, ws, member) = (s.clone(), ws, who.member_id);
            async move { s.claim_batch(ws, member, key, action, NOW).await.unwrap() }
        };
        assert_eq!(claim(&agent, "k1", "close").await, BatchClaim::New);
        // A retry while the first attempt runs, then after it finished.
        assert_eq!(claim(&agent, "k1", "close").await, BatchClaim::Running);
        s.finish_batch(me, "k1", r#"{"ok":3}"#).await.unwrap();
        assert_eq!(
            claim(&agent, "k1", "close").await,
            BatchClaim::Done(r#"{"ok":3}"#.into())
        );
        // The same key for another action is refused; another member's keys are their own.
        assert_eq!(claim(&agent, "k1", "reopen").await, BatchClaim::OtherAction);
        assert_eq!(claim(&other, "k1", "close").await, BatchClaim::New);
        // Concurrent first attempts: exactly one runs.
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..8 {
            let s = s.clone();
            tasks.spawn(async move { s.claim_batch(ws, me, "k2", "transfer", NOW).await.unwrap() });
        }
        let runs = tasks.join_all().await;
        assert_eq!(
            runs.iter().filter(|c| **c == BatchClaim::New).count(),
            1,
            "{:?}",
            db.engine()
        );
        assert!(runs
            .iter()
            .all(|c| matches!(c, BatchClaim::New | BatchClaim::Running)));
        db.drop().await;
    }
}
