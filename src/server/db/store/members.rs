//! Running a team (issue 15): members, their invitations and reset links, and their pictures. Every change writes its audit line in its own
//! transaction, and checks that depend on other rows are made inside it, with the
//! workspace's row locked, so two admins at once cannot both pass them.

use super::super::*;
use crate::domain::team::audit::Action;
use crate::domain::team::{MemberDraft, TeamProblem};
use crate::domain::Role;
use crate::wire::{MemberFilter, MemberRow, MembersPage};
use async_trait::async_trait;

/// A new member with their one-time link.
pub struct NewMember<'a> {
    /// Checked (`domain::team::check_member`).
    pub draft: &'a MemberDraft,
    pub link_hash: &'a str,
    pub link_expires: Millis,
}

/// Whether the actor may manage a member of the first role and give them the second, asked
/// inside the write with the member as they are.
pub type MayManage<'a> = &'a (dyn Fn(Role, Role) -> Result<(), TeamProblem> + Send + Sync);

#[async_trait]
pub trait MemberAdminStore: Send + Sync {
    /// Members matching `filter`, by name, a page of `limit`.
    async fn member_rows(
        &self,
        workspace: WorkspaceId,
        filter: &MemberFilter,
        limit: i64,
    ) -> DbResult<MembersPage>;
    /// One member as the members page shows them.
    async fn member_row(&self, workspace: WorkspaceId, id: MemberId)
        -> DbResult<Option<MemberRow>>;
    /// Adds a member who has no password yet, with the link that sets it.
    async fn add_member(
        &self,
        workspace: WorkspaceId,
        member: &NewMember<'_>,
        by: &AuditBy,
    ) -> DbResult<Result<MemberId, TeamProblem>>;
    /// Changes a member's name, email, role, branch and language; `may` is asked with their
    /// role now and the new one. `Ok(None)`: no such member.
    async fn edit_member(
        &self,
        workspace: WorkspaceId,
        id: MemberId,
        draft: &MemberDraft,
        may: MayManage<'_>,
        by: &AuditBy,
    ) -> DbResult<Result<Option<()>, TeamProblem>>;
    /// Deactivates (ending their sessions at once) or reactivates a member.
    async fn set_active(
        &self,
        workspace: WorkspaceId,
        id: MemberId,
        active: bool,
        may: MayManage<'_>,
        by: &AuditBy,
    ) -> DbResult<Result<Option<()>, TeamProblem>>;
    /// A new one-time link for a member (an invitation again, or a reset), replacing any
    /// unused one.
    async fn new_link(
        &self,
        workspace: WorkspaceId,
        id: MemberId,
        link_hash: &str,
        expires: Millis,
        may: MayManage<'_>,
        by: &AuditBy,
    ) -> DbResult<Result<Option<Action>, TeamProblem>>;
    /// Sets a member's picture (stored already, `picture`), removing the one before.
    async fn set_avatar(
        &self,
        workspace: WorkspaceId,
        id: MemberId,
        picture: Option<i64>,
    ) -> DbResult<()>;
    /// The conversations a member has in progress, newest first, at most `limit`.
    async fn owned_in_progress(
        &self,
        workspace: WorkspaceId,
        member: MemberId,
        limit: i64,
    ) -> DbResult<Vec<crate::wire::OwnedConversation>>;
}
