//! What the tests share: throwaway databases and [`engine_test!`] (one test per engine), the
//! app through the real router, and the demo fixtures.

mod db;
pub mod http;

pub(crate) use db::engine_test;
pub use db::{on_postgres, on_sqlite, TestDb};
pub use http::{
    app, app_on, app_with, app_with_demo, app_with_site, get_request, json, post_request,
    session_cookie, App, Reply,
};

use db::COUNTER;
use omni_inbox::server::db::Store;
use std::sync::atomic::Ordering;

/// The demo password hash, computed once per test binary (argon2 is slow on purpose).
pub fn demo_hash() -> String {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| {
        omni_inbox::server::auth::hash_password(omni_inbox::server::demo::DEMO_PASSWORD).unwrap()
    })
    .clone()
}

pub const NOW: i64 = 1_795_428_000_000; // 2026-11-23 10:00 UTC

/// The first `limit` rows of `view` for `who`, in their own scope, newest first, at `NOW`.
pub fn list_query(
    who: &omni_inbox::server::db::SessionMember,
    view: omni_inbox::wire::View,
    limit: i64,
) -> omni_inbox::server::db::ListQuery {
    omni_inbox::server::db::ListQuery {
        workspace_id: who.workspace_id,
        me: who.member_id,
        scope: omni_inbox::domain::permission::scope(&who.actor()),
        view,
        channel: None,
        owner: None,
        sort: Default::default(),
        after: None,
        now: NOW,
        limit,
    }
}

/// The member behind `email`, read through a fresh session exactly as the server reads it.
pub async fn as_member(s: &Store, email: &str) -> omni_inbox::server::db::SessionMember {
    let r = s.login_record(email).await.unwrap().unwrap();
    let token = format!(
        "test-session-{email}-{}",
        COUNTER.fetch_add(1, Ordering::SeqCst)
    );
    s.create_session(&omni_inbox::server::db::NewSession {
        token_hash: token.clone(),
        workspace_id: r.workspace_id,
        member_id: r.member_id,
        now: NOW,
        expires_at: NOW + 1_000_000,
    })
    .await
    .unwrap();
    s.session_member(&token, NOW, 0).await.unwrap().unwrap()
}

/// The member's newest notification.
pub async fn latest_notification(
    s: &Store,
    who: &omni_inbox::server::db::SessionMember,
) -> omni_inbox::wire::Notification {
    s.notifications(who.workspace_id, who.member_id, 5)
        .await
        .unwrap()
        .items
        .remove(0)
}

/// The test itself as the audit log names it.
pub fn by_test() -> omni_inbox::server::db::AuditBy {
    omni_inbox::server::db::AuditBy {
        member: None,
        name: "test".into(),
        at: NOW,
    }
}

/// Activates or deactivates a member straight in the store, as any admin may; `false` when
/// it would leave the workspace without an active admin.
pub async fn set_active(
    s: &Store,
    ws: omni_inbox::domain::WorkspaceId,
    member: omni_inbox::domain::MemberId,
    active: bool,
) -> omni_inbox::server::db::DbResult<bool> {
    use omni_inbox::domain::{team::TeamProblem, Role};
    let anyone = |_: Role, _: Role| Ok::<(), TeamProblem>(());
    match s
        .set_active(ws, member, active, &anyone, &by_test())
        .await?
    {
        Ok(Some(())) => Ok(true),
        Ok(None) => Err(omni_inbox::server::db::DbError::NotFound),
        Err(_) => Ok(false),
    }
}
