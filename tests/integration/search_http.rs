//! Search's two server functions through the real router, for every role, a member of another
//! workspace and nobody: each member gets exactly the service's answer for them (their scope,
//! never another workspace's conversation or tag), nobody gets 401, a request from another
//! site is refused, and an oversized query is refused in words before any work.

use crate::common::{app, as_member, session_cookie, App};
use crate::permissions::{import_other_workspace, LOGINS};
use http::StatusCode;
use omni_inbox::server::service;
use omni_inbox::wire::{SearchOptions, SearchPage, SearchRequest};
use serde_json::json;

async fn sign_in(app: &App, login: &str) -> String {
    session_cookie(&app.login(login, "demo1234").await)
}

fn request(text: &str) -> serde_json::Value {
    json!({ "request": { "text": text }, "after": null })
}

#[tokio::test]
async fn each_member_gets_what_the_service_finds_for_them() {
    let app = app().await;
    let s = &app.db.store;
    import_other_workspace(s).await;
    let mut seen_any = false;
    for login in LOGINS.into_iter().chain(["other.admin@demo.test"]) {
        let who = as_member(s, login).await;
        let cookie = sign_in(&app, login).await;
        for text in ["您好", "王", "訂單 謝謝"] {
            let r = app.post_json("/api/search", &request(text), &cookie).await;
            assert_eq!(r.status, StatusCode::OK, "{login} {text}: {}", r.body);
            let got: SearchPage = serde_json::from_str(&r.body).unwrap();
            let want = service::search::page(
                s,
                &who,
                &SearchRequest {
                    text: text.into(),
                    ..Default::default()
                },
                None,
            )
            .await
            .unwrap();
            assert_eq!(got, want, "{login} {text}");
            for h in &got.hits {
                let row = s
                    .conversation(who.workspace_id, h.row.id, Some(who.member_id))
                    .await
                    .unwrap();
                assert!(
                    row.is_some(),
                    "{login} got another workspace's {:?}",
                    h.row.id
                );
                assert!(service::conversation::visible(s, &who, h.row.id)
                    .await
                    .is_ok());
            }
            seen_any |= !got.hits.is_empty();
            // The next page, through its cursor.
            if let Some(next) = got.next {
                let body = json!({ "request": { "text": text }, "after": next });
                let r = app.post_json("/api/search", &body, &cookie).await;
                let more: SearchPage = serde_json::from_str(&r.body).unwrap();
                assert!(more
                    .hits
                    .iter()
                    .all(|h| !got.hits.iter().any(|g| g.row.id == h.row.id)));
            }
        }
        // The filter panel offers only the member's own workspace.
        let r = app
            .post(
                "/api/search_options",
                "",
                Some(&cookie),
                Some("http://127.0.0.1:3000"),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let options: SearchOptions = serde_json::from_str(&r.body).unwrap();
        let want = service::search::options(s, &who).await.unwrap();
        assert_eq!(options, want);
        let members = s.team(who.workspace_id, 0).await.unwrap();
        assert!(options
            .members
            .iter()
            .all(|m| members.iter().any(|t| t.id == m.0)));
    }
    assert!(seen_any);
}

#[tokio::test]
async fn nobody_and_other_sites_are_refused_and_oversized_queries_cost_nothing() {
    let app = app().await;
    let r = app
        .send(crate::common::post_request(
            "application/json",
            "/api/search",
            &request("您好").to_string(),
            None,
            Some("http://127.0.0.1:3000"),
        ))
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    let r = app
        .post(
            "/api/search_options",
            "",
            None,
            Some("http://127.0.0.1:3000"),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);

    let cookie = sign_in(&app, "agent@demo.test").await;
    let r = app
        .send(crate::common::post_request(
            "application/json",
            "/api/search",
            &request("您好").to_string(),
            Some(&cookie),
            Some("https://evil.example"),
        ))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);

    let r = app
        .post_json("/api/search", &request(&"退".repeat(201)), &cookie)
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("200"), "{}", r.body);
    let many: Vec<i64> = (1..=21).collect();
    let body = json!({ "request": { "tags": many }, "after": null });
    let r = app.post_json("/api/search", &body, &cookie).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
}
