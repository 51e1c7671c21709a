//! One conversation: its facts, status changes, thread, messages in and out.

use super::super::*;
use async_trait::async_trait;

/// One conversation: its facts, status changes, thread, messages in and out. Every method that touches tenant data takes the workspace and filters by it.
#[async_trait]
pub trait ConversationStore: Send + Sync {
    /// The conversation's state, version and permission facts for member `me`.
    /// `me` is the member whose collaboration is looked up (`None`: nobody's, e.g. for what a
    /// customer sends).
    async fn conversation(
        &self,
        workspace: WorkspaceId,
        id: ConversationId,
        me: Option<MemberId>,
    ) -> DbResult<Option<ConvRecord>>;

    /// Applies a status change if the conversation is still at its expected version, with its
    /// event-log row and notification, in one transaction; `false` if someone changed it first.
    async fn apply_change(&self, change: &StateChange) -> DbResult<bool>;

    /// Applies several status changes in order, in one transaction, each only if its
    /// conversation is still at the version it expects; all or nothing (`false`: none applied).
    /// A batch follows up and closes a pending conversation this way.
    async fn apply_changes(&self, changes: &[StateChange]) -> DbResult<bool>;

    /// The conversation's event log, oldest first.
    async fn events(
        &self,
        workspace: WorkspaceId,
        id: ConversationId,
    ) -> DbResult<Vec<EventRecord>>;

    /// Header and latest `limit` messages (with their event lines) of a conversation.
    async fn conversation_detail(
        &self,
        workspace: WorkspaceId,
        id: ConversationId,
        limit: i64,
    ) -> DbResult<Option<ConversationDetail>>;

    /// The `limit` messages before `before` (with their event lines), oldest first.
    async fn thread_page(
        &self,
        workspace: WorkspaceId,
        id: ConversationId,
        before: (Millis, MessageId),
        limit: i64,
    ) -> DbResult<ThreadPage>;

    /// Resolves an inbound message's `sender` on `channel` to its conversation, creating the
    /// customer (named `name`) and a pending conversation for `route` on first contact; `Blocked`,
    /// creating nothing, when the customer is blacklisted.
    #[allow(clippy::too_many_arguments)]
    async fn resolve_inbound(
        &self,
        workspace: WorkspaceId,
        channel: ChannelId,
        sender: &str,
        name: &str,
        route: Handler,
        now: Millis,
    ) -> DbResult<InboundTarget>;

    /// Stores a customer message with its effect on the conversation (see [`Incoming`]).
    async fn receive(&self, message: &Incoming) -> DbResult<Received>;

    /// Resolves a customer message's sender as [`Self::resolve_inbound`] does and stores it as
    /// [`Self::receive`] does, in one transaction: reads the conversation's state in it, asks
    /// `decide` what the message does to it, and writes only while the version is unchanged
    /// (else rolls back and does it all again). `Dropped`, storing nothing, when the
    /// sender is blacklisted; `Duplicate` for a platform message id already stored.
    async fn ingest(
        &self,
        message: &InboundMessage,
        decide: &DecideStep,
    ) -> DbResult<Result<Received, crate::domain::status::InvalidTransition>>;

    /// The messages of one webhook body, each as [`ingest`](Self::ingest) stores it, in order;
    /// with one writer (SQLite) in one transaction.
    async fn ingest_many(
        &self,
        messages: &[InboundMessage],
        decide: &DecideStep,
    ) -> DbResult<Vec<Result<Received, crate::domain::status::InvalidTransition>>>;

    /// Stores a member's reply (queued for delivery) or internal note; returns its id.
    async fn add_message(&self, message: &NewMessage) -> DbResult<MessageId>;

    /// Applies a follow-up and stores the reply that goes with it, in one transaction: both or
    /// neither. `None` (nothing written) when the conversation moved before the follow-up; the
    /// reply's own conditions fail as `add_message`'s do (and undo the follow-up).
    async fn follow_up_and_reply(
        &self,
        change: &StateChange,
        message: &NewMessage,
    ) -> DbResult<Option<MessageId>>;

    /// Marks all customer messages of the conversation read for `me`.
    async fn mark_read(
        &self,
        workspace: WorkspaceId,
        id: ConversationId,
        me: MemberId,
        now: Millis,
    ) -> DbResult<()>;

    async fn member(&self, workspace: WorkspaceId, id: MemberId) -> DbResult<Option<MemberRecord>>;
}
