//! The HTTP surface through the real router (`omni_inbox::startup::router`), driven with
//! `tower::ServiceExt::oneshot`: health, login and sessions, CSRF, throttling, and that every
//! server function but login needs a session.

use crate::common::{app, app_with_demo, get_request, json, session_cookie, Reply};
use http::{header, StatusCode};

#[tokio::test]
async fn health_answers_when_the_database_does() {
    let app = app().await;
    let r = app.get("/healthz", None).await;
    assert_eq!((r.status, r.body.as_str()), (StatusCode::OK, "ok"));
    app.db.drop().await;
}

#[tokio::test]
async fn login_session_and_logout() {
    let app = app().await;
    let r = app.login("Agent@Demo.test", "demo1234").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(!session_cookie(&r).ends_with('='));
    let cookie = session_cookie(&r);
    // The session knows who we are and works for the inbox functions.
    let me = app.post("/api/session", "", Some(&cookie), None).await;
    assert!(
        me.body.contains("\"email\":\"agent@demo.test\""),
        "{}",
        me.body
    );
    let nav = app.post("/api/inbox_nav", "", Some(&cookie), None).await;
    assert_eq!(nav.status, StatusCode::OK, "{}", nav.body);
    assert!(nav.body.contains("pending_human"));
    let list = app
        .post(
            "/api/conversations",
            "view=pending-human",
            Some(&cookie),
            None,
        )
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert!(list.body.contains("\"rows\":[{"));
    // The inbox page renders for the member, and sends strangers to the login page.
    let page = app.get("/inbox/pending-human", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("role=\"list\""));
    let stranger = app.get("/inbox/pending-human", None).await;
    assert_eq!(stranger.status, StatusCode::FOUND);
    assert_eq!(stranger.headers.get(header::LOCATION).unwrap(), "/login");
    // Logout ends the session on the server: the old cookie no longer works.
    let out = app
        .post(
            "/api/logout",
            "",
            Some(&cookie),
            Some("http://127.0.0.1:3000"),
        )
        .await;
    assert!(out
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|v| v.to_str().unwrap().contains("Max-Age=0")));
    let after = app.post("/api/inbox_nav", "", Some(&cookie), None).await;
    assert!(after.body.contains("Unauthenticated"), "{}", after.body);
    app.db.drop().await;
}

#[tokio::test]
async fn every_server_function_but_login_needs_a_session() {
    let app = app().await;
    for (path, form) in [
        ("/api/inbox_nav", ""),
        ("/api/conversations", "view=pending-human"),
        ("/api/conversations", "view=closed"),
        ("/api/mark_read", "id=1"),
        ("/api/open_conversation", "id=1"),
        (
            "/api/change_password",
            "current=demo1234&new=abcdefgh1&confirm=abcdefgh1",
        ),
    ] {
        let r = app.post(path, form, None, None).await;
        assert!(r.body.contains("Unauthenticated"), "{path}: {}", r.body);
        let forged = app
            .post(path, form, Some("inbox_session=forged"), None)
            .await;
        assert!(
            forged.body.contains("Unauthenticated"),
            "{path}: {}",
            forged.body
        );
    }
    app.db.drop().await;
}

