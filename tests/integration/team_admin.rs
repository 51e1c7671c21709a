//! Running a team (issue 15) on every engine: members invited with single-use links that
//! expire, edited, deactivated (sessions ended) and the last admin kept; regions and branches
//! named uniquely, moved and deleted only when empty; tags renamed, recoloured, merged and
//! deleted with their usage kept exact and the search following; the workspace's settings;
//! and an audit line for every change, which nobody can edit.

use crate::common::{as_member, by_test, demo_hash, engine_test, set_active, TestDb, NOW};
use omni_inbox::domain::team::audit::{Action, ObjectKind};
use omni_inbox::domain::team::{MemberDraft, TeamProblem, WorkspaceDraft, LINK_TTL};
use omni_inbox::domain::{BranchId, Lang, MemberId, Role, TagId, WorkspaceId};
use omni_inbox::server::db::{SessionMember, Store};
use omni_inbox::server::demo;
use omni_inbox::server::service::{account, members, structure, workspace, ServiceError};
use omni_inbox::wire::{AuditFilter, MemberFilter};

fn draft(name: &str, email: &str, role: Role, branch: Option<BranchId>) -> MemberDraft {
    MemberDraft {
        name: name.into(),
        email: email.into(),
        role,
        region: None,
        branch,
        lang: Lang::En,
        capacity: None,
    }
}

async fn audit_of(s: &Store, ws: WorkspaceId, kind: ObjectKind) -> Vec<(Action, String)> {
    let filter = AuditFilter {
        kind: Some(kind),
        ..AuditFilter::default()
    };
    s.audit(ws, &filter, 100)
        .await
        .unwrap()
        .rows
        .into_iter()
        .map(|r| (r.action, r.object_name))
        .collect()
}

fn token_of(path: &str) -> &str {
    path.split("token=").nth(1).unwrap()
}

async fn branch_named(s: &Store, ws: WorkspaceId, name: &str) -> BranchId {
    s.structure(ws)
        .await
        .unwrap()
        .branches
        .into_iter()
        .find(|b| b.name == name)
        .unwrap()
        .id
}

engine_test!(an_invited_member_sets_a_password_once_before_the_link_expires);
async fn an_invited_member_sets_a_password_once_before_the_link_expires(db: TestDb) {
    let s = &db.store;
    s.import(&demo::dataset(NOW, &demo_hash())).await.unwrap();
    let admin = as_member(s, "admin@demo.test").await;
    let ws = admin.workspace_id;
    let xinyi = branch_named(s, ws, "信義店").await;
    // A sales rep needs a branch; the region comes from it.
    let refused = members::add(
        s,
        &admin,
        &draft("新人", "new@demo.test", Role::SalesRep, None),
        NOW,
    )
    .await;
    assert!(matches!(
        refused,
        Err(ServiceError::Team(TeamProblem::BranchNeeded))
    ));
    let (row, link) = members::add(
        s,
        &admin,
        &draft(" 新人  小林 ", "New@Demo.test", Role::SalesRep, Some(xinyi)),
        NOW,
    )
    .await
    .unwrap();
    assert_eq!(row.name, "新人 小林");
    assert_eq!(row.email, "new@demo.test");
    assert!(row.invited);
    assert_eq!(row.branch.as_ref().map(|b| b.1.as_str()), Some("信義店"));
    assert!(row.region.is_some());
    assert_eq!(link.expires_at, NOW + LINK_TTL);
    // Nobody signs in as an invited member before the link is used.
    assert!(
        account::login(s, "new@demo.test", "whatever-123", None, NOW)
            .await
            .is_err()
    );
    // The same email again is taken (any case).
    let again = members::add(
        s,
        &admin,
        &draft("又一個", "NEW@demo.test", Role::Agent, None),
        NOW,
    )
    .await;
    assert!(matches!(
        again,
        Err(ServiceError::Team(TeamProblem::EmailTaken))
    ));
    // After it expires the link does nothing; a new one replaces it.
    let token = token_of(&link.path).to_owned();
    let late = account::set_password_with_link(
        s,
        &token,
        "password-123",
        "password-123",
        NOW + LINK_TTL + 1,
    )
    .await;
    assert!(late.is_err());
    let fresh = members::new_link(s, &admin, row.id, NOW).await.unwrap();
    let fresh_token = token_of(&fresh.path).to_owned();
    assert!(
        account::set_password_with_link(s, &token, "password-123", "password-123", NOW)
            .await
            .is_err()
    );
    let email = account::set_password_with_link(
        s,
        &fresh_token,
        "password-123",
        "password-123",
        NOW + 1000,
    )
    .await
    .unwrap();
    assert_eq!(email, "new@demo.test");
    // Used once, then never again.
    assert!(account::set_password_with_link(
        s,
        &fresh_token,
        "other-pass-1",
        "other-pass-1",
        NOW + 2000
    )
    .await
    .is_err());
    let row = s.member_row(ws, row.id).await.unwrap().unwrap();
    assert!(!row.invited);
    // The audit says who invited whom, and the link given again.
    let lines = audit_of(s, ws, ObjectKind::Member).await;
    assert_eq!(
        lines,
        vec![
            (Action::Invited, "新人 小林".to_owned()),
            (Action::Invited, "新人 小林".to_owned()),
        ]
    );
    // A reset link for a member who has a password is a reset.
    let agent = as_member(s, "agent@demo.test").await;
    members::new_link(s, &admin, agent.member_id, NOW)
        .await
        .unwrap();
    assert_eq!(
        audit_of(s, ws, ObjectKind::Member).await[0].0,
        Action::PasswordReset
    );
}

