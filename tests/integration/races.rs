//! Concurrent status changes: many members act on the same conversation at the same moment,
//! on every engine, repeatedly. Exactly one wins, the others are told who has it, and the
//! event log gets exactly one row per change.

use crate::common::{as_member, demo_hash, engine_test, list_query, TestDb, NOW};
use omni_inbox::domain::{ConvState, ConversationId, Handler, MemberId};
use omni_inbox::server::db::{SessionMember, Store};
use omni_inbox::server::demo;
use omni_inbox::server::service::conversation::{act, Act};
use omni_inbox::server::service::{Missing, ServiceError};
use omni_inbox::wire::View;
use std::sync::Arc;
use tokio::sync::Barrier;

const ROUNDS: usize = 4;

async fn ids(s: &Store, who: &SessionMember, view: View) -> Vec<ConversationId> {
    // CS roles only: their scope is everything.
    s.list_conversations(&list_query(who, view, 50))
        .await
        .unwrap()
        .rows
        .iter()
        .map(|r| r.id)
        .collect()
}

/// Runs every (member, act) at once against conversation `id` as seen at its current version;
/// returns the winners and checks the losers were told the winning state.
async fn race(
    s: &Store,
    id: ConversationId,
    contenders: Vec<(SessionMember, Act)>,
) -> Vec<SessionMember> {
    let ws = contenders[0].0.workspace_id;
    let seen = s
        .conversation(ws, id, Some(contenders[0].0.member_id))
        .await
        .unwrap()
        .unwrap()
        .version;
    let events_before = s.events(ws, id).await.unwrap().len();
    let barrier = Arc::new(Barrier::new(contenders.len()));
    let mut tasks = Vec::new();
    for (who, what) in contenders {
        let (s, barrier) = (s.clone(), barrier.clone());
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            let result = act(&s, &who, id, seen, what, NOW + 1).await;
            (who, result)
        }));
    }
    let mut winners = Vec::new();
    let mut losers = Vec::new();
    for t in tasks {
        let (who, result) = t.await.unwrap();
        match result {
            Ok(_) => winners.push(who),
            Err(ServiceError::Changed {
                now,
                owner_name,
                version,
            }) => losers.push((now, owner_name, version)),
            Err(other) => panic!("{} got {other:?}", who.email),
        }
    }
    assert_eq!(winners.len(), 1, "exactly one winner");
    let after = s
        .conversation(ws, id, Some(winners[0].member_id))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.version, seen + 1, "one change applied");
    for (now, owner_name, version) in losers {
        assert_eq!(
            (now, version),
            (after.facts.state, after.version),
            "losers see what won"
        );
        assert_eq!(owner_name, after.owner_name, "losers are told who has it");
    }
    assert_eq!(
        s.events(ws, id).await.unwrap().len(),
        events_before + 1,
        "exactly one event-log row"
    );
    winners
}

async fn fixture(s: &Store) -> Vec<SessionMember> {
    s.import(&demo::dataset(NOW, &demo_hash())).await.unwrap();
    let mut members = Vec::new();
    for email in [
        "agent@demo.test",
        "agent2@demo.test",
        "agent3@demo.test",
        "agent4@demo.test",
        "agent5@demo.test",
        "supervisor@demo.test",
        "admin@demo.test",
        "csmanager@demo.test",
    ] {
        members.push(as_member(s, email).await);
    }
    members
}

engine_test!(
    simultaneous_follow_ups_have_one_winner,
    flavor = "multi_thread",
    worker_threads = 4
);
async fn simultaneous_follow_ups_have_one_winner(db: TestDb) {
    let s = &db.store;
    let members = fixture(s).await;
    let pending = ids(s, &members[0], View::PendingHuman).await;
    for id in pending.into_iter().take(ROUNDS) {
        // Every member twice: sixteen clicks on the same conversation.
        let contenders = members
            .iter()
            .chain(members.iter())
            .map(|m| (m.clone(), Act::FollowUp))
            .collect();
        let winner = &race(s, id, contenders).await[0];
        let rec = s
            .conversation(winner.workspace_id, id, Some(winner.member_id))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            rec.facts.state,
            ConvState::InProgress {
                owner: winner.member_id
            }
        );
    }
}

engine_test!(
    simultaneous_take_overs_have_one_winner,
    flavor = "multi_thread",
    worker_threads = 4
);
async fn simultaneous_take_overs_have_one_winner(db: TestDb) {
    let s = &db.store;
    let members = fixture(s).await;
    // Conversations someone else (agent2) follows up; everyone else takes over at once.
    let pending = ids(s, &members[0], View::PendingBot).await;
    for id in pending.into_iter().take(ROUNDS) {
        let seen = s
            .conversation(members[1].workspace_id, id, Some(members[1].member_id))
            .await
            .unwrap()
            .unwrap()
            .version;
        act(s, &members[1], id, seen, Act::FollowUp, NOW)
            .await
            .unwrap();
        let contenders = members
            .iter()
            .filter(|m| m.member_id != members[1].member_id)
            .map(|m| (m.clone(), Act::FollowUp))
            .collect();
        race(s, id, contenders).await;
    }
}

