//! What customers do to messages already stored: react to one, or withdraw their own.

use super::super::*;
use async_trait::async_trait;

#[async_trait]
pub trait ReactionStore: Send + Sync {
    /// The customer `sender` on `channel` reacted to the message with platform id `target`
    /// in their conversation (`emoji: None`: took the reaction back). `false` when no such
    /// message is stored.
    async fn react(
        &self,
        channel: ChannelId,
        sender: &str,
        target: &str,
        emoji: Option<&str>,
    ) -> DbResult<bool>;

    /// The customer withdrew their message `target` (unsend / delete) at `at`.
    async fn withdraw(
        &self,
        channel: ChannelId,
        sender: &str,
        target: &str,
        at: Millis,
    ) -> DbResult<bool>;
}
