//! The storage suite: every test runs on every engine (see `common::engines`).

use crate::common::{as_member, demo_hash, engine_test, TestDb, NOW};
use omni_inbox::domain::permission::Scope;
use omni_inbox::domain::{ChannelId, ConversationId, Lang, MemberId, Role, WorkspaceId};
use omni_inbox::server::db::{CountQuery, DbError, ListQuery, NewSession, Store, ThrottleRule};
use omni_inbox::server::demo::{self, DEMO_MEMBERS};
use omni_inbox::wire::{Cursor, View};
use std::collections::HashSet;

pub async fn demo_store(store: &Store) -> WorkspaceId {
    store
        .import(&demo::dataset(NOW, &demo_hash()))
        .await
        .unwrap()
}

async fn open_session(
    store: &Store,
    token: &str,
    ws: WorkspaceId,
    member: MemberId,
    expires_at: i64,
) -> Result<(), DbError> {
    store
        .create_session(&NewSession {
            token_hash: token.into(),
            workspace_id: ws,
            member_id: member,
            now: NOW,
            expires_at,
        })
        .await
}

async fn member(store: &Store, email: &str) -> (WorkspaceId, MemberId) {
    let r = store.login_record(email).await.unwrap().unwrap();
    (r.workspace_id, r.member_id)
}

engine_test!(migrations_apply_and_the_demo_imports);
async fn migrations_apply_and_the_demo_imports(db: TestDb) {
    let s = &db.store;
    s.ping().await.unwrap();
    assert!(!s.has_workspace().await.unwrap());
    demo_store(s).await;
    assert!(s.has_workspace().await.unwrap());
    for (email, _, _, _, _) in DEMO_MEMBERS {
        let r = s
            .login_record(email)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("{email} on {:?}", db.engine()));
        assert!(r.active);
        assert!(r.password_hash.starts_with("$argon2id$"));
    }
    let (ws, _) = member(s, "admin@demo.test").await;
    let channels = s.channels(ws).await.unwrap();
    assert_eq!(channels.len(), 5, "{:?}", db.engine());
    // `omni_inbox seed-demo` on a database that has it already refuses and changes nothing.
    let again = demo::create(s, NOW).await;
    assert!(matches!(again, Err(demo::DemoError::Exists)), "{again:?}");
}

engine_test!(sessions_live_on_the_server);
async fn sessions_live_on_the_server(db: TestDb) {
    let s = &db.store;
    demo_store(s).await;
    let (ws, me) = member(s, "agent@demo.test").await;
    for token in ["a", "b"] {
        open_session(s, token, ws, me, NOW + 1000).await.unwrap();
    }
    let m = s.session_member("a", NOW, 0).await.unwrap().unwrap();
    assert_eq!((m.member_id, m.role, m.lang), (me, Role::Agent, Lang::ZhTw));
    assert_eq!(m.workspace_name, "森好生活 Senhao Living");
    assert_eq!(m.utc_offset_minutes, 480);
    assert!(
        s.session_member("a", NOW + 1000, 0)
            .await
            .unwrap()
            .is_none(),
        "expired"
    );
    assert!(
        s.session_member("zzz", NOW, 0).await.unwrap().is_none(),
        "unknown"
    );

    // A password change ends every other session at once.
    s.set_password(ws, me, "new-hash", Some("a")).await.unwrap();
    assert!(s.session_member("a", NOW, 0).await.unwrap().is_some());
    assert!(s.session_member("b", NOW, 0).await.unwrap().is_none());
    // Logout ends this one.
    s.delete_session("a").await.unwrap();
    assert!(s.session_member("a", NOW, 0).await.unwrap().is_none());
    // Deactivation ends them all, and keeps a member out while inactive.
    open_session(s, "c", ws, me, NOW + 1000).await.unwrap();
    crate::common::set_active(s, ws, me, false).await.unwrap();
    assert!(s.session_member("c", NOW, 0).await.unwrap().is_none());
    assert!(
        !s.login_record("agent@demo.test")
            .await
            .unwrap()
            .unwrap()
            .active
    );
    // The language is remembered per member.
    let (_, other) = member(s, "agent2@demo.test").await;
    s.set_member_lang(ws, other, Lang::ZhTw).await.unwrap();
    open_session(s, "d", ws, other, NOW + 1000).await.unwrap();
    assert_eq!(
        s.session_member("d", NOW, 0).await.unwrap().unwrap().lang,
        Lang::ZhTw
    );
    // Another workspace's id changes nothing.
    assert!(
        crate::common::set_active(s, WorkspaceId(ws.get() + 1000), other, false)
            .await
            .is_err()
    );
    assert!(s.session_member("d", NOW, 0).await.unwrap().is_some());
}