engine_test!(
    close_reopen_and_transfer_race_to_one_outcome,
    flavor = "multi_thread",
    worker_threads = 4
);
async fn close_reopen_and_transfer_race_to_one_outcome(db: TestDb) {
    let s = &db.store;
    let members = fixture(s).await;
    let agent = &members[0];
    let supervisor = &members[5];
    let pending = ids(s, agent, View::PendingHuman).await;
    for id in pending.into_iter().skip(10).take(ROUNDS) {
        let v = s
            .conversation(agent.workspace_id, id, Some(agent.member_id))
            .await
            .unwrap()
            .unwrap()
            .version;
        act(s, agent, id, v, Act::FollowUp, NOW).await.unwrap();
        // The owner closes while the supervisor transfers it and two others take it over.
        let contenders = vec![
            (agent.clone(), Act::Close),
            (
                supervisor.clone(),
                Act::Transfer {
                    to: members[2].member_id,
                },
            ),
            (members[3].clone(), Act::FollowUp),
            (members[4].clone(), Act::FollowUp),
        ];
        race(s, id, contenders).await;
        // Now close it (whoever has it) and race reopens against each other.
        let rec = s
            .conversation(agent.workspace_id, id, Some(agent.member_id))
            .await
            .unwrap()
            .unwrap();
        if !matches!(rec.facts.state, ConvState::Closed { .. }) {
            act(s, supervisor, id, rec.version, Act::Close, NOW + 2)
                .await
                .unwrap();
        }
        let contenders = members.iter().map(|m| (m.clone(), Act::Reopen)).collect();
        race(s, id, contenders).await;
        // Supervisor and admin transfer it to different people at once: one lands.
        let owner = s
            .conversation(agent.workspace_id, id, Some(agent.member_id))
            .await
            .unwrap()
            .unwrap()
            .facts
            .state
            .owner();
        let targets = members
            .iter()
            .filter(|m| Some(m.member_id) != owner && m.member_id != members[7].member_id);
        let contenders = targets
            .take(5)
            .enumerate()
            .map(|(i, t)| {
                (
                    members[5 + i % 2].clone(),
                    Act::Transfer { to: t.member_id },
                )
            })
            .collect();
        race(s, id, contenders).await;
    }
}

engine_test!(refusals_change_nothing);
async fn refusals_change_nothing(db: TestDb) {
    let s = &db.store;
    let members = fixture(s).await;
    let agent = &members[0];
    let id = ids(s, agent, View::PendingHuman).await[0];
    let rec = s
        .conversation(agent.workspace_id, id, Some(agent.member_id))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(rec.facts.state, ConvState::Pending(Handler::Human));
    let events = s.events(agent.workspace_id, id).await.unwrap().len();
    // Invalid for the status, refused for the role, stale version, foreign id, no such target.
    assert!(matches!(
        act(s, agent, id, rec.version, Act::Close, NOW).await,
        Err(ServiceError::Transition(_) | ServiceError::Denied(_))
    ));
    assert!(matches!(
        act(s, agent, id, rec.version, Act::Reopen, NOW).await,
        Err(ServiceError::Transition(_))
    ));
    assert!(matches!(
        act(s, agent, id, rec.version - 1, Act::FollowUp, NOW).await,
        Err(ServiceError::Changed { .. })
    ));
    assert!(matches!(
        act(
            s,
            agent,
            ConversationId(id.get() + 100_000),
            1,
            Act::FollowUp,
            NOW
        )
        .await,
        Err(ServiceError::NotFound(Missing::Conversation))
    ));
    let cs = &members[7];
    act(s, agent, id, rec.version, Act::FollowUp, NOW)
        .await
        .unwrap();
    assert!(
        matches!(
            act(
                s,
                cs,
                id,
                rec.version + 1,
                Act::Transfer {
                    to: members[1].member_id
                },
                NOW
            )
            .await,
            Err(ServiceError::Denied(_))
        ),
        "cs_manager may not transfer"
    );
    assert!(matches!(
        act(
            s,
            agent,
            id,
            rec.version + 1,
            Act::Transfer {
                to: MemberId(999_999),
            },
            NOW
        )
        .await,
        Err(ServiceError::NotFound(Missing::Member))
    ));
    assert_eq!(
        s.events(agent.workspace_id, id).await.unwrap().len(),
        events + 1,
        "only the follow-up was recorded"
    );
}

