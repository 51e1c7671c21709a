//! A saved reply's file (issue 16): kept in the file store by whoever may change the reply,
//! replaced, taken away and deleted with it, never left behind when refused; sent after the
//! reply's text through the composer's file path, so a platform receives the text and then the
//! file, under the same rights and window as any reply. On both engines for the store, through
//! the real router and a fake platform for the HTTP side.

use crate::common::{as_member, demo_hash, engine_test, session_cookie, TestDb, NOW};
use crate::media::{rig, TempDir};
use crate::permissions::{import_other_workspace, LOGINS};
use http::StatusCode;
use omni_inbox::domain::actions::ReplyRefused;
use omni_inbox::domain::input::InputError;
use omni_inbox::domain::media::MAX_UPLOAD_BYTES;
use omni_inbox::domain::permission::{role_may, Action};
use omni_inbox::domain::saved_reply::{Draft, SavedFile, Scope};
use omni_inbox::domain::team::audit::ObjectKind;
use omni_inbox::domain::ChannelKind;
use omni_inbox::server::auth::now_millis;
use omni_inbox::server::demo;
use omni_inbox::server::fake::media::generated_png;
use omni_inbox::server::service::reply::Upload;
use omni_inbox::server::service::{saved_replies, ServiceError};
use omni_inbox::wire::AuditFilter;

const ORIGIN: Option<&str> = Some("http://127.0.0.1:3000");
const PAGE: &str = "104700000000093";
const WA_NUMBER: &str = "106540352200093";

fn draft(title: &str, shortcut: &str, text: &str) -> Draft {
    Draft {
        title: title.into(),
        shortcut: shortcut.into(),
        text: text.into(),
    }
}

fn upload<'a>(name: &'a str, bytes: &'a [u8]) -> Upload<'a> {
    Upload {
        file_name: Some(name),
        bytes,
    }
}

/// The files the store holds.
fn files_in(dir: &TempDir) -> usize {
    crate::media::files_under(dir.path())
}

