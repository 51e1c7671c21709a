//! Replies on their way to a platform (`store::outbound`).

use super::{parse, Db, SqlStore};
use crate::domain::{ChannelId, ChannelKind, ConversationId, MessageId, Millis, WorkspaceId};
use crate::server::db::store::outbound::{
    OutboundFile, OutboundJob, OutboundStore, Reach, SendResult,
};
use crate::server::db::DbResult;
use async_trait::async_trait;
use sqlx::Row;

/// The longest error text kept on a message or queue row.
const MAX_ERROR: usize = 500;

fn clip(s: &str) -> String {
    s.chars().take(MAX_ERROR).collect()
}

fn job(r: &<Db as sqlx::Database>::Row) -> DbResult<OutboundJob> {
    let state: String = r.try_get("state")?;
    let token: Option<String> = r.try_get("reply_token")?;
    let token_at: Option<Millis> = r.try_get("reply_token_at")?;
    let file_kind: Option<String> = r.try_get("file_kind")?;
    let file_token: Option<String> = r.try_get("file_token")?;
    let file = match (file_kind, file_token) {
        (Some(kind), Some(token)) => Some(OutboundFile {
            kind: parse("attachments.kind", &kind, crate::domain::MediaKind::parse)?,
            token,
            file_name: r.try_get("file_name")?,
        }),
        _ => None,
    };
    Ok(OutboundJob {
        message_id: r.try_get("message_id")?,
        workspace_id: r.try_get("workspace_id")?,
        channel_id: r.try_get("channel_id")?,
        conversation_id: r.try_get("conversation_id")?,
        pending: state == "pending",
        attempts: r.try_get("attempts")?,
        retry_key: r.try_get("retry_key")?,
        body: r.try_get("body")?,
        file,
        image_url: r.try_get("image_url")?,
        buttons: match r.try_get::<Option<String>, _>("buttons")? {
            Some(b) => serde_json::from_str(&b).map_err(|e| {
                crate::server::db::DbError::Corrupt(format!("messages.buttons: {e}"))
            })?,
            None => Vec::new(),
        },
        recipient: r.try_get("recipient")?,
        reply_token: token.zip(token_at),
        created_at: r.try_get("created_at")?,
    })
}

#[async_trait]
impl OutboundStore for SqlStore {
    async fn reach(&self, workspace: WorkspaceId, id: ConversationId) -> DbResult<Option<Reach>> {
        let row = sqlx::query(
            "select ch.kind, ci.unsubscribed_at,
                    (select max(m.created_at) from messages m
                     where m.conversation_id = c.id and m.kind = 'inbound') as last_inbound
             from conversations c
             join channels ch on ch.workspace_id = c.workspace_id and ch.id = c.channel_id
             left join customer_identities ci on ci.workspace_id = c.workspace_id
                  and ci.customer_id = c.customer_id and ci.channel_id = c.channel_id
             where c.workspace_id = $1 and c.id = $2",
        )
        .bind(workspace)
        .bind(id)
        .fetch_optional(&self.read)
        .await?;
        let Some(r) = row else { return Ok(None) };
        let kind: String = r.try_get("kind")?;
        let unsubscribed: Option<Millis> = r.try_get("unsubscribed_at")?;
        Ok(Some(Reach {
            kind: parse("channels.kind", &kind, ChannelKind::parse)?,
            last_inbound: r.try_get("last_inbound")?,
            unsubscribed: unsubscribed.is_some(),
        }))
    }

    async fn claim_outbound(
        &self,
        claim: &str,
        limit: i64,
        now: Millis,
        lease: Millis,
    ) -> DbResult<Vec<OutboundJob>> {
        let claimed =
            super::super::dialect::claim_outbound(&self.write, claim, limit, now, lease).await?;
        if claimed == 0 {
            return Ok(Vec::new());
        }
        let rows = sqlx::query(
            "select q.message_id, q.workspace_id, q.channel_id, q.state, q.attempts, q.retry_key,
                    m.body, m.conversation_id, m.created_at, ci.external_id as recipient,
                    c.reply_token, c.reply_token_at,
                    a.kind as file_kind, a.public_token as file_token, a.file_name,
                    m.buttons, u.media_ref as image_url
             from outbound_queue q
             join messages m on m.workspace_id = q.workspace_id and m.id = q.message_id
             join conversations c on c.workspace_id = m.workspace_id and c.id = m.conversation_id
             left join attachments a on a.workspace_id = m.workspace_id and a.message_id = m.id
                  and a.public_token is not null
             left join attachments u on u.workspace_id = m.workspace_id and u.message_id = m.id
                  and m.by_bot and u.source = 'url'
             left join customer_identities ci on ci.workspace_id = c.workspace_id
                  and ci.customer_id = c.customer_id and ci.channel_id = c.channel_id
             where q.claim = $1
             order by q.next_at, q.message_id",
        )
        .bind(claim)
        .fetch_all(&self.write)
        .await?;
        rows.iter().map(job).collect()
    }

