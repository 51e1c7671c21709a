//! Batch server functions × every action × every role, through the real router: the preview
//! and the report are exactly what `domain::batch::plan` decides on the conversations as they
//! are, a role that may never take an action is refused whole, and another workspace's
//! conversations are reported as not found and left untouched.

use crate::common::{app, as_member, list_query, session_cookie, App};
use crate::permissions::{import_other_workspace, outcome, sample, Outcome, LOGINS};
use omni_inbox::domain::batch::{check, plan, BatchAction, BatchReport, Picked, Refused, Seen};
use omni_inbox::domain::permission::{role_may, Action};
use omni_inbox::domain::{ConversationId, MemberId, WorkspaceId};
use omni_inbox::server::db::{SessionMember, Store};
use serde_json::json;

/// `ids` without repeats (the closed views overlap), in order.
fn distinct(ids: Vec<ConversationId>) -> Vec<ConversationId> {
    let mut seen = std::collections::HashSet::new();
    ids.into_iter().filter(|id| seen.insert(*id)).collect()
}

/// The selection as it is now: (id, version) of each id, in the member's workspace or the other.
async fn selection(s: &Store, ids: &[(WorkspaceId, ConversationId)], me: MemberId) -> Vec<Picked> {
    let mut out = Vec::new();
    for (ws, id) in ids {
        let rec = s.conversation(*ws, *id, Some(me)).await.unwrap().unwrap();
        out.push(Picked {
            id: *id,
            version: rec.version,
        });
    }
    out
}

/// What the domain decides for `who`, reading the conversations of the member's workspace only.
async fn expected(
    s: &Store,
    who: &SessionMember,
    action: BatchAction,
    to: Option<MemberId>,
    selected: &[Picked],
) -> BatchReport {
    let mut now = std::collections::HashMap::new();
    for p in selected {
        if let Some(rec) = s
            .conversation(who.workspace_id, p.id, Some(who.member_id))
            .await
            .unwrap()
        {
            now.insert(
                p.id,
                Seen {
                    id: p.id,
                    version: rec.version,
                    facts: rec.facts,
                },
            );
        }
    }
    let planned = plan(&who.actor(), action, to, selected, |id| {
        now.get(&id).copied()
    });
    BatchReport::preview(action, &planned)
}

async fn post(app: &App, cookie: &str, path: &str, body: serde_json::Value) -> (Outcome, String) {
    let r = app.post_json(path, &body, cookie).await;
    (outcome(r.status, &r.body), r.body)
}

