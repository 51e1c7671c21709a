//! Auto-close (issue 16): each channel's rule, and the conversations it closes, each closed
//! (after its closing message, if any) in one transaction while its version is unchanged.

use super::super::*;
use crate::domain::snooze::AutoClose;
use async_trait::async_trait;

/// An in-progress conversation of a channel whose customer is not waiting and in which nothing
/// has been written since before the rule's cutoff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuietConversation {
    pub id: crate::domain::ConversationId,
    pub version: i64,
    pub owner: MemberId,
    pub last_message_at: Millis,
    /// When the customer last wrote (for the platform's window of the closing message).
    pub last_inbound_at: Option<Millis>,
    /// The customer blocked the account: nothing reaches them.
    pub unsubscribed: bool,
}

#[async_trait]
pub trait AutoCloseStore: Send + Sync {
    /// Sets (none: switches off) a channel's auto-close, with its audit line; false when the
    /// channel is not the workspace's.
    async fn set_auto_close(
        &self,
        workspace: WorkspaceId,
        channel: ChannelId,
        rule: Option<&AutoClose>,
        by: &AuditBy,
    ) -> DbResult<bool>;

    /// At most `limit` in-progress conversations of the channel, oldest first, whose customer
    /// is not waiting and whose last message is at or before `quiet_since`.
    async fn quiet_conversations(
        &self,
        workspace: WorkspaceId,
        channel: ChannelId,
        quiet_since: Millis,
        limit: i64,
    ) -> DbResult<Vec<QuietConversation>>;

    /// Closes one (`change`: the auto-close, at the version read) and, first, queues the closing
    /// message (`closing`, sent as the workspace's own like the bot's) in one transaction;
    /// false, with nothing written, when the conversation changed meanwhile or the customer
    /// wrote.
    async fn auto_close(
        &self,
        change: &StateChange,
        closing: Option<&BotMessage>,
    ) -> DbResult<bool>;
}