engine_test!(members_are_edited_within_the_rules_and_the_last_admin_stays);
async fn members_are_edited_within_the_rules_and_the_last_admin_stays(db: TestDb) {
    let s = &db.store;
    s.import(&demo::dataset(NOW, &demo_hash())).await.unwrap();
    let admin = as_member(s, "admin@demo.test").await;
    let boss = as_member(s, "supervisor@demo.test").await;
    let agent = as_member(s, "agent@demo.test").await;
    let ws = admin.workspace_id;
    let edit = |who: &SessionMember, role: Role| {
        let mut d = draft(&who.name, &who.email, role, who.branch_id);
        d.lang = who.lang;
        d
    };
    // A supervisor promotes an agent to cs_manager, but never to admin, and never touches
    // an admin.
    members::edit(
        s,
        &boss,
        agent.member_id,
        &edit(&agent, Role::CsManager),
        NOW,
    )
    .await
    .unwrap();
    assert!(matches!(
        members::edit(s, &boss, agent.member_id, &edit(&agent, Role::Admin), NOW).await,
        Err(ServiceError::Team(TeamProblem::AdminsOnly))
    ));
    assert!(matches!(
        members::set_active(s, &boss, admin.member_id, false, NOW).await,
        Err(ServiceError::Team(TeamProblem::AdminsOnly))
    ));
    // Nobody changes their own role or deactivates themselves.
    assert!(matches!(
        members::edit(s, &admin, admin.member_id, &edit(&admin, Role::Agent), NOW).await,
        Err(ServiceError::Team(TeamProblem::NotYourself))
    ));
    assert!(matches!(
        members::set_active(s, &boss, boss.member_id, false, NOW).await,
        Err(ServiceError::Team(TeamProblem::NotYourself))
    ));
    // The only admin stays an active admin, whoever asks (the store checks it too).
    assert!(!set_active(s, ws, admin.member_id, false).await.unwrap());
    let demote = s
        .edit_member(
            ws,
            admin.member_id,
            &edit(&admin, Role::Agent),
            &|_, _| Ok(()),
            &by_test(),
        )
        .await
        .unwrap();
    assert_eq!(demote, Err(TeamProblem::LastAdmin));
    // With a second admin, the first may go.
    members::edit(s, &admin, boss.member_id, &edit(&boss, Role::Admin), NOW)
        .await
        .unwrap();
    assert!(set_active(s, ws, admin.member_id, false).await.unwrap());
    assert!(!set_active(s, ws, boss.member_id, false).await.unwrap());
    // Deactivation ends the member's sessions at once; reactivation lets them back.
    let token = "agent-session";
    s.create_session(&omni_inbox::server::db::NewSession {
        token_hash: token.into(),
        workspace_id: ws,
        member_id: agent.member_id,
        now: NOW,
        expires_at: NOW + 1_000_000,
    })
    .await
    .unwrap();
    let new_admin = as_member(s, "supervisor@demo.test").await;
    members::set_active(s, &new_admin, agent.member_id, false, NOW)
        .await
        .unwrap();
    assert!(s.session_member(token, NOW, 0).await.unwrap().is_none());
    let listed = s
        .member_rows(
            ws,
            &MemberFilter {
                active: Some(false),
                ..MemberFilter::default()
            },
            50,
        )
        .await
        .unwrap();
    assert!(listed.members.iter().any(|m| m.id == agent.member_id));
    members::set_active(s, &new_admin, agent.member_id, true, NOW)
        .await
        .unwrap();
    // Another workspace's member is not there.
    assert!(matches!(
        members::set_active(s, &new_admin, MemberId(999_999), false, NOW).await,
        Err(ServiceError::NotFound(_))
    ));
    // The audit has each change with what it was and became.
    let filter = AuditFilter {
        kind: Some(ObjectKind::Member),
        ..AuditFilter::default()
    };
    let rows = s.audit(ws, &filter, 100).await.unwrap().rows;
    let actions: Vec<Action> = rows.iter().map(|r| r.action).collect();
    assert_eq!(
        actions,
        vec![
            Action::Reactivated,
            Action::Deactivated,
            Action::Deactivated,
            Action::Changed,
            Action::Changed,
        ]
    );
    let promoted = &rows[3];
    assert_eq!(promoted.actor_name, admin.name);
    assert_eq!(promoted.changes[0].field, "role");
    assert_eq!(promoted.changes[0].from.as_deref(), Some("supervisor"));
    assert_eq!(promoted.changes[0].to.as_deref(), Some("admin"));
    // Search and filters.
    let found = s
        .member_rows(
            ws,
            &MemberFilter {
                text: "SUPERVISOR@".into(),
                ..MemberFilter::default()
            },
            50,
        )
        .await
        .unwrap();
    assert_eq!(found.members.len(), 1);
    let reps = s
        .member_rows(
            ws,
            &MemberFilter {
                role: Some(Role::SalesRep),
                ..MemberFilter::default()
            },
            50,
        )
        .await
        .unwrap();
    assert!(!reps.members.is_empty());
    assert!(reps.members.iter().all(|m| m.role == Role::SalesRep));
    // Pages follow on by name without repeating anyone.
    let first = s
        .member_rows(ws, &MemberFilter::default(), 3)
        .await
        .unwrap();
    let second = s
        .member_rows(
            ws,
            &MemberFilter {
                after: first.next.clone(),
                ..MemberFilter::default()
            },
            3,
        )
        .await
        .unwrap();
    assert_eq!(first.members.len(), 3);
    assert!(second
        .members
        .iter()
        .all(|m| first.members.iter().all(|f| f.id != m.id)));
}

