//! What a security review found, each through the real router: bounded password checks,
//! throttles that a burst cannot race, the client address behind proxies, rank in member
//! management, no writes on GET, no demo unless asked, one-time password links, `__Host-`
//! cookies, oversized input refused at the edge, and the HTTP status of every kind of error.

use crate::common::{app, app_with, post_request, session_cookie, App, Reply};
use axum::body::Body;
use axum::extract::ConnectInfo;
use http::{header, Request, StatusCode};
use std::net::SocketAddr;

const ORIGIN: Option<&str> = Some("http://127.0.0.1:3000");

fn login_request(email: &str, password: &str, peer: [u8; 4], xff: Option<&str>) -> Request<Body> {
    let mut req = post_request(
        "application/x-www-form-urlencoded",
        "/api/login",
        &format!("email={email}&password={password}"),
        None,
        ORIGIN,
    );
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::from((peer, 40000))));
    if let Some(x) = xff {
        req.headers_mut()
            .insert("x-forwarded-for", x.parse().unwrap());
    }
    req
}

/// Sends every request at once and returns the replies in order.
async fn burst(app: &App, requests: Vec<Request<Body>>) -> Vec<Reply> {
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|req| {
            let router = app.router.clone();
            tokio::spawn(async move {
                use http_body_util::BodyExt;
                use tower::ServiceExt;
                let res = router.oneshot(req).await.unwrap();
                let status = res.status();
                let headers = res.headers().clone();
                let body = res.into_body().collect().await.unwrap().to_bytes();
                Reply {
                    status,
                    headers,
                    body: String::from_utf8_lossy(&body).into_owned(),
                }
            })
        })
        .collect();
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

