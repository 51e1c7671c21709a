//! The channel settings through the real router: each server function answers each role (and
//! someone not signed in) as `domain::permission` says, never reaches another workspace's
//! channels, never answers with a secret, refuses bad forms with their status and words and
//! saves nothing then, and shows a new channel's webhook URL under the public URL.

use crate::common::{app, app_with, as_member, post_request, session_cookie, App, NOW};
use crate::permissions::{import_other_workspace, outcome, Outcome, LOGINS};
use http::StatusCode;
use omni_inbox::domain::permission::{role_may, Action};
use omni_inbox::domain::{ChannelKind, WorkspaceId};
use omni_inbox::server::db::{Credentials, NewChannel, Store};
use omni_inbox::wire::{AppError, ChannelView};
use serde_json::{json, Value};

const ORIGIN: &str = "http://127.0.0.1:3000";

/// A LINE channel's form, with secrets long enough to be hinted.
fn line_form(account: &str) -> Value {
    json!({ "form": {
        "kind": "Line",
        "name": format!("LINE {account}"),
        "account_id": account,
        "extra_id": "2009876543",
        "secret": "line-channel-secret-0123456789abcdef",
        "access_token": "line-access-token-QWERTYUIOPasdfghjkl-wxyz",
    } })
}

async fn admin(app: &App, login: &str) -> String {
    session_cookie(&app.login(login, "demo1234").await)
}

async fn workspace(s: &Store) -> WorkspaceId {
    as_member(s, "admin@demo.test").await.workspace_id
}

async fn list(app: &App, cookie: &str) -> (String, Vec<ChannelView>) {
    let r = app
        .post("/api/channels", "", Some(cookie), Some(ORIGIN))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let views = serde_json::from_str(&r.body).unwrap();
    (r.body, views)
}

async fn toggle(app: &App, cookie: &str, id: impl std::fmt::Display, enabled: bool) -> Outcome {
    let form = format!("id={id}&enabled={enabled}");
    let r = app
        .post(
            "/api/set_channel_enabled",
            &form,
            Some(cookie),
            Some(ORIGIN),
        )
        .await;
    outcome(r.status, &r.body)
}

/// The refusal an answer carries.
fn refusal(status: StatusCode, body: &str) -> (StatusCode, AppError) {
    let e = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {status} {body}"));
    (status, e)
}

#[tokio::test]
async fn every_channel_function_answers_each_role_and_nobody_as_the_rules_say() {
    let app = app().await;
    let s = app.db.store.clone();
    let ws = workspace(&s).await;
    let before = s.channel_records(Some(ws)).await.unwrap();
    let messenger = before
        .iter()
        .find(|c| c.kind == ChannelKind::Messenger)
        .unwrap()
        .id;

    // Nobody signed in: 401 for each, and nothing changes.
    for (content_type, path, body) in [
        (
            "application/x-www-form-urlencoded",
            "/api/channels",
            String::new(),
        ),
        (
            "application/x-www-form-urlencoded",
            "/api/set_channel_enabled",
            format!("id={messenger}&enabled=false"),
        ),
        (
            "application/json",
            "/api/connect_channel",
            line_form("Uanonymous").to_string(),
        ),
    ] {
        let r = app
            .send(post_request(content_type, path, &body, None, Some(ORIGIN)))
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path}: {}", r.body);
    }
    assert_eq!(s.channel_records(Some(ws)).await.unwrap(), before);

    let mut allowed = Vec::new();
    for (n, login) in LOGINS.into_iter().enumerate() {
        let who = as_member(&s, login).await;
        let cookie = admin(&app, login).await;
        let may = role_may(who.role, Action::ManageChannels);
        let want = if may {
            allowed.push(login);
            Outcome::Ok
        } else {
            Outcome::Forbidden
        };

        let r = app
            .post("/api/channels", "", Some(&cookie), Some(ORIGIN))
            .await;
        assert_eq!(outcome(r.status, &r.body), want, "{login} channels");
        if may {
            let views: Vec<ChannelView> = serde_json::from_str(&r.body).unwrap();
            let stored = s.channel_records(Some(ws)).await.unwrap();
            assert_eq!(
                views.iter().map(|v| v.id).collect::<Vec<_>>(),
                stored.iter().map(|c| c.id).collect::<Vec<_>>()
            );
        } else {
            let (_, e) = refusal(r.status, &r.body);
            assert_eq!(e, AppError::Forbidden("您的角色無法執行此操作。".into()));
        }

        let account = format!("U{n:032x}");
        let r = app
            .post_json("/api/connect_channel", &line_form(&account), &cookie)
            .await;
        assert_eq!(outcome(r.status, &r.body), want, "{login} connect");
        let connected = s
            .channel_records(Some(ws))
            .await
            .unwrap()
            .iter()
            .any(|c| c.account_id == account);
        assert_eq!(connected, may, "{login}: connected only when allowed");

        assert_eq!(
            toggle(&app, &cookie, messenger, false).await,
            want,
            "{login} disable"
        );
        let enabled = s.channel(ws, messenger).await.unwrap().unwrap().enabled;
        assert_eq!(enabled, !may, "{login}: disabled only when allowed");
        assert_eq!(
            toggle(&app, &cookie, messenger, true).await,
            want,
            "{login} enable"
        );
        assert!(s.channel(ws, messenger).await.unwrap().unwrap().enabled);
    }
    assert_eq!(allowed, ["admin@demo.test", "supervisor@demo.test"]);
    app.db.drop().await;
}