engine_test!(regions_and_branches_are_named_once_and_deleted_only_when_empty);
async fn regions_and_branches_are_named_once_and_deleted_only_when_empty(db: TestDb) {
    let s = &db.store;
    s.import(&demo::dataset(NOW, &demo_hash())).await.unwrap();
    let admin = as_member(s, "admin@demo.test").await;
    let ws = admin.workspace_id;
    let east = structure::save_region(s, &admin, None, "東部 East", NOW)
        .await
        .unwrap();
    // Letter case and width aside, a name is taken.
    assert!(matches!(
        structure::save_region(s, &admin, None, "東部 ＥＡＳＴ", NOW).await,
        Err(ServiceError::Team(TeamProblem::NameTaken))
    ));
    let hualien = structure::save_branch(s, &admin, None, east, "花蓮店", NOW)
        .await
        .unwrap();
    // The region with a branch cannot go; nor can a branch with a member.
    assert!(matches!(
        structure::delete_region(s, &admin, east, NOW).await,
        Err(ServiceError::Team(TeamProblem::NotEmpty))
    ));
    let xinyi = branch_named(s, ws, "信義店").await;
    assert!(matches!(
        structure::delete_branch(s, &admin, xinyi, NOW).await,
        Err(ServiceError::Team(TeamProblem::NotEmpty))
    ));
    // Moving a branch moves its members to its region.
    let rep = as_member(s, "salesrep@demo.test").await;
    assert_eq!(rep.branch_id, Some(xinyi));
    structure::save_branch(s, &admin, Some(xinyi), east, "信義旗艦店", NOW)
        .await
        .unwrap();
    let row = s.member_row(ws, rep.member_id).await.unwrap().unwrap();
    assert_eq!(row.region.map(|r| r.0), Some(east));
    assert_eq!(row.branch.map(|b| b.1), Some("信義旗艦店".to_owned()));
    // An empty branch and then its region go.
    structure::delete_branch(s, &admin, hualien, NOW)
        .await
        .unwrap();
    let st = s.structure(ws).await.unwrap();
    assert!(st.branches.iter().all(|b| b.id != hualien));
    let east_row = st.regions.iter().find(|r| r.id == east).unwrap();
    assert_eq!(east_row.branches, 1);
    assert!(st.branches.iter().find(|b| b.id == xinyi).unwrap().members >= 1);
    // A supervisor may not edit them.
    let boss = as_member(s, "supervisor@demo.test").await;
    assert!(matches!(
        structure::save_region(s, &boss, None, "南部", NOW).await,
        Err(ServiceError::NotAllowed)
    ));
    let lines = audit_of(s, ws, ObjectKind::Branch).await;
    assert_eq!(
        lines,
        vec![
            (Action::Deleted, "花蓮店".to_owned()),
            (Action::Changed, "信義旗艦店".to_owned()),
            (Action::Created, "花蓮店".to_owned()),
        ]
    );
    assert_eq!(
        audit_of(s, ws, ObjectKind::Region).await,
        vec![(Action::Created, "東部 East".to_owned())]
    );
}

