//! Working together, on every engine: transfer into another member's Mine with a notification,
//! collaborators added and removed with their event lines, and concurrent collaborator changes.

use crate::common::{as_member, engine_test, list_query, TestDb, NOW};
use crate::storage::demo_store;
use omni_inbox::domain::collaboration::{CollabChange, CollabRefused};
use omni_inbox::domain::event::EventChange;
use omni_inbox::domain::permission::Denied;
use omni_inbox::domain::{ConvState, ConversationId, MemberId};
use omni_inbox::server::db::{SessionMember, Store};
use omni_inbox::server::service::conversation::{act, collaborate, visible, Act};
use omni_inbox::server::service::{Missing, ServiceError};
use omni_inbox::wire::{ThreadItem, View};
use std::sync::Arc;
use tokio::sync::Barrier;

async fn view_ids(s: &Store, who: &SessionMember, view: View) -> Vec<ConversationId> {
    let page = s
        .list_conversations(&list_query(who, view, 1000))
        .await
        .unwrap();
    page.rows.iter().map(|r| r.id).collect()
}

/// A pending conversation that `who` follows up: theirs, in progress.
async fn take_one(s: &Store, who: &SessionMember) -> ConversationId {
    let id = view_ids(s, who, View::PendingHuman).await[0];
    let v = visible(s, who, id).await.unwrap().version;
    act(s, who, id, v, Act::FollowUp, NOW).await.unwrap();
    id
}

async fn events(
    s: &Store,
    who: &SessionMember,
    id: ConversationId,
) -> Vec<(EventChange, Option<String>)> {
    let d = s
        .conversation_detail(who.workspace_id, id, 100)
        .await
        .unwrap()
        .unwrap();
    d.items
        .into_iter()
        .filter_map(|i| match i {
            ThreadItem::Event {
                change,
                subject_name,
                to_owner_name,
                ..
            } => Some((change, subject_name.or(to_owner_name))),
            ThreadItem::Message { .. } => None,
        })
        .collect()
}

engine_test!(a_transfer_lands_in_their_mine_with_a_notification);
async fn a_transfer_lands_in_their_mine_with_a_notification(db: TestDb) {
    let s = &db.store;
    demo_store(s).await;
    let amy = as_member(s, "agent@demo.test").await;
    let ben = as_member(s, "agent2@demo.test").await;
    let id = take_one(s, &amy).await;
    let before = s
        .notifications(ben.workspace_id, ben.member_id, 50)
        .await
        .unwrap();
    let v = visible(s, &amy, id).await.unwrap().version;
    act(s, &amy, id, v, Act::Transfer { to: ben.member_id }, NOW + 1)
        .await
        .unwrap();
    assert!(view_ids(s, &ben, View::MineOpen).await.contains(&id));
    assert!(!view_ids(s, &amy, View::MineOpen).await.contains(&id));
    let after = s
        .notifications(ben.workspace_id, ben.member_id, 50)
        .await
        .unwrap();
    assert_eq!(after.unread, before.unread + 1);
    let n = &after.items[0];
    assert_eq!(
        (n.kind.as_str(), n.by_name.as_str(), n.count),
        ("transfer", amy.name.as_str(), 1)
    );
    assert_eq!(n.conversations, vec![id]);
    assert!(!n.read);
    let last = events(s, &amy, id).await.pop().unwrap();
    assert_eq!(last, (EventChange::Transferred, Some(ben.name.clone())));
    // Reading marks them read, for Ben only.
    s.read_notifications(ben.workspace_id, ben.member_id, n.id, NOW + 2)
        .await
        .unwrap();
    let read = s
        .notifications(ben.workspace_id, ben.member_id, 50)
        .await
        .unwrap();
    assert_eq!(read.unread, 0);
    assert!(read.items[0].read);
    // Amy cannot transfer what is no longer hers to transfer at the old version.
    let stale = act(s, &amy, id, v, Act::Transfer { to: amy.member_id }, NOW + 3).await;
    assert!(
        matches!(stale, Err(ServiceError::Changed { .. })),
        "{stale:?}"
    );
}