engine_test!(attempts_are_claimed_and_lock_a_key_for_a_while);
async fn attempts_are_claimed_and_lock_a_key_for_a_while(db: TestDb) {
    let rule = ThrottleRule {
        max_failures: 3,
        window: 60_000,
        lock_for: 120_000,
    };
    let s = &db.store;
    let keys = vec![("email:x@y".to_owned(), rule)];
    for i in 0..3 {
        assert_eq!(
            s.claim_attempt(&keys, NOW + i).await.unwrap(),
            None,
            "claim {i}"
        );
    }
    // The fourth attempt in the window passes the limit: refused, and the key locks.
    assert_eq!(
        s.claim_attempt(&keys, NOW + 10).await.unwrap(),
        Some(NOW + 10 + 120_000)
    );
    assert_eq!(
        s.claim_attempt(&keys, NOW + 11).await.unwrap(),
        Some(NOW + 10 + 120_000),
        "still locked"
    );
    assert_eq!(
        s.claim_attempt(&keys, NOW + 10 + 120_000).await.unwrap(),
        None,
        "the lock ends"
    );
    // Attempts spread beyond the window never add up to a lock.
    let spread = vec![("addr:1.2.3.4".to_owned(), rule)];
    for i in 0..6 {
        assert_eq!(
            s.claim_attempt(&spread, NOW + i * 61_000).await.unwrap(),
            None
        );
    }
    // A released attempt does not count: a busy office signs in again and again.
    let office = vec![("addr:5.6.7.8".to_owned(), rule)];
    for i in 0..10 {
        assert_eq!(s.claim_attempt(&office, NOW + i).await.unwrap(), None);
        s.release_attempt("addr:5.6.7.8").await.unwrap();
    }
    // A locked first key refuses without counting against the second.
    let both = vec![
        ("addr:9.9.9.9".to_owned(), rule),
        ("email:victim@y".to_owned(), rule),
    ];
    for i in 0..3 {
        assert_eq!(s.claim_attempt(&both, NOW + i).await.unwrap(), None);
    }
    assert!(s.claim_attempt(&both, NOW + 5).await.unwrap().is_some());
    s.clear_attempts("email:victim@y").await.unwrap();
    let victim = vec![("email:victim@y".to_owned(), rule)];
    for i in 0..3 {
        assert_eq!(s.claim_attempt(&victim, NOW + 6 + i).await.unwrap(), None);
    }
}

engine_test!(a_burst_of_claims_never_passes_the_limit);
async fn a_burst_of_claims_never_passes_the_limit(db: TestDb) {
    let rule = ThrottleRule {
        max_failures: 5,
        window: 60_000,
        lock_for: 120_000,
    };
    let s = &db.store;
    let keys = vec![("email:burst@y".to_owned(), rule)];
    let claims = (0..40).map(|_| {
        let s = s.clone();
        let keys = keys.clone();
        tokio::spawn(async move { s.claim_attempt(&keys, NOW).await.unwrap() })
    });
    let mut granted = 0;
    for c in claims {
        if c.await.unwrap().is_none() {
            granted += 1;
        }
    }
    assert_eq!(granted, 5, "{:?}", db.engine());
}

engine_test!(sessions_end_at_their_absolute_lifetime_and_are_purged);
async fn sessions_end_at_their_absolute_lifetime_and_are_purged(db: TestDb) {
    let s = &db.store;
    demo_store(s).await;
    let (ws, me) = member(s, "agent@demo.test").await;
    open_session(s, "old", ws, me, NOW + 10_000_000)
        .await
        .unwrap();
    assert!(s
        .session_member("old", NOW + 1, NOW - 1)
        .await
        .unwrap()
        .is_some());
    assert!(
        s.session_member("old", NOW + 1, NOW)
            .await
            .unwrap()
            .is_none(),
        "created before the absolute cutoff"
    );
    open_session(s, "expired", ws, me, NOW + 5).await.unwrap();
    let rule = ThrottleRule {
        max_failures: 3,
        window: 60_000,
        lock_for: 120_000,
    };
    s.claim_attempt(&[("email:gone@y".to_owned(), rule)], NOW)
        .await
        .unwrap();
    // Later: the expired session, the old throttle row and nothing else go.
    let purged = s.purge(NOW + 100, NOW - 1, 60_000, NOW).await.unwrap();
    assert_eq!(purged, 1, "only the expired session yet");
    let purged = s.purge(NOW + 200_000, NOW - 1, 60_000, NOW).await.unwrap();
    assert_eq!(purged, 1, "the throttle row past its window");
    assert!(s.session_member("old", NOW + 1, 0).await.unwrap().is_some());
    let purged = s.purge(NOW + 200_000, NOW + 1, 60_000, NOW).await.unwrap();
    assert_eq!(purged, 1, "the session past its absolute lifetime");
}