#[tokio::test]
async fn a_supervisor_never_sees_or_toggles_another_workspaces_channels() {
    let app = app().await;
    let s = app.db.store.clone();
    let other = import_other_workspace(&s).await;
    let theirs = s
        .create_channel(
            &NewChannel {
                workspace_id: other,
                kind: ChannelKind::Line,
                name: "Their LINE".into(),
                account_id: "Uother0000000000000000000000000001".into(),
                webhook_key: "their-webhook-key".into(),
                credentials: Credentials {
                    secret: "their-channel-secret-0001".into(),
                    access_token: "their-access-token-0001".into(),
                    ..Credentials::default()
                },
                now: NOW,
            },
            &crate::common::by_test(),
        )
        .await
        .unwrap();
    let foreign = s.channel_records(Some(other)).await.unwrap();
    assert!(foreign.iter().any(|c| c.id == theirs) && foreign.len() > 1);

    let cookie = admin(&app, "supervisor@demo.test").await;
    let (body, views) = list(&app, &cookie).await;
    assert!(!body.contains("Their LINE") && !body.contains("their-webhook-key"));
    for c in &foreign {
        assert!(views.iter().all(|v| v.id != c.id), "{} is listed", c.id);
        for enabled in [false, true] {
            assert_eq!(
                toggle(&app, &cookie, c.id, enabled).await,
                Outcome::NotFound,
                "{}",
                c.id
            );
        }
    }
    let r = app
        .post(
            "/api/set_channel_enabled",
            &format!("id={theirs}&enabled=false"),
            Some(&cookie),
            Some(ORIGIN),
        )
        .await;
    assert_eq!(
        refusal(r.status, &r.body),
        (
            StatusCode::NOT_FOUND,
            AppError::NotFound("找不到這個渠道。".into())
        )
    );
    assert_eq!(s.channel_records(Some(other)).await.unwrap(), foreign);
    app.db.drop().await;
}

#[tokio::test]
async fn the_channels_answers_and_page_never_carry_a_secret() {
    let app = app().await;
    let s = app.db.store.clone();
    let ws = workspace(&s).await;
    let cookie = admin(&app, "admin@demo.test").await;
    let typed = [
        json!({ "form": {
            "kind": "Messenger", "name": "Messenger test", "account_id": "104700000000123",
            "secret": "meta-app-secret-7f3a9c2e1b",
            "access_token": "EAAGpage-token-Zx81Qw93Lm",
            "verify_token": "verify-token-Kd82Hs71",
        } }),
        json!({ "form": {
            "kind": "WhatsApp", "name": "WhatsApp test", "account_id": "106540352242123",
            "extra_id": "102290129340123",
            "secret": "whatsapp-app-secret-c0ffee42",
            "access_token": "EAAGwhatsapp-token-Pq77Rt55",
            "verify_token": "short-vt",
        } }),
        line_form("U11112222333344445555666677778888"),
    ];
    let mut answers = Vec::new();
    for form in &typed {
        let r = app.post_json("/api/connect_channel", form, &cookie).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        answers.push(r.body);
    }
    let (listed, views) = list(&app, &cookie).await;
    let page = app.get("/channels", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("渠道設定"), "{}", page.body);
    answers.push(listed);
    answers.push(page.body);

    // Every secret stored in the workspace (the demo's too): never whole, never more than its
    // last four characters.
    let mut secrets = Vec::new();
    for c in s.channel_records(Some(ws)).await.unwrap() {
        let k = c.credentials;
        secrets.extend([k.secret, k.access_token, k.verify_token]);
    }
    secrets.retain(|v| v.len() >= 5);
    assert!(secrets.len() >= 8, "{secrets:?}");
    for text in &answers {
        for secret in &secrets {
            let head = &secret[..secret.len() - 4];
            assert!(!text.contains(head), "{head} in {text}");
        }
    }
    // What is shown: whether each is set, and the last four of a long one.
    let messenger = views.iter().find(|v| v.name == "Messenger test").unwrap();
    let hints: Vec<_> = messenger
        .secrets
        .iter()
        .map(|h| (h.set, h.last4.as_deref()))
        .collect();
    assert_eq!(
        hints,
        [
            (true, Some("93Lm")),
            (true, Some("2e1b")),
            (true, Some("Hs71"))
        ]
    );
    let whatsapp = views.iter().find(|v| v.name == "WhatsApp test").unwrap();
    assert_eq!(whatsapp.extra_id.as_deref(), Some("102290129340123"));
    assert_eq!(
        whatsapp.secrets[2].last4, None,
        "a short secret shows nothing"
    );
    app.db.drop().await;
}