async fn tag_named(s: &Store, ws: WorkspaceId, name: &str) -> Option<(TagId, i64)> {
    s.tag_rows(ws)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.name == name)
        .map(|t| (t.id, t.usage))
}

/// How many customers carry tag `id`, counted.
async fn counted(db: &TestDb, id: TagId) -> i64 {
    db.scalar(&format!(
        "select count(*) from customer_tags where tag_id = {}",
        id.get()
    ))
    .await
}

engine_test!(tags_are_renamed_merged_and_deleted_with_exact_usage);
async fn tags_are_renamed_merged_and_deleted_with_exact_usage(db: TestDb) {
    let s = &db.store;
    s.import(&demo::dataset(NOW, &demo_hash())).await.unwrap();
    let boss = as_member(s, "csmanager@demo.test").await;
    let ws = boss.workspace_id;
    let tags = s.tag_rows(ws).await.unwrap();
    assert!(tags.len() >= 2, "the demo has tags");
    // Usage is what the customers carry.
    for t in &tags {
        assert_eq!(t.usage, counted(&db, t.id).await, "{}", t.name);
    }
    let (a, b) = (tags[0].clone(), tags[1].clone());
    // A new tag's name is free only when no other compares equal.
    let taken = tags[0].name.to_uppercase();
    if taken != tags[0].name {
        assert!(matches!(
            structure::save_tag(s, &boss, None, &taken, "teal", NOW).await,
            Err(ServiceError::Team(TeamProblem::NameTaken))
        ));
    }
    assert!(matches!(
        structure::save_tag(s, &boss, None, "ｖｉｐ客戶", "not-a-colour", NOW).await,
        Err(ServiceError::Team(TeamProblem::TagColor))
    ));
    let vip = structure::save_tag(s, &boss, None, "ｖｉｐ客戶", "amber", NOW)
        .await
        .unwrap();
    assert!(matches!(
        structure::save_tag(s, &boss, None, "VIP客戶", "teal", NOW).await,
        Err(ServiceError::Team(TeamProblem::NameTaken))
    ));
    // Renamed: the customers' conversations are found by the new name, not before.
    let by_name = |text: &str| omni_inbox::wire::SearchRequest {
        text: text.into(),
        ..Default::default()
    };
    let search = |text: &'static str| {
        let req = by_name(text);
        let boss = boss.clone();
        async move {
            omni_inbox::server::service::search::page(s, &boss, &req, None)
                .await
                .unwrap()
                .hits
                .len()
        }
    };
    assert_eq!(search("改名後的標籤").await, 0);
    structure::save_tag(s, &boss, Some(a.id), "改名後的標籤", "teal", NOW)
        .await
        .unwrap();
    assert!(a.usage > 0, "the demo's first tag is on some customer");
    // The rename marked its customers, in its own transaction, for their entries to be
    // rewritten after it (by the search worker, a few at a time): found only once rewritten.
    let marked: i64 = db.scalar("select count(*) from search_stale").await;
    assert_eq!(marked, a.usage);
    assert_eq!(search("改名後的標籤").await, 0);
    let mut batches = 0;
    while s.reindex_stale(2).await.unwrap() > 0 {
        batches += 1;
    }
    assert_eq!(batches, (a.usage + 1) / 2, "two customers per batch");
    assert_eq!(db.scalar("select count(*) from search_stale").await, 0);
    assert!(
        search("改名後的標籤").await > 0,
        "the renamed tag is searchable"
    );
    // Merged: every customer of `a` carries `b`, counted once each; `a` is gone.
    let both: i64 = db
        .scalar(&format!(
            "select count(*) from customer_tags x join customer_tags y
               on y.customer_id = x.customer_id and y.tag_id = {}
             where x.tag_id = {}",
            b.id.get(),
            a.id.get()
        ))
        .await;
    structure::merge_tags(s, &boss, a.id, b.id, NOW)
        .await
        .unwrap();
    assert!(tag_named(s, ws, "改名後的標籤").await.is_none());
    while s.reindex_stale(100).await.unwrap() > 0 {}
    assert_eq!(
        search("改名後的標籤").await,
        0,
        "the merged tag's name is gone"
    );
    let (_, usage) = tag_named(s, ws, &b.name).await.unwrap();
    assert_eq!(usage, b.usage + a.usage - both);
    assert_eq!(usage, counted(&db, b.id).await);
    assert!(matches!(
        structure::merge_tags(s, &boss, b.id, b.id, NOW).await,
        Err(ServiceError::Team(TeamProblem::SameTag))
    ));
    // Deleted: off every customer.
    structure::delete_tag(s, &boss, b.id, NOW).await.unwrap();
    assert_eq!(counted(&db, b.id).await, 0);
    assert!(matches!(
        structure::delete_tag(s, &boss, b.id, NOW).await,
        Err(ServiceError::NotFound(_))
    ));
    let lines = audit_of(s, ws, ObjectKind::Tag).await;
    let actions: Vec<Action> = lines.iter().map(|l| l.0).collect();
    assert_eq!(
        actions,
        vec![
            Action::Deleted,
            Action::Merged,
            Action::Changed,
            Action::Created
        ]
    );
    assert!(s
        .tag_rows(ws)
        .await
        .unwrap()
        .iter()
        .any(|t| t.id == vip && t.color == "amber"));
    // An agent may not manage tags.
    let agent = as_member(s, "agent@demo.test").await;
    assert!(matches!(
        structure::tags(s, &agent).await,
        Err(ServiceError::NotAllowed)
    ));
}

