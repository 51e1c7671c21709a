//! The customer profile: storage on every engine (round trip, tags created once and reused,
//! the tag set replaced, workspaces kept apart) and the two server functions through the real
//! router (validation, visibility, HTTP statuses).

use crate::common::{app, demo_hash, engine_test, json, session_cookie, App, TestDb, NOW};
use http::StatusCode;
use omni_inbox::domain::permission::Scope;
use omni_inbox::domain::profile::ProfileEdit;
use omni_inbox::domain::{ConversationId, CustomerId, MemberId, WorkspaceId};
use omni_inbox::server::db::{DbError, ListQuery, Store};
use omni_inbox::server::demo;
use omni_inbox::wire::View;

async fn demo_workspace(s: &Store) -> WorkspaceId {
    s.import(&demo::dataset(NOW, &demo_hash())).await.unwrap()
}

/// A second workspace shaped like the demo (logins and channel ids renamed to stay unique).
async fn other_workspace(s: &Store) -> WorkspaceId {
    let mut other = demo::dataset(NOW, &demo_hash());
    for m in &mut other.members {
        m.email = format!("other.{}", m.email);
    }
    for c in &mut other.channels {
        c.external_id = format!("other-{}", c.external_id);
    }
    s.import(&other).await.unwrap()
}

/// The first pending conversation of workspace `ws` and its customer.
async fn a_conversation(s: &Store, ws: WorkspaceId) -> (ConversationId, CustomerId, String) {
    let q = ListQuery {
        workspace_id: ws,
        me: MemberId(0),
        scope: Scope::All,
        view: View::PendingHuman,
        channel: None,
        owner: None,
        sort: Default::default(),
        after: None,
        now: crate::common::NOW,
        limit: 1,
    };
    let row = s.list_conversations(&q).await.unwrap().rows.remove(0);
    let customer = s.customer_of(ws, row.id).await.unwrap().unwrap();
    assert_eq!(customer, row.customer_id);
    (row.id, customer, row.customer_name)
}

fn edit(name: &str, tags: &[&str]) -> ProfileEdit {
    ProfileEdit {
        name: name.into(),
        phone: Some("+886912345678".into()),
        email: Some("mei.lin@example.com".into()),
        note: "偏好下午聯絡".into(),
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
    }
}

engine_test!(a_profile_saves_and_loads_with_its_tags);
async fn a_profile_saves_and_loads_with_its_tags(db: TestDb) {
    let s = &db.store;
    let ws = demo_workspace(s).await;
    let (_, customer, name) = a_conversation(s, ws).await;
    let before = s.customer_profile(ws, customer).await.unwrap().unwrap();
    assert_eq!(before.name, name, "{:?}", db.engine());
    assert!(
        !before.identities.is_empty(),
        "every demo customer wrote in"
    );
    assert!(before.identities.iter().all(|i| !i.external_id.is_empty()));
    let demo_tags = s.workspace_tags(ws).await.unwrap();
    assert_eq!(demo_tags.len(), demo::content::TAGS.len());
    assert!(demo_tags.windows(2).all(|w| w[0] < w[1]), "sorted");

    // One tag the workspace has, one it does not.
    let e = edit("林美玲", &["新客 New", "VIP VIP"]);
    s.save_customer_profile(ws, customer, &e, NOW + 1)
        .await
        .unwrap();
    let after = s.customer_profile(ws, customer).await.unwrap().unwrap();
    assert_eq!(
        (
            after.name.as_str(),
            after.phone.as_deref(),
            after.email.as_deref(),
            after.note.as_str(),
            after.updated_at,
        ),
        (
            "林美玲",
            Some("+886912345678"),
            Some("mei.lin@example.com"),
            "偏好下午聯絡",
            NOW + 1
        ),
        "{:?}",
        db.engine()
    );
    assert_eq!(after.tags, ["VIP VIP", "新客 New"], "sorted by name");
    assert_eq!(
        after.identities, before.identities,
        "identities are not edited"
    );
    let tags = s.workspace_tags(ws).await.unwrap();
    assert_eq!(tags.len(), demo_tags.len() + 1);

    // Saving again reuses the new tag (created once), adds another, and drops VIP.
    let e = edit("林美玲", &["新客 New", "另一個標籤"]);
    s.save_customer_profile(ws, customer, &e, NOW + 2)
        .await
        .unwrap();
    let after = s.customer_profile(ws, customer).await.unwrap().unwrap();
    assert_eq!(after.tags, ["另一個標籤", "新客 New"]);
    let tags = s.workspace_tags(ws).await.unwrap();
    assert_eq!(tags.len(), demo_tags.len() + 2);
    assert_eq!(tags.iter().filter(|t| *t == "新客 New").count(), 1);
    assert!(
        tags.iter().any(|t| t == "VIP VIP"),
        "a dropped tag stays in the workspace"
    );

    // Empty optional fields and no tags.
    let bare = ProfileEdit {
        name: "Mei".into(),
        phone: None,
        email: None,
        note: String::new(),
        tags: Vec::new(),
    };
    s.save_customer_profile(ws, customer, &bare, NOW + 3)
        .await
        .unwrap();
    let after = s.customer_profile(ws, customer).await.unwrap().unwrap();
    assert_eq!(
        (after.phone, after.email, after.note, after.tags.len()),
        (None, None, String::new(), 0)
    );
    // A second customer picks up the same new tag without creating it again.
    let other_customer = s
        .customer_profile(ws, CustomerId(customer.get() + 1))
        .await
        .unwrap()
        .map(|c| c.id);
    if let Some(c2) = other_customer {
        s.save_customer_profile(ws, c2, &edit("Ben", &["新客 New"]), NOW + 4)
            .await
            .unwrap();
        let tags = s.workspace_tags(ws).await.unwrap();
        assert_eq!(tags.len(), demo_tags.len() + 2);
    }
}

