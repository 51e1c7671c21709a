//! Every server function × every role, through the real router: what a member gets back is
//! exactly what the pure rules in `domain` decide for the conversation as it is at that moment,
//! a refusal changes nothing, and another workspace's ids answer "not found".

use crate::common::{app, as_member, demo_hash, session_cookie, App, NOW};
use omni_inbox::domain::actions::may_reply;
use omni_inbox::domain::collaboration::{may_change, CollabChange, CollabRefused};
use omni_inbox::domain::permission::{authorize, role_may, scope, scope_allows, Action};
use omni_inbox::domain::profile::may_edit;
use omni_inbox::domain::status::{transition, Trigger};
use omni_inbox::domain::{ConvState, ConversationId, MemberId, WorkspaceId};
use omni_inbox::server::db::{ListQuery, SessionMember, Store};
use omni_inbox::server::demo;
use omni_inbox::wire::AppError;
use omni_inbox::wire::View;

pub const LOGINS: [&str; 6] = [
    "admin@demo.test",
    "supervisor@demo.test",
    "csmanager@demo.test",
    "agent@demo.test",
    "salesmanager@demo.test",
    "salesrep@demo.test",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    NotFound,
    Forbidden,
    Invalid,
    Conflict,
}

pub fn outcome(status: http::StatusCode, body: &str) -> Outcome {
    if status.is_success() {
        return Outcome::Ok;
    }
    match serde_json::from_str::<AppError>(body) {
        Ok(AppError::NotFound(_)) => Outcome::NotFound,
        Ok(AppError::Forbidden(_)) => Outcome::Forbidden,
        Ok(AppError::Invalid { .. }) => Outcome::Invalid,
        Ok(AppError::Conflict(_)) => Outcome::Conflict,
        other => panic!("unexpected answer {status}: {body} ({other:?})"),
    }
}

async fn call(app: &App, cookie: &str, path: &str, form: &str) -> Outcome {
    let r = app
        .post(path, form, Some(cookie), Some("http://127.0.0.1:3000"))
        .await;
    outcome(r.status, &r.body)
}

/// Some conversations of every view of the workspace, as the whole team sees them.
pub async fn sample(s: &Store, ws: WorkspaceId, me: MemberId) -> Vec<ConversationId> {
    let mut out = Vec::new();
    for view in View::ALL {
        let q = ListQuery {
            workspace_id: ws,
            me,
            scope: omni_inbox::domain::permission::Scope::All,
            view,
            channel: None,
            owner: None,
            sort: Default::default(),
            after: None,
            now: NOW,
            limit: 3,
        };
        out.extend(
            s.list_conversations(&q)
                .await
                .unwrap()
                .rows
                .iter()
                .map(|r| r.id),
        );
    }
    out
}

/// A second workspace (the demo again, with other logins and channel ids) whose ids a member
/// of the first must never reach; its supervisor is `other.supervisor@demo.test`.
pub async fn import_other_workspace(s: &Store) -> WorkspaceId {
    let mut other = demo::dataset(NOW, &demo_hash());
    for m in &mut other.members {
        m.email = format!("other.{}", m.email);
    }
    for c in &mut other.channels {
        c.external_id = format!("other-{}", c.external_id);
    }
    s.import(&other).await.unwrap()
}

/// The decision for a status change, the way the domain makes it.
fn expect_status(
    who: &SessionMember,
    state_facts: &omni_inbox::domain::permission::ConvFacts,
    what: &str,
) -> Outcome {
    let actor = who.actor();
    if !scope_allows(&scope(&actor), state_facts) {
        return Outcome::NotFound;
    }
    let me = who.member_id;
    let (action, trigger) = match what {
        "follow_up" => match state_facts.state {
            ConvState::InProgress { owner } if owner != me => {
                (Action::TakeOver, Trigger::FollowUp { by: me })
            }
            _ => (Action::FollowUp, Trigger::FollowUp { by: me }),
        },
        "close" => (Action::Close, Trigger::Close { by: me }),
        "reopen" => (Action::Reopen, Trigger::Reopen { by: me }),
        _ => unreachable!(),
    };
    if authorize(&actor, action, state_facts).is_err() {
        Outcome::Forbidden
    } else if transition(state_facts.state, trigger).is_err() {
        Outcome::Invalid
    } else {
        Outcome::Ok
    }
}