fn all_scope_query(
    ws: WorkspaceId,
    me: MemberId,
    view: View,
    channel: Option<ChannelId>,
    after: Option<Cursor>,
) -> ListQuery {
    ListQuery {
        workspace_id: ws,
        me,
        scope: Scope::All,
        view,
        channel,
        owner: None,
        sort: omni_inbox::wire::Sort::Newest,
        after,
        now: NOW,
        limit: 25,
    }
}

/// Pages through a whole view and returns its rows' (time, id) in order.
pub async fn all_pages(s: &Store, mut q: ListQuery) -> Vec<(i64, ConversationId)> {
    let mut out = Vec::new();
    loop {
        let page = s.list_conversations(&q).await.unwrap();
        out.extend(page.rows.iter().map(|r| (r.last_message_at, r.id)));
        match page.next {
            Some(c) => q.after = Some(c),
            None => return out,
        }
    }
}

engine_test!(every_view_pages_completely_in_order_and_matches_its_count);
async fn every_view_pages_completely_in_order_and_matches_its_count(db: TestDb) {
    let s = &db.store;
    demo_store(s).await;
    let (ws, me) = member(s, "agent@demo.test").await;
    let channels = s.channels(ws).await.unwrap();
    for channel in std::iter::once(None).chain(channels.iter().map(|c| Some(c.id))) {
        let counts = s
            .view_counts(&CountQuery {
                workspace_id: ws,
                me,
                scope: Scope::All,
                channel,
            })
            .await
            .unwrap();
        for view in View::ALL {
            let rows = all_pages(s, all_scope_query(ws, me, view, channel, None)).await;
            assert_eq!(
                rows.len() as i64,
                counts.get(view),
                "{view:?} {channel:?} on {:?}",
                db.engine()
            );
            let unique: HashSet<_> = rows.iter().collect();
            assert_eq!(unique.len(), rows.len(), "no row twice");
            assert!(
                rows.windows(2).all(|w| w[0] > w[1]),
                "newest first, by (time, id)"
            );
        }
        assert_eq!(
            counts.closed,
            counts.mine_closed + counts.team_closed - overlap_closed(s, ws, me, channel).await
        );
    }
    let counts = s
        .view_counts(&CountQuery {
            workspace_id: ws,
            me,
            scope: Scope::All,
            channel: None,
        })
        .await
        .unwrap();
    assert!(
        counts.pending_human > 0
            && counts.pending_bot > 0
            && counts.mine_open > 0
            && counts.team_open > 0
            && counts.closed > 0
    );
    let page = s
        .list_conversations(&all_scope_query(ws, me, View::PendingHuman, None, None))
        .await
        .unwrap();
    let row = &page.rows[0];
    assert!(!row.customer_name.is_empty() && !row.last_message_preview.is_empty());
    assert!(
        row.waiting_since.is_some(),
        "pending/human rows are waiting for a reply"
    );
    let mine = s
        .list_conversations(&all_scope_query(ws, me, View::MineOpen, None, None))
        .await
        .unwrap();
    assert!(mine
        .rows
        .iter()
        .all(|r| r.members.len() <= 3 && !r.members.is_empty()));
    assert!(
        mine.rows.iter().any(|r| r.members[0].id == me),
        "owner first"
    );
}

/// Closed conversations I collaborate on but someone else owns are in both Mine and Team.
async fn overlap_closed(
    s: &Store,
    ws: WorkspaceId,
    me: MemberId,
    channel: Option<ChannelId>,
) -> i64 {
    let mine: HashSet<_> = all_pages(s, all_scope_query(ws, me, View::MineClosed, channel, None))
        .await
        .into_iter()
        .collect();
    let team: HashSet<_> = all_pages(s, all_scope_query(ws, me, View::TeamClosed, channel, None))
        .await
        .into_iter()
        .collect();
    mine.intersection(&team).count() as i64
}

