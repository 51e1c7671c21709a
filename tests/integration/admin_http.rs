//! The admin pages' server functions and picture routes (issue 15) × every role × another
//! workspace's ids × nobody, through the real router: each answers exactly its roles, finds
//! nothing of another workspace, and changes nothing when it refuses.

use crate::common::{app, as_member, session_cookie, App};
use crate::permissions::{import_other_workspace, LOGINS};
use http::StatusCode;
use omni_inbox::domain::permission::{role_may, Action};
use omni_inbox::domain::team::{MemberDraft, WorkspaceDraft};
use omni_inbox::domain::{Lang, Role};
use omni_inbox::server::db::Store;
use omni_inbox::wire::MemberFilter;
use serde_json::json;

const ORIGIN: Option<&str> = Some("http://127.0.0.1:3000");

fn draft(name: &str, email: &str, role: Role) -> MemberDraft {
    MemberDraft {
        name: name.into(),
        email: email.into(),
        role,
        region: None,
        branch: None,
        lang: Lang::ZhTw,
        capacity: None,
    }
}

fn want(may: bool) -> StatusCode {
    if may {
        StatusCode::OK
    } else {
        StatusCode::FORBIDDEN
    }
}

async fn form(app: &App, cookie: Option<&str>, path: &str, body: &str) -> (StatusCode, String) {
    let r = app.post(path, body, cookie, ORIGIN).await;
    (r.status, r.body)
}

async fn other_ids(s: &Store) -> (i64, i64, i64, i64) {
    let other = import_other_workspace(s).await;
    let st = s.structure(other).await.unwrap();
    let tag = s.tag_rows(other).await.unwrap()[0].id.get();
    let member = s
        .member_rows(other, &MemberFilter::default(), 1)
        .await
        .unwrap()
        .members[0]
        .id
        .get();
    (member, st.regions[0].id.get(), st.branches[0].id.get(), tag)
}

/// A 2 × 2 PNG.
fn png() -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgba8(image::RgbaImage::new(2, 2))
        .write_to(&mut out, image::ImageFormat::Png)
        .unwrap();
    out.into_inner()
}

async fn upload(app: &App, path: &str, cookie: Option<&str>) -> (StatusCode, String) {
    let mut req = crate::common::post_request("image/png", path, "", cookie, ORIGIN);
    *req.body_mut() = axum::body::Body::from(png());
    let r = app.send(req).await;
    (r.status, r.body)
}