#[tokio::test]
async fn wrong_passwords_get_a_clear_message_then_a_lock() {
    let app = app().await;
    let r = app.login("agent@demo.test", "wrong").await;
    assert!(r.body.contains("電子郵件或密碼不正確"), "{}", r.body);
    assert!(r.headers.get(header::SET_COOKIE).is_none());
    let unknown = app.login("nobody@demo.test", "wrong").await;
    assert_eq!(
        unknown.body, r.body,
        "unknown accounts look the same as wrong passwords"
    );
    for _ in 0..4 {
        app.login("agent@demo.test", "wrong").await;
    }
    // Five failures lock the account for a while, even with the right password now.
    let locked = app.login("agent@demo.test", "demo1234").await;
    assert!(
        locked.body.contains("TooManyAttempts") && locked.body.contains("分鐘"),
        "{}",
        locked.body
    );
    // Other accounts are not affected.
    assert_eq!(
        app.login("agent2@demo.test", "demo1234").await.status,
        StatusCode::OK
    );
    app.db.drop().await;
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    let app = app().await;
    let r = app
        .post(
            "/api/login",
            "email=agent@demo.test&password=demo1234",
            None,
            Some("https://evil.example"),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.headers.get(header::SET_COOKIE).is_none());
    let ok = app.login("agent@demo.test", "demo1234").await;
    let cookie = session_cookie(&ok);
    let r = app
        .post(
            "/api/logout",
            "",
            Some(&cookie),
            Some("https://evil.example"),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let still = app.post("/api/session", "", Some(&cookie), None).await;
    assert!(
        still.body.contains("agent@demo.test"),
        "the cross-site logout changed nothing"
    );
    app.db.drop().await;
}

#[tokio::test]
async fn the_language_is_remembered_per_member() {
    let app = app().await;
    let cookie = session_cookie(&app.login("agent@demo.test", "demo1234").await);
    let r = app
        .post(
            "/api/set_lang",
            "lang=en",
            Some(&cookie),
            Some("http://127.0.0.1:3000"),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let again = session_cookie(&app.login("agent@demo.test", "demo1234").await);
    let me = app.post("/api/session", "", Some(&again), None).await;
    assert!(me.body.contains("\"lang\":\"En\""), "{}", me.body);
    let bad = app
        .post(
            "/api/set_lang",
            "lang=fr",
            Some(&cookie),
            Some("http://127.0.0.1:3000"),
        )
        .await;
    assert!(bad.body.contains("Invalid"), "{}", bad.body);
    app.db.drop().await;
}

/// The document's language is the member's (screen readers, fonts and the browser's
/// translation offer follow `<html lang>`), and a visitor's before sign-in.
#[tokio::test]
async fn the_page_language_is_the_members() {
    let app = app().await;
    let html_lang = |body: &str| {
        body.split("<html")
            .nth(1)
            .and_then(|rest| rest.split('>').next())
            .unwrap_or_default()
            .to_owned()
    };
    let zh = session_cookie(&app.login("agent@demo.test", "demo1234").await);
    let page = app.get("/inbox/pending-human", Some(&zh)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        html_lang(&page.body).contains(r#"lang="zh-TW""#),
        "{}",
        html_lang(&page.body)
    );
    let en = session_cookie(&app.login("agent2@demo.test", "demo1234").await);
    for path in ["/inbox/pending-human", "/account"] {
        let page = app.get(path, Some(&en)).await;
        assert!(
            html_lang(&page.body).contains(r#"lang="en""#),
            "{path}: {}",
            html_lang(&page.body)
        );
    }
    let mut login = get_request("/login", None);
    login
        .headers_mut()
        .insert(header::ACCEPT_LANGUAGE, "en-US,en;q=0.9".parse().unwrap());
    let login = app.send(login).await;
    assert!(
        html_lang(&login.body).contains(r#"lang="en""#),
        "{}",
        html_lang(&login.body)
    );
    app.db.drop().await;
}

#[tokio::test]
async fn a_password_change_ends_the_other_sessions() {
    let app = app().await;
    let here = session_cookie(&app.login("agent@demo.test", "demo1234").await);
    let elsewhere = session_cookie(&app.login("agent@demo.test", "demo1234").await);
    let origin = Some("http://127.0.0.1:3000");
    let change = |form: &'static str| app.post("/api/change_password", form, Some(&here), origin);
    let r = change("current=wrong-one&new=brand-new-pw&confirm=brand-new-pw").await;
    assert!(r.body.contains("目前密碼不正確"), "{}", r.body);
    let r = change("current=demo1234&new=short&confirm=short").await;
    assert!(r.body.contains("至少需要 8 個字元"), "{}", r.body);
    let r = change("current=demo1234&new=brand-new-pw&confirm=other-new-pw").await;
    assert!(r.body.contains("不一致"), "{}", r.body);
    let r = change("current=demo1234&new=brand-new-pw&confirm=brand-new-pw").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // This session goes on; the other one ended at once; the new password works, the old not.
    assert!(app
        .post("/api/session", "", Some(&here), None)
        .await
        .body
        .contains("agent@demo.test"));
    assert!(!app
        .post("/api/session", "", Some(&elsewhere), None)
        .await
        .body
        .contains("agent@demo.test"));
    assert_eq!(
        app.login("agent@demo.test", "brand-new-pw").await.status,
        StatusCode::OK
    );
    assert!(app
        .login("agent@demo.test", "demo1234")
        .await
        .body
        .contains("不正確"));
    app.db.drop().await;
}

#[tokio::test]
async fn deactivating_a_member_ends_their_sessions_and_keeps_them_out() {
    let app = app().await;
    let origin = Some("http://127.0.0.1:3000");
    let admin = session_cookie(&app.login("admin@demo.test", "demo1234").await);
    let agent = session_cookie(&app.login("agent2@demo.test", "demo1234").await);
    let me = app.post("/api/session", "", Some(&agent), None).await.body;
    let agent_id: i64 = me
        .split("\"member_id\":")
        .nth(1)
        .and_then(|s| s.split(',').next())
        .unwrap()
        .parse()
        .unwrap();
    // An agent may not manage members; a foreign id is simply not found.
    let r = app
        .post(
            "/api/set_member_active",
            &format!("member_id={agent_id}&active=false"),
            Some(&agent),
            origin,
        )
        .await;
    assert!(r.body.contains("Forbidden"), "{}", r.body);
    let r = app
        .post(
            "/api/set_member_active",
            "member_id=999999&active=false",
            Some(&admin),
            origin,
        )
        .await;
    assert!(r.body.contains("NotFound"), "{}", r.body);
    let r = app
        .post(
            "/api/set_member_active",
            &format!("member_id={agent_id}&active=false"),
            Some(&admin),
            origin,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(app
        .post("/api/inbox_nav", "", Some(&agent), None)
        .await
        .body
        .contains("Unauthenticated"));
    let refused = app.login("agent2@demo.test", "demo1234").await;
    assert!(refused.body.contains("此帳號已停用"), "{}", refused.body);
    let r = app
        .post(
            "/api/set_member_active",
            &format!("member_id={agent_id}&active=true"),
            Some(&admin),
            origin,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        app.login("agent2@demo.test", "demo1234").await.status,
        StatusCode::OK
    );
    app.db.drop().await;
}

#[tokio::test]
async fn the_login_page_names_the_demo_password_only_when_the_demo_exists() {
    let demo = app().await;
    assert!(demo
        .post("/api/session", "", None, None)
        .await
        .body
        .contains("\"demo\":true"));
    let page = demo.get("/login", None).await;
    assert!(
        page.body.contains("demo1234"),
        "the hint is on the demo's login page"
    );
    demo.db.drop().await;
    let company = app_with_demo(false).await;
    assert!(company
        .post("/api/session", "", None, None)
        .await
        .body
        .contains("\"demo\":false"));
    let page = company.get("/login", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("demo1234"));
    company.db.drop().await;
}

#[tokio::test]
async fn conversations_open_and_change_only_for_those_who_may() {
    let app = app().await;
    let origin = Some("http://127.0.0.1:3000");
    let agent = session_cookie(&app.login("agent@demo.test", "demo1234").await);
    let agent2 = session_cookie(&app.login("agent2@demo.test", "demo1234").await);
    let rep = session_cookie(&app.login("salesrep@demo.test", "demo1234").await);

    let list = json(
        &app.post(
            "/api/conversations",
            "view=pending-human",
            Some(&agent),
            None,
        )
        .await,
    );
    let id = list["rows"][0]["id"].as_i64().unwrap();
    let open = json(
        &app.post(
            "/api/open_conversation",
            &format!("id={id}"),
            Some(&agent),
            origin,
        )
        .await,
    );
    assert_eq!(open["actions"], serde_json::json!(["FollowUp"]));
    let version = open["version"].as_i64().unwrap();
    assert!(
        open["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i.get("Event").is_some()),
        "system lines are in the thread"
    );
    // Opening reads only; the page then marks it read with a POST.
    let read = app
        .post("/api/mark_read", &format!("id={id}"), Some(&agent), origin)
        .await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
    let again = json(
        &app.post(
            "/api/conversations",
            "view=pending-human",
            Some(&agent),
            None,
        )
        .await,
    );
    let row = again["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap()
        .clone();
    assert_eq!(row["unread"], 0);

    let form = format!("id={id}&version={version}&action=follow_up");
    let r = app
        .post("/api/change_status", &form, Some(&agent), origin)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // agent2 clicked on the same version a moment later: told who has it, nothing changes.
    let late = app
        .post("/api/change_status", &form, Some(&agent2), origin)
        .await;
    assert!(
        late.body.contains("Conflict") && late.body.contains("張家豪 just took this conversation"),
        "{}",
        late.body
    );
    let now = json(
        &app.post(
            "/api/open_conversation",
            &format!("id={id}"),
            Some(&agent2),
            origin,
        )
        .await,
    );
    assert_eq!(now["owner"]["name"], "張家豪");
    assert_eq!(now["actions"], serde_json::json!(["TakeOver", "Transfer"]));
    // A sales rep of another branch cannot even see it; nor can anyone see an id that is not there.
    let hidden = app
        .post(
            "/api/open_conversation",
            &format!("id={id}"),
            Some(&rep),
            origin,
        )
        .await;
    assert!(hidden.body.contains("NotFound"), "{}", hidden.body);
    let v = version + 1;
    let hidden = app
        .post(
            "/api/change_status",
            &format!("id={id}&version={v}&action=close"),
            Some(&rep),
            origin,
        )
        .await;
    assert!(hidden.body.contains("NotFound"), "{}", hidden.body);
    let missing = app
        .post(
            "/api/open_conversation",
            "id=99999999",
            Some(&agent),
            origin,
        )
        .await;
    assert!(missing.body.contains("NotFound"), "{}", missing.body);
    let bad = app
        .post(
            "/api/change_status",
            &format!("id={id}&version={v}&action=explode"),
            Some(&agent),
            origin,
        )
        .await;
    // An action that does not exist is not read at all: 400, in the request's language.
    assert!(bad.body.contains("Invalid"), "{}", bad.body);
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.body);
    for (path, form) in [
        ("/api/conversations", "view=everything".to_owned()),
        ("/api/conversations", "view=closed&sort=random".to_owned()),
        ("/api/send_message", format!("id={id}&kind=shout&body=hi")),
        (
            "/api/change_collaborator",
            format!("id={id}&member=1&change=swap"),
        ),
    ] {
        let r = app.post(path, &form, Some(&agent), origin).await;
        assert_eq!(
            r.status,
            StatusCode::BAD_REQUEST,
            "{path} {form}: {}",
            r.body
        );
        assert!(r.body.contains("Invalid"), "{path} {form}: {}", r.body);
    }
    // The status machine refuses what the table does not allow, with a reason.
    let reopen = app
        .post(
            "/api/change_status",
            &format!("id={id}&version={v}&action=reopen"),
            Some(&agent),
            origin,
        )
        .await;
    assert!(reopen.body.contains("Invalid"), "{}", reopen.body);
    let unauth = app
        .post("/api/open_conversation", &format!("id={id}"), None, origin)
        .await;
    assert!(unauth.body.contains("Unauthenticated"), "{}", unauth.body);
    app.db.drop().await;
}

#[tokio::test]
async fn replies_and_notes_follow_the_rules() {
    let app = app().await;
    let origin = Some("http://127.0.0.1:3000");
    let agent = session_cookie(&app.login("agent@demo.test", "demo1234").await);
    let agent2 = session_cookie(&app.login("agent2@demo.test", "demo1234").await);
    let list = json(
        &app.post(
            "/api/conversations",
            "view=pending-human",
            Some(&agent),
            None,
        )
        .await,
    );
    let id = list["rows"][0]["id"].as_i64().unwrap();
    let send = |who: &str, kind: &str, body: &str| {
        let form = format!("id={id}&kind={kind}&body={body}");
        let cookie = who.to_owned();
        let app = &app;
        async move {
            app.post("/api/send_message", &form, Some(&cookie), origin)
                .await
        }
    };
    // Pending: no reply until someone follows it up; a note is fine.
    let r = send(&agent, "reply", "hello").await;
    assert!(r.body.contains("請先跟進此對話"), "{}", r.body);
    assert_eq!(
        send(&agent, "note", "checking stock").await.status,
        StatusCode::OK
    );
    assert!(send(&agent, "note", "   ")
        .await
        .body
        .contains("請輸入訊息內容"));
    let open = json(
        &app.post(
            "/api/open_conversation",
            &format!("id={id}"),
            Some(&agent),
            origin,
        )
        .await,
    );
    let v = open["version"].as_i64().unwrap();
    app.post(
        "/api/change_status",
        &format!("id={id}&version={v}&action=follow_up"),
        Some(&agent),
        origin,
    )
    .await;
    let r = send(&agent, "reply", "on it").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // The reply is queued, becomes the row's last message and stops the waiting clock.
    let open = json(
        &app.post(
            "/api/open_conversation",
            &format!("id={id}"),
            Some(&agent),
            origin,
        )
        .await,
    );
    let last = open["items"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find_map(|i| i.get("Message"))
        .unwrap()
        .clone();
    assert_eq!(
        (
            last["kind"].as_str(),
            last["body"].as_str(),
            last["delivery"].as_str()
        ),
        (Some("Outbound"), Some("on it"), Some("Queued"))
    );
    let mine = json(
        &app.post("/api/conversations", "view=mine-open", Some(&agent), None)
            .await,
    );
    let row = mine["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap()
        .clone();
    assert_eq!(
        (
            row["last_message_preview"].as_str(),
            row["waiting_since"].is_null()
        ),
        (Some("on it"), true)
    );
    // Someone else's conversation: another agent may note but not reply.
    let r = send(&agent2, "reply", "me too").await;
    assert!(
        r.body.contains("Only the owner or a collaborator"),
        "{}",
        r.body
    );
    assert_eq!(send(&agent2, "note", "fyi").await.status, StatusCode::OK);
    app.db.drop().await;
}

/// Every resource of a server-rendered inbox page is loaded once, inside its page: the server
/// renders reactive blocks twice, and a resource made inside one used to be made twice, the
/// spare one failing without its request ("server state missing") and hydrating the page with
/// that failure in place of the list, at random.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_rendered_pages_load_every_resource_in_the_request() {
    let app = app().await;
    let cookie = session_cookie(&app.login("supervisor@demo.test", "demo1234").await);
    let opened = app.get("/inbox/pending-human", Some(&cookie)).await;
    let id = opened
        .body
        .split("/inbox/pending-human/")
        .nth(1)
        .and_then(|rest| rest.split(['"', '?']).next())
        .expect("a conversation link")
        .to_owned();
    for path in [
        "/inbox/pending-human".to_owned(),
        "/inbox/mine-open?sort=oldest".to_owned(),
        "/inbox/closed?channel=3".to_owned(),
        format!("/inbox/pending-human/{id}"),
        "/account".to_owned(),
    ] {
        for _ in 0..15 {
            let page = app.get(&path, Some(&cookie)).await;
            assert_eq!(page.status, StatusCode::OK, "{path}");
            assert!(
                !page.body.contains("server state missing"),
                "{path} rendered a resource outside its request"
            );
        }
    }
    app.db.drop().await;
}

/// Many renders of the inbox at once all finish. A Leptos render can stall for good
/// (leptos-rs/leptos#4851), which is how this suite once held CI until its limit;
/// `server::render` aborts a stalled render and renders the page again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_page_renders_all_finish() {
    let app = std::sync::Arc::new(app().await);
    let cookie = session_cookie(&app.login("supervisor@demo.test", "demo1234").await);
    let mut renders = tokio::task::JoinSet::new();
    for task in 0..16 {
        let (app, cookie) = (app.clone(), cookie.clone());
        renders.spawn(async move {
            for i in 0..25 {
                let path = match (task + i) % 3 {
                    0 => "/inbox/pending-human",
                    1 => "/inbox/team-open?sort=oldest",
                    _ => "/inbox/closed?channel=2",
                };
                let page = app.get(path, Some(&cookie)).await;
                assert_eq!(page.status, StatusCode::OK, "{path}");
                // A whole page ends with the trailer after every resolved resource.
                let end = &page.body[page.body.len().saturating_sub(200)..];
                assert!(
                    end.ends_with("__INCOMPLETE_CHUNKS=[];</script>"),
                    "{path} ended early: {end}"
                );
            }
        });
    }
    while let Some(done) = renders.join_next().await {
        done.unwrap();
    }
    let stalled = omni_inbox::server::render::stalled_renders();
    println!("400 renders; stalled and done again so far in this process: {stalled}");
    let app = std::sync::Arc::into_inner(app).expect("every render finished");
    app.db.drop().await;
}

/// Pages and server-function answers go out compressed when the browser accepts it, and plain
/// when it does not.
#[tokio::test]
async fn pages_and_answers_are_compressed_for_browsers_that_accept_it() {
    let app = app().await;
    let cookie = session_cookie(&app.login("supervisor@demo.test", "demo1234").await);
    let page = |encoding: Option<&'static str>| {
        let mut req = get_request("/inbox/closed", Some(&cookie));
        if let Some(e) = encoding {
            req.headers_mut()
                .insert(header::ACCEPT_ENCODING, e.parse().unwrap());
        }
        req
    };
    let plain = app.send_bytes(page(None)).await;
    assert_eq!(plain.status, StatusCode::OK);
    assert!(plain.headers.get(header::CONTENT_ENCODING).is_none());
    for (accept, used) in [("br, gzip", "br"), ("gzip", "gzip")] {
        let packed = app.send_bytes(page(Some(accept))).await;
        assert_eq!(packed.status, StatusCode::OK);
        assert_eq!(packed.headers[header::CONTENT_ENCODING], used, "{accept}");
        println!(
            "/inbox/closed: {} bytes plain, {} with {used}",
            plain.bytes.len(),
            packed.bytes.len()
        );
        assert!(
            packed.bytes.len() * 5 < plain.bytes.len(),
            "{used}: {} of {} bytes",
            packed.bytes.len(),
            plain.bytes.len()
        );
    }
    // A server function's answer (JSON) too.
    let mut req = crate::common::post_request(
        "application/x-www-form-urlencoded",
        "/api/conversations",
        "view=closed",
        Some(&cookie),
        Some("http://127.0.0.1:3000"),
    );
    req.headers_mut()
        .insert(header::ACCEPT_ENCODING, "gzip".parse().unwrap());
    let answer = app.send_bytes(req).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.headers[header::CONTENT_ENCODING], "gzip");
    app.db.drop().await;
}

#[tokio::test]
async fn a_members_list_order_is_remembered_across_sign_ins() {
    let app = app().await;
    let origin = Some("http://127.0.0.1:3000");
    let ids = |reply: &Reply| -> Vec<i64> {
        json(reply)["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_i64().unwrap())
            .collect()
    };
    let agent = session_cookie(&app.login("agent@demo.test", "demo1234").await);
    let list =
        |cookie: String, form: &'static str| app.post_owned("/api/conversations", form, cookie);
    let default = ids(&list(agent.clone(), "view=pending-human").await);
    let oldest = ids(&list(agent.clone(), "view=pending-human&sort=oldest").await);
    assert_ne!(
        default, oldest,
        "the demo's default order is not oldest first"
    );

    let r = app
        .post("/api/set_list_sort", "sort=oldest", Some(&agent), origin)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let bad = app
        .post("/api/set_list_sort", "sort=sideways", Some(&agent), origin)
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.body);
    let stranger = app
        .post("/api/set_list_sort", "sort=oldest", None, origin)
        .await;
    assert_eq!(
        stranger.status,
        StatusCode::UNAUTHORIZED,
        "{}",
        stranger.body
    );

    // A new session (another device, or the next morning) opens the lists in that order.
    let again = session_cookie(&app.login("agent@demo.test", "demo1234").await);
    let me = json(&app.post("/api/session", "", Some(&again), None).await);
    assert_eq!(me["me"]["list_sort"], "oldest");
    assert_eq!(
        ids(&list(again.clone(), "view=pending-human").await),
        oldest
    );
    // An order in the request still wins, and colleagues keep their own.
    assert_eq!(
        ids(&list(again, "view=pending-human&sort=priority").await),
        default
    );
    let colleague = session_cookie(&app.login("agent2@demo.test", "demo1234").await);
    let theirs = json(&app.post("/api/session", "", Some(&colleague), None).await);
    assert_eq!(theirs["me"]["list_sort"], "priority");
    app.db.drop().await;
}
