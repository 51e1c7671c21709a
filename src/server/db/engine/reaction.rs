//! Reactions and withdrawn messages (`store::reaction`).

use super::SqlStore;
use crate::domain::{ChannelId, Millis};
use crate::server::db::store::reaction::ReactionStore;
use crate::server::db::DbResult;
use async_trait::async_trait;

/// The customer's conversation on the channel, by their platform id.
const THEIR_CONVERSATION: &str = "select c.id from conversations c
     join customer_identities ci on ci.workspace_id = c.workspace_id
          and ci.customer_id = c.customer_id and ci.channel_id = c.channel_id
     where ci.channel_id = $2 and ci.external_id = $3";

#[async_trait]
impl ReactionStore for SqlStore {
    async fn react(
        &self,
        channel: ChannelId,
        sender: &str,
        target: &str,
        emoji: Option<&str>,
    ) -> DbResult<bool> {
        let sql = format!(
            "update messages set reaction = $1
             where external_id = $4 and conversation_id in ({THEIR_CONVERSATION})"
        );
        let done = sqlx::query(&sql)
            .bind(emoji.map(|e| e.chars().take(16).collect::<String>()))
            .bind(channel)
            .bind(sender)
            .bind(target)
            .execute(&self.write)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn withdraw(
        &self,
        channel: ChannelId,
        sender: &str,
        target: &str,
        at: Millis,
    ) -> DbResult<bool> {
        let sql = format!(
            "update messages set withdrawn_at = coalesce(withdrawn_at, $1)
             where external_id = $4 and kind = 'inbound'
               and conversation_id in ({THEIR_CONVERSATION})"
        );
        let done = sqlx::query(&sql)
            .bind(at)
            .bind(channel)
            .bind(sender)
            .bind(target)
            .execute(&self.write)
            .await?;
        Ok(done.rows_affected() > 0)
    }
}
