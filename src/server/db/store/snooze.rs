//! Snooze (issue 16): the owner puts a conversation in progress to sleep until a time or until
//! the customer writes; it comes back to the owner's In progress with a notification. Every
//! write is conditioned on the conversation still being the owner's and in progress.

use super::super::*;
use async_trait::async_trait;

/// A snoozed conversation whose time has come.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueSnooze {
    pub workspace_id: WorkspaceId,
    pub id: crate::domain::ConversationId,
}

#[async_trait]
pub trait SnoozeStore: Send + Sync {
    /// Snoozes it until `until` (none: until the customer writes) with its event-log line,
    /// only while it is in progress, `owner`'s and at `version`; false otherwise.
    async fn snooze(
        &self,
        workspace: WorkspaceId,
        id: crate::domain::ConversationId,
        owner: MemberId,
        version: i64,
        until: Option<Millis>,
        now: Millis,
    ) -> DbResult<bool>;

    /// Its owner wakes it before its time; false when it was not snoozed (or not theirs).
    async fn unsnooze(
        &self,
        workspace: WorkspaceId,
        id: crate::domain::ConversationId,
        owner: MemberId,
        now: Millis,
    ) -> DbResult<bool>;

    /// At most `limit` snoozed conversations, of every workspace, whose time is at or before
    /// `now`.
    async fn due_snoozes(&self, now: Millis, limit: i64) -> DbResult<Vec<DueSnooze>>;

    /// Wakes one whose time has come, with its event-log line and the owner's notification;
    /// false when it is no longer snoozed or not due (woken meanwhile).
    async fn wake_due(
        &self,
        workspace: WorkspaceId,
        id: crate::domain::ConversationId,
        now: Millis,
    ) -> DbResult<bool>;
}