engine_test!(the_workspace_settings_are_saved_and_the_audit_log_is_never_edited);
async fn the_workspace_settings_are_saved_and_the_audit_log_is_never_edited(db: TestDb) {
    let s = &db.store;
    s.import(&demo::dataset(NOW, &demo_hash())).await.unwrap();
    let admin = as_member(s, "admin@demo.test").await;
    let before = workspace::settings(s, &admin).await.unwrap();
    assert_eq!(before.utc_offset_minutes, 480);
    let bad = WorkspaceDraft {
        name: "新名字".into(),
        utc_offset_minutes: 481,
        default_lang: Lang::En,
    };
    assert!(matches!(
        workspace::save(s, &admin, &bad, NOW).await,
        Err(ServiceError::Team(TeamProblem::Offset))
    ));
    let good = WorkspaceDraft {
        utc_offset_minutes: 540,
        ..bad
    };
    workspace::save(s, &admin, &good, NOW).await.unwrap();
    let after = workspace::settings(s, &admin).await.unwrap();
    assert_eq!(after.name, "新名字");
    // New members start in the workspace's language: the invitation's default.
    let page = members::page(s, &admin, &MemberFilter::default())
        .await
        .unwrap();
    assert_eq!(page.default_lang, Lang::En);
    assert_eq!(after.utc_offset_minutes, 540);
    assert_eq!(after.default_lang, Lang::En);
    // The inbox prints in the new clock at once.
    assert_eq!(
        as_member(s, "agent@demo.test").await.utc_offset_minutes,
        540
    );
    let boss = as_member(s, "supervisor@demo.test").await;
    assert!(matches!(
        workspace::save(s, &boss, &good, NOW).await,
        Err(ServiceError::NotAllowed)
    ));
    let page = workspace::audit(s, &boss, Some(ObjectKind::Workspace), None, None)
        .await
        .unwrap();
    let line = &page.rows[0];
    let fields: Vec<&str> = line.changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["name", "time_zone", "default_lang"]);
    assert_eq!(line.changes[1].to.as_deref(), Some("UTC+09:00"));
    // Nobody edits or deletes a line, not even with SQL.
    assert!(db
        .try_raw("update audit_log set actor_name = 'x'")
        .await
        .is_err());
    assert!(db.try_raw("delete from audit_log").await.is_err());
    assert_eq!(
        workspace::audit(s, &boss, None, None, None)
            .await
            .unwrap()
            .rows
            .len(),
        page.rows.len()
    );
    let agent = as_member(s, "agent@demo.test").await;
    assert!(matches!(
        workspace::audit(s, &agent, None, None, None).await,
        Err(ServiceError::NotAllowed)
    ));
}

