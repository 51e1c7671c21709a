//! Members as admins and supervisors manage them (issue 15): the list, inviting, editing,
//! deactivating and reactivating, new password links, avatars, and what a leaving member has
//! in progress. Who may manage whom is `domain::team`, asked again inside each write.

use super::{Missing, ServiceError};
use crate::domain::input::at_most;
use crate::domain::permission::{role_may, Action};
use crate::domain::team::{self, MemberDraft, TeamProblem};
use crate::domain::{MemberId, Millis, Role};
use crate::server::auth;
use crate::server::db::{AuditBy, NewMember, SessionMember, Store};
use crate::wire::{MemberFilter, MemberRow, MembersPage, OwnedConversation, PasswordLink};

/// Members a page lists.
pub const PAGE: i64 = 50;
/// The most in-progress conversations listed for a hand-over.
pub const OWNED_AT_MOST: i64 = 500;

/// The member making a change, as the audit log names them.
pub fn audit_by(who: &SessionMember, now: Millis) -> AuditBy {
    AuditBy {
        member: Some(who.member_id),
        name: who.name.clone(),
        at: now,
    }
}

fn may_manage_members(who: &SessionMember) -> Result<(), ServiceError> {
    if role_may(who.role, Action::Manage) {
        Ok(())
    } else {
        Err(ServiceError::NotAllowed)
    }
}

fn refused<T>(r: Result<T, TeamProblem>) -> Result<T, ServiceError> {
    r.map_err(ServiceError::Team)
}

/// Whom `who` may manage (a member's role now, the role they would have), asked by the store
/// again inside the write; refused at once when `who` manages no members.
fn manager(
    who: &SessionMember,
) -> Result<impl Fn(Role, Role) -> Result<(), TeamProblem> + Send + Sync, ServiceError> {
    may_manage_members(who)?;
    let actor = who.role;
    Ok(move |now, to| team::may_manage(actor, now, to))
}

/// The store's answer about one member: refused, not found (or another workspace's), or done.
fn found<T>(r: Result<Option<T>, TeamProblem>) -> Result<T, ServiceError> {
    refused(r)?.ok_or(ServiceError::NotFound(Missing::Member))
}

fn link(member: MemberId, token: &str, expires_at: Millis) -> PasswordLink {
    PasswordLink {
        member,
        path: format!("/set-password?token={token}"),
        expires_at,
    }
}

pub async fn page(
    store: &Store,
    who: &SessionMember,
    filter: &MemberFilter,
) -> Result<MembersPage, ServiceError> {
    may_manage_members(who)?;
    at_most("text", &filter.text, team::MAX_NAME_CHARS)?;
    if let Some((name, _)) = &filter.after {
        at_most("after", name, team::MAX_NAME_CHARS)?;
    }
    Ok(store.member_rows(who.workspace_id, filter, PAGE).await?)
}

/// Adds a member with a one-time link (7 days) to set their password, to hand over.
pub async fn add(
    store: &Store,
    who: &SessionMember,
    draft: &MemberDraft,
    now: Millis,
) -> Result<(MemberRow, PasswordLink), ServiceError> {
    may_manage_members(who)?;
    let draft = refused(team::check_member(draft))?;
    refused(team::may_manage(who.role, draft.role, draft.role))?;
    let (token, hash) = auth::new_token();
    let expires = now + team::LINK_TTL;
    let new = NewMember {
        draft: &draft,
        link_hash: &hash,
        link_expires: expires,
    };
    let id = refused(
        store
            .add_member(who.workspace_id, &new, &audit_by(who, now))
            .await?,
    )?;
    let row = store
        .member_row(who.workspace_id, id)
        .await?
        .ok_or(ServiceError::NotFound(Missing::Member))?;
    Ok((row, link(id, &token, expires)))
}

/// Changes a member's name, email, role, branch, language and capacity.
pub async fn edit(
    store: &Store,
    who: &SessionMember,
    id: MemberId,
    draft: &MemberDraft,
    now: Millis,
) -> Result<MemberRow, ServiceError> {
    let may = manager(who)?;
    let draft = refused(team::check_member(draft))?;
    if id == who.member_id && draft.role != who.role {
        return Err(ServiceError::Team(TeamProblem::NotYourself));
    }
    let by = audit_by(who, now);
    found(
        store
            .edit_member(who.workspace_id, id, &draft, &may, &by)
            .await?,
    )?;
    store
        .member_row(who.workspace_id, id)
        .await?
        .ok_or(ServiceError::NotFound(Missing::Member))
}

/// Deactivates (their sessions end at once) or reactivates a member. Nobody deactivates
/// themselves; the last active admin stays.
pub async fn set_active(
    store: &Store,
    who: &SessionMember,
    id: MemberId,
    active: bool,
    now: Millis,
) -> Result<(), ServiceError> {
    let may = manager(who)?;
    if id == who.member_id && !active {
        return Err(ServiceError::Team(TeamProblem::NotYourself));
    }
    let by = audit_by(who, now);
    found(
        store
            .set_active(who.workspace_id, id, active, &may, &by)
            .await?,
    )
}

/// A new one-time link for a member: their invitation again, or a password reset. Any link
/// given before stops working.
pub async fn new_link(
    store: &Store,
    who: &SessionMember,
    id: MemberId,
    now: Millis,
) -> Result<PasswordLink, ServiceError> {
    let may = manager(who)?;
    let (token, hash) = auth::new_token();
    let expires = now + team::LINK_TTL;
    let by = audit_by(who, now);
    found(
        store
            .new_link(who.workspace_id, id, &hash, expires, &may, &by)
            .await?,
    )?;
    Ok(link(id, &token, expires))
}

/// What a member has in progress, to hand over (with the batch transfer) when they leave.
pub async fn owned(
    store: &Store,
    who: &SessionMember,
    id: MemberId,
) -> Result<Vec<OwnedConversation>, ServiceError> {
    may_manage_members(who)?;
    store
        .member_row(who.workspace_id, id)
        .await?
        .ok_or(ServiceError::NotFound(Missing::Member))?;
    Ok(store
        .owned_in_progress(who.workspace_id, id, OWNED_AT_MOST)
        .await?)
}