engine_test!(a_workspace_never_sees_another);
async fn a_workspace_never_sees_another(db: TestDb) {
    let s = &db.store;
    let a = demo_store(s).await;
    // A second workspace with the same shape (its logins renamed so emails stay unique).
    let mut other = demo::dataset(NOW, &demo_hash());
    for m in &mut other.members {
        m.email = format!("other.{}", m.email);
    }
    for c in &mut other.channels {
        c.external_id = format!("other-{}", c.external_id);
    }
    let b = s.import(&other).await.unwrap();
    let (_, me) = member(s, "agent@demo.test").await;
    let b_channels = s.channels(b).await.unwrap();
    let a_ids: HashSet<ConversationId> =
        all_pages(s, all_scope_query(a, me, View::Closed, None, None))
            .await
            .into_iter()
            .map(|r| r.1)
            .collect();
    let b_ids: HashSet<ConversationId> =
        all_pages(s, all_scope_query(b, me, View::Closed, None, None))
            .await
            .into_iter()
            .map(|r| r.1)
            .collect();
    assert!(!a_ids.is_empty() && a_ids.is_disjoint(&b_ids));
    // Filtering workspace A by B's channel finds nothing.
    for view in View::ALL {
        let rows = all_pages(
            s,
            all_scope_query(a, me, view, Some(b_channels[0].id), None),
        )
        .await;
        assert!(rows.is_empty(), "{view:?}");
    }
    let counts = s
        .view_counts(&CountQuery {
            workspace_id: a,
            me,
            scope: Scope::All,
            channel: Some(b_channels[0].id),
        })
        .await
        .unwrap();
    assert_eq!(counts, Default::default());
}

engine_test!(narrower_scopes_see_less);
async fn narrower_scopes_see_less(db: TestDb) {
    let s = &db.store;
    demo_store(s).await;
    let (ws, rep) = member(s, "salesrep@demo.test").await;
    let rep_branch = as_member(s, "salesrep@demo.test").await.branch_id;
    assert!(rep_branch.is_some());
    let all = s
        .view_counts(&CountQuery {
            workspace_id: ws,
            me: rep,
            scope: Scope::All,
            channel: None,
        })
        .await
        .unwrap();
    let own = s
        .view_counts(&CountQuery {
            workspace_id: ws,
            me: rep,
            scope: Scope::Own {
                branch_id: rep_branch,
                member_id: rep,
            },
            channel: None,
        })
        .await
        .unwrap();
    let nobody = s
        .view_counts(&CountQuery {
            workspace_id: ws,
            me: rep,
            scope: Scope::Own {
                branch_id: None,
                member_id: MemberId(-1),
            },
            channel: None,
        })
        .await
        .unwrap();
    assert!(
        own.pending_human > 0 && own.pending_human < all.pending_human,
        "{own:?} vs {all:?}"
    );
    assert_eq!(own.team_open, 0, "a sales rep sees no one else's work");
    assert_eq!(nobody, Default::default());
    let (_, mgr) = member(s, "salesmanager@demo.test").await;
    let branch = s
        .view_counts(&CountQuery {
            workspace_id: ws,
            me: mgr,
            scope: Scope::Branch {
                branch_id: rep_branch,
                member_id: mgr,
            },
            channel: None,
        })
        .await
        .unwrap();
    let all_mgr = s
        .view_counts(&CountQuery {
            workspace_id: ws,
            me: mgr,
            scope: Scope::All,
            channel: None,
        })
        .await
        .unwrap();
    assert_eq!(
        branch.pending_human, all_mgr.pending_human,
        "managers see every pending one"
    );
    assert!(branch.team_open > 0 && branch.team_open < all_mgr.team_open);
}

engine_test!(concurrent_writers_never_see_database_is_locked);
async fn concurrent_writers_never_see_database_is_locked(db: TestDb) {
    let s = db.store.clone();
    demo_store(&s).await;
    let (ws, me) = member(&s, "agent@demo.test").await;
    let mut tasks = Vec::new();
    for i in 0..64 {
        let s = s.clone();
        tasks.push(tokio::spawn(async move {
            let token = format!("tok{i}");
            open_session(&s, &token, ws, me, NOW + 9_000).await?;
            s.touch_session(&token, NOW + 1, NOW + 10_000).await?;
            s.session_member(&token, NOW + 2, 0).await?;
            s.set_member_lang(ws, me, if i % 2 == 0 { Lang::En } else { Lang::ZhTw })
                .await
        }));
    }
    for t in tasks {
        t.await
            .unwrap()
            .unwrap_or_else(|e| panic!("{e} on {:?}", db.engine()));
    }
}