engine_test!(another_workspace_cannot_reach_a_customer);
async fn another_workspace_cannot_reach_a_customer(db: TestDb) {
    let s = &db.store;
    let a = demo_workspace(s).await;
    let b = other_workspace(s).await;
    let (conv, customer, _) = a_conversation(s, a).await;
    let before = s.customer_profile(a, customer).await.unwrap().unwrap();
    let b_tags = s.workspace_tags(b).await.unwrap();

    assert_eq!(s.customer_of(b, conv).await.unwrap(), None);
    assert_eq!(s.customer_profile(b, customer).await.unwrap(), None);
    let r = s
        .save_customer_profile(b, customer, &edit("Intruder", &["偷偷加的"]), NOW + 1)
        .await;
    assert!(matches!(r, Err(DbError::NotFound)), "{r:?}");
    assert_eq!(
        s.customer_profile(a, customer).await.unwrap().unwrap(),
        before,
        "untouched on {:?}",
        db.engine()
    );
    assert_eq!(s.workspace_tags(b).await.unwrap(), b_tags, "no tag created");
    assert!(!s
        .workspace_tags(a)
        .await
        .unwrap()
        .contains(&"偷偷加的".to_owned()));

    // The same new tag name in each workspace is each workspace's own tag.
    let (_, b_customer, _) = a_conversation(s, b).await;
    s.save_customer_profile(a, customer, &edit("A", &["共用名稱"]), NOW + 2)
        .await
        .unwrap();
    assert!(!s
        .workspace_tags(b)
        .await
        .unwrap()
        .contains(&"共用名稱".to_owned()));
    s.save_customer_profile(b, b_customer, &edit("B", &["共用名稱"]), NOW + 3)
        .await
        .unwrap();
    let b_profile = s.customer_profile(b, b_customer).await.unwrap().unwrap();
    assert_eq!(b_profile.tags, ["共用名稱"]);
    let a_profile = s.customer_profile(a, customer).await.unwrap().unwrap();
    assert_eq!((a_profile.name.as_str(), a_profile.tags.len()), ("A", 1));
}

// --- through the router -------------------------------------------------------------------

const ORIGIN: Option<&str> = Some("http://127.0.0.1:3000");

/// Percent-encodes a form value.
fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn save_form(id: i64, name: &str, phone: &str, email: &str, tags: &[&str]) -> String {
    let mut form = format!(
        "conversation_id={id}&name={}&phone={}&email={}&note={}",
        enc(name),
        enc(phone),
        enc(email),
        enc("喜歡 LINE 聯絡")
    );
    for (i, t) in tags.iter().enumerate() {
        form.push_str(&format!("&tags[{i}]={}", enc(t)));
    }
    form
}

