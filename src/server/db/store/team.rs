//! Working together: the team, collaborators, notifications.

use super::super::*;
use async_trait::async_trait;

/// Working together: the team, collaborators, notifications. Every method that touches tenant data takes the workspace and filters by it.
#[async_trait]
pub trait TeamStore: Send + Sync {
    /// Active members of the workspace, by name, with their status as colleagues see it at
    /// `now` and their load.
    async fn team(&self, workspace: WorkspaceId, now: Millis) -> DbResult<Vec<TeamMember>>;

    /// An active member's name and load: in progress (from the counters) and capacity.
    async fn member_load(
        &self,
        workspace: WorkspaceId,
        member: MemberId,
    ) -> DbResult<Option<(String, crate::domain::availability::Load)>>;

    /// The collaborators of a conversation, in the order they were added.
    async fn collaborators(
        &self,
        workspace: WorkspaceId,
        id: ConversationId,
    ) -> DbResult<Vec<MemberBadge>>;

    /// Adds or removes a collaborator with its event-log line and notification, in one
    /// transaction, while the conversation is in progress and not owned by that member;
    /// `false` when that no longer holds or nothing changed.
    async fn change_collaborator(&self, update: &CollabUpdate) -> DbResult<bool>;

    /// The member's latest `limit` notifications and their unread count.
    async fn notifications(
        &self,
        workspace: WorkspaceId,
        me: MemberId,
        limit: i64,
    ) -> DbResult<Notifications>;

    async fn unread_notifications(&self, workspace: WorkspaceId, me: MemberId) -> DbResult<i64>;

    /// Marks the member's notifications with ids up to `up_to` read.
    async fn read_notifications(
        &self,
        workspace: WorkspaceId,
        me: MemberId,
        up_to: NotificationId,
        now: Millis,
    ) -> DbResult<()>;
}