engine_test!(replies_and_collaborator_changes_recheck_what_they_were_decided_on);
/// The window between deciding and writing: a member allowed to reply or add a collaborator
/// loses the conversation (transferred away) before their write lands. The write re-checks
/// the facts it was decided on and stores nothing.
async fn replies_and_collaborator_changes_recheck_what_they_were_decided_on(db: TestDb) {
    use omni_inbox::domain::collaboration::CollabChange;
    use omni_inbox::domain::MessageKind;
    use omni_inbox::server::db::{CollabUpdate, DbError, Expected, NewMessage};
    use omni_inbox::server::service::conversation::visible;
    let s = &db.store;
    let members = fixture(s).await;
    let (owner, boss, helper) = (&members[0], &members[5], &members[3]);
    let ws = owner.workspace_id;
    let id = ids(s, owner, View::PendingHuman).await[0];
    let rec = visible(s, owner, id).await.unwrap();
    act(s, owner, id, rec.version, Act::FollowUp, NOW)
        .await
        .unwrap();
    // The owner decides (reply allowed, collaborator allowed) on what they see now …
    let seen = visible(s, owner, id).await.unwrap();
    let expected = Expected {
        version: seen.version,
        collaborator: seen.facts.is_collaborator,
    };
    // … the supervisor transfers it away in between …
    act(
        s,
        boss,
        id,
        seen.version,
        Act::Transfer {
            to: members[1].member_id,
        },
        NOW + 1,
    )
    .await
    .unwrap();
    let events = s.events(ws, id).await.unwrap().len();
    // … and the writes find the facts changed and store nothing.
    let reply = s
        .add_message(&NewMessage {
            workspace_id: ws,
            conversation_id: id,
            author: owner.member_id,
            kind: MessageKind::Outbound,
            body: "too late".into(),
            now: NOW + 2,
            expected: Some(expected),
            retry_key: "race-key".into(),
            file: None,
        })
        .await;
    assert!(
        matches!(reply, Err(DbError::Stale)),
        "{reply:?} on {:?}",
        db.engine()
    );
    let added = s
        .change_collaborator(&CollabUpdate {
            workspace_id: ws,
            conversation_id: id,
            actor: owner.member_id,
            member: helper.member_id,
            change: CollabChange::Add,
            now: NOW + 2,
            notify: None,
            expected,
        })
        .await
        .unwrap();
    assert!(!added);
    assert!(s.collaborators(ws, id).await.unwrap().is_empty());
    assert_eq!(s.events(ws, id).await.unwrap().len(), events);
    let detail = s.conversation_detail(ws, id, 50).await.unwrap().unwrap();
    assert!(!detail.items.iter().any(|i| matches!(
        i,
        omni_inbox::wire::ThreadItem::Message { body, .. } if body == "too late"
    )));
}

engine_test!(
    replies_racing_a_transfer_are_stored_or_refused,
    flavor = "multi_thread",
    worker_threads = 4
);
/// Replies and a transfer away at the same moment, many times: a reply either lands while
/// its author still may reply, or is refused; it never errs otherwise.
async fn replies_racing_a_transfer_are_stored_or_refused(db: TestDb) {
    use omni_inbox::domain::MessageKind;
    use omni_inbox::server::service::conversation::visible;
    use omni_inbox::server::service::reply::send;
    let s = &db.store;
    let members = fixture(s).await;
    let (owner, boss) = (&members[0], &members[5]);
    for id in ids(s, owner, View::PendingHuman)
        .await
        .into_iter()
        .take(ROUNDS)
    {
        let rec = visible(s, owner, id).await.unwrap();
        act(s, owner, id, rec.version, Act::FollowUp, NOW)
            .await
            .unwrap();
        let seen = visible(s, boss, id).await.unwrap().version;
        let barrier = Arc::new(Barrier::new(2));
        let (s1, b1, o) = (s.clone(), barrier.clone(), owner.clone());
        let reply = tokio::spawn(async move {
            b1.wait().await;
            send(&s1, &o, id, MessageKind::Outbound, "on my way", NOW + 1).await
        });
        let (s2, b2, bo, to) = (
            s.clone(),
            barrier.clone(),
            boss.clone(),
            members[1].member_id,
        );
        let transfer = tokio::spawn(async move {
            b2.wait().await;
            act(&s2, &bo, id, seen, Act::Transfer { to }, NOW + 1).await
        });
        transfer.await.unwrap().unwrap();
        match reply.await.unwrap() {
            Ok(_) | Err(ServiceError::Reply(_) | ServiceError::Changed { .. }) => {}
            Err(other) => panic!("{other:?} on {:?}", db.engine()),
        }
    }
}