#[tokio::test]
async fn every_admin_function_answers_only_its_roles_in_its_workspace() {
    let app = app().await;
    let s = &app.db.store;
    let (their_member, their_region, their_branch, their_tag) = other_ids(s).await;
    let before = s
        .audit(
            as_member(s, "admin@demo.test").await.workspace_id,
            &Default::default(),
            1000,
        )
        .await
        .unwrap()
        .rows
        .len();
    let mut allowed_writes = 0;
    for (i, login) in LOGINS.into_iter().enumerate() {
        let who = as_member(s, login).await;
        let cookie = session_cookie(&app.login(login, "demo1234").await);
        let c = Some(cookie.as_str());
        let members = role_may(who.role, Action::Manage);
        let structure = role_may(who.role, Action::ManageStructure);
        let tags = role_may(who.role, Action::ManageTags);
        let settings = role_may(who.role, Action::ManageWorkspace);
        let audit = role_may(who.role, Action::ReadAudit);
        assert_eq!(members, matches!(who.role, Role::Admin | Role::Supervisor));
        assert_eq!(structure, who.role == Role::Admin);

        // Members.
        let r = app
            .post_json(
                "/api/admin_members",
                &json!({ "filter": MemberFilter::default() }),
                &cookie,
            )
            .await;
        assert_eq!(r.status, want(members), "{login}: {}", r.body);
        let invite = json!({ "draft": draft(&format!("新同事{i}"), &format!("new{i}@demo.test"), Role::Agent) });
        let r = app.post_json("/api/invite_member", &invite, &cookie).await;
        assert_eq!(r.status, want(members), "{login}: {}", r.body);
        allowed_writes += usize::from(members);
        if members {
            // Inviting an admin is an admin's alone.
            let admin_invite =
                json!({ "draft": draft("新管理員", &format!("boss{i}@demo.test"), Role::Admin) });
            let r = app
                .post_json("/api/invite_member", &admin_invite, &cookie)
                .await;
            let may = who.role == Role::Admin;
            assert_eq!(r.status, want(may), "{login}: {}", r.body);
            allowed_writes += usize::from(may);
        }
        let edit = json!({ "id": their_member, "draft": draft("改", "x@other.test", Role::Agent) });
        let r = app.post_json("/api/edit_member", &edit, &cookie).await;
        let theirs = if members {
            StatusCode::NOT_FOUND
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(r.status, theirs, "{login}: {}", r.body);
        for (path, body) in [
            (
                "/api/set_member_active",
                format!("member_id={their_member}&active=false"),
            ),
            ("/api/member_link", format!("id={their_member}")),
            ("/api/member_conversations", format!("id={their_member}")),
        ] {
            let (status, body) = form(&app, c, path, &body).await;
            assert_eq!(status, theirs, "{login} {path}: {body}");
        }

        // Regions and branches: everyone who manages members reads them; only admins edit.
        let (status, body) = form(&app, c, "/api/team_structure", "").await;
        assert_eq!(status, want(members || structure), "{login}: {body}");
        let (status, body) = form(&app, c, "/api/save_region", &format!("name=區域{i}")).await;
        assert_eq!(status, want(structure), "{login}: {body}");
        allowed_writes += usize::from(structure);
        let theirs = if structure {
            StatusCode::NOT_FOUND
        } else {
            StatusCode::FORBIDDEN
        };
        for (path, body) in [
            ("/api/save_region", format!("id={their_region}&name=改")),
            ("/api/delete_region", format!("id={their_region}")),
            (
                "/api/save_branch",
                format!("id={their_branch}&region={their_region}&name=改"),
            ),
            ("/api/delete_branch", format!("id={their_branch}")),
        ] {
            let (status, body) = form(&app, c, path, &body).await;
            assert!(
                status == theirs || (structure && status == StatusCode::BAD_REQUEST),
                "{login} {path}: {status} {body}"
            );
        }

        // Tags.
        let (status, body) = form(&app, c, "/api/tags", "").await;
        assert_eq!(status, want(tags), "{login}: {body}");
        let (status, body) = form(
            &app,
            c,
            "/api/save_tag",
            &format!("name=標籤{i}&color=teal"),
        )
        .await;
        assert_eq!(status, want(tags), "{login}: {body}");
        allowed_writes += usize::from(tags);
        let theirs = if tags {
            StatusCode::NOT_FOUND
        } else {
            StatusCode::FORBIDDEN
        };
        for (path, body) in [
            ("/api/save_tag", format!("id={their_tag}&name=改&color=red")),
            ("/api/delete_tag", format!("id={their_tag}")),
            (
                "/api/merge_tags",
                format!("from={their_tag}&into={their_tag}9"),
            ),
        ] {
            let (status, body) = form(&app, c, path, &body).await;
            assert_eq!(status, theirs, "{login} {path}: {body}");
        }

        // The workspace's settings and the audit log.
        let (status, body) = form(&app, c, "/api/workspace_info", "").await;
        assert_eq!(status, want(settings), "{login}: {body}");
        let save = json!({ "draft": WorkspaceDraft {
            name: "森好生活".into(),
            utc_offset_minutes: 480,
            default_lang: Lang::ZhTw,
        } });
        let r = app.post_json("/api/save_workspace", &save, &cookie).await;
        assert_eq!(r.status, want(settings), "{login}: {}", r.body);
        let (status, body) = form(&app, c, "/api/audit_log", "").await;
        assert_eq!(status, want(audit), "{login}: {body}");

        // Pictures: everyone their own avatar; the logo the admin's.
        let (status, body) = upload(&app, "/pictures/avatar", c).await;
        assert_eq!(status, StatusCode::OK, "{login}: {body}");
        let url = serde_json::from_str::<serde_json::Value>(&body).unwrap()["url"]
            .as_str()
            .unwrap()
            .to_owned();
        let r = app.send_bytes(crate::common::get_request(&url, c)).await;
        assert_eq!(r.status, StatusCode::OK, "{login}");
        assert_eq!(
            r.headers.get("content-type").and_then(|v| v.to_str().ok()),
            Some("image/jpeg")
        );
        let (status, body) = upload(&app, "/pictures/logo", c).await;
        assert_eq!(status, want(settings), "{login}: {body}");
        allowed_writes += usize::from(settings);

        // Removing them: everyone their own avatar; the logo, only those who may set it (a
        // logo is there to remove whoever asks).
        let (status, body) = form(&app, c, "/api/remove_avatar", "").await;
        assert_eq!(status, StatusCode::OK, "{login}: {body}");
        let row = s.member_row(who.workspace_id, who.member_id).await.unwrap();
        assert_eq!(row.unwrap().avatar_url, None, "{login}");
        let logo = s
            .put_picture(who.workspace_id, "image/png", &png(), 1)
            .await
            .unwrap();
        s.set_logo(who.workspace_id, Some(logo), &crate::common::by_test())
            .await
            .unwrap();
        let (status, body) = form(&app, c, "/api/remove_logo", "").await;
        assert_eq!(status, want(settings), "{login}: {body}");
        let kept = s
            .workspace_settings(who.workspace_id)
            .await
            .unwrap()
            .logo_url;
        assert_eq!(kept.is_none(), settings, "{login}");
        allowed_writes += usize::from(settings);
    }
    // The other workspace's member, tag and branch are untouched.
    let other_admin = as_member(s, "other.admin@demo.test").await;
    let ws = other_admin.workspace_id;
    assert!(s
        .tag_rows(ws)
        .await
        .unwrap()
        .iter()
        .any(|t| t.id.get() == their_tag));
    assert!(s
        .structure(ws)
        .await
        .unwrap()
        .branches
        .iter()
        .any(|b| b.id.get() == their_branch));
    assert!(s
        .member_rows(ws, &MemberFilter::default(), 100)
        .await
        .unwrap()
        .members
        .iter()
        .all(|m| m.active && m.name != "改"));
    // Every allowed write left an audit line; refusals left none.
    let mine = as_member(s, "admin@demo.test").await.workspace_id;
    let after = s
        .audit(mine, &Default::default(), 1000)
        .await
        .unwrap()
        .rows
        .len();
    assert!(
        after - before >= allowed_writes,
        "{after} - {before} < {allowed_writes}"
    );
    assert!(s
        .audit(ws, &Default::default(), 1000)
        .await
        .unwrap()
        .rows
        .is_empty());

    // Nobody signed in: 401, and a picture is not served.
    for path in [
        "/api/team_structure",
        "/api/tags",
        "/api/workspace_info",
        "/api/audit_log",
        "/api/remove_logo",
        "/api/remove_avatar",
    ] {
        let (status, _) = form(&app, None, path, "").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}");
    }
    let list = json!({ "filter": MemberFilter::default() }).to_string();
    let r = app
        .send(crate::common::post_request(
            "application/json",
            "/api/admin_members",
            &list,
            None,
            ORIGIN,
        ))
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let (status, _) = upload(&app, "/pictures/avatar", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let r = app.get("/pictures/1", None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    // A member of another workspace does not get this one's pictures.
    let cookie = session_cookie(&app.login("other.admin@demo.test", "demo1234").await);
    let picture: i64 = app.db.scalar("select min(id) from pictures").await;
    let r = app
        .get(&format!("/pictures/{picture}"), Some(&cookie))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    app.db.drop().await;
}

#[tokio::test]
async fn a_picture_that_is_not_one_or_too_big_is_refused_before_any_work() {
    let app = app().await;
    let cookie = session_cookie(&app.login("agent@demo.test", "demo1234").await);
    let mut req = crate::common::post_request(
        "image/png",
        "/pictures/avatar",
        "not a picture",
        Some(&cookie),
        ORIGIN,
    );
    let r = app
        .send(std::mem::replace(
            &mut req,
            crate::common::get_request("/", None),
        ))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    let mut big =
        crate::common::post_request("image/png", "/pictures/avatar", "", Some(&cookie), ORIGIN);
    big.headers_mut().insert(
        http::header::CONTENT_LENGTH,
        http::HeaderValue::from_static("6000000"),
    );
    let r = app.send(big).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.body);
    let n: i64 = app.db.scalar("select count(*) from pictures").await;
    assert_eq!(n, 0);
    app.db.drop().await;
}