#[tokio::test]
async fn every_server_function_for_every_role_follows_the_rules() {
    for login in LOGINS {
        let app = app().await;
        let s = app.db.store.clone();
        let other_ws = import_other_workspace(&s).await;
        let who = as_member(&s, login).await;
        let ws = who.workspace_id;
        let r = app.login(login, "demo1234").await;
        let cookie = session_cookie(&r);
        let colleague = as_member(&s, "agent3@demo.test").await.member_id;
        let helper = as_member(&s, "agent4@demo.test").await.member_id;
        let mut checked = 0;

        // Functions about the member or the workspace, not one conversation.
        for (path, form, want) in [
            ("/api/inbox_nav", "", Outcome::Ok),
            ("/api/team_members", "", Outcome::Ok),
            ("/api/notifications", "", Outcome::Ok),
            ("/api/read_notifications", "up_to=1000000", Outcome::Ok),
            ("/api/set_lang", "lang=en", Outcome::Ok),
        ] {
            assert_eq!(
                call(&app, &cookie, path, form).await,
                want,
                "{login} {path}"
            );
        }
        let manage = if role_may(who.role, Action::Manage) {
            Outcome::Ok
        } else {
            Outcome::Forbidden
        };
        let form = format!("member_id={colleague}&active=true");
        assert_eq!(
            call(&app, &cookie, "/api/set_member_active", &form).await,
            manage,
            "{login}"
        );

        // Lists hold only what the member may see.
        let sc = scope(&who.actor());
        for view in View::ALL {
            let r = app
                .post(
                    "/api/conversations",
                    &format!("view={}", view.slug()),
                    Some(&cookie),
                    None,
                )
                .await;
            assert_eq!(outcome(r.status, &r.body), Outcome::Ok);
            let page: omni_inbox::wire::ConversationPage = serde_json::from_str(&r.body).unwrap();
            for row in page.rows {
                let facts = s
                    .conversation(ws, row.id, Some(who.member_id))
                    .await
                    .unwrap()
                    .unwrap()
                    .facts;
                assert!(
                    scope_allows(&sc, &facts),
                    "{login} sees {} in {view:?}",
                    row.id
                );
            }
        }

        for id in sample(&s, ws, who.member_id).await {
            let rec = || async {
                s.conversation(ws, id, Some(who.member_id))
                    .await
                    .unwrap()
                    .unwrap()
            };
            let visible = |f: &omni_inbox::domain::permission::ConvFacts| scope_allows(&sc, f);

            let r0 = rec().await;
            let want = if visible(&r0.facts) {
                Outcome::Ok
            } else {
                Outcome::NotFound
            };
            assert_eq!(
                call(&app, &cookie, "/api/open_conversation", &format!("id={id}")).await,
                want,
                "{login} open {id}"
            );
            assert_eq!(
                call(&app, &cookie, "/api/mark_read", &format!("id={id}")).await,
                want,
                "{login} mark read {id}"
            );
            let form = format!("conversation_id={id}");
            let got = call(&app, &cookie, "/api/customer_profile", &form).await;
            assert_eq!(got, want, "{login} profile {id}");
            let save = if !visible(&r0.facts) {
                Outcome::NotFound
            } else if may_edit(&who.actor(), &r0.facts).is_ok() {
                Outcome::Ok
            } else {
                Outcome::Forbidden
            };
            let form = format!("conversation_id={id}&name=Customer+{id}&email=c{id}%40example.com");
            let got = call(&app, &cookie, "/api/save_customer_profile", &form).await;
            assert_eq!(got, save, "{login} save profile {id}");

            for what in ["follow_up", "close", "reopen"] {
                let r = rec().await;
                let want = expect_status(&who, &r.facts, what);
                let form = format!("id={id}&version={}&action={what}", r.version);
                let got = call(&app, &cookie, "/api/change_status", &form).await;
                assert_eq!(got, want, "{login} {what} {id} {:?}", r.facts);
                if got != Outcome::Ok {
                    assert_eq!(rec().await.version, r.version, "a refusal changes nothing");
                }
                checked += 1;
            }

            let r = rec().await;
            let want = if !visible(&r.facts) {
                Outcome::NotFound
            } else if authorize(&who.actor(), Action::Transfer, &r.facts).is_err() {
                Outcome::Forbidden
            } else if transition(
                r.facts.state,
                Trigger::Transfer {
                    by: who.member_id,
                    to: colleague,
                },
            )
            .is_err()
            {
                Outcome::Invalid
            } else {
                Outcome::Ok
            };
            let form = format!("id={id}&version={}&to={colleague}", r.version);
            let got = call(&app, &cookie, "/api/transfer_conversation", &form).await;
            assert_eq!(got, want, "{login} transfer {id} {:?}", r.facts);
            if got != Outcome::Ok {
                assert_eq!(rec().await.version, r.version);
            }

            let r = rec().await;
            let collaborates = s
                .collaborators(ws, id)
                .await
                .unwrap()
                .iter()
                .any(|m| m.id == helper);
            let want = if !visible(&r.facts) {
                Outcome::NotFound
            } else {
                match may_change(
                    &who.actor(),
                    &r.facts,
                    CollabChange::Add,
                    helper,
                    collaborates,
                ) {
                    Ok(()) => Outcome::Ok,
                    Err(CollabRefused::Denied(_)) => Outcome::Forbidden,
                    Err(_) => Outcome::Invalid,
                }
            };
            let form = format!("id={id}&member={helper}&change=add");
            assert_eq!(
                call(&app, &cookie, "/api/change_collaborator", &form).await,
                want,
                "{login} collaborate {id}"
            );

            let r = rec().await;
            // The platform's window (and a blocked account) refuses replies too, whoever asks.
            let reach = s.reach(ws, id).await.unwrap().unwrap();
            let window = omni_inbox::domain::window::reply_window(
                reach.kind,
                reach.last_inbound,
                omni_inbox::server::auth::now_millis(),
                false,
            );
            let reachable =
                omni_inbox::domain::window::may_reach(window, reach.unsubscribed).is_ok();
            let (note, reply) = if !visible(&r.facts) {
                (Outcome::NotFound, Outcome::NotFound)
            } else if may_reply(&who.actor(), &r.facts).is_err() || !reachable {
                (Outcome::Ok, Outcome::Forbidden)
            } else {
                (Outcome::Ok, Outcome::Ok)
            };
            let got = call(
                &app,
                &cookie,
                "/api/send_message",
                &format!("id={id}&kind=note&body=n"),
            )
            .await;
            assert_eq!(got, note, "{login} note {id}");
            let got = call(
                &app,
                &cookie,
                "/api/send_message",
                &format!("id={id}&kind=reply&body=r"),
            )
            .await;
            assert_eq!(got, reply, "{login} reply {id}");
        }
        assert!(checked >= 3 * 7, "{login}: a sample from every view");

        // Another workspace's conversations: not found, and nothing changes there.
        let boss = as_member(&s, "other.supervisor@demo.test").await;
        for id in sample(&s, other_ws, boss.member_id).await {
            let before = s
                .conversation(other_ws, id, Some(boss.member_id))
                .await
                .unwrap()
                .unwrap();
            let collaborators_before = s.collaborators(other_ws, id).await.unwrap();
            let v = before.version;
            for (path, form) in [
                ("/api/open_conversation", format!("id={id}")),
                ("/api/mark_read", format!("id={id}")),
                ("/api/customer_profile", format!("conversation_id={id}")),
                (
                    "/api/save_customer_profile",
                    format!("conversation_id={id}&name=Intruder"),
                ),
                (
                    "/api/change_status",
                    format!("id={id}&version={v}&action=follow_up"),
                ),
                (
                    "/api/change_status",
                    format!("id={id}&version={v}&action=close"),
                ),
                (
                    "/api/change_status",
                    format!("id={id}&version={v}&action=reopen"),
                ),
                (
                    "/api/transfer_conversation",
                    format!("id={id}&version={v}&to={colleague}"),
                ),
                (
                    "/api/change_collaborator",
                    format!("id={id}&member={helper}&change=add"),
                ),
                ("/api/send_message", format!("id={id}&kind=note&body=x")),
                ("/api/send_message", format!("id={id}&kind=reply&body=x")),
            ] {
                assert_eq!(
                    call(&app, &cookie, path, &form).await,
                    Outcome::NotFound,
                    "{login} {path} {id}"
                );
            }
            let after = s
                .conversation(other_ws, id, Some(boss.member_id))
                .await
                .unwrap()
                .unwrap();
            assert_eq!(
                after, before,
                "{login}: another workspace's conversation is untouched"
            );
            assert_eq!(
                s.collaborators(other_ws, id).await.unwrap(),
                collaborators_before
            );
        }
        app.db.drop().await;
    }
}