engine_test!(a_saved_replys_file_is_kept_replaced_and_let_go_with_it);
async fn a_saved_replys_file_is_kept_replaced_and_let_go_with_it(db: TestDb) {
    let s = &db.store;
    s.import(&demo::dataset(NOW, &demo_hash())).await.unwrap();
    let other = import_other_workspace(s).await;
    let dir = TempDir::new();
    let d = dir.path();
    let boss = as_member(s, "csmanager@demo.test").await;
    let agent = as_member(s, "agent@demo.test").await;
    let agent2 = as_member(s, "agent2@demo.test").await;
    let stranger = as_member(s, "other.admin@demo.test").await;
    assert_eq!(stranger.workspace_id, other);
    let map = generated_png("the shop's map");
    let menu = b"%PDF-1.7\n% the menu\n%%EOF\n".to_vec();

    let team = saved_replies::save(
        s,
        &boss,
        Scope::Team,
        None,
        &draft("門市地圖", "map", "這是門市地圖。"),
        NOW,
    )
    .await
    .unwrap();
    let mine = saved_replies::save(
        s,
        &agent,
        Scope::Personal,
        None,
        &draft("菜單", "menu", "附上菜單。"),
        NOW,
    )
    .await
    .unwrap();

    // The team's file, kept by a manager; every member sees it with the reply.
    let kept = saved_replies::attach(
        s,
        d,
        &boss,
        Scope::Team,
        team,
        upload("門市地圖.png", &map),
        NOW,
    )
    .await
    .unwrap();
    let expected = SavedFile {
        name: "門市地圖.png".into(),
        size: map.len() as i64,
    };
    assert_eq!(kept, expected);
    let listed = saved_replies::list(s, &agent2).await.unwrap();
    let shown = listed.iter().find(|c| c.id == team).unwrap();
    assert_eq!(shown.file.as_ref(), Some(&expected));
    assert_eq!(files_in(&dir), 1);

    // Refused, and nothing kept: an agent on the team's, another member on one's own, another
    // workspace, an empty file and one past 10 MB (before it is written).
    let big = vec![0u8; MAX_UPLOAD_BYTES as usize + 1];
    let refusals = [
        (&agent, Scope::Team, team, upload("a.png", &map)),
        (&agent2, Scope::Personal, mine, upload("a.png", &map)),
        (&stranger, Scope::Team, team, upload("a.png", &map)),
        (&boss, Scope::Team, team, upload("empty.png", &[])),
        (&boss, Scope::Team, team, upload("big.bin", &big)),
    ];
    let mut answers = Vec::new();
    for (who, scope, id, file) in refusals {
        answers.push(saved_replies::attach(s, d, who, scope, id, file, NOW).await);
    }
    assert!(matches!(answers[0], Err(ServiceError::NotAllowed)));
    assert!(matches!(answers[1], Err(ServiceError::NotFound(_))));
    assert!(matches!(answers[2], Err(ServiceError::NotFound(_))));
    assert!(matches!(
        answers[3],
        Err(ServiceError::Input(InputError::Missing("file")))
    ));
    assert!(matches!(
        answers[4],
        Err(ServiceError::Input(InputError::TooBig { .. }))
    ));
    assert_eq!(files_in(&dir), 1, "a refused file is never kept");

    // One's own: only its member finds it to send.
    saved_replies::attach(
        s,
        d,
        &agent,
        Scope::Personal,
        mine,
        upload("menu.pdf", &menu),
        NOW,
    )
    .await
    .unwrap();
    let theirs = s
        .saved_reply_file(agent.workspace_id, agent.member_id, mine)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (theirs.name.as_str(), theirs.size),
        ("menu.pdf", menu.len() as i64)
    );
    for (who, id) in [(&agent2, mine), (&stranger, team)] {
        let found = s
            .saved_reply_file(who.workspace_id, who.member_id, id)
            .await;
        assert_eq!(found.unwrap(), None);
    }
    assert_eq!(files_in(&dir), 2);

    // Replaced: the old file goes; the audit log says from what to what.
    let v2 = generated_png("the shop's map, v2");
    saved_replies::attach(
        s,
        d,
        &boss,
        Scope::Team,
        team,
        upload("map-v2.png", &v2),
        NOW,
    )
    .await
    .unwrap();
    assert_eq!(files_in(&dir), 2);
    let now_kept = s
        .saved_reply_file(agent.workspace_id, agent.member_id, team)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(std::fs::read(d.join(&now_kept.path)).unwrap(), v2);
    let filter = AuditFilter {
        kind: Some(ObjectKind::SavedReply),
        ..AuditFilter::default()
    };
    let lines = s.audit(boss.workspace_id, &filter, 10).await.unwrap().rows;
    assert!(lines
        .iter()
        .any(|l| l.changes.iter().any(|c| c.field == "file"
            && c.from.as_deref() == Some("門市地圖.png")
            && c.to.as_deref() == Some("map-v2.png"))));

    // Taken away: an agent may not; the manager may, and the file goes.
    assert!(matches!(
        saved_replies::detach(s, d, &agent, Scope::Team, team, NOW).await,
        Err(ServiceError::NotAllowed)
    ));
    saved_replies::detach(s, d, &boss, Scope::Team, team, NOW)
        .await
        .unwrap();
    let listed = saved_replies::list(s, &agent).await.unwrap();
    assert_eq!(listed.iter().find(|c| c.id == team).unwrap().file, None);
    assert_eq!(files_in(&dir), 1);

    // Deleted with its reply.
    saved_replies::delete(s, d, &agent, Scope::Personal, mine, NOW)
        .await
        .unwrap();
    assert_eq!(files_in(&dir), 0);
}