#[tokio::test]
async fn connect_refusals_have_their_status_and_words_and_save_nothing() {
    let app = app().await;
    let s = app.db.store.clone();
    let ws = workspace(&s).await;
    let cookie = admin(&app, "admin@demo.test").await;
    let before = s.channel_records(Some(ws)).await.unwrap().len();
    let with = |kind: &str, changes: Value| {
        let mut form = line_form("U99990000999900009999000099990000");
        form["form"]["kind"] = json!(kind);
        form["form"]["verify_token"] = json!("a-verify-token");
        for (k, v) in changes.as_object().unwrap() {
            form["form"][k] = v.clone();
        }
        form
    };
    let long = |n| "x".repeat(n);
    for (form, field, words) in [
        (
            with("Line", json!({ "name": "  " })),
            "name",
            "請填寫渠道名稱，最多 80 個字元。",
        ),
        (
            with("Line", json!({ "name": long(81) })),
            "name",
            "請填寫渠道名稱",
        ),
        (
            with("Line", json!({ "account_id": "" })),
            "account_id",
            "請填寫Bot 使用者 ID",
        ),
        (
            with("Line", json!({ "account_id": long(129) })),
            "account_id",
            "最多 128 個字元",
        ),
        (
            with("Line", json!({ "secret": "" })),
            "secret",
            "請填寫頻道密鑰（Channel secret），",
        ),
        (
            with("Messenger", json!({ "secret": "" })),
            "secret",
            "應用程式密鑰（App secret）",
        ),
        (
            with("Line", json!({ "secret": long(2049) })),
            "secret",
            "最多 2048 個字元",
        ),
        (
            with("Line", json!({ "access_token": "\n" })),
            "access_token",
            "頻道存取權杖",
        ),
        (
            with("Messenger", json!({ "access_token": "" })),
            "access_token",
            "粉絲專頁存取權杖",
        ),
        (
            with("Messenger", json!({ "verify_token": " " })),
            "verify_token",
            "驗證權杖",
        ),
        (
            with("WhatsApp", json!({ "extra_id": long(2049) })),
            "extra_id",
            "WhatsApp 商業帳號 ID",
        ),
        (with("WebChat", json!({})), "kind", "網站即時對話"),
    ] {
        let r = app.post_json("/api/connect_channel", &form, &cookie).await;
        let (status, e) = refusal(r.status, &r.body);
        assert_eq!(status, StatusCode::BAD_REQUEST, "{field}: {}", r.body);
        let AppError::Invalid {
            field: Some(f),
            message,
        } = e
        else {
            panic!("{field}: {e:?}");
        };
        assert_eq!(f, field);
        assert!(message.contains(words), "{field}: {message}");
    }
    assert_eq!(s.channel_records(Some(ws)).await.unwrap().len(), before);

    // Connected once; the same platform account again is a conflict, here or elsewhere.
    let form = with("Line", json!({}));
    let r = app.post_json("/api/connect_channel", &form, &cookie).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app.post_json("/api/connect_channel", &form, &cookie).await;
    assert_eq!(
        refusal(r.status, &r.body),
        (
            StatusCode::CONFLICT,
            AppError::Conflict("這個平台帳號已經連接過了（在這個或另一個工作區）。".into())
        )
    );
    let other = import_other_workspace(&s).await;
    let theirs = admin(&app, "other.admin@demo.test").await;
    let r = app.post_json("/api/connect_channel", &form, &theirs).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(s.channel_records(Some(ws)).await.unwrap().len(), before + 1);
    let theirs_now = s.channel_records(Some(other)).await.unwrap();
    assert!(theirs_now
        .iter()
        .all(|c| c.account_id != "U99990000999900009999000099990000"));

    // In the member's language.
    let r = app
        .post("/api/set_lang", "lang=en", Some(&cookie), Some(ORIGIN))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = app
        .post_json(
            "/api/connect_channel",
            &with("Messenger", json!({ "name": "" })),
            &cookie,
        )
        .await;
    assert_eq!(
        refusal(r.status, &r.body).1,
        AppError::Invalid {
            field: Some("name".into()),
            message: "Enter the Channel name, 80 characters at most.".into()
        }
    );
    let r = app.post_json("/api/connect_channel", &form, &cookie).await;
    assert_eq!(
        refusal(r.status, &r.body).1,
        AppError::Conflict(
            "This platform account is already connected (here or in another workspace).".into()
        )
    );

    // A body past the limit is refused before it is read.
    let huge = with("Line", json!({ "secret": long(70_000) }));
    let r = app.post_json("/api/connect_channel", &huge, &cookie).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(s.channel_records(Some(ws)).await.unwrap().len(), before + 1);
    app.db.drop().await;
}

