//! The live inbox's events: what changed, in commit order, for open pages to follow
//! (`migrations/*/0014_live_events.sql` writes them by triggers in the writer's transaction).

use super::super::*;
use crate::domain::{BranchId, Status};
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
    /// A conversation's branch before the change.
    pub branch_before: Option<BranchId>,
    /// The conversation was deleted.
    pub gone: bool,
    pub at: Millis,
}

/// What deciding who hears a batch of events needs, of one workspace.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LiveFacts {
    /// The conversations that still exist: state, branch, the owner's branch.
    pub conversations: Vec<(ConversationId, crate::domain::live::Seen)>,
    /// Their collaborators.
    pub collaborators: Vec<(ConversationId, MemberId)>,
    /// The branches of the members asked about (former owners).
    pub branches: Vec<(MemberId, Option<BranchId>)>,
}

/// What woke a live listener.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LiveWake {
    /// Events were written (and need numbering).
    pub written: bool,
    /// Events were numbered (by any server).
    pub numbered: bool,
    /// Presence announcements, as announced.
    pub presence: Vec<String>,
}

/// Waits for events written or numbered by any server of the database (PostgreSQL LISTEN).
#[async_trait]
pub trait LiveListener: Send {
    /// The next wake-up, with every one already waiting folded into it.
    async fn wait(&mut self) -> DbResult<LiveWake>;
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

    /// The facts of `conversations` and the branches of `members`, in workspace `ws`.
    async fn live_facts(
        &self,
        ws: WorkspaceId,
        conversations: &[ConversationId],
        members: &[MemberId],
    ) -> DbResult<LiveFacts>;

    /// A listener for other servers' events; none where one process writes them all (SQLite),
    /// whose reader looks for new events on its own.
    async fn listen_live(&self) -> DbResult<Option<Box<dyn LiveListener>>>;

    /// Tells every server of the database about a presence change (`false`: there are no
    /// others, so the caller applies it itself).
    async fn announce_presence(&self, payload: &str) -> DbResult<bool>;
}
