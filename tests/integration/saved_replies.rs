//! Saved replies (issue 16): on every engine, each member's own kept apart from everyone
//! else's and the team's kept by the roles that may, shortcuts unique where they would clash,
//! uses counted, the team's changes in the audit log; through the real router, every function
//! × every role × another member's and another workspace's reply × nobody.

use crate::common::{app, as_member, demo_hash, engine_test, session_cookie, TestDb, NOW};
use crate::permissions::{import_other_workspace, LOGINS};
use http::StatusCode;
use omni_inbox::domain::permission::{role_may, Action};
use omni_inbox::domain::saved_reply::{Draft, Problem, Scope};
use omni_inbox::domain::team::audit::ObjectKind;
use omni_inbox::server::demo;
use omni_inbox::server::service::{saved_replies, ServiceError};
use omni_inbox::wire::AuditFilter;
use serde_json::json;

const ORIGIN: Option<&str> = Some("http://127.0.0.1:3000");

/// A file store none of these replies uses (they keep no file).
fn nowhere() -> std::path::PathBuf {
    std::env::temp_dir().join("omni-inbox-no-files")
}

fn draft(title: &str, shortcut: &str, text: &str) -> Draft {
    Draft {
        title: title.into(),
        shortcut: shortcut.into(),
        text: text.into(),
    }
}

engine_test!(own_and_team_replies_are_kept_apart_and_counted);
async fn own_and_team_replies_are_kept_apart_and_counted(db: TestDb) {
    let s = &db.store;
    s.import(&demo::dataset(NOW, &demo_hash())).await.unwrap();
    let boss = as_member(s, "csmanager@demo.test").await;
    let agent = as_member(s, "agent@demo.test").await;
    let agent2 = as_member(s, "agent2@demo.test").await;

    let team = saved_replies::save(
        s,
        &boss,
        Scope::Team,
        None,
        &draft(
            "營業時間",
            "/ＨＯＵＲＳ",
            "{customer.name} 您好，我們 9 點開門。",
        ),
        NOW,
    )
    .await
    .unwrap();
    let mine = saved_replies::save(
        s,
        &agent,
        Scope::Personal,
        None,
        &draft("我的招呼", "hi", "您好，我是 {member.name}。"),
        NOW,
    )
    .await
    .unwrap();
    // Everyone uses the team's; only the agent their own.
    let seen = |v: Vec<omni_inbox::domain::saved_reply::Choice>| {
        v.into_iter().map(|c| (c.id, c.scope)).collect::<Vec<_>>()
    };
    let agents = seen(saved_replies::list(s, &agent).await.unwrap());
    assert!(agents.contains(&(team, Scope::Team)) && agents.contains(&(mine, Scope::Personal)));
    assert_eq!(
        seen(saved_replies::list(s, &agent2).await.unwrap()),
        vec![(team, Scope::Team)]
    );
    // The shortcut is stored keyed.
    let listed = saved_replies::list(s, &agent2).await.unwrap();
    assert_eq!(listed[0].shortcut, "hours");

    // Shortcuts: a member's own may not hide the team's, nor repeat their own; another
    // member may have the same own shortcut.
    let taken = |r: Result<i64, ServiceError>| {
        matches!(r, Err(ServiceError::SavedReply(Problem::ShortcutTaken)))
    };
    let d = draft("x", "hours", "x");
    assert!(taken(
        saved_replies::save(s, &agent, Scope::Personal, None, &d, NOW).await
    ));
    let d = draft("x", "HI", "x");
    assert!(taken(
        saved_replies::save(s, &agent, Scope::Personal, None, &d, NOW).await
    ));
    saved_replies::save(s, &agent2, Scope::Personal, None, &d, NOW)
        .await
        .unwrap();
    let d = draft("x", "hours", "x");
    assert!(taken(
        saved_replies::save(s, &boss, Scope::Team, None, &d, NOW).await
    ));
    // A bad draft is refused before anything is written.
    let d = draft("x", "ok", "Hi {customer.nmae}");
    assert!(matches!(
        saved_replies::save(s, &agent, Scope::Personal, None, &d, NOW).await,
        Err(ServiceError::SavedReply(Problem::UnknownPlaceholder))
    ));

    // The team's are the managers' to change; nobody changes another member's own.
    let d = draft("改", "hours", "改過的內容");
    assert!(matches!(
        saved_replies::save(s, &agent, Scope::Team, Some(team), &d, NOW).await,
        Err(ServiceError::NotAllowed)
    ));
    assert!(matches!(
        saved_replies::save(s, &agent2, Scope::Personal, Some(mine), &d, NOW).await,
        Err(ServiceError::NotFound(_))
    ));
    assert!(matches!(
        saved_replies::delete(s, &nowhere(), &agent2, Scope::Personal, mine, NOW).await,
        Err(ServiceError::NotFound(_))
    ));
    // Asking for the team's with a personal id finds nothing either.
    assert!(matches!(
        saved_replies::save(s, &boss, Scope::Team, Some(mine), &d, NOW).await,
        Err(ServiceError::NotFound(_))
    ));
    saved_replies::save(s, &boss, Scope::Team, Some(team), &d, NOW)
        .await
        .unwrap();

    // Uses: of the team's and one's own; another's own is not there to count.
    saved_replies::used(s, &agent, team).await.unwrap();
    saved_replies::used(s, &agent2, team).await.unwrap();
    saved_replies::used(s, &agent, mine).await.unwrap();
    assert!(matches!(
        saved_replies::used(s, &agent2, mine).await,
        Err(ServiceError::NotFound(_))
    ));
    let uses = |id: i64, v: &[omni_inbox::domain::saved_reply::Choice]| {
        v.iter().find(|c| c.id == id).map(|c| c.uses)
    };
    let listed = saved_replies::list(s, &agent).await.unwrap();
    assert_eq!(uses(team, &listed), Some(2));
    assert_eq!(uses(mine, &listed), Some(1));
    assert_eq!(listed[0].id, team, "the most used first");

    // The team's changes are in the audit log, from → to; one's own are private.
    saved_replies::delete(s, &nowhere(), &agent, Scope::Personal, mine, NOW)
        .await
        .unwrap();
    saved_replies::delete(s, &nowhere(), &boss, Scope::Team, team, NOW)
        .await
        .unwrap();
    let filter = AuditFilter {
        kind: Some(ObjectKind::SavedReply),
        ..AuditFilter::default()
    };
    let lines = s.audit(boss.workspace_id, &filter, 10).await.unwrap().rows;
    let actions: Vec<&str> = lines.iter().map(|l| l.action.as_str()).collect();
    assert_eq!(actions, ["deleted", "changed", "created"]);
    let changed = &lines[1].changes;
    assert!(changed.iter().any(|c| c.field == "title"
        && c.from.as_deref() == Some("營業時間")
        && c.to.as_deref() == Some("改")));
    assert!(lines.iter().all(|l| l.object_name != "我的招呼"));
}