    async fn take_reply_token(
        &self,
        workspace: WorkspaceId,
        id: ConversationId,
        token: &str,
    ) -> DbResult<bool> {
        let done = sqlx::query(
            "update conversations set reply_token = null, reply_token_at = null
             where workspace_id = $1 and id = $2 and reply_token = $3",
        )
        .bind(workspace)
        .bind(id)
        .bind(token)
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn finish_outbound(
        &self,
        job: &OutboundJob,
        claim: &str,
        result: &SendResult,
        now: Millis,
    ) -> DbResult<bool> {
        let mut tx = self.write.begin().await?;
        let (state, next_at, error) = match result {
            SendResult::Sent { .. } => ("done", now, None),
            SendResult::Retry { at, error } => ("pending", *at, Some(clip(error))),
            SendResult::Unknown { until, error } => ("unknown", *until, Some(clip(error))),
            SendResult::Failed { error } => ("failed", now, Some(clip(error))),
        };
        let owned = sqlx::query(
            "update outbound_queue set state = $1, next_at = $2, last_error = $3, claim = null,
                 lease_until = 0, updated_at = $4
             where message_id = $5 and workspace_id = $6 and claim = $7
               and state in ('pending', 'unknown')",
        )
        .bind(state)
        .bind(next_at)
        .bind(&error)
        .bind(now)
        .bind(job.message_id)
        .bind(job.workspace_id)
        .bind(claim)
        .execute(&mut *tx)
        .await?;
        if owned.rows_affected() == 0 {
            // Another worker holds it now, or an echo confirmed it meanwhile.
            return Ok(false);
        }
        match result {
            SendResult::Sent { external_id } => {
                if let Some(ext) = external_id {
                    // An echo without our tag stored as a send from the platform before this
                    // answer came: it is this message, kept once.
                    sqlx::query(
                        "delete from messages where workspace_id = $1 and conversation_id = $2
                           and external_id = $3 and id <> $4 and kind = 'outbound'
                           and author_id is null and not by_bot",
                    )
                    .bind(job.workspace_id)
                    .bind(job.conversation_id)
                    .bind(ext)
                    .bind(job.message_id)
                    .execute(&mut *tx)
                    .await?;
                }
                sqlx::query(
                    "update messages set external_id = coalesce(external_id, $1),
                         delivery = case when delivery = 'queued' then 'sent' else delivery end
                     where workspace_id = $2 and id = $3",
                )
                .bind(external_id)
                .bind(job.workspace_id)
                .bind(job.message_id)
                .execute(&mut *tx)
                .await?;
            }
            SendResult::Failed { error } => {
                sqlx::query(
                    "update messages set delivery = 'failed', delivery_error = $1
                     where workspace_id = $2 and id = $3 and delivery = 'queued'",
                )
                .bind(clip(error))
                .bind(job.workspace_id)
                .bind(job.message_id)
                .execute(&mut *tx)
                .await?;
            }
            SendResult::Retry { .. } | SendResult::Unknown { .. } => {}
        }
        tx.commit().await?;
        Ok(true)
    }

    async fn confirm_own_send(
        &self,
        workspace: WorkspaceId,
        channel: ChannelId,
        message: MessageId,
        external_id: &str,
        now: Millis,
    ) -> DbResult<bool> {
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(
            "update messages set external_id = coalesce(external_id, $1),
                 delivery = case when delivery in ('queued', 'failed') then 'sent' else delivery end,
                 delivery_error = case when delivery = 'failed' then null else delivery_error end
             where workspace_id = $2 and id = $3 and kind = 'outbound'
               and conversation_id in (select id from conversations
                                       where workspace_id = $2 and channel_id = $4)",
        )
        .bind(external_id)
        .bind(workspace)
        .bind(message)
        .bind(channel)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        sqlx::query(
            "update outbound_queue set state = 'done', claim = null, lease_until = 0,
                 last_error = null, updated_at = $1
             where workspace_id = $2 and message_id = $3",
        )
        .bind(now)
        .bind(workspace)
        .bind(message)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn retry_outbound(
        &self,
        workspace: WorkspaceId,
        conversation: ConversationId,
        message: MessageId,
        retry_key: &str,
        now: Millis,
    ) -> DbResult<bool> {
        let mut tx = self.write.begin().await?;
        let channel: Option<ChannelId> = sqlx::query_scalar(
            "update messages set delivery = 'queued', delivery_error = null
             where workspace_id = $1 and conversation_id = $2 and id = $3
               and kind = 'outbound' and delivery = 'failed'
             returning (select channel_id from conversations
                        where workspace_id = $1 and id = $2)",
        )
        .bind(workspace)
        .bind(conversation)
        .bind(message)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(channel) = channel else {
            return Ok(false);
        };
        // The retry key stays the message's own (a LINE push accepted before is not sent
        // twice); a message queued before the queue existed gets one now.
        sqlx::query(
            "insert into outbound_queue
                 (message_id, workspace_id, channel_id, state, attempts, next_at, retry_key, updated_at)
             values ($1, $2, $3, 'pending', 0, $4, $5, $4)
             on conflict (message_id) do update set state = 'pending', attempts = 0,
                 next_at = $4, last_error = null, claim = null, lease_until = 0, updated_at = $4",
        )
        .bind(message)
        .bind(workspace)
        .bind(channel)
        .bind(now)
        .bind(retry_key)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn record_platform_send(
        &self,
        workspace: WorkspaceId,
        channel: ChannelId,
        recipient: &str,
        external_id: &str,
        body: &str,
        at: Millis,
    ) -> DbResult<bool> {
        let mut tx = self.write.begin().await?;
        let conversation: Option<ConversationId> = sqlx::query_scalar(
            "select c.id from customer_identities ci
             join conversations c on c.workspace_id = ci.workspace_id
                  and c.customer_id = ci.customer_id and c.channel_id = ci.channel_id
             where ci.workspace_id = $1 and ci.channel_id = $2 and ci.external_id = $3",
        )
        .bind(workspace)
        .bind(channel)
        .bind(recipient)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(conversation) = conversation else {
            return Ok(false);
        };
        let inserted = sqlx::query(
            "insert into messages
                 (workspace_id, conversation_id, kind, body, external_id, delivery, created_at)
             values ($1, $2, 'outbound', $3, $4, 'sent', $5)
             on conflict (conversation_id, external_id) do nothing",
        )
        .bind(workspace)
        .bind(conversation)
        .bind(body)
        .bind(external_id)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() == 0 {
            return Ok(false);
        }
        super::search::written(&mut tx, workspace, conversation, body).await?;
        sqlx::query(
            "update conversations set last_message_at = $3, last_message_preview = $4,
                 last_message_kind = 'outbound', waiting_since = null
             where workspace_id = $1 and id = $2 and last_message_at <= $3",
        )
        .bind(workspace)
        .bind(conversation)
        .bind(at)
        .bind(crate::domain::preview(body))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn set_unsubscribed(
        &self,
        channel: ChannelId,
        sender: &str,
        at: Option<Millis>,
    ) -> DbResult<bool> {
        let done = sqlx::query(
            "update customer_identities set unsubscribed_at = $1
             where channel_id = $2 and external_id = $3",
        )
        .bind(at)
        .bind(channel)
        .bind(sender)
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn follow(
        &self,
        workspace: WorkspaceId,
        channel: ChannelId,
        sender: &str,
        name: &str,
        now: Millis,
    ) -> DbResult<bool> {
        let mut tx = self.write.begin().await?;
        let known = sqlx::query(
            "update customer_identities set unsubscribed_at = null
             where workspace_id = $1 and channel_id = $2 and external_id = $3",
        )
        .bind(workspace)
        .bind(channel)
        .bind(sender)
        .execute(&mut *tx)
        .await?;
        if known.rows_affected() > 0 {
            tx.commit().await?;
            return Ok(false);
        }
        let customer: Option<crate::domain::CustomerId> = sqlx::query_scalar(
            "insert into customers (workspace_id, name, branch_id, created_at, updated_at)
             select workspace_id, $3, branch_id, $4, $4 from channels
             where workspace_id = $1 and id = $2
             returning id",
        )
        .bind(workspace)
        .bind(channel)
        .bind(name)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(customer) = customer else {
            return Ok(false);
        };
        if !super::inbound::link_identity(&mut tx, workspace, customer, channel, sender, name, now)
            .await?
        {
            // A concurrent event made them first (the transaction rolls back).
            return Ok(false);
        }
        tx.commit().await?;
        Ok(true)
    }

    async fn set_channel_error(&self, channel: ChannelId, error: &str, at: Millis) -> DbResult<()> {
        sqlx::query("update channels set last_error = $1, last_error_at = $2 where id = $3")
            .bind(clip(error))
            .bind(at)
            .bind(channel)
            .execute(&self.write)
            .await?;
        Ok(())
    }
}