engine_test!(channel_widget_and_bot_changes_leave_audit_lines);
async fn channel_widget_and_bot_changes_leave_audit_lines(db: TestDb) {
    use omni_inbox::domain::bot::config::{Reply, RuleDraft};
    use omni_inbox::domain::ChannelKind;
    use omni_inbox::server::db::Credentials;
    use omni_inbox::server::service::{bot, channel, widget};
    let s = &db.store;
    s.import(&demo::dataset(NOW, &demo_hash())).await.unwrap();
    let boss = as_member(s, "supervisor@demo.test").await;
    let ws = boss.workspace_id;
    let by = members::audit_by(&boss, NOW);
    // A channel connected, disabled and enabled again.
    let input = channel::ConnectInput {
        workspace: ws,
        kind: ChannelKind::Line,
        name: "LINE 門市".into(),
        account_id: "U0123456789abcdef0123456789abcdef".into(),
        credentials: Credentials {
            secret: "line-secret-0001".into(),
            access_token: "token".into(),
            ..Credentials::default()
        },
    };
    let line = channel::connect(s, input, &by).await.unwrap().unwrap();
    channel::set_enabled_for(s, &boss, line.id, false, NOW)
        .await
        .unwrap();
    channel::set_enabled_for(s, &boss, line.id, true, NOW)
        .await
        .unwrap();
    // A widget connected and its greeting changed.
    let look = omni_inbox::domain::widget::WidgetLook::default_for("Shop");
    let mut input = widget::WidgetInput {
        name: "官網".into(),
        origins: "https://shop.example".into(),
        look,
    };
    let connected = widget::connect(s, ws, &input, &by).await.unwrap().unwrap();
    input.look.greeting = "歡迎！".into();
    widget::update_for(s, &boss, connected.widget.channel.id, &input, NOW)
        .await
        .unwrap()
        .unwrap();
    let lines = s
        .audit(
            ws,
            &AuditFilter {
                kind: Some(ObjectKind::Channel),
                ..AuditFilter::default()
            },
            100,
        )
        .await
        .unwrap()
        .rows;
    let seen: Vec<(Action, &str)> = lines
        .iter()
        .map(|l| (l.action, l.object_name.as_str()))
        .collect();
    assert_eq!(
        seen,
        vec![
            (Action::Changed, "官網"),
            (Action::Created, "官網"),
            (Action::Reactivated, "LINE 門市"),
            (Action::Deactivated, "LINE 門市"),
            (Action::Created, "LINE 門市"),
        ]
    );
    let greeting = &lines[0].changes;
    assert_eq!(greeting.len(), 1);
    assert_eq!(greeting[0].field, "greeting");
    assert_eq!(greeting[0].to.as_deref(), Some("歡迎！"));
    assert!(lines.iter().all(|l| l.actor_name == boss.name));
    // A bot rule created, changed and deleted; the settings changed.
    let rule = RuleDraft::contains("營業時間", &["營業時間"], Reply::text("09:00–18:00"));
    let id = bot::save_rule_for(s, &boss, None, &rule, NOW)
        .await
        .unwrap()
        .unwrap();
    let changed = RuleDraft {
        keywords: vec!["營業時間".into(), "幾點開".into()],
        ..rule
    };
    bot::save_rule_for(s, &boss, Some(id), &changed, NOW)
        .await
        .unwrap()
        .unwrap();
    bot::delete_rule_for(s, &boss, id, NOW)
        .await
        .unwrap()
        .unwrap();
    let mut settings = s.bot_settings(ws).await.unwrap();
    settings.replies_per_hour = 3;
    bot::save_settings_for(s, &boss, &settings, NOW)
        .await
        .unwrap()
        .unwrap();
    let rules = s
        .audit(
            ws,
            &AuditFilter {
                kind: Some(ObjectKind::BotRule),
                ..AuditFilter::default()
            },
            100,
        )
        .await
        .unwrap()
        .rows;
    let actions: Vec<Action> = rules.iter().map(|l| l.action).collect();
    assert_eq!(
        actions,
        vec![Action::Deleted, Action::Changed, Action::Created]
    );
    assert_eq!(rules[1].changes.len(), 1);
    assert_eq!(rules[1].changes[0].field, "keywords");
    assert_eq!(rules[1].changes[0].from.as_deref(), Some("營業時間"));
    assert_eq!(rules[1].changes[0].to.as_deref(), Some("營業時間、幾點開"));
    let settings_lines = audit_of(s, ws, ObjectKind::BotSettings).await;
    assert_eq!(settings_lines.len(), 1);
    // Filtered by who: the supervisor's lines only.
    let mine = s
        .audit(
            ws,
            &AuditFilter {
                actor: Some(boss.member_id),
                ..AuditFilter::default()
            },
            100,
        )
        .await
        .unwrap();
    assert_eq!(mine.rows.len(), 5 + 3 + 1);
    // Pages follow on.
    let first = s.audit(ws, &AuditFilter::default(), 4).await.unwrap();
    let next = s
        .audit(
            ws,
            &AuditFilter {
                before: first.next,
                ..AuditFilter::default()
            },
            4,
        )
        .await
        .unwrap();
    assert!(next.rows.iter().all(|r| r.id < first.rows[3].id));
}