async fn profile(app: &App, cookie: &str, id: i64) -> (StatusCode, serde_json::Value) {
    let r = app
        .post(
            "/api/customer_profile",
            &format!("conversation_id={id}"),
            Some(cookie),
            ORIGIN,
        )
        .await;
    (r.status, json(&r))
}

#[tokio::test]
async fn members_read_and_edit_the_customer_of_a_conversation_they_see() {
    let app = app().await;
    let agent = session_cookie(&app.login("agent@demo.test", "demo1234").await);
    let rep = session_cookie(&app.login("salesrep@demo.test", "demo1234").await);
    // A tag recoloured on the tags page shows in its colour beside the conversation.
    let s = &app.db.store;
    let ws = crate::common::as_member(s, "agent@demo.test")
        .await
        .workspace_id;
    let vip = s
        .tag_rows(ws)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.name == "VIP VIP")
        .unwrap();
    s.save_tag(
        ws,
        Some(vip.id),
        "VIP VIP",
        "amber",
        &crate::common::by_test(),
    )
    .await
    .unwrap()
    .unwrap();
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
    let (status, panel) = profile(&app, &agent, id).await;
    assert_eq!(status, StatusCode::OK, "{panel}");
    assert_eq!(panel["editable"], true);
    assert_eq!(panel["profile"]["name"], list["rows"][0]["customer_name"]);
    assert!(!panel["profile"]["identities"]
        .as_array()
        .unwrap()
        .is_empty());
    assert!(panel["workspace_tags"]
        .as_array()
        .unwrap()
        .contains(&"VIP VIP".into()));
    assert!(panel["tag_colors"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!(["VIP VIP", "amber"])));
    let original = panel["profile"].clone();
    // The conversation page shows the profile beside the thread, rendered on the server.
    let page = app
        .get(&format!("/inbox/pending-human/{id}"), Some(&agent))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let first_identity = original["identities"][0]["external_id"].as_str().unwrap();
    for text in ["顧客資料", "頻道身分", "平台 ID", first_identity] {
        assert!(page.body.contains(text), "{text} missing from the page");
    }

    // A bad email: a clear message in the member's language, for that field; nothing changes.
    let r = app
        .post(
            "/api/save_customer_profile",
            &save_form(id, "林美玲", "0912-345-678", "mei@localhost", &[]),
            Some(&agent),
            ORIGIN,
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(
        json(&r)["Invalid"],
        serde_json::json!({ "field": "email", "message": "電子郵件格式不正確，例如 name@example.com。" })
    );
    let r = app
        .post(
            "/api/save_customer_profile",
            &save_form(id, "林美玲", "09xx-345", "", &[]),
            Some(&agent),
            ORIGIN,
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(json(&r)["Invalid"]["field"], "phone");
    let r = app
        .post(
            "/api/save_customer_profile",
            &save_form(id, "  ", "", "", &["VIP VIP", "vip vip"]),
            Some(&agent),
            ORIGIN,
        )
        .await;
    assert_eq!(json(&r)["Invalid"]["field"], "name", "the first bad field");
    assert_eq!(profile(&app, &agent, id).await.1["profile"], original);

    // A good edit is normalised and saved; "vip vip" is the workspace's "VIP VIP".
    let r = app
        .post(
            "/api/save_customer_profile",
            &save_form(
                id,
                " 林美玲 ",
                "+886 912-345-678",
                "Mei.Lin@Example.COM",
                &["vip vip", "新客"],
            ),
            Some(&agent),
            ORIGIN,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let saved = json(&r);
    assert_eq!(saved["profile"]["name"], "林美玲");
    assert_eq!(saved["profile"]["phone"], "+886912345678");
    assert_eq!(saved["profile"]["email"], "Mei.Lin@example.com");
    assert_eq!(saved["profile"]["note"], "喜歡 LINE 聯絡");
    assert_eq!(
        saved["profile"]["tags"],
        serde_json::json!(["VIP VIP", "新客"])
    );
    assert!(saved["workspace_tags"]
        .as_array()
        .unwrap()
        .contains(&"新客".into()));
    assert_eq!(profile(&app, &agent, id).await.1, saved, "as stored");
    // No tags at all is an edit too (the form sends no tags field).
    let r = app
        .post(
            "/api/save_customer_profile",
            &save_form(id, "林美玲", "", "", &[]),
            Some(&agent),
            ORIGIN,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(json(&r)["profile"]["tags"], serde_json::json!([]));
    assert_eq!(json(&r)["profile"]["phone"], serde_json::Value::Null);

    // Once the agent follows it up, a sales rep of another branch no longer sees it: they can
    // neither read nor edit its customer, and learn nothing about it.
    let open = json(
        &app.post(
            "/api/open_conversation",
            &format!("id={id}"),
            Some(&agent),
            ORIGIN,
        )
        .await,
    );
    let v = open["version"].as_i64().unwrap();
    let r = app
        .post(
            "/api/change_status",
            &format!("id={id}&version={v}&action=follow_up"),
            Some(&agent),
            ORIGIN,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let (status, hidden) = profile(&app, &rep, id).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{hidden}");
    assert!(hidden["NotFound"].is_string(), "{hidden}");
    // Its page renders (the pane says it is not there) without the customer in it.
    let page = app
        .get(&format!("/inbox/pending-human/{id}"), Some(&rep))
        .await;
    assert_eq!(
        page.status,
        StatusCode::OK,
        "a refusal inside a page is not the page's status"
    );
    assert!(
        !page.body.contains(first_identity),
        "the customer stays hidden"
    );
    let before = profile(&app, &agent, id).await.1;
    let r = app
        .post(
            "/api/save_customer_profile",
            &save_form(id, "Rep was here", "", "", &["偷改"]),
            Some(&rep),
            ORIGIN,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    // Even a bad field answers "not found" before anything is checked.
    let r = app
        .post(
            "/api/save_customer_profile",
            &save_form(id, "", "", "bad", &[]),
            Some(&rep),
            ORIGIN,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    assert_eq!(
        profile(&app, &agent, id).await.1,
        before,
        "the rep changed nothing"
    );

    // Ids that are not there (or not in the workspace) and strangers.
    let (status, _) = profile(&app, &agent, 99_999_999).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let r = app
        .post(
            "/api/save_customer_profile",
            &save_form(99_999_999, "X", "", "", &[]),
            Some(&agent),
            ORIGIN,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let r = app
        .post(
            "/api/customer_profile",
            &format!("conversation_id={id}"),
            None,
            ORIGIN,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    assert!(r.body.contains("Unauthenticated"));
    app.db.drop().await;
}

#[tokio::test]
async fn another_workspaces_conversation_is_not_found() {
    let app = app().await;
    // A second workspace in the same database, with its own logins.
    let mut other = demo::dataset(NOW, &demo_hash());
    for m in &mut other.members {
        m.email = format!("other.{}", m.email);
    }
    for c in &mut other.channels {
        c.external_id = format!("other-{}", c.external_id);
    }
    let b = app.db.store.import(&other).await.unwrap();
    let (b_conv, b_customer, _) = a_conversation(&app.db.store, b).await;
    let before = app
        .db
        .store
        .customer_profile(b, b_customer)
        .await
        .unwrap()
        .unwrap();
    let agent = session_cookie(&app.login("agent@demo.test", "demo1234").await);
    let (status, body) = profile(&app, &agent, b_conv.get()).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let r = app
        .post(
            "/api/save_customer_profile",
            &save_form(b_conv.get(), "Intruder", "", "", &["偷改"]),
            Some(&agent),
            ORIGIN,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let after = app
        .db
        .store
        .customer_profile(b, b_customer)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after, before);
    assert!(!app
        .db
        .store
        .workspace_tags(b)
        .await
        .unwrap()
        .contains(&"偷改".to_owned()));
    app.db.drop().await;
}

/// Every conversation of workspace `ws`, grouped by customer: (customer, [(id, last message
/// at)]) for the customers with more than one (one per channel they wrote from).
async fn customers_with_several(
    s: &Store,
    ws: WorkspaceId,
) -> Vec<(CustomerId, Vec<(ConversationId, i64)>)> {
    let mut by: std::collections::BTreeMap<CustomerId, Vec<(ConversationId, i64)>> =
        Default::default();
    for view in [
        View::PendingHuman,
        View::PendingBot,
        View::TeamOpen,
        View::Closed,
    ] {
        let q = ListQuery {
            workspace_id: ws,
            me: MemberId(0),
            scope: Scope::All,
            view,
            channel: None,
            owner: None,
            sort: Default::default(),
            after: None,
            now: NOW,
            limit: 2_000,
        };
        for row in s.list_conversations(&q).await.unwrap().rows {
            by.entry(row.customer_id)
                .or_default()
                .push((row.id, row.last_message_at));
        }
    }
    by.into_iter().filter(|(_, v)| v.len() > 1).collect()
}

engine_test!(the_history_is_the_customers_other_conversations_in_sight);
async fn the_history_is_the_customers_other_conversations_in_sight(db: TestDb) {
    let s = &db.store;
    let ws = demo_workspace(s).await;
    let other = other_workspace(s).await;
    let several = customers_with_several(s, ws).await;
    assert!(
        !several.is_empty(),
        "the demo has customers on two channels"
    );
    for (customer, convs) in several.iter().take(5) {
        let except = convs[0].0;
        let mut want: Vec<_> = convs[1..].to_vec();
        want.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
        let got = s
            .customer_history(ws, MemberId(0), &Scope::All, *customer, except)
            .await
            .unwrap();
        assert_eq!(
            got.iter().map(|r| r.id).collect::<Vec<_>>(),
            want.iter().map(|w| w.0).collect::<Vec<_>>()
        );
        assert!(got.iter().all(|r| r.customer_id == *customer));
        // Another workspace reaches nothing with the same ids.
        assert!(s
            .customer_history(other, MemberId(0), &Scope::All, *customer, except)
            .await
            .unwrap()
            .is_empty());
        // A sales rep sees only what they own or collaborate on (pending of their branch too):
        // someone without a branch who owns nothing sees none of it.
        let nobody = Scope::Own {
            branch_id: None,
            member_id: MemberId(9_999_999),
        };
        assert!(s
            .customer_history(ws, MemberId(9_999_999), &nobody, *customer, except)
            .await
            .unwrap()
            .is_empty());
    }
}

#[tokio::test]
async fn the_profile_panel_carries_the_history_and_a_rep_sees_only_theirs() {
    let app = app().await;
    let s = &app.db.store;
    let admin = crate::common::as_member(s, "admin@demo.test").await;
    let ws = admin.workspace_id;
    let several = customers_with_several(s, ws).await;
    let (_, convs) = &several[0];
    let (id, others) = (convs[0].0, &convs[1..]);
    let cookie = session_cookie(&app.login("admin@demo.test", "demo1234").await);
    let (status, panel) = profile(&app, &cookie, id.get()).await;
    assert_eq!(status, StatusCode::OK, "{panel}");
    let mut got: Vec<i64> = panel["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    got.sort_unstable();
    let mut want: Vec<i64> = others.iter().map(|o| o.0.get()).collect();
    want.sort_unstable();
    assert_eq!(got, want);
    // The pane renders it with a link to each.
    let page = app.get(&format!("/inbox/closed/{id}"), Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    for o in others {
        assert!(
            page.body
                .contains(&format!("data-history=\"{}\"", o.0.get())),
            "history link to {}",
            o.0.get()
        );
    }
    // A sales rep's panel, for a conversation they see, holds only what they may see.
    let rep = crate::common::as_member(s, "salesrep@demo.test").await;
    let rep_cookie = session_cookie(&app.login("salesrep@demo.test", "demo1234").await);
    let q = crate::common::list_query(&rep, View::PendingHuman, 200);
    for row in s.list_conversations(&q).await.unwrap().rows.iter().take(20) {
        let (status, panel) = profile(&app, &rep_cookie, row.id.get()).await;
        assert_eq!(status, StatusCode::OK, "{panel}");
        for h in panel["history"].as_array().unwrap() {
            let hid = ConversationId(h["id"].as_i64().unwrap());
            let rec = s
                .conversation(ws, hid, Some(rep.member_id))
                .await
                .unwrap()
                .unwrap();
            assert!(
                omni_inbox::domain::permission::scope_allows(
                    &omni_inbox::domain::permission::scope(&rep.actor()),
                    &rec.facts
                ),
                "{hid:?} is out of the rep's sight"
            );
        }
    }
}
