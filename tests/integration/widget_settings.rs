//! The website chat widget's settings through the real router (issue 12): each of its server
//! functions answers each role (and someone not signed in) as `domain::permission` says and
//! never reaches another workspace's widget; connecting answers the snippet and the identity
//! secret once, which nothing answers again; a refused setting saves nothing; a change is
//! kept.

use crate::common::{app, as_member, post_request, session_cookie, App};
use crate::permissions::{import_other_workspace, outcome, Outcome, LOGINS};
use http::StatusCode;
use omni_inbox::domain::permission::{role_may, Action};
use omni_inbox::domain::{ChannelId, ChannelKind, WorkspaceId};
use omni_inbox::server::db::Store;
use omni_inbox::server::demo::DEMO_WIDGET_SECRET;
use omni_inbox::wire::{AppError, WidgetConnected, WidgetView};
use serde_json::{json, Value};

const ORIGIN: &str = "http://127.0.0.1:3000";

fn form(name: &str, origins: &str, colour: &str) -> Value {
    json!({
        "name": name,
        "origins": origins,
        "colour": colour,
        "greeting": "您好！有什麼可以幫您？",
        "display_name": "晨光咖啡",
        "avatar_url": "",
        "ask_contact": true,
    })
}

fn connect_body(name: &str) -> Value {
    json!({ "form": form(name, "https://shop.example\nhttp://localhost:3000", "#0F766E") })
}

fn update_body(channel: ChannelId, name: &str, origins: &str, colour: &str) -> Value {
    json!({ "channel": channel, "form": form(name, origins, colour) })
}

async fn sign_in(app: &App, login: &str) -> String {
    session_cookie(&app.login(login, "demo1234").await)
}

async fn workspace(s: &Store) -> WorkspaceId {
    as_member(s, "admin@demo.test").await.workspace_id
}

/// The demo's widget: its `web_chat` channel.
async fn demo_widget(s: &Store, ws: WorkspaceId) -> ChannelId {
    s.channel_records(Some(ws))
        .await
        .unwrap()
        .iter()
        .find(|c| c.kind == ChannelKind::WebChat)
        .unwrap()
        .id
}

async fn channel_count(s: &Store, ws: WorkspaceId) -> usize {
    s.channel_records(Some(ws)).await.unwrap().len()
}

async fn form_post(
    app: &App,
    path: &str,
    body: &str,
    cookie: Option<&str>,
) -> (StatusCode, String) {
    let r = app
        .send(post_request(
            "application/x-www-form-urlencoded",
            path,
            body,
            cookie,
            Some(ORIGIN),
        ))
        .await;
    (r.status, r.body)
}

async fn json_post(
    app: &App,
    path: &str,
    body: &Value,
    cookie: Option<&str>,
) -> (StatusCode, String) {
    let r = app
        .send(post_request(
            "application/json",
            path,
            &body.to_string(),
            cookie,
            Some(ORIGIN),
        ))
        .await;
    (r.status, r.body)
}

fn refusal(status: StatusCode, body: &str) -> AppError {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {status} {body}"))
}