#[tokio::test]
async fn a_connected_channel_lists_its_webhook_url_under_the_public_url() {
    let app = app_with(&[
        ("APP_SEED_DEMO", "true"),
        ("APP_PUBLIC_URL", "https://inbox.example.com/"),
    ])
    .await;
    let s = app.db.store.clone();
    let ws = workspace(&s).await;
    let cookie = admin(&app, "supervisor@demo.test").await;
    let r = app
        .post_json(
            "/api/connect_channel",
            &line_form("Uaaaabbbbccccddddeeeeffff00001111"),
            &cookie,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let connected: ChannelView = serde_json::from_str(&r.body).unwrap();
    let url = connected.webhook_url.clone().unwrap();
    let key = url
        .strip_prefix("https://inbox.example.com/webhooks/line/")
        .unwrap_or_else(|| panic!("{url}"));
    assert!(key.len() >= 32, "{key}");
    let stored = s
        .channel_by_webhook(ChannelKind::Line, key)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((stored.id, stored.workspace_id), (connected.id, ws));
    assert!(connected.enabled && connected.last_event_at.is_none());

    let (_, views) = list(&app, &cookie).await;
    assert_eq!(views.last(), Some(&connected));
    assert_eq!(
        toggle(&app, &cookie, connected.id, false).await,
        Outcome::Ok
    );
    let (_, views) = list(&app, &cookie).await;
    assert!(!views.last().unwrap().enabled);
    assert_eq!(toggle(&app, &cookie, connected.id, true).await, Outcome::Ok);
    let (_, views) = list(&app, &cookie).await;
    assert_eq!(views.last(), Some(&connected));
    // The widget has no webhook to paste.
    let web = views
        .iter()
        .find(|v| v.kind == ChannelKind::WebChat)
        .unwrap();
    assert_eq!((web.webhook_url.as_deref(), web.secrets.len()), (None, 0));
    app.db.drop().await;
}

#[tokio::test]
async fn the_page_and_its_link_are_for_the_roles_that_may() {
    let app = app().await;
    let boss = admin(&app, "admin@demo.test").await;
    let form = line_form("U0000111122223333444455556666777f");
    let r = app.post_json("/api/connect_channel", &form, &boss).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    for (login, may) in [("admin@demo.test", true), ("agent@demo.test", false)] {
        let cookie = admin(&app, login).await;
        let inbox = app.get("/inbox/pending-human", Some(&cookie)).await;
        assert_eq!(inbox.status, StatusCode::OK);
        assert_eq!(inbox.body.contains("href=\"/channels\""), may, "{login}");
        let page = app.get("/channels", Some(&cookie)).await;
        // A role the page is not for gets the page with the refusal, answered 403.
        let status = if may {
            StatusCode::OK
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(page.status, status, "{login}");
        assert!(page.body.contains("渠道設定"), "{login}");
        assert_eq!(
            page.body.contains("您的角色無法執行此操作"),
            !may,
            "{login}"
        );
        assert_eq!(page.body.contains("/webhooks/"), may, "{login}");
    }
    // The blacklist page likewise, for every role.
    for login in LOGINS {
        let cookie = admin(&app, login).await;
        let who = as_member(&app.db.store, login).await;
        let page = app.get("/blacklist", Some(&cookie)).await;
        let status = if role_may(who.role, Action::Blacklist) {
            StatusCode::OK
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(page.status, status, "{login}");
    }
    // Signed out: the sign-in page.
    let r = app.get("/channels", None).await;
    assert_eq!(r.status, StatusCode::FOUND);
    assert_eq!(r.headers.get(http::header::LOCATION).unwrap(), "/login");
    app.db.drop().await;
}
