//! Availability and load (issue 16), on every engine: the status a member sets is what
//! colleagues see while the member has a session and offline after it; their load is their
//! conversations in progress (the counters, equal to the Team view narrowed to them); a
//! capacity is an admin's to set within 1–500; the pane, a single transfer and a batch's
//! preview warn before a change takes someone past it. Through the real router: the status,
//! the team list and the Team views' owner filter.

use crate::common::{
    app, as_member, demo_hash, engine_test, json, list_query, session_cookie, TestDb, NOW,
};
use http::StatusCode;
use omni_inbox::domain::availability::{Load, OverCapacity, Presence};
use omni_inbox::domain::batch::{BatchAction, Picked};
use omni_inbox::domain::team::{MemberDraft, TeamProblem};
use omni_inbox::domain::MemberId;
use omni_inbox::server::db::{SessionMember, Store};
use omni_inbox::server::demo;
use omni_inbox::server::service::batch::{preview, BatchRequest};
use omni_inbox::server::service::conversation::{act, open, Act};
use omni_inbox::server::service::{account, members, team, ServiceError};
use omni_inbox::wire::{ConversationRow, TeamMember, View};

async fn seen(s: &Store, by: &SessionMember, who: MemberId, now: i64) -> TeamMember {
    team::members(s, by, now)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.id == who)
        .expect("listed")
}

async fn team_rows(s: &Store, by: &SessionMember, owner: Option<MemberId>) -> Vec<ConversationRow> {
    let mut q = list_query(by, View::TeamOpen, 500);
    q.owner = owner;
    s.list_conversations(&q).await.unwrap().rows
}

async fn set_capacity(
    s: &Store,
    boss: &SessionMember,
    id: MemberId,
    capacity: Option<i64>,
) -> Result<(), ServiceError> {
    let row = s.member_row(boss.workspace_id, id).await.unwrap().unwrap();
    let draft = MemberDraft {
        name: row.name,
        email: row.email,
        role: row.role,
        region: row.region.map(|r| r.0),
        branch: row.branch.map(|b| b.0),
        lang: row.lang,
        capacity,
    };
    members::edit(s, boss, id, &draft, NOW).await.map(|_| ())
}

/// The token hash of a session of `member`'s (the tests' sessions store it as given).
async fn agent_token(db: &TestDb, member: MemberId) -> String {
    let sql = format!(
        "select token_hash from sessions where member_id = {} order by created_at limit 1",
        member.get()
    );
    db.texts(&sql).await.remove(0)
}