fn count(replies: &[Reply], status: StatusCode) -> usize {
    replies.iter().filter(|r| r.status == status).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_sign_ins_runs_few_password_checks_at_once() {
    let app = app().await;
    // Unknown emails from many addresses: no throttle stops them, only the turns.
    let requests = (0..60)
        .map(|i| {
            login_request(
                &format!("nobody{i}@x.test"),
                "wrong-password",
                [10, 1, 0, i],
                None,
            )
        })
        .collect();
    let replies = burst(&app, requests).await;
    for r in &replies {
        assert!(
            matches!(
                r.status,
                StatusCode::BAD_REQUEST | StatusCode::SERVICE_UNAVAILABLE
            ),
            "{} {}",
            r.status,
            r.body
        );
    }
    let cores = std::thread::available_parallelism()
        .map_or(2, usize::from)
        .clamp(1, 8);
    let peak = omni_inbox::server::auth::password_checks_peak();
    assert!(peak >= 1 && peak <= cores, "peak {peak} > {cores} cores");
    // An email longer than any real one is refused before any work.
    let long = format!("{}@x.test", "a".repeat(300));
    let r = app.login(&long, "whatever1").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    app.db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_wrong_passwords_cannot_outrun_the_account_limit() {
    let app = app().await;
    // 30 wrong passwords for one account at once, each from its own address.
    let requests = (0..30)
        .map(|i| login_request("agent@demo.test", "wrong-password", [10, 2, 0, i], None))
        .collect();
    let replies = burst(&app, requests).await;
    let checked = count(&replies, StatusCode::BAD_REQUEST);
    assert!(
        checked <= 5,
        "{checked} passwords checked despite the limit of 5"
    );
    assert_eq!(checked + count(&replies, StatusCode::TOO_MANY_REQUESTS), 30);
    // The right password now finds the account locked.
    let r = app
        .send(login_request(
            "agent@demo.test",
            "demo1234",
            [10, 2, 1, 1],
            None,
        ))
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    app.db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_from_one_address_cannot_lock_more_accounts_than_its_limit() {
    let app = app().await;
    let accounts = [
        "agent@demo.test",
        "agent2@demo.test",
        "agent3@demo.test",
        "agent4@demo.test",
        "agent5@demo.test",
        "csmanager@demo.test",
        "salesrep@demo.test",
        "salesrep2@demo.test",
    ];
    // Five wrong passwords for each of eight accounts, all from one address, at once.
    let requests = (0..40)
        .map(|i| login_request(accounts[i % 8], "wrong-password", [10, 3, 0, 1], None))
        .collect();
    let replies = burst(&app, requests).await;
    assert!(count(&replies, StatusCode::BAD_REQUEST) <= 20);
    // From another address, the right password works for all but at most 20 / 5 accounts.
    let mut locked = 0;
    for (i, email) in accounts.iter().enumerate() {
        let r = app
            .send(login_request(email, "demo1234", [10, 3, 1, i as u8], None))
            .await;
        match r.status {
            StatusCode::OK => {}
            StatusCode::TOO_MANY_REQUESTS => locked += 1,
            other => panic!("{email}: {other} {}", r.body),
        }
    }
    assert!(locked <= 4, "{locked} accounts locked by one address");
    app.db.drop().await;
}

#[tokio::test]
async fn behind_a_proxy_a_forged_forwarded_for_does_not_rotate_the_address() {
    let app = app_with(&[("APP_SEED_DEMO", "true"), ("APP_TRUST_PROXY", "true")]).await;
    // The client writes a new address each time; our proxy (127.0.0.1) appends the real one.
    let mut statuses = Vec::new();
    for i in 0..22u8 {
        let xff = format!("198.51.100.{i}, 203.0.113.7");
        let r = app
            .send(login_request(
                &format!("nobody{i}@x.test"),
                "wrong-password",
                [127, 0, 0, 1],
                Some(&xff),
            ))
            .await;
        statuses.push(r.status);
    }
    assert!(
        statuses[..20].iter().all(|s| *s == StatusCode::BAD_REQUEST),
        "{statuses:?}"
    );
    assert_eq!(statuses[20], StatusCode::TOO_MANY_REQUESTS, "{statuses:?}");
    // Another client behind the same proxy is not affected.
    let r = app
        .send(login_request(
            "agent@demo.test",
            "demo1234",
            [127, 0, 0, 1],
            Some("203.0.113.8"),
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    app.db.drop().await;
}

#[tokio::test]
async fn a_wrong_current_password_counts_like_a_failed_sign_in() {
    let app = app().await;
    let cookie = session_cookie(&app.login("agent@demo.test", "demo1234").await);
    let mut statuses = Vec::new();
    for _ in 0..7 {
        let r = app
            .post(
                "/api/change_password",
                "current=guess1234&new=newpass123&confirm=newpass123",
                Some(&cookie),
                ORIGIN,
            )
            .await;
        statuses.push(r.status);
    }
    assert_eq!(
        &statuses[..5],
        &[StatusCode::BAD_REQUEST; 5],
        "{statuses:?}"
    );
    assert_eq!(statuses[5], StatusCode::TOO_MANY_REQUESTS, "{statuses:?}");
    // Even the right current password waits out the lock.
    let r = app
        .post(
            "/api/change_password",
            "current=demo1234&new=newpass123&confirm=newpass123",
            Some(&cookie),
            ORIGIN,
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    app.db.drop().await;
}

#[tokio::test]
async fn only_an_admin_manages_admins_and_the_last_admin_stays() {
    let app = app().await;
    let s = &app.db.store;
    let admin = s.login_record("admin@demo.test").await.unwrap().unwrap();
    let boss = session_cookie(&app.login("supervisor@demo.test", "demo1234").await);
    let form = format!("member_id={}&active=false", admin.member_id);
    let r = app
        .post("/api/set_member_active", &form, Some(&boss), ORIGIN)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert!(
        s.login_record("admin@demo.test")
            .await
            .unwrap()
            .unwrap()
            .active
    );
    // The storage refuses to deactivate the last active admin, whoever asks.
    assert!(
        !crate::common::set_active(s, admin.workspace_id, admin.member_id, false)
            .await
            .unwrap()
    );
    assert!(
        s.login_record("admin@demo.test")
            .await
            .unwrap()
            .unwrap()
            .active
    );
    // Two admins deactivating each other at once: one of them stays.
    let mut conn = <sqlx::SqliteConnection as sqlx::Connection>::connect(&app.db.url)
        .await
        .unwrap();
    sqlx::query("update members set role = 'admin' where email = 'supervisor@demo.test'")
        .execute(&mut conn)
        .await
        .unwrap();
    let second = s
        .login_record("supervisor@demo.test")
        .await
        .unwrap()
        .unwrap();
    let a = session_cookie(&app.login("admin@demo.test", "demo1234").await);
    let b = session_cookie(&app.login("supervisor@demo.test", "demo1234").await);
    let (fa, fb) = (
        format!("member_id={}&active=false", second.member_id),
        format!("member_id={}&active=false", admin.member_id),
    );
    let (ra, rb) = tokio::join!(
        app.post("/api/set_member_active", &fa, Some(&a), ORIGIN),
        app.post("/api/set_member_active", &fb, Some(&b), ORIGIN),
    );
    let mut statuses = [ra.status, rb.status];
    statuses.sort();
    // Either one wins and the other is refused (last admin, or its session just ended).
    assert_eq!(statuses[0], StatusCode::OK, "{} / {}", ra.body, rb.body);
    assert_ne!(statuses[1], StatusCode::OK, "{} / {}", ra.body, rb.body);
    let active = [
        s.login_record("admin@demo.test")
            .await
            .unwrap()
            .unwrap()
            .active,
        s.login_record("supervisor@demo.test")
            .await
            .unwrap()
            .unwrap()
            .active,
    ];
    assert_eq!(active.iter().filter(|a| **a).count(), 1, "{active:?}");
    app.db.drop().await;
}

/// The first conversation of the member's pending list with unread messages: (id, unread).
async fn unread_pending(app: &App, cookie: &str) -> (i64, i64) {
    let r = app
        .post(
            "/api/conversations",
            "view=pending-human",
            Some(cookie),
            None,
        )
        .await;
    let page: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    let row = page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["unread"].as_i64().unwrap() > 0)
        .expect("an unread pending conversation");
    (row["id"].as_i64().unwrap(), row["unread"].as_i64().unwrap())
}

#[tokio::test]
async fn rendering_a_conversation_marks_nothing_read() {
    let app = app().await;
    let cookie = session_cookie(&app.login("agent@demo.test", "demo1234").await);
    let (id, unread) = unread_pending(&app, &cookie).await;
    // A cross-site link renders the page (GET): the unread state stays.
    let page = app
        .get(&format!("/inbox/pending-human/{id}"), Some(&cookie))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let after = app
        .post(
            "/api/open_conversation",
            &format!("id={id}"),
            Some(&cookie),
            None,
        )
        .await;
    assert_eq!(after.status, StatusCode::OK, "{}", after.body);
    let (same, still) = unread_pending(&app, &cookie).await;
    assert_eq!((same, still), (id, unread), "GET and opening read nothing");
    // The page's POST marks it read.
    let r = app
        .post("/api/mark_read", &format!("id={id}"), Some(&cookie), ORIGIN)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let list = app
        .post(
            "/api/conversations",
            "view=pending-human",
            Some(&cookie),
            None,
        )
        .await;
    let page: serde_json::Value = serde_json::from_str(&list.body).unwrap();
    let row = page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"].as_i64() == Some(id))
        .unwrap()
        .clone();
    assert_eq!(row["unread"].as_i64(), Some(0));
    app.db.drop().await;
}

#[tokio::test]
async fn without_the_demo_a_workspace_starts_from_a_one_time_link() {
    let app = app_with(&[]).await;
    let s = &app.db.store;
    assert!(!s.has_workspace().await.unwrap(), "no demo unless asked");
    let login = app.get("/login", None).await;
    assert!(!login.body.contains("demo1234"));
    let (ws, token) = omni_inbox::server::service::account::create_workspace(
        s,
        "Acme 支援",
        "Boss@Acme.test",
        "Boss",
        omni_inbox::server::auth::now_millis(),
    )
    .await
    .unwrap();
    assert!(ws.get() > 0);
    // No password works before the link is used.
    assert_eq!(
        app.login("boss@acme.test", "!unset").await.status,
        StatusCode::BAD_REQUEST
    );
    // The link's page renders, in either language.
    let page = app.get(&format!("/set-password?token={token}"), None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("name=\"token\""), "{}", page.body);
    let short = app
        .post(
            "/api/set_password_with_link",
            &format!("token={token}&new=short&confirm=short"),
            None,
            ORIGIN,
        )
        .await;
    assert_eq!(short.status, StatusCode::BAD_REQUEST, "{}", short.body);
    let set = app
        .post(
            "/api/set_password_with_link",
            &format!("token={token}&new=correct-horse&confirm=correct-horse"),
            None,
            ORIGIN,
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);
    assert_eq!(
        app.login("boss@acme.test", "correct-horse").await.status,
        StatusCode::OK
    );
    // Once only.
    let again = app
        .post(
            "/api/set_password_with_link",
            &format!("token={token}&new=another-one&confirm=another-one"),
            None,
            ORIGIN,
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND, "{}", again.body);
    app.db.drop().await;
}

#[tokio::test]
async fn an_https_public_address_makes_the_session_cookie_host_only_and_secure() {
    let app = app_with(&[
        ("APP_SEED_DEMO", "true"),
        ("APP_PUBLIC_URL", "https://inbox.example.com"),
    ])
    .await;
    let r = app.login("agent@demo.test", "demo1234").await;
    let set = r
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.contains("inbox_session"))
        .unwrap()
        .to_owned();
    assert!(set.starts_with("__Host-inbox_session="), "{set}");
    assert!(set.contains("; Secure") && set.contains("Path=/") && !set.contains("Domain"));
    let cookie = session_cookie(&r);
    let nav = app.post("/api/inbox_nav", "", Some(&cookie), None).await;
    assert_eq!(nav.status, StatusCode::OK, "{}", nav.body);
    app.db.drop().await;
}

#[tokio::test]
async fn every_kind_of_error_has_its_status_and_a_translated_message() {
    let app = app().await;
    let agent = session_cookie(&app.login("agent2@demo.test", "demo1234").await);
    // 401: no session.
    let r = app.post("/api/inbox_nav", "", None, None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    assert!(r.body.contains("Unauthenticated"), "{}", r.body);
    // 403: an agent may not manage members (agent2 reads English).
    let r = app
        .post(
            "/api/set_member_active",
            "member_id=1&active=false",
            Some(&agent),
            ORIGIN,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert!(r.body.contains("Forbidden"), "{}", r.body);
    // 404: not there.
    let r = app
        .post("/api/open_conversation", "id=999999", Some(&agent), None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    // 400: bad input, with the field.
    let (id, _) = unread_pending(&app, &agent).await;
    let r = app
        .post(
            "/api/send_message",
            &format!("id={id}&kind=note&body=%20"),
            Some(&agent),
            ORIGIN,
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("\"field\":\"body\""), "{}", r.body);
    // 409: changed since the member saw it.
    let r = app
        .post(
            "/api/change_status",
            &format!("id={id}&version=999&action=follow_up"),
            Some(&agent),
            ORIGIN,
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    // 413: too large, refused before anything reads it, in the member's language cookie.
    let huge = format!("id={id}&kind=note&body={}", "x".repeat(200_000));
    let mut req = post_request(
        "application/x-www-form-urlencoded",
        "/api/send_message",
        &huge,
        Some(&format!("{agent}; inbox_lang=en")),
        ORIGIN,
    );
    req.headers_mut()
        .insert(header::ACCEPT, "application/json".parse().unwrap());
    let r = app.send(req).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.body);
    assert!(
        r.body.contains("TooLarge") && r.body.contains("too much"),
        "{}",
        r.body
    );
    // 429: locked.
    for _ in 0..6 {
        app.login("agent3@demo.test", "wrong-password").await;
    }
    let r = app.login("agent3@demo.test", "demo1234").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    app.db.drop().await;
}

#[tokio::test]
async fn oversized_collections_are_refused_before_any_work() {
    let app = app().await;
    let cookie = session_cookie(&app.login("agent@demo.test", "demo1234").await);
    let (id, _) = unread_pending(&app, &cookie).await;
    // 32,000 tags: the body alone is over the limit.
    let mut form = format!("conversation_id={id}&name=Amy");
    for i in 0..32_000 {
        form.push_str(&format!("&tags[{i}]=t{i}"));
    }
    let started = std::time::Instant::now();
    let r = app
        .post("/api/save_customer_profile", &form, Some(&cookie), ORIGIN)
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.body);
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    // 21 tags fit in the body and are refused by count, naming the field.
    let mut form = format!("conversation_id={id}&name=Amy");
    for i in 0..21 {
        form.push_str(&format!("&tags[{i}]=t{i}"));
    }
    let r = app
        .post("/api/save_customer_profile", &form, Some(&cookie), ORIGIN)
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("\"field\":\"tags\""), "{}", r.body);
    app.db.drop().await;
}
