//! Auto-close (`store::auto_close`): the channel's rule and the sweep's reads and writes.

use super::audit::{record, Object};
use super::SqlStore;
use crate::domain::snooze::AutoClose;
use crate::domain::team::audit::{diff, Action, ObjectKind};
use crate::domain::{ChannelId, Millis, WorkspaceId};
use crate::server::db::store::auto_close::{AutoCloseStore, QuietConversation};
use crate::server::db::{AuditBy, BotMessage, DbResult, StateChange};
use async_trait::async_trait;
use sqlx::Row;

fn hours_text(rule: Option<&AutoClose>) -> Option<String> {
    rule.map(|r| r.hours.to_string())
}

#[async_trait]
impl AutoCloseStore for SqlStore {
    async fn set_auto_close(
        &self,
        ws: WorkspaceId,
        channel: ChannelId,
        rule: Option<&AutoClose>,
        by: &AuditBy,
    ) -> DbResult<bool> {
        let mut tx = self.write.begin().await?;
        let before = sqlx::query(
            "select name, auto_close_hours, auto_close_message from channels
             where workspace_id = $1 and id = $2",
        )
        .bind(ws)
        .bind(channel)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(before) = before else {
            return Ok(false);
        };
        let name: String = before.try_get("name")?;
        let was = before
            .try_get::<Option<i64>, _>("auto_close_hours")?
            .map(|hours| -> DbResult<AutoClose> {
                Ok(AutoClose {
                    hours,
                    message: before.try_get("auto_close_message")?,
                })
            })
            .transpose()?;
        sqlx::query(
            "update channels set auto_close_hours = $3, auto_close_message = $4
             where workspace_id = $1 and id = $2",
        )
        .bind(ws)
        .bind(channel)
        .bind(rule.map(|r| r.hours))
        .bind(rule.and_then(|r| r.message.clone()))
        .execute(&mut *tx)
        .await?;
        let changes = diff(&[
            (
                "auto_close_hours",
                hours_text(was.as_ref()),
                hours_text(rule),
            ),
            (
                "auto_close_message",
                was.and_then(|r| r.message),
                rule.and_then(|r| r.message.clone()),
            ),
        ]);
        if !changes.is_empty() {
            record(
                &mut tx,
                ws,
                by,
                Object::new(ObjectKind::Channel, Some(channel.get()), &name),
                Action::Changed,
                &changes,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    async fn quiet_conversations(
        &self,
        ws: WorkspaceId,
        channel: ChannelId,
        quiet_since: Millis,
        limit: i64,
    ) -> DbResult<Vec<QuietConversation>> {
        // An index range of (workspace, channel, status, last_message_at); the customer's last
        // message is looked up only for the few returned.
        let rows = sqlx::query(
            "select c.id, c.version, c.owner_id, c.last_message_at,
                    (select max(m.created_at) from messages m
                     where m.conversation_id = c.id and m.kind = 'inbound') as last_inbound_at,
                    ci.unsubscribed_at
             from conversations c
             left join customer_identities ci on ci.workspace_id = c.workspace_id
                  and ci.customer_id = c.customer_id and ci.channel_id = c.channel_id
             where c.workspace_id = $1 and c.channel_id = $2 and c.status = 'in_progress'
               and c.last_message_at <= $3 and c.waiting_since is null
             order by c.last_message_at, c.id
             limit $4",
        )
        .bind(ws)
        .bind(channel)
        .bind(quiet_since)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(QuietConversation {
                    id: r.try_get("id")?,
                    version: r.try_get("version")?,
                    owner: r.try_get("owner_id")?,
                    last_message_at: r.try_get("last_message_at")?,
                    last_inbound_at: r.try_get("last_inbound_at")?,
                    unsubscribed: r.try_get::<Option<Millis>, _>("unsubscribed_at")?.is_some(),
                })
            })
            .collect()
    }

    async fn auto_close(
        &self,
        change: &StateChange,
        closing: Option<&BotMessage>,
    ) -> DbResult<bool> {
        let mut tx = self.write.begin().await?;
        // The conversation as it was read: unchanged, and still quiet (the customer did not
        // write meanwhile); the row stays locked for the close.
        let still: Option<i64> = sqlx::query_scalar(
            "update conversations set version = version
             where workspace_id = $1 and id = $2 and version = $3 and waiting_since is null
             returning id",
        )
        .bind(change.workspace_id)
        .bind(change.conversation_id)
        .bind(change.expected_version)
        .fetch_optional(&mut *tx)
        .await?;
        if still.is_none() {
            return Ok(false);
        }
        if let Some(m) = closing {
            super::bot::send(
                &mut tx,
                change.workspace_id,
                change.conversation_id,
                std::slice::from_ref(m),
                change.now,
            )
            .await?;
        }
        if !super::conversation::apply_in(&mut tx, change).await? {
            return Ok(false);
        }
        tx.commit().await?;
        Ok(true)
    }
}