engine_test!(status_load_and_capacity_warnings);
async fn status_load_and_capacity_warnings(db: TestDb) {
    let s = &db.store;
    s.import(&demo::dataset(NOW, &demo_hash())).await.unwrap();
    let boss = as_member(s, "supervisor@demo.test").await;
    let agent = as_member(s, "agent@demo.test").await;

    // The status: as set while signed in; offline once the session has ended; offline for a
    // member who never signed in, whatever they set.
    assert_eq!(
        seen(s, &boss, agent.member_id, NOW).await.presence,
        Presence::Online
    );
    account::set_presence(s, &agent, Presence::Away)
        .await
        .unwrap();
    assert_eq!(
        seen(s, &boss, agent.member_id, NOW).await.presence,
        Presence::Away
    );
    // A session not in use for a while (a closed laptop): offline within PRESENT_WITHIN, and
    // back as set once a page of theirs is in touch again.
    let within = omni_inbox::domain::availability::PRESENT_WITHIN;
    assert_eq!(
        seen(s, &boss, agent.member_id, NOW + within - 1)
            .await
            .presence,
        Presence::Away
    );
    assert_eq!(
        seen(s, &boss, agent.member_id, NOW + within).await.presence,
        Presence::Offline
    );
    let later = NOW + within + 60_000;
    let token = agent_token(&db, agent.member_id).await;
    s.touch_session(&token, later, later + 900_000)
        .await
        .unwrap();
    assert_eq!(
        seen(s, &boss, agent.member_id, later).await.presence,
        Presence::Away
    );
    let after_sessions = later + 2_000_000;
    assert_eq!(
        seen(s, &boss, agent.member_id, after_sessions)
            .await
            .presence,
        Presence::Offline
    );
    let never = s
        .login_record("agent3@demo.test")
        .await
        .unwrap()
        .unwrap()
        .member_id;
    assert_eq!(seen(s, &boss, never, NOW).await.presence, Presence::Offline);
    // Remembered: a new session shows it again.
    let again = as_member(s, "agent@demo.test").await;
    assert_eq!(again.presence, Presence::Away);

    // The load is what the Team view narrowed to the member lists.
    let theirs = team_rows(s, &boss, Some(agent.member_id)).await;
    assert!(!theirs.is_empty(), "the demo gives the agent conversations");
    assert!(theirs
        .iter()
        .all(|r| r.members.first().map(|m| m.id) == Some(agent.member_id)));
    let load = seen(s, &boss, agent.member_id, NOW).await.load;
    assert_eq!(load.in_progress, theirs.len() as i64);
    assert_eq!(load.capacity, None);
    let everyone = team_rows(s, &boss, None).await;
    assert!(everyone.len() > theirs.len());
    // Not a Team view: the owner filter does nothing; my own conversations are not the team's.
    let mut pending = list_query(&boss, View::PendingHuman, 500);
    let all_pending = s.list_conversations(&pending).await.unwrap().rows;
    pending.owner = Some(agent.member_id);
    assert_eq!(
        s.list_conversations(&pending).await.unwrap().rows,
        all_pending
    );
    assert!(team_rows(s, &boss, Some(boss.member_id)).await.is_empty());

    // A capacity: 1–500, or none.
    for bad in [0, -3, 501] {
        let r = set_capacity(s, &boss, agent.member_id, Some(bad)).await;
        assert!(
            matches!(r, Err(ServiceError::Team(TeamProblem::Capacity))),
            "{bad}: {r:?}"
        );
    }
    let full = load.in_progress;
    set_capacity(s, &boss, agent.member_id, Some(full))
        .await
        .unwrap();
    let now_load = seen(s, &boss, agent.member_id, NOW).await.load;
    assert_eq!(
        now_load,
        Load {
            in_progress: full,
            capacity: Some(full)
        }
    );
    assert!(now_load.full());
    // A single transfer's warning, as the dialog words it.
    let warn = OverCapacity::check(&agent.name, now_load, 1).expect("one more goes past");
    assert_eq!(warn.after(), full + 1);

    // The pane warns the agent before following up a pending conversation.
    let row = all_pending[0].clone();
    let detail = open(s, &agent, row.id, NOW).await.unwrap();
    assert_eq!(detail.my_load, Some(now_load));
    // Nothing to follow up (their own, in progress): no load read.
    let own = &theirs[0];
    assert_eq!(open(s, &agent, own.id, NOW).await.unwrap().my_load, None);

    // A batch transfer's preview says who would go over, and by how many.
    let mine: Vec<Picked> = all_pending[..2]
        .iter()
        .map(|r| Picked {
            id: r.id,
            version: r.version,
        })
        .collect();
    let mut followed = Vec::new();
    for p in &mine {
        act(s, &boss, p.id, p.version, Act::FollowUp, NOW)
            .await
            .unwrap();
        let v = open(s, &boss, p.id, NOW).await.unwrap().version;
        followed.push(Picked {
            id: p.id,
            version: v,
        });
    }
    let transfer = BatchRequest {
        action: BatchAction::Transfer,
        to: Some(agent.member_id),
        selected: followed.clone(),
    };
    let report = preview(s, &boss, &transfer).await.unwrap();
    let over = report.over_capacity.expect("the preview warns");
    assert_eq!(over.name, agent.name);
    assert_eq!((over.load, over.adding), (now_load, 2));
    // The agent following up one more pending conversation in a batch: warned too.
    let follow = BatchRequest {
        action: BatchAction::FollowUp,
        to: None,
        selected: vec![Picked {
            id: all_pending[2].id,
            version: all_pending[2].version,
        }],
    };
    let report = preview(s, &agent, &follow).await.unwrap();
    assert_eq!(report.over_capacity.map(|o| o.adding), Some(1));
    // Without a capacity, or with room left: no warning.
    set_capacity(s, &boss, agent.member_id, Some(full + 2))
        .await
        .unwrap();
    assert_eq!(
        preview(s, &boss, &transfer).await.unwrap().over_capacity,
        None
    );
    set_capacity(s, &boss, agent.member_id, None).await.unwrap();
    assert_eq!(
        preview(s, &agent, &follow).await.unwrap().over_capacity,
        None
    );
    // A warning, not a refusal: the preview still plans every conversation.
    set_capacity(s, &boss, agent.member_id, Some(1))
        .await
        .unwrap();
    let report = preview(s, &boss, &transfer).await.unwrap();
    assert_eq!(report.succeeded(), 2);
    assert!(report.over_capacity.is_some());
}

#[tokio::test]
async fn status_team_list_and_owner_filter_over_http() {
    let app = app().await;
    let origin = Some("http://127.0.0.1:3000");
    let agent = session_cookie(&app.login("agent@demo.test", "demo1234").await);
    let boss = session_cookie(&app.login("supervisor@demo.test", "demo1234").await);
    let s = &app.db.store;
    let agent_id = as_member(s, "agent@demo.test").await.member_id;

    let r = app
        .post("/api/set_presence", "presence=Away", Some(&agent), origin)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .post("/api/set_presence", "presence=Busy", Some(&agent), origin)
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    // Another member's status is never theirs to set: the call only ever names the caller.
    let r = app
        .post("/api/set_presence", "presence=Online", None, origin)
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);

    let r = app.post("/api/team_members", "", Some(&boss), origin).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let team = json(&r);
    let listed = team
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == agent_id.get())
        .expect("the agent is listed")
        .clone();
    assert_eq!(listed["presence"], "Away");
    let in_progress = listed["load"]["in_progress"].as_i64().unwrap();
    assert!(in_progress > 0);

    let r = app
        .post(
            "/api/conversations",
            &format!("view=team-open&member={}", agent_id.get()),
            Some(&boss),
            origin,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let rows = json(&r)["rows"].as_array().unwrap().clone();
    assert_eq!(rows.len() as i64, in_progress.min(25));
    assert!(rows
        .iter()
        .all(|row| row["members"][0]["id"] == agent_id.get()));
}