engine_test!(collaborators_join_leave_and_are_refused_where_the_rules_say);
async fn collaborators_join_leave_and_are_refused_where_the_rules_say(db: TestDb) {
    let s = &db.store;
    demo_store(s).await;
    let amy = as_member(s, "agent@demo.test").await;
    let ben = as_member(s, "agent2@demo.test").await;
    let cat = as_member(s, "agent3@demo.test").await;
    let boss = as_member(s, "supervisor@demo.test").await;
    let id = take_one(s, &amy).await;
    let add = CollabChange::Add;
    let remove = CollabChange::Remove;
    // The owner adds Ben: it shows in Ben's Mine, with a line and a notification.
    collaborate(s, &amy, id, ben.member_id, add, NOW + 1)
        .await
        .unwrap();
    assert!(view_ids(s, &ben, View::MineOpen).await.contains(&id));
    let collab = s.collaborators(amy.workspace_id, id).await.unwrap();
    assert_eq!(
        collab.iter().map(|m| m.id).collect::<Vec<_>>(),
        vec![ben.member_id]
    );
    assert_eq!(
        events(s, &amy, id).await.pop().unwrap(),
        (EventChange::CollaboratorAdded, Some(ben.name.clone()))
    );
    let n = s
        .notifications(ben.workspace_id, ben.member_id, 5)
        .await
        .unwrap();
    assert_eq!(
        n.items[0].kind,
        omni_inbox::domain::NotificationKind::Collaborator
    );
    // Refusals: twice, the owner, a collaborator adding others, an unknown member.
    let refused = |r: Result<(), ServiceError>| match r {
        Err(ServiceError::Collab(c)) => Some(c),
        _ => None,
    };
    let twice = collaborate(s, &amy, id, ben.member_id, add, NOW + 2).await;
    assert_eq!(refused(twice), Some(CollabRefused::AlreadyCollaborator));
    let owner = collaborate(s, &boss, id, amy.member_id, add, NOW + 2).await;
    assert_eq!(refused(owner), Some(CollabRefused::IsOwner));
    let by_ben = collaborate(s, &ben, id, cat.member_id, add, NOW + 2).await;
    assert_eq!(
        refused(by_ben),
        Some(CollabRefused::Denied(Denied::NotOwner))
    );
    let nobody = collaborate(s, &amy, id, MemberId(999_999), add, NOW + 2).await;
    assert!(matches!(
        nobody,
        Err(ServiceError::NotFound(Missing::Member))
    ));
    // A supervisor may add; Ben may leave; Cat cannot be removed twice.
    collaborate(s, &boss, id, cat.member_id, add, NOW + 3)
        .await
        .unwrap();
    collaborate(s, &ben, id, ben.member_id, remove, NOW + 4)
        .await
        .unwrap();
    assert!(!view_ids(s, &ben, View::MineOpen).await.contains(&id));
    let lines = events(s, &amy, id).await;
    assert_eq!(
        lines[lines.len() - 1],
        (EventChange::CollaboratorRemoved, Some(ben.name.clone()))
    );
    collaborate(s, &amy, id, cat.member_id, remove, NOW + 5)
        .await
        .unwrap();
    let again = collaborate(s, &amy, id, cat.member_id, remove, NOW + 5).await;
    assert_eq!(refused(again), Some(CollabRefused::NotCollaborator));
    // A collaborator who takes over is the owner, no longer a collaborator.
    collaborate(s, &amy, id, ben.member_id, add, NOW + 6)
        .await
        .unwrap();
    let v = visible(s, &ben, id).await.unwrap().version;
    act(s, &ben, id, v, Act::FollowUp, NOW + 7).await.unwrap();
    assert!(s
        .collaborators(amy.workspace_id, id)
        .await
        .unwrap()
        .is_empty());
    // Closed conversations keep their collaborators but take no new ones.
    let v = visible(s, &ben, id).await.unwrap().version;
    act(s, &ben, id, v, Act::Close, NOW + 8).await.unwrap();
    let closed = collaborate(s, &boss, id, cat.member_id, add, NOW + 9).await;
    assert_eq!(refused(closed), Some(CollabRefused::NotInProgress));
}

engine_test!(concurrent_collaborator_changes_apply_once);
async fn concurrent_collaborator_changes_apply_once(db: TestDb) {
    let s = &db.store;
    demo_store(s).await;
    let amy = as_member(s, "agent@demo.test").await;
    let boss = as_member(s, "supervisor@demo.test").await;
    let ben = as_member(s, "agent2@demo.test").await;
    for round in 0..3 {
        let id = take_one(s, &amy).await;
        let before = s.events(amy.workspace_id, id).await.unwrap().len();
        let barrier = Arc::new(Barrier::new(12));
        let mut tasks = Vec::new();
        for i in 0..12 {
            let (s, barrier) = (s.clone(), barrier.clone());
            let who = if i % 2 == 0 {
                amy.clone()
            } else {
                boss.clone()
            };
            let target = ben.member_id;
            tasks.push(tokio::spawn(async move {
                barrier.wait().await;
                collaborate(&s, &who, id, target, CollabChange::Add, NOW + 10).await
            }));
        }
        let mut ok = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(()) => ok += 1,
                Err(ServiceError::Collab(CollabRefused::AlreadyCollaborator)) => {}
                Err(e) => panic!("round {round}: {e:?}"),
            }
        }
        assert_eq!(ok, 1, "round {round} on {:?}", db.engine());
        let after = s.events(amy.workspace_id, id).await.unwrap().len();
        assert_eq!(after, before + 1, "one event line");
        // A close racing a collaborator change: both may win, but never a collaborator
        // added to a closed conversation after its close.
        let v = visible(s, &amy, id).await.unwrap().version;
        let cat = as_member(s, "agent3@demo.test").await;
        let (closing, adding) = tokio::join!(
            act(s, &amy, id, v, Act::Close, NOW + 11),
            collaborate(s, &boss, id, cat.member_id, CollabChange::Add, NOW + 11)
        );
        closing.unwrap();
        let state = s
            .conversation(amy.workspace_id, id, Some(amy.member_id))
            .await
            .unwrap()
            .unwrap()
            .facts
            .state;
        assert!(matches!(state, ConvState::Closed { .. }));
        if adding.is_err() {
            assert!(!s
                .collaborators(amy.workspace_id, id)
                .await
                .unwrap()
                .iter()
                .any(|m| m.id == cat.member_id));
        }
    }
}
