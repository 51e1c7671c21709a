//! The live inbox's two server functions through the real router, for every role, a member of
//! another workspace and nobody: `presence` answers only for a conversation the member may
//! open (anything else, in this workspace or another, is "not found" alike, and says nothing
//! to anyone), and `set_alerts` changes only the caller's own switch.

use crate::common::{app, as_member, session_cookie, App};
use crate::permissions::{import_other_workspace, outcome, Outcome, LOGINS};
use http::StatusCode;
use omni_inbox::domain::ConversationId;
use omni_inbox::server::service::conversation::visible;

const ORIGIN: &str = "http://127.0.0.1:3000";

async fn sign_in(app: &App, login: &str) -> String {
    session_cookie(&app.login(login, "demo1234").await)
}

async fn ids(app: &App, workspace: i64) -> Vec<i64> {
    let n = app
        .db
        .scalar(&format!(
            "select count(*) from conversations where workspace_id = {workspace}"
        ))
        .await;
    let first = app
        .db
        .scalar(&format!(
            "select min(id) from conversations where workspace_id = {workspace}"
        ))
        .await;
    // Spread over the workspace, 50 at most (a member may say only so much a minute): each
    // role sees some and misses others.
    let step = (n / 50).max(1) as usize;
    (first..first + n).step_by(step).take(50).collect()
}

#[tokio::test]
async fn presence_answers_only_for_what_the_member_may_open() {
    let app = app().await;
    let s = &app.db.store;
    let other = import_other_workspace(s).await;
    let ws = as_member(s, "admin@demo.test").await.workspace_id;
    let mine = ids(&app, ws.get()).await;
    let theirs = ids(&app, other.get()).await;
    assert!(!mine.is_empty() && !theirs.is_empty());
    for login in LOGINS {
        let who = as_member(s, login).await;
        let cookie = sign_in(&app, login).await;
        let (mut seen, mut hidden) = (0, 0);
        for id in mine.iter().chain(&theirs) {
            let may = visible(s, &who, ConversationId(*id)).await.is_ok();
            let r = app
                .post(
                    "/api/presence",
                    &format!("id={id}&viewing=true&typing=false"),
                    Some(&cookie),
                    Some(ORIGIN),
                )
                .await;
            let got = outcome(r.status, &r.body);
            assert_eq!(
                got,
                if may { Outcome::Ok } else { Outcome::NotFound },
                "{login} {id}"
            );
            if may {
                seen += 1;
                assert!(
                    r.body.contains(&who.name),
                    "{login} is among the viewers: {}",
                    r.body
                );
            } else {
                hidden += 1;
            }
        }
        assert!(seen > 0, "{login} sees some");
        assert!(
            hidden >= theirs.len(),
            "{login} never sees another workspace's"
        );
    }
    // Nobody signed in.
    let r = app
        .post(
            "/api/presence",
            &format!("id={}&viewing=true&typing=true", mine[0]),
            None,
            Some(ORIGIN),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

async fn alerts_on(app: &App) -> i64 {
    app.db
        .scalar("select count(*) from members where alerts")
        .await
}

#[tokio::test]
async fn set_alerts_changes_only_the_callers_switch() {
    let app = app().await;
    let s = &app.db.store;
    import_other_workspace(s).await;
    assert_eq!(alerts_on(&app).await, 0);
    for (n, login) in LOGINS.iter().enumerate() {
        let who = as_member(s, login).await;
        let cookie = sign_in(&app, login).await;
        let r = app
            .post("/api/set_alerts", "on=true", Some(&cookie), Some(ORIGIN))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{login}: {}", r.body);
        let on = app
            .db
            .scalar(&format!(
                "select count(*) from members where alerts and id = {}",
                who.member_id.get()
            ))
            .await;
        assert_eq!(on, 1, "{login}");
        assert_eq!(
            alerts_on(&app).await,
            n as i64 + 1,
            "only {login}'s own switch moved"
        );
    }
    let admin = sign_in(&app, "admin@demo.test").await;
    let r = app
        .post("/api/set_alerts", "on=false", Some(&admin), Some(ORIGIN))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(alerts_on(&app).await, LOGINS.len() as i64 - 1);
    let r = app
        .post("/api/set_alerts", "on=true", None, Some(ORIGIN))
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(alerts_on(&app).await, LOGINS.len() as i64 - 1);
}

#[tokio::test]
async fn a_burst_of_presence_is_refused_before_any_work_for_that_member_only() {
    let app = app().await;
    let s = &app.db.store;
    let ws = as_member(s, "admin@demo.test").await.workspace_id;
    let id = ids(&app, ws.get()).await[0];
    let body = format!("id={id}&viewing=true&typing=true");
    let admin = sign_in(&app, "admin@demo.test").await;
    let per_minute = omni_inbox::server::live::presence::SAID_PER_MINUTE;
    for _ in 0..per_minute {
        let r = app
            .post("/api/presence", &body, Some(&admin), Some(ORIGIN))
            .await;
        assert_eq!(r.status, StatusCode::OK);
    }
    let r = app
        .post("/api/presence", &body, Some(&admin), Some(ORIGIN))
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    // A colleague is not held back by it.
    let supervisor = sign_in(&app, "supervisor@demo.test").await;
    let r = app
        .post("/api/presence", &body, Some(&supervisor), Some(ORIGIN))
        .await;
    assert_eq!(r.status, StatusCode::OK);
}
