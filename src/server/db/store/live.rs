//! The live inbox's events: what changed, in commit order, for open pages to follow
//! (`migrations/*/0014_live_events.sql` writes them by triggers in the writer's transaction).

use super::super::*;
use crate::domain::Status;
use async_trait::async_trait;

/// What an event is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LiveTopic {
    /// A conversation was opened, moved, written to or deleted.
    Conversation,
    /// A note, a thread line, or a delivery state, reaction or unsend of a message.
    Message,
    /// A collaborator joined or left (`member`).
    Collaborators,
    /// A notification for `member`.
    Notification,
    /// The customer's profile changed (one event per conversation of theirs).
    Customer,
}

impl LiveTopic {
    pub fn parse(s: &str) -> Option<LiveTopic> {
        Some(match s {
            "conversation" => LiveTopic::Conversation,
            "message" => LiveTopic::Message,
            "collaborators" => LiveTopic::Collaborators,
            "notification" => LiveTopic::Notification,
            "customer" => LiveTopic::Customer,
            _ => return None,
        })
    }
}

/// One change, numbered in commit order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveEvent {
    pub seq: i64,
    pub workspace_id: WorkspaceId,
    pub topic: LiveTopic,
    pub conversation_id: Option<ConversationId>,
    /// Who a notification is for; who joined or left as a collaborator.
    pub member_id: Option<MemberId>,
    /// A conversation's status and owner before the change (none for a new one).
    pub before: Option<(Status, Option<MemberId>)>,
    /// The conversation was deleted.
    pub gone: bool,
    pub at: Millis,
}

#[async_trait]
pub trait LiveStore: Send + Sync {
    /// Numbers the events committed since the last call (PostgreSQL; with one writer they are
    /// numbered as they are written) and answers the last number given.
    async fn sequence_live(&self) -> DbResult<i64>;

    /// Removes the numbered events written before `before`; how many went. A page away
    /// longer than that reloads instead of resuming.
    async fn prune_live(&self, before: Millis) -> DbResult<u64>;

    /// The first number still kept (none when nothing is).
    async fn live_oldest(&self) -> DbResult<Option<i64>>;

    /// Up to `limit` events numbered after `after`, in order; of one workspace, or of all.
    async fn live_after(
        &self,
        workspace: Option<WorkspaceId>,
        after: i64,
        limit: i64,
    ) -> DbResult<Vec<LiveEvent>>;
}