engine_test!(tags_from_before_get_their_keys_once);
async fn tags_from_before_get_their_keys_once(db: TestDb) {
    let s = &db.store;
    let ws = s.import(&demo::dataset(NOW, &demo_hash())).await.unwrap();
    // Tags as they were before their key: two that compare equal.
    db.raw(
        "insert into tags (workspace_id, name, created_at) values ($1, 'ＶＩＰ2', 0)",
        &[ws.get()],
    )
    .await;
    db.raw(
        "insert into tags (workspace_id, name, created_at) values ($1, 'vip2', 0)",
        &[ws.get()],
    )
    .await;
    assert_eq!(s.fill_tag_keys().await.unwrap(), 2);
    assert_eq!(s.fill_tag_keys().await.unwrap(), 0);
    let keys = db
        .texts("select name_key from tags where name in ('ＶＩＰ2', 'vip2') order by id")
        .await;
    assert_eq!(keys[0], "vip2");
    assert!(keys[1].starts_with("vip2#"), "{keys:?}");
    // Either spelling is now that tag for a new name.
    let boss = as_member(s, "admin@demo.test").await;
    assert!(matches!(
        structure::save_tag(s, &boss, None, "Vip2", "red", NOW).await,
        Err(ServiceError::Team(TeamProblem::NameTaken))
    ));
}