#[tokio::test]
async fn every_batch_action_for_every_role_follows_the_plan() {
    for login in LOGINS {
        let app = app().await;
        let s = app.db.store.clone();
        let other_ws = import_other_workspace(&s).await;
        let boss = as_member(&s, "other.supervisor@demo.test").await;
        let who = as_member(&s, login).await;
        let ws = who.workspace_id;
        let cookie = session_cookie(&app.login(login, "demo1234").await);
        let colleague = as_member(&s, "agent3@demo.test").await.member_id;
        let foreign = sample(&s, other_ws, boss.member_id).await[0];
        let foreign_before = s
            .conversation(other_ws, foreign, Some(boss.member_id))
            .await
            .unwrap();

        for (n, action) in BatchAction::ALL.into_iter().enumerate() {
            let to = (action == BatchAction::Transfer).then_some(colleague);
            // A sample of every view (up to 19), and one conversation of the other workspace.
            let mut ids: Vec<(WorkspaceId, ConversationId)> =
                distinct(sample(&s, ws, who.member_id).await)
                    .into_iter()
                    .take(19)
                    .map(|id| (ws, id))
                    .collect();
            let own = ids.len();
            assert!(own >= 10, "{login} {action:?}: enough to sample");
            ids.push((other_ws, foreign));
            let mut selected = selection(&s, &ids[..own], who.member_id).await;
            selected.push(Picked {
                id: foreign,
                version: foreign_before.as_ref().unwrap().version,
            });
            let body = json!({ "action": action, "to": to, "selected": selected });
            let may = check(who.role, action, to, selected.len());
            let (got, text) = post(&app, &cookie, "/api/preview_batch", body.clone()).await;
            if may == Err(Refused::RoleMayNot) {
                assert_eq!(got, Outcome::Forbidden, "{login} {action:?} preview");
            } else {
                assert_eq!(got, Outcome::Ok, "{login} {action:?} preview: {text}");
                let want = expected(&s, &who, action, to, &selected).await;
                let report: BatchReport = serde_json::from_str(&text).unwrap();
                assert_eq!(report, want, "{login} {action:?} preview");
                assert!(
                    report.items.last().unwrap().skipped
                        == Some(omni_inbox::domain::batch::Skip::NotFound),
                    "{login} {action:?}: another workspace's conversation is not found"
                );
            }
            let want = expected(&s, &who, action, to, &selected).await;
            let mut run = body.clone();
            run["key"] = json!(format!("{login}-{n}"));
            let (got, text) = post(&app, &cookie, "/api/run_batch", run).await;
            if may == Err(Refused::RoleMayNot) {
                assert_eq!(got, Outcome::Forbidden, "{login} {action:?} run");
                continue;
            }
            assert_eq!(got, Outcome::Ok, "{login} {action:?} run: {text}");
            let report: BatchReport = serde_json::from_str(&text).unwrap();
            assert_eq!(report, want, "{login} {action:?} run");
            // Every planned change happened: the conversation moved or is gone.
            for (item, p) in report.items.iter().zip(&selected).take(own) {
                let now = s.conversation(ws, p.id, Some(who.member_id)).await.unwrap();
                let changed = now.is_none_or(|r| r.version != p.version);
                assert_eq!(
                    changed,
                    item.skipped.is_none(),
                    "{login} {action:?} {}",
                    p.id
                );
            }
        }
        assert_eq!(
            s.conversation(other_ws, foreign, Some(boss.member_id))
                .await
                .unwrap(),
            foreign_before,
            "{login}: another workspace's conversation is untouched"
        );

        // The blacklist page and lifting a block: the roles that may blacklist.
        let manage = if role_may(who.role, Action::Blacklist) {
            Outcome::Ok
        } else {
            Outcome::Forbidden
        };
        let r = app
            .post(
                "/api/blacklist",
                "",
                Some(&cookie),
                Some("http://127.0.0.1:3000"),
            )
            .await;
        assert_eq!(outcome(r.status, &r.body), manage, "{login} blacklist");
        // Only someone blocked can be lifted; another workspace's customers are not found.
        let r = app
            .post(
                "/api/lift_block",
                "customer=1",
                Some(&cookie),
                Some("http://127.0.0.1:3000"),
            )
            .await;
        let want = if manage == Outcome::Ok {
            Outcome::NotFound
        } else {
            Outcome::Forbidden
        };
        assert_eq!(outcome(r.status, &r.body), want, "{login} lift_block");
        app.db.drop().await;
    }
}

#[tokio::test]
async fn oversized_and_malformed_batches_are_refused_with_a_reason() {
    let app = app().await;
    let s = app.db.store.clone();
    let who = as_member(&s, "supervisor@demo.test").await;
    let cookie = session_cookie(&app.login("supervisor@demo.test", "demo1234").await);
    let closed = s
        .list_conversations(&list_query(&who, omni_inbox::wire::View::Closed, 21))
        .await
        .unwrap()
        .rows;
    let ids: Vec<(WorkspaceId, ConversationId)> =
        closed.iter().map(|r| (who.workspace_id, r.id)).collect();
    assert_eq!(ids.len(), 21);
    let selected = selection(&s, &ids[..21], who.member_id).await;
    let to = as_member(&s, "agent@demo.test").await.member_id;
    let body = json!({ "key": "big", "action": "Transfer", "to": to, "selected": selected });
    let (got, text) = post(&app, &cookie, "/api/run_batch", body).await;
    assert_eq!(got, Outcome::Invalid);
    assert!(text.contains("20"), "{text}");
    // Nothing moved.
    assert_eq!(selection(&s, &ids[..21], who.member_id).await, selected);
    // No key, and nothing selected.
    let body = json!({ "key": " ", "action": "Close", "to": null, "selected": selected[..1] });
    assert_eq!(
        post(&app, &cookie, "/api/run_batch", body).await.0,
        Outcome::Invalid
    );
    let body = json!({ "key": "k", "action": "Close", "to": null, "selected": [] });
    assert_eq!(
        post(&app, &cookie, "/api/run_batch", body).await.0,
        Outcome::Invalid
    );
    // Without a session: refused.
    let r = app
        .post_json(
            "/api/run_batch",
            &json!({ "key": "k", "action": "Close", "to": null, "selected": [] }),
            "inbox_session=nope",
        )
        .await;
    assert!(!r.status.is_success());
    app.db.drop().await;
}