/// A sales manager added as a collaborator to a conversation whose owner is outside their
/// branch may read and write to it, but has no right over it: no take-over, close, transfer
/// (to themselves or anyone, single or batch), nor collaborator changes; every path refuses.
#[tokio::test]
async fn a_collaborator_without_ownership_rights_can_only_write() {
    use omni_inbox::domain::batch::{BatchReport, Skip};
    use omni_inbox::domain::permission::Scope;
    let app = app().await;
    let s = app.db.store.clone();
    let boss = as_member(&s, "admin@demo.test").await;
    let manager = as_member(&s, "salesmanager@demo.test").await;
    let owner = as_member(&s, "agent@demo.test").await;
    let ws = boss.workspace_id;
    // A conversation in progress for an agent (no branch).
    let mut q = crate::common::list_query(&boss, View::TeamOpen, 100);
    q.scope = Scope::All;
    let rows = s.list_conversations(&q).await.unwrap().rows;
    let mut id = None;
    for row in rows {
        let rec = s.conversation(ws, row.id, None).await.unwrap().unwrap();
        if rec.facts.state
            == (ConvState::InProgress {
                owner: owner.member_id,
            })
        {
            id = Some(row.id);
            break;
        }
    }
    let id = id.expect("a conversation in progress for agent@demo.test");
    let admin = session_cookie(&app.login("admin@demo.test", "demo1234").await);
    let form = format!("id={id}&member={}&change=add", manager.member_id);
    assert_eq!(
        call(&app, &admin, "/api/change_collaborator", &form).await,
        Outcome::Ok
    );
    let rec = s
        .conversation(ws, id, Some(manager.member_id))
        .await
        .unwrap()
        .unwrap();
    assert!(rec.facts.is_collaborator);
    let me = session_cookie(&app.login("salesmanager@demo.test", "demo1234").await);
    let v = rec.version;
    let helper = as_member(&s, "agent4@demo.test").await.member_id;
    for (path, form, want) in [
        ("/api/open_conversation", format!("id={id}"), Outcome::Ok),
        (
            "/api/change_status",
            format!("id={id}&version={v}&action=follow_up"),
            Outcome::Forbidden,
        ),
        (
            "/api/change_status",
            format!("id={id}&version={v}&action=close"),
            Outcome::Forbidden,
        ),
        (
            "/api/transfer_conversation",
            format!("id={id}&version={v}&to={}", manager.member_id),
            Outcome::Forbidden,
        ),
        (
            "/api/transfer_conversation",
            format!("id={id}&version={v}&to={helper}"),
            Outcome::Forbidden,
        ),
        (
            "/api/change_collaborator",
            format!("id={id}&member={helper}&change=add"),
            Outcome::Forbidden,
        ),
        (
            "/api/send_message",
            format!("id={id}&kind=note&body=checking"),
            Outcome::Ok,
        ),
        (
            "/api/send_message",
            format!("id={id}&kind=reply&body=hello"),
            Outcome::Ok,
        ),
    ] {
        assert_eq!(call(&app, &me, path, &form).await, want, "{path} {form}");
    }
    // The domain agrees, action by action.
    let actor = manager.actor();
    for action in [
        Action::TakeOver,
        Action::Close,
        Action::Transfer,
        Action::Collaborate,
    ] {
        assert!(authorize(&actor, action, &rec.facts).is_err(), "{action:?}");
    }
    // The batch path refuses the same: a transfer to themselves is skipped as not permitted.
    let body = serde_json::json!({
        "key": "collab-transfer", "action": "Transfer", "to": manager.member_id,
        "selected": [{ "id": id, "version": v }],
    });
    let r = app.post_json("/api/run_batch", &body, &me).await;
    assert_eq!(r.status, http::StatusCode::OK, "{}", r.body);
    let report: BatchReport = serde_json::from_str(&r.body).unwrap();
    assert!(
        matches!(report.items[0].skipped, Some(Skip::Denied(_))),
        "{report:?}"
    );
    let after = s.conversation(ws, id, None).await.unwrap().unwrap();
    assert_eq!(
        after.facts.state,
        ConvState::InProgress {
            owner: owner.member_id
        }
    );
    app.db.drop().await;
}