fn is_hex_secret(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

#[tokio::test]
async fn every_widget_function_answers_each_role_and_nobody_as_the_rules_say() {
    let app = app().await;
    let s = app.db.store.clone();
    let ws = workspace(&s).await;
    let demo = demo_widget(&s, ws).await;
    let before = s
        .widget(ws, demo)
        .await
        .unwrap()
        .expect("the demo's widget");
    let count = channel_count(&s, ws).await;

    // Nobody signed in: 401 for each, and nothing changes.
    let by_id = format!("channel={demo}");
    for (status, body) in [
        form_post(&app, "/api/widget_settings", &by_id, None).await,
        form_post(&app, "/api/widgets", "", None).await,
        json_post(
            &app,
            "/api/connect_widget",
            &connect_body("Anonymous"),
            None,
        )
        .await,
        json_post(
            &app,
            "/api/update_widget",
            &update_body(demo, "x", "https://anonymous.example", "#000000"),
            None,
        )
        .await,
    ] {
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
        assert!(matches!(
            refusal(status, &body),
            AppError::Unauthenticated(_)
        ));
    }
    assert_eq!(channel_count(&s, ws).await, count);
    assert_eq!(s.widget(ws, demo).await.unwrap().as_ref(), Some(&before));

    let mut allowed = Vec::new();
    for (n, login) in LOGINS.into_iter().enumerate() {
        let who = as_member(&s, login).await;
        let cookie = sign_in(&app, login).await;
        let may = role_may(who.role, Action::ManageChannels);
        let want = if may {
            allowed.push(login);
            Outcome::Ok
        } else {
            Outcome::Forbidden
        };

        let (status, body) = form_post(&app, "/api/widget_settings", &by_id, Some(&cookie)).await;
        assert_eq!(
            outcome(status, &body),
            want,
            "{login} widget_settings: {body}"
        );
        if may {
            let view: WidgetView = serde_json::from_str(&body).unwrap();
            assert_eq!(view.channel, demo);
        } else {
            assert_eq!(
                refusal(status, &body),
                AppError::Forbidden("您的角色無法執行此操作。".into())
            );
        }

        let (status, body) = form_post(&app, "/api/widgets", "", Some(&cookie)).await;
        assert_eq!(outcome(status, &body), want, "{login} widgets: {body}");
        if may {
            let views: Vec<WidgetView> = serde_json::from_str(&body).unwrap();
            assert!(views.iter().any(|v| v.channel == demo), "{body}");
            assert!(views.iter().all(|v| v.key.starts_with("wk_")), "{body}");
        }

        let name = format!("Widget {n}");
        let before_connect = channel_count(&s, ws).await;
        let (status, body) = json_post(
            &app,
            "/api/connect_widget",
            &connect_body(&name),
            Some(&cookie),
        )
        .await;
        assert_eq!(
            outcome(status, &body),
            want,
            "{login} connect_widget: {body}"
        );
        let after = s.channel_records(Some(ws)).await.unwrap();
        assert_eq!(after.len(), before_connect + usize::from(may), "{login}");
        assert_eq!(after.iter().any(|c| c.name == name), may, "{login}");

        let colour = format!("#0000{n:02x}");
        let (status, body) = json_post(
            &app,
            "/api/update_widget",
            &update_body(
                demo,
                &before.channel.name,
                "https://changed.example",
                &colour,
            ),
            Some(&cookie),
        )
        .await;
        assert_eq!(
            outcome(status, &body),
            want,
            "{login} update_widget: {body}"
        );
        let now = s.widget(ws, demo).await.unwrap().unwrap();
        assert_eq!(
            now.settings.look.colour == colour,
            may,
            "{login}: changed only when allowed"
        );
    }
    assert_eq!(allowed, ["admin@demo.test", "supervisor@demo.test"]);
    app.db.drop().await;
}

#[tokio::test]
async fn another_workspaces_admin_never_reads_or_changes_the_demos_widget() {
    let app = app().await;
    let s = app.db.store.clone();
    let ws = workspace(&s).await;
    let demo = demo_widget(&s, ws).await;
    let before = s.widget(ws, demo).await.unwrap().unwrap();
    let other = import_other_workspace(&s).await;
    let theirs = sign_in(&app, "other.admin@demo.test").await;
    assert!(role_may(
        as_member(&s, "other.admin@demo.test").await.role,
        Action::ManageChannels
    ));

    let (status, body) = form_post(
        &app,
        "/api/widget_settings",
        &format!("channel={demo}"),
        Some(&theirs),
    )
    .await;
    assert_eq!(
        (status, refusal(status, &body)),
        (
            StatusCode::NOT_FOUND,
            AppError::NotFound("找不到這個渠道。".into())
        )
    );
    for secret_or_setting in [
        before.channel.webhook_key.as_deref().unwrap(),
        DEMO_WIDGET_SECRET,
        before.settings.look.display_name.as_str(),
    ] {
        assert!(!body.contains(secret_or_setting), "{body}");
    }

    let (status, body) = json_post(
        &app,
        "/api/update_widget",
        &update_body(
            demo,
            &before.channel.name,
            "https://evil.example",
            "#ff0000",
        ),
        Some(&theirs),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(s.widget(ws, demo).await.unwrap().unwrap(), before);

    let (status, body) = form_post(&app, "/api/widgets", "", Some(&theirs)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let views: Vec<WidgetView> = serde_json::from_str(&body).unwrap();
    assert!(views.iter().all(|v| v.channel != demo), "{body}");
    assert!(!body.contains(before.channel.webhook_key.as_deref().unwrap()));

    // What they connect is theirs, not the demo's.
    let (status, body) = json_post(
        &app,
        "/api/connect_widget",
        &connect_body("Theirs"),
        Some(&theirs),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let c: WidgetConnected = serde_json::from_str(&body).unwrap();
    assert!(s.widget(other, c.widget.channel).await.unwrap().is_some());
    assert!(s.widget(ws, c.widget.channel).await.unwrap().is_none());
    app.db.drop().await;
}

#[tokio::test]
async fn connecting_answers_the_snippet_and_the_secret_once() {
    let app = app().await;
    let s = app.db.store.clone();
    let ws = workspace(&s).await;
    let cookie = sign_in(&app, "admin@demo.test").await;

    let (status, body) = json_post(
        &app,
        "/api/connect_widget",
        &connect_body("Shop widget"),
        Some(&cookie),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let c: WidgetConnected = serde_json::from_str(&body).unwrap();
    assert!(is_hex_secret(&c.identity_secret), "{}", c.identity_secret);
    assert!(
        c.widget.snippet.contains("data-channel=\"wk_"),
        "{}",
        c.widget.snippet
    );
    assert!(c
        .widget
        .snippet
        .contains(&format!("data-channel=\"{}\"", c.widget.key)));
    assert!(c.widget.snippet.contains("/widget.js"));
    assert_eq!(c.widget.name, "Shop widget");
    assert_eq!(
        c.widget.origins,
        ["https://shop.example", "http://localhost:3000"]
    );
    assert_eq!(c.widget.colour, "#0f766e");
    assert!(c.widget.ask_contact && c.widget.enabled);
    let stored = s.widget(ws, c.widget.channel).await.unwrap().unwrap();
    assert_eq!(stored.channel.credentials.secret, c.identity_secret);
    assert_eq!(
        stored.channel.webhook_key.as_deref(),
        Some(c.widget.key.as_str())
    );

    // Never again: not in its settings, the list or the page.
    let (status, one) = form_post(
        &app,
        "/api/widget_settings",
        &format!("channel={}", c.widget.channel),
        Some(&cookie),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{one}");
    let view: WidgetView = serde_json::from_str(&one).unwrap();
    assert_eq!(view, c.widget);
    let (status, list) = form_post(&app, "/api/widgets", "", Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let views: Vec<WidgetView> = serde_json::from_str(&list).unwrap();
    assert!(views.contains(&c.widget));
    let page = app.get("/channels", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("網站聊天視窗"), "{}", page.body);
    assert!(
        page.body.contains(&c.widget.key),
        "the page shows the snippet"
    );
    for text in [&one, &list, &page.body] {
        assert!(!text.contains("identity_secret"));
        assert!(!text.contains(&c.identity_secret));
        assert!(!text.contains(DEMO_WIDGET_SECRET));
    }
    app.db.drop().await;
}

#[tokio::test]
async fn refused_settings_have_their_field_and_words_and_save_nothing() {
    let app = app().await;
    let s = app.db.store.clone();
    let ws = workspace(&s).await;
    let demo = demo_widget(&s, ws).await;
    let before = s.widget(ws, demo).await.unwrap().unwrap();
    let count = channel_count(&s, ws).await;
    let cookie = sign_in(&app, "admin@demo.test").await;
    let with = |changes: Value| {
        let mut f = connect_body("Refused");
        for (k, v) in changes.as_object().unwrap() {
            f["form"][k] = v.clone();
        }
        f
    };
    for (body, field, words) in [
        (
            with(json!({ "origins": "http://shop.example" })),
            "origins",
            "https://",
        ),
        (
            with(json!({ "origins": "https://shop.example/path" })),
            "origins",
            "網站來源的格式不正確",
        ),
        (with(json!({ "origins": " \n " })), "origins", "至少"),
        (with(json!({ "name": "  " })), "name", "1 到 80"),
        (with(json!({ "colour": "red" })), "colour", "#RRGGBB"),
        (
            with(json!({ "display_name": "" })),
            "display_name",
            "1 到 60",
        ),
        (
            with(json!({ "avatar_url": "javascript:alert(1)" })),
            "avatar_url",
            "https://",
        ),
        (
            with(json!({ "greeting": "好".repeat(301) })),
            "greeting",
            "300",
        ),
        (
            with(json!({ "origins": "x".repeat(20_000) })),
            "origins",
            "",
        ),
    ] {
        let (status, answer) = json_post(&app, "/api/connect_widget", &body, Some(&cookie)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{field}: {answer}");
        let AppError::Invalid {
            field: Some(f),
            message,
        } = refusal(status, &answer)
        else {
            panic!("{field}: {answer}");
        };
        assert_eq!(f, field, "{message}");
        assert!(message.contains(words), "{field}: {message}");
    }
    assert_eq!(channel_count(&s, ws).await, count, "nothing was connected");

    // A refused change keeps the settings as they were.
    let (status, answer) = json_post(
        &app,
        "/api/update_widget",
        &update_body(demo, &before.channel.name, "http://shop.example", "#123456"),
        Some(&cookie),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(s.widget(ws, demo).await.unwrap().unwrap(), before);

    // In English for a member who reads English.
    let en = sign_in(&app, "supervisor@demo.test").await;
    let r = app
        .post("/api/set_lang", "lang=en", Some(&en), Some(ORIGIN))
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    let (status, answer) = json_post(
        &app,
        "/api/connect_widget",
        &with(json!({ "origins": "http://shop.example" })),
        Some(&en),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert!(
        refusal(status, &answer)
            .message()
            .contains("must start with https://"),
        "{answer}"
    );
    assert_eq!(channel_count(&s, ws).await, count);
    app.db.drop().await;
}

#[tokio::test]
async fn a_change_of_sites_and_colour_is_kept() {
    let app = app().await;
    let s = app.db.store.clone();
    let ws = workspace(&s).await;
    let cookie = sign_in(&app, "supervisor@demo.test").await;
    let (status, body) = json_post(
        &app,
        "/api/connect_widget",
        &connect_body("To change"),
        Some(&cookie),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let c: WidgetConnected = serde_json::from_str(&body).unwrap();
    let id = c.widget.channel;

    let (status, body) = json_post(
        &app,
        "/api/update_widget",
        &update_body(
            id,
            "To change",
            "https://Shop.Example/\nhttps://shop.example:8443, https://other.example",
            "#AA00CC",
        ),
        Some(&cookie),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let view: WidgetView = serde_json::from_str(&body).unwrap();
    let want = [
        "https://shop.example",
        "https://shop.example:8443",
        "https://other.example",
    ];
    assert_eq!(view.origins, want);
    assert_eq!(view.colour, "#aa00cc");
    assert_eq!(
        (view.key.as_str(), view.snippet.as_str()),
        (c.widget.key.as_str(), c.widget.snippet.as_str())
    );

    let stored = s.widget(ws, id).await.unwrap().unwrap();
    assert_eq!(
        stored
            .settings
            .origins
            .iter()
            .map(|o| o.as_str())
            .collect::<Vec<_>>(),
        want
    );
    assert_eq!(stored.settings.look.colour, "#aa00cc");
    assert_eq!(
        stored.channel.credentials.secret, c.identity_secret,
        "the secret stays"
    );
    let (_, again) = form_post(
        &app,
        "/api/widget_settings",
        &format!("channel={id}"),
        Some(&cookie),
    )
    .await;
    assert_eq!(serde_json::from_str::<WidgetView>(&again).unwrap(), view);
    app.db.drop().await;
}