#[tokio::test]
async fn every_saved_reply_function_answers_its_roles_and_only_their_replies() {
    let app = app().await;
    let s = &app.db.store;
    let other = import_other_workspace(s).await;
    let other_admin = as_member(s, "other.admin@demo.test").await;
    assert_eq!(other_admin.workspace_id, other);
    let theirs = saved_replies::save(
        s,
        &other_admin,
        Scope::Team,
        None,
        &draft("別家的", "other", "x"),
        NOW,
    )
    .await
    .unwrap();
    let boss = as_member(s, "admin@demo.test").await;
    let team = saved_replies::save(
        s,
        &boss,
        Scope::Team,
        None,
        &draft("團隊", "team", "t"),
        NOW,
    )
    .await
    .unwrap();
    let admins_own = saved_replies::save(
        s,
        &boss,
        Scope::Personal,
        None,
        &draft("管理員自己的", "mine", "m"),
        NOW,
    )
    .await
    .unwrap();

    for (i, login) in LOGINS.into_iter().enumerate() {
        let who = as_member(s, login).await;
        let cookie = session_cookie(&app.login(login, "demo1234").await);
        let c = Some(cookie.as_str());
        let manages = role_may(who.role, Action::ManageSavedReplies);

        // The list: the team's and one's own, never another workspace's or member's.
        let r = app.post("/api/saved_replies", "", c, ORIGIN).await;
        assert_eq!(r.status, StatusCode::OK, "{login}: {}", r.body);
        assert!(r.body.contains("\"team\""), "{login}");
        assert!(!r.body.contains("別家的"), "{login}");
        assert_eq!(r.body.contains("管理員自己的"), i == 0, "{login}");

        // One's own: everyone.
        let save = |scope: &str, id: Option<i64>, shortcut: String| json!({ "scope": scope, "id": id, "draft": { "title": "t", "shortcut": shortcut, "text": "x" } });
        let r = app
            .post_json(
                "/api/save_saved_reply",
                &save("personal", None, format!("own{i}")),
                &cookie,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{login}: {}", r.body);
        let own: i64 = r.body.trim().parse().unwrap();
        // The team's: the roles that keep them.
        let r = app
            .post_json(
                "/api/save_saved_reply",
                &save("team", None, format!("team{i}")),
                &cookie,
            )
            .await;
        let want = if manages {
            StatusCode::OK
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(r.status, want, "{login}: {}", r.body);
        let r = app
            .post_json(
                "/api/save_saved_reply",
                &save("team", Some(team), "team".into()),
                &cookie,
            )
            .await;
        assert_eq!(r.status, want, "{login}: {}", r.body);
        // Another member's own and another workspace's: not found, whatever the role.
        for (scope, id) in [("personal", admins_own), ("team", theirs)] {
            if (scope, i) == ("personal", 0) {
                continue;
            }
            let r = app
                .post_json(
                    "/api/save_saved_reply",
                    &save(scope, Some(id), "zz".into()),
                    &cookie,
                )
                .await;
            let refused = if scope == "team" && !manages {
                StatusCode::FORBIDDEN
            } else {
                StatusCode::NOT_FOUND
            };
            assert_eq!(r.status, refused, "{login} {scope} {id}: {}", r.body);
            let body = format!("scope={scope}&id={id}");
            let r = app.post("/api/delete_saved_reply", &body, c, ORIGIN).await;
            assert_eq!(r.status, refused, "{login} {scope} {id}: {}", r.body);
        }
        let r = app
            .post("/api/used_saved_reply", &format!("id={theirs}"), c, ORIGIN)
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{login}");
        if i != 0 {
            let r = app
                .post(
                    "/api/used_saved_reply",
                    &format!("id={admins_own}"),
                    c,
                    ORIGIN,
                )
                .await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{login}");
        }
        // Used, then deleted: one's own.
        let r = app
            .post("/api/used_saved_reply", &format!("id={team}"), c, ORIGIN)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{login}");
        let body = format!("scope=personal&id={own}");
        let r = app.post("/api/delete_saved_reply", &body, c, ORIGIN).await;
        assert_eq!(r.status, StatusCode::OK, "{login}: {}", r.body);
        // A refused draft names its field.
        let bad = json!({ "scope": "personal", "id": null, "draft": { "title": "", "shortcut": "a", "text": "x" } });
        let r = app.post_json("/api/save_saved_reply", &bad, &cookie).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{login}: {}", r.body);
        assert!(r.body.contains("title"), "{login}: {}", r.body);
    }
    // Nothing of the other workspace changed; the admin's own is still theirs alone.
    let other_list = saved_replies::list(s, &other_admin).await.unwrap();
    assert_eq!(other_list.len(), 1);
    assert_eq!(other_list[0].title, "別家的");
    assert_eq!(other_list[0].uses, 0);
    let admins = saved_replies::list(s, &boss).await.unwrap();
    let kept = admins.iter().find(|c| c.id == admins_own).unwrap();
    assert_eq!((kept.title.as_str(), kept.uses), ("管理員自己的", 0));
    assert_eq!(admins.iter().find(|c| c.id == team).unwrap().uses, 6);

    // Nobody signed in.
    for (path, body) in [
        ("/api/saved_replies", String::new()),
        ("/api/used_saved_reply", format!("id={team}")),
        ("/api/delete_saved_reply", format!("scope=team&id={team}")),
    ] {
        let r = app.post(path, &body, None, ORIGIN).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path}");
    }
    app.db.drop().await;
}