#[tokio::test]
async fn a_saved_replys_text_and_file_reach_the_platform_one_after_the_other() {
    let r = rig().await;
    let now = now_millis();
    let s = &r.app.db.store;
    let admin = as_member(s, "admin@demo.test").await;
    let messenger = r.channel(ChannelKind::Messenger, PAGE).await;
    let id = r.customer_writes(&messenger, "7000000000000093", now).await;
    let map = generated_png("門市地圖");
    let cookie = session_cookie(&r.app.login("admin@demo.test", "demo1234").await);

    // The admin keeps a team reply with a picture, uploaded like the page does.
    let reply = saved_replies::save(
        s,
        &admin,
        Scope::Team,
        None,
        &draft("門市地圖", "map", "{customer.name} 您好，這是門市地圖。"),
        now,
    )
    .await
    .unwrap();
    let path = format!("/replies/team/{reply}/file");
    let (status, json) = r
        .post_file(
            &path,
            Some("admin@demo.test"),
            "%E5%9C%B0%E5%9C%96.png",
            map.clone(),
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["name"], "地圖.png");
    assert_eq!(json["size"], map.len());
    let listed = r
        .app
        .post("/api/saved_replies", "", Some(&cookie), ORIGIN)
        .await;
    assert!(listed.body.contains("地圖.png"), "{}", listed.body);

    // The composer sends the text, then the file.
    let sent = r
        .app
        .post(
            "/api/send_message",
            &format!(
                "id={id}&kind=reply&body=%E9%80%99%E6%98%AF%E9%96%80%E5%B8%82%E5%9C%B0%E5%9C%96"
            ),
            Some(&cookie),
            ORIGIN,
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    let text = r.sent().await;
    assert_eq!(
        text.body["message"]["text"], "這是門市地圖",
        "{}",
        text.body
    );
    let sent = r
        .app
        .post(
            "/api/send_saved_reply_file",
            &format!("id={id}&reply={reply}"),
            Some(&cookie),
            ORIGIN,
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    let file = r.sent().await;
    let attachment = &file.body["message"]["attachment"];
    assert_eq!(attachment["type"], "image", "{}", file.body);
    let fetched = r
        .fetch_public(attachment["payload"]["url"].as_str().unwrap())
        .await;
    assert_eq!(
        (fetched.status, fetched.bytes),
        (StatusCode::OK, map.clone())
    );
    // The message is the conversation's own copy: the reply's file stays for the next time.
    assert_eq!(r.stored_files(), 2);
    let again = r
        .app
        .post(
            "/api/send_saved_reply_file",
            &format!("id={id}&reply={reply}"),
            Some(&cookie),
            ORIGIN,
        )
        .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);

    // Deleting the reply lets its file go; the messages sent keep theirs.
    let gone = r
        .app
        .post(
            "/api/delete_saved_reply",
            &format!("scope=team&id={reply}"),
            Some(&cookie),
            ORIGIN,
        )
        .await;
    assert_eq!(gone.status, StatusCode::OK, "{}", gone.body);
    assert_eq!(r.stored_files(), 2);
    let fetched = r
        .fetch_public(attachment["payload"]["url"].as_str().unwrap())
        .await;
    assert_eq!(fetched.bytes, map);
}

#[tokio::test]
async fn a_saved_replys_file_answers_the_same_rights_as_the_reply_and_a_reply() {
    let r = rig().await;
    let now = now_millis();
    let s = &r.app.db.store;
    import_other_workspace(s).await;
    let messenger = r.channel(ChannelKind::Messenger, PAGE).await;
    // Followed up by the admin: only they (and whoever may reply to another's) reply.
    let id = r.customer_writes(&messenger, "7000000000000094", now).await;
    let boss = as_member(s, "csmanager@demo.test").await;
    let agent = as_member(s, "agent@demo.test").await;
    let png = generated_png("kept");
    let team = saved_replies::save(s, &boss, Scope::Team, None, &draft("t", "t", "t"), now)
        .await
        .unwrap();
    let own = saved_replies::save(s, &agent, Scope::Personal, None, &draft("o", "o", "o"), now)
        .await
        .unwrap();
    let team_path = format!("/replies/team/{team}/file");
    let own_path = format!("/replies/personal/{own}/file");

    // The upload: nobody 401, another workspace 404, a cross-site page 403, an unknown scope
    // 404; each role exactly as it may keep the team's; another member's own 404.
    let (status, _) = r
        .post_file(&team_path, None, "a.png", png.clone(), &[])
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let stranger = Some("other.admin@demo.test");
    let (status, _) = r
        .post_file(&team_path, stranger, "a.png", png.clone(), &[])
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let evil = [("origin", "https://evil.example")];
    let (status, _) = r
        .post_file(
            &team_path,
            Some("admin@demo.test"),
            "a.png",
            png.clone(),
            &evil,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let odd = format!("/replies/everyone/{team}/file");
    let (status, _) = r
        .post_file(&odd, Some("admin@demo.test"), "a.png", png.clone(), &[])
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(r.stored_files(), 0);
    for login in LOGINS {
        let who = as_member(s, login).await;
        let expected = if role_may(who.role, Action::ManageSavedReplies) {
            StatusCode::OK
        } else {
            StatusCode::FORBIDDEN
        };
        let (status, json) = r
            .post_file(&team_path, Some(login), "a.png", png.clone(), &[])
            .await;
        assert_eq!(status, expected, "{login}: {json}");
        let expected = if who.member_id == agent.member_id {
            StatusCode::OK
        } else {
            StatusCode::NOT_FOUND
        };
        let (status, json) = r
            .post_file(&own_path, Some(login), "o.png", png.clone(), &[])
            .await;
        assert_eq!(status, expected, "{login}: {json}");
    }
    // Each replaced the one before: one file per reply.
    assert_eq!(r.stored_files(), 2);
    // Too big: refused on the declared size before a byte is read.
    let declared = (MAX_UPLOAD_BYTES + 1).to_string();
    let (status, _) = r
        .post_file(
            &team_path,
            Some("admin@demo.test"),
            "big.bin",
            b"tiny".to_vec(),
            &[("content-length", declared.as_str())],
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);

    // Taking it away: the same rights as keeping it.
    let agent_cookie = session_cookie(&r.app.login("agent@demo.test", "demo1234").await);
    let refused = r
        .app
        .post(
            "/api/remove_saved_reply_file",
            &format!("scope=team&id={team}"),
            Some(&agent_cookie),
            ORIGIN,
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    let remove = |scope: &str, id: i64| format!("scope={scope}&id={id}");
    let none = r
        .app
        .post(
            "/api/remove_saved_reply_file",
            &remove("team", team),
            None,
            ORIGIN,
        )
        .await;
    assert_eq!(none.status, StatusCode::UNAUTHORIZED);
    let stranger_cookie = session_cookie(&r.app.login("other.admin@demo.test", "demo1234").await);
    let foreign = r
        .app
        .post(
            "/api/remove_saved_reply_file",
            &remove("team", team),
            Some(&stranger_cookie),
            ORIGIN,
        )
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND, "{}", foreign.body);

    // Sending it: every role exactly where a reply may go; another member's own is not there
    // to send; nobody 401.
    let send = |reply: i64| format!("id={id}&reply={reply}");
    let none = r
        .app
        .post("/api/send_saved_reply_file", &send(team), None, ORIGIN)
        .await;
    assert_eq!(none.status, StatusCode::UNAUTHORIZED);
    for login in LOGINS {
        let who = as_member(s, login).await;
        let expected = match omni_inbox::server::service::conversation::visible(s, &who, id).await {
            Err(_) => StatusCode::NOT_FOUND,
            Ok(rec) => match omni_inbox::domain::actions::may_reply(&who.actor(), &rec.facts) {
                Ok(()) => StatusCode::OK,
                Err(_) => StatusCode::FORBIDDEN,
            },
        };
        let cookie = session_cookie(&r.app.login(login, "demo1234").await);
        let got = r
            .app
            .post(
                "/api/send_saved_reply_file",
                &send(team),
                Some(&cookie),
                ORIGIN,
            )
            .await;
        assert_eq!(got.status, expected, "{login}: {}", got.body);
    }
    let foreign = r
        .app
        .post(
            "/api/send_saved_reply_file",
            &send(team),
            Some(&stranger_cookie),
            ORIGIN,
        )
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND, "{}", foreign.body);
    let admin_cookie = session_cookie(&r.app.login("admin@demo.test", "demo1234").await);
    let theirs = r
        .app
        .post(
            "/api/send_saved_reply_file",
            &send(own),
            Some(&admin_cookie),
            ORIGIN,
        )
        .await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND, "{}", theirs.body);

    // Outside WhatsApp's window: refused like a text reply, before the file is read or kept.
    let wa = r.channel(ChannelKind::WhatsApp, WA_NUMBER).await;
    let day = 24 * 60 * 60 * 1000;
    let late = r.customer_writes(&wa, "886912000093", now - 2 * day).await;
    let before = r.stored_files();
    let admin = as_member(s, "admin@demo.test").await;
    let closed = saved_replies::send_file(s, r.dir.path(), &admin, late, team, now).await;
    assert!(
        matches!(closed, Err(ServiceError::Reply(ReplyRefused::WindowClosed))),
        "{closed:?}"
    );
    assert_eq!(r.stored_files(), before);

    // Taking it away, by each role: the team's as they may keep it, another member's own
    // not there for them.
    for login in LOGINS {
        let who = as_member(s, login).await;
        let cookie = session_cookie(&r.app.login(login, "demo1234").await);
        let expected = if role_may(who.role, Action::ManageSavedReplies) {
            StatusCode::OK
        } else {
            StatusCode::FORBIDDEN
        };
        let got = r
            .app
            .post(
                "/api/remove_saved_reply_file",
                &remove("team", team),
                Some(&cookie),
                ORIGIN,
            )
            .await;
        assert_eq!(got.status, expected, "{login}: {}", got.body);
        let expected = if who.member_id == agent.member_id {
            StatusCode::OK
        } else {
            StatusCode::NOT_FOUND
        };
        let got = r
            .app
            .post(
                "/api/remove_saved_reply_file",
                &remove("personal", own),
                Some(&cookie),
                ORIGIN,
            )
            .await;
        assert_eq!(got.status, expected, "{login}: {}", got.body);
    }
    // The replies keep no file now.
    assert!(s
        .saved_reply_file(agent.workspace_id, agent.member_id, own)
        .await
        .unwrap()
        .is_none());
    assert!(s
        .saved_reply_file(agent.workspace_id, agent.member_id, team)
        .await
        .unwrap()
        .is_none());
}