/// The day's new calls (status, auto-close, snooze) over HTTP: without a session 401; a role
/// that may not 403; another workspace's channel or conversation 404; the owner's own 200.
#[tokio::test]
async fn the_new_calls_refuse_who_they_must_over_http() {
    let app = app().await;
    let origin = Some("http://127.0.0.1:3000");
    let s = &app.db.store;
    let other_ws = crate::permissions::import_other_workspace(s).await;
    let other_channel = s.channels(other_ws).await.unwrap()[0].id;
    let other_boss = as_member(s, "other.supervisor@demo.test").await;
    let foreign = crate::permissions::sample(s, other_ws, other_boss.member_id).await[0];
    let boss = as_member(s, "supervisor@demo.test").await;
    let channel = s.channels(boss.workspace_id).await.unwrap()[0].id;
    // A conversation in progress that the supervisor owns.
    let row = s
        .list_conversations(&list_query(&boss, View::PendingHuman, 1))
        .await
        .unwrap()
        .rows
        .remove(0);
    omni_inbox::server::service::conversation::act(
        s,
        &boss,
        row.id,
        row.version,
        omni_inbox::server::service::conversation::Act::FollowUp,
        NOW,
    )
    .await
    .unwrap();
    let version = omni_inbox::server::service::conversation::open(s, &boss, row.id, NOW)
        .await
        .unwrap()
        .version;
    let until = omni_inbox::server::auth::now_millis() + 3_600_000;
    let (id, ch) = (row.id.get(), channel.get());
    let snooze = format!("id={id}&version={version}&until={until}");
    let calls = [
        ("/api/set_auto_close", format!("id={ch}&hours=24")),
        ("/api/snooze_conversation", snooze.clone()),
        ("/api/unsnooze_conversation", format!("id={id}")),
    ];
    for (path, body) in &calls {
        let r = app.post(path, body, None, origin).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path}: {}", r.body);
    }
    let agent = session_cookie(&app.login("agent@demo.test", "demo1234").await);
    let sup = session_cookie(&app.login("supervisor@demo.test", "demo1234").await);
    let cases = [
        // An agent sets no channel's auto-close, nor snoozes someone else's conversation.
        (
            &agent,
            "/api/set_auto_close",
            format!("id={ch}&hours=24"),
            StatusCode::FORBIDDEN,
        ),
        (
            &agent,
            "/api/snooze_conversation",
            snooze.clone(),
            StatusCode::FORBIDDEN,
        ),
        (
            &agent,
            "/api/unsnooze_conversation",
            format!("id={id}"),
            StatusCode::FORBIDDEN,
        ),
        // Another workspace's channel and conversation are not there.
        (
            &sup,
            "/api/set_auto_close",
            format!("id={}&hours=24", other_channel.get()),
            StatusCode::NOT_FOUND,
        ),
        (
            &sup,
            "/api/snooze_conversation",
            format!("id={}&version=1&until={until}", foreign.get()),
            StatusCode::NOT_FOUND,
        ),
        (
            &sup,
            "/api/unsnooze_conversation",
            format!("id={}", foreign.get()),
            StatusCode::NOT_FOUND,
        ),
        // Out of range: refused in words, nothing saved.
        (
            &sup,
            "/api/set_auto_close",
            format!("id={ch}&hours=0"),
            StatusCode::BAD_REQUEST,
        ),
        // The owner's own, and a supervisor's channel.
        (
            &sup,
            "/api/snooze_conversation",
            snooze.clone(),
            StatusCode::OK,
        ),
        (
            &sup,
            "/api/unsnooze_conversation",
            format!("id={id}"),
            StatusCode::OK,
        ),
        (
            &sup,
            "/api/set_auto_close",
            format!("id={ch}&hours=24"),
            StatusCode::OK,
        ),
    ];
    for (cookie, path, body, want) in cases {
        let r = app.post(path, &body, Some(cookie), origin).await;
        assert_eq!(r.status, want, "{path} {body}: {}", r.body);
    }
    // Nothing of the other workspace moved.
    let theirs = s.channel(other_ws, other_channel).await.unwrap().unwrap();
    assert_eq!(theirs.auto_close, None);
}
